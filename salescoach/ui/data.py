"""The app's two stores and their cached reads.

`get_coach()` opens the server's `SalesCoach` once (`st.cache_resource`). Every script run
starts with `begin_run()` (app.py): one stat of the published analytics file switches to a
newer version an import published, the run pins the version it reads (every query of one run
reads the same version, whatever an import does meanwhile), and the coaching data version is
read once. `cached_query` and `cached_scorecards` cache results on the query, its bound
parameters and those two versions (`run_versions`), so the next run after an import or a note
saved in any process, on any replica, reads fresh rows.

A store the app cannot use (a damaged, foreign or missing file, a coaching server down) shows
one plain message on the page (`show_fault`), never a traceback.
What the viewer may see is passed in (`sellers(viewer)`, `teams(viewer)`): nothing here
looks up who is looking.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import salescoach
from salescoach import faults, queries
from salescoach.access import Viewer
from salescoach.db import default_db_path
from salescoach.faults import StoreFault
from salescoach.store import EVERY_TEAM_GRAIN, one_team_rows
from salescoach.ui.text import escape_markdown

RESULTS_KEPT = 4096  # query results and derived numbers kept in the process, the ones used last
_RUN = threading.local()  # this thread's script run and the versions it reads


@st.cache_resource(show_spinner="Opening the database…")
def _open_coach(path: str) -> salescoach.SalesCoach:
    coach = salescoach.connect(None if path == str(default_db_path()) else path)
    coach.auto_refresh = False  # once per script run, in begin_run
    return coach


def show_fault(fault: StoreFault) -> None:
    """The one message of a store fault on the page (what and what to do), and the run stops."""
    st.error(escape_markdown(str(fault)), icon=":material/database:")
    st.stop()


def fault_of(error: BaseException, where: str | Path) -> StoreFault | None:
    """`error` as a store fault (or None: a bug, raised as it was)."""
    if isinstance(error, StoreFault):
        return error
    if isinstance(error, (duckdb.Error, OSError)):
        return faults.describe(error, where)
    return None


def get_coach() -> salescoach.SalesCoach:
    """The one `SalesCoach` of this server process (default database; demo data on first start).

    Cached with `st.cache_resource`; every query runs on its own cursor, so script
    threads can share it. A store fault is shown on the page instead.
    """
    stored = getattr(_RUN, "coach", None)  # opened already in this script run (begin_run)
    if stored is not None and stored[0] is get_script_run_ctx(suppress_warning=True):
        return stored[1]
    path = str(default_db_path())
    try:
        return _open_coach(path)
    except Exception as error:
        fault = fault_of(error, path)
        if fault is None:
            raise
        show_fault(fault)
        raise  # not reached: show_fault stops the run


def begin_run() -> None:
    """The top of every script run: switch to the newest published analytics version, pin it for
    this run, and read the coaching data version (once per run)."""
    coach = get_coach()
    try:
        coach.refresh()
        coach.pin()
        versions = coach.versions()
    except Exception as error:
        fault = fault_of(error, coach.path)
        if fault is None:
            raise
        show_fault(fault)
    context = get_script_run_ctx(suppress_warning=True)
    _RUN.versions = (context, versions)
    _RUN.coach = (context, coach)


def looking(viewer: Viewer) -> None:
    """Who looks in this script run (the sidebar says, before the page reads anything): only for
    a viewer who sees every team may a query of every team's rows serve one team's
    (`_one_team`)."""
    _RUN.every_team = (get_script_run_ctx(suppress_warning=True), viewer.sees_every_team)


def _reads_every_team() -> bool:
    """Whether this run's viewer sees every team (`looking`); for a director of some teams every
    query stays bound to them (tests/test_app_access.py). False before the sidebar has said."""
    stored = getattr(_RUN, "every_team", None)
    return stored is not None and stored[0] is get_script_run_ctx(suppress_warning=True) and stored[1]


def run_versions() -> tuple[str, int]:
    """(analytics version, coaching data version) of this script run, read by `begin_run`;
    outside a run (tests, a notebook) read now."""
    stored = getattr(_RUN, "versions", None)
    context = get_script_run_ctx(suppress_warning=True)
    if stored is not None and context is not None and stored[0] is context:
        return stored[1]
    coach = get_coach()
    coach.refresh()
    return coach.versions()


def data_version() -> int:
    """The analytics data version this run reads: bumped by every import."""
    return get_coach().known_data_version()


class ResultCache:
    """Query results kept in this process, the `max_entries` used last: a hit returns a shallow
    copy of the stored frame, which costs microseconds. pandas copies on write (pandas 3), so a
    page that adds or changes a column of its copy changes only its copy.

    `st.cache_data` (what this replaces for the page queries) hashes the arguments and unpickles
    a copy of the frame on every hit: 0.3-1 ms a read, 20-80 reads a rerun at 500 sellers
    (bench/README.md). Keys are plain tuples: the database, the run's versions, the query and
    its bound parameters, so an import or a saved note is a new key, as before."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._frames: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, read, copy=None):
        """The frame stored under `key`, or `read()` stored under it; `copy` makes a reader's
        own copy of what is stored when it is not a DataFrame (e.g. a dataclass of frames)."""
        with self._lock:
            frame = self._frames.get(key)
            if frame is not None:
                self._frames.move_to_end(key)
        if frame is None:
            frame = read()
            with self._lock:
                self._frames[key] = frame
                while len(self._frames) > self.max_entries:
                    self._frames.popitem(last=False)
        return frame.copy(deep=False) if copy is None else copy(frame)

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()


