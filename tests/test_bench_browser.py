"""The browser benchmark (bench/browser.py) runs end to end on the small demo, so it cannot rot.

One repeat of the team overview (every kind of step: loads, filter changes, the drill-down,
presentation mode and the review step) and the activity page (five charts, one a heatmap),
in Debian's Chromium against a real server on a copy of the 12-seller demo database. No
timing target is asserted: only that every step was measured and the numbers are plausible.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import browser as bench_browser
from tests.db_state import copy_database

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["team_overview", "activity"]


@pytest.fixture(scope="module")
def measured(demo_template, tmp_path_factory):
    if not bench_browser.CHROMIUM.exists():
        pytest.skip(f"{bench_browser.CHROMIUM} is not installed (Debian package chromium)")
    tmp = tmp_path_factory.mktemp("bench-browser")
    db = tmp / "demo.duckdb"
    copy_database(demo_template, db)
    out = tmp / "browser.json"
    args = ["--db", str(db), "--repeats", "1", "--pages", *PAGES, "--json", str(out), "--timeout", "60"]
    # Its own process: the browser tests' Playwright may already run in this one.
    command = [sys.executable, "-m", "bench.browser", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text()), out.with_suffix(".md").read_text()


def test_every_step_of_every_page_is_measured(measured):
    results, _ = measured
    (scale,) = results["scales"]
    for page in PAGES:
        steps = scale["runs"][page]
        assert set(steps) == {"load", "load_warm_server", "load_cached", *bench_browser.PAGES[page]}, page
        for name, (run,) in steps.items():
            where = (page, name, run)
            assert not run["timed_out"] and run["state"] == "notRunning" and not run["exceptions"], where
            assert 0 < run["idle_ms"] <= run["drawn_ms"] < 60_000, where
            assert run["bytes"] > 0 and run["messages"] > 0, where
            assert run["server_cpu_ms"] >= 0 and run["browser_cpu_ms"] >= 0, where
            assert run["charts"] >= 2 and run["charts_drawn"] == run["charts"] and run["stale"] == 0, where
            # every chart of the page's last script run (sent, or referenced from the cache) is drawn
            assert run["charts"] == run["charts_sent"], where
            # the largest message is decoded and named, and it is part of the bytes counted
            size, what = run["largest"][0]
            assert what != "?" and 0 < size <= run["bytes"], where


def test_every_chart_the_server_sent_is_counted_drawn(measured):
    results, _ = measured
    runs = results["scales"][0]["runs"]
    # A first load receives every chart (nothing cached yet): the page counts each one drawn.
    # The activity page of the demo: meetings per week, mix, heatmap, direction, planned.
    assert runs["activity"]["load"][0]["charts_sent"] == runs["activity"]["load"][0]["charts"] == 5
    # The overview: coverage this quarter and next, sales against target, and the waterfall of
    # what moved since the last review.
    assert runs["team_overview"]["load"][0]["charts_sent"] == runs["team_overview"]["load"][0]["charts"] == 4
    assert runs["activity"]["load"][0]["svg_nodes"] > 500  # the heatmap alone draws hundreds
    # a first load makes both work: the server runs the script, Chromium draws
    assert (
        runs["activity"]["load"][0]["server_cpu_ms"] > 0 and runs["activity"]["load"][0]["browser_cpu_ms"] > 0
    )


def test_the_steps_did_what_they_say(measured):
    results, _ = measured
    scale = results["scales"][0]
    steps = {name: run for name, (run,) in scale["runs"]["team_overview"].items()}
    assert "period=year" in steps["period_year"]["url"]
    assert f"team={scale['team']}" in steps["team"]["url"].replace("+", " ")
    assert (
        steps["drill_down"]["ok"]
        and "/seller?" in steps["drill_down"]["url"]
        and "seller=S" in steps["drill_down"]["url"]
    )
    # the seller page's charts, drawn: its trend (one figure of six panels) and the waterfall
    # since the last 1:1 (the overview has four)
    assert (
        steps["drill_down"]["charts"] == steps["drill_down"]["charts_drawn"] == 2 != steps["team"]["charts"]
    )
    assert "present=1" in steps["present_load"]["url"]
    started, after = steps["review_start"]["url"], steps["review_next"]["url"]
    assert "seller=S" in started and "seller=S" in after and started != after


def test_the_table_has_a_row_per_step_and_the_machine(measured):
    results, table = measured
    assert "CPUs" in table and "load average" in table
    for page in PAGES:
        for name in results["scales"][0]["medians"][page]:
            assert f"| {page} | {name} |" in table
    medians = results["scales"][0]["medians"]["activity"]["period_year"]
    assert medians["repeats"] == 1 and medians["drawn_ms"] > 0 and medians["largest_bytes"] > 0
