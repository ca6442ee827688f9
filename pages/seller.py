"""Seller: one seller against the team median, open and lost offers, and the coaching notes (1:1 prep)."""

import dataclasses
import re

import streamlit as st

from salescoach import ui
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.ui import changes
from salescoach.ui import coaching as coaching_ui

context = ui.page_context()
filters = context.filters

if filters.unknown_seller:
    shown_id = filters.unknown_seller if re.fullmatch(r"[\w.-]{1,40}", filters.unknown_seller) else None
    st.error(
        t("seller.unknown_id", seller_id=ui.escape_markdown(shown_id))
        if shown_id
        else t("seller.unknown_link"),
        icon=":material/person_off:",
    )

if filters.seller_id is None:
    ui.page_header(t("seller.title"), t("seller.intro_pick"), filters)
    ui.seller_picker(context, key="seller_page_picker")
    st.stop()

seller_id = filters.seller_id
info = ui.sellers(context.viewer).set_index("seller_id").loc[seller_id]
team = str(info["team"])
name = ui.escape_markdown(info["seller"])  # the seller's name as Markdown text (title, captions)

ui.page_header(
    name,
    ("" if info["active"] else t("seller.has_left")) + t("seller.intro"),
    dataclasses.replace(filters, team=team),
    seller_notice=False,  # this page is about the one seller
)

# -- the period, the trend and the 1:1s' numbers: one query of the seller's team --------------
presentation = context.presentation
note_days = [] if presentation else coaching_ui.then_and_now_days(ui.get_coach(), context.viewer, seller_id)
numbers = ui.seller_numbers(filters, seller_id, team, note_days)

# -- presentation: step through the sellers of the review -------------------------------
if presentation:
    ui.review_step(context, ui.review_sellers(context), seller_id, key="seller_review", page_only=True)

# -- the period's scorecard beside the team median ---------------------------------------
team_rows = numbers.period[numbers.period["active"].astype(bool)]
mine = numbers.period.set_index("seller_id").loc[seller_id]
group_headings = {
    "maara": t("seller.group.maara"),
    "suunta": t("seller.group.suunta"),
    "laatu": t("seller.group.laatu"),
    "sales": t("seller.group.sales"),
}
tile_rows = [  # each row of tiles: group → its metrics
    {"maara": ["meetings", "calls"], "suunta": ["new_business_share", "needs_share"]},
    {"laatu": ["meeting_to_offer", "hit_rate", "offers_per_win"]},
    {"sales": ["sales", "pipeline_coverage", "open_pipeline", "overdue_offers"]},
]
tile_metrics = [m for row in tile_rows for names in row.values() for m in names]
AS_OF_TILES = ("pipeline_coverage", "open_pipeline", "overdue_offers")  # as of a day, not a period
medians = ui.team_medians(team_rows, tile_metrics)
titles = {
    "meetings": t("seller.tile.meetings", target=format_value("count", mine["meetings_target"])),
    "sales": t("seller.tile.sales", target=format_value("eur", mine["sales_target"])),
    "pipeline_coverage": t("seller.tile.coverage", needs=format_value("times", mine["required_coverage"])),
}
st.subheader(f"{filters.period_label}: {ui.format_span(filters.date_from, filters.date_to)}")
st.caption(t("seller.median_caption", count=len(team_rows), team=ui.escape_markdown(team)))
for row in tile_rows:
    # A group's heading stands above its first tile; the row's tiles line up at the bottom
    # (no empty element above the others: the page is the one a table row's click opens).
    columns = iter(st.columns(4, vertical_alignment="bottom"))
    for group, names in row.items():
        for position, metric in enumerate(names):
            column = next(columns)
            if position == 0:
                column.markdown(f"**{group_headings[group]}**")
            ui.metric_tile(
                metric,
                mine[metric],
                container=column,
                title=titles.get(metric),
                delta=format_value(metric, medians[metric]),
                delta_description=t("seller.team_median"),
                delta_color="off",
                period=None if metric in AS_OF_TILES else filters,  # the period's tiles say "so far"
            )

