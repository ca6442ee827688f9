"""The scorecard as pages read it: the filters' sellers, team totals and medians, the seller page's numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from salescoach import seller_view
from salescoach.periods import Filters
from salescoach.ui import data
from salescoach.ui.context import PageContext


def scorecard_rows(context: PageContext, include_inactive: bool = True) -> pd.DataFrame:
    """The scorecard of the filters' period, only the filtered team's sellers (active only on request)."""
    page_filters = context.filters
    frame = data.cached_scorecard(
        page_filters.date_from, page_filters.date_to, page_filters.as_of, teams=page_filters.teams
    )
    frame = frame[frame["team"].isin(data.teams(context.viewer))]  # never a team the viewer may not see
    frame = page_filters.in_teams(frame)
    if not include_inactive:
        frame = frame[frame["active"].astype(bool)]
    return frame.reset_index(drop=True)


def seller_numbers(
    page_filters: Filters, seller_id: str, team: str, note_days: Iterable[dt.date] = ()
) -> seller_view.SellerNumbers:
    """The seller page's numbers in one cached query of the seller's team: the filters' period
    (tiles against the team median), the 12 months up to the as-of date (trend) and the 90 days
    up to each of `note_days` (the then-and-now beside each 1:1 note)."""
    periods = seller_view.SellerPeriods.of(
        (page_filters.date_from, page_filters.date_to, page_filters.as_of), page_filters.as_of, note_days
    )
    rows = data.cached_scorecards(periods.all(), teams=(team,))
    return seller_view.split(rows, periods, seller_id)


def review_sellers(context: PageContext) -> list[str]:
    """The active sellers of the filters' teams the viewer may see, in the pages' order (team,
    then name): the order the team review steps through."""
    frame = context.filters.in_teams(data.sellers(context.viewer))
    return frame.loc[frame["active"].astype(bool), "seller_id"].tolist()


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


_SUMMED = (
    "meetings",
    "calls",
    "meetings_target",
    "offers_sent",
    "offers_won",
    "offers_lost",
    "won_value",
    "lost_value",
    "sales",
    "sales_target",
    "open_pipeline",
    "overdue_offers",
)


def scorecard_totals(frame: pd.DataFrame) -> dict[str, float | int | None]:
    """The team's numbers from seller rows: sums first, then the ratios as the scorecard defines them.

    Coverage is the pipeline of the sellers who still have target left over what they
    have left to sell; `thin` is the number of thin sellers.
    """
    total = {name: float(pd.to_numeric(frame[name], errors="coerce").fillna(0).sum()) for name in _SUMMED}
    won, lost = total["offers_won"], total["offers_lost"]
    still_to_sell = frame[pd.to_numeric(frame["quarter_remaining_target"], errors="coerce") > 0]
    remaining = float(still_to_sell["quarter_remaining_target"].sum())
    total.update(
        sellers=len(frame),
        thin=int(frame["thin"].fillna(False).astype(bool).sum()),
        hit_rate=_ratio(won, won + lost),
        offers_per_win=_ratio(won + lost, won),
        meeting_to_offer=_ratio(total["offers_sent"], total["meetings"]),
        pipeline_coverage=_ratio(float(still_to_sell["quarter_pipeline"].sum()), remaining),
        quarter_remaining_target=remaining,
    )
    if frame["meetings_target"].isna().all():
        total["meetings_target"] = None
    if frame["sales_target"].isna().all():
        total["sales_target"] = None
    return total


def team_medians(frame: pd.DataFrame, metrics: Iterable[str]) -> dict[str, float | None]:
    """The median of each metric over the rows given (undefined values left out)."""
    out: dict[str, float | None] = {}
    for name in metrics:
        values = pd.to_numeric(frame[name], errors="coerce").dropna()
        out[name] = float(values.median()) if len(values) else None
    return out
