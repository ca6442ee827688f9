"""Activity (Määrä and Suunta): what the sellers did each week, against the meetings target,
who the meetings were with, and what is planned ahead."""

import streamlit as st

from salescoach import charts, ui
from salescoach.metrics import label

filters = ui.filters()
params = filters.params()
ui.page_header(
    "Activity",
    "Meetings, calls and emails done each week against the meetings target, who the meetings were "
    "with, and what is planned for the weeks ahead.",
    filters,
)


weekly = ui.cached_query("weekly_activity_by_seller", **params)

st.subheader("Meetings per week against target")
if weekly.empty:
    ui.empty_state(ui.no_data_message(filters, "activities or meetings targets"))
else:
    st.caption(
        "Meetings done (status done) in each week of the period. The black tick is the meetings "
        "target, each monthly target counted by the share of its days in the week; red weeks are "
        "below it."
    )
    ui.show_chart(charts.weekly_meetings_chart(weekly), key="activity_meetings_chart")

    st.subheader("All activity per week by type")
    ui.show_chart(charts.activity_mix_chart(weekly), key="activity_mix_chart")

    if weekly["seller_id"].nunique() > 1:
        st.subheader("Meetings per seller and week")
        st.caption("The number of meetings; the colour shows the share of the week's target met (red below).")
        ui.show_chart(charts.meetings_heatmap(weekly), key="activity_heatmap")

st.subheader("Direction: prospects and existing customers")
direction = ui.cached_query("activity_direction_by_week", **params)
if direction.empty:
    ui.empty_state(ui.no_data_message(filters, "meetings"))
else:
    st.caption(
        "Meetings with prospects (no deal before the meeting day) and with existing customers; the "
        "lines show the new-business share and how often the customer's needs were discussed "
        "(among meetings where this was recorded)."
    )
    ui.show_chart(charts.direction_chart(direction), key="activity_direction_chart")
    ui.show_table(
        direction,
        {
            "week": "Week (from Monday)",
            "meetings": label("meetings"),
            "prospect_meetings": "With prospects",
            "existing_customer_meetings": "With existing customers",
            "meetings_without_customer": "No customer recorded",
            "new_business_share": label("new_business_share"),
            "needs_recorded_meetings": "Needs recorded",
            "needs_meetings": "Needs discussed",
            "needs_share": label("needs_share"),
        },
        key="activity_direction",
        file_name="meeting_direction_by_week",
    )

st.subheader("Planned ahead")
planned = ui.cached_query("planned_activity_by_week", **params)
ahead = f"the four weeks after {ui.format_date(filters.as_of)}"
if planned.empty:
    ui.empty_state(f"Nothing is planned for {ahead}. Planned activities are not counted as done above.")
else:
    st.caption(f"Activities still planned for {ahead}; not counted as done above.")
    ui.show_chart(charts.activity_mix_chart(planned), key="activity_planned_chart")
    ui.show_table(
        planned,
        {
            "week": "Week (from Monday)",
            "seller": "Seller",
            "team": "Team",
            "meetings": "Meetings planned",
            "calls": "Calls planned",
            "emails": "Emails planned",
            "other_activities": "Other planned",
        },
        key="activity_planned",
        file_name="planned_activities_by_week",
        height=320,
    )

if not weekly.empty:
    st.subheader("Weekly activity by seller")
    ui.show_table(
        weekly,
        {
            "week": "Week (from Monday)",
            "seller": "Seller",
            "team": "Team",
            "meetings": label("meetings"),
            "meetings_target": label("meetings_target"),
            "calls": label("calls"),
            "emails": "Emails",
            "other_activities": "Other activities",
        },
        key="activity_weekly",
        file_name="weekly_activity_by_seller",
        height=400,
    )
