"""The coaching loop (salescoach/coaching_loop.py) on hand-counted fixtures, on both coaching stores
(the embedded SQLite file and PostgreSQL, `store_url` of test_coaching_store.py): cadence, last
and next 1:1, open and overdue actions per owner, follow-through, metric-tied verdicts, the agenda,
the customer ladder and its cohorts, the CLI and the import of cadences and targets.

The coaching fixture is tests/tiny_data.py (S1, S2 in team A; S3 in team B, who left) with these
1:1s and actions, read on AS_OF = 2026-02-15 (follow-through window (2025-11-17, 2026-02-15]):

    S1, cadence 7 (imported)   note 2026-01-05: a1 seller  due 01-10 done 01-09 (on time)
                                                a2 seller  due 01-20 done 01-25 (late)
                                                a3 manager due 01-31 open      (overdue)
                                                a4 manager due 01-12 done 01-12 (on the day: on time)
                                                a5 seller  due 01-20 done 01-19 meetings >= 1
                                                a6 manager due 02-14 open      overdue_offers <= 1
                               note 2026-02-01: b1 seller  due 02-20 open      (due after as_of)
                                                b2 seller  due 02-10 done 02-16 (done after as_of)
                                                b3 seller  due 02-10 done 02-09 meetings >= 3
                                                c1 manager due 02-28 open      offers_per_win <= 1.5
    S2, default cadence 14     note 2026-03-01 only (after as_of): never coached on as_of
    S3, cadence 30 (the app)   note 2025-10-01: d1 seller due 2025-10-10 done 10-10 (before the window)
                               note 2026-01-20: d2 seller due 2026-01-25 open (overdue)
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import salescoach
from salescoach import cli, coaching, coaching_loop
from salescoach.coaching import CoachingInputError
from salescoach.importer import DataImportError
from tests.test_coaching_store import store_url  # noqa: F401 - the two stores, as a fixture
from tests.tiny_data import tiny_tables

D = dt.date
AS_OF = D(2026, 2, 15)


def _action(owner, description, due, done=None, metric=None, target=None) -> dict:
    return {
        "owner": owner,
        "description": description,
        "due_date": due,
        "done_on": done,
        "metric": metric,
        "target": target,
    }


def _note(coach, seller_id, held_on, actions) -> str:
    return coaching.save_note(coach, seller_id, held_on, "Maija Manager", goal="Grow", actions=actions)


@pytest.fixture
def coach(store_url, tmp_path):  # noqa: F811 - the parametrised store
    tables = tiny_tables()
    tables["sellers"]["coaching_cadence_days"] = ["7", "", ""]
    with salescoach.connect(tmp_path / "loop.duckdb") as opened:
        opened.load_frames(tables)
        _note(
            opened,
            "S1",
            "2026-01-05",
            [
                _action("seller", "a1", "2026-01-10", "2026-01-09"),
                _action("seller", "a2", "2026-01-20", "2026-01-25"),
                _action("manager", "a3", "2026-01-31"),
                _action("manager", "a4", "2026-01-12", "2026-01-12"),
                _action("seller", "a5", "2026-01-20", "2026-01-19", "meetings", 1),
                _action("manager", "a6", "2026-02-14", None, "overdue_offers", 1),
            ],
        )
        _note(
            opened,
            "S1",
            "2026-02-01",
            [
                _action("seller", "b1", "2026-02-20"),
                _action("seller", "b2", "2026-02-10", "2026-02-16"),
                _action("seller", "b3", "2026-02-10", "2026-02-09", "meetings", 3),
                _action("manager", "c1", "2026-02-28", None, "offers_per_win", 1.5),
            ],
        )
        _note(opened, "S2", "2026-03-01", [_action("seller", "later", "2026-03-05")])
        _note(opened, "S3", "2025-10-01", [_action("seller", "d1", "2025-10-10", "2025-10-10")])
        _note(opened, "S3", "2026-01-20", [_action("seller", "d2", "2026-01-25")])
        coaching_loop.set_cadence(opened, "S3", 30)
        yield opened


def _status(coach, as_of=AS_OF) -> dict[str, dict]:
    frame = coaching_loop.coaching_status(coach, as_of)
    return {row["seller_id"]: row for row in frame.to_dict("records")}


def test_the_status_has_exactly_the_issues_columns(coach):
    frame = coaching_loop.coaching_status(coach, AS_OF)
    assert tuple(frame.columns[: len(coaching_loop.STATUS_COLUMNS)]) == coaching_loop.STATUS_COLUMNS
    assert list(frame["seller_id"]) == ["S1", "S2", "S3"]  # every seller, team then name


def test_cadence_last_and_next_one_on_one(coach):
    rows = _status(coach)
    s1, s2, s3 = rows["S1"], rows["S2"], rows["S3"]
    # S1: imported cadence 7; last 1:1 2026-02-01 -> next 02-08, before 02-15: overdue
    assert (s1["last_one_on_one"], s1["cadence_days"], s1["next_one_on_one_due"]) == (
        D(2026, 2, 1),
        7,
        D(2026, 2, 8),
    )
    assert s1["one_on_one_overdue"] is True or s1["one_on_one_overdue"] == 1
    # S2: no cadence of their own: the default 14; its only note is after as_of: never coached,
    # due now (on as_of) and overdue
    assert pd.isna(s2["last_one_on_one"]) and s2["cadence_days"] == 14
    assert s2["next_one_on_one_due"] == AS_OF and bool(s2["one_on_one_overdue"])
    # S3: cadence 30 set in the app; last 1:1 2026-01-20 -> next 2026-02-19, not overdue
    assert (s3["last_one_on_one"], s3["cadence_days"], s3["next_one_on_one_due"]) == (
        D(2026, 1, 20),
        30,
        D(2026, 2, 19),
    )
    assert not bool(s3["one_on_one_overdue"])
    # on 2026-03-01 S2's note counts: last 03-01, next 03-15, not overdue
    later = _status(coach, D(2026, 3, 1))["S2"]
    assert (later["last_one_on_one"], later["next_one_on_one_due"], bool(later["one_on_one_overdue"])) == (
        D(2026, 3, 1),
        D(2026, 3, 15),
        False,
    )


def test_open_and_overdue_actions_per_owner(coach):
    rows = _status(coach)
    s1 = rows["S1"]
    # seller open on 02-15: b1 (due 02-20), b2 (done only on 02-16); overdue: b2 (due 02-10)
    # manager open: a3, a6, c1; overdue: a3 (01-31), a6 (02-14); c1 due 02-28
    assert [s1[c] for c in ("open_actions_seller", "overdue_actions_seller")] == [2, 1]
    assert [s1[c] for c in ("open_actions_manager", "overdue_actions_manager")] == [3, 2]
    # S2's note of 03-01 is after as_of: its action does not count yet
    assert [rows["S2"][c] for c in ("open_actions_seller", "overdue_actions_seller")] == [0, 0]
    assert [rows["S3"][c] for c in ("open_actions_seller", "overdue_actions_seller")] == [1, 1]  # d2


def test_follow_through_of_both_sides(coach):
    rows = _status(coach)
    # S1 seller, due in (2025-11-17, 2026-02-15]: a1, a2, a5, b2, b3 (b1 due after as_of);
    # done on or before the due date: a1, a5, b3 (a2 late, b2 done after as_of) -> 3/5
    assert rows["S1"]["follow_through_seller"] == pytest.approx(3 / 5)
    # S1 manager: a3, a4, a6 due; a4 done on its due date -> 1/3 (c1 due after as_of)
    assert rows["S1"]["follow_through_manager"] == pytest.approx(1 / 3)
    # S3 seller: d1 was due before the window; d2 due 01-25, open -> 0/1 = 0, not empty
    assert rows["S3"]["follow_through_seller"] == 0
    # nothing due: empty, never 0
    assert pd.isna(rows["S3"]["follow_through_manager"]) and pd.isna(rows["S2"]["follow_through_seller"])


def test_metric_tied_actions_are_checked_on_a_hand_counted_window(coach):
    checked = coaching_loop.targeted_actions(coach, AS_OF).set_index("description")
    # a5: meetings over 2026-01-06..01-20: A2 (01-15) = 1 >= 1: met; the 15 days before the 1:1
    # (2025-12-22..2026-01-05): A1 (01-01) = 1
    assert (checked.loc["a5", "value"], checked.loc["a5", "before"], checked.loc["a5", "verdict"]) == (
        1,
        1,
        "met",
    )
    # b3: meetings over 02-02..02-10: A5 (02-10; A6 planned, A7 cancelled) = 1 < 3: missed;
    # before, 9 days up to 02-01 (01-24..02-01): A3 (02-01) = 1
    assert (checked.loc["b3", "value"], checked.loc["b3", "before"], checked.loc["b3", "verdict"]) == (
        1,
        1,
        "missed",
    )
    # a6: overdue_offers as of 02-14 (less is better): O4 (expected 02-10, open) = 1 <= 1: met
    assert (checked.loc["a6", "value"], checked.loc["a6", "verdict"]) == (1, "met")
    # c1: due 02-28, after as_of: pending (its value so far, 02-02..02-15: O2 won 02-01 is
    # before the window, nothing decided in it: offers_per_win undefined)
    assert checked.loc["c1", "verdict"] == "pending" and pd.isna(checked.loc["c1", "value"])
    rows = _status(coach)
    # due in the 90 days: a5 met, a6 met, b3 missed; c1 due after as_of
    assert (rows["S1"]["actions_met"], rows["S1"]["actions_missed"]) == (2, 1)
    assert (rows["S2"]["actions_met"], rows["S2"]["actions_missed"]) == (0, 0)


def test_a_metric_that_cannot_be_computed_is_unknown_not_missed(coach):
    note = _note(
        coach, "S2", "2026-01-02", [_action("seller", "qualify", "2026-01-31", None, "needs_share", 0.5)]
    )
    checked = coaching_loop.targeted_actions(coach, AS_OF, seller_id="S2")
    row = checked[checked["note_id"] == note].iloc[0]
    # S2 held no meeting in 01-03..01-31: needs_share has no denominator
    assert row["verdict"] == "unknown" and pd.isna(row["value"])


def test_the_verdict_window_starts_the_day_after_the_one_on_one():
    window = coaching_loop.action_window(D(2026, 1, 5), D(2026, 1, 20))
    assert (window.after_from, window.after_to, window.days, window.before) == (
        D(2026, 1, 6),
        D(2026, 1, 20),
        15,
        (D(2025, 12, 22), D(2026, 1, 5)),
    )
    assert coaching_loop.action_window(D(2026, 1, 5), D(2026, 1, 5)) is None  # no day after the 1:1
    assert coaching_loop.action_window(D(2026, 1, 5), None) is None
    # a due date past the contract's last day (a hand-edited store) is measured up to 2099-12-31;
    # the days before a 1:1 start on the contract's first day at the earliest
    far = coaching_loop.action_window(D(2026, 1, 5), D(9999, 12, 31))
    assert (far.after_to, far.before[0]) == (D(2099, 12, 31), D(1990, 1, 1))


def test_cadence_is_set_and_cleared_in_the_coaching_store(coach):
    coaching_loop.set_cadence(coach, "S2", "21")
    assert _status(coach)["S2"]["cadence_days"] == 21
    coaching_loop.set_cadence(coach, "S2", None)  # back to the default
    assert _status(coach)["S2"]["cadence_days"] == 14
    for bad in (0, 366, 7.5, "weekly"):
        with pytest.raises(CoachingInputError, match="whole number of days from 1 to 365"):
            coaching_loop.set_cadence(coach, "S2", bad)
    with pytest.raises(CoachingInputError, match="Unknown seller"):
        coaching_loop.set_cadence(coach, "S9", 7)
    assert _status(coach)["S2"]["cadence_days"] == 14  # a refused cadence changed nothing


def test_a_note_refuses_a_half_given_or_unknown_target(coach):
    cases = [
        (_action("seller", "x", "2026-02-20", None, "meetings", None), "give both a metric and its target"),
        (_action("seller", "x", "2026-02-20", None, None, 3), "give both a metric and its target"),
        (_action("seller", "x", None, None, "meetings", 3), "needs a due date"),
        (_action("seller", "x", "2026-02-20", None, "sellers", 3), "is not a scorecard metric"),
        (_action("seller", "x", "2026-02-20", None, "meetings", -1), "from 0 to"),
    ]
    for action, message in cases:
        with pytest.raises(CoachingInputError, match=message):
            _note(coach, "S2", "2026-02-01", [action])
    note = coaching.get_note(
        coach,
        _note(coach, "S2", "2026-02-01", [_action("seller", "y", "2026-02-20", None, "Needs_Share", "0.5")]),
    )
    assert [(a.metric, a.target) for a in note.actions] == [("needs_share", 0.5)]


def test_the_agenda_starts_from_what_changed(coach):
    agenda = coaching_loop.agenda(coach, "S1", D(2026, 2, 20))
    assert agenda.since == D(2026, 2, 1)
    # offers closed in (02-01, 02-20]: O3 won 02-20 (1000); O2 won on 02-01 itself is before
    assert list(agenda.offers["offer_id"]) == ["O3"] and len(agenda.lost) == 0
    # the last 1:1's actions, and older ones still open (a3, a6); a1, a2, a4, a5 were done before it
    table = agenda.actions.set_index("description")
    assert list(table.index) == ["a3", "b2", "b3", "a6", "b1", "c1"]  # by due date
    assert dict(table["state"]) == {
        "a3": "overdue",
        "b2": "done_late",
        "b3": "done_on_time",
        "a6": "overdue",
        "b1": "open",  # due on 02-20 itself: not overdue yet
        "c1": "open",
    }
    assert table.loc["b3", "verdict"] == "missed" and table.loc["a6", "verdict"] == "met"
    assert table.loc["c1", "verdict"] == "pending"
    text = coaching_loop.reality_text(agenda)
    assert text.splitlines()[0] == "Since the last 1:1 (1 Feb 2026), up to 20 Feb 2026 (90 days up to each):"
    assert "- offers won since: 1 (€1,000)" in text
    # the pipeline memory from 02-01 to 02-20: O3 won; nothing lost, slipped or pushed
    assert agenda.pipeline["won_offers"] == 1 and agenda.pipeline["won_value"] == 1000
    assert "- the pipeline since (pipeline memory): 1 won (€1,000), 0 lost (€0), 0 slipped out" in text
    assert (
        "- Seller: b3: done on time (9 Feb 2026); Meetings 1, target ≥ 3: missed" not in text
    )  # no sign in the text
    assert "- Seller: b3: done on time (9 Feb 2026); Meetings 1, target 3: missed" in text
    assert "- Manager: a3: overdue since 31 Jan 2026" in text


def test_the_agenda_of_a_seller_never_coached(coach):
    agenda = coaching_loop.agenda(coach, "S2", D(2026, 2, 15))
    assert agenda.since is None and agenda.actions.empty
    assert agenda.metrics["then"].isna().all()
    assert (
        coaching_loop.reality_text(agenda).splitlines()[0]
        == "The first 1:1. The numbers of the 90 days up to 15 Feb 2026:"
    )


def test_private_notes_the_viewer_may_not_read_stay_out_of_the_agenda(coach):
    agenda = coaching_loop.agenda(coach, "S1", D(2026, 2, 20), readable=lambda notes: [])
    assert agenda.since is None and agenda.actions.empty


# -- imports: cadences and targets, all or nothing ------------------------------------------------


def test_imported_cadences_replace_blank_clears_absent_leaves(coach):
    assert _status(coach)["S3"]["cadence_days"] == 30  # set in the app
    sellers = tiny_tables()["sellers"]
    coach.load_frames({"sellers": sellers})  # no cadence column: nothing changes
    assert [_status(coach)[s]["cadence_days"] for s in ("S1", "S2", "S3")] == [7, 14, 30]
    coach.load_frames({"sellers": sellers.assign(coaching_cadence_days=["", "10", ""])})
    assert [_status(coach)[s]["cadence_days"] for s in ("S1", "S2", "S3")] == [14, 10, 14]


def test_a_bad_cadence_or_target_is_located_and_changes_nothing(coach):
    before = coaching_loop.coaching_status(coach, AS_OF)
    sellers = tiny_tables()["sellers"].assign(coaching_cadence_days=["7.5", "0", ""])
    notes = pd.DataFrame(
        [{"note_id": "N9", "seller_id": "S1", "held_on": "2026-01-01", "author": "Maija", "goal": "g"}]
    )
    actions = pd.DataFrame(
        [
            {
                "action_id": "X1",
                "note_id": "N9",
                "owner": "seller",
                "description": "d",
                "due_date": "2026-01-10",
                "metric": "meetings",
            },
            {
                "action_id": "X2",
                "note_id": "N9",
                "owner": "seller",
                "description": "d",
                "due_date": "",
                "metric": "hit_rate",
                "target": "0.4",
            },
            {
                "action_id": "X3",
                "note_id": "N9",
                "owner": "seller",
                "description": "d",
                "due_date": "2026-01-10",
                "metric": "mood",
                "target": "1",
            },
        ]
    )
    with pytest.raises(DataImportError) as raised:
        coach.load_frames({"sellers": sellers, "coaching_notes": notes, "coaching_actions": actions})
    assert [str(p) for p in raised.value.problems] == [
        "sellers, row 3, seller S2, column coaching_cadence_days: value 0 is below the minimum 1",
        "sellers, row 2, seller S1, column coaching_cadence_days: value 7.5 is not a whole number",
        'coaching_actions, row 4, action X3, column metric: invalid value "mood" (must be one of '
        + ", ".join(coaching.TARGET_METRICS)
        + ")",
        "coaching_actions, row 2, action X1, column target: metric without target",
        "coaching_actions, row 3, action X2, column due_date: action tied to a metric without due_date",
    ]
    pd.testing.assert_frame_equal(coaching_loop.coaching_status(coach, AS_OF), before)


def test_imported_targets_are_checked_like_the_apps(coach):
    notes = pd.DataFrame(
        [{"note_id": "N9", "seller_id": "S2", "held_on": "2026-01-02", "author": "Maija", "goal": "g"}]
    )
    actions = pd.DataFrame(
        [
            {
                "action_id": "X1",
                "note_id": "N9",
                "owner": "seller",
                "description": "d",
                "due_date": "2026-01-31",
                "metric": "calls",
                "target": "1",
            }
        ]
    )
    coach.load_frames({"coaching_notes": notes, "coaching_actions": actions})
    row = coaching_loop.targeted_actions(coach, AS_OF, seller_id="S2").iloc[0]
    # S2's calls over 2026-01-03..01-31: none (A12 is on 03-31) -> 0 < 1: missed
    assert (row["metric"], row["target"], row["value"], row["verdict"]) == ("calls", 1.0, 0, "missed")


# -- the customer ladder -----------------------------------------------------------------------------


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(), dtype=object).fillna("")


def ladder_tables() -> dict[str, pd.DataFrame]:
    """On LADDER_DAY = 2026-06-30 (12 months back: (2025-06-30, 2026-06-30]; 24: (2024-06-30, ...]):
    K1 met by L1, never bought: prospect. K2 met by L1 and L2, one deal: customer. K3 met by L1
    and L3, deals 2024-07-01 (just inside 24 months) and 2026-05-01: regular. K4 met by L2, deals
    2024-06-30 (just outside) and 2026-03-01: customer. K5 met by L1 on 2025-06-30 (just outside
    12 months; a cancelled meeting and a planned one inside): not on the ladder. K6 never met,
    sold to by L2 on the day: customer. K7: an old prospect, only for the cohorts. K8: sold to by
    L2 on 2025-07-01 (just inside 12 months), its second deal in 24 months: regular."""
    return {
        "sellers": _frame(
            "seller_id name team",
            [("L1", "Liisa", "X"), ("L2", "Lauri", "X"), ("L3", "Leena", "Y")],
        ),
        "customers": _frame("customer_id name", [(f"K{i}", f"Customer {i}") for i in range(1, 9)]),
        "activities": _frame(
            "activity_id seller_id customer_id type date status",
            [
                ("M1", "L1", "K1", "meeting", "2026-03-01", "done"),
                ("M2", "L1", "K2", "meeting", "2026-02-01", "done"),
                ("M3", "L1", "K3", "meeting", "2025-09-01", "done"),
                ("M4", "L2", "K4", "meeting", "2026-01-10", "done"),
                ("M5", "L1", "K5", "meeting", "2025-06-30", "done"),
                ("M6", "L1", "K5", "meeting", "2025-07-01", "cancelled"),
                ("M11", "L1", "K5", "meeting", "2026-07-05", "planned"),
                ("M7", "L2", "K2", "meeting", "2026-06-01", "done"),
                ("M8", "L3", "K3", "meeting", "2026-06-30", "done"),
                ("M9", "L2", "K7", "meeting", "2024-03-01", "done"),
                ("M10", "L2", "K8", "meeting", "2024-05-01", "done"),
                ("M12", "L2", "K6", "call", "2026-06-01", "done"),  # a call is no meeting
            ],
        ),
        "deals": _frame(
            "deal_id seller_id customer_id close_date value",
            [
                ("E1", "L1", "K2", "2026-04-01", "100"),
                ("E2", "L3", "K3", "2024-07-01", "100"),
                ("E3", "L1", "K3", "2026-05-01", "100"),
                ("E4", "L2", "K4", "2024-06-30", "100"),
                ("E5", "L2", "K4", "2026-03-01", "100"),
                ("E6", "L2", "K6", "2026-06-30", "100"),
                ("E7", "L2", "K7", "2024-12-01", "100"),
                ("E8", "L2", "K7", "2025-05-01", "100"),
                ("E9", "L2", "K8", "2025-06-01", "100"),
                ("E10", "L2", "K8", "2025-07-01", "100"),
            ],
        ),
    }


LADDER_DAY = D(2026, 6, 30)


@pytest.fixture
def ladder_coach(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESCOACH_COACHING_URL", "")
    with salescoach.connect(tmp_path / "ladder.duckdb") as opened:
        opened.load_frames(ladder_tables())
        yield opened


def _steps(frame: pd.DataFrame, key: str) -> dict:
    return {
        row[key]: (row["prospects"], row["customers"], row["regular_customers"])
        for row in frame.to_dict("records")
    }


def test_each_ladder_step_per_seller_team_and_all(ladder_coach):
    by_seller = coaching_loop.customer_ladder(ladder_coach, LADDER_DAY)
    # L1: K1 prospect, K2 customer, K3 regular. L2: K2, K4, K6 customers, K8 regular (E10).
    # L3: K3 regular.
    assert _steps(by_seller, "seller_id") == {"L1": (1, 1, 1), "L2": (0, 3, 1), "L3": (0, 0, 1)}
    teams = coaching_loop.customer_ladder(ladder_coach, LADDER_DAY, grain="team")
    # team X counts K2 once: K1; K2, K4, K6; K3, K8
    assert _steps(teams, "team") == {"X": (1, 3, 2), "Y": (0, 0, 1)}
    everyone = coaching_loop.customer_ladder(ladder_coach, LADDER_DAY, grain="all")
    assert _steps(everyone, "grain") == {"all": (1, 3, 2)}
    # a day later K3's deal of 2024-07-01 leaves the 24 months: K3 is a customer; L2's deal
    # with K8 of 2025-07-01 leaves the 12 months: K8 is off L2's ladder; K6 still a customer
    later = coaching_loop.customer_ladder(ladder_coach, D(2026, 7, 1), teams=["X"])
    assert _steps(later, "seller_id") == {"L1": (1, 2, 0), "L2": (0, 3, 0)}


def test_the_cohort_conversion_of_first_meetings(ladder_coach):
    cohorts = coaching_loop.ladder_cohorts(ladder_coach, LADDER_DAY)
    rows = {
        r["cohort"]: (r["prospects"], r["customers_12m"], r["regular_24m"], bool(r["complete"]))
        for r in cohorts.to_dict("records")
    }
    # 2024: K7 (first met 03-01; deals 2024-12-01, 2025-05-01: customer within 12 months, regular
    # within 24) and K8 (05-01; first deal 2025-06-01, 13 months later: regular within 24 only);
    # both their 24 months over by 2026-06-30: complete.
    # 2025: K5 (2025-06-30, never bought). 2026: K1 (never), K2 (deal 2026-04-01).
    # K3 and K4 had bought before their first meeting: no prospects then; K6 was never met.
    assert rows == {2024: (2, 1, 2, True), 2025: (1, 0, 0, False), 2026: (2, 1, 0, False)}
    assert list(cohorts["cohort"]) == [2024, 2025, 2026]  # oldest first
    per_seller = coaching_loop.ladder_cohorts(ladder_coach, LADDER_DAY, grain="seller")
    assert sorted((r["seller_id"], r["cohort"], r["prospects"]) for r in per_seller.to_dict("records")) == [
        ("L1", 2025, 1),
        ("L1", 2026, 2),
        ("L2", 2024, 2),
    ]


def test_the_ladder_cli(ladder_coach, capsys):
    assert cli.main(["ladder", "--as-of", "2026-06-30", "--db", str(ladder_coach.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "seller_id,seller,team,prospects,customers,regular_customers",
        "L2,Lauri,X,0,3,1",
        "L1,Liisa,X,1,1,1",
        "L3,Leena,Y,0,0,1",
    ]
    assert (
        cli.main(
            [
                "ladder",
                "--as-of",
                "2026-06-30",
                "--grain",
                "team",
                "--format",
                "json",
                "--db",
                str(ladder_coach.path),
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [(r["team"], r["prospects"], r["customers"], r["regular_customers"]) for r in rows] == [
        ("X", 1, 3, 2),
        ("Y", 0, 0, 1),
    ]
    assert cli.main(["ladder", "--as-of", "2026-06-30", "--cohorts", "--db", str(ladder_coach.path)]) == 0
    assert (
        capsys.readouterr().out.splitlines()[0]
        == "seller_id,seller,team,cohort,prospects,customers_12m,regular_24m,complete"
    )


def test_the_coaching_status_cli(coach, capsys):
    assert cli.main(["coaching-status", "--as-of", "2026-02-15", "--db", str(coach.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(coaching_loop.STATUS_COLUMNS)
    assert lines[1] == "S1,Aino Virtanen,2026-02-01,7,2026-02-08,True,2,3,1,2,0.6,0.3333333333333333,2,1"
    assert lines[2] == "S2,Bertta Korhonen,,14,2026-02-15,True,0,0,0,0,,,0,0"
    assert lines[3] == "S3,Cecilia Nieminen,2026-01-20,30,2026-02-19,False,1,0,1,0,0.0,,0,0"
    assert (
        cli.main(["coaching-status", "--as-of", "2026-02-15", "--format", "json", "--db", str(coach.path)])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows[1]["last_one_on_one"] is None and rows[1]["follow_through_seller"] is None
    assert (rows[0]["last_one_on_one"], rows[0]["next_one_on_one_due"]) == ("2026-02-01", "2026-02-08")
    assert list(rows[0]) == list(coaching_loop.STATUS_COLUMNS)


# -- the attention list's coaching reasons ---------------------------------------------------------


def test_the_attention_list_flags_overdue_one_on_ones_and_actions(coach):
    from salescoach import attention

    ranked = attention.attention_list(coach, AS_OF, lang="en").set_index("seller_id")
    # S3 left (the list is of active sellers). S2: never coached while team A keeps its 1:1s here:
    # fully short (1.0). S1: the 1:1 due 02-08 is 7 days late on a 7-day cadence: 7 / (2 x 7) =
    # 0.5; 3 of its 5 open actions overdue (b2; a3, a6): 0.6.
    assert sorted(ranked.index) == ["S1", "S2"]
    s1, s2 = ranked.loc["S1"], ranked.loc["S2"]
    assert "one_on_one_overdue" in s2["reasons"] and s2["urgency"] == 1.0
    assert "No 1:1 held yet: the first is due now (a 1:1 every 14 days)" in s2["why"]
    assert {"one_on_one_overdue", "actions_overdue"} <= set(s1["reasons"])
    why = dict(zip(s1["reasons"], s1["why"], strict=True))
    assert why["one_on_one_overdue"] == (
        "The 1:1 is overdue: the last was on 1 Feb 2026, the next was due 8 Feb 2026 (7 days ago; a 1:1 every 7 days)"
    )
    assert why["actions_overdue"] == (
        "1 of the seller's and 2 of the manager's agreed actions are past their due date (5 open)"
    )
    found = {f.code: f.shortfall for f in attention.findings(_attention_row(coach, "S1"))}
    assert found["one_on_one_overdue"] == pytest.approx(0.5) and found["actions_overdue"] == pytest.approx(
        0.6
    )


def _attention_row(coach, seller_id: str) -> dict:
    frame = coaching_loop.attention_inputs(coach, AS_OF)
    return frame[frame["seller_id"] == seller_id].iloc[0].to_dict()


def test_a_team_that_keeps_no_notes_is_not_flagged(tmp_path, monkeypatch):
    from salescoach import attention

    monkeypatch.setenv("SALESCOACH_COACHING_URL", "")
    with salescoach.connect(tmp_path / "none.duckdb") as opened:
        opened.load_frames(tiny_tables())
        frame = coaching_loop.attention_inputs(opened, AS_OF)
        assert frame.drop(columns="seller_id").isna().all().all()  # unknown, not "never coached"
        ranked = attention.attention_list(opened, AS_OF)
        assert not any("one_on_one_overdue" in reasons for reasons in ranked["reasons"])


def test_a_version_1_coaching_store_is_migrated_keeping_its_rows(store_url, tmp_path, monkeypatch):  # noqa: F811
    from salescoach import coaching_store

    monkeypatch.setattr(coaching_store, "MIGRATIONS", ((1, "schema_1"),))
    old = coaching_store.open_store(tmp_path / "old.duckdb", store_url or "")
    with old.transaction() as transaction:
        transaction.cursor.execute(
            "insert into coaching_notes (note_id, seller_id, held_on, author, private) "
            "values ('N1', 'S1', '2026-01-05', 'Maija', true)"
        )
        transaction.cursor.execute(
            "insert into coaching_actions (action_id, note_id, owner, description, due_date) "
            "values ('A1', 'N1', 'seller', 'Call', '2026-01-10')"
        )
    assert old.rows("schema_version") == [{"version": 1}]
    old.close()
    monkeypatch.undo()
    store = coaching_store.open_store(tmp_path / "old.duckdb", store_url or "")
    try:
        assert store.rows("schema_version") == [{"version": 2}]
        (action,) = store.rows("actions")
        assert (action["action_id"], action["metric"], action["target"]) == ("A1", None, None)
        assert store.rows("cadences") == []
    finally:
        store.close()


def test_a_crm_preset_without_cadences_leaves_them(tmp_path, monkeypatch):
    from salescoach.presets import load_preset, read_preset
    from tests.test_presets import FIXTURES

    monkeypatch.setenv("SALESCOACH_COACHING_URL", "")
    with salescoach.connect(tmp_path / "preset.duckdb") as opened:
        load_preset(opened, read_preset("hubspot", FIXTURES / "hubspot"))
        seller_id = opened.query("seller_list")["seller_id"].iloc[0]
        coaching_loop.set_cadence(opened, seller_id, 21)
        load_preset(opened, read_preset("hubspot", FIXTURES / "hubspot"))  # the nightly import again
        assert [r["cadence_days"] for r in opened.coaching.rows("cadences")] == [21]