@st.cache_resource(show_spinner=False)
def _results() -> ResultCache:
    """The process's query results (a resource: `st.cache_resource.clear()` empties it): 4,096
    of them, about 20 a page view of a team and a period (bench/README.md, "Fourth pass")."""
    return ResultCache(max_entries=RESULTS_KEPT)


def clear_cached_reads() -> None:
    """Forget every cached query result and scorecard (tests; an import needs no clearing: the
    versions are in the keys)."""
    _results().clear()
    st.cache_data.clear()


def _results_of_run() -> ResultCache:
    stored = getattr(_RUN, "results", None)
    context = get_script_run_ctx(suppress_warning=True)
    if stored is not None and context is not None and stored[0] is context:
        return stored[1]
    results = _results()
    _RUN.results = (context, results)
    return results


def _hashable(value):
    """`value` as a key: lists, sets and dicts of parameters as tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(_hashable(v) for v in value)))
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((k, _hashable(v)) for k, v in value.items())))
    return value


def cached_derived(name: str, inputs: tuple, compute, copy=None):
    """What a page computes from cached reads (e.g. the seller page's trend against the team),
    kept like a query result: on this run's versions, `name` and `inputs` (hashable); `copy`
    gives each run its own copy of the stored value (default: a DataFrame's shallow copy)."""
    coach = get_coach()
    key = ("derived", str(coach.path), run_versions(), name, _hashable(inputs))
    return _guarded(lambda: _results_of_run().get(key, compute, copy))


# Queries at every grain that one team's rows can be cut from every team's (`_one_team`): the
# query's parameter of the grains asked for.
CUT_BY_TEAM = {"pipeline_changes_by_grain": "grains"}


def _cached_query(db: str, versions: tuple, name: str, items: tuple) -> pd.DataFrame:
    results = _results_of_run()
    params = dict(items)

    def own() -> pd.DataFrame:
        return get_coach().query(name, **params)

    def made() -> pd.DataFrame:
        teams = params.get("teams")
        if name not in CUT_BY_TEAM or teams is None or len(teams) != 1:
            return own()
        grains = CUT_BY_TEAM[name]
        every = tuple(sorted({**params, "teams": None, grains: list(EVERY_TEAM_GRAIN)}.items()))
        asked = ("query", name, _hashable(tuple((k, v) for k, v in items if k != "teams")))
        read = lambda: _cached_query(db, versions, name, every)  # noqa: E731
        return _one_team(db, versions, asked, teams[0], own, read, params[grains], None)

    return results.get(("query", db, versions, name, _hashable(items)), made)


def _one_team(db, versions, asked: tuple, team: str, own, every, grain, periods: int | None) -> pd.DataFrame:
    """One team's rows of a query at every grain: its own query for the first team to ask, and
    from the second team asking the same (`asked`: the query and its other parameters) on, cut
    from the query of every team (`every()`, made once for them all; `store.one_team_rows`: the
    same rows and dtypes as the team's own query, tests/test_scorecard_every_team.py). The
    overview of a week, the changes since last week and the seller page's trend months are the
    same for every director; a seller's 1:1 windows are asked by one team only and stay its own.
    Only for a viewer who sees every team: a director of some teams never has a query read
    another team's rows, even to cut them away."""
    if not _reads_every_team():
        return own()
    teams_asking = _results_of_run().get(("teams asking", db, versions, asked), set, as_is)
    teams_asking.add(team)
    if len(teams_asking) < 2:
        return own()
    cut = one_team_rows(every(), team, grain, periods)
    return own() if cut is None else cut


def _guarded(read):
    """Run a read of the stores; a store fault on the page instead of a traceback."""
    try:
        return read()
    except Exception as error:
        fault = fault_of(error, default_db_path())
        if fault is None:
            raise
        show_fault(fault)
        raise  # not reached


def cached_query(name: str, **params) -> pd.DataFrame:
    """`coach.query(name, **params)`, cached on the query name, parameters and the run's versions.

    An import publishes a new analytics version and a saved note bumps the coaching data
    version, so the next run reads fresh rows.
    Pass the shared filter dict (`**filters.params()`); each query binds only the names it uses,
    and the cache is keyed on those alone, so calls that differ only in parameters the query
    does not read share one run (the seller page and its coaching section ask for the same
    lost offers with different filter dicts).
    """
    coach = get_coach()
    bound = queries.bind(name, params)
    items = tuple(sorted(bound.items()))
    return _guarded(lambda: _cached_query(str(coach.path), run_versions(), name, items))


def _cached_scorecards(
    db: str, versions: tuple, periods: tuple, teams: tuple | None, grain: tuple | None, active_only: bool
) -> pd.DataFrame:
    """The scorecard as asked, kept under what was asked; one team's cut from every team's once a
    second team asks for the same periods, grain and `active_only` (`_one_team`)."""

    def own() -> pd.DataFrame:
        return get_coach().scorecards(periods, teams=teams, grain=grain, active_only=active_only)

    def made() -> pd.DataFrame:
        if teams is None or len(teams) != 1:
            return own()
        every = None if grain is None else EVERY_TEAM_GRAIN
        read = lambda: _cached_scorecards(db, versions, periods, None, every, active_only)  # noqa: E731
        asked = ("scorecards", periods, grain, active_only)
        return _one_team(db, versions, asked, teams[0], own, read, grain, len(periods))

    key = ("scorecards", db, versions, periods, teams, grain, active_only)
    return _results_of_run().get(key, made)


def as_is(value):
    """`copy` for a stored value every run may share as it is (a figure, a set of names): read
    only, never changed by a page."""
    return value


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
    return _guarded(
        lambda: _cached_scorecards(
            str(coach.path),
            run_versions(),
            key,
            None if teams is None else tuple(teams),
            None if grain is None else tuple(grain),
            active_only,
        )
    )


def cached_scorecard(date_from, date_to, as_of=None, teams: Iterable[str] | None = None) -> pd.DataFrame:
    """The seller scorecard (one row per seller of `teams`) for one period, cached like `cached_query`."""
    return cached_scorecards([(date_from, date_to, as_of)], teams).drop(columns="period")


class CachedReads:
    """The app's `SalesCoach` for reading only: `query` goes through `cached_query`.

    Give it to the read functions of `salescoach.coaching` (`seller_notes`, `search_notes`,
    `lost_offers_of_seller`, ...) so their queries are cached on the versions like every
    other page query; a saved note or review bumps the coaching version, so it shows on the next run.
    Writes (`save_note`, ...) take the `SalesCoach` itself (`get_coach()`).
    """

    def __init__(self, coach: salescoach.SalesCoach):
        self.coach = coach
        self.path = coach.path

    def query(self, name: str, **params) -> pd.DataFrame:
        return cached_query(name, **params)

    def scorecards(self, periods, teams=None, grain=None, active_only: bool = False) -> pd.DataFrame:
        """`SalesCoach.scorecards` through `cached_scorecards` (the coaching loop's verdicts)."""
        return cached_scorecards(
            [tuple(period) for period in periods], teams=teams, grain=grain, active_only=active_only
        )


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
    """`coach` for the read functions of `salescoach.coaching`: cached on the versions
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
