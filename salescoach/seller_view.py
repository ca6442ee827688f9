"""Everything the seller page shows about one seller's numbers, from one scorecard call.

The page needs the seller's team for three kinds of period: the period picked in the
filters (the tiles against the team median), the 12 months up to the as-of date (the trend
against the team's middle half) and the 90 days up to each 1:1 note and up to the latest
data (the "at the 1:1" and "now" columns beside every note). They are all the same
scorecard (`queries/seller_scorecard.sql`) over different periods, so the page asks for
them together (`SalesCoach.scorecards`) and this module splits the rows: one query instead
of three, and every figure defined in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from salescoach.coaching import metric_window

TREND_MONTHS = 12
# The trend charts' metrics: the seller's value and the team's median, 25th and 75th percentile
# among the team's sellers who did any work in the month.
TREND_METRICS = ("meetings", "offers_sent", "hit_rate", "sales", "sales_vs_target", "pipeline_coverage")
TREND_COLUMNS = (
    "month",
    "working",
    "meetings",
    "offers_sent",
    "hit_rate",
    "sales",
    "sales_target",
    "sales_vs_target",
    "pipeline_coverage",
    "required_coverage",
)

Period = tuple[dt.date, dt.date, dt.date]  # date_from, date_to, as_of


def trend_periods(as_of: dt.date, months: int = TREND_MONTHS) -> list[Period]:
    """The `months` calendar months up to `as_of`, oldest first; the last one ends on `as_of`.

    Each month is read as its own period with the pipeline as it stood on the month's last day.
    """
    first = pd.Timestamp(as_of.year, as_of.month, 1) - pd.DateOffset(months=months - 1)
    out = []
    for step in range(months):
        start = (first + pd.DateOffset(months=step)).date()
        end = min((pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date(), as_of)
        out.append((start, end, end))
    return out


def note_periods(days: Iterable[dt.date]) -> list[Period]:
    """The 90 days up to each day (`coaching.metric_window`), pipeline as of that day; each day once."""
    return [(*metric_window(day), day) for day in sorted(set(days))]


@dataclass(frozen=True)
class SellerPeriods:
    """The periods of one seller page: the picked one, the trend months and the notes' windows."""

    picked: Period
    months: tuple[Period, ...]
    notes: tuple[Period, ...]

    @classmethod
    def of(cls, picked: Period, as_of: dt.date, note_days: Iterable[dt.date] = ()) -> SellerPeriods:
        return cls(picked, tuple(trend_periods(as_of)), tuple(note_periods(note_days)))

    def all(self) -> list[Period]:
        """In the order `split` expects: the picked period (1), the months, the notes' windows."""
        return [self.picked, *self.months, *self.notes]


@dataclass(frozen=True)
class SellerNumbers:
    """One seller's numbers beside their team's, split from one multi-period scorecard."""

    period: pd.DataFrame  # the team's scorecard rows for the picked period (one per seller)
    trend: (
        pd.DataFrame
    )  # one row per month: TREND_COLUMNS, partial, team_sellers_working, <metric>_median/_p25/_p75
    at_days: pd.DataFrame  # the seller's rows for each note window, indexed by the window's last day

    def copy(self) -> SellerNumbers:
        """A reader's own copy (shallow: pandas copies on write), for numbers kept between runs."""
        return SellerNumbers(
            period=self.period.copy(deep=False),
            trend=self.trend.copy(deep=False),
            at_days=self.at_days.copy(deep=False),
        )


def team_rows(coach, periods: SellerPeriods, team: str) -> pd.DataFrame:
    """The team's scorecard of the picked period and the trend months (`coach.scorecards`):
    the same for every seller of the team."""
    return coach.scorecards([periods.picked, *periods.months], teams=(team,))


