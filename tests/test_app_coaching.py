"""The coaching UI in AppTest: the note form on the seller page and the Coaching notes page.

Each test gets its own demo database (data up to 2026-11-23) through `SALESCOACH_DB`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from salescoach import coaching
from salescoach.store import create_demo_database
from tests.db_state import app_database

ROOT = Path(__file__).resolve().parent.parent
END = dt.date(2026, 11, 23)
TODAY = dt.date.today()


@pytest.fixture
def demo_db(tmp_path, monkeypatch):
    path = tmp_path / "coaching.duckdb"
    create_demo_database(path, end=END).close()
    with app_database(monkeypatch, path):
        yield path


def coach():
    """The SalesCoach the app runs on (the same cached object: AppTest runs in this process)."""
    from salescoach import ui

    return ui.get_coach()


def seller_page(seller_id: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/seller.py")
    at.query_params["seller"] = seller_id
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


def unescaped(markdown: str) -> str:
    """A message as the user reads it: the Markdown escapes of `ui.escape_markdown` removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table_with(at: AppTest, column: str):
    """The one dataframe on the page that has `column` (AppTest does not expose dataframe keys)."""
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def open_new_form(at: AppTest, seller_id: str) -> str:
    at.button(key=f"coaching.new.{seller_id}").click().run()
    return f"coaching.{seller_id}.new.0"


def test_create_note_with_actions(demo_db):
    at = seller_page("S03")
    before = len(coaching.seller_notes(coach(), "S03"))
    k = open_new_form(at, "S03")
    assert (
        at.text_input(key=f"{k}.author").value == "Pekka Heikkinen" or at.text_input(key=f"{k}.author").value
    )
    assert at.checkbox(key=f"{k}.private").value is True  # private by default
    at.date_input(key=f"{k}.held_on").set_value(dt.date(2026, 11, 20))
    at.text_input(key=f"{k}.author").input("Director D")
    at.text_area(key=f"{k}.goal").input("Keep the hit rate above 60 %")
    # a new note's Reality starts as the agenda's facts (test_app_coaching_loop.py); cleared here
    assert at.text_area(key=f"{k}.reality").value.startswith("Since the last 1:1 (")
    at.text_area(key=f"{k}.reality").input("")
    at.text_area(key=f"{k}.will").input("Two more offers a week")
    at.text_input(key=f"{k}.description.0").input("Send two offers")
    at.date_input(key=f"{k}.due.0").set_value(dt.date(2026, 11, 27))
    button(at, "Add action").click().run()
    assert at.text_area(key=f"{k}.goal").value == "Keep the hit rate above 60 %"  # kept over the rerun
    at.selectbox(key=f"{k}.owner.1").set_value("manager")
    at.text_input(key=f"{k}.description.1").input("Join a customer meeting")
    at.date_input(key=f"{k}.due.1").set_value(dt.date(2026, 12, 4))
    button(at, "Save note").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Note saved."]

    notes = coaching.seller_notes(coach(), "S03", as_of=dt.date(2026, 11, 23))
    assert len(notes) == before + 1
    note = notes[0]  # newest first
    assert (note.held_on, note.author, note.goal, note.reality, note.options, note.will, note.private) == (
        dt.date(2026, 11, 20),
        "Director D",
        "Keep the hit rate above 60 %",
        "",
        "",
        "Two more offers a week",
        True,
    )
    assert [(a.owner, a.description, a.due_date, a.done_on) for a in note.actions] == [
        ("seller", "Send two offers", dt.date(2026, 11, 27), None),
        ("manager", "Join a customer meeting", dt.date(2026, 12, 4), None),
    ]
    # the form is closed and the note is on the timeline
    assert "New 1:1 note" in [b.label for b in at.button]
    assert "Keep the hit rate above 60 %" in texts(at)
    assert "Seller: Send two offers (due 27 Nov 2026)" in texts(at)


def test_validation_messages_keep_the_typed_text(demo_db):
    at = seller_page("S03")
    version = coach().data_version()
    k = open_new_form(at, "S03")
    at.text_input(key=f"{k}.author").input("")
    at.text_area(key=f"{k}.reality").input("")  # the agenda's facts removed: an empty note
    at.date_input(key=f"{k}.held_on").set_value(dt.date(2026, 11, 20))
    at.text_input(key=f"{k}.description.0").input("Call the customer")
    at.date_input(key=f"{k}.due.0").set_value(dt.date(2026, 11, 19))
    button(at, "Save note").click().run()
    (error,) = at.error
    assert unescaped(error.value) == (
        "The note was not saved. Please fix:\n\n"
        "- Author is empty: who held the 1:1?\n"
        "- The note is empty: write at least one of Goal, Reality, Options or Will.\n"
        "- Action 1: due date 2026-11-19 is before the note date 2026-11-20."
    )
    assert coach().data_version() == version  # nothing saved

    at.text_area(key=f"{k}.options").input("<b>try</b> **again**")
    at.text_input(key=f"{k}.author").input("Director D")
    button(at, "Save note").click().run()
    (error,) = at.error
    assert unescaped(error.value) == (
        "The note was not saved. Please fix:\n\n- Action 1: due date 2026-11-19 is before the note date 2026-11-20."
    )
    # what was typed is still there
    assert at.text_area(key=f"{k}.options").value == "<b>try</b> **again**"
    assert at.text_input(key=f"{k}.description.0").value == "Call the customer"
    assert at.text_input(key=f"{k}.author").value == "Director D"
    assert coach().data_version() == version

    at.date_input(key=f"{k}.due.0").set_value(dt.date(2026, 11, 21))
    button(at, "Save note").click().run()
    assert not at.error and [s.value for s in at.success] == ["Note saved."]
    assert coaching.seller_notes(coach(), "S03")[0].options == "<b>try</b> **again**"
    assert "<b>try</b> **again**" in texts(at)  # shown as text, not markup


