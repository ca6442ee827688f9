"""The seller scorecard computed "the usual way": tables read into pandas, grouped and merged.

This is the comparison point for `queries/seller_scorecard.sql`: an honest, vectorised
pandas implementation (boolean masks, one `groupby().sum()` per table, left merges), the
way an analyst would write it in a notebook. It computes every column of the SQL
scorecard with the same definitions, and `compare` checks the two agree.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

TABLES = ("sellers", "activities", "offers", "deals", "targets")

# The columns compared with the SQL scorecard: all of them except the seller's texts.
COMPARED_COLUMNS = (
    "meetings",
    "calls",
    "meetings_target",
    "new_business_share",
    "needs_share",
    "offers_sent",
    "offers_won",
    "offers_lost",
    "won_value",
    "lost_value",
    "hit_rate",
    "value_hit_rate",
    "offers_per_win",
    "meeting_to_offer",
    "sales",
    "sales_target",
    "open_offers",
    "open_pipeline",
    "weighted_pipeline",
    "overdue_offers",
    "quarter_target",
    "quarter_sales",
    "quarter_remaining_target",
    "quarter_pipeline",
    "pipeline_coverage",
    "value_hit_rate_12m",
    "required_coverage",
    "thin",
    "pipeline_gap",
    "avg_offer_value",
    "offers_needed",
    "next_quarter_target",
    "next_quarter_pipeline",
    "next_quarter_coverage",
    "thin_next_quarter",
    "next_quarter_gap",
    "next_quarter_offers_needed",
)


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every table the scorecard needs, whole, as DataFrames (`con.table(name).df()`)."""
    cursor = con.cursor()
    try:
        return {name: cursor.table(name).df() for name in TABLES}
    finally:
        cursor.close()


