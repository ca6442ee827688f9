"""AppTest of the page framework, the team overview and the seller page (no browser).

The demo database ends on 2026-11-23, so the default period is Q4 2026 to date
(1.10.-23.11.2026). Numbers shown are checked against the scorecard computed directly.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

import salescoach
from salescoach.metrics import format_value
from salescoach.store import create_demo_database
from tests.chart_elements import sent_charts
from tests.db_state import all_notes, copy_database

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DEMO_END = dt.date(2026, 11, 23)
OVERVIEW = "pages/team_overview.py"
SELLER = "pages/seller.py"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    create_demo_database(path, end=DEMO_END).close()
    return path


@pytest.fixture(scope="module")
def demo_facts(demo_db):
    """What the pages should show, read from the same database without Streamlit."""
    with salescoach.connect(demo_db) as coach:
        return {
            "sellers": coach.query("seller_list"),
            "q4": coach.scorecard("2026-10-01", "2026-11-23"),
            "november": coach.scorecard("2026-11-01", "2026-11-23"),
            "notes": _all_notes(coach),
        }


def _all_notes(coach) -> pd.DataFrame:
    # Every note of the demo, read from the coaching store (test only).
    return all_notes(coach)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    salescoach.connect(path).close()
    return path


def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def use_db(monkeypatch):
    def point_at(path):
        monkeypatch.setenv("SALESCOACH_DB", str(path))
        _fresh_caches()

    yield point_at
    _fresh_caches()


def open_app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    if page and page != OVERVIEW:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def rendered_text(at: AppTest) -> str:
    """Every text the app sent: element protos (UTF-8) and the cells of every table."""
    parts = []
    for node in _walk(at._tree):
        if type(node).__name__ in ("Dataframe", "Table"):
            parts.append(node.value.to_csv())
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(parts)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_default_period_and_numbers(use_db, demo_db, demo_facts):
    use_db(demo_db)
    at = open_app()
    assert at.title[0].value == "Team overview"
    assert at.caption[0].value.startswith("Q4 2026 to date · 1 Oct – 23 Nov 2026 · all teams.")
    active = demo_facts["q4"][demo_facts["q4"]["active"]]
    table = at.dataframe[0].value
    assert sorted(table["seller"]) == sorted(active["seller"])  # active sellers only
    shown = metrics(at)
    assert shown["Meetings"] == format_value("count", active["meetings"].sum())
    assert shown["Sales"] == format_value("eur", active["sales"].sum())
    thin = int(active["thin"].sum())
    assert any(
        f"{thin} of {len(active)} sellers have a thin pipeline for Q4 2026" in e.value for e in at.error
    )
    # Sparklines: one list of weekly meetings per row, 12 full weeks up to Sunday 22.11.
    assert all(len(weeks) == 12 for weeks in table["weekly_meetings"])


def test_overview_shows_exactly_the_team_in_the_url(use_db, demo_db, demo_facts):
    use_db(demo_db)
    at = open_app(team="SMB")
    sellers = demo_facts["sellers"]
    smb = sellers[(sellers["team"] == "SMB") & sellers["active"]]
    assert sorted(at.dataframe[0].value["seller"]) == sorted(smb["seller"])
    assert at.selectbox(key="filter_team").value == "SMB"
    assert sorted(at.selectbox(key="filter_seller").options) == sorted(
        [
            "All sellers",
            *sellers.loc[sellers["team"] == "SMB"].apply(
                lambda r: r["seller"] + ("" if r["active"] else " (left)"), axis=1
            ),
        ]
    )
    # Inactive sellers behind the checkbox: the whole team.
    at.checkbox(key="overview_show_inactive").check().run()
    assert sorted(at.dataframe[0].value["seller"]) == sorted(sellers.loc[sellers["team"] == "SMB", "seller"])
    # The picker's labels are kept per team and language: in Finnish it says who has left in Finnish.
    gone = sellers[~sellers["active"].astype(bool)].iloc[0]
    at.selectbox(key="filter_team").set_value(gone["team"]).run()
    assert f"{gone['seller']} (left)" in at.selectbox(key="filter_seller").options
    at.selectbox(key="filter_lang").set_value("fi").run()
    assert f"{gone['seller']} (lähtenyt)" in at.selectbox(key="filter_seller").options


def test_changing_the_period_changes_the_numbers(use_db, demo_db, demo_facts):
    use_db(demo_db)
    at = open_app()
    q4 = metrics(at)["Meetings"]
    at.selectbox(key="filter_period").select("month").run()
    assert at.query_params["period"] == "month"
    november = demo_facts["november"]
    expected = format_value("count", november.loc[november["active"], "meetings"].sum())
    assert metrics(at)["Meetings"] == expected != q4
    assert at.caption[0].value.startswith("November 2026 to date · 1 Nov – 23 Nov 2026")
    # The same view from a shared link.
    again = open_app(period="month")
    assert metrics(again)["Meetings"] == expected
    # A custom period from the URL.
    custom = open_app(period="custom", **{"from": "2026-11-01", "to": "2026-11-23"})
    assert metrics(custom)["Meetings"] == expected
    assert custom.caption[0].value.startswith("1 Nov – 23 Nov 2026 · all teams")


def test_seller_page_from_the_url(use_db, demo_db, demo_facts):
    use_db(demo_db)
    at = open_app(SELLER, seller="S01")
    name = demo_facts["sellers"].set_index("seller_id").loc["S01", "seller"]
    assert at.title[0].value == name
    card = demo_facts["q4"].set_index("seller_id").loc["S01"]
    shown = metrics(at)
    assert shown["Calls"] == format_value("count", card["calls"])
    assert shown["Hit rate"] == format_value("pct", card["hit_rate"])
    assert any(label.startswith("Sales (target") for label in shown)
    # The trend (one figure of six panels), the waterfall since the last 1:1 (issue #15) and
    # offer tables are there.
    trend, waterfall = sent_charts(at)
    assert trend.key == "seller_trend" and waterfall.key == "one_to_one_waterfall_S01"
    panels = [note["text"] for note in trend.figure["layout"]["annotations"]]
    assert panels == [
        "Meetings",
        "Offers sent",
        "Hit rate",
        "Sales (dashed: target)",
        "Sales vs target",
        "Pipeline coverage (dashed: required)",
    ]
    assert "seller" in at.query_params and at.query_params["seller"] == "S01"


def test_seller_scorecard_headings_stand_once_without_spacers(use_db, demo_db):
    """Each group of tiles has its heading above its first tile and nothing above the others:
    the row's tiles line up at their bottom (no empty Markdown element per tile, seven of them
    before, on the page a table row's click opens)."""
    use_db(demo_db)
    at = open_app(SELLER, seller="S01")
    texts = [element.value for element in at.markdown]
    headings = ["**Määrä: how much**", "**Suunta: aimed where**", "**Laatu: with what result**"]
    assert [text for text in texts if text in (*headings, "**Sales and pipeline**")] == [
        *headings,
        "**Sales and pipeline**",
    ]
    assert [text for text in texts if not text.replace("&nbsp;", "").strip()] == []


