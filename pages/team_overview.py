"""Team overview: who needs the director now and why, then one row per seller, the MSL view
(Määrä, Suunta, Laatu), sales and pipeline thinness this quarter and next."""

import streamlit as st

from salescoach import charts, ui
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.periods import next_quarter_start
from salescoach.ui import changes
from salescoach.ui import coaching_loop as coaching_loop_ui
from salescoach.ui import review as review_ui

context = ui.page_context()
filters = context.filters
ui.page_header(t("overview.title"), t("overview.intro"), filters)

show_inactive = st.checkbox(t("overview.show_inactive"), key="overview_show_inactive")
card = ui.team_scorecard(context, include_inactive=show_inactive)
rows, totals = card.rows, card.totals

if rows.empty:
    ui.empty_state(
        ui.no_data_message(context, t("nodata.what.sellers"))
        if ui.latest_data_date() is not None
        else ui.no_data_message(context)
    )
    st.stop()

quarter = ui.quarter_name(filters.as_of)
next_quarter = ui.quarter_name(next_quarter_start(filters.as_of))
nothing_happened = totals["meetings"] == 0 and totals["offers_sent"] == 0 and totals["sales"] == 0
if nothing_happened:
    ui.empty_state(ui.no_data_message(context))

# -- who needs the director now, and why ------------------------------------------------------
ui.show_attention(context, ui.attention_rows(context), key="overview_attention")

# -- headline and KPI tiles ------------------------------------------------------------
seller_count = int(totals["sellers"])
for thin_count, quarter_named in (
    (totals["thin_sellers"], quarter),
    (totals["thin_next_quarter_sellers"], next_quarter),
):
    quarter_text = ui.escape_markdown(quarter_named)  # a quarter's name, as text
    if thin_count is None:  # nobody has a target for the quarter: thin or not is unknown
        st.info(t("overview.thin_unknown", quarter=quarter_text), icon=":material/help:")
    elif thin_count:
        st.error(
            t("overview.thin_alert", thin=int(thin_count), sellers=seller_count, quarter=quarter_text),
            icon=":material/warning:",
        )
    else:
        st.success(t("overview.none_thin", quarter=quarter_text), icon=":material/check_circle:")

tiles = st.columns([1, 1, 1, 1.5, 1, 1])
ui.metric_tile(
    "meetings",
    totals["meetings"],
    container=tiles[0],
    delta=t("overview.target", value=format_value("count", totals["meetings_target"]))
    if totals["meetings_target"]
    else None,
    delta_color="off",
    period=filters,
)
ui.metric_tile("offers_sent", totals["offers_sent"], container=tiles[1], period=filters)
ui.metric_tile("hit_rate", totals["hit_rate"], container=tiles[2], period=filters)
ui.metric_tile(
    "sales",
    totals["sales"],
    container=tiles[3],
    delta=t("overview.target", value=format_value("eur", totals["sales_target"]))
    if totals["sales_target"]
    else None,
    delta_color="off",
    period=filters,
)
ui.metric_tile(
    "pipeline_coverage",
    totals["pipeline_coverage"],
    container=tiles[4],
    title=t("overview.coverage_tile", quarter=quarter),
    help_text=t("overview.coverage_tile_help"),
)
ui.metric_tile(
    "next_quarter_coverage",
    totals["next_quarter_coverage"],
    container=tiles[5],
    title=t("overview.coverage_tile", quarter=next_quarter),
    help_text=t("overview.next_coverage_tile_help"),
)

# -- presentation: step through the sellers -------------------------------------------
seller_ids = rows["seller_id"].tolist()
if context.presentation:
    if st.button(
        t("review.open_agenda"), key="overview_open_review", icon=":material/co_present:", type="primary"
    ):
        review_ui.open_review(context)  # the review's agenda made for the room (pages/review.py)
    ui.review_step(context, seller_ids, filters.seller_id, key="overview_review")
    if filters.seller_id in seller_ids and st.button(
        t(
            "overview.open_seller",
            seller=ui.escape_markdown(ui.seller_name(context.viewer, filters.seller_id)),
        ),
        key="overview_open_reviewed",
        icon=":material/person:",
    ):
        ui.open_seller(context, filters.seller_id)

