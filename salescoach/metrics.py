"""Each measure defined once: its label, how it is shown, and what it tells a director.

Pages, charts, CSV headers and help texts all read from here, so the same number
reads the same on every page of a team review.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    fmt: str  # count | eur | pct | ratio | times | number
    help: str


_METRICS = (
    Metric(
        "meetings",
        "Meetings",
        "count",
        "Customer meetings held (status done) in the period. Määrä: how much customer work happens.",
    ),
    Metric("calls", "Calls", "count", "Calls made (status done) in the period."),
    Metric(
        "meetings_target",
        "Meetings target",
        "number",
        "The seller's monthly meetings targets, counted by the share of each month inside the period.",
    ),
    Metric(
        "new_business_share",
        "New business",
        "pct",
        "Share of meetings with prospects (no deal closed with the customer before the meeting). Suunta: is the work aimed at growth?",
    ),
    Metric(
        "needs_share",
        "Needs talked",
        "pct",
        "Share of meetings where the customer's needs were discussed, among meetings where this was recorded. Suunta: conversations about the customer, not the product.",
    ),
    Metric("offers_sent", "Offers sent", "count", "Offers (quotes, proposals) sent in the period."),
    Metric("offers_won", "Offers won", "count", "Offers won, by closing date in the period."),
    Metric("offers_lost", "Offers lost", "count", "Offers lost, by closing date in the period."),
    Metric("won_value", "Won value", "eur", "Value of the offers won in the period."),
    Metric("lost_value", "Lost value", "eur", "Value of the offers lost in the period."),
    Metric(
        "hit_rate",
        "Hit rate",
        "pct",
        "Won / (won + lost) offers closed in the period. Laatu: how often an offer turns into a deal.",
    ),
    Metric(
        "value_hit_rate",
        "Hit rate (value)",
        "pct",
        "Won value / (won + lost) value of offers closed in the period.",
    ),
    Metric(
        "offers_per_win",
        "Offers per win",
        "ratio",
        "How many decided offers it takes to win one: (won + lost) / won.",
    ),
    Metric(
        "meeting_to_offer",
        "Offers per meeting",
        "ratio",
        "Offers sent / meetings held. Laatu: do meetings lead to offers?",
    ),
    Metric("sales", "Sales", "eur", "Value of deals closed in the period."),
    Metric(
        "sales_target",
        "Sales target",
        "eur",
        "The seller's monthly sales targets, counted by the share of each month inside the period.",
    ),
    Metric("open_offers", "Open offers", "count", "Offers sent and still open on the as-of date."),
    Metric("open_pipeline", "Open pipeline", "eur", "Value of the offers open on the as-of date."),
    Metric(
        "weighted_pipeline",
        "Weighted pipeline",
        "eur",
        "Open pipeline weighted by each offer's probability (the seller's 12-month value hit rate where none is given).",
    ),
    Metric(
        "overdue_offers",
        "Overdue offers",
        "count",
        "Open offers whose expected close date has passed: clean up or chase.",
    ),
    Metric("quarter_target", "Quarter target", "eur", "Sales target of the as-of date's calendar quarter."),
    Metric("quarter_sales", "Quarter sales", "eur", "Sales from the quarter's first day to the as-of date."),
    Metric("quarter_remaining_target", "Left to sell", "eur", "Quarter target minus quarter sales so far."),
    Metric(
        "quarter_pipeline",
        "Pipeline this quarter",
        "eur",
        "Open offers expected to close from the as-of date to the quarter's end.",
    ),
    Metric(
        "pipeline_coverage",
        "Coverage",
        "times",
        "Pipeline this quarter / what is left to sell. Compare with the required coverage.",
    ),
    Metric(
        "value_hit_rate_12m",
        "Hit rate 12 mo (value)",
        "pct",
        "Won / decided offer value over the 12 months before the as-of date.",
    ),
    Metric(
        "required_coverage",
        "Required coverage",
        "times",
        "1 / the seller's 12-month value hit rate (the team's when the seller has won nothing; 3× when the team has not either): how much pipeline this seller needs per euro of target.",
    ),
    Metric(
        "thin", "Thin pipeline", "flag", "Coverage below the coverage this seller's own hit rate requires."
    ),
    Metric(
        "pipeline_gap",
        "Pipeline gap",
        "eur",
        "Pipeline value missing to reach the required coverage this quarter.",
    ),
    Metric(
        "avg_offer_value",
        "Average offer",
        "eur",
        "Average value of offers sent in the 12 months before the as-of date.",
    ),
    Metric(
        "offers_needed",
        "Offers needed",
        "count",
        "New offers of average size needed to close the pipeline gap.",
    ),
    Metric("value", "Value", "eur", "The offer's value in euros: what the customer pays if we win it."),
    Metric(
        "probability",
        "Probability",
        "pct",
        "The seller's estimate of the chance to win the offer; it weights the pipeline. Empty: the seller's 12-month value hit rate is used.",
    ),
    Metric(
        "sent_value",
        "Value sent",
        "eur",
        "Value of the offers sent in the month: the pipeline built.",
    ),
    Metric(
        "expected_value",
        "Expected value",
        "eur",
        "Value of the offers open on the as-of date and expected to close in the month, not yet overdue.",
    ),
    Metric(
        "upcoming_value",
        "Upcoming value",
        "eur",
        "Value of the open offers whose expected close date has not passed yet (or is not set).",
    ),
    Metric(
        "overdue_value",
        "Overdue value",
        "eur",
        "Value of the open offers whose expected close date has passed: clean up or chase.",
    ),
    Metric(
        "share_of_lost_offers",
        "Share of lost offers",
        "pct",
        "This loss reason's share of all offers lost in the period.",
    ),
    Metric(
        "share_of_lost_value",
        "Share of lost value",
        "pct",
        "This loss reason's share of the value of all offers lost in the period.",
    ),
)

METRICS: dict[str, Metric] = {m.name: m for m in _METRICS}


def label(name: str) -> str:
    metric = METRICS.get(name)
    return metric.label if metric else name.replace("_", " ").capitalize()


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars are not "missing"
        return False


def format_value(name_or_fmt: str, value) -> str:
    """A value as the director reads it: 1 234 €, 42 %, 2.5×; '–' when undefined."""
    fmt = METRICS[name_or_fmt].fmt if name_or_fmt in METRICS else name_or_fmt
    if _missing(value):
        return "–"
    if fmt == "flag":
        return "thin" if value else ""
    if fmt == "count":
        return f"{int(round(value)):,}".replace(",", " ")
    if fmt == "eur":
        return f"{value:,.0f} €".replace(",", " ")
    if fmt == "pct":
        return f"{value * 100:.0f} %"
    if fmt == "times":
        return f"{value:.1f}×"
    if fmt == "ratio":
        return f"{value:.1f}"
    return f"{value:,.1f}".replace(",", " ")