def test_seller_page_without_a_seller_offers_a_picker(use_db, demo_db, demo_facts):
    use_db(demo_db)
    at = open_app(SELLER, team="SMB")
    picker = at.selectbox(key="seller_page_picker")
    sellers = demo_facts["sellers"]
    assert sorted(picker.options) == sorted(
        f"{row.seller}{'' if row.active else ' (left)'}"
        for row in sellers[sellers["team"] == "SMB"].itertuples()
    )
    picker.select("S07").run()
    assert at.title[0].value == sellers.set_index("seller_id").loc["S07", "seller"]
    assert at.query_params["seller"] == "S07"


def test_unknown_seller_in_the_url_is_explained(use_db, demo_db):
    use_db(demo_db)
    at = open_app(SELLER, seller="S99")
    assert any("no seller with the id S99" in e.value for e in at.error)
    assert at.selectbox(key="seller_page_picker") is not None
    # Markdown or HTML in the id is never echoed.
    odd = open_app(SELLER, seller="![x](http://example.com/x.png)")
    assert any("no seller with the id given in the link" in e.value for e in odd.error)
    assert "example.com" not in rendered_text(odd)


def _grow_texts(notes: pd.DataFrame) -> list[str]:
    texts = []
    for field in ("goal", "reality", "options", "will"):
        texts += [t for t in notes[field].dropna() if len(str(t)) > 12]
    return texts


