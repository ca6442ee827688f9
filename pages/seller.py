"""Seller: one seller against the team median, open and lost offers, and the coaching notes (1:1 prep)."""

import dataclasses
import re

import streamlit as st

from salescoach import charts, ui
from salescoach.metrics import format_value, label

filters = ui.filters()

if filters.unknown_seller:
    shown_id = filters.unknown_seller if re.fullmatch(r"[\w.-]{1,40}", filters.unknown_seller) else None
    st.error(
        f"There is no seller with the id {shown_id} in the data."
        if shown_id
        else "There is no seller with the id given in the link.",
        icon=":material/person_off:",
    )

if filters.seller_id is None:
    ui.page_header(
        "Seller", "One seller's numbers against the team, their offers and coaching notes.", filters
    )
    ui.seller_picker(filters, key="seller_page_picker")
    st.stop()

seller_id = filters.seller_id
info = ui.sellers().set_index("seller_id").loc[seller_id]
team = str(info["team"])

ui.page_header(
    str(info["seller"]),
    f"{'' if info['active'] else 'Has left the company. '}"
    "Numbers for the period with the team median beside them, the trend of the last 12 months, "
    "open and lost offers, and the coaching notes.",
    dataclasses.replace(filters, team=team),
)

# -- presentation: step through the sellers of the review -------------------------------
team_rows = ui.scorecard_rows(dataclasses.replace(filters, team=team), include_inactive=False)
review_rows = ui.scorecard_rows(filters, include_inactive=False)
if ui.presentation_mode():
    ui.review_step(review_rows["seller_id"].tolist(), seller_id, key="seller_review")

# -- the period's scorecard beside the team median ---------------------------------------
scorecard = ui.scorecard_rows(dataclasses.replace(filters, team=team), include_inactive=True)
mine = scorecard.set_index("seller_id").loc[seller_id]
tile_rows = [
    {"Määrä: how much": ["meetings", "calls"], "Suunta: aimed where": ["new_business_share", "needs_share"]},
    {"Laatu: with what result": ["meeting_to_offer", "hit_rate", "offers_per_win"]},
    {"Sales and pipeline": ["sales", "pipeline_coverage", "open_pipeline", "overdue_offers"]},
]
tile_metrics = [m for row in tile_rows for names in row.values() for m in names]
medians = ui.team_medians(team_rows, tile_metrics)
titles = {
    "meetings": f"Meetings (target {format_value('count', mine['meetings_target'])})",
    "sales": f"Sales (target {format_value('eur', mine['sales_target'])})",
    "pipeline_coverage": f"Coverage (needs {format_value('times', mine['required_coverage'])})",
}
st.subheader(f"{filters.period_label}: {ui.format_span(filters.date_from, filters.date_to)}")
st.caption(f"Grey under each number: the median of the {len(team_rows)} active sellers of team {team}.")
for row in tile_rows:
    columns = iter(st.columns(4))
    for group, names in row.items():
        for position, name in enumerate(names):
            column = next(columns)
            column.markdown(f"**{group}**" if position == 0 else "&nbsp;")
            ui.metric_tile(
                name,
                mine[name],
                container=column,
                title=titles.get(name),
                delta=format_value(name, medians[name]),
                delta_description="team median",
                delta_color="off",
            )

# -- trend against the team median -------------------------------------------------------
st.subheader("Trend: the last 12 months against the team")
trend = ui.cached_query("seller_metric_trend", seller_id=seller_id, as_of=filters.as_of)
if trend.empty or not trend["working"].any():
    ui.empty_state(
        f"{info['seller']} has no recorded work in the 12 months up to {ui.format_date(filters.as_of)}."
    )
else:
    st.caption(
        "Blue: the seller, month by month. Grey line: the team median; grey band: the middle half of "
        "the team (sellers who worked that month). The last month runs to "
        f"{ui.format_date(filters.as_of)}."
    )
    trend_charts = [
        ("meetings", "meetings", None, label("meetings")),
        ("offers_sent", "offers_sent", None, label("offers_sent")),
        ("hit_rate", "hit_rate", None, label("hit_rate")),
        ("sales", "sales", "sales_target", "Sales (dashed: target)"),
        ("sales_vs_target", "pct", None, "Sales vs target"),
        (
            "pipeline_coverage",
            "pipeline_coverage",
            "required_coverage",
            "Pipeline coverage (dashed: required)",
        ),
    ]
    grid = st.columns(3)
    for index, (column, metric, target, title) in enumerate(trend_charts):
        with grid[index % 3]:
            ui.show_chart(
                charts.line_with_band(
                    trend,
                    "month",
                    column,
                    f"{column}_median",
                    metric=metric,
                    low=f"{column}_p25",
                    high=f"{column}_p75",
                    target=target,
                    seller=str(info["seller"]),
                    title=title,
                ),
                key=f"seller_trend_{column}",
            )

# -- offers ------------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(f"Open offers on {ui.format_date(filters.as_of)}")
    open_offers = ui.cached_query("seller_open_offers", seller_id=seller_id, as_of=filters.as_of)
    if open_offers.empty:
        ui.empty_state(f"{info['seller']} had no open offers on {ui.format_date(filters.as_of)}.")
    else:
        overdue = int(open_offers["overdue"].sum())
        st.caption(
            f"{len(open_offers)} open offers worth {format_value('eur', open_offers['value'].sum())}; "
            f"{overdue} past their expected close date (red): chase them or close them."
        )
        ui.show_table(
            open_offers,
            {
                "customer": "Customer",
                "expected_close_date": "Expected close",
                "value": "Value",
                "probability": "Probability",
                "days_overdue": "Days overdue",
            },
            key="seller_open_offers",
            file_name=f"open-offers-{seller_id}-{filters.as_of}",
            formats={"value": "eur", "probability": "pct", "days_overdue": "count"},
            highlight=open_offers["overdue"].tolist(),
            highlight_colour="#fadbd8",
            height=min(420, 38 + 35 * len(open_offers)),
        )
with right:
    st.subheader("Lost offers in the period")
    lost = ui.cached_query("seller_lost_offers", **filters.params())
    if lost.empty:
        ui.empty_state(ui.no_data_message(dataclasses.replace(filters, seller_id=seller_id), "lost offers"))
    else:
        st.caption(f"{len(lost)} offers lost worth {format_value('eur', lost['value'].sum())}, latest first.")
        ui.show_table(
            lost,
            {
                "customer": "Customer",
                "closed_date": "Lost on",
                "value": "Value",
                "loss_reason": "Loss reason",
            },
            key="seller_lost_offers",
            file_name=f"lost-offers-{seller_id}-{filters.date_from}-{filters.date_to}",
            formats={"value": "eur"},
            height=min(420, 38 + 35 * len(lost)),
        )

# -- coaching ----------------------------------------------------------------------------
st.divider()
try:
    from salescoach.coaching_ui import seller_coaching_section
except ModuleNotFoundError as missing:
    if missing.name != "salescoach.coaching_ui":
        raise
    st.info("Coaching notes are not installed in this version.")
else:
    seller_coaching_section(ui.get_coach(), seller_id, presentation=ui.presentation_mode())
