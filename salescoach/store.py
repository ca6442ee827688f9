"""The query layer a page, the CLI and a Jupyter user share, over the two stores.

    >>> import salescoach
    >>> coach = salescoach.connect()          # the demo database, made on first use
    >>> coach.scorecard("2026-01-01", "2026-03-31")

Two stores with their own jobs:

- **analytics** (salescoach/db.py): the imported tables and their rollups, one DuckDB file
  written only by imports, which publish a new version of it; read read-only.
- **coaching** (salescoach/coaching_store.py): notes, actions and post-mortems written in the
  app, and the coaching rows of imports; an embedded SQLite file, or PostgreSQL.

Every read runs a `queries/*.sql` file through `fetch_df` on a cursor of the analytics version
read now; a query that reads coaching rows (`{{ coaching('...') }}`) gets them from the coaching
store, registered on that cursor. One `SalesCoach` serves many Streamlit script threads.

An import (`load`, `load_frames`) writes the next analytics version beside the published one,
running `WRITE_STEPS` in its one transaction, then, with its coaching rows in one coaching
transaction, publishes it and commits that transaction (`_publish`): all or nothing across
both stores, while any number of readers keep reading.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from salescoach import coaching_store, db, faults
from salescoach.contract import TABLE_ORDER, TABLES
from salescoach.db import AnalyticsFile, default_db_path, refresh_rollups
from salescoach.history import record_offer_changes
from salescoach.queries import FORM_INLINE, FORM_TABLES, coaching_relation, coaching_sources, fetch_df

DateLike = str | dt.date | dt.datetime | pd.Timestamp
# The contract tables stored in the coaching store, and the coaching-store query that stores a row of each.
COACHING_TABLES: dict[str, str] = {"coaching_notes": "note_import", "coaching_actions": "action_import"}
ANALYTICS_TABLES = tuple(table for table in TABLE_ORDER if table not in COACHING_TABLES)
_KEY_QUERIES = {("coaching_notes", "note_id"): "note_keys", ("coaching_actions", "action_id"): "action_keys"}


def to_date(value: DateLike | None, name: str = "date") -> dt.date | None:
    """A date from an ISO string, date or timestamp; a clear error otherwise."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)") from None


@dataclass(frozen=True)
class LoadSummary:
    """What one import changed: rows per table (new or replaced by key)."""

    rows: dict[str, int]
    data_version: int

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """ "imported 3 sellers, 12 offers (data version 4)" in `lang` (tables by their contract name)."""
        from salescoach.messages import Message

        parts = ", ".join(f"{n} {t}" for t, n in self.rows.items())
        tables = parts or Message("import.summary.nothing")
        return Message("import.summary", tables=tables, version=self.data_version).text(lang)


# -- the write of one import ----------------------------------------------------------------------


@dataclass
class WriteBatch:
    """What one publish writes. `frames`: validated contract tables; `coaching`: rows for the
    coaching store, by coaching-store query (`note_import`, ...); `options`: what the caller
    passed besides (`exported_on`), for steps that need it."""

    frames: dict[str, pd.DataFrame]
    source: str | None = None
    options: dict = field(default_factory=dict)
    coaching: dict[str, pd.DataFrame] = field(default_factory=dict)
    data_version: int | None = None
    clear_coaching: bool = False  # a new demo database: the embedded coaching store starts empty too


# A step runs inside the new analytics version's one write transaction: `step(cursor, batch)`.
WriteStep = Callable[[duckdb.DuckDBPyConnection, WriteBatch], None]


def record_history(cursor: duckdb.DuckDBPyConnection, batch: WriteBatch) -> None:
    """The changes the import's offers bring, recorded before the rows change (salescoach/history.py)."""
    record_offer_changes(cursor, batch.frames, batch.options.get("exported_on"))


def store_tables(cursor: duckdb.DuckDBPyConnection, batch: WriteBatch) -> None:
    """The analytics tables replace stored rows by key; the coaching tables go to the coaching store."""
    for table in TABLE_ORDER:
        frame = batch.frames.get(table)
        if frame is None:
            continue
        if table in COACHING_TABLES:
            batch.coaching[COACHING_TABLES[table]] = frame
        else:
            _replace_rows(cursor, table, frame)
        if table == "sellers":
            _route_cadences(batch, frame)