def seller_numbers(
    coach, periods: SellerPeriods, team: str, seller_id: str, spread: pd.DataFrame | None = None
) -> SellerNumbers:
    """The seller page's numbers from two scorecards of the seller's team (`coach.scorecards`):
    the picked period and the trend months (`team_rows`, the same for every seller of the
    team: one query, cached once for all of them in the app), and the windows of the seller's
    own notes. `spread`: the team's `team_spread` of those rows, when already made."""
    rows = team_rows(coach, periods, team)
    if periods.notes:  # numbered after the shared periods, as `split` reads them
        notes = coach.scorecards(list(periods.notes), teams=(team,))
        shared = 1 + len(periods.months)
        rows = pd.concat([rows, notes.assign(period=notes["period"] + shared)], ignore_index=True)
    return split(rows, periods, seller_id, spread)


def split(
    rows: pd.DataFrame, periods: SellerPeriods, seller_id: str, spread: pd.DataFrame | None = None
) -> SellerNumbers:
    """Split the scorecard rows of `periods.all()` (with their `period` column) into the page's parts."""
    listed = periods.all()
    months = len(periods.months)
    place = rows["period"]
    picked = rows[place == 1].drop(columns="period").reset_index(drop=True)
    note_rows = rows[(place > 1 + months) & (rows["seller_id"] == seller_id)]
    at_days = note_rows.assign(day=[listed[p - 1][1] for p in note_rows["period"]])
    return SellerNumbers(
        period=picked,
        trend=team_trend(_trend_rows(rows, periods), seller_id, spread),
        at_days=at_days.drop(columns="period").set_index("day"),
    )


def _trend_rows(rows: pd.DataFrame, periods: SellerPeriods) -> pd.DataFrame:
    """The rows of the trend months, each with its month, whether anyone worked and `partial`."""
    place = rows["period"]
    rows = rows[(place > 1) & (place <= 1 + len(periods.months))]
    listed = periods.all()
    return rows.assign(
        month=[listed[p - 1][0] for p in rows["period"]],
        working=rows["activities"] > 0,
        partial=[_partial_month(listed[p - 1]) for p in rows["period"]],
    )


def team_spread(rows: pd.DataFrame, periods: SellerPeriods) -> pd.DataFrame:
    """The team's side of the trend, one row per month (the index): the sellers who worked
    (`team_sellers_working`) and each trend metric's median and middle half among them. Made
    from `team_rows`' rows once per team, whichever seller's page asks."""
    return _spread(_trend_rows(rows, periods))


def _spread(rows: pd.DataFrame) -> pd.DataFrame:
    working = rows[rows["working"]]
    grouped = working.groupby("month")
    months = pd.Index(sorted(set(rows["month"])), name="month")
    spread = pd.DataFrame(index=months)
    spread["team_sellers_working"] = grouped.size().reindex(months, fill_value=0).astype("int64")
    for metric in TREND_METRICS:
        values = working[["month", metric]].astype({metric: "float64"}).groupby("month")[metric]
        for suffix, share in (("median", 0.5), ("p25", 0.25), ("p75", 0.75)):
            spread[f"{metric}_{suffix}"] = values.quantile(share).reindex(months)
    return spread


def _partial_month(period: Period) -> bool:
    """True for a month that ends before its calendar last day (the month of the as-of date)."""
    start, end, _ = period
    return end < (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()


def team_trend(rows: pd.DataFrame, seller_id: str, spread: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per month: the seller's numbers and the team's median and middle half; `partial`
    marks the month that is not over (the as-of date's, unless it is the month's last day).

    The team figures count the team's sellers who did any work (a done activity) in the month,
    so a seller who left or has not started yet does not drag the median to zero; a month when
    nobody worked has none. Percentiles interpolate linearly between sellers (as DuckDB's
    `quantile_cont` and pandas' default do); an undefined value (no decided offers: no hit rate)
    is left out. An unknown seller gives no rows. `rows` have their `month`, `working` and
    `partial` (`_trend_rows`); `spread` is the team's side (`team_spread`), made here when None.
    """
    if rows.empty or not (rows["seller_id"] == seller_id).any():
        return pd.DataFrame(columns=[*TREND_COLUMNS, "partial", "team_sellers_working"])
    mine = rows[rows["seller_id"] == seller_id].set_index("month")[[*TREND_COLUMNS[1:], "partial"]]
    spread = (_spread(rows) if spread is None else spread).reindex(mine.index)
    return mine.join(spread).reset_index().sort_values("month", ignore_index=True)
