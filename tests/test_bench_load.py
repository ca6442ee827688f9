"""The load benchmark (bench/load.py) runs end to end on the small demo, so it cannot rot.

Two sessions clicking for a few seconds against one real server on a copy of the 12-seller
demo database, then the same against two replicas: no timing target is asserted, only that
the harness measured plausible numbers (every rerun finished, latency and bytes above zero,
server memory and CPU read) and that the simulated director does what the docs say.
"""

from __future__ import annotations

import json
import random

import pytest

from bench import load
from bench.load import Clicker, percentile
from tests.db_state import copy_database


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "demo.duckdb"
    copy_database(demo_template, path)
    return path


def _run(db, tmp_path, *extra) -> dict:
    out = tmp_path / "load.json"
    args = [
        "--db",
        str(db),
        "--sessions",
        "2",
        "--warmup",
        "1",
        "--duration",
        "5",
        "--json",
        str(out),
        *extra,
    ]
    assert load.main(args) == 0
    return json.loads(out.read_text())


def test_two_sessions_on_one_server(demo_db, tmp_path, capsys):
    results = _run(demo_db, tmp_path)
    (level,) = results["levels"]
    assert level["sessions"] == 2 and level["replicas"] == 1 and "error" not in level
    assert level["errors"] == 0, level["error_examples"]
    assert level["reruns"] >= 4 and level["reruns_per_s"] > 0
    assert 0 < level["p50_ms"] <= level["p95_ms"] <= level["max_ms"] < 60_000
    assert level["server_rss_mb_peak"] > 50 and level["server_cpu_cores"] > 0
    reruns = level["all_reruns"]
    assert {r["session"] for r in reruns} == {0, 1}
    assert [r["action"] for r in reruns if r["session"] == 0][0] == "open"
    for rerun in reruns:
        assert rerun["finished"] == "FINISHED_SUCCESSFULLY" and rerun["exceptions"] == 0, rerun
        assert rerun["ms"] > 0 and rerun["bytes"] > 0 and rerun["end_s"] > rerun["start_s"], rerun
        if rerun["action"] == "drill_down":  # two script runs: the overview's switch_page, the seller page
            assert rerun["runs"] == 2 and "seller=S" in rerun["query"], rerun
    printed = capsys.readouterr().out
    assert "| 2 | 1 |" in printed and "JSON:" in printed


def test_two_replicas_serve_or_say_why_not(demo_db, tmp_path):
    """Until the app opens its analytics read-only, a second server cannot open the file."""
    (level,) = _run(demo_db, tmp_path, "--replicas", "2")["levels"]
    assert level["replicas"] == 2
    if "error" in level:
        assert level["error"].startswith("server 2 of 2 did not serve the team overview: ")
        assert "in use by another program" in level["error"]
    else:
        assert level["errors"] == 0 and level["reruns"] >= 4 and level["p50_ms"] > 0


class FakeSession:
    """The widgets a session sees on the team overview (labels as the sidebar shows them)."""

    widgets = {
        "filter_period": {
            "id": "p",
            "kind": "selectbox",
            "options": ["Week", "Month", "Quarter", "Year", "Custom dates"],
        },
        "filter_team": {"id": "t", "kind": "selectbox", "options": ["All teams", "Enterprise", "SMB"]},
        "overview_table": {"id": "o", "kind": "dataframe", "options": [], "rows": 3},
    }

    def widget(self, key):
        return self.widgets[key]

    def select(self, key, option):
        options = self.widgets[key]["options"]
        return (key, options[option] if isinstance(option, int) else option)

    def pick_rows(self, key, rows):
        return (key, rows)


def test_the_director_clicks_every_kind_of_step_and_drills_down_only_from_the_overview():
    clicker = Clicker(FakeSession(), random.Random(7))
    seen = []
    for _ in range(400):
        page_before = clicker.page
        action, how = clicker.next_action()
        seen.append(action)
        if action == "drill_down":
            assert page_before == "team_overview" and clicker.page == "seller"
            ((key, rows),) = how["widgets"]
            assert key == "overview_table" and 0 <= rows[0] < 3  # the rows the table shows
        elif action == "page":
            assert how["page"] in load.PAGES and how["page"] != page_before and how["query"] == ""
        elif action == "period":
            ((key, label),) = how["widgets"]
            assert key == "filter_period" and label != "Custom dates"
    assert set(seen) == {"page", "period", "team", "drill_down"}


def test_percentile_interpolates_like_numpy():
    # [10, 20, 30, 40]: p50 halfway between 20 and 30; p95 at 0.95 * 3 = 2.85 -> 30 + 0.85 * 10
    assert percentile([40, 10, 30, 20], 0.5) == 25.0
    assert percentile([40, 10, 30, 20], 0.95) == 38.5
    assert percentile([], 0.5) is None