def _route_cadences(batch: WriteBatch, sellers: pd.DataFrame) -> None:
    """The imported sellers' 1:1 cadences go to the coaching store (where the seller page sets
    them too), in the same all-or-nothing publish: a value sets it, a blank puts the seller back
    on the default; a file without the column leaves every cadence as it was."""
    from salescoach.importer import COLUMNS_GIVEN

    given = sellers.attrs.get(COLUMNS_GIVEN)
    if given is not None and "coaching_cadence_days" not in given:
        return
    days = sellers["coaching_cadence_days"]
    blank = days.isna()
    batch.coaching["cadence_clear"] = sellers.loc[blank, ["seller_id"]]
    kept = sellers.loc[~blank, ["seller_id"]].assign(
        cadence_days=days[~blank].astype("int64"), now=dt.datetime.now()
    )
    batch.coaching["cadence_set"] = kept


def bump_data_version(cursor: duckdb.DuckDBPyConnection, batch: WriteBatch) -> None:
    batch.data_version = _bump_data_version(cursor, batch.source)


def rebuild_rollups(cursor: duckdb.DuckDBPyConnection, batch: WriteBatch) -> None:
    """The pre-aggregated rollups, rebuilt in the same transaction (bench/README.md)."""
    refresh_rollups(cursor)


# What an import runs in the new analytics version's write transaction, in order. A step that
# records something at import time (e.g. history) goes before rebuild_rollups.
WRITE_STEPS: list[WriteStep] = [record_history, store_tables, bump_data_version, rebuild_rollups]


def move_legacy_coaching(cursor: duckdb.DuckDBPyConnection, batch: WriteBatch) -> None:
    """An analytics file of an earlier version held the coaching tables: their rows go to the
    coaching store (in the same all-or-nothing publish) and the tables leave the file."""
    present = db.table_names(cursor)
    for table, query in (
        ("coaching_notes", "note_import"),
        ("coaching_actions", "action_import"),
        ("offer_reviews", "review_import"),
    ):
        if table in present:  # identifiers from this allow-list
            batch.coaching[query] = cursor.execute(f"select * from {table}").df()  # noqa: S608
            cursor.execute(f"drop table {table}")


