"""The pages at company scale in AppTest: 500 sellers in 42 teams (one year of demo data).

Issue #19: no single rerun sends more than 500 kB, and a view that would draw every seller
summarises instead and says so, showing every seller when asked. The sizes are those of the
serialized ForwardMsgs the script run produces, the messages a browser receives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest, local_script_runner

from salescoach.store import create_demo_database
from tests.chart_elements import sent_charts

APP = str(Path(__file__).resolve().parent.parent / "app.py")
END = dt.date(2026, 11, 23)
BUDGET = 500_000  # bytes, the largest message of a rerun (issue #19)


@pytest.fixture(scope="module")
def company_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("company") / "company.duckdb"
    with create_demo_database(path, sellers=500, years=1, end=END) as coach:
        sellers = coach.query("seller_list")
    assert len(sellers) == 500 and sellers["team"].nunique() == 42
    return path


@pytest.fixture
def messages(monkeypatch):
    """The ForwardMsgs of the last script run: (bytes, what), largest first."""
    seen: list[tuple[int, str]] = []
    parse = local_script_runner.parse_tree_from_messages

    def recording(forward_msgs):
        seen.clear()
        for message in forward_msgs:
            element = message.delta.new_element.WhichOneof("type") if message.HasField("delta") else None
            seen.append((message.ByteSize(), element or message.WhichOneof("type")))
        seen.sort(reverse=True)
        return parse(forward_msgs)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", recording)
    return seen


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def run_page(monkeypatch, db: Path, page: str, **query_params: str) -> AppTest:
    monkeypatch.setenv("SALESCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page(f"pages/{page}.py")
    for name, value in query_params.items():
        at.query_params[name] = value
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart(at: AppTest, key: str) -> dict:
    """The plotly figure the chart with widget key `key` sends (its element id ends in the key)."""
    (found,) = [c for c in sent_charts(at) if c.key == key]
    return found.figure


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("team_overview", {"period": "year"}),
        ("activity", {}),
        ("activity", {"period": "year"}),
        ("conversion", {"period": "year"}),
        ("pipeline", {"period": "year"}),
        ("seller", {"period": "year", "seller": "S001"}),
        ("coaching", {}),
    ],
)
def test_no_message_of_a_500_seller_page_is_over_the_budget(monkeypatch, company_db, messages, page, params):
    run_page(monkeypatch, company_db, page, **params)
    assert messages, "no message recorded"
    size, what = messages[0]
    assert size <= BUDGET, f"{page}: the largest message is {size:,} bytes ({what})"


def test_the_activity_grid_shows_the_teams_and_every_seller_when_asked(monkeypatch, company_db, messages):
    at = run_page(monkeypatch, company_db, "activity", period="year")
    assert "Meetings per team and week" in [h.value for h in at.subheader]
    assert any(c.value.startswith("One row per team: the 42 teams of ") for c in at.caption)
    grid = chart(at, "activity_heatmap")["data"][0]
    assert len(grid["y"]) == 42 and "texttemplate" not in grid  # no number written in the cells
    weekly = [d.value for d in at.dataframe if "meetings_target" in d.value.columns][0]
    assert len(weekly) == 100  # a page of the weekly table, not its ~22,000 rows
    at.toggle(key="activity_every_seller").set_value(True)
    at = rerun(at)
    assert "Meetings per seller and week" in [h.value for h in at.subheader]
    sellers = len(chart(at, "activity_heatmap")["data"][0]["y"])
    assert 400 < sellers <= 500  # every seller with activity this year (some left, some joined)
    assert messages[0][0] <= BUDGET  # even every seller's year fits the budget


def test_conversion_ranks_the_top_and_bottom_and_every_seller_when_asked(monkeypatch, company_db):
    at = run_page(monkeypatch, company_db, "conversion", period="year")
    bars = chart(at, "conversion_hit_rate_chart")["data"][0]
    assert len(bars["y"]) == 20  # the 10 highest and the 10 lowest hit rates
    assert any(c.value.startswith("The 10 highest and the 10 lowest of ") for c in at.caption)
    assert any(c.value.startswith("One funnel of all 42 teams together") for c in at.caption)
    at.toggle(key="conversion_every_seller").set_value(True)
    at = rerun(at)
    assert len(chart(at, "conversion_hit_rate_chart")["data"][0]["y"]) > 400
    assert not any(c.value.startswith("The 10 highest") for c in at.caption)


def test_the_overview_lists_a_long_attention_list_in_a_table_and_summarises_its_charts(
    monkeypatch, company_db
):
    at = run_page(monkeypatch, company_db, "team_overview")
    (table,) = [d.value for d in at.dataframe if "why" in d.value.columns]
    caption = next(c.value for c in at.caption if "sellers need attention: the 3 most urgent" in c.value)
    count = int(caption.split()[0].replace(",", ""))
    assert count > 20 and len(table) == min(count, 100)  # every seller of the list, a page of 100 rows
    assert table["rank"].tolist()[:3] == [1, 2, 3]
    # three cards (a button each) and no card per seller behind "N more"
    assert len([b for b in at.button if b.key.startswith("overview_attention_open_")]) == 3
    assert not at.expander
    # the charts against the need: the 10 furthest above and below it, said so, every seller on request
    for key in ("overview_coverage_chart", "overview_coverage_chart_next", "overview_sales_chart"):
        assert len(chart(at, key)["data"][0]["y"]) == 20, key
    assert len([c for c in at.caption if c.value.startswith("The 10 sellers furthest above their need")]) == 3
    at.toggle(key="overview_every_seller").set_value(True)
    at = rerun(at)
    assert len(chart(at, "overview_coverage_chart")["data"][0]["y"]) > 400  # every active seller
    assert not any(c.value.startswith("The 10 sellers furthest") for c in at.caption)


def test_the_pipeline_coverage_charts_summarise_and_show_every_seller_when_asked(monkeypatch, company_db):
    at = run_page(monkeypatch, company_db, "pipeline")
    for key in ("pipeline_coverage_chart", "pipeline_next_coverage_chart"):
        assert len(chart(at, key)["data"][0]["y"]) == 20, key
    at.toggle(key="pipeline_every_seller").set_value(True)
    at = rerun(at)
    assert len(chart(at, "pipeline_coverage_chart")["data"][0]["y"]) > 400
