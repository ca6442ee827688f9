"""The coaching loop in AppTest: a new 1:1 note starts from the agenda (what changed since the last
1:1, Reality filled from it), an action tied to a metric is picked in the form and stored, the
seller's cadence is edited on the seller page, and the coaching status shows on the coaching
page and the team overview.

Each test gets its own demo database (data up to 2026-11-23, the demo's stories: S07's
needs_share action met, S04 without a 1:1 for two months, S01 coached weekly) through
`SALESCOACH_DB`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescoach import coaching, coaching_loop
from salescoach.ui.text import format_date
from tests.db_state import copy_database

ROOT = Path(__file__).resolve().parent.parent
END = dt.date(2026, 11, 23)


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch):
    path = tmp_path / "loop.duckdb"
    copy_database(demo_template, path)  # the analytics file and its coaching store
    monkeypatch.setenv("SALESCOACH_DB", str(path))
    monkeypatch.setenv("SALESCOACH_LANG", "en")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def coach():
    from salescoach import ui

    return ui.get_coach()


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_note_form(seller_id: str) -> tuple[AppTest, str]:
    at = open_page("pages/seller.py", seller=seller_id)
    at.button(key=f"coaching.new.{seller_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at, f"coaching.{seller_id}.new.0"


def test_a_new_note_starts_from_the_agenda(demo_db):
    at, k = new_note_form("S07")
    last = coaching.seller_notes(coach(), "S07", as_of=END)[0].held_on
    agenda = coaching_loop.agenda(coach(), "S07", END, held_on=dt.date.today())
    assert agenda.since == last
    (expander,) = [e for e in at.expander if e.label.startswith("Since the last 1:1")]
    assert (
        expander.label == f"Since the last 1:1 ({format_date(last)}) up to {format_date(END)}: what changed"
    )
    reality = at.text_area(key=f"{k}.reality").value
    assert reality == coaching_loop.reality_text(agenda)  # Reality is filled from the data
    assert reality.startswith(f"Since the last 1:1 ({format_date(last)}), up to {format_date(END)}")
    assert "- Meetings: " in reality and "- offers won since: " in reality
    assert "- the pipeline since (pipeline memory): " in reality
    # every action on the agenda is listed with its state as plain text
    shown = [t.value for t in at.text]
    for row in agenda.actions.to_dict("records"):
        assert any(text.endswith(coaching_loop.action_state_text(row)) for text in shown), row


def test_the_first_note_of_a_seller_never_coached(demo_db, monkeypatch):
    with coach().coaching.transaction() as transaction:  # S11's notes gone: never coached
        transaction.cursor.execute("delete from coaching_notes where seller_id = 'S11'")
    st.cache_data.clear()
    at, k = new_note_form("S11")
    assert [e.label for e in at.expander if "1:1" in e.label] == ["The first 1:1: where the seller stands"]
    assert at.text_area(key=f"{k}.reality").value.startswith(
        "The first 1:1. The numbers of the 90 days up to "
    )


def test_an_action_tied_to_a_metric_is_picked_and_checked(demo_db):
    at, k = new_note_form("S03")
    at.date_input(key=f"{k}.held_on").set_value(dt.date(2026, 10, 1))
    at.text_area(key=f"{k}.goal").input("Qualify needs before every offer")
    at.text_input(key=f"{k}.description.0").input("Ask about needs in every meeting")
    at.date_input(key=f"{k}.due.0").set_value(dt.date(2026, 10, 29))
    assert at.selectbox(key=f"{k}.metric.0").value is None  # no metric unless picked
    at.selectbox(key=f"{k}.metric.0").set_value("needs_share")
    at.number_input(key=f"{k}.target.0").set_value(60.0)  # a share, typed in percent
    (save,) = [b for b in at.button if b.label == "Save note"]
    save.click().run()
    assert not at.exception and [s.value for s in at.success] == ["Note saved."]
    (note,) = [
        n
        for n in coaching.seller_notes(coach(), "S03", as_of=END)
        if n.goal == "Qualify needs before every offer"
    ]
    (action,) = note.actions
    assert (action.metric, action.target, action.due_date) == (
        "needs_share",
        pytest.approx(0.6),
        dt.date(2026, 10, 29),
    )
    # the seller page checks it against the data: needs_share over 2026-10-02..10-29, the scorecard's
    card = coach().scorecards([(dt.date(2026, 10, 2), dt.date(2026, 10, 29))])
    share = float(card.set_index("seller_id").loc["S03", "needs_share"])
    checked = coaching_loop.targeted_actions(coach(), END, seller_id="S03")
    row = checked[checked["action_id"] == action.action_id].iloc[0]
    assert row["value"] == pytest.approx(share)
    assert row["verdict"] == ("met" if share >= 0.6 else "missed")
    verdict_text = "✓ met" if share >= 0.6 else "✗ missed"
    tables = [d.value for d in at.dataframe if "verdict" in d.value.columns]
    assert any(verdict_text in list(table["verdict"]) for table in tables)
    # the note card names the target
    assert any(text.endswith("· Needs talked ≥ 60%") for text in (t.value for t in at.text))


def test_a_half_given_target_is_refused_and_the_text_kept(demo_db):
    at, k = new_note_form("S03")
    at.text_area(key=f"{k}.goal").input("Goal kept")
    at.text_input(key=f"{k}.description.0").input("Do it")
    at.selectbox(key=f"{k}.metric.0").set_value("meetings")  # no target typed
    (save,) = [b for b in at.button if b.label == "Save note"]
    save.click().run()
    (error,) = at.error
    assert "Action 1: give both a metric and its target, or neither." in error.value.replace("\\", "")
    assert at.text_area(key=f"{k}.goal").value == "Goal kept"


def test_the_cadence_is_edited_on_the_seller_page(demo_db):
    at = open_page("pages/seller.py", seller="S04")
    metrics = {m.label: m for m in at.metric}
    # S04: no 1:1 for two months on a 30-day cadence: overdue
    assert metrics["Next 1:1 due"].delta == "overdue"
    at.number_input(key="loop.cadence_days.S04").set_value(120)
    (save,) = [b for b in at.button if b.label == "Save cadence"]
    save.click().run()
    assert not at.exception
    status = coaching_loop.seller_status(coach(), "S04", "Enterprise", END)
    assert status["cadence_days"] == 120 and status["own_cadence"]
    metrics = {m.label: m for m in at.metric}
    assert metrics["Next 1:1 due"].value == format_date(status["next_one_on_one_due"])


def test_the_coaching_status_on_the_coaching_page_and_the_overview(demo_db):
    expected = coaching_loop.coaching_status(coach(), END)
    expected = expected[expected["active"].astype(bool)]
    for page in ("pages/coaching.py", "pages/team_overview.py"):
        at = open_page(page, date=END.isoformat())
        if page == "pages/team_overview.py":  # the overview's Coaching tab, drawn once opened
            assert not [d for d in at.dataframe if "next_one_on_one_due" in d.value.columns]
            at.session_state["overview_tab"] = "Coaching: 1:1s and actions"
            at.run()
        (table,) = [d.value for d in at.dataframe if "next_one_on_one_due" in d.value.columns]
        assert list(table["seller"]) == list(expected["seller"])
        shown = dict(zip(table["seller"], table["cadence_days"], strict=True))
        assert shown[expected.set_index("seller_id").loc["S01", "seller"]] == 7  # coached weekly