class SalesCoach:
    """The two stores and the questions a sales director asks of them."""

    def __init__(
        self,
        path: str | Path,
        coaching: coaching_store.CoachingStore | None = None,
        read_only: bool = False,
        auto_refresh: bool = True,
    ):
        """Open the published analytics file at `path` (read-only, whatever `read_only` says: it
        forbids imports) and its coaching store (`coaching`, else the configured one).
        `auto_refresh`: every query first looks for a newer published version (one stat);
        the app switches once per script run instead (`refresh`, `pin`)."""
        self.path = Path(path)
        self.file = AnalyticsFile(self.path)
        self.read_only = read_only
        self.auto_refresh = auto_refresh
        self._write_lock = threading.Lock()
        self._coaching = coaching
        self._coaching_lock = threading.Lock()
        self._reader = db.Reader(self.file)

    @property
    def coaching(self) -> coaching_store.CoachingStore:
        """The coaching store (opened on first use: a scorecard from the CLI never needs it)."""
        if self._coaching is None:
            with self._coaching_lock:
                if self._coaching is None:
                    self._coaching = coaching_store.open_store(self.path)
        return self._coaching

    # -- the analytics version read now ------------------------------------------------------
    def refresh(self) -> bool:
        """Read the newest published analytics version from now on; True when it is a new one."""
        return self._reader.refresh()

    def pin(self) -> None:
        """This thread reads the analytics version read now until `unpin` (or the thread ends):
        every query of one script run reads the same version."""
        self._reader.pin()

    def unpin(self) -> None:
        self._reader.unpin()

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        """The read-only connection of the analytics version read now (for raw SQL in tests and benches)."""
        return self._reader.current().con

    @property
    def form(self) -> str:
        """How queries read the base relations: the rollup tables when the version's rollups are
        fresh, else subqueries of the raw tables (a file of an older version opened read-only)."""
        return FORM_TABLES if self._reader.current().rollups_fresh else FORM_INLINE

    def versions(self) -> tuple[str, int]:
        """(the analytics version's identity, the coaching data version): the pages' cache key."""
        return self._reader.current().stamp.key, self.coaching_version()

    # -- reading -------------------------------------------------------------------------
    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `queries/<name>.sql` with bound parameters."""
        if self.auto_refresh:
            self.refresh()
        version = self._reader.current()
        sources = coaching_sources(name)
        relations = {coaching_relation(source): self.coaching.table(source, params) for source in sources}
        try:
            if version.rollups_fresh and not relations:  # the usual case: fetch_df's own defaults
                return fetch_df(version.con, name, params)
            form = FORM_TABLES if version.rollups_fresh else FORM_INLINE
            return fetch_df(version.con, name, params, form, relations)
        except duckdb.Error as error:
            raise faults.describe(error, self.path) or error from None

    def scorecard(
        self, date_from: DateLike, date_to: DateLike, as_of: DateLike | None = None
    ) -> pd.DataFrame:
        """One row per seller: activity, conversion, sales and pipeline thinness."""
        return self.scorecards([(date_from, date_to, as_of)]).drop(columns="period")

    def scorecards(
        self,
        periods: Iterable[tuple[DateLike, DateLike] | tuple[DateLike, DateLike, DateLike | None]],
        teams: Iterable[str] | None = None,
        grain: str | Iterable[str] | None = None,
        active_only: bool = False,
    ) -> pd.DataFrame:
        """The scorecard of several periods in one query.

        Each period is `(date_from, date_to)` or `(date_from, date_to, as_of)` (as_of defaults
        to date_to); `period` in the result is its place in the list, from 1. `teams` limits
        the sellers to those teams (None: every team); a team's figures (the team hit rate a
        seller without decided offers borrows) never depend on other teams.

        Without `grain`: one row per seller and period, the columns the scorecard has always had.
        With `grain` ("seller", "team", "all" or several of them): the rows of those grains
        from the same model (queries/seller_scorecard.sql), with the columns `grain`, `sellers`,
        `thin_sellers` and `thin_next_quarter_sellers` besides; seller_id, seller, manager and
        active are empty on team and all-teams rows (team too on all-teams rows), and `thin` is
        empty there (count the thin sellers with `thin_sellers`). `active_only` leaves sellers
        who left out of the rows and out of the sums.
        """
        grains = _grains(grain)
        params = {
            "periods": _period_bounds(periods),
            "teams": None if teams is None else [str(team) for team in teams],
            "active_only": bool(active_only),
        }
        if grains is None:  # the seller rows alone: without the cost of the team sums
            return self.query("seller_scorecard", **params)
        return self.query("scorecard_by_grain", **params, grains=list(grains))

    def scorecard_totals(
        self,
        date_from: DateLike,
        date_to: DateLike,
        as_of: DateLike | None = None,
        teams: Iterable[str] | None = None,
        active_only: bool = False,
    ) -> dict[str, object]:
        """The all-teams row of one period's scorecard over `teams` (one team: that team's
        numbers), as a dict: what a page shows in its headline tiles. See `scorecard_total`."""
        frame = self.scorecards(
            [(date_from, date_to, as_of)], teams=teams, grain="all", active_only=active_only
        )
        return scorecard_total(frame)

    def pipeline_changes(
        self,
        date_from: DateLike,
        date_to: DateLike,
        teams: Iterable[str] | None = None,
        grain: str | Iterable[str] = ("seller", "team", "all"),
    ) -> pd.DataFrame:
        """What moved in the pipeline between two days: start, new, increased, decreased, won,
        lost, end, pushed, pulled in and slipped out, per seller, team and all teams (see
        `salescoach.history.pipeline_changes`)."""
        from salescoach.history import pipeline_changes

        return pipeline_changes(self, date_from, date_to, teams=teams, grain=grain)

    def meta(self) -> dict[str, str]:
        frame = self.query("database_meta")
        return dict(zip(frame["key"], frame["value"], strict=True))

    def data_version(self) -> int:
        """The analytics data version of the published file (read now): bumped by every import."""
        return int(self.meta().get("data_version", 0))

    def known_data_version(self) -> int:
        """The data version of the analytics version read now (read once per version)."""
        if self.auto_refresh:
            self.refresh()
        version = self._reader.current()
        if version.data_version is None:
            cursor = version.con.cursor()
            try:
                row = cursor.execute("select value from meta where key = 'data_version'").fetchone()
            finally:
                cursor.close()
            version.data_version = int(row[0]) if row else 0
        return version.data_version

    def coaching_version(self) -> int:
        """The coaching data version: bumped by every note, action or post-mortem saved."""
        return self.coaching.version()

    def existing_keys(self, table: str, column: str) -> set[str]:
        """Key values already stored, for the importer's reference checks."""
        spec = TABLES[table]  # allow-list: identifiers come from the contract only
        if column not in spec.column_names:
            raise KeyError(f"{table}.{column}")
        if table in COACHING_TABLES:
            return coaching_store.keys(self.coaching, _KEY_QUERIES[(table, column)])
        cursor = self._con.cursor()
        try:
            rows = cursor.execute(f"select distinct {column} from {table}").fetchall()  # noqa: S608 allow-listed
        finally:
            cursor.close()
        return {r[0] for r in rows if r[0] is not None}

    # -- writing -------------------------------------------------------------------
    def load(self, folder: str | Path, exported_on: DateLike | None = None) -> LoadSummary:
        """Import a folder in the data contract; all or nothing. `exported_on` is the day the
        export was made (default today): changed offers are recorded on that day
        (salescoach/history.py), and an export older than the newest one loaded is refused."""
        return self._write_frames(self.preview(folder), source="import", exported_on=exported_on)

    def preview(self, folder: str | Path) -> dict[str, pd.DataFrame]:
        """Read and validate a folder as `load` would, without storing anything."""
        from salescoach.importer import read_folder

        return read_folder(folder, existing_keys=self.existing_keys)

    def load_frames(
        self, frames: dict[str, pd.DataFrame], source: str = "import", exported_on: DateLike | None = None
    ) -> LoadSummary:
        """Validate in-memory tables (demo data, CRM presets) and store them; all or nothing
        (`exported_on` as in `load`)."""
        from salescoach.importer import validate_frames

        typed = validate_frames(frames, existing_keys=self.existing_keys)
        return self._write_frames(typed, source=source, exported_on=exported_on)

    def _write_frames(
        self, frames: dict[str, pd.DataFrame], source: str, exported_on: DateLike | None = None
    ) -> LoadSummary:
        """Publish the next analytics version holding `frames` (see `_publish`)."""
        options = {"exported_on": to_date(exported_on, "exported_on")}
        batch = WriteBatch(frames=frames, source=source, options=options)
        self._publish(batch, WRITE_STEPS)
        rows = {table: len(frames[table]) for table in TABLE_ORDER if table in frames}
        return LoadSummary(rows=rows, data_version=batch.data_version)

    def upgrade(self) -> None:
        """Make the published file this version's: the schema, fresh rollups, and the coaching
        rows of an earlier version moved to the coaching store (one publish; skipped when
        another process did it while this one waited for the import lock)."""
        self._publish(
            WriteBatch(frames={}), [move_legacy_coaching], wait=db.LOCK_WAIT_SECONDS, unless_current=True
        )

    def _publish(
        self, batch: WriteBatch, steps: Iterable[WriteStep], wait: float = 0.0, unless_current: bool = False
    ) -> None:
        """Publish the next analytics version (`publish_batch`) under the import lock: one import at
        a time (another one running for longer than `wait` s: `faults.ImportBusy`). Faults of the
        files become `StoreFault`s."""
        if self.read_only:
            raise faults.StoreFault(f"{self.path} was opened read-only: nothing can be imported")
        try:
            with self._write_lock, self.file.import_lock(wait=wait):
                if unless_current:
                    self.refresh()
                    if not _needs_upgrade(self):
                        return
                publish_batch(self.file, self.coaching, batch, steps)
        except (OSError, duckdb.Error) as error:
            raise faults.describe(error, self.path) or error from None
        self.refresh()

    def close(self) -> None:
        self._reader.close()
        if self._coaching is not None:
            self._coaching.close()

    def __enter__(self) -> SalesCoach:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def publish_batch(
    file: AnalyticsFile,
    coaching: coaching_store.CoachingStore,
    batch: WriteBatch,
    steps: Iterable[WriteStep],
    copy_published: bool = True,
) -> None:
    """Write and publish the next analytics version; the caller holds the import lock.

    Whatever a killed import left is finished first (`AnalyticsFile.recover`). The new version
    is a copy of the published file (or a new one) in the versions folder; `steps` run in its one
    write transaction; it is checkpointed, closed and fsynced, then published with the batch's
    coaching rows (`_publish_both`). Until then the published file is untouched: a failure (or a
    kill) at any step leaves both stores as they were.
    """
    file.recover(coaching.import_recorded)
    staging = file.stage(copy_published=copy_published)
    try:
        db._in_transaction(staging.con, lambda cursor: _run_steps(cursor, batch, steps))
        staging.seal()
        _publish_both(file, staging, coaching, batch)
    except BaseException:
        staging.discard()
        raise
    file.clean_up()