def scorecard(con: duckdb.DuckDBPyConnection, date_from, date_to, as_of=None) -> pd.DataFrame:
    """Read the tables and compute the scorecard: what a pandas page would do per request."""
    return scorecard_from_frames(read_tables(con), date_from, date_to, as_of)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is 0 (SQL's nullif)."""
    return numerator / denominator.where(denominator != 0)


def scorecard_from_frames(frames: dict[str, pd.DataFrame], date_from, date_to, as_of=None) -> pd.DataFrame:
    start = pd.Timestamp(date_from)
    end = pd.Timestamp(date_to)
    as_of = pd.Timestamp(as_of) if as_of is not None else end
    quarter_start = as_of.to_period("Q").start_time
    quarter_end = as_of.to_period("Q").end_time.normalize()
    next_quarter_start = quarter_end + pd.Timedelta(days=1)
    next_quarter_end = next_quarter_start.to_period("Q").end_time.normalize()
    year_before = as_of - pd.DateOffset(months=12)

    sellers = frames["sellers"]
    activities = frames["activities"]
    offers = frames["offers"]
    deals = frames["deals"]
    targets = frames["targets"]

    # Activity in the period, done only; a meeting is new business until the customer's first deal.
    first_deal = (
        deals.dropna(subset=["customer_id"])
        .groupby("customer_id")["close_date"]
        .min()
        .rename("first_close_date")
    )
    done = activities[(activities["status"] == "done") & activities["date"].between(start, end)]
    done = done.merge(first_deal, left_on="customer_id", right_index=True, how="left")
    meeting = done["type"] == "meeting"
    customer_meeting = meeting & done["customer_id"].notna()
    needs = done["needs_discussed"]
    activity = (
        pd.DataFrame(
            {
                "seller_id": done["seller_id"],
                "meetings": meeting,
                "calls": done["type"] == "call",
                "customer_meetings": customer_meeting,
                "new_business_meetings": customer_meeting
                & (done["first_close_date"].isna() | (done["first_close_date"] >= done["date"])),
                "needs_recorded_meetings": meeting & needs.notna(),
                "needs_meetings": meeting & needs.fillna(False).astype(bool),
            }
        )
        .groupby("seller_id")
        .sum()
    )

    # Offers: sent and decided in the period, open on as_of, decided and sent in the last 12 months.
    value = offers["value"]
    status = offers["status"]
    sent = offers["sent_date"]
    closed = offers["closed_date"]
    expected = offers["expected_close_date"]
    probability = offers["probability"]
    won_in_period = (status == "won") & closed.between(start, end)
    lost_in_period = (status == "lost") & closed.between(start, end)
    open_at_as_of = (sent <= as_of) & ((status == "open") | closed.isna() | (closed > as_of))
    decided_12m = (closed > year_before) & (closed <= as_of) & status.isin(["won", "lost"])
    sent_12m = (sent > year_before) & (sent <= as_of)
    offer_sums = (
        pd.DataFrame(
            {
                "seller_id": offers["seller_id"],
                "offers_sent": sent.between(start, end),
                "offers_won": won_in_period,
                "offers_lost": lost_in_period,
                "won_value": value.where(won_in_period, 0.0),
                "lost_value": value.where(lost_in_period, 0.0),
                "open_offers": open_at_as_of,
                "open_pipeline": value.where(open_at_as_of, 0.0),
                "weighted_known": (value * probability).where(open_at_as_of & probability.notna(), 0.0),
                "unweighted_open_value": value.where(open_at_as_of & probability.isna(), 0.0),
                "overdue_offers": open_at_as_of & (expected < as_of),
                "quarter_pipeline": value.where(open_at_as_of & expected.between(as_of, quarter_end), 0.0),
                "next_quarter_pipeline": value.where(
                    open_at_as_of & expected.between(next_quarter_start, next_quarter_end), 0.0
                ),
                "won_value_12m": value.where(decided_12m & (status == "won"), 0.0),
                "lost_value_12m": value.where(decided_12m & (status == "lost"), 0.0),
                "sent_value_12m": value.where(sent_12m, 0.0),
                "sent_count_12m": sent_12m,
            }
        )
        .groupby("seller_id")
        .sum()
    )

    # Sales (deal value) in the period and in the quarter to as_of.
    close = deals["close_date"]
    deal_sums = (
        pd.DataFrame(
            {
                "seller_id": deals["seller_id"],
                "sales": deals["value"].where(close.between(start, end), 0.0),
                "quarter_sales": deals["value"].where(close.between(quarter_start, as_of), 0.0),
            }
        )
        .groupby("seller_id")
        .sum()
    )

    # Targets count by the share of their month's days inside the period.
    month = targets["month"]
    month_end = month + pd.offsets.MonthEnd(0)
    overlap = (month_end.clip(upper=end) - month.clip(lower=start)).dt.days + 1
    share = overlap.clip(lower=0) / month_end.dt.day
    in_period = share > 0
    in_quarter = month.between(quarter_start, quarter_end)
    target_parts = pd.DataFrame(
        {
            "seller_id": targets["seller_id"],
            "sales_target": (targets["sales_target"] * share).where(in_period),
            "meetings_target": (targets["meetings_target"] * share).where(in_period),
            "quarter_target": targets["sales_target"].where(in_quarter),
            "next_quarter_target": targets["sales_target"].where(
                month.between(next_quarter_start, next_quarter_end)
            ),
        }
    )
    target_sums = target_parts.groupby("seller_id").sum(min_count=1)

    card = (
        sellers.rename(columns={"name": "seller"})
        .merge(activity, left_on="seller_id", right_index=True, how="left")
        .merge(offer_sums, left_on="seller_id", right_index=True, how="left")
        .merge(deal_sums, left_on="seller_id", right_index=True, how="left")
        .merge(target_sums, left_on="seller_id", right_index=True, how="left")
    )
    card["new_business_share"] = _ratio(card["new_business_meetings"], card["customer_meetings"])
    card["needs_share"] = _ratio(card["needs_meetings"], card["needs_recorded_meetings"])
    zero_filled = [*activity.columns, *offer_sums.columns, *deal_sums.columns]
    card[zero_filled] = card[zero_filled].fillna(0)

    # A seller without decided offers in 12 months borrows the team's value hit rate, else 3x.
    teams = card.groupby("team")[
        ["won_value_12m", "lost_value_12m", "sent_value_12m", "sent_count_12m"]
    ].sum()
    teams["team_rate"] = _ratio(teams["won_value_12m"], teams["won_value_12m"] + teams["lost_value_12m"])
    teams["team_avg_offer_value"] = _ratio(teams["sent_value_12m"], teams["sent_count_12m"])
    card = card.merge(
        teams[["team_rate", "team_avg_offer_value"]], left_on="team", right_index=True, how="left"
    )

    card["value_hit_rate_12m"] = _ratio(card["won_value_12m"], card["won_value_12m"] + card["lost_value_12m"])
    card["required_coverage"] = (
        (1 / card["value_hit_rate_12m"].where(card["value_hit_rate_12m"] != 0))
        .fillna(1 / card["team_rate"].where(card["team_rate"] != 0))
        .fillna(3.0)
    )
    card["avg_offer_value"] = _ratio(card["sent_value_12m"], card["sent_count_12m"]).fillna(
        card["team_avg_offer_value"]
    )
    card["quarter_remaining_target"] = card["quarter_target"] - card["quarter_sales"]
    remaining = card["quarter_remaining_target"]
    has_remaining = remaining > 0
    card["pipeline_coverage"] = (card["quarter_pipeline"] / remaining).where(has_remaining)
    has_target = card["quarter_target"].notna()  # without one, gap and thin are unknown
    card["pipeline_gap"] = (
        (card["required_coverage"] * remaining - card["quarter_pipeline"])
        .clip(lower=0)
        .where(has_remaining, 0.0)
        .where(has_target)
    )
    card["hit_rate"] = _ratio(card["offers_won"], card["offers_won"] + card["offers_lost"])
    card["value_hit_rate"] = _ratio(card["won_value"], card["won_value"] + card["lost_value"])
    card["offers_per_win"] = _ratio(card["offers_won"] + card["offers_lost"], card["offers_won"])
    card["meeting_to_offer"] = _ratio(card["offers_sent"], card["meetings"])
    card["weighted_pipeline"] = (
        card["weighted_known"] + card["unweighted_open_value"] / card["required_coverage"]
    )
    card["thin"] = (card["pipeline_coverage"] < card["required_coverage"]).astype(float).where(has_target)
    needed = np.ceil(card["pipeline_gap"] / card["avg_offer_value"].where(card["avg_offer_value"] > 0))
    card["offers_needed"] = needed.where(card["pipeline_gap"] != 0, 0.0)
    _next_quarter(card)

    card = card.sort_values(["team", "seller", "seller_id"], kind="stable").reset_index(drop=True)
    return card[["seller_id", "seller", "team", "manager", "active", *COMPARED_COLUMNS]]


def _next_quarter(card: pd.DataFrame) -> None:
    """The next quarter's coverage, thin flag, gap and offers needed (unknown without a target)."""
    target = card["next_quarter_target"]
    has_target = target.notna()
    card["next_quarter_coverage"] = _ratio(card["next_quarter_pipeline"], target)
    card["thin_next_quarter"] = (
        (card["next_quarter_coverage"] < card["required_coverage"]).astype(float).where(has_target)
    )
    card["next_quarter_gap"] = (
        (card["required_coverage"] * target - card["next_quarter_pipeline"]).clip(lower=0).where(has_target)
    )
    gap = card["next_quarter_gap"]
    needed = np.ceil(gap / card["avg_offer_value"].where(card["avg_offer_value"] > 0))
    card["next_quarter_offers_needed"] = needed.where(gap != 0, 0.0)


def compare(
    sql: pd.DataFrame, other: pd.DataFrame, columns=COMPARED_COLUMNS, rtol: float = 1e-9
) -> list[str]:
    """The columns where the two scorecards differ (same sellers, same order); [] when equal."""
    problems: list[str] = []
    if list(sql["seller_id"]) != list(other["seller_id"]):
        return ["seller_id (rows or order differ)"]
    for column in columns:
        left = pd.to_numeric(sql[column].astype("float64"), errors="coerce").to_numpy()
        right = pd.to_numeric(other[column].astype("float64"), errors="coerce").to_numpy()
        if not np.allclose(left, right, rtol=rtol, atol=1e-9, equal_nan=True):
            bad = ~np.isclose(left, right, rtol=rtol, atol=1e-9, equal_nan=True)
            first = int(np.flatnonzero(bad)[0])
            problems.append(
                f"{column}: {int(bad.sum())} rows differ, e.g. {sql['seller_id'].iloc[first]}: "
                f"{left[first]!r} vs {right[first]!r}"
            )
    return problems


def as_date(value) -> dt.date:
    return pd.Timestamp(value).date()