def test_edit_note_and_mark_action_done(demo_db):
    note_id = coaching.save_note(
        coach(),
        "S07",
        "2026-11-20",
        "Director D",
        goal="Qualify before quoting",
        actions=[
            {"owner": "seller", "description": "Ask the four questions", "due_date": "2026-11-21"},
            {"owner": "manager", "description": "Review lost offers", "due_date": "2026-12-01"},
        ],
    )
    first, second = coaching.get_note(coach(), note_id).actions
    at = seller_page("S07")
    at.button(key=f"coaching.edit.{note_id}").click().run()
    k = f"coaching.S07.{note_id}.0"
    assert at.text_area(key=f"{k}.goal").value == "Qualify before quoting"
    assert at.text_input(key=f"{k}.description.1").value == "Review lost offers"
    at.text_area(key=f"{k}.goal").input("Qualify every offer before quoting")
    at.text_area(key=f"{k}.reality").input("5 % hit rate")
    at.checkbox(key=f"{k}.private").uncheck()
    at.text_input(key=f"{k}.description.1").input("Review lost offers on Fridays")
    button(at, "Save note").click().run()
    assert [s.value for s in at.success] == ["Note updated."]
    note = coaching.get_note(coach(), note_id)
    assert (note.goal, note.reality, note.private) == (
        "Qualify every offer before quoting",
        "5 % hit rate",
        False,
    )
    assert [(a.action_id, a.description) for a in note.actions] == [
        (first.action_id, "Ask the four questions"),
        (second.action_id, "Review lost offers on Fridays"),
    ]

    # the action due 21.11. is overdue and can be marked done
    assert "Seller: Ask the four questions (due 21 Nov 2026)" in texts(at)
    at.button(key=f"coaching.done.{first.action_id}").click().run()
    assert [s.value for s in at.success] == ["Action marked done."]
    assert coaching.get_note(coach(), note_id).actions[0].done_on == TODAY
    assert f"coaching.done.{first.action_id}" not in [b.key for b in at.button]
    assert (
        f"Seller: Ask the four questions (due 21 Nov 2026, done {TODAY.day} {TODAY:%b} {TODAY.year})"
        in texts(at)
    )


