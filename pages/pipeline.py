"""Pipeline: is there enough pipeline to make the quarter, when is it expected to close, is it
being rebuilt as fast as it closes, and which offers are overdue."""

import streamlit as st

from salescoach import charts, ui
from salescoach.metrics import label

filters = ui.filters()
params = filters.params()
ui.page_header(
    "Pipeline",
    "Coverage against what each seller's hit rate requires, the open pipeline by expected close month, "
    "pipeline built against closed month by month, and the overdue offers.",
    filters,
)

as_of = ui.format_date(filters.as_of)
OFFER_COLUMNS = {
    "offer_id": "Offer",
    "seller": "Seller",
    "team": "Team",
    "customer": "Customer",
    "sent_date": "Sent",
    "expected_close_date": "Expected close",
    "closed_date": "Closed",
    "status": "Status",
    "value": "Value",
    "probability": "Probability",
}
OFFER_FORMATS = {"value": "eur", "probability": "pct", "days_overdue": "count"}


def offers_behind(event, key: str) -> None:
    """The offers behind the bar picked in a pipeline chart (nothing picked: a hint)."""
    bar = charts.selected_bar(event)
    if bar is None:
        st.caption("Click a bar to list the offers behind it.")
        return
    offers = ui.cached_query("offers_in_month", **params, **bar)
    st.markdown(f"**{charts.describe_bar(bar)}** (as they stood on {as_of})")
    ui.show_table(
        offers,
        OFFER_COLUMNS,
        key=key,
        file_name=f"offers_{bar['kind']}_{bar['month'] or 'no_date'}",
        formats=OFFER_FORMATS,
        empty_message="No offers behind this bar with the current filters.",
        height=360,
    )


# -- Coverage -------------------------------------------------------------------------------
quarter = ui.quarter_name(filters.as_of)
st.subheader(f"Coverage against required coverage, {quarter}")
scorecard = ui.scorecard_rows(filters, include_inactive=False)
if filters.seller_id:
    scorecard = scorecard[scorecard["seller_id"] == filters.seller_id]
if scorecard.empty:
    ui.empty_state(ui.no_data_message(filters, "active sellers"))
else:
    st.caption(
        f"Open offers expected to close from {as_of} to the end of {quarter}, as a multiple of what is "
        "left to sell. The black tick is the coverage the seller's own 12-month value hit rate "
        "requires; red sellers are thin. A seller with nothing left to sell has no coverage bar."
    )
    ui.show_chart(charts.coverage_chart(scorecard), key="pipeline_coverage_chart")
    event = ui.show_table(
        scorecard,
        {
            "seller": "Seller",
            "team": "Team",
            **{
                c: label(c)
                for c in (
                    "quarter_remaining_target",
                    "quarter_pipeline",
                    "pipeline_coverage",
                    "required_coverage",
                    "thin",
                    "pipeline_gap",
                    "offers_needed",
                    "open_pipeline",
                    "overdue_offers",
                )
            },
        },
        key="pipeline_coverage",
        file_name="pipeline_coverage",
        on_select="rerun",
    )
    st.caption("Select a seller to open their page.")
    picked = ui.selected_row(event)
    if picked is not None:
        ui.open_seller(str(scorecard.iloc[picked]["seller_id"]))

# -- Pipeline by expected close month ---------------------------------------------------------
st.subheader("Open pipeline by expected close month")
by_month = ui.cached_query("pipeline_by_close_month", **params)
if by_month.empty:
    ui.empty_state(f"No open offers on {as_of}{' for team ' + filters.team if filters.team else ''}.")
else:
    st.caption(f"Offers open on {as_of} by the month they are expected to close; red is already overdue.")
    event = ui.show_chart(
        charts.pipeline_by_close_month_chart(by_month),
        key="pipeline_close_month_chart",
        on_select="rerun",
        selection_mode="points",
    )
    offers_behind(event, "pipeline_close_month_offers")

# -- Built vs closed ------------------------------------------------------------------------
st.subheader("Pipeline built vs closed per month")
monthly = ui.cached_query("pipeline_built_vs_closed_by_month", **params)
if monthly.empty:
    ui.empty_state(ui.no_data_message(filters, "offers"))
else:
    st.caption(
        "Value of the offers sent (pipeline built) and won (closed) each month up to "
        f"{as_of}, and what the open offers are expected to close from this month on. A December "
        "that closes far more than it builds leaves January thin."
    )
    event = ui.show_chart(
        charts.built_vs_closed_chart(monthly, filters.as_of),
        key="pipeline_built_closed_chart",
        on_select="rerun",
        selection_mode="points",
    )
    offers_behind(event, "pipeline_built_closed_offers")
    ui.show_table(
        monthly,
        {
            "month": "Month",
            "offers_sent": label("offers_sent"),
            "sent_value": "Built: value sent",
            "offers_won": label("offers_won"),
            "won_value": label("won_value"),
            "expected_offers": "Expected to close",
            "expected_value": "Expected value",
        },
        key="pipeline_built_closed",
        file_name="pipeline_built_vs_closed_by_month",
        formats={"sent_value": "eur", "expected_offers": "count", "expected_value": "eur"},
        column_config={"month": st.column_config.DateColumn("Month", format="MMM YYYY")},
    )

# -- Overdue offers -------------------------------------------------------------------------
st.subheader("Overdue offers")
overdue = ui.cached_query("overdue_offers", **params)
if overdue.empty:
    ui.empty_state(f"No open offer is past its expected close date on {as_of}.")
else:
    st.caption(f"Offers open on {as_of} whose expected close date has passed: chase them or clean them up.")
    ui.show_table(
        overdue,
        {
            "offer_id": "Offer",
            "seller": "Seller",
            "team": "Team",
            "customer": "Customer",
            "sent_date": "Sent",
            "expected_close_date": "Expected close",
            "days_overdue": "Days overdue",
            "value": "Value",
            "probability": "Probability",
        },
        key="pipeline_overdue",
        file_name="overdue_offers",
        formats=OFFER_FORMATS,
        height=400,
    )
