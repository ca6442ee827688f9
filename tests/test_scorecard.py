"""The seller scorecard against numbers worked out by hand from tests/tiny_data.py."""

import math

import pytest

Q1 = ("2026-01-01", "2026-03-31")
AS_OF = "2026-02-15"


@pytest.fixture
def card(tiny_coach):
    frame = tiny_coach.scorecard(*Q1, as_of=AS_OF)
    return {row["seller_id"]: row for row in frame.to_dict("records")}


def test_every_seller_appears_once_even_with_nothing(card, tiny_coach):
    assert sorted(card) == ["S1", "S2", "S3"]
    s3 = card["S3"]
    for zero in (
        "meetings",
        "calls",
        "offers_sent",
        "offers_won",
        "offers_lost",
        "sales",
        "open_pipeline",
        "weighted_pipeline",
        "overdue_offers",
        "next_quarter_pipeline",
    ):
        assert s3[zero] == 0, zero
    for undefined in (
        "hit_rate",
        "value_hit_rate",
        "offers_per_win",
        "meeting_to_offer",
        "new_business_share",
        "needs_share",
        "pipeline_coverage",
        "sales_target",
        # no target: the gap and the offers needed are unknown, never "€0 gap, 0 offers needed"
        "pipeline_gap",
        "offers_needed",
        "next_quarter_target",
        "next_quarter_coverage",
        "next_quarter_gap",
        "next_quarter_offers_needed",
    ):
        assert s3[undefined] is None or math.isnan(s3[undefined]), undefined
    assert s3["thin"] is None and s3["thin_next_quarter"] is None  # unknown, not "not thin"
    assert (s3["seller"], s3["team"]) == ("Cecilia Nieminen", "B")


def test_activity_counts_only_done_and_inside_the_period(card):
    s1 = card["S1"]
    # A1..A5 (A5 has no status: done by default); A6 planned, A7 cancelled, A11 after the period.
    assert s1["meetings"] == 5
    # A8; A9 is the day before the period; A10 is an email.
    assert s1["calls"] == 1
    assert card["S2"]["calls"] == 1  # A12 on the last day of the period
    assert s1["meetings_target"] == pytest.approx(12)


def test_direction_new_business_and_needs(card):
    s1 = card["S1"]
    # Meetings with a customer: A1 (C1 bought 2025-06-10: existing), A2 and A3 (C2's first deal
    # closed 2026-02-01, not before A3's date), A4 (C3 buys only in April) -> 3 of 4 new.
    assert s1["new_business_share"] == pytest.approx(3 / 4)
    # needs recorded on A1 (true), A2 (false), A4 (yes) -> 2 of 3.
    assert s1["needs_share"] == pytest.approx(2 / 3)


def test_conversion(card):
    s1 = card["S1"]
    assert s1["offers_sent"] == 6  # O2..O7
    assert (s1["offers_won"], s1["offers_lost"]) == (2, 1)  # O2, O3 won; O1 lost
    assert s1["hit_rate"] == pytest.approx(2 / 3)
    assert s1["value_hit_rate"] == pytest.approx(6000 / 8000)
    assert s1["offers_per_win"] == pytest.approx(1.5)
    assert s1["meeting_to_offer"] == pytest.approx(6 / 5)


def test_sales_against_target(card):
    s1 = card["S1"]
    assert s1["sales"] == pytest.approx(5300)  # D1 + D3 (first day); D0 before, D2 after
    assert s1["sales_target"] == pytest.approx(18000)  # Jan + Feb + Mar only


def test_pipeline_at_as_of(card):
    s1 = card["S1"]
    # Open on 2026-02-15: O3 (won only on 02-20), O4, O5 (sent 02-14); O6 is sent after as_of.
    assert s1["open_offers"] == 3
    assert s1["open_pipeline"] == pytest.approx(8000)
    assert s1["overdue_offers"] == 1  # O4 expected 02-10
    # O3 and O5 are expected from as_of to the quarter's last day (O5 on 03-31 itself).
    assert s1["quarter_pipeline"] == pytest.approx(4000)
    # 12 months back: won O2 5000 + O9 3000, lost O1 2000; O8 closed exactly 12 months before.
    assert s1["value_hit_rate_12m"] == pytest.approx(0.8)
    assert s1["required_coverage"] == pytest.approx(1.25)
    # O3 at 0.5, O4 at 0.25, O5 without probability at the seller's rate 1 / 1.25.
    assert s1["weighted_pipeline"] == pytest.approx(500 + 1000 + 3000 * 0.8)


def test_thin_pipeline_gap_and_offers_needed(card):
    s1 = card["S1"]
    assert s1["quarter_target"] == pytest.approx(18000)
    assert s1["quarter_sales"] == pytest.approx(5300)
    assert s1["quarter_remaining_target"] == pytest.approx(12700)
    assert s1["pipeline_coverage"] == pytest.approx(4000 / 12700)
    assert bool(s1["thin"]) is True
    assert s1["pipeline_gap"] == pytest.approx(1.25 * 12700 - 4000)
    # Average offer sent in the 12 months: O1, O2, O3, O4, O5, O9 -> 18000 / 6 = 3000.
    assert s1["avg_offer_value"] == pytest.approx(3000)
    assert s1["offers_needed"] == 4  # ceil(11875 / 3000)


def test_required_coverage_falls_back_to_team_then_three(card):
    # S2 lost its only decided offer: the team's value hit rate 8000 / 11000 applies.
    assert card["S2"]["required_coverage"] == pytest.approx(11000 / 8000)
    # Team B has no decided offers at all.
    assert card["S3"]["required_coverage"] == pytest.approx(3.0)


def test_no_target_and_no_expected_close(card):
    s2 = card["S2"]
    assert s2["weighted_pipeline"] == pytest.approx(2000 * 0.8)
    assert s2["overdue_offers"] == 0  # no expected close date is never overdue
    assert s2["pipeline_coverage"] is None or math.isnan(s2["pipeline_coverage"])
    # no target this quarter: thin, gap and offers needed are unknown (empty), not false or 0
    assert s2["thin"] is None
    assert math.isnan(s2["pipeline_gap"]) and math.isnan(s2["offers_needed"])


def test_targets_count_by_the_share_of_their_month(tiny_coach):
    week = tiny_coach.scorecard("2026-02-01", "2026-02-07").set_index("seller_id")
    assert week.loc["S1", "sales_target"] == pytest.approx(6000 * 7 / 28)
    assert week.loc["S1", "meetings_target"] == pytest.approx(4 * 7 / 28)


def test_as_of_defaults_to_the_end_of_the_period(tiny_coach):
    explicit = tiny_coach.scorecard("2026-01-01", "2026-01-31", as_of="2026-01-31")
    default = tiny_coach.scorecard("2026-01-01", "2026-01-31")
    assert explicit.equals(default)
    # On 2026-01-31: O2, O3, O4? no (sent 02-01) -> O2 and O3 open.
    assert default.set_index("seller_id").loc["S1", "open_pipeline"] == pytest.approx(6000)


def test_period_must_run_forward(tiny_coach):
    with pytest.raises(ValueError, match="after"):
        tiny_coach.scorecard("2026-03-01", "2026-01-01")
    with pytest.raises(ValueError, match="not a date"):
        tiny_coach.scorecard("1.1.2026 or 1=1", "2026-01-01")


def test_empty_database_gives_empty_scorecard(empty_coach):
    frame = empty_coach.scorecard(*Q1)
    assert frame.empty
    assert {"seller_id", "seller", "team", "hit_rate", "pipeline_coverage", "required_coverage"} <= set(frame)
