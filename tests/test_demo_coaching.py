"""The demo's coaching-loop stories (salescoach.demo.COACHING_STORIES) on the demo database ending
2026-11-23 (conftest.demo_template): each as the coaching status, the verdicts and the ladder
read it, through the same functions the pages and the CLI use."""

from __future__ import annotations

import datetime as dt

import pytest

import salescoach
from salescoach import coaching_loop
from salescoach.demo import COACHING_STORIES

END = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(demo_template):
    with salescoach.connect(demo_template, read_only=True) as coach:
        status = coaching_loop.coaching_status(coach, END).set_index("seller_id")
        targeted = coaching_loop.targeted_actions(coach, END)
        ladder = coaching_loop.customer_ladder(coach, END, grain="all").iloc[0]
        cohorts = coaching_loop.ladder_cohorts(coach, END).set_index("cohort")
        notes = coach.coaching.rows("notes")
        actions = coach.coaching.rows("actions")
    return {
        "status": status,
        "targeted": targeted,
        "ladder": ladder,
        "cohorts": cohorts,
        "notes": notes,
        "actions": actions,
    }


def test_the_stories_are_listed():
    assert set(COACHING_STORIES) == {"S01", "S04", "S07", "Public sector"}


def test_a_seller_coached_weekly_who_follows_through(demo):
    s01 = demo["status"].loc["S01"]
    assert s01["cadence_days"] == 7 and not s01["one_on_one_overdue"]
    days = sorted(n["held_on"] for n in demo["notes"] if n["seller_id"] == "S01")
    recent = [d for d in days if d > END - dt.timedelta(days=91)]
    assert len(recent) >= 12 and all((b - a).days <= 7 for a, b in zip(recent, recent[1:], strict=False))
    assert s01["follow_through_seller"] == 1.0 and s01["overdue_actions_seller"] == 0


def test_a_manager_who_keeps_missing_their_own_actions(demo):
    team = demo["status"]["team"]
    start = END - dt.timedelta(days=coaching_loop.FOLLOW_THROUGH_DAYS)
    due = [
        (team[a["seller_id"]], a["done_on"] is not None and a["done_on"] <= a["due_date"])
        for a in demo["actions"]
        if a["owner"] == "manager" and a["due_date"] and start < a["due_date"] <= END
    ]
    on_time = {name: [ok for t, ok in due if t == name] for name in set(team)}
    share = {name: sum(oks) / len(oks) for name, oks in on_time.items()}
    # the Public sector manager did none of their own actions on time; the others most
    assert share["Public sector"] == 0 and min(share["Enterprise"], share["SMB"]) > 0.5
    active = demo["status"][demo["status"]["active"].astype(bool)]
    assert active.loc[active["team"] == "Public sector", "follow_through_manager"].fillna(0).max() == 0


def test_an_action_tied_to_needs_share_that_worked(demo):
    (row,) = demo["targeted"][demo["targeted"]["seller_id"] == "S07"].to_dict("records")
    assert (row["metric"], row["target"], row["verdict"]) == ("needs_share", 0.5, "met")
    assert row["before"] < 0.4 < 0.5 <= row["value"]  # about a third before, well over half after


def test_a_seller_with_no_one_on_one_for_two_months(demo):
    s04 = demo["status"].loc["S04"]
    assert (END - s04["last_one_on_one"]).days >= 62 and s04["one_on_one_overdue"]
    others = demo["status"].drop(index=["S04", "S10"])  # S10 left in the summer
    assert not others["one_on_one_overdue"].any()


def test_the_ladder_narrows(demo):
    ladder, cohorts = demo["ladder"], demo["cohorts"]
    assert ladder["prospects"] > ladder["regular_customers"] and ladder["prospects"] > ladder["customers"]
    last_year = cohorts.loc[2025]  # a full year of first meetings, nearly 12 months to climb
    assert last_year["prospects"] > 2 * last_year["customers_12m"] > 4 * last_year["regular_24m"] > 0
