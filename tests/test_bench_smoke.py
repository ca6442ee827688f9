"""The benchmark harness (bench/) runs end to end at a tiny scale, so it cannot rot.

No timing is asserted: only that every page and every measured part has its row, and
that the pandas scorecard, the same SQL on the raw tables (the base relations as subqueries)
and the scorecard at every grain agree with queries/seller_scorecard.sql on the rollups.
"""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from bench import pandas_scorecard
from bench.measure import discover_pages
from salescoach.queries import FORM_INLINE, fetch_df

ROOT = Path(__file__).resolve().parent.parent

PAGE_PARTS = ("page_queries", "render_cold", "render_warm", "render_after_import")
SCALE_PARTS = (
    "data",
    "generate",
    "rollup_refresh",
    "floor",
    "floor_scan",
    "scorecard_sql",
    "scorecard_raw",
    "scorecard_grains",
    "scorecard_pandas",
    "scorecard_ratio",
    "peak_memory",
    "app_start",
)


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "results.json"
    command = [sys.executable, "-m", "bench.run", "--scales", "3x1", "--repeat", "2"]
    command += ["--data-dir", str(tmp / "data"), "--json", str(out), "--timeout", "120"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text()), done.stdout


def _parts(results, scale="3x1"):
    return [row for row in results["rows"] if row["scale"] == scale]


def test_every_page_has_a_row_for_each_part(bench):
    results, _ = bench
    pages = discover_pages()
    assert results["settings"]["pages"] == pages
    rows = _parts(results)
    for page in pages:
        for part in PAGE_PARTS:
            assert any(r["part"] == part and r["item"].startswith(page) for r in rows), (page, part)
        # A filter change is measured, or the row says why not (a page without the sidebar filters).
        assert any(
            r["part"] in ("render_filter_change", "page_notes", "page_errors") and r["item"].startswith(page)
            for r in rows
        ), page


def test_every_scale_part_and_the_app_start_have_rows(bench):
    results, stdout = bench
    parts = {r["part"] for r in _parts(results)}
    assert set(SCALE_PARTS) <= parts
    assert any(r["part"] == "app_start_demo" for r in results["rows"])
    assert results["app_start_demo"].get("finished") == "FINISHED_SUCCESSFULLY", results["app_start_demo"]
    for row in results["rows"]:
        if row["part"] in ("page_queries", "render_cold", "scorecard_sql", "scorecard_pandas", "peak_memory"):
            assert isinstance(row["value"], int | float) and row["value"] >= 0, row
    assert "page_queries" in stdout and "JSON:" in stdout


def test_pandas_and_raw_table_scorecards_equal_the_sql_one(bench):
    results, _ = bench
    scale = results["scales"][0]
    assert scale["pandas"]["equal"], scale["pandas"]["mismatches"]
    assert set(scale["pandas"]["columns_compared"]) >= {
        "meetings",
        "hit_rate",
        "sales",
        "pipeline_coverage",
        "thin",
    }
    for period, card in scale["scorecard"].items():
        assert card["raw_equal"], (period, card["raw_mismatches"])
        assert card["grains_equal"], (period, card["grains_mismatches"])
        assert card["grains_rows"] > 3  # 3 sellers, their teams and all teams


@pytest.mark.parametrize(
    "period",
    [
        ("2026-01-01", "2026-03-31", "2026-02-15"),
        ("2026-02-01", "2026-02-07", None),
        ("2025-01-01", "2026-12-31", None),
    ],
)
def test_pandas_and_raw_table_scorecards_on_the_hand_computed_fixture(tiny_coach, period):
    sql = tiny_coach.scorecard(*period)
    con = tiny_coach._con
    pandas = pandas_scorecard.scorecard(con, *period)
    assert pandas_scorecard.compare(sql, pandas) == []
    params = dict(zip(("date_from", "date_to", "as_of"), period, strict=True))
    params["as_of"] = params["as_of"] or params["date_to"]
    raw = fetch_df(
        con, "seller_scorecard", {"periods": [params], "teams": None, "active_only": False}, FORM_INLINE
    )
    raw = raw.drop(columns="period")
    pd.testing.assert_frame_equal(raw, sql, check_exact=False, rtol=1e-12)  # same columns and types
    # The fixture's S1 in Q1: 5 meetings and 5300 of sales (tests/test_scorecard.py), the pandas way too.
    if period[0] == "2026-01-01":
        s1 = pandas.set_index("seller_id").loc["S1"]
        assert (s1["meetings"], s1["sales"]) == (5, 5300)


def test_the_interleaved_replay_runs_every_recorded_page(bench, tmp_path, capsys):
    from bench import interleave

    results, _ = bench
    saved = tmp_path / "results.json"
    saved.write_text(json.dumps(results))
    db = results["scales"][0]["db_path"]
    queries = interleave.page_queries(saved, ROOT / "queries", "3x1")
    assert queries["pages/seller.py"] and all(calls >= 1 for _, _, calls in queries["pages/seller.py"])
    args = ["--before", str(saved), "--before-queries", str(ROOT / "queries"), "--after", str(saved)]
    assert interleave.main([*args, "--db", db, "--scale", "3x1", "--repeat", "1"]) == 0
    printed = capsys.readouterr().out
    assert all(page in printed for page in results["settings"]["pages"])


def test_pipeline_memory_has_its_rows_and_the_waterfall_adds_up(bench):
    # issue #15: the waterfall, the offers behind it, coverage as it stood, stages, the cycle
    results, _ = bench
    parts = {r["part"] for r in _parts(results)}
    wanted = {"memory_history", "memory_waterfall", "memory_offers_behind", "memory_coverage_13_weeks"}
    assert wanted | {"memory_stages", "memory_stalled_offers", "memory_sales_cycle"} <= parts
    memory = results["scales"][0]["memory"]
    assert memory["waterfall"]["rows"] > 3 and memory["waterfall"]["identity_max_error"] < 1e-6


def test_the_rerun_profiler_names_where_a_rerun_goes(tmp_path):
    # bench/profile_rerun.py at 3 sellers x 1 year: the page's reruns timed, the page's own
    # code among the profiled functions (the script thread is the one profiled).
    done = subprocess.run(
        [sys.executable, "-m", "bench.profile_rerun", "--scale", "3x1", "--data-dir", str(tmp_path)]
        + ["--page", "team_overview", "--runs", "2", "--top", "400"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "team_overview: reruns " in done.stdout
    assert "the page shows an exception" not in done.stdout
    assert "pages/team_overview.py:1(<module>)" in done.stdout
    assert "salescoach/ui/tables.py" in done.stdout