# -- one row per seller: the MSL view, then sales and pipeline ---------------------------
sparklines = ui.cached_query("weekly_meetings_by_seller", **filters.params())
table = rows.merge(sparklines[["seller_id", "weekly_meetings"]], on="seller_id", how="left")
weeks = int(sparklines["weeks"].max()) if not sparklines.empty else 0
last_week_day = sparklines["last_day"].max() if not sparklines.empty else None
team_column = {} if filters.team else {"team": t("col.team")}
highlight = [sid == filters.seller_id for sid in table["seller_id"]]
# Only the open tab's table is made and sent (a table of 500 sellers costs a rerun 10-30 ms).
msl_tab, pipeline_tab, coaching_tab = ui.lazy_tabs(
    [
        t("overview.tab.msl"),
        t("overview.tab.pipeline", quarter=quarter, next_quarter=next_quarter),
        t("overview.tab.coaching"),
    ],
    key="overview_tab",
)
msl_event = pipeline_event = None
if msl_tab.open:
    with msl_tab:
        st.caption(ui.partial_title(t("overview.msl_caption"), filters))
        msl_event = ui.show_table(
            table,
            {
                "seller": t("col.seller"),
                **team_column,
                "weekly_meetings": t("overview.per_week"),
                **{
                    name: label(name)
                    for name in (
                        "meetings",
                        "meetings_target",
                        "calls",
                        "new_business_share",
                        "needs_share",
                        "meeting_to_offer",
                        "hit_rate",
                        "offers_per_win",
                    )
                },
            },
            key="overview_table",
            on_pick=ui.seller_opener(context),
            file_name=t("overview.activity_file", date_from=filters.date_from, date_to=filters.date_to),
            on_select="rerun",
            highlight=highlight,
            formats={"meetings_target": "count"},
            column_config={
                "weekly_meetings": st.column_config.LineChartColumn(
                    t("overview.per_week"),
                    help=t(
                        "overview.per_week_help",
                        weeks=weeks,
                        end=ui.format_date(last_week_day.date())
                        if last_week_day is not None
                        else t("overview.period_end"),
                    ),
                    y_min=0,
                    y_max=charts.sparkline_range(table["weekly_meetings"].dropna())[1],
                    width="small",
                ),
            },
        )
if pipeline_tab.open:
    with pipeline_tab:
        st.caption(t("overview.pipeline_caption", quarter=quarter, next_quarter=next_quarter))
        pipeline_event = ui.show_table(
            table,
            ["seller", *team_column, "sales", "sales_target", *ui.QUARTER_PIPELINE_COLUMNS],
            key="overview_pipeline_table",
            on_pick=ui.seller_opener(context),
            file_name=t("overview.pipeline_file", date_from=filters.date_from, date_to=filters.date_to),
            on_select="rerun",
            highlight=highlight,
        )
if coaching_tab.open:
    with coaching_tab:
        coaching_loop_ui.status_table(context, key="overview_coaching_status")
for event in (msl_event, pipeline_event):
    picked = ui.selected_row(event, table)
    if picked is not None:
        ui.open_seller(context, str(picked["seller_id"]))

# -- charts: this quarter and next side by side, then sales against target ----------------------
# Past views.SELLER_LIMIT sellers each chart shows the sellers furthest above and below their need
# (and says so); "Every seller" draws them all.
every_seller = ui.every_seller_toggle("overview_every_seller", len(rows))
picks = []
left, right = st.columns(2)
for column, when, nxt in ((left, quarter, False), (right, next_quarter, True)):
    with column:
        st.subheader(t("overview.coverage_chart", quarter=ui.escape_markdown(when)))
        coverage = "next_quarter_coverage" if nxt else "pipeline_coverage"
        figure = ui.need_chart(
            context,
            "overview_coverage",
            rows,
            coverage,
            "required_coverage",
            every_seller=every_seller,
            build=lambda shown, nxt=nxt: charts.coverage_chart(shown, next_quarter=nxt),
            inputs=(show_inactive,),
        )
        picks.append(
            ui.show_chart(
                figure,
                key=f"overview_coverage_chart{'_next' if nxt else ''}",
                on_select="rerun",
            )
        )
        st.caption(t("overview.coverage_chart_caption"))
st.subheader(ui.partial_title(t("overview.sales_chart"), filters))
figure = ui.need_chart(
    context,
    "overview_sales",
    rows,
    "sales",
    "sales_target",
    every_seller=every_seller,
    build=charts.sales_vs_target_chart,
    inputs=(show_inactive,),
)
picks.append(
    ui.show_chart(
        figure,
        key="overview_sales_chart",
        on_select="rerun",
    )
)
st.caption(t("overview.sales_chart_caption"))
for pick in picks:
    points = pick.selection.points if pick is not None else []
    if points and points[0].get("customdata") is not None:
        ui.open_seller(context, str(points[0]["customdata"]))

# -- since last review: what moved in the pipeline (salescoach/ui/changes.py) -------------
changes.since_last_review(context)