# -- trend against the team median -------------------------------------------------------
st.subheader(t("seller.trend"))
trend = numbers.trend
if trend.empty or not trend["working"].any():
    ui.empty_state(t("seller.no_work", seller=name, date=ui.format_date(filters.as_of)))
else:
    st.caption(t("seller.trend_caption", date=ui.format_date(filters.as_of)))
    panels = [
        ui.TrendPanel("meetings", "meetings", None, label("meetings")),
        ui.TrendPanel("offers_sent", "offers_sent", None, label("offers_sent")),
        ui.TrendPanel("hit_rate", "hit_rate", None, label("hit_rate")),
        ui.TrendPanel("sales", "sales", "sales_target", t("seller.chart.sales")),
        ui.TrendPanel("sales_vs_target", "pct", None, t("seller.chart.sales_vs_target")),
        ui.TrendPanel(
            "pipeline_coverage", "pipeline_coverage", "required_coverage", t("seller.chart.coverage")
        ),
    ]
    figure = ui.seller_trend_grid(filters, seller_id, team, note_days, str(info["seller"]), panels)
    ui.show_chart(figure, key="seller_trend")

# -- offers ------------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("seller.open_offers", date=ui.format_date(filters.as_of)))
    open_offers = ui.cached_query("seller_open_offers", seller_id=seller_id, as_of=filters.as_of)
    if open_offers.empty:
        ui.empty_state(t("seller.no_open_offers", seller=name, date=ui.format_date(filters.as_of)))
    else:
        overdue = int(open_offers["overdue"].sum())
        st.caption(
            t(
                "seller.open_offers_caption",
                count=len(open_offers),
                value=format_value("eur", open_offers["value"].sum()),
                overdue=overdue,
            )
        )
        ui.show_table(
            open_offers,
            {
                "customer": t("col.customer"),
                "expected_close_date": t("col.expected_close"),
                "value": t("col.value"),
                "probability": t("col.probability"),
                "days_overdue": t("col.days_overdue"),
            },
            key="seller_open_offers",
            file_name=t("seller.open_offers_file", seller_id=seller_id, date=filters.as_of),
            formats={"value": "eur", "probability": "pct", "days_overdue": "count"},
            highlight=open_offers["overdue"].tolist(),
            highlight_colour="#fadbd8",
            height=min(420, 38 + 35 * len(open_offers)),
        )
with right:
    st.subheader(t("seller.lost_offers"))
    lost = ui.cached_query("lost_offers_of_seller", **filters.params())
    if lost.empty:
        ui.empty_state(ui.no_data_message(context, t("nodata.what.lost_offers")))
    else:
        st.caption(
            t("seller.lost_offers_caption", count=len(lost), value=format_value("eur", lost["value"].sum()))
        )
        ui.show_table(
            lost,
            {
                "customer": t("col.customer"),
                "closed_date": t("col.lost_on"),
                "value": t("col.value"),
                "loss_reason": t("col.loss_reason"),
                "reviewed": t("col.reviewed"),  # has its post-mortem (written below, under coaching)
            },
            key="seller_lost_offers",
            file_name=t(
                "seller.lost_offers_file",
                seller_id=seller_id,
                date_from=filters.date_from,
                date_to=filters.date_to,
            ),
            formats={"value": "eur"},
            height=min(420, 38 + 35 * len(lost)),
        )

# -- since our last 1:1: what moved in the seller's pipeline (salescoach/ui/changes.py) ----
changes.since_last_one_to_one(ui.get_coach(), context, seller_id, team)

# -- coaching ----------------------------------------------------------------------------
st.divider()
coaching_ui.seller_coaching_section(ui.get_coach(), context, seller_id, then_and_now=numbers.at_days)
