"""The queries behind the team overview and seller pages, on tests/tiny_data.py, numbers by hand."""

import datetime as dt
import math

import pandas as pd
import pytest

from salescoach import coaching, seller_view

D = dt.date


def _same(a, b) -> bool:
    missing = [x is None or (isinstance(x, float) and math.isnan(x)) for x in (a, b)]
    if any(missing):
        return all(missing)
    return float(a) == pytest.approx(float(b))


def test_weekly_meetings_are_full_weeks_oldest_first(tiny_coach):
    frame = tiny_coach.query(
        "weekly_meetings_by_seller", date_from=D(2026, 1, 1), date_to=D(2026, 3, 31), teams=["A"]
    ).set_index("seller_id")
    assert sorted(frame.index) == ["S1", "S2"]
    # 2026-03-31 is a Tuesday: the last full week ends on Sunday 29.3.; the first week starts on
    # Monday 29.12.2025 (the week of 1.1.), 13 weeks in all.
    assert frame.loc["S1", "weeks"] == 13
    assert pd.Timestamp(frame.loc["S1", "first_week"]).date() == D(2025, 12, 29)
    assert pd.Timestamp(frame.loc["S1", "last_day"]).date() == D(2026, 3, 29)
    # A1 1.1., A2 15.1., A3 Sunday 1.2. (week of 26.1.), A5 10.2. (no status: done); A4 on 31.3.
    # is in the unfinished week; A6 planned, A7 cancelled.
    assert list(frame.loc["S1", "weekly_meetings"]) == [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert list(frame.loc["S2", "weekly_meetings"]) == [0] * 13


def test_weekly_meetings_cover_at_least_twelve_weeks(tiny_coach):
    frame = tiny_coach.query(
        "weekly_meetings_by_seller", date_from=D(2026, 2, 9), date_to=D(2026, 2, 15), teams=None
    ).set_index("seller_id")
    # One week asked; the 12 full weeks up to Sunday 15.2. are given, from Monday 24.11.2025.
    assert frame.loc["S1", "weeks"] == 12
    assert pd.Timestamp(frame.loc["S1", "first_week"]).date() == D(2025, 11, 24)
    assert list(frame.loc["S1", "weekly_meetings"]) == [0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1]


def test_open_offers_on_the_as_of_date_overdue_first(tiny_coach):
    frame = tiny_coach.query("seller_open_offers", seller_id="S1", as_of=D(2026, 2, 15))
    # O3 is won only on 20.2., O4 expected 10.2. (overdue 5 days), O5 sent 14.2.; O6 is sent later.
    assert frame["offer_id"].tolist() == ["O4", "O3", "O5"]
    assert frame["overdue"].tolist() == [True, False, False]
    assert frame["days_overdue"].iloc[0] == 5
    assert pd.isna(frame["days_overdue"].iloc[1])
    assert frame["value"].sum() == pytest.approx(8000)  # the scorecard's open_pipeline
    assert frame["customer"].tolist() == ["Old Customer Oy", "Prospect Oy", "Later Oy"]


def test_lost_offers_in_the_period_with_reasons(tiny_coach):
    q1 = tiny_coach.query(
        "lost_offers_of_seller", seller_id="S1", date_from=D(2026, 1, 1), date_to=D(2026, 3, 31)
    )
    assert q1[["offer_id", "value", "loss_reason"]].values.tolist() == [["O1", 2000.0, "price"]]
    year = tiny_coach.query(
        "lost_offers_of_seller", seller_id="S1", date_from=D(2025, 1, 1), date_to=D(2026, 12, 31)
    )
    assert year["offer_id"].tolist() == ["O1", "O8"]  # latest loss first
    assert tiny_coach.query(
        "lost_offers_of_seller", seller_id="S3", date_from=D(2025, 1, 1), date_to=D(2026, 12, 31)
    ).empty


def _numbers(coach, seller_id, as_of, note_days=(), picked=None):
    """The seller page's numbers as the page asks for them: the team's scorecards of the picked
    period and the trend months, and of the seller's notes' windows."""
    sellers = coach.query("seller_list").set_index("seller_id")
    team = sellers["team"].get(seller_id, "no such team")
    periods = seller_view.SellerPeriods.of(picked or (as_of, as_of, as_of), as_of, note_days)
    return seller_view.seller_numbers(coach, periods, team, seller_id)


def test_the_notes_windows_are_numbered_after_the_shared_periods(tiny_coach):
    # the two scorecards give what one scorecard of every period gives, row for row
    days = [D(2026, 1, 10), D(2026, 2, 15)]
    periods = seller_view.SellerPeriods.of(
        (D(2026, 1, 1), D(2026, 3, 31), D(2026, 2, 15)), D(2026, 2, 15), days
    )
    two = seller_view.seller_numbers(tiny_coach, periods, "A", "S1")
    one = seller_view.split(tiny_coach.scorecards(periods.all(), teams=["A"]), periods, "S1")
    pd.testing.assert_frame_equal(two.period, one.period)
    pd.testing.assert_frame_equal(two.trend, one.trend)
    pd.testing.assert_frame_equal(two.at_days, one.at_days)
    assert list(two.at_days.index) == days
    # the team's side made once (team_spread) and handed to each seller's numbers: the same trend
    spread = seller_view.team_spread(seller_view.team_rows(tiny_coach, periods, "A"), periods)
    for seller_id in ("S1", "S2"):
        given = seller_view.seller_numbers(tiny_coach, periods, "A", seller_id, spread)
        pd.testing.assert_frame_equal(
            given.trend, seller_view.seller_numbers(tiny_coach, periods, "A", seller_id).trend
        )


def test_trend_months_are_the_twelve_calendar_months_up_to_the_as_of_date():
    months = seller_view.trend_periods(D(2026, 3, 15))
    assert months[0] == (D(2025, 4, 1), D(2025, 4, 30), D(2025, 4, 30))
    assert months[10] == (D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 28))
    assert months[-1] == (D(2026, 3, 1), D(2026, 3, 15), D(2026, 3, 15))  # the last one ends on the day
    assert len(months) == 12
    leap = seller_view.trend_periods(D(2024, 12, 31))
    assert leap[1] == (D(2024, 2, 1), D(2024, 2, 29), D(2024, 2, 29))


