"""Team overview: one row per seller, the MSL view (Määrä, Suunta, Laatu), sales and pipeline thinness."""

import streamlit as st

from salescoach import charts, ui
from salescoach.metrics import format_value

filters = ui.filters()
ui.page_header(
    "Team overview",
    "One row per seller: how much customer work (Määrä), aimed where (Suunta), with what result "
    "(Laatu), sales against target, and whether the pipeline covers the rest of the quarter. "
    "Click a seller to open their page.",
    filters,
)

show_inactive = st.checkbox("Show sellers who have left", key="overview_show_inactive")
rows = ui.scorecard_rows(filters, include_inactive=show_inactive)

if rows.empty:
    ui.empty_state(
        ui.no_data_message(filters, "sellers")
        if ui.latest_data_date() is not None
        else ui.no_data_message(filters)
    )
    st.stop()

totals = ui.scorecard_totals(rows)
quarter = ui.quarter_name(filters.as_of)
nothing_happened = totals["meetings"] == 0 and totals["offers_sent"] == 0 and totals["sales"] == 0
if nothing_happened:
    ui.empty_state(ui.no_data_message(filters))

# -- headline and KPI tiles ------------------------------------------------------------
thin_count, seller_count = totals["thin"], totals["sellers"]
if thin_count:
    st.error(
        f"**{thin_count} of {seller_count} sellers have a thin pipeline for {quarter}**: less pipeline "
        "than their own hit rate needs to reach the quarter's target.",
        icon=":material/warning:",
    )
else:
    st.success(f"No seller has a thin pipeline for {quarter}.", icon=":material/check_circle:")

tiles = st.columns([1, 1, 1, 1.5, 1])
ui.metric_tile(
    "meetings",
    totals["meetings"],
    container=tiles[0],
    delta=f"target {format_value('count', totals['meetings_target'])}" if totals["meetings_target"] else None,
    delta_color="off",
)
ui.metric_tile("offers_sent", totals["offers_sent"], container=tiles[1])
ui.metric_tile("hit_rate", totals["hit_rate"], container=tiles[2])
ui.metric_tile(
    "sales",
    totals["sales"],
    container=tiles[3],
    delta=f"target {format_value('eur', totals['sales_target'])}" if totals["sales_target"] else None,
    delta_color="off",
)
ui.metric_tile(
    "pipeline_coverage",
    totals["pipeline_coverage"],
    container=tiles[4],
    title=f"Coverage {quarter}",
    help_text="The team's pipeline this quarter / what the team still has to sell this quarter.",
)

# -- presentation: step through the sellers -------------------------------------------
seller_ids = rows["seller_id"].tolist()
if ui.presentation_mode():
    ui.review_step(seller_ids, filters.seller_id, key="overview_review")
    if filters.seller_id in seller_ids and st.button(
        f"Open {ui.seller_name(filters.seller_id)}'s page",
        key="overview_open_reviewed",
        icon=":material/person:",
    ):
        ui.open_seller(filters.seller_id)

# -- one row per seller: the MSL view, then sales and pipeline ---------------------------
sparklines = ui.cached_query("weekly_meetings_by_seller", **filters.params())
table = rows.merge(sparklines[["seller_id", "weekly_meetings"]], on="seller_id", how="left")
weeks = int(sparklines["weeks"].max()) if not sparklines.empty else 0
last_week_day = sparklines["last_day"].max() if not sparklines.empty else None
team_column = {} if filters.team else {"team": "Team"}
highlight = [sid == filters.seller_id for sid in table["seller_id"]]
msl_tab, pipeline_tab = st.tabs(["Activity: Määrä · Suunta · Laatu", f"Sales and pipeline {quarter}"])
with msl_tab:
    st.caption(
        "**Määrä** (how much): meetings and calls · **Suunta** (aimed where): new business, needs talked · "
        "**Laatu** (with what result): offers per meeting, hit rate, offers per win. Select a row to open "
        "the seller."
    )
    msl_event = ui.show_table(
        table,
        {
            "seller": "Seller",
            **team_column,
            "weekly_meetings": "Per week",
            "meetings": "Meetings",
            "meetings_target": "Meetings target",
            "calls": "Calls",
            "new_business_share": "New business",
            "needs_share": "Needs talked",
            "meeting_to_offer": "Offers per meeting",
            "hit_rate": "Hit rate",
            "offers_per_win": "Offers per win",
        },
        key="overview_table",
        file_name=f"team-activity-{filters.date_from}-{filters.date_to}",
        on_select="rerun",
        highlight=highlight,
        formats={"meetings_target": "count"},
        column_config={
            "weekly_meetings": st.column_config.LineChartColumn(
                "Per week",
                help=f"Meetings held per week, the {weeks} full weeks up to "
                + (ui.format_date(last_week_day.date()) if last_week_day is not None else "the period's end")
                + ". Same scale in every row.",
                y_min=0,
                y_max=charts.sparkline_range(table["weekly_meetings"].dropna())[1],
                width="small",
            ),
        },
    )
with pipeline_tab:
    st.caption(
        f"Sales in the period against the target; the pipeline expected to close by the end of {quarter} "
        "against what is left to sell. Thin: less coverage than the seller's own 12-month hit rate needs. "
        "Select a row to open the seller."
    )
    pipeline_event = ui.show_table(
        table,
        [
            "seller",
            *team_column,
            "sales",
            "sales_target",
            "quarter_remaining_target",
            "quarter_pipeline",
            "pipeline_coverage",
            "required_coverage",
            "thin",
            "pipeline_gap",
            "offers_needed",
        ],
        key="overview_pipeline_table",
        file_name=f"team-pipeline-{filters.date_from}-{filters.date_to}",
        on_select="rerun",
        highlight=highlight,
    )
for event in (msl_event, pipeline_event):
    picked = ui.selected_row(event)
    if picked is not None:
        ui.open_seller(table["seller_id"].iloc[picked])

# -- charts ----------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("Sales against target")
    sales_pick = ui.show_chart(
        charts.sales_vs_target_chart(rows),
        key="overview_sales_chart",
        on_select="rerun",
        selection_mode="points",
    )
    st.caption("Red: behind the target for the period so far. The black tick is the target.")
with right:
    st.subheader(f"Pipeline coverage, {quarter}")
    coverage_pick = ui.show_chart(
        charts.coverage_chart(rows), key="overview_coverage_chart", on_select="rerun", selection_mode="points"
    )
    st.caption(
        "Red: thin pipeline. The black tick is the coverage the seller's own 12-month hit rate requires."
    )
for pick in (sales_pick, coverage_pick):
    points = pick.selection.points if pick is not None else []
    if points and points[0].get("customdata") is not None:
        ui.open_seller(str(points[0]["customdata"]))
