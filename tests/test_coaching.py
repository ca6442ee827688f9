"""salescoach.coaching: 1:1 notes, agreed actions and lost-offer reviews, on tests/tiny_data.py.

Tiny data: sellers S1, S2 (team A, manager Maija Manager) and S3 (team B); lost offers
O1 (S1, price, 2000, lost 2026-01-10), O8 (S1, timing, 6000, lost 2025-02-15) and
O10 (S2, competitor, 1000, lost 2025-11-01); O2 is won.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import salescoach
from salescoach import coaching
from salescoach.coaching import CoachingInputError
from tests.tiny_data import tiny_tables

D = dt.date
ROOT = Path(__file__).resolve().parent.parent


def snapshot(coach) -> tuple:
    """Everything a coaching write may touch, to check that a failed write changed nothing."""
    return (
        coach.coaching_version(),
        coach.query("coaching_notes_search", **_all_notes_params()).to_dict("records"),
        _rows(coach, "coaching_actions"),
        _rows(coach, "offer_reviews"),
    )


def _rows(coach, table: str) -> list[tuple]:
    """Every row of a coaching-store table (notes, actions and post-mortems live there)."""
    query = {"coaching_actions": "actions", "offer_reviews": "reviews"}[table]
    return sorted((tuple(row.values()) for row in coach.coaching.rows(query)), key=repr)


def _all_notes_params() -> dict:
    return {
        "pattern": None,
        "teams": None,
        "seller_id": None,
        "author": None,
        "date_from": None,
        "date_to": None,
        "open_actions_only": False,
        "include_private": True,
        "as_of": D(2026, 3, 1),
        "author_id": None,  # the search also keeps this login's own notes (a seller moved team)
        "author_name": None,
    }


def make_note(coach, **overrides) -> str:
    args = {
        "seller_id": "S1",
        "held_on": "2026-02-16",
        "author": "Maija Manager",
        "goal": "Four new-business meetings a week",
        "reality": "Two a week in January",
        "options": "Ask existing customers for referrals",
        "will": "Book the meetings on Monday mornings",
        "actions": [
            {"owner": "seller", "description": "Book 4 prospect meetings", "due_date": "2026-02-23"},
            {"owner": "manager", "description": "Join one meeting", "due_date": D(2026, 3, 2)},
        ],
    }
    args.update(overrides)
    return coaching.save_note(coach, **args)


# -- create, edit, done ------------------------------------------------------------------


def test_create_note_reads_back_exactly(tiny_coach):
    version = tiny_coach.coaching_version()
    note_id = make_note(tiny_coach)
    assert note_id.startswith("N-") and len(note_id) == 14
    assert tiny_coach.coaching_version() == version + 1  # the coaching store's version

    note = coaching.get_note(tiny_coach, note_id, as_of="2026-02-25")
    assert (note.seller_id, note.held_on, note.author) == ("S1", D(2026, 2, 16), "Maija Manager")
    assert (note.goal, note.reality, note.options, note.will) == (
        "Four new-business meetings a week",
        "Two a week in January",
        "Ask existing customers for referrals",
        "Book the meetings on Monday mornings",
    )
    assert note.private is True  # the default
    assert note.created_at is not None and note.updated_at == note.created_at
    assert [(a.owner, a.description, a.due_date, a.done_on, a.overdue) for a in note.actions] == [
        ("seller", "Book 4 prospect meetings", D(2026, 2, 23), None, True),  # due 23.2, open on 25.2
        ("manager", "Join one meeting", D(2026, 3, 2), None, False),
    ]
    assert all(a.action_id.startswith("NA-") for a in note.actions)
    assert (note.open_actions, note.overdue_actions) == (2, 1)


def test_text_is_stored_literally_and_trimmed(tiny_coach):
    weird = "<img src=x onerror=alert(1)> **bold** 'quote' \"dq\" 50% a_b \\ ; drop table sellers; --"
    note_id = make_note(tiny_coach, goal=f"  {weird}\n", reality="", options="", will="", actions=[])
    note = coaching.get_note(tiny_coach, note_id)
    assert note.goal == weird
    assert (note.reality, note.options, note.will, note.actions) == ("", "", "", [])
    assert len(tiny_coach.query("coaching_seller", seller_id="S1")) == 1


def test_seller_notes_newest_first_with_their_actions(tiny_coach):
    older = make_note(tiny_coach, held_on="2026-01-05", actions=[])
    newer = make_note(tiny_coach, held_on="2026-02-16")
    other = make_note(tiny_coach, seller_id="S2", held_on="2026-03-01", actions=[])
    notes = coaching.seller_notes(tiny_coach, "S1", as_of="2026-03-05")
    assert [n.note_id for n in notes] == [newer, older]
    assert [len(n.actions) for n in notes] == [2, 0]
    assert [n.overdue_actions for n in notes] == [2, 0]  # both due before 5.3
    assert [n.note_id for n in coaching.seller_notes(tiny_coach, "S2")] == [other]
    assert coaching.seller_notes(tiny_coach, "S3") == []
    public = make_note(tiny_coach, held_on="2026-03-01", private=False, actions=[])
    assert [n.note_id for n in coaching.seller_notes(tiny_coach, "S1", include_private=False)] == [public]


def test_edit_note_updates_fields_and_replaces_actions(tiny_coach):
    note_id = make_note(tiny_coach)
    first, second = coaching.get_note(tiny_coach, note_id).actions
    coaching.set_action_done(tiny_coach, first.action_id, "2026-02-20")
    created = coaching.get_note(tiny_coach, note_id).created_at
    time.sleep(0.01)

    same_id = coaching.save_note(
        tiny_coach,
        "S1",
        "2026-02-17",
        "Pekka Manager",
        goal="Goal, edited",
        reality="",
        options="Options, edited",
        will="Will, edited",
        private=False,
        note_id=note_id,
        actions=[
            {
                "action_id": first.action_id,
                "owner": "seller",
                "description": "Book 5",
                "due_date": "2026-02-24",
            },
            {"owner": "manager", "description": "New action", "due_date": None},
        ],
    )
    assert same_id == note_id
    note = coaching.get_note(tiny_coach, note_id, as_of="2026-03-10")
    assert (note.held_on, note.author, note.goal, note.reality, note.options, note.will, note.private) == (
        D(2026, 2, 17),
        "Pekka Manager",
        "Goal, edited",
        "",
        "Options, edited",
        "Will, edited",
        False,
    )
    assert note.created_at == created and note.updated_at > created
    by_id = {a.action_id: a for a in note.actions}
    assert second.action_id not in by_id  # left out of the list: removed
    kept = by_id[first.action_id]
    assert (kept.owner, kept.description, kept.due_date, kept.done_on) == (
        "seller",
        "Book 5",
        D(2026, 2, 24),
        D(2026, 2, 20),  # the done date survives the edit
    )
    (added,) = [a for a in note.actions if a.action_id != first.action_id]
    assert (added.owner, added.description, added.due_date, added.done_on, added.overdue) == (
        "manager",
        "New action",
        None,
        None,
        False,  # no due date: never overdue
    )
    assert len(coaching.seller_notes(tiny_coach, "S1")) == 1


def test_action_done_and_reopened(tiny_coach):
    note_id = make_note(tiny_coach)
    action = coaching.get_note(tiny_coach, note_id).actions[0]
    version = tiny_coach.coaching_version()
    coaching.set_action_done(tiny_coach, action.action_id, "2026-02-20")
    done = coaching.get_note(tiny_coach, note_id, as_of="2026-03-10").actions[0]
    assert (done.done_on, done.done, done.overdue) == (D(2026, 2, 20), True, False)
    assert tiny_coach.coaching_version() == version + 1
    coaching.set_action_done(tiny_coach, action.action_id, None)
    reopened = coaching.get_note(tiny_coach, note_id, as_of="2026-03-10").actions[0]
    assert (reopened.done_on, reopened.overdue) == (None, True)


# -- validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"seller_id": "S9"}, "Unknown seller: 'S9'."),
        (
            {"goal": " ", "reality": "", "options": None, "will": "\n"},
            "The note is empty: write at least one of Goal, Reality, Options or Will.",
        ),
        (
            {"actions": [{"owner": "seller", "description": "x", "due_date": "2026-02-15"}]},
            "Action 1: due date 2026-02-15 is before the note date 2026-02-16.",
        ),
        (
            {"actions": [{"owner": "boss", "description": "x", "due_date": "2026-02-20"}]},
            "Action 1: owner must be seller or manager, not 'boss'.",
        ),
        (
            {"actions": [{"owner": "seller", "description": " ", "due_date": "2026-02-20"}]},
            "Action 1: describe what was agreed.",
        ),
        ({"author": ""}, "Author is empty: who held the 1:1?"),
        ({"held_on": "16.2.2026"}, "Date: '16.2.2026' is not a date (use YYYY-MM-DD)."),
        ({"held_on": None}, "Date is missing."),
        ({"note_id": "N-nope"}, "Unknown note: 'N-nope'."),
        ({"goal": "x" * 20_001}, "Goal is too long (20001 characters, at most 20000)."),
    ],
)
def test_invalid_note_is_refused_and_nothing_changes(tiny_coach, overrides, message):
    make_note(tiny_coach)
    before = snapshot(tiny_coach)
    with pytest.raises(CoachingInputError) as caught:
        make_note(tiny_coach, **overrides)
    assert caught.value.problems == [message]
    assert str(caught.value) == message
    assert snapshot(tiny_coach) == before


def test_every_problem_is_listed_at_once(tiny_coach):
    with pytest.raises(CoachingInputError) as caught:
        make_note(
            tiny_coach,
            seller_id="nobody",
            goal="",
            reality="",
            options="",
            will="",
            actions=[
                {"owner": "", "description": "", "due_date": ""},  # an empty editor row: skipped
                {"owner": "seller", "description": "late", "due_date": "2026-01-01"},
            ],
        )
    assert caught.value.problems == [
        "Unknown seller: 'nobody'.",
        "The note is empty: write at least one of Goal, Reality, Options or Will.",
        "Action 2: due date 2026-01-01 is before the note date 2026-02-16.",
    ]


def test_edit_cannot_move_a_note_to_another_seller_or_steal_actions(tiny_coach):
    note_s1 = make_note(tiny_coach)
    note_s2 = make_note(tiny_coach, seller_id="S2")
    foreign = coaching.get_note(tiny_coach, note_s2).actions[0].action_id
    before = snapshot(tiny_coach)
    with pytest.raises(CoachingInputError) as caught:
        make_note(tiny_coach, seller_id="S2", note_id=note_s1)
    assert caught.value.problems == [f"Note {note_s1} belongs to seller S1, not S2."]
    with pytest.raises(CoachingInputError) as caught:
        make_note(
            tiny_coach,
            note_id=note_s1,
            actions=[{"action_id": foreign, "owner": "seller", "description": "x", "due_date": None}],
        )
    assert caught.value.problems == [f"Action 1: {foreign!r} is not an action of this note."]
    assert snapshot(tiny_coach) == before


def test_invalid_action_done_is_refused(tiny_coach):
    note_id = make_note(tiny_coach)
    action_id = coaching.get_note(tiny_coach, note_id).actions[0].action_id
    before = snapshot(tiny_coach)
    with pytest.raises(CoachingInputError, match=r"^Unknown action: 'NA-nope'\.$"):
        coaching.set_action_done(tiny_coach, "NA-nope", "2026-02-20")
    with pytest.raises(CoachingInputError) as caught:
        coaching.set_action_done(tiny_coach, action_id, "2026-02-15")
    assert caught.value.problems == ["Done date 2026-02-15 is before the note date 2026-02-16."]
    with pytest.raises(CoachingInputError, match="is not a date"):
        coaching.set_action_done(tiny_coach, action_id, "yesterday")
    assert snapshot(tiny_coach) == before


def test_dates_outside_the_contract_range_are_refused_in_the_callers_language(tiny_coach):
    # The contract keeps 1990-01-01 to 2099-12-31 (salescoach/contract.py FIRST_DATE/LAST_DATE);
    # an import refuses any other date, and so do the coaching writes, with one problem each.
    from salescoach import i18n

    note_id = make_note(tiny_coach)
    action_id = coaching.get_note(tiny_coach, note_id).actions[0].action_id
    before = snapshot(tiny_coach)
    with pytest.raises(CoachingInputError) as caught:
        make_note(tiny_coach, held_on="1989-12-31")
    assert caught.value.problems == [
        "Date: 1989-12-31 is outside the dates the dashboard keeps (1990-01-01 to 2099-12-31)."
    ]
    with pytest.raises(CoachingInputError) as caught:
        make_note(tiny_coach, actions=[{"owner": "seller", "description": "x", "due_date": "2100-01-01"}])
    assert caught.value.problems == [
        "Action 1: due date: 2100-01-01 is outside the dates the dashboard keeps (1990-01-01 to 2099-12-31)."
    ]
    with pytest.raises(CoachingInputError) as caught:
        coaching.set_action_done(tiny_coach, action_id, dt.date(2100, 1, 1))
    assert caught.value.problems == [
        "Done date: 2100-01-01 is outside the dates the dashboard keeps (1990-01-01 to 2099-12-31)."
    ]
    with i18n.speaking("fi"), pytest.raises(CoachingInputError) as caught:
        coaching.set_action_done(tiny_coach, action_id, "1900-01-01")
    assert caught.value.problems == [
        "Valmistumispäivä: 1900-01-01 on kojelaudan tallentamien päivien ulkopuolella (1990-01-01–2099-12-31)."
    ]
    # the edges themselves are in range
    coaching.set_action_done(tiny_coach, action_id, dt.date(2099, 12, 31))
    assert coaching.get_note(tiny_coach, note_id).actions[0].done_on == dt.date(2099, 12, 31)
    coaching.set_action_done(tiny_coach, action_id, None)
    assert snapshot(tiny_coach)[1:] == before[1:]


# -- lost offer reviews ------------------------------------------------------------------


def test_review_of_lost_offer_reads_back_and_replaces(tiny_coach):
    version = tiny_coach.coaching_version()
    coaching.save_offer_review(
        tiny_coach,
        "O1",
        what_happened="Customer chose a cheaper supplier",
        why="We quoted before knowing the budget",
        do_differently="Ask for the budget in the first meeting",
        customer_word="expensive",
        author="Maija Manager",
    )
    assert tiny_coach.coaching_version() == version + 1
    lost = coaching.lost_offers_of_seller(tiny_coach, "S1")
    assert list(lost["offer_id"]) == ["O1", "O8"]  # latest loss first; only lost offers
    o1 = lost.iloc[0]
    assert (o1["customer"], o1["value"], o1["loss_reason"], bool(o1["reviewed"])) == (
        "Prospect Oy",
        2000.0,
        "price",
        True,
    )
    assert (o1["what_happened"], o1["why"], o1["do_differently"], o1["customer_word"], o1["author"]) == (
        "Customer chose a cheaper supplier",
        "We quoted before knowing the budget",
        "Ask for the budget in the first meeting",
        "expensive",
        "Maija Manager",
    )
    assert not bool(lost.iloc[1]["reviewed"]) and pd.isna(lost.iloc[1]["why"])
    in_2026 = coaching.lost_offers_of_seller(tiny_coach, "S1", date_from="2026-01-01", date_to="2026-12-31")
    assert list(in_2026["offer_id"]) == ["O1"]
    assert list(coaching.lost_offers_of_seller(tiny_coach, "S1", date_to="2025-12-31")["offer_id"]) == ["O8"]

    coaching.save_offer_review(tiny_coach, "O1", why="Budget unknown", author="Pekka Manager")
    review = coaching.offer_review_of(tiny_coach, "O1")
    assert (review["what_happened"], review["why"], review["customer_word"], review["author"]) == (
        "",
        "Budget unknown",
        "",
        "Pekka Manager",
    )
    assert len(_rows(tiny_coach, "offer_reviews")) == 1


def test_reviews_per_loss_reason(tiny_coach):
    coaching.save_offer_review(tiny_coach, "O1", why="price", customer_word="pricey", author="M")
    coaching.save_offer_review(tiny_coach, "O10", why="lost to rival", customer_word="slow", author="M")
    summary = coaching.lost_offers_by_loss_reason(tiny_coach)
    assert summary.to_dict("records") == [
        {"loss_reason": "competitor", "offers_lost": 1, "lost_value": 1000.0, "reviewed_offers": 1},
        {"loss_reason": "price", "offers_lost": 1, "lost_value": 2000.0, "reviewed_offers": 1},
        {"loss_reason": "timing", "offers_lost": 1, "lost_value": 6000.0, "reviewed_offers": 0},
    ]
    in_2026 = coaching.lost_offers_by_loss_reason(tiny_coach, date_from="2026-01-01", date_to="2026-12-31")
    assert list(in_2026["loss_reason"]) == ["price"]
    assert coaching.lost_offers_by_loss_reason(tiny_coach, teams=["B"]).empty
    reviews = coaching.offer_reviews_by_loss_reason(tiny_coach)
    assert [
        (r["loss_reason"], r["offer_id"], r["seller_id"], r["customer_word"])
        for r in reviews.to_dict("records")
    ] == [
        ("competitor", "O10", "S2", "slow"),
        ("price", "O1", "S1", "pricey"),
    ]
    assert list(coaching.offer_reviews_by_loss_reason(tiny_coach, date_from="2026-01-01")["offer_id"]) == [
        "O1"
    ]


@pytest.mark.parametrize(
    ("offer_id", "fields", "message"),
    [
        ("O2", {"why": "x"}, "Offer O2 is won, not lost: only lost offers get a review."),
        ("O4", {"why": "x"}, "Offer O4 is open, not lost: only lost offers get a review."),
        ("O99", {"why": "x"}, "Unknown offer: 'O99'."),
        ("O1", {"why": " "}, "The review is empty: write at least what happened or why."),
        ("O1", {"why": "x", "author": ""}, "Author is empty: who wrote the review?"),
        (
            "O1",
            {"customer_word": "too expensive"},
            "The customer's one word: one word, please (got 'too expensive').",
        ),
    ],
)
def test_invalid_review_is_refused_and_nothing_changes(tiny_coach, offer_id, fields, message):
    coaching.save_offer_review(tiny_coach, "O8", why="late", author="M")
    before = snapshot(tiny_coach)
    args = {"author": "Maija Manager", **fields}
    with pytest.raises(CoachingInputError) as caught:
        coaching.save_offer_review(tiny_coach, offer_id, **args)
    assert caught.value.problems == [message]
    assert snapshot(tiny_coach) == before


# -- overdue counts, search, metrics -----------------------------------------------------


def test_overdue_actions_by_seller(tiny_coach):
    note_id = make_note(tiny_coach)  # S1: due 23.2 and 2.3
    make_note(
        tiny_coach,
        seller_id="S2",
        actions=[
            {"owner": "seller", "description": "a", "due_date": "2026-02-20"},
            {"owner": "seller", "description": "b", "due_date": None},
        ],
    )
    coaching.set_action_done(
        tiny_coach, coaching.get_note(tiny_coach, note_id).actions[1].action_id, "2026-02-27"
    )
    frame = coaching.overdue_actions_by_seller(tiny_coach, as_of="2026-03-03")
    assert frame[["seller_id", "overdue_actions", "open_actions", "notes"]].to_dict("records") == [
        {"seller_id": "S1", "overdue_actions": 1, "open_actions": 1, "notes": 1},
        {"seller_id": "S2", "overdue_actions": 1, "open_actions": 2, "notes": 1},
        {"seller_id": "S3", "overdue_actions": 0, "open_actions": 0, "notes": 0},
    ]
    # on the due day itself an action is not yet overdue
    on_due = coaching.overdue_actions_by_seller(tiny_coach, as_of="2026-02-23")
    assert list(on_due["overdue_actions"]) == [0, 1, 0]
    assert coaching.coaching_counts(tiny_coach, "S2", as_of="2026-03-03") == {
        "notes": 1,
        "open_actions": 2,
        "overdue_actions": 1,
    }


@pytest.fixture
def searchable(tiny_coach):
    ids = {
        "percent": make_note(tiny_coach, goal="Raise hit rate by 50% this quarter", actions=[]),
        "fifty": make_note(tiny_coach, goal="Raise hit rate by 50 points", actions=[]),
        "under": make_note(tiny_coach, reality="see file a_b.xlsx", goal="", actions=[]),
        "axb": make_note(tiny_coach, reality="see file axb.xlsx", goal="", actions=[]),
        "sql": make_note(tiny_coach, options="it's x' or '1'='1", seller_id="S2", author="Pekka", actions=[]),
        "back": make_note(
            tiny_coach,
            will="path C:\\temp",
            held_on="2026-03-10",
            private=False,
            actions=[
                {"owner": "seller", "description": "x", "due_date": "2026-03-17"},
                {"owner": "seller", "description": "y", "due_date": "2026-03-24"},
            ],
        ),
        "team_b": make_note(
            tiny_coach, seller_id="S3", goal="ÄÄKKÖSET work", held_on="2026-01-02", actions=[]
        ),
    }
    return tiny_coach, ids


def _found(coach, ids, **filters) -> set[str]:
    names = {v: k for k, v in ids.items()}
    return {names[n] for n in coaching.search_notes(coach, as_of="2026-02-20", **filters)["note_id"]}


def test_search_text_is_literal(searchable):
    coach, ids = searchable
    assert _found(coach, ids, text="50%") == {"percent"}
    assert _found(coach, ids, text="a_b") == {"under"}
    assert _found(coach, ids, text="%") == {"percent"}
    assert _found(coach, ids, text="_") == {"under"}
    assert _found(coach, ids, text="' or '1'='1") == {"sql"}
    assert _found(coach, ids, text="C:\\temp") == {"back"}
    assert _found(coach, ids, text="\\") == {"back"}
    assert _found(coach, ids, text="äkkö") == {"team_b"}  # case-insensitive, also for ä/ö
    assert _found(coach, ids, text="HIT RATE") == {"percent", "fifty"}
    assert _found(coach, ids, text="  ") == set(ids)  # blank: no text filter
    assert _found(coach, ids, text="nothing like this") == set()


def test_search_filters(searchable):
    coach, ids = searchable
    assert _found(coach, ids, teams=["B"]) == {"team_b"}
    assert _found(coach, ids, seller_id="S2") == {"sql"}
    assert _found(coach, ids, author="Pekka") == {"sql"}
    assert _found(coach, ids, date_from="2026-03-01") == {"back"}
    assert _found(coach, ids, date_to="2026-01-31") == {"team_b"}
    assert _found(coach, ids, open_actions_only=True) == {"back"}
    assert _found(coach, ids, include_private=False) == {"back"}
    assert _found(coach, ids, teams=["A"], text="hit rate", date_from="2026-02-16", date_to="2026-02-16") == {
        "percent",
        "fifty",
    }
    row = coaching.search_notes(coach, text="C:\\", as_of="2026-03-20").iloc[0]
    assert (row["seller"], row["team"], row["actions"], row["open_actions"], row["overdue_actions"]) == (
        "Aino Virtanen",
        "A",
        2,
        2,
        1,  # due 17.3 is past on 20.3, due 24.3 is not
    )


def test_metrics_then_and_now(tiny_coach):
    # 2026-03-31 closes the 90 days 1.1.-31.3. = Q1 of tests/test_scorecard.py: S1 held 5 meetings,
    # sent 6 offers, won 2 of 3 decided (O2, O3; O1 lost), sold 5000 + 300.
    frame = coaching.metrics_then_and_now(
        tiny_coach, "S1", "2026-03-31", "2026-03-31", metrics=("meetings", "offers_sent", "hit_rate", "sales")
    )
    assert frame["then"].tolist() == [5, 6, pytest.approx(2 / 3), 5300.0]
    assert frame["now"].tolist() == frame["then"].tolist()
    # a note on 2026-01-10 looks at 13.10.2025-10.1.2026: A1 (1.1.) is the only meeting; A9 is a call
    early = coaching.metrics_then_and_now(
        tiny_coach, "S1", "2026-01-10", "2026-03-31", metrics=("meetings", "calls")
    )
    assert early["then"].tolist() == [1, 2]
    assert early["now"].tolist() == [5, 1]
    assert coaching.latest_data_date(tiny_coach) == D(2026, 4, 1)  # A11 and D2


# -- imported notes, durability, concurrency ---------------------------------------------


def test_imported_and_app_notes_live_together(tiny_coach):
    app_note = make_note(tiny_coach)
    frames = tiny_tables()
    imported = {
        "coaching_notes": pd.DataFrame(
            [["IMP1", "S1", "2026-01-20", "Maija Manager", "imported goal", "", "", "", "false"]],
            columns=[
                "note_id",
                "seller_id",
                "held_on",
                "author",
                "goal",
                "reality",
                "options",
                "will",
                "private",
            ],
        ),
        "coaching_actions": pd.DataFrame(
            [["IMPA1", "IMP1", "seller", "imported action", "2026-01-27", ""]],
            columns=["action_id", "note_id", "owner", "description", "due_date", "done_on"],
        ),
    }
    tiny_coach.load_frames({"sellers": frames["sellers"], **imported})
    tiny_coach.load_frames(imported)  # a re-import replaces by key and keeps the app's note
    notes = coaching.seller_notes(tiny_coach, "S1", as_of="2026-02-20")
    assert [n.note_id for n in notes] == [app_note, "IMP1"]
    assert (notes[1].goal, notes[1].private, notes[1].created_at) == ("imported goal", False, None)
    assert [(a.action_id, a.overdue) for a in notes[1].actions] == [("IMPA1", True)]
    # an imported note can be edited and its action marked done in the app
    coaching.set_action_done(tiny_coach, "IMPA1", "2026-01-25")
    coaching.save_note(
        tiny_coach,
        "S1",
        "2026-01-20",
        "Maija Manager",
        goal="edited in the app",
        note_id="IMP1",
        actions=[
            {
                "action_id": "IMPA1",
                "owner": "seller",
                "description": "imported action",
                "due_date": "2026-01-27",
            }
        ],
    )
    note = coaching.get_note(tiny_coach, "IMP1")
    assert (note.goal, note.actions[0].done_on) == ("edited in the app", D(2026, 1, 25))


def test_note_survives_a_new_connection(tmp_path):
    path = tmp_path / "durable.duckdb"
    coach = salescoach.connect(path)
    coach.load_frames(tiny_tables())
    note_id = make_note(coach)
    coaching.save_offer_review(coach, "O1", why="price", author="M")
    coach.close()
    with salescoach.connect(path) as again:
        note = coaching.get_note(again, note_id)
        assert note.goal == "Four new-business meetings a week" and len(note.actions) == 2
        assert coaching.offer_review_of(again, "O1")["why"] == "price"


def test_two_threads_saving_at_once_keep_every_note(tiny_coach):
    errors: list[BaseException] = []
    saved: dict[str, list[str]] = {"S1": [], "S2": []}
    start = threading.Barrier(2)

    def writer(seller_id: str) -> None:
        try:
            start.wait()
            for i in range(20):
                saved[seller_id].append(
                    make_note(
                        tiny_coach,
                        seller_id=seller_id,
                        goal=f"{seller_id} note {i}",
                        actions=[{"owner": "seller", "description": f"action {i}", "due_date": "2026-03-01"}],
                    )
                )
        except BaseException as error:  # noqa: BLE001 reported below
            errors.append(error)

    version = tiny_coach.coaching_version()
    threads = [threading.Thread(target=writer, args=(s,)) for s in saved]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for seller_id, ids in saved.items():
        notes = coaching.seller_notes(tiny_coach, seller_id)
        assert sorted(n.note_id for n in notes) == sorted(ids) and len(set(ids)) == 20
        assert sorted(n.goal for n in notes) == sorted(f"{seller_id} note {i}" for i in range(20))
        assert all(len(n.actions) == 1 for n in notes)
    assert tiny_coach.coaching_version() == version + 40


def _hold_the_write_lock(coach) -> sqlite3.Connection:
    """Another process's write transaction on the embedded coaching store: it has the data version row."""
    other = sqlite3.connect(coach.coaching.path, isolation_level=None, check_same_thread=False)
    other.execute("begin immediate")
    other.execute("update coaching_data_version set version = 100")
    return other