def test_presentation_mode_shows_no_note_text(use_db, demo_db, demo_facts):
    use_db(demo_db)
    notes = demo_facts["notes"]
    s02 = notes[notes["seller_id"] == "S02"]
    assert len(s02) and s02["private"].any()
    # Control: outside presentation mode the seller page does show S02's notes.
    normal = rendered_text(open_app(SELLER, seller="S02"))
    assert any(text in normal for text in _grow_texts(s02))
    at = open_app(SELLER, seller="S02", present="1")
    shown = rendered_text(at)
    leaked = [text for text in _grow_texts(notes) if text in shown]
    assert leaked == []
    assert at.toggle(key="presentation_mode").value is True


def test_presentation_mode_steps_through_the_sellers(use_db, demo_db, demo_facts):
    use_db(demo_db)
    sellers = demo_facts["sellers"]
    smb = sellers[(sellers["team"] == "SMB") & sellers["active"]].reset_index(drop=True)
    at = open_app(SELLER, team="SMB", seller=smb["seller_id"][0], present="1")
    assert at.title[0].value == smb["seller"][0]
    at.button(key="seller_review_next").click().run()
    assert at.title[0].value == smb["seller"][1]
    assert at.query_params["seller"] == smb["seller_id"][1]
    at.button(key="seller_review_previous").click().run()
    assert at.title[0].value == smb["seller"][0]
    # On the overview, the step-through marks the seller under review.
    overview = open_app(team="SMB", present="1")
    overview.button(key="overview_review_next").click().run()
    assert overview.query_params["seller"] == smb["seller_id"][0]


def test_filters_survive_a_page_switch(use_db, demo_db):
    use_db(demo_db)
    at = open_app(team="SMB", period="year")
    at.switch_page(SELLER).run()
    assert at.selectbox(key="filter_team").value == "SMB"
    assert at.selectbox(key="filter_period").value == "year"


def test_empty_database_explains_instead_of_failing(use_db, empty_db):
    use_db(empty_db)
    overview = open_app()
    assert any("database is empty" in i.value for i in overview.info)
    seller = open_app(SELLER)
    assert seller.title[0].value == "Seller"
    assert seller.selectbox(key="seller_page_picker").options == []
    assert any("database is empty" in c.value for c in seller.sidebar.caption)


def test_a_quiet_period_explains_itself(use_db, demo_db):
    use_db(demo_db)
    at = open_app(period="month", date="2030-01-15", team="SMB")
    assert any(
        "No meetings, offers or deals between 1 Jan and 31 Jan 2030 for team SMB. Pick a longer period or another team."
        == i.value
        for i in at.info
    )


def test_seller_page_lost_offers_say_which_have_a_post_mortem(use_db, demo_db, tmp_path):
    from salescoach import coaching

    path = tmp_path / "demo.duckdb"
    copy_database(demo_db, path)  # this test writes a review
    with salescoach.connect(path) as coach:
        lost = coach.query(
            "lost_offers_of_seller", seller_id="S01", date_from=dt.date(2026, 10, 1), date_to=DEMO_END
        )
        assert len(lost) >= 2 and not lost["reviewed"].any()
        coaching.save_offer_review(coach, lost["offer_id"].iloc[1], why="Price", author="Otto Mattila")
    use_db(path)
    at = open_app(SELLER, seller="S01")
    # the lost offers beside the open ones, and the post-mortem list of the coaching section
    tables = [frame for frame in at.dataframe if "reviewed" in frame.value.columns]
    assert len(tables) == 2
    for table in tables:
        assert table.value["reviewed"].tolist() == [index == 1 for index in range(len(lost))]
        assert table.value["value"].tolist() == lost["value"].tolist()
