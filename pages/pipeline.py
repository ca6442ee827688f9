"""Pipeline: is there enough pipeline to make this quarter and the next, when is it expected to
close (every month up to the end of the next quarter drawn, an empty one as zero), is it being
rebuilt as fast as it closes, and which offers are overdue."""

import streamlit as st

from salescoach import charts, ui
from salescoach.i18n import t
from salescoach.metrics import label
from salescoach.periods import next_quarter_start
from salescoach.ui import changes

context = ui.page_context()
filters = context.filters
params = filters.params()
ui.page_header(t("pipeline.title"), t("pipeline.intro"), filters)

as_of = ui.format_date(filters.as_of)
OFFER_COLUMNS = {
    "offer_id": t("col.offer"),
    "seller": t("col.seller"),
    "team": t("col.team"),
    "customer": t("col.customer"),
    "sent_date": t("col.sent"),
    "expected_close_date": t("col.expected_close"),
    "closed_date": t("col.closed"),
    "status": t("col.status"),
    "value": t("col.value"),
    "probability": t("col.probability"),
}
OFFER_FORMATS = {"value": "eur", "probability": "pct", "days_overdue": "count"}


def offers_behind(event, key: str) -> None:
    """The offers behind the bar picked in a pipeline chart (nothing picked: a hint)."""
    bar = charts.selected_bar(event)
    if bar is None:
        st.caption(t("pipeline.click_bar"))
        return
    offers = ui.cached_query("offers_in_month", **params, **bar)
    st.markdown(t("pipeline.bar_heading", what=charts.describe_bar(bar), date=as_of))
    ui.show_table(
        offers,
        OFFER_COLUMNS,
        key=key,
        file_name=t("pipeline.bar_file", kind=bar["kind"], month=bar["month"] or t("pipeline.no_date_file")),
        formats=OFFER_FORMATS,
        empty_message=t("pipeline.bar_empty"),
        height=360,
    )


# -- Coverage: this quarter and the next side by side --------------------------------------
quarter = ui.quarter_name(filters.as_of)
next_quarter = ui.quarter_name(next_quarter_start(filters.as_of))
st.subheader(t("pipeline.coverage_two", quarter=quarter, next_quarter=next_quarter))
scorecard = ui.scorecard_rows(context, include_inactive=False)
if filters.seller_id:
    scorecard = scorecard[scorecard["seller_id"] == filters.seller_id]
if scorecard.empty:
    ui.empty_state(ui.no_data_message(context, t("nodata.what.active_sellers")))
else:
    # Past views.SELLER_LIMIT sellers the charts show those furthest above and below their need.
    every_seller = ui.every_seller_toggle("pipeline_every_seller", len(scorecard))
    this_column, next_column = st.columns(2)
    with this_column:
        st.markdown(t("pipeline.coverage_this", quarter=quarter))
        figure = ui.need_chart(
            context,
            "pipeline_coverage",
            scorecard,
            "pipeline_coverage",
            "required_coverage",
            every_seller=every_seller,
            build=charts.coverage_chart,
        )
        ui.show_chart(figure, key="pipeline_coverage_chart")
        st.caption(t("pipeline.coverage_caption", date=as_of, quarter=quarter))
    with next_column:
        st.markdown(t("pipeline.coverage_next", quarter=next_quarter))
        figure = ui.need_chart(
            context,
            "pipeline_coverage",
            scorecard,
            "next_quarter_coverage",
            "required_coverage",
            every_seller=every_seller,
            build=lambda shown: charts.coverage_chart(shown, next_quarter=True),
        )
        ui.show_chart(figure, key="pipeline_next_coverage_chart")
        st.caption(t("pipeline.next_coverage_caption", date=as_of, quarter=next_quarter))
    event = ui.show_table(
        scorecard,
        {
            "seller": t("col.seller"),
            "team": t("col.team"),
            **{c: label(c) for c in (*ui.QUARTER_PIPELINE_COLUMNS, "open_pipeline", "overdue_offers")},
        },
        key="pipeline_coverage",
        on_pick=ui.seller_opener(context),
        file_name=t("pipeline.coverage_file"),
        on_select="rerun",
    )
    st.caption(t("common.select_seller"))
    picked = ui.selected_row(event, scorecard)
    if picked is not None:
        ui.open_seller(context, str(picked["seller_id"]))

# -- Pipeline by expected close month ---------------------------------------------------------
st.subheader(t("pipeline.by_month"))
by_month = ui.cached_query("pipeline_by_close_month", **params)
if by_month.empty:
    whom = t("nodata.for_team", team=ui.escape_markdown(filters.team)) if filters.team else ""
    ui.empty_state(t("pipeline.no_open", date=as_of, whom=whom))
else:
    st.caption(t("pipeline.by_month_caption", date=as_of))
    event = ui.show_chart(
        charts.pipeline_by_close_month_chart(by_month, filters.as_of),
        key="pipeline_close_month_chart",
        on_select="rerun",
    )
    offers_behind(event, "pipeline_close_month_offers")

# -- Built vs closed ------------------------------------------------------------------------
st.subheader(t("pipeline.built_closed"))
monthly = ui.cached_query("pipeline_built_vs_closed_by_month", **params)
if monthly.empty:
    ui.empty_state(ui.no_data_message(context, t("nodata.what.offers")))
else:
    st.caption(t("pipeline.built_closed_caption", date=as_of))
    event = ui.show_chart(
        charts.built_vs_closed_chart(monthly, filters.as_of),
        key="pipeline_built_closed_chart",
        on_select="rerun",
    )
    offers_behind(event, "pipeline_built_closed_offers")
    ui.show_table(
        monthly,
        {
            "month": t("col.month"),
            "offers_sent": label("offers_sent"),
            "sent_value": t("pipeline.col.built_value"),
            "offers_won": label("offers_won"),
            "won_value": label("won_value"),
            "expected_offers": t("chart.expected_to_close"),
            "expected_value": label("expected_value"),
        },
        key="pipeline_built_closed",
        file_name=t("pipeline.built_closed_file"),
        formats={"sent_value": "eur", "expected_offers": "count", "expected_value": "eur", "month": "month"},
    )

# -- Overdue offers -------------------------------------------------------------------------
st.subheader(t("pipeline.overdue"))
overdue = ui.cached_query("overdue_offers", **params)
if overdue.empty:
    ui.empty_state(t("pipeline.no_overdue", date=as_of))
else:
    st.caption(t("pipeline.overdue_caption", date=as_of))
    ui.show_table(
        overdue,
        {
            "offer_id": t("col.offer"),
            "seller": t("col.seller"),
            "team": t("col.team"),
            "customer": t("col.customer"),
            "sent_date": t("col.sent"),
            "expected_close_date": t("col.expected_close"),
            "days_overdue": t("col.days_overdue"),
            "value": t("col.value"),
            "probability": t("col.probability"),
        },
        key="pipeline_overdue",
        file_name=t("pipeline.overdue_file"),
        formats=OFFER_FORMATS,
        height=400,
    )

# -- Coverage as it stood on a past day (salescoach/ui/changes.py) ----------------------------
changes.coverage_as_it_stood(context)