def test_a_save_waits_for_another_write_transaction(tiny_coach):
    """Another process holds the coaching store's write lock; the save waits for it and succeeds.

    (The analytics file is never written by a save any more, so a DuckDB conflict cannot happen:
    the wait is the coaching store's busy timeout.)"""
    other = _hold_the_write_lock(tiny_coach)
    timer = threading.Timer(0.3, other.execute, args=("commit",))
    timer.start()
    try:
        note_id = make_note(tiny_coach)
    finally:
        timer.join()
        other.close()
    assert coaching.get_note(tiny_coach, note_id) is not None
    assert tiny_coach.coaching_version() == 101


def test_a_lock_that_never_ends_fails_cleanly(tiny_coach, monkeypatch):
    from salescoach import coaching_store
    from salescoach.faults import StoreFault

    monkeypatch.setattr(coaching_store, "BUSY_TIMEOUT_MS", 200)
    with salescoach.connect(tiny_coach.path) as coach:  # its connections wait 0.2 s
        other = _hold_the_write_lock(coach)
        try:
            with pytest.raises(StoreFault) as caught:
                make_note(coach)
        finally:
            other.execute("rollback")
            other.close()
        assert caught.value.kind == "locked"
        assert str(caught.value).startswith(f"{coach.coaching.path} is locked by another program")
        assert "Traceback" not in str(caught.value)
        assert coaching.seller_notes(coach, "S1") == []


SAVE_AND_WAIT = """
import sys, time
import salescoach
from salescoach import coaching
coach = salescoach.connect(sys.argv[1])
note_id = coaching.save_note(coach, "S1", "2026-02-16", "Maija Manager", goal="saved before the kill",
    actions=[{"owner": "seller", "description": "survive", "due_date": "2026-02-20"}])
print(note_id, flush=True)
time.sleep(60)
"""


def test_note_survives_a_killed_process(tmp_path):
    path = tmp_path / "killed.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVE_AND_WAIT, str(path)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        note_id = proc.stdout.readline().strip()
        assert note_id.startswith("N-")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    with salescoach.connect(path) as again:
        note = coaching.get_note(again, note_id)
        assert note.goal == "saved before the kill"
        assert [a.description for a in note.actions] == ["survive"]
