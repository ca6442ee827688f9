"""Honest periods (salescoach/periods.py): a period that is not over says so, and the director
can pick the last full month or quarter."""

import datetime as dt

import pytest

from salescoach import periods

D = dt.date


@pytest.mark.parametrize(
    ("latest", "month", "quarter"),
    [
        # on 1 December "this month" is one day: the last full month is November, the last
        # full quarter Q3
        (D(2026, 12, 1), (D(2026, 11, 1), D(2026, 11, 30)), (D(2026, 7, 1), D(2026, 9, 30))),
        # on a month's last day that month is whole
        (D(2026, 11, 30), (D(2026, 11, 1), D(2026, 11, 30)), (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31)), (D(2026, 10, 1), D(2026, 12, 31))),
        # across the year
        (D(2027, 1, 1), (D(2026, 12, 1), D(2026, 12, 31)), (D(2026, 10, 1), D(2026, 12, 31))),
        (D(2024, 3, 15), (D(2024, 2, 1), D(2024, 2, 29)), (D(2023, 10, 1), D(2023, 12, 31))),
    ],
)
def test_the_last_full_month_and_quarter(latest, month, quarter):
    assert periods.period_bounds("last_month", D(2020, 6, 6), latest) == month  # the day picked is ignored
    assert periods.period_bounds("last_quarter", D(2020, 6, 6), latest) == quarter
    whole = periods.make_filters("last_month", latest, latest)
    assert (whole.date_from, whole.date_to, whole.as_of) == (*month, month[1])
    assert not whole.partial and whole.partial_note() == ""


def test_without_data_the_last_full_period_is_the_one_before_the_day_picked():
    assert periods.period_bounds("last_month", D(2026, 12, 1), None) == (D(2026, 11, 1), D(2026, 11, 30))


def test_labels_of_the_last_full_periods():
    december = D(2026, 12, 1)
    assert periods.make_filters("last_month", december, december).period_label == "November 2026"
    assert periods.make_filters("last_quarter", december, december).period_label == "Q3 2026"
    assert (
        periods.period_label("last_month", D(2026, 11, 1), D(2026, 11, 30), december, "fi")
        == "Marraskuu 2026"
    )


def test_a_period_that_is_not_over_is_partial_and_says_how_far_it_is():
    on_first = periods.make_filters("month", D(2026, 12, 1), D(2026, 12, 1))
    assert on_first.partial and on_first.days == (1, 31)
    assert on_first.period_label == "December 2026 to date"
    assert on_first.partial_note("en").startswith(
        "December 2026 is not over: 1 of its 31 days, up to 1 Dec 2026."
    )
    quarter = periods.make_filters("quarter", D(2026, 11, 23), D(2026, 11, 23))
    assert quarter.partial and quarter.days == (54, 92)  # 1 Oct .. 23 Nov of 1 Oct .. 31 Dec
    # a whole period, a period of days before the data ends, a custom range: not partial
    assert not periods.make_filters("month", D(2026, 10, 5), D(2026, 11, 23)).partial
    assert not periods.make_filters("month", D(2026, 11, 30), D(2026, 11, 30)).partial
    custom = periods.make_filters("custom", D(2026, 11, 1), D(2026, 11, 23), custom_from=D(2026, 11, 1))
    assert not custom.partial and custom.full_to is None


def test_the_next_quarter_follows_the_calendar():
    assert periods.quarter_start(D(2026, 12, 1)) == D(2026, 10, 1)
    assert periods.next_quarter_start(D(2026, 12, 1)) == D(2027, 1, 1)
    assert periods.next_quarter_start(D(2026, 3, 31)) == D(2026, 4, 1)
    assert periods.next_quarter_start(D(2026, 4, 1)) == D(2026, 7, 1)
