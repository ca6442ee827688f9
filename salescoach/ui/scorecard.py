"""The scorecard as pages read it: the filters' sellers with the SQL's totals over them, team medians,
the seller page's numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from salescoach import charts, seller_view
from salescoach.i18n import current_language
from salescoach.periods import Filters
from salescoach.store import scorecard_total
from salescoach.ui import data
from salescoach.ui.context import PageContext


@dataclass(frozen=True)
class TeamScorecard:
    """The filters' period for the filters' teams: one row per seller and the totals the SQL
    computes over them (the all-teams row of `SalesCoach.scorecards(..., grain=...)`: sums, and
    ratios as Σ numerator / Σ denominator), as a dict with None where undefined."""

    rows: pd.DataFrame
    totals: dict[str, object]


# The columns of a table of each seller's pipeline this quarter and next (the overview's pipeline
# tab, the pipeline page), in their order.
QUARTER_PIPELINE_COLUMNS = (
    "quarter_remaining_target",
    "quarter_pipeline",
    "pipeline_coverage",
    "required_coverage",
    "thin",
    "pipeline_gap",
    "offers_needed",
    "next_quarter_target",
    "next_quarter_pipeline",
    "next_quarter_coverage",
    "thin_next_quarter",
    "next_quarter_gap",
    "next_quarter_offers_needed",
)


def team_scorecard(context: PageContext, include_inactive: bool = True) -> TeamScorecard:
    """The scorecard of the filters' period: its seller rows and the totals over them (sellers who
    left count only when `include_inactive`, in the rows and in the totals alike)."""
    page_filters = context.filters
    card = data.cached_scorecards(
        [(page_filters.date_from, page_filters.date_to, page_filters.as_of)],
        teams=page_filters.teams,
        grain=("seller", "all"),
        active_only=not include_inactive,
    )
    frame = card[card["grain"] == "seller"]
    frame = frame[frame["team"].isin(data.teams(context.viewer))]  # never a team the viewer may not see
    frame = page_filters.in_teams(frame)
    return TeamScorecard(rows=frame.reset_index(drop=True), totals=scorecard_total(card))


def scorecard_rows(context: PageContext, include_inactive: bool = True) -> pd.DataFrame:
    """The scorecard of the filters' period, only the filtered team's sellers (active only on request)."""
    return team_scorecard(context, include_inactive).rows


def seller_numbers(
    page_filters: Filters, seller_id: str, team: str, note_days: Iterable[dt.date] = ()
) -> seller_view.SellerNumbers:
    """The seller page's numbers from cached queries of the seller's team: the filters' period
    (tiles against the team median) and the 12 months up to the as-of date (trend), one query
    shared by every seller of the team, and the 90 days up to each of `note_days` (the
    then-and-now beside each 1:1 note), the seller's own."""
    periods = seller_view.SellerPeriods.of(
        (page_filters.date_from, page_filters.date_to, page_filters.as_of), page_filters.as_of, note_days
    )

    def numbers() -> seller_view.SellerNumbers:
        reads = data.cached_reads()
        spread = data.cached_derived(  # the team's monthly medians: once per team, period and data
            "team_spread",
            (_periods_key((periods.picked, *periods.months)), team),
            lambda: seller_view.team_spread(seller_view.team_rows(reads, periods, team), periods),
        )
        return seller_view.seller_numbers(reads, periods, team, seller_id, spread)

    return data.cached_derived(  # the seller's numbers beside the team's: once per seller, period and data
        "seller_numbers", _numbers_key(periods, seller_id, team), numbers, seller_view.SellerNumbers.copy
    )


def _numbers_key(periods: seller_view.SellerPeriods, seller_id: str, team: str) -> tuple:
    return (_periods_key(periods.all()), team, seller_id)


def _periods_key(periods) -> tuple:
    return tuple(tuple(period) for period in periods)


def seller_trend_grid(
    page_filters: Filters,
    seller_id: str,
    team: str,
    note_days: Iterable[dt.date],
    seller: str,
    panels: Iterable[charts.TrendPanel],
):
    """The seller page's trend against the team's median and middle half, a panel per
    `charts.TrendPanel` in one figure (`charts.trend_grid`), from `seller_numbers(...).trend`:
    made once per seller numbers, seller name, language and panels, not hashed again on every
    rerun. The figure is shared: read it, draw it, do not change it."""
    note_days = tuple(note_days)
    panels = tuple(panels)
    periods = seller_view.SellerPeriods.of(
        (page_filters.date_from, page_filters.date_to, page_filters.as_of), page_filters.as_of, note_days
    )

    def build():
        trend = seller_numbers(page_filters, seller_id, team, note_days).trend
        return charts.trend_grid(trend, "month", panels, seller=seller, partial="partial")

    key = (_numbers_key(periods, seller_id, team), seller, current_language(), panels)
    return data.cached_derived("seller_trend_grid", key, build, data.as_is)  # a shared figure


def review_sellers(context: PageContext) -> list[str]:
    """The active sellers of the filters' teams the viewer may see, in the pages' order (team,
    then name): the order the team review steps through."""
    frame = context.filters.in_teams(data.sellers(context.viewer))
    return frame.loc[frame["active"].astype(bool), "seller_id"].tolist()


def team_medians(frame: pd.DataFrame, metrics: Iterable[str]) -> dict[str, float | None]:
    """The median of each metric over the rows given (undefined values left out)."""
    out: dict[str, float | None] = {}
    for name in metrics:
        values = pd.to_numeric(frame[name], errors="coerce").dropna()
        out[name] = float(values.median()) if len(values) else None
    return out
