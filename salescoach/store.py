"""The query layer a page, the CLI and a Jupyter user share.

    >>> import salescoach
    >>> coach = salescoach.connect()          # the demo database, made on first use
    >>> coach.scorecard("2026-01-01", "2026-03-31")

Every read runs a `queries/*.sql` file through `fetch_df` on a cursor of the one
connection, so one `SalesCoach` can serve many Streamlit script threads.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from salescoach.contract import TABLE_ORDER, TABLES
from salescoach.db import default_db_path, open_database, refresh_rollups, rollups_fresh
from salescoach.queries import FORM_INLINE, FORM_TABLES, fetch_df

DateLike = str | dt.date | dt.datetime | pd.Timestamp


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
        parts = ", ".join(f"{n} {t}" for t, n in self.rows.items())
        return f"imported {parts or 'nothing'} (data version {self.data_version})"


class _VersionMemo:
    """The data version of one database file as last read, shared by every `SalesCoach` of this
    process on that file, forgotten by every write through any of them.

    A DuckDB file has one read-write process or many read-only ones: while this process has the
    file open, only this process can change it, and every change the app makes goes through
    `SalesCoach._write_frames` or `coaching._write`, both of which call `forget` after commit.
    """

    _by_file: dict[str, _VersionMemo] = {}
    _registry_lock = threading.Lock()

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: int | None = None

    @classmethod
    def of(cls, key: str) -> _VersionMemo:
        with cls._registry_lock:
            return cls._by_file.setdefault(key, cls())

    def forget(self) -> None:
        with self.lock:
            self.version = None


class SalesCoach:
    """One open database and the questions a sales director asks of it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None):
        self._con = con
        self.path = path
        self._write_lock = threading.Lock()
        memo_key = str(Path(path).resolve()) if path is not None else f"connection-{id(con)}"
        self._version_memo = _VersionMemo.of(memo_key)
        self._version_memo.forget()  # a (re)opened file may be another file at the same path
        # Queries read the day-grain base relations through ref(): the rollup tables when they
        # are fresh; a read-only open of a file whose rollups are stale (an older version's
        # file: it cannot refresh them) reads the same relations as subqueries of the raw tables.
        self.form = FORM_TABLES if rollups_fresh(con) else FORM_INLINE

    # -- reading -------------------------------------------------------------------
    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `queries/<name>.sql` with bound parameters."""
        if self.form == FORM_TABLES:  # the usual case, fresh rollups: fetch_df's own default
            return fetch_df(self._con, name, params)
        return fetch_df(self._con, name, params, self.form)

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

    def meta(self) -> dict[str, str]:
        frame = self.query("database_meta")
        return dict(zip(frame["key"], frame["value"], strict=True))

    def data_version(self) -> int:
        """The data version stored in the database (read now): bumped by every import and saved note."""
        return int(self.meta().get("data_version", 0))

    def known_data_version(self) -> int:
        """`data_version()` read once and remembered until the next write through a `SalesCoach`
        of this process (see `_VersionMemo`): the pages' cache key, at no query per call."""
        memo = self._version_memo
        with memo.lock:
            if memo.version is None:
                memo.version = self.data_version()
            return memo.version

    def _forget_data_version(self) -> None:
        """Called after every write transaction (committed or not)."""
        self._version_memo.forget()

    def existing_keys(self, table: str, column: str) -> set[str]:
        """Key values already stored, for the importer's reference checks."""
        spec = TABLES[table]  # allow-list: identifiers come from the contract only
        if column not in spec.column_names:
            raise KeyError(f"{table}.{column}")
        cursor = self._con.cursor()
        try:
            rows = cursor.execute(f"select distinct {column} from {table}").fetchall()  # noqa: S608 allow-listed
        finally:
            cursor.close()
        return {r[0] for r in rows if r[0] is not None}

    # -- writing -------------------------------------------------------------------
    def load(self, folder: str | Path) -> LoadSummary:
        """Import a folder in the data contract; all or nothing."""
        return self._write_frames(self.preview(folder), source="import")

    def preview(self, folder: str | Path) -> dict[str, pd.DataFrame]:
        """Read and validate a folder as `load` would, without storing anything."""
        from salescoach.importer import read_folder

        return read_folder(folder, existing_keys=self.existing_keys)

    def load_frames(self, frames: dict[str, pd.DataFrame], source: str = "import") -> LoadSummary:
        """Validate in-memory tables (demo data, CRM presets) and store them; all or nothing."""
        from salescoach.importer import validate_frames

        typed = validate_frames(frames, existing_keys=self.existing_keys)
        return self._write_frames(typed, source=source)

    def _write_frames(self, frames: dict[str, pd.DataFrame], source: str) -> LoadSummary:
        rows: dict[str, int] = {}
        with self._write_lock:
            cursor = self._con.cursor()
            try:
                cursor.begin()
                for table in TABLE_ORDER:
                    frame = frames.get(table)
                    if frame is None:
                        continue
                    _replace_rows(cursor, table, frame)
                    rows[table] = len(frame)
                version = _bump_data_version(cursor, source)
                # The pre-aggregated rollups are rebuilt in the same transaction (bench/README.md).
                refresh_rollups(cursor)
                cursor.commit()
            except BaseException:
                cursor.rollback()
                raise
            finally:
                cursor.close()
                self._forget_data_version()
        return LoadSummary(rows=rows, data_version=version)

    def close(self) -> None:
        self._forget_data_version()
        self._con.close()

    def __enter__(self) -> SalesCoach:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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
    columns = ", ".join(spec.column_names)
    key_match = " and ".join(f"{table}.{k} = staged.{k}" for k in spec.key)
    cursor.register("staged", frame[spec.column_names])
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

    `path=None` means the default database (`SALESCOACH_DB` or
    `data/salescoach.duckdb`); when that file does not exist yet it is created
    with the embedded demo data, so a first start shows a living dashboard.
    """
    if path is None:
        path = default_db_path()
        if not Path(path).exists() and not read_only:
            return create_demo_database(path)
    path = Path(path)
    return SalesCoach(open_database(path, read_only=read_only), path)


def create_demo_database(path: str | Path, **demo_args) -> SalesCoach:
    """Make `path` a database holding the generated demo data set."""
    from salescoach.demo import generate_demo

    path = Path(path)
    coach = SalesCoach(open_database(path), path)
    coach.load_frames(generate_demo(**demo_args), source="demo")
    return coach
