"""The Activity, Conversion and Pipeline pages in AppTest, on demo data and on an empty database.

The demo database ends on 2026-11-23, so the default period is Q4 2026 to date
(1.10.-23.11.2026) with the pipeline as of 23.11.2026.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import salescoach
from salescoach.charts import describe_bar, selected_bar
from salescoach.metrics import format_value
from salescoach.store import create_demo_database
from tests.chart_elements import sent_charts

APP = str(Path(__file__).resolve().parent.parent / "app.py")
END = dt.date(2026, 11, 23)
PERIOD = {"date_from": dt.date(2026, 10, 1), "date_to": END, "as_of": END, "teams": None, "seller_id": None}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with create_demo_database(path, end=END) as coach:
        card = coach.scorecard(PERIOD["date_from"], END)
        december = coach.query("offers_in_month", kind="expected", month=dt.date(2026, 12, 1), **PERIOD)
    return {"path": path, "scorecard": card, "december_offers": december}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    salescoach.connect(path).close()
    return path


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def run_page(monkeypatch, db: Path, page: str, **query_params: str) -> AppTest:
    monkeypatch.setenv("SALESCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"pages/{page}.py")
    for name, value in query_params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def headings(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def tables(at: AppTest, *columns: str, without: tuple[str, ...] = ()) -> list[pd.DataFrame]:
    """The tables on the page that have all these columns and none of `without`."""
    return [
        d.value
        for d in at.dataframe
        if set(columns) <= set(d.value.columns) and not set(without) & set(d.value.columns)
    ]


def table(at: AppTest, *columns: str, without: tuple[str, ...] = ()) -> pd.DataFrame:
    """The one table on the page that has all these columns (and none of `without`)."""
    found = tables(at, *columns, without=without)
    assert len(found) == 1, f"{len(found)} tables with {columns}"
    return found[0]


def every_row(at: AppTest, key: str) -> AppTest:
    """Switch on "All N rows" of the paged table `key` (`ui.show_table` sends 100 rows a page):
    the tests read a long table whole through it."""
    at.toggle(key=f"{key}_every_row").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> int:
    return len(sent_charts(at))


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def sellers_of(demo_db, team: str | None = None, active_only: bool = True) -> set[str]:
    card = demo_db["scorecard"]
    if team:
        card = card[card["team"] == team]
    if active_only:
        card = card[card["active"]]
    return set(card["seller"])


# -- Activity --------------------------------------------------------------------------------


def test_activity_page_on_demo_data(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "activity")
    assert [t.value for t in at.title] == ["Activity"]
    assert headings(at) == [
        "Meetings per week against target",
        "All activity per week by type",
        "Meetings per seller and week",
        "Direction: prospects and existing customers",
        "Planned ahead",
        "Weekly activity by seller",
    ]
    assert charts(at) == 5  # meetings vs target, mix, heatmap, direction, planned ahead
    weekly = table(at, "week", "meetings_target", "emails")
    # Q4 2026 to date: the weeks of 28.9. .. 23.11. (9 Mondays); the sellers at work in the period
    assert weekly["week"].nunique() == 9
    assert set(weekly["seller"]) == sellers_of(demo_db)  # the leaver did nothing in Q4
    card = demo_db["scorecard"].set_index("seller")
    meetings = weekly.groupby("seller")["meetings"].sum()
    assert meetings.to_dict() == card.loc[meetings.index, "meetings"].to_dict()
    direction = table(at, "prospect_meetings")
    assert direction["meetings"].sum() == card["meetings"].sum()
    planned = table(at, "week", "seller", "calls", without=("meetings_target",))
    assert planned["week"].min() >= pd.Timestamp("2026-11-23")  # after as_of: the week of 23.11. on


def test_activity_team_filter_in_the_url(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "activity", team="SMB")
    assert "team SMB" in at.caption[0].value
    weekly = table(at, "week", "meetings_target", "emails")
    assert set(weekly["team"]) == {"SMB"}
    assert set(weekly["seller"]) == sellers_of(demo_db, "SMB")
    planned = table(at, "week", "seller", "calls", without=("meetings_target",))
    assert set(planned["team"]) == {"SMB"}


def test_activity_page_for_one_seller_has_no_heatmap(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "activity", seller="S07")
    assert "Meetings per seller and week" not in headings(at)
    weekly = table(at, "week", "meetings_target", "emails")
    assert set(weekly["seller"]) == {demo_db["scorecard"].set_index("seller_id").loc["S07", "seller"]}


def test_activity_page_on_an_empty_database(monkeypatch, empty_db):
    at = run_page(monkeypatch, empty_db, "activity")
    assert charts(at) == 0 and len(at.dataframe) == 0
    assert any("The database is empty" in text for text in infos(at))
    assert any(text.startswith("Nothing is planned for the four weeks after") for text in infos(at))


# -- Conversion ------------------------------------------------------------------------------


def test_conversion_page_on_demo_data(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "conversion")
    assert headings(at) == [
        "Funnel: meetings → offers → won",
        "Funnel per seller",
        "Funnel per team",
        "Hit rate by count and by value",
        "Offers needed per win",
        "Why offers were lost",  # the first of the tabs below the funnel, open by default
    ]
    card = demo_db["scorecard"]
    per_seller = table(at, "seller", "hit_rate", "offers_per_win")
    assert set(per_seller["seller"]) == sellers_of(demo_db)
    merged = per_seller.merge(card, on="seller", suffixes=("", "_card"))
    for column in ("meetings", "offers_sent", "offers_won", "offers_lost", "hit_rate", "value_hit_rate"):
        # tables keep the fractions (the formatter draws them as 42 %)
        assert merged[column].fillna(-1).tolist() == pytest.approx(
            merged[f"{column}_card"].fillna(-1).tolist()
        )
    per_team = table(at, "team", "hit_rate", without=("seller",))
    assert sorted(per_team["team"]) == sorted(card["team"].unique())
    hit_rate = [m for m in at.metric if m.label == "Hit rate"]
    won, lost = card["offers_won"].sum(), card["offers_lost"].sum()
    assert hit_rate[0].value == f"{won / (won + lost) * 100:.0f}%"
    losses = table(at, "loss_reason")
    assert losses["offers_lost"].sum() == card["offers_lost"].sum()
    assert charts(at) == 4  # the funnel, two seller charts, the loss reasons
    # the other tabs below the funnel, each drawn when opened (only the open one runs)
    opened = {
        "Sales stages": (["Sales stages"], 1),  # issue #15: stages and stalled offers
        "Sales cycle": (["Sales cycle"], 0),
        "Customer ladder": (["The customer ladder: prospects → customers → regular customers"], 1),  # #16
    }
    for tab, (section_headings, section_charts) in opened.items():
        at.session_state["conversion_section"] = tab
        at.run()
        assert not at.exception
        assert headings(at)[5:] == section_headings, tab
        assert "Why offers were lost" not in headings(at) and charts(at) == 3 + section_charts, tab


def test_conversion_team_and_seller_filters(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "conversion", team="SMB")
    per_seller = table(at, "seller", "hit_rate", "offers_per_win")
    assert set(per_seller["team"]) == {"SMB"} and set(per_seller["seller"]) == sellers_of(demo_db, "SMB")
    smb = demo_db["scorecard"].query("team == 'SMB'")
    assert table(at, "loss_reason")["lost_value"].sum() == pytest.approx(smb["lost_value"].sum())

    at = run_page(monkeypatch, demo_db["path"], "conversion", seller="S07")
    name = demo_db["scorecard"].set_index("seller_id").loc["S07", "seller"]
    assert f"Why offers were lost – {name}" in headings(at)
    assert "Funnel per team" not in headings(at)
    assert table(at, "seller", "hit_rate", "offers_per_win")["seller"].tolist() == [name]


def test_conversion_page_on_an_empty_database(monkeypatch, empty_db):
    at = run_page(monkeypatch, empty_db, "conversion")
    assert charts(at) == 0 and len(at.dataframe) == 0 and len(at.metric) == 0
    assert len(infos(at)) == 2 and all("The database is empty" in text for text in infos(at))


# -- Pipeline --------------------------------------------------------------------------------


def test_pipeline_page_on_demo_data(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "pipeline")
    assert headings(at) == [
        "Coverage against required coverage, Q4 2026 and Q1 2027",
        "Open pipeline by expected close month",
        "Pipeline built vs closed per month",
        "Overdue offers",
        "Coverage as it stood",  # issue #15 (its week-by-week chart is drawn on request)
    ]
    assert charts(at) == 4  # this quarter's coverage and the next's side by side
    coverage = table(at, "pipeline_coverage", "required_coverage")
    assert set(coverage["seller"]) == sellers_of(demo_db)  # active sellers only
    card = demo_db["scorecard"].set_index("seller")

    def flag(row, thin: str, coverage: str) -> str:  # "⚠ thin (45% of need)": how far from the need
        if not row[thin]:
            return ""
        return f"⚠ thin ({format_value('pct', row[coverage] / row['required_coverage'])} of need)"

    for thin, covered in (("thin", "pipeline_coverage"), ("thin_next_quarter", "next_quarter_coverage")):
        expected_flags = card.loc[coverage["seller"]].apply(flag, axis=1, args=(thin, covered))
        assert coverage.set_index("seller")[thin].to_dict() == expected_flags.to_dict()
        assert expected_flags.str.startswith("⚠ thin (").any()  # the demo has thin sellers both quarters
    monthly = table(at, "month", "sent_value")
    months = [m.strftime("%Y-%m") for m in monthly["month"]]
    assert months[0] == "2025-11" and months[-1] == "2027-01" and len(months) == 15
    assert {"2025-12", "2026-01"} <= set(months)  # the year boundary
    overdue = table(at, "days_overdue")
    assert len(overdue) == card["overdue_offers"].sum()
    assert "Click a bar to list the offers behind it." in [c.value for c in at.caption]


def test_pipeline_team_filter_in_the_url(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "pipeline", team="SMB")
    # (coverage as it stood has a pipeline_coverage column too, and no required_coverage)
    assert set(table(at, "pipeline_coverage", "required_coverage")["seller"]) == sellers_of(demo_db, "SMB")
    overdue = tables(at, "days_overdue")
    assert all(set(o["team"]) == {"SMB"} for o in overdue)
    smb = demo_db["scorecard"].query("team == 'SMB'")
    assert sum(len(o) for o in overdue) == smb["overdue_offers"].sum()


def test_pipeline_bar_click_lists_the_offers_behind_it(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db["path"], "pipeline")
    # AppTest cannot click a chart: put the selection the click would make into session_state.
    at.session_state["pipeline_close_month_chart"] = {
        "selection": {
            "points": [{"x": "Dec 2026", "customdata": ["expected", "2026-12-01"]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    assert not at.exception
    assert "**Open offers expected to close in Dec 2026** (as they stood on 23 Nov 2026)" in [
        m.value for m in at.markdown
    ]
    assert len(table(at, "offer_id", "expected_close_date", "closed_date")) == 100  # a page of the 237
    offers = table(
        every_row(at, "pipeline_close_month_offers"), "offer_id", "expected_close_date", "closed_date"
    )
    expected = demo_db["december_offers"]
    assert len(offers) == len(expected) > 0
    assert sorted(offers["offer_id"]) == sorted(expected["offer_id"])
    assert offers["expected_close_date"].dt.strftime("%Y-%m").eq("2026-12").all()
    assert set(offers["status"]) == {"open"}


def test_pipeline_page_on_an_empty_database(monkeypatch, empty_db):
    at = run_page(monkeypatch, empty_db, "pipeline")
    assert charts(at) == 0 and len(at.dataframe) == 0
    assert infos(at)[0].startswith("The database is empty")
    assert any(text.startswith("No open offers on") for text in infos(at))
    assert any(text.startswith("No open offer is past its expected close date") for text in infos(at))


@pytest.mark.parametrize("page", ["activity", "conversion", "pipeline"])
def test_presentation_mode_renders(monkeypatch, demo_db, page):
    at = run_page(monkeypatch, demo_db["path"], page, present="1", team="Enterprise")
    assert at.session_state["presentation_mode"] is True
    assert headings(at) and len(at.dataframe) > 0


# -- The offers behind a bar -----------------------------------------------------------------


def test_selected_bar_reads_the_customdata_of_the_first_point():
    event = {
        "selection": {
            "points": [{"customdata": ["won", "2025-12-01"]}, {"customdata": ["sent", "2026-01-01"]}]
        }
    }
    assert selected_bar(event) == {"kind": "won", "month": dt.date(2025, 12, 1)}
    no_date = {"selection": {"points": [{"customdata": ["open", ""]}]}}
    assert selected_bar(no_date) == {"kind": "open", "month": None}


def test_selected_bar_ignores_nothing_and_foreign_points():
    assert selected_bar(None) is None
    assert selected_bar({"selection": {"points": []}}) is None
    assert selected_bar({"selection": {"points": [{"customdata": "S01"}]}}) is None  # a seller bar
    assert selected_bar({"selection": {"points": [{"customdata": ["drop table", "2026-01-01"]}]}}) is None


def test_describe_bar():
    assert describe_bar({"kind": "won", "month": dt.date(2025, 12, 1)}) == "Offers won in Dec 2025"
    assert describe_bar({"kind": "sent", "month": dt.date(2026, 1, 1)}) == "Offers sent in Jan 2026"
    assert describe_bar({"kind": "overdue", "month": dt.date(2026, 11, 1)}) == (
        "Overdue offers expected to close in Nov 2026"
    )
    assert describe_bar({"kind": "open", "month": None}) == "Open offers without an expected close date"


def test_chart_bars_carry_kind_and_month(demo_db):
    from salescoach.charts import built_vs_closed_chart, pipeline_by_close_month_chart

    with salescoach.connect(demo_db["path"], read_only=True) as coach:
        monthly = coach.query("pipeline_built_vs_closed_by_month", **PERIOD)
        by_month = coach.query("pipeline_by_close_month", **PERIOD)
    figure = built_vs_closed_chart(monthly, END)
    kinds = [trace.customdata[0][0] for trace in figure.data]
    assert kinds == ["sent", "won", "expected"]
    december = [tuple(c) for c in figure.data[1].customdata].index(("won", "2025-12-01"))
    assert figure.data[1].y[december] == monthly.set_index("month").loc["2025-12-01", "won_value"]
    figure = pipeline_by_close_month_chart(by_month)
    assert {tuple(c)[0] for trace in figure.data for c in trace.customdata} <= {"expected", "overdue", "open"}