def test_presentation_mode_shows_counts_only(demo_db):
    coaching.save_note(coach(), "S07", "2026-11-20", "Director D", goal="SECRET GOAL", private=False)
    counts = coaching.coaching_counts(coach(), "S07", as_of=TODAY)
    at = seller_page("S07", present="1")
    shown = texts(at) + [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("SECRET" in value or "Goal" == value for value in shown)
    assert (
        f"{counts['notes']} notes, {counts['open_actions']} open actions, {counts['overdue_actions']} overdue"
        in [m.value for m in at.markdown]
    )
    assert not [b for b in at.button if b.key and b.key.startswith("coaching.")]


def test_lost_offer_review_form(demo_db):
    at = seller_page("S07")
    at.toggle(key="coaching.lost_all.S07").set_value(True).run()
    lost = coaching.lost_offers_of_seller(coach(), "S07")
    offer_id = lost["offer_id"].iloc[0]
    at.selectbox(key="coaching.review_offer.S07").set_value(offer_id).run()
    k = f"coaching.review.{offer_id}.0"
    at.text_area(key=f"{k}.what_happened").input("They went with the incumbent")
    at.text_area(key=f"{k}.why").input("No needs meeting before the offer")
    at.text_input(key=f"{k}.customer_word").input("generic offer")
    button(at, "Save review").click().run()
    (error,) = at.error
    assert unescaped(error.value) == (
        "The review was not saved. Please fix:\n\n"
        "- The customer's one word: one word, please (got 'generic offer')."
    )
    assert coaching.offer_review_of(coach(), offer_id) is None
    assert at.text_area(key=f"{k}.why").value == "No needs meeting before the offer"

    at.text_input(key=f"{k}.customer_word").input("generic")
    button(at, "Save review").click().run()
    assert [s.value for s in at.success] == [f"Review of {offer_id} saved."]
    review = coaching.offer_review_of(coach(), offer_id)
    assert (review["what_happened"], review["why"], review["do_differently"], review["customer_word"]) == (
        "They went with the incumbent",
        "No needs meeting before the offer",
        "",
        "generic",
    )


def test_coaching_page_search_and_read(demo_db):
    note_id = coaching.save_note(
        coach(), "S03", "2026-11-20", "Director D", goal="Find 7%_x more prospects", private=False
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/coaching.py").run()
    assert not at.exception
    all_notes = len(coaching.search_notes(coach()))
    assert table_with(at, "goal").shape[0] == all_notes
    at.text_input(key="coaching_search").input("%_x").run()  # % and _ are not wildcards
    found = table_with(at, "goal")
    assert found["goal"].tolist() == ["Find 7%_x more prospects"]
    assert any(c.value.startswith("1 notes, 0 open actions, 0 overdue.") for c in at.caption)
    at.selectbox(key="coaching_read_note").set_value(note_id).run()
    assert "Find 7%_x more prospects" in texts(at)
    name = coaching.seller_info(coach(), "S03")["seller"]
    assert f"{name}, by Director D" in texts(at)
    # presentation mode: counts per seller, no note text
    at.toggle(key="presentation_mode").set_value(True).run()
    assert "Find 7%_x more prospects" not in texts(at)
    assert not [s for s in at.selectbox if s.key == "coaching_read_note"]
    counts = table_with(at, "overdue_actions")
    assert not [d for d in at.dataframe if "goal" in d.value.columns]
    expected = coaching.coaching_counts(coach(), "S03", as_of=TODAY)
    row = counts.set_index("seller").loc[name]
    assert (row["notes"], row["open_actions"], row["overdue_actions"]) == (
        expected["notes"],
        expected["open_actions"],
        expected["overdue_actions"],
    )


def test_an_empty_action_row_is_no_action_and_cancel_discards(demo_db):
    at = seller_page("S05")
    before = len(coaching.seller_notes(coach(), "S05"))
    k = open_new_form(at, "S05")
    at.text_area(key=f"{k}.reality").input("Only a reality today")
    button(at, "Save note").click().run()  # the one action row was left empty
    assert [s.value for s in at.success] == ["Note saved."]
    note = coaching.seller_notes(coach(), "S05")[0]
    assert (note.reality, note.actions) == ("Only a reality today", [])

    at.button(key="coaching.new.S05").click().run()
    k = "coaching.S05.new.1"  # a fresh form: nothing typed before, Reality the new agenda
    assert at.text_area(key=f"{k}.reality").value.startswith("Since the last 1:1 (")
    assert "Only a reality today" not in at.text_area(key=f"{k}.reality").value
    at.text_area(key=f"{k}.goal").input("Not saved")
    button(at, "Cancel").click().run()
    assert len(coaching.seller_notes(coach(), "S05")) == before + 1
    assert "coaching.new.S05" in [b.key for b in at.button]


def test_escape_markdown_makes_user_text_literal():
    from salescoach.ui import escape_markdown

    assert escape_markdown("a_b *c* <i>x</i> :red[y] $z$") == (
        "a\\_b \\*c\\* \\<i\\>x\\</i\\> \\:red\\[y\\] \\$z\\$"
    )
    assert unescaped(escape_markdown("50% [link](javascript:alert(1))")) == "50% [link](javascript:alert(1))"


def page_text(at: AppTest) -> str:
    """Everything the rendered page holds (every element's proto and every table's values)."""
    parts = []
    for node in [*at.main, *at.sidebar]:
        parts.append(str(node.proto))
        if getattr(node, "type", None) == "arrow_data_frame":
            parts.append(node.value.to_string())
    return "\n".join(parts)


def test_coaching_page_presentation_mode_hides_post_mortems(demo_db):
    from salescoach import periods

    date_from, date_to = periods.period_bounds(periods.DEFAULT_PERIOD, END, END)  # the page's default period
    sellers = coach().query("seller_list")["seller_id"]
    lost = next(
        frame
        for frame in (coaching.lost_offers_of_seller(coach(), s, date_from, date_to) for s in sellers)
        if not frame.empty
    )
    offer_id = lost["offer_id"].iloc[0]
    coaching.save_offer_review(
        coach(),
        offer_id,
        what_happened="Zebra-quartz happened",
        why="Because of zebra-quartz",
        customer_word="quartzword",
        author="Director D",
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/coaching.py").run()
    assert not at.exception, [e.value for e in at.exception]
    reviews = table_with(at, "what_happened")
    assert "Zebra-quartz happened" in reviews["what_happened"].tolist()
    assert "quartzword" in page_text(at)

    at.toggle(key="presentation_mode").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = page_text(at)
    assert "zebra-quartz" not in shown.lower() and "quartzword" not in shown
    assert not [d for d in at.dataframe if "what_happened" in d.value.columns]
    # the counts per loss reason are still shown
    summary = table_with(at, "reviewed_offers")
    expected = coaching.lost_offers_by_loss_reason(coach(), date_from=date_from, date_to=date_to)
    assert summary["offers_lost"].tolist() == expected["offers_lost"].tolist()
    assert int(summary["reviewed_offers"].sum()) == int(expected["reviewed_offers"].sum()) >= 1