def _run_steps(cursor: duckdb.DuckDBPyConnection, batch: WriteBatch, steps: Iterable[WriteStep]) -> None:
    for step in steps:
        step(cursor, batch)


def _publish_both(
    file: AnalyticsFile, staging: db.Staging, coaching: coaching_store.CoachingStore, batch: WriteBatch
) -> None:
    """Publish the sealed `staging` and commit `batch.coaching` in the coaching store, all or nothing.

    The order: the coaching rows are written in one coaching transaction (not committed), the
    analytics version is published (journalled: journal.json names the import and the version
    it replaces), then the coaching transaction commits, recording the import's id. A failure
    before the commit rolls the coaching rows back and takes the published version back; a kill
    in between leaves the journal, and the next import keeps the version when the coaching store
    has the import's id, or takes it back when it has not (`AnalyticsFile.recover`).
    """
    if not batch.coaching and not batch.clear_coaching:
        file.publish(staging)
        staging.sealed = None  # published: no longer ours to discard
        return
    import_id = uuid.uuid4().hex
    transaction = coaching.begin()
    try:
        if batch.clear_coaching:
            for query in ("clear_actions", "clear_notes", "clear_reviews", "clear_cadences"):
                transaction.execute(query)
        for query, frame in batch.coaching.items():
            transaction.store_rows(query, frame)
        transaction.execute("import_record", {"import_id": import_id, "now": dt.datetime.now()})
        journal = file.publish(staging, import_id)
        staging.sealed = None
    except BaseException as error:
        transaction.broken = isinstance(error, coaching._errors())
        coaching.release(transaction)
        if isinstance(error, coaching._errors()):
            raise coaching.fault(error) from None
        raise
    try:
        transaction.commit()
    except BaseException as error:
        transaction.broken = True
        coaching.release(transaction)
        _after_a_failed_commit(journal, coaching, import_id)
        if isinstance(error, coaching._errors()):
            raise coaching.fault(error) from None
        raise
    coaching.release(transaction)
    journal.done()


