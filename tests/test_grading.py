"""Graded, colour-blind-safe colours and flags: how far from the need, not just red or green;
teams never in the on/off-target colours; empty months drawn as zero; a partial last month drawn
as partial."""

import pandas as pd
import pytest

from salescoach import charts
from salescoach.ui import tables


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_a_week_at_99_percent_is_not_as_dark_as_one_at_60():
    near, far, farther = (charts.grade_colour(share) for share in (0.99, 0.6, 0.2))
    assert _luminance(near) > _luminance(far) > _luminance(charts.SHORT_COLOURS[1]) - 1
    assert far != near and farther == charts.SHORT_COLOURS[1]  # at or below FAR_SHORT: the darkest
    assert charts.grade_colour(1.0) == charts.grade_colour(1.7) == charts.OK_COLOUR
    assert charts.grade_colour(None) == charts.UNKNOWN_COLOUR
    # the shades are orange to vermillion against blue: no red against green
    for share in (0.99, 0.8, 0.6):
        red, green, blue = (int(charts.grade_colour(share)[i : i + 2], 16) for i in (1, 3, 5))
        assert red > green > blue


def test_team_colours_never_reuse_the_status_colours():
    teams = [f"Team {i}" for i in range(20)]
    colours = set(charts.team_colours(teams).values())
    graded = {charts.grade_colour(share / 100) for share in range(0, 101)}
    assert colours.isdisjoint({*charts.STATUS_COLOURS, *graded, charts.OK_COLOUR})
    assert len(set(charts.TEAM_PALETTE)) == len(charts.TEAM_PALETTE)


def test_share_of_need():
    assert charts.need_share(45, 100) == pytest.approx(0.45)
    assert charts.need_share(1, 0) is None and charts.need_share(None, 3) is None
    assert charts.need_share(float("nan"), 3) is None


def test_coverage_bars_are_graded_by_the_share_of_need():
    frame = pd.DataFrame(
        {
            "seller": ["Far", "Near", "Covered", "Nothing left", "No target"],
            "seller_id": ["S1", "S2", "S3", "S4", "S5"],
            # coverage / required: 0.5 / 2.5 = 20 %, 2.4 / 2.5 = 96 %, 3 / 2.5 = 120 %
            "pipeline_coverage": [0.5, 2.4, 3.0, None, None],
            "required_coverage": [2.5, 2.5, 2.5, 2.5, 2.5],
            "thin": pd.array([True, True, False, False, None], dtype="boolean"),
        }
    )
    colours = list(charts.coverage_chart(frame).data[0].marker.color)
    assert colours == [
        charts.SHORT_COLOURS[1],
        charts.grade_colour(2.4 / 2.5),
        charts.OK_COLOUR,
        charts.OK_COLOUR,  # nothing left to sell: not thin
        charts.UNKNOWN_COLOUR,  # no target: unknown, not "fine"
    ]


def test_weekly_meetings_are_graded_against_the_week_target():
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-11-02", "2026-11-09", "2026-11-16"]),
            "seller_id": ["S1"] * 3,
            "seller": ["Aino"] * 3,
            "meetings": [10, 9, 4],
            "meetings_target": [10.0, 10.0, 10.0],  # 100 %, 90 %, 40 %
        }
    )
    colours = list(charts.weekly_meetings_chart(weekly).data[0].marker.color)
    assert colours == [charts.OK_COLOUR, charts.grade_colour(0.9), charts.SHORT_COLOURS[1]]
    # the period ends on Wednesday 18.11.: its week is not over, hatched and "so far"
    partial = charts.weekly_meetings_chart(weekly, period_end=pd.Timestamp("2026-11-18")).data[0]
    assert list(partial.x) == ["Week 45", "Week 46", "Week 47 so far"]
    assert list(partial.marker.pattern.shape) == ["", "", "/"]


def test_a_thin_flag_says_how_far_from_the_need():
    frame = pd.DataFrame(
        {
            "thin": pd.array([True, False, None], dtype="boolean"),
            "pipeline_coverage": [0.9, 3.0, None],
            "required_coverage": [2.0, 2.0, 2.0],
        }
    )
    # 0.9 / 2.0 = 45 % of what the seller's hit rate requires; unknown stays empty, not blank
    assert tables._flag_texts(frame, "thin") == ["⚠ thin (45% of need)", "", None]
    assert [tables._csv_flag(v) for v in frame["thin"]] == ["yes", "no", ""]


def test_empty_months_are_drawn_as_zero_up_to_the_end_of_next_quarter():
    pipeline = pd.DataFrame(
        {
            "close_month": [pd.Timestamp("2026-11-01"), pd.Timestamp("2026-12-01"), None],
            "open_offers": [2, 1, 1],
            "open_pipeline": [3000.0, 500.0, 700.0],
            "overdue_value": [1000.0, 0.0, 0.0],
            "upcoming_value": [2000.0, 500.0, 700.0],
        }
    )
    # as of 1 Dec 2026: from the first month with offers to the end of Q1 2027, January to March
    # empty; the offers without a date last
    figure = charts.pipeline_by_close_month_chart(pipeline, as_of=pd.Timestamp("2026-12-01").date())
    upcoming = figure.data[0]
    assert list(upcoming.x) == ["Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027", "Mar 2027", "No date"]
    assert list(upcoming.y) == [2000, 500, 0, 0, 0, 700]
    assert list(upcoming.text) == ["€2,000", "€500", "€0", "€0", "€0", "€700"]
    assert [tuple(c) for c in upcoming.customdata][2] == ("expected", "2027-01-01")  # clickable
    # without an as-of date only the months between the first and the last are filled
    assert list(charts.with_empty_months(pipeline.iloc[[0, 2]])["close_month"].isna()) == [False, True]


def test_a_month_that_is_not_over_is_drawn_as_partial():
    months = pd.date_range("2026-01-01", periods=12, freq="MS")
    trend = pd.DataFrame(
        {
            "month": months,
            "meetings": [20.0] * 11 + [1.0],  # December: 1 day of 31
            "meetings_median": [18.0] * 11 + [1.0],
            "partial": [False] * 11 + [True],
        }
    )
    figure = charts.line_with_band(
        trend, "month", "meetings", "meetings_median", metric="meetings", partial="partial"
    )
    median, seller, median_tail, seller_tail = figure.data
    assert pd.isna(seller.y[-1]) and pd.isna(median.y[-1])  # the full lines stop at November
    assert seller_tail.line.dash == "dot" and list(seller_tail.y) == [20.0, 1.0]
    assert seller_tail.marker.symbol == "circle-open" and seller_tail.customdata[-1] == "Dec 2026 so far"
    whole = charts.line_with_band(trend.assign(partial=False), "month", "meetings", "meetings_median",
                                  metric="meetings", partial="partial")  # fmt: skip
    assert len(whole.data) == 2 and whole.data[1].y[-1] == 1.0
