"""Measurements for one data scale, run in a subprocess of `bench.run` (so scales don't share memory).

Parts, in this order (peak memory is read after the page renders, before pandas loads tables):
1. rollup refresh (`queries/refresh_rollups.sql`, as at import) and the scan floor;
2. the scorecard in SQL, warm median: on the rollups (what the app reads), the same query with
   the base relations as subqueries of the raw tables (what a read-only open of a stale file
   reads), and at every grain (seller, team, all teams); both checked equal to the first;
3. every page in `pages/` through Streamlit's AppTest: cold, warm, after filter changes and after
   an import (data version bump), recording every query the page runs via `fetch_df`, then
   re-timing each recorded query warm;
4. the same scorecard the usual pandas way, compared column by column with the SQL one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The sidebar filter widgets of salescoach/ui/url.py changed for "re-render after a filter change".
TEAM_KEY = "filter_team"
PERIOD_KEY = "filter_period"
PERIOD_URL = "period"
DEFAULT_PERIOD = "quarter"


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def median_ms(func: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    """Run `func` once to warm up, then `repeat` times; the median and all timings in ms."""
    func()
    timings = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), timings


def _jsonable(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------------------
# Query recording: wrap salescoach.queries.fetch_df while a page renders
# --------------------------------------------------------------------------------------


class QueryRecorder:
    """Replaces `fetch_df` everywhere it was imported and records name, params and duration."""

    def __init__(self) -> None:
        import salescoach.queries as queries

        self.original = queries.fetch_df
        self.calls: list[dict] = []
        self._lock = threading.Lock()
        self._patched: list[tuple[object, str]] = []

    def _wrapper(self, con, name, params=None, form="tables"):
        start = time.perf_counter()
        try:
            return self.original(con, name, params, form)
        finally:
            ms = (time.perf_counter() - start) * 1000
            with self._lock:
                self.calls.append(
                    {"name": name, "params": dict(params or {}), "ms": ms, "con": con, "form": form}
                )

    def install(self) -> None:
        import salescoach.queries as queries

        queries.fetch_df = self._wrapper
        self._patched = [(queries, "fetch_df")]
        for module in list(sys.modules.values()):
            if (
                module is not None
                and module is not queries
                and getattr(module, "fetch_df", None) is self.original
            ):
                module.fetch_df = self._wrapper
                self._patched.append((module, "fetch_df"))

    def uninstall(self) -> None:
        for module, attr in self._patched:
            setattr(module, attr, self.original)
        self._patched = []

    def take(self) -> list[dict]:
        with self._lock:
            calls, self.calls = self.calls, []
        return calls


def _query_key(call: dict) -> tuple:
    return call["name"], call["form"], tuple(sorted((k, repr(v)) for k, v in call["params"].items()))


def retime_queries(recorder: QueryRecorder, calls: list[dict], repeat: int) -> list[dict]:
    """Each distinct recorded query re-run warm `repeat` times on the app's connection."""
    from salescoach.queries import bind

    distinct: dict[tuple, dict] = {}
    for call in calls:
        entry = distinct.setdefault(_query_key(call), {**call, "calls": 0})
        entry["calls"] += 1
    rows = []
    for entry in distinct.values():
        con, name, params, form = entry["con"], entry["name"], entry["params"], entry["form"]
        warm, _ = median_ms(
            lambda con=con, name=name, params=params, form=form: recorder.original(con, name, params, form),
            repeat,
        )
        rows.append(
            {
                "name": name,
                "form": form,
                "params": _jsonable(bind(name, params)),
                "calls": entry["calls"],
                "first_ms": round(entry["ms"], 2),
                "warm_ms": round(warm, 2),
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# Pages through AppTest
# --------------------------------------------------------------------------------------


def discover_pages(app_dir: Path = ROOT) -> list[str]:
    """The page files under `pages/`, relative to the app (pages/x.py)."""
    folder = app_dir / "pages"
    if not folder.is_dir():
        return []
    return [
        f"pages/{p.name}"
        for p in sorted(folder.glob("*.py"))
        if not p.name.startswith("_") and p.name != "__init__.py"
    ]


def _clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _timed_run(at, timeout: float) -> float:
    start = time.perf_counter()
    at.run(timeout=timeout)
    return (time.perf_counter() - start) * 1000


def _errors(at) -> list[str]:
    return [str(getattr(e, "message", e))[:300] for e in at.exception]


def _session_value(at, key: str):
    try:
        return at.session_state[key]
    except KeyError:
        return None


def _widget(at, kind: str, key: str):
    try:
        return getattr(at, kind)(key=key)
    except (KeyError, IndexError):
        return None


def measure_page(
    page: str,
    recorder: QueryRecorder,
    bump_version: Callable[[], None],
    team: str | None,
    seller_id: str | None,
    repeat: int,
    timeout: float,
) -> dict:
    """Cold, warm, filter-change and after-import renders of one page, with its queries."""
    from streamlit.testing.v1 import AppTest

    app = ROOT / "app.py"
    result: dict = {"page": page, "errors": [], "renders": {}, "queries": [], "notes": []}
    at = AppTest.from_file(str(app), default_timeout=timeout)
    at.run(timeout=timeout)  # AppTest needs one run of the entrypoint before switch_page
    at.switch_page(page)
    # A second AppTest run of an st.navigation app resets the period selectbox to its first
    # option (week); the URL puts the default view back, as a shared link would.
    at.run(timeout=timeout)
    at.query_params[PERIOD_URL] = DEFAULT_PERIOD
    if Path(page).stem == "seller" and seller_id:
        at.query_params["seller"] = seller_id  # the seller page shows one seller
    recorder.take()

    _clear_streamlit_caches()
    result["renders"]["cold"] = _timed_run(at, timeout)
    result["errors"] += _errors(at)
    cold_calls = recorder.take()
    result["period"] = _session_value(at, PERIOD_KEY)

    warm = [_timed_run(at, timeout) for _ in range(max(1, min(repeat, 3)))]
    result["renders"]["warm"] = statistics.median(warm)
    warm_calls = recorder.take()
    result["warm_run_queries"] = sorted({c["name"] for c in warm_calls})
    page_queries = {c["name"] for c in cold_calls} - {"database_meta"}
    rerun = sorted({c["name"] for c in warm_calls} & page_queries)
    if rerun:
        result["notes"].append(f"warm run re-ran cached queries: {', '.join(rerun)} (st.cache_data missing?)")

    # The default view's queries, re-timed warm on the app's own connection.
    result["queries"] = retime_queries(recorder, cold_calls, repeat)
    result["queries_total_ms"] = round(sum(q["warm_ms"] * q["calls"] for q in result["queries"]), 2)
    result["queries_first_run_ms"] = round(sum(c["ms"] for c in cold_calls), 2)

    # Filter changes: another team, then the whole year (both new cache keys, so queries run).
    result["filter_changes"] = []
    for key, label, value in ((TEAM_KEY, "team", team), (PERIOD_KEY, "period", "year")):
        widget = _widget(at, "selectbox", key)
        if widget is None:
            result["notes"].append(f"no selectbox {key!r} on this page: {label} change not measured")
            continue
        if value is None or value == widget.value:
            result["notes"].append(f"no other {label} to pick")
            continue
        widget.set_value(value)
        ms = _timed_run(at, timeout)
        calls = recorder.take()
        result["errors"] += _errors(at)
        result["filter_changes"].append(
            {
                "change": f"{label}={value}",
                "ms": round(ms, 1),
                "queries_run": len(calls),
                "queries_ms": round(sum(c["ms"] for c in calls), 2),
                "slowest": sorted(
                    ({"name": c["name"], "ms": round(c["ms"], 2)} for c in calls), key=lambda q: -q["ms"]
                )[:3],
            }
        )

    # An import bumps the data version: the cached queries must run again.
    bump_version()
    result["renders"]["after_import"] = _timed_run(at, timeout)
    after = recorder.take()
    result["errors"] += _errors(at)
    rerun_after_import = {c["name"] for c in after} - {"database_meta"}
    result["cache_invalidated_by_import"] = bool(rerun_after_import) or not page_queries
    if page_queries and not rerun_after_import:
        result["notes"].append(
            "after an import no page query ran again: the cache is not keyed on data_version"
        )

    result["renders"] = {k: round(v, 1) for k, v in result["renders"].items()}
    return result


# --------------------------------------------------------------------------------------
# One scale
# --------------------------------------------------------------------------------------


def _scorecard_periods(end: dt.date) -> dict[str, tuple[dt.date, dt.date, dt.date]]:
    quarter_start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return {
        "quarter": (quarter_start, end, end),
        "year": (dt.date(end.year, 1, 1), end, end),
    }


def _scorecard_forms(coach, cursor, bounds: tuple[dt.date, dt.date, dt.date], repeat: int) -> dict:
    """One period's scorecard in both physical forms and at every grain, timed and compared."""
    from bench import pandas_scorecard
    from salescoach.queries import FORM_INLINE, bind, query_text

    date_from, date_to, as_of = bounds
    params = {"date_from": date_from, "date_to": date_to, "as_of": as_of}
    sql_ms, _ = median_ms(lambda: coach.scorecard(**params), repeat)
    shipped = coach.scorecard(**params)
    raw_sql = query_text("seller_scorecard", FORM_INLINE)
    raw_params = bind("seller_scorecard", {"periods": [params], "teams": None, "active_only": False})
    raw_ms, _ = median_ms(lambda: cursor.execute(raw_sql, raw_params).df(), repeat)
    mismatch = pandas_scorecard.compare(
        shipped, cursor.execute(raw_sql, raw_params).df().drop(columns="period")
    )
    grains = ("seller", "team", "all")
    grain_ms, _ = median_ms(lambda: coach.scorecards([(date_from, date_to, as_of)], grain=grains), repeat)
    by_grain = coach.scorecards([(date_from, date_to, as_of)], grain=grains).drop(columns="period")
    sellers = by_grain[by_grain["grain"] == "seller"].drop(columns=["grain", "sellers", "thin_sellers"])
    grain_mismatch = pandas_scorecard.compare(shipped, sellers.reset_index(drop=True))
    grain_raw_sql = query_text("scorecard_by_grain", FORM_INLINE)
    grain_raw = (
        cursor.execute(grain_raw_sql, {**raw_params, "grains": list(grains)}).df().drop(columns="period")
    )
    grain_raw_equal = by_grain.round(9).equals(grain_raw.round(9))
    return {
        "params": _jsonable(params),
        "sql_ms": round(sql_ms, 2),
        "raw_sql_ms": round(raw_ms, 2),
        "raw_equal": not mismatch,
        "raw_mismatches": mismatch,
        "grains_ms": round(grain_ms, 2),
        "grains_rows": len(by_grain),
        "grains_equal": not grain_mismatch and grain_raw_equal,
        "grains_mismatches": grain_mismatch
        + ([] if grain_raw_equal else ["grain rows differ between forms"]),
    }


def _memory_queries(coach, end: dt.date, repeat: int) -> dict:
    """Pipeline memory's queries on the demo's weekly history (issue #15): the waterfall of the
    last week at every grain (and its identity checked on every row), the offers behind it,
    coverage as it stood over 13 weeks, the stages and the sales cycle of the quarter."""
    week = [end - dt.timedelta(days=7), end]
    quarter_start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    period = {"date_from": quarter_start, "date_to": end}
    calls = {
        "waterfall": (
            "pipeline_changes_by_grain",
            {"as_of_days": week, "teams": None, "grains": ["seller", "team", "all"]},
        ),
        "offers_behind": (
            "pipeline_change_offer_list",
            {"as_of_days": week, "teams": None, "seller_id": None, "movement": "changed", "limit": 300},
        ),
        "coverage_13_weeks": (
            "coverage_by_grain",
            {
                "as_of_days": [end - dt.timedelta(days=7 * k) for k in range(12, -1, -1)],
                "teams": None,
                "grains": ["seller", "all"],
            },
        ),
        "stages": (
            "stages_by_grain",
            {
                **period,
                "as_of_days": [end],
                "stalled_days": 30,
                "teams": None,
                "grains": ["seller", "team", "all"],
            },
        ),
        "stalled_offers": (
            "stalled_offers",
            {"as_of_days": [end], "stalled_days": 30, "teams": None, "seller_id": None, "limit": 300},
        ),
        "sales_cycle": (
            "sales_cycle_by_grain",
            {**period, "teams": None, "grains": ["seller", "team", "all"]},
        ),
    }
    out: dict = {}
    for name, (query, params) in calls.items():
        ms, _ = median_ms(lambda query=query, params=params: coach.query(query, **params), repeat)
        out[name] = {"query": query, "ms": round(ms, 2), "rows": len(coach.query(query, **params))}
    rows = coach.query(*calls["waterfall"][0:1], **calls["waterfall"][1])
    moved = rows["start_pipeline"] + rows["new_value"] + rows["increased_value"] - rows["decreased_value"]
    moved -= rows["won_value"] + rows["lost_value"]
    out["waterfall"]["identity_max_error"] = float((moved - rows["end_pipeline"]).abs().max())
    return out


def measure_scale(db_path: Path, end: dt.date, repeat: int, pages: list[str] | None, timeout: float) -> dict:
    os.environ["SALESCOACH_DB"] = str(db_path)  # the app's default database is the bench database
    import salescoach
    from bench import pandas_scorecard
    from salescoach.db import refresh_rollups

    out: dict = {"db_path": str(db_path), "db_size_mb": round(db_path.stat().st_size / 2**20, 1)}
    coach = salescoach.connect(db_path)
    con = coach._con  # noqa: SLF001 - the bench times raw SQL on the store's connection
    out["rows"] = dict(coach.query("table_row_counts").itertuples(index=False, name=None))
    out["peak_rss_mb_opened"] = round(peak_rss_mb(), 1)

    # 1. Rollup refresh (what every import now also does, in its staged copy of the published
    # file: the app's connection is read-only) and the floor.
    staging = coach.file.stage()
    try:
        writing = staging.con.cursor()
        start = time.perf_counter()
        writing.begin()
        refresh_rollups(writing)
        writing.commit()
        out["rollup_refresh_ms"] = round((time.perf_counter() - start) * 1000, 1)
        writing.close()
    finally:
        staging.discard()
    cursor = con.cursor()
    out["floor"] = {
        "count_star_ms": round(
            median_ms(lambda: cursor.execute("select count(*) from activities").fetchall(), repeat)[0], 3
        ),
        "scan_count_ms": round(
            median_ms(
                lambda: cursor.execute("select count(*) from activities where status = 'done'").fetchall(),
                repeat,
            )[0],
            3,
        ),
    }

    # 2. The scorecard in SQL: on the rollups (what the app reads), the same query with the base
    # relations as subqueries of the raw tables (what a read-only open of a stale file reads),
    # and the rows of every grain (seller, team, all teams), each checked against the first.
    scorecards = {
        period: _scorecard_forms(coach, cursor, bounds, repeat)
        for period, bounds in _scorecard_periods(end).items()
    }
    out["scorecard"] = scorecards
    out["memory"] = _memory_queries(coach, end, repeat)

    # 3. Pages.
    recorder = QueryRecorder()
    page_list = discover_pages() if pages is None else pages
    out["pages"] = []
    if page_list:
        # Imported before patching so every module that imported fetch_df is found.
        import salescoach.ui  # noqa: F401

        recorder.install()

        seller_list = coach.query("seller_list")
        teams = sorted(seller_list["team"].dropna().unique())
        team = str(teams[0]) if teams else None
        seller_id = str(seller_list["seller_id"].iloc[0]) if len(seller_list) else None

        def bump_version() -> None:
            coach.load_frames({}, source=coach.meta().get("source", "import"))

        try:
            for page in page_list:
                try:
                    out["pages"].append(
                        measure_page(page, recorder, bump_version, team, seller_id, repeat, timeout)
                    )
                except Exception as error:  # noqa: BLE001 - one broken page must not hide the others
                    out["pages"].append({"page": page, "errors": [f"{type(error).__name__}: {error}"[:500]]})
                recorder.take()
        finally:
            recorder.uninstall()
            with contextlib.suppress(Exception):
                _clear_streamlit_caches()
    out["peak_rss_mb_app"] = round(peak_rss_mb(), 1)

    # 4. Pandas, the usual way: read whole tables, group, merge (after the app's peak is taken).
    date_from, date_to, as_of = _scorecard_periods(end)["quarter"]
    pandas_repeat = max(1, min(repeat, 3))
    read_ms, _ = median_ms(lambda: pandas_scorecard.read_tables(con), pandas_repeat)
    frames = pandas_scorecard.read_tables(con)
    compute_ms, _ = median_ms(
        lambda: pandas_scorecard.scorecard_from_frames(frames, date_from, date_to, as_of), pandas_repeat
    )
    total_ms, _ = median_ms(lambda: pandas_scorecard.scorecard(con, date_from, date_to, as_of), pandas_repeat)
    mismatch = pandas_scorecard.compare(
        coach.scorecard(date_from, date_to, as_of),
        pandas_scorecard.scorecard_from_frames(frames, date_from, date_to, as_of),
    )
    sql_ms = scorecards["quarter"]["sql_ms"]
    out["pandas"] = {
        "period": "quarter",
        "read_ms": round(read_ms, 1),
        "compute_ms": round(compute_ms, 1),
        "total_ms": round(total_ms, 1),
        "ratio": round(total_ms / sql_ms, 1),
        "ratio_compute_only": round(compute_ms / sql_ms, 2),
        "ratio_raw": round(total_ms / scorecards["quarter"]["raw_sql_ms"], 1),
        "ratio_compute_only_raw": round(compute_ms / scorecards["quarter"]["raw_sql_ms"], 2),
        "equal": not mismatch,
        "mismatches": mismatch,
        "columns_compared": list(pandas_scorecard.COMPARED_COLUMNS),
    }
    out["peak_rss_mb_total"] = round(peak_rss_mb(), 1)
    coach.close()
    return out
