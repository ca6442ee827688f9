"""Pipeline memory: every import of offers records what changed since the stored offers.

An import brings an export made on one day (`--exported-on D`, the Import page's date; default
today). `record_offer_changes` compares each staged offer with the stored one and writes one
`offer_history` row per changed field (value, expected_close_date, probability, status, stage)
dated D (queries/offer_changes.sql), inside the import's own transaction and before the offers
are replaced, so a refused or failed import records nothing. An export older than the newest one
already loaded is refused before anything is written: its changes would be dated before changes
already recorded.

What a field was on a day is read back by the queries (queries/pipeline_change_offers.sql):
the newest change on or before that day, else the oldest change's old value, else the offer's
value today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import duckdb
import pandas as pd

from salescoach.contract import TABLES
from salescoach.importer import DataImportError, ImportProblem
from salescoach.messages import Message
from salescoach.queries import execute

EXPORT_DAY = Message("import.export_day")
"""What a refusal names as its "file": the day given with --exported-on / on the Import page."""


def _empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in TABLES[table].column_names})


def check_export_day(exported_on: dt.date, last: dt.date | None) -> None:
    """Refuse an export day before the newest export already loaded (`last`)."""
    if last is not None and exported_on < last:
        message = Message("problem.export_day_older", day=f"{exported_on:%Y-%m-%d}", last=f"{last:%Y-%m-%d}")
        raise DataImportError([ImportProblem(EXPORT_DAY, None, None, message)])


def record_offer_changes(
    cursor: duckdb.DuckDBPyConnection, frames: Mapping[str, pd.DataFrame], exported_on: dt.date | None
) -> int:
    """Record the changes the import's offers bring (frames["offers"], typed by the importer) as
    `offer_history` rows dated `exported_on` (None: today), in the caller's transaction; returns
    how many were written. An import without offers records nothing and is not checked.

    Raises DataImportError, before writing anything, when `exported_on` is older than the newest
    export already loaded (meta `last_exported_on`). (The CLI and the Import page also refuse a
    day after today: a mistyped year would block every later import.)"""
    offers = frames.get("offers")
    if offers is None:
        return 0
    day = exported_on or dt.date.today()
    last = execute(cursor, "last_exported_on").fetchall()[0][0]
    check_export_day(day, last)
    history = frames.get("offer_history")
    cursor.register("staged_offers", offers)
    cursor.register("staged_history", history if history is not None else _empty("offer_history"))
    try:
        changes = execute(cursor, "offer_changes", {"exported_on": day, "since": last}).df()
    finally:
        cursor.unregister("staged_offers")
        cursor.unregister("staged_history")
    cursor.register("recorded_changes", changes)
    try:
        execute(cursor, "offer_changes_delete")
        execute(cursor, "offer_changes_insert")
    finally:
        cursor.unregister("recorded_changes")
    if last is None or day > last:
        execute(cursor, "last_exported_on_set", {"exported_on": day})
    return int(changes["keep"].sum())


# -- reading: the pipeline's changes between two days -----------------------------------------

PIPELINE_CHANGE_COLUMNS = (
    "start_pipeline",
    "new_offers",
    "new_value",
    "increased_value",
    "decreased_value",
    "won_offers",
    "won_value",
    "lost_offers",
    "lost_value",
    "end_pipeline",
    "pushed_offers",
    "pushed_value",
    "pulled_in_offers",
    "pulled_in_value",
    "slipped_out_offers",
    "slipped_out_value",
)
"""The columns of `python -m salescoach pipeline-changes` (after seller_id, seller, team), as issue
#15 names them; queries/pipeline_changes_by_grain.sql also has start_offers, increased_offers,
decreased_offers and end_offers."""
GRAINS = ("seller", "team", "all")


def change_days(date_from, date_to) -> list[dt.date]:
    """[D1, D2] for the queries' $as_of_days; a clear error unless D1 is before D2."""
    from salescoach.store import to_date

    first, last = to_date(date_from, "date_from"), to_date(date_to, "date_to")
    if first is None or last is None:
        raise ValueError("give both days: from and to")
    if first >= last:
        raise ValueError(f"the first day {first} must be before the last day {last}")
    return [first, last]


def pipeline_changes(coach, date_from, date_to, teams=None, grain=("seller", "team", "all")) -> pd.DataFrame:
    """The pipeline's changes between `date_from` (D1) and `date_to` (D2), D1 < D2, per seller,
    team and for all teams of `teams` (None: every team) as `grain` asks
    (queries/pipeline_changes_by_grain.sql): one row per seller, team and all teams with
    start_pipeline + new_value + increased_value − decreased_value − won_value − lost_value =
    end_pipeline, and the pushed, pulled-in and slipped-out offers."""
    grains = (grain,) if isinstance(grain, str) else tuple(grain)
    if not grains or any(g not in GRAINS for g in grains):
        raise ValueError(f"grain must be one or more of {', '.join(GRAINS)}, not {grains!r}")
    return coach.query(
        "pipeline_changes_by_grain",
        as_of_days=change_days(date_from, date_to),
        teams=None if teams is None else [str(team) for team in teams],
        grains=list(grains),
    )
