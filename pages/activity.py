"""Activity (Määrä and Suunta): what the sellers did each week, against the meetings target,
who the meetings were with, and what is planned ahead."""

import streamlit as st

from salescoach import charts, ui, views
from salescoach.i18n import t
from salescoach.metrics import label

context = ui.page_context()
filters = context.filters
params = filters.params()
ui.page_header(t("activity.title"), t("activity.intro"), filters)


weekly = ui.cached_query("weekly_activity_by_seller", **params)


@st.fragment  # "Every seller" reruns only the grid
def meetings_grid(weekly) -> None:
    """Meetings per seller (or, for a whole company, per team) and week."""
    sellers, teams = weekly["seller_id"].nunique(), weekly["team"].nunique()
    level = views.grid_level(
        sellers, teams, every_seller=ui.every_seller_toggle("activity_every_seller", sellers)
    )
    st.subheader(t("activity.heatmap") if level == "seller" else t("activity.heatmap_teams"))
    st.caption(t("activity.heatmap_caption"))
    ui.grid_caption(level, sellers, teams)
    ui.show_chart(charts.meetings_heatmap(weekly, level=level), key="activity_heatmap")


st.subheader(t("activity.meetings_per_week"))
if weekly.empty:
    ui.empty_state(ui.no_data_message(context, t("nodata.what.activities_or_targets")))
else:
    st.caption(t("activity.meetings_per_week_caption"))
    ui.show_chart(
        charts.weekly_meetings_chart(weekly, period_end=filters.date_to), key="activity_meetings_chart"
    )

    st.subheader(t("activity.mix"))
    ui.show_chart(charts.activity_mix_chart(weekly), key="activity_mix_chart")

    if weekly["seller_id"].nunique() > 1:
        meetings_grid(weekly)

st.subheader(t("activity.direction"))
direction = ui.cached_query("activity_direction_by_week", **params)
if direction.empty:
    ui.empty_state(ui.no_data_message(context, t("nodata.what.meetings")))
else:
    st.caption(t("activity.direction_caption"))
    ui.show_chart(charts.direction_chart(direction), key="activity_direction_chart")
    ui.show_table(
        direction,
        {
            "week": t("col.week"),
            "meetings": label("meetings"),
            "prospect_meetings": t("activity.col.with_prospects"),
            "existing_customer_meetings": t("chart.with_customers"),
            "meetings_without_customer": t("chart.no_customer"),
            "new_business_share": label("new_business_share"),
            "needs_recorded_meetings": t("activity.col.needs_recorded"),
            "needs_meetings": t("activity.col.needs_discussed"),
            "needs_share": label("needs_share"),
        },
        key="activity_direction",
        file_name=t("activity.direction_file"),
    )

st.subheader(t("activity.planned"))
planned = ui.cached_query("planned_activity_by_week", **params)
ahead = t("activity.ahead", date=ui.format_date(filters.as_of))
if planned.empty:
    ui.empty_state(t("activity.nothing_planned", ahead=ahead))
else:
    st.caption(t("activity.planned_caption", ahead=ahead))
    ui.show_chart(charts.activity_mix_chart(planned), key="activity_planned_chart")
    ui.show_table(
        planned,
        {
            "week": t("col.week"),
            "seller": t("col.seller"),
            "team": t("col.team"),
            "meetings": t("activity.col.meetings_planned"),
            "calls": t("activity.col.calls_planned"),
            "emails": t("activity.col.emails_planned"),
            "other_activities": t("activity.col.other_planned"),
        },
        key="activity_planned",
        file_name=t("activity.planned_file"),
        height=320,
    )

if not weekly.empty:
    st.subheader(t("activity.weekly"))
    ui.show_table(
        weekly,
        {
            "week": t("col.week"),
            "seller": t("col.seller"),
            "team": t("col.team"),
            "meetings": label("meetings"),
            "meetings_target": label("meetings_target"),
            "calls": label("calls"),
            "emails": t("chart.activity.emails"),
            "other_activities": t("activity.col.other_activities"),
        },
        key="activity_weekly",
        file_name=t("activity.weekly_file"),
        height=400,
    )
