"""The one database of the app and its cached reads.

`get_coach()` opens the server's `SalesCoach` once (`st.cache_resource`); `cached_query` and
`cached_scorecards` cache results on the query, its bound parameters and the database's data
version, which every import and saved note bumps, so the next run reads fresh rows.
What the viewer may see is passed in (`sellers(viewer)`, `teams(viewer)`): nothing here
looks up who is looking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import duckdb
import pandas as pd
import streamlit as st

import salescoach
from salescoach import queries
from salescoach.access import Viewer
from salescoach.db import default_db_path
from salescoach.i18n import t


@st.cache_resource(show_spinner="Opening the database…")
def _open_coach(path: str) -> salescoach.SalesCoach:
    return salescoach.connect(None if path == str(default_db_path()) else path)


def get_coach() -> salescoach.SalesCoach:
    """The one `SalesCoach` of this server process (default database; demo data on first start).

    Cached with `st.cache_resource`; every query runs on its own cursor, so script
    threads can share it.
    """
    path = str(default_db_path())
    try:
        return _open_coach(path)
    except duckdb.IOException as problem:
        if "lock" not in str(problem).lower():
            raise
        st.error(
            t("db.locked", path=path),
            icon=":material/lock:",
        )
        st.stop()


def data_version() -> int:
    """The database's data version: bumped by every import and every saved note.

    Read from the database once and remembered until the next write of this process
    (`SalesCoach.known_data_version`), so the cache key costs no query per call.
    """
    return get_coach().known_data_version()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(db: str, version: int, name: str, items: tuple) -> pd.DataFrame:
    return get_coach().query(name, **dict(items))


def cached_query(name: str, **params) -> pd.DataFrame:
    """`coach.query(name, **params)`, cached on the query name, parameters and data version.

    An import or a saved note bumps the data version, so the next run reads fresh rows.
    Pass the shared filter dict (`**filters.params()`); each query binds only the names it uses,
    and the cache is keyed on those alone, so calls that differ only in parameters the query
    does not read share one run (the seller page and its coaching section ask for the same
    lost offers with different filter dicts).
    """
    coach = get_coach()
    bound = queries.bind(name, params)
    return _cached_query(str(coach.path), coach.known_data_version(), name, tuple(sorted(bound.items())))


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_scorecards(
    db: str, version: int, periods: tuple, teams: tuple | None, grain: tuple | None, active_only: bool
) -> pd.DataFrame:
    return get_coach().scorecards(periods, teams=teams, grain=grain, active_only=active_only)


def cached_scorecards(
    periods: Sequence[tuple],
    teams: Iterable[str] | None = None,
    grain: Sequence[str] | None = None,
    active_only: bool = False,
) -> pd.DataFrame:
    """The scorecard of several periods in one query (`SalesCoach.scorecards`), cached like
    `cached_query`: one row per seller of `teams` (None: every team) and period, `period`
    counting from 1; with `grain` (e.g. ("seller", "all")) also the team and all-teams rows the
    SQL sums, and `active_only` leaves sellers who left out of the rows and the sums."""
    coach = get_coach()
    key = tuple(tuple(period) for period in periods)
    return _cached_scorecards(
        str(coach.path),
        coach.known_data_version(),
        key,
        None if teams is None else tuple(teams),
        None if grain is None else tuple(grain),
        active_only,
    )


def cached_scorecard(date_from, date_to, as_of=None, teams: Iterable[str] | None = None) -> pd.DataFrame:
    """The seller scorecard (one row per seller of `teams`) for one period, cached like `cached_query`."""
    return cached_scorecards([(date_from, date_to, as_of)], teams).drop(columns="period")


class CachedReads:
    """The app's `SalesCoach` for reading only: `query` goes through `cached_query`.

    Give it to the read functions of `salescoach.coaching` (`seller_notes`, `search_notes`,
    `lost_offers_of_seller`, ...) so their queries are cached on the data version like every
    other page query; a saved note or review bumps the version, so it shows on the next run.
    Writes (`save_note`, ...) take the `SalesCoach` itself (`get_coach()`).
    """

    def __init__(self, coach: salescoach.SalesCoach):
        self.coach = coach
        self.path = coach.path

    def query(self, name: str, **params) -> pd.DataFrame:
        return cached_query(name, **params)


def is_app_database(coach) -> bool:
    """True when `coach` (a `SalesCoach` or `CachedReads`) reads the app's database, the one
    `get_coach()` opens; checked by path, without opening anything."""
    if isinstance(coach, CachedReads):
        return False  # already cached
    path = getattr(coach, "path", None)
    return path is not None and Path(path).resolve() == Path(default_db_path()).resolve()


def cached_reads() -> CachedReads:
    """The app's database for the read functions of `salescoach.coaching`, cached (see `CachedReads`)."""
    return CachedReads(get_coach())


def reads_of(coach):
    """`coach` for the read functions of `salescoach.coaching`: cached on the data version
    (`cached_reads`) when it is the app's database, else as given."""
    return cached_reads() if is_app_database(coach) else coach


def all_sellers() -> pd.DataFrame:
    """Every seller in the data, whoever is looking (only for access checks)."""
    return cached_query("seller_list")


def sellers(viewer: Viewer) -> pd.DataFrame:
    """The sellers `viewer` may see: `seller_id, seller, team, active`, ordered by team and name.

    A director sees the sellers of the teams they manage; everything that lists sellers
    or teams (pickers, names, `teams()`) goes through here.
    """
    frame = all_sellers()
    if not viewer.sees_every_team:
        frame = frame[frame["team"].isin(viewer.teams)].reset_index(drop=True)
    return frame


def teams(viewer: Viewer) -> list[str]:
    """The team names in the data that `viewer` may see, sorted."""
    return sorted(sellers(viewer)["team"].dropna().unique().tolist())


@st.cache_resource(show_spinner=False, max_entries=64)
def _seller_names(db: str, version: int, teams: tuple[str, ...] | None) -> Mapping[str, str]:
    frame = all_sellers()
    if teams is not None:
        frame = frame[frame["team"].isin(teams)]
    return MappingProxyType(dict(zip(frame["seller_id"], frame["seller"].astype(str), strict=True)))


def seller_names(viewer: Viewer) -> Mapping[str, str]:
    """Seller id → name of every seller `viewer` may see: built once per data version and set
    of teams, and shared read-only (a lookup per id, not a scan of the seller list per id)."""
    coach = get_coach()
    teams = None if viewer.sees_every_team else tuple(sorted(viewer.teams or ()))
    return _seller_names(str(coach.path), coach.known_data_version(), teams)


def seller_name(viewer: Viewer, seller_id: str | None) -> str | None:
    """The seller's name, or None when the id is not in the data (or not the viewer's to see)."""
    if seller_id is None:
        return None
    return seller_names(viewer).get(seller_id)


def latest_data_date() -> dt.date | None:
    """The last day with recorded work in the database (None for an empty database)."""
    value = cached_query("latest_data_date")["latest_data_date"].iloc[0]
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()