def _after_a_failed_commit(
    journal: db.Journal, coaching: coaching_store.CoachingStore, import_id: str
) -> None:
    """The coaching commit failed: keep the published version if the commit happened anyway (a
    lost connection after the server committed), else take it back. When the store cannot be
    asked, the journal stays for the next import to decide."""
    try:
        committed = coaching.import_recorded(import_id)
    except Exception:  # noqa: BLE001 - unreachable now: decided at the next import (journal.json)
        return
    if committed:
        journal.done()
    else:
        journal.undo()


GRAINS = ("seller", "team", "all")


def _grains(grain: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if grain is None:
        return None
    asked = (grain,) if isinstance(grain, str) else tuple(grain)
    unknown = [g for g in asked if g not in GRAINS]
    if unknown or not asked:
        raise ValueError(f"grain must be one or more of {', '.join(GRAINS)}, not {unknown or 'nothing'}")
    return asked


def _period_bounds(periods: Iterable[tuple]) -> list[dict]:
    bounds = []
    for place, period in enumerate(periods, start=1):
        if len(period) not in (2, 3):
            raise ValueError(f"period {place}: give (date_from, date_to) or (date_from, date_to, as_of)")
        start, end = to_date(period[0], "date_from"), to_date(period[1], "date_to")
        if start is None or end is None:
            raise ValueError(f"period {place}: date_from and date_to are required")
        if start > end:
            raise ValueError(f"date_from {start} is after date_to {end}")
        as_of = to_date(period[2], "as_of") if len(period) == 3 else None
        bounds.append({"date_from": start, "date_to": end, "as_of": as_of or end})
    return bounds


EVERY_TEAM_GRAIN = ("seller", "team")  # what a team's rows at any grain are cut from (`one_team_rows`)


def one_team_rows(
    every_team: pd.DataFrame, team: str, grain: str | Iterable[str] | None, periods: int | None
) -> pd.DataFrame | None:
    """What `scorecards(periods, teams=[team], grain=grain)` returns, cut from the same call for
    every team (`teams=None`, grain `EVERY_TEAM_GRAIN`; without `grain`: None too); with
    `periods` None, what a query at every grain without periods (pipeline_changes_by_grain)
    returns for `teams=[team]`, cut from its rows for every team. The team's
    seller rows as they are (a seller's numbers never depend on other teams), its team row, and
    as its all-teams row that team row with grain "all" and no team (the sums over one team's
    sellers are that team's sums), in the query's order. None when the team has no team row in
    some period (no seller in it: ask the query itself, which says what a team of none is) or
    `grain` leaves out the seller rows (the query's seller columns are then empty, a dtype of
    their own)."""
    grains = _grains(grain)
    if grains is not None and "seller" not in grains:
        return None
    mine = every_team[every_team["team"] == team]
    if mine.empty:
        return None  # a team with no seller (or no such team): the query's own empty result
    if grains is None:
        return _as_fetched(mine.reset_index(drop=True))
    team_rows = mine[mine["grain"] == "team"]
    if len(team_rows) != (periods or 1):
        return None
    parts = {"seller": mine[mine["grain"] == "seller"], "team": team_rows}
    parts["all"] = team_rows.assign(grain="all", team=team_rows["team"].where(team_rows["team"].isna()))
    rank = {"seller": 1, "team": 2, "all": 3}
    frame = pd.concat([parts[g] for g in rank if g in grains])
    order = frame["grain"].map(rank)
    ordered = frame.assign(_rank=order).sort_values(
        ["period", "_rank"] if periods else ["_rank"], kind="stable"
    )
    return _as_fetched(ordered.drop(columns="_rank").reset_index(drop=True))


def _as_fetched(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame`'s columns in the dtypes DuckDB gives a result of these rows: a nullable integer
    or boolean column without an empty value as numpy's (DuckDB makes a column nullable only
    when the rows it returns have a NULL)."""
    plain = {
        column: values.dtype.numpy_dtype
        for column, values in frame.items()
        if isinstance(values.dtype, pd.core.arrays.masked.BaseMaskedDtype) and not values.isna().any()
    }
    return frame.astype(plain) if plain else frame


def scorecard_total(frame: pd.DataFrame, team: str | None = None, period: int = 1) -> dict[str, object]:
    """One totals row of a scorecard asked for by grain (`SalesCoach.scorecards(..., grain=...)`):
    the row of `team` when given (grain "team"), else the all-teams row, of `period`; as a dict
    with None for every undefined value (a ratio without a denominator, a target nobody has).

    Raises LookupError when the frame has no such row (it was not asked for that grain). A
    scorecard over no sellers at all has no rows: then every measure is None and `sellers` 0.
    """
    if "grain" not in frame.columns:
        raise LookupError("not a scorecard by grain: ask SalesCoach.scorecards(..., grain=...)")
    in_period = frame[frame["period"] == period]
    if team is None:
        rows = in_period[in_period["grain"] == "all"]
    else:
        rows = in_period[(in_period["grain"] == "team") & (in_period["team"] == team)]
    if rows.empty:
        if frame.empty:
            return {
                column: (0 if column in ("sellers", "thin_sellers", "thin_next_quarter_sellers") else None)
                for column in frame.columns
            }
        raise LookupError(f"no {'team ' + repr(team) if team else 'all-teams'} row for period {period}")
    record = rows.iloc[0].to_dict()
    return {key: (None if _undefined(value) else value) for key, value in record.items()}


def _undefined(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _replace_rows(cursor: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert `frame` into `table`, replacing stored rows with the same key.

    Identifiers come from the contract (an allow-list), values travel as a
    registered DataFrame: no user text is ever formatted into this SQL.
    """
    spec = TABLES[table]
    columns = ", ".join(spec.analytics_columns)
    key_match = " and ".join(f"{table}.{k} = staged.{k}" for k in spec.key)
    cursor.register("staged", frame[spec.analytics_columns])
    try:
        cursor.execute(f"delete from {table} where exists (select 1 from staged where {key_match})")  # noqa: S608
        cursor.execute(f"insert into {table} ({columns}) select {columns} from staged")  # noqa: S608
    finally:
        cursor.unregister("staged")


def _bump_data_version(cursor: duckdb.DuckDBPyConnection, source: str | None = None) -> int:
    row = cursor.execute("select value from meta where key = 'data_version'").fetchone()
    version = int(row[0]) + 1 if row else 1
    cursor.execute(
        "insert or replace into meta (key, value) values ('data_version', $v)", {"v": str(version)}
    )
    if source:
        cursor.execute("insert or replace into meta (key, value) values ('source', $s)", {"s": source})
    return version


def connect(path: str | Path | None = None, read_only: bool = False) -> SalesCoach:
    """Open the database at `path`.

    `path=None` means the default database (`SALESCOACH_DB` or `data/salescoach.duckdb`); when
    that file does not exist yet it is created with the embedded demo data, so a first start
    shows a living dashboard. An explicit `path` that does not exist becomes an empty database.
    Unless `read_only`, a file of an earlier version is brought up to date on open (`upgrade`).
    """
    if path is None:
        path = default_db_path()
        if not read_only and not Path(path).exists():
            return _first_start(Path(path))
    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        return SalesCoach(path, read_only=True)
    coaching = coaching_store.open_store(path)
    try:
        if not path.exists():
            _publish_new(path, coaching, WriteBatch(frames={}), steps=[])
        coach = SalesCoach(path, coaching=coaching)
    except BaseException:
        coaching.close()
        raise
    try:
        if _needs_upgrade(coach):
            coach.upgrade()
    except BaseException:
        coach.close()
        raise
    return coach


def _needs_upgrade(coach: SalesCoach) -> bool:
    version = coach._reader.current()
    schema = {*ANALYTICS_TABLES, "meta", *db.ROLLUP_TABLES}
    return version.legacy_coaching or not version.rollups_fresh or not schema <= version.tables


def _publish_new(path: Path, coaching: coaching_store.CoachingStore, batch: WriteBatch, steps) -> None:
    """The first version of the database at `path` (unless another process made one meanwhile:
    several app processes may start at once on a new folder)."""
    file = AnalyticsFile(path)
    try:
        with file.import_lock(wait=db.LOCK_WAIT_SECONDS):
            if not path.exists():
                publish_batch(file, coaching, batch, steps, copy_published=False)
    except (OSError, duckdb.Error) as error:
        raise faults.describe(error, path) or error from None


def _first_start(path: Path) -> SalesCoach:
    """The default database on first start: the demo, built once, through the same publish as an import."""
    from salescoach.demo import generate_demo
    from salescoach.importer import validate_frames

    coaching = coaching_store.open_store(path)
    try:
        frames = validate_frames(generate_demo())
        batch = WriteBatch(
            frames=frames,
            source="demo",
            options={"exported_on": None},  # the demo ends today, its last weekly export too
            clear_coaching=coaching_store.configured_url() is None,
        )
        _publish_new(path, coaching, batch, WRITE_STEPS)
        return SalesCoach(path, coaching=coaching)
    except BaseException:
        coaching.close()
        raise


def create_demo_database(path: str | Path, **demo_args) -> SalesCoach:
    """Make `path` a database holding the generated demo data set: a new version published over
    whatever is there (the app keeps serving and switches to it). The embedded coaching store
    starts empty with the demo's notes; a configured one (PostgreSQL) only gets them added."""
    from salescoach.demo import generate_demo
    from salescoach.importer import validate_frames

    path = Path(path)
    coaching = coaching_store.open_store(path)
    try:
        frames = validate_frames(generate_demo(**demo_args))
        batch = WriteBatch(
            frames=frames,
            source="demo",
            # the demo's weekly exports end on its last day (salescoach/demo_history.py)
            options={"exported_on": to_date(demo_args.get("end"), "end")},
            clear_coaching=coaching_store.configured_url() is None,
        )
        file = AnalyticsFile(path)
        try:
            with file.import_lock(wait=db.LOCK_WAIT_SECONDS):
                publish_batch(file, coaching, batch, WRITE_STEPS, copy_published=False)
        except (OSError, duckdb.Error) as error:
            raise faults.describe(error, path) or error from None
        return SalesCoach(path, coaching=coaching)
    except BaseException:
        coaching.close()
        raise