def test_seller_trend_month_equals_the_scorecard_of_that_month(tiny_coach):
    as_of = D(2026, 3, 31)
    trend = _numbers(tiny_coach, "S1", as_of).trend
    assert len(trend) == 12
    assert trend["month"].iloc[0] == D(2025, 4, 1)
    for row in trend.to_dict("records"):
        start = row["month"]
        end = min((pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date(), as_of)
        card = tiny_coach.scorecard(start, end, as_of=end).set_index("seller_id").loc["S1"]
        assert row["working"] == (card["activities"] > 0)
        for metric in seller_view.TREND_COLUMNS[2:]:  # every number the trend shows
            assert _same(row[metric], card[metric]), (start, metric, row[metric], card[metric])


def test_seller_trend_team_median_counts_sellers_who_worked(tiny_coach):
    trend = _numbers(tiny_coach, "S1", D(2026, 3, 31)).trend
    by_month = trend.set_index("month")
    jan, feb, mar = by_month.loc[D(2026, 1, 1)], by_month.loc[D(2026, 2, 1)], by_month.loc[D(2026, 3, 1)]
    # January: only S1 worked (A1, A2 meetings; A8 call; A10 email). S2's only work is on 31.3.
    assert (jan["team_sellers_working"], jan["meetings"], jan["meetings_median"]) == (1, 2, 2)
    # February: S1 alone again (A3 and A5); sales D1 5000 against a 6000 target.
    assert feb["meetings_median"] == 2
    assert feb["sales_vs_target"] == pytest.approx(5000 / 6000)
    assert feb["sales_vs_target_median"] == pytest.approx(5000 / 6000)
    # March: S1 (A4 meeting) and S2 (A12 call) both worked: median of 1 and 0 meetings.
    assert mar["team_sellers_working"] == 2
    assert mar["meetings"] == 1
    assert mar["meetings_median"] == pytest.approx(0.5)
    assert mar["meetings_p25"] == pytest.approx(0.25)
    assert mar["meetings_p75"] == pytest.approx(0.75)
    # Hit rate: in February S1 won O2 (1.2.) and O3 (20.2.), 2 of 2; in March nobody decided an
    # offer, so there is no hit rate and no median of it (undefined values are left out).
    assert (feb["hit_rate"], feb["hit_rate_median"]) == (1.0, 1.0)
    assert pd.isna(mar["hit_rate"]) and pd.isna(mar["hit_rate_median"])
    # A month when nobody worked has no median, and nobody working.
    april = by_month.loc[D(2025, 4, 1)]
    assert pd.isna(april["meetings_median"]) and april["team_sellers_working"] == 0
    assert not april["working"] and jan["working"]


def test_seller_trend_of_an_unknown_seller_is_empty(tiny_coach, empty_coach):
    assert _numbers(tiny_coach, "S99", D(2026, 3, 31)).trend.empty
    assert _numbers(empty_coach, "S1", D(2026, 3, 31)).trend.empty


def test_the_picked_period_is_the_team_scorecard(tiny_coach):
    picked = (D(2026, 1, 1), D(2026, 3, 31), D(2026, 2, 15))
    numbers = _numbers(tiny_coach, "S1", D(2026, 3, 31), picked=picked)
    card = tiny_coach.scorecard(*picked)
    team_a = card[card["team"] == "A"].reset_index(drop=True)
    pd.testing.assert_frame_equal(numbers.period, team_a)
    assert numbers.period["seller_id"].tolist() == ["S1", "S2"]  # team A only; S3 is in team B


def _metrics_at(coach, seller_id, days):
    return _numbers(coach, seller_id, max(days), note_days=days).at_days


def test_seller_metrics_at_dates_by_hand(tiny_coach):
    # S1, the 90 days up to 15.2.2026 (18.11.2025-15.2.2026) and up to 10.1.2026 (13.10.2025-10.1.2026).
    days = [dt.date(2026, 2, 15), dt.date(2026, 1, 10), dt.date(2026, 2, 15)]  # a repeated day: one row
    frame = _metrics_at(tiny_coach, "S1", days)
    assert list(frame.index) == [dt.date(2026, 1, 10), dt.date(2026, 2, 15)]
    feb = frame.loc[dt.date(2026, 2, 15)]
    assert feb["meetings"] == 4  # A1, A2, A3, A5; A4 after, A6 planned, A7 cancelled
    assert feb["offers_sent"] == 5  # O1..O5; O6 sent 16.2.
    # O2 won, O1 lost; O3 was won only on 20.2.
    assert (feb["offers_won"], feb["offers_lost"], feb["hit_rate"]) == (1, 1, 0.5)
    assert feb["sales"] == 5300  # D1 + D3
    assert feb["open_pipeline"] == 8000  # O3 (won only on 20.2.) 1000 + O4 4000 + O5 3000
    assert feb["overdue_offers"] == 1  # O4, expected 10.2.
    # Q1: target 18 000, sold 5 300 by 15.2.; O3 (1.3.) and O5 (31.3.) expected by the quarter's end.
    assert feb["pipeline_coverage"] == pytest.approx(4000 / 12700)
    jan = frame.loc[dt.date(2026, 1, 10)]
    assert (jan["meetings"], jan["offers_sent"], jan["hit_rate"], jan["sales"]) == (1, 2, 0.0, 300)
    assert (jan["open_pipeline"], jan["overdue_offers"], jan["pipeline_coverage"]) == (5000, 0, 0.0)  # O2
    s2 = _metrics_at(tiny_coach, "S2", [dt.date(2026, 2, 15)]).iloc[0]
    assert (s2["offers_sent"], s2["open_pipeline"], s2["overdue_offers"]) == (1, 2000, 0)  # O11
    assert pd.isna(s2["hit_rate"]) and pd.isna(s2["pipeline_coverage"])  # nothing decided, no target
    assert _metrics_at(tiny_coach, "NOPE", days).empty


@pytest.mark.parametrize("seller_id", ["S1", "S2", "S3"])
def test_seller_metrics_at_dates_equal_the_scorecard_of_each_window(tiny_coach, seller_id):
    days = [dt.date(2026, 1, 10), dt.date(2026, 2, 15), dt.date(2026, 3, 31), dt.date(2026, 4, 2)]
    frame = _metrics_at(tiny_coach, seller_id, days)
    for day in days:
        card = tiny_coach.scorecard(day - dt.timedelta(days=89), day, day).set_index("seller_id")
        for metric in coaching.THEN_AND_NOW_METRICS:
            got, expected = frame.loc[day, metric], card.loc[seller_id, metric]
            assert (pd.isna(got) and pd.isna(expected)) or got == pytest.approx(expected), (day, metric)


def _with_team_c(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """tests/tiny_data.py plus a third team: S4 Dana (team C) with one meeting on Monday 2.3.2026,
    an open offer O12 (1500, expected to close 1.3.2026) and an offer O13 lost on 10.3. (800, price)."""

    def more(name: str, rows: list[tuple]) -> pd.DataFrame:
        table = tables[name]
        return pd.concat([table, pd.DataFrame(rows, columns=table.columns, dtype=object)], ignore_index=True)

    return {
        **tables,
        "sellers": more("sellers", [("S4", "Dana Dahl", "C", "Cecil Manager", "true")]),
        "activities": more("activities", [("A13", "S4", "C1", "meeting", "2026-03-02", "done", "")]),
        "offers": more(
            "offers",
            [
                ("O12", "S4", "C1", "2026-02-20", "1500", "open", "2026-03-01", "", "", ""),
                ("O13", "S4", "C3", "2026-02-21", "800", "lost", "", "2026-03-10", "", "price"),
            ],
        ),
    }


def test_a_list_of_two_teams_is_exactly_their_union(tmp_path):
    # A director of teams A and C sees A's and C's sellers, offers and losses together, never B's.
    import salescoach
    from tests.tiny_data import tiny_tables

    coach = salescoach.connect(tmp_path / "three_teams.duckdb")
    coach.load_frames(_with_team_c(tiny_tables()))
    try:
        q1 = {"date_from": D(2026, 1, 1), "date_to": D(2026, 3, 31), "seller_id": None}
        weekly = coach.query("weekly_meetings_by_seller", **q1, teams=["A", "C"]).set_index("seller_id")
        assert sorted(weekly.index) == ["S1", "S2", "S4"]
        # S1: 1.1., 15.1., 1.2., 10.2. (4 meetings); S4: the week of 2.3. is week 10 of 13 from 29.12.2025.
        assert [int(sum(weekly.loc[s, "weekly_meetings"])) for s in ("S1", "S2", "S4")] == [4, 0, 1]
        assert list(weekly.loc["S4", "weekly_meetings"]) == [0] * 9 + [1, 0, 0, 0]
        other = coach.query("weekly_meetings_by_seller", **q1, teams=["B", "C"])
        assert sorted(other["seller_id"]) == ["S3", "S4"]

        # Overdue on 31.3.: O4 (expected 10.2., 49 days), O12 (1.3., 30 days), O6 (15.3., 16 days).
        at_end = {"as_of": D(2026, 3, 31), "seller_id": None}
        overdue = coach.query("overdue_offers", **at_end, teams=["A", "C"])
        assert list(zip(overdue["offer_id"], overdue["days_overdue"], strict=True)) == [
            ("O4", 49),
            ("O12", 30),
            ("O6", 16),
        ]
        assert list(coach.query("overdue_offers", **at_end, teams=["A"])["offer_id"]) == ["O4", "O6"]
        assert list(coach.query("overdue_offers", **at_end, teams=["B", "C"])["offer_id"]) == ["O12"]
        assert len(coach.query("overdue_offers", **at_end, teams=None)) == 3
        assert coach.query("overdue_offers", **at_end, teams=[]).empty  # no teams: nothing, not everything

        # Lost, any time: A's O1 price 2000, O8 timing 6000, O10 competitor 1000; C's O13 price 800.
        lost = coaching.lost_offers_by_loss_reason(coach, teams=["A", "C"])
        assert list(zip(lost["loss_reason"], lost["offers_lost"], lost["lost_value"], strict=True)) == [
            ("price", 2, 2800),
            ("competitor", 1, 1000),
            ("timing", 1, 6000),
        ]
        only_c = coaching.lost_offers_by_loss_reason(coach, teams=["B", "C"])
        assert list(zip(only_c["loss_reason"], only_c["lost_value"], strict=True)) == [("price", 800)]
    finally:
        coach.close()
