"""The conversion page's sales stages and sales cycle: how the offers decided in the period moved
through the stages, the open offers stalled in a stage, and how long winning and losing take.

The numbers are the models of queries/stages_by_grain.sql, stalled_offers.sql and
sales_cycle_by_grain.sql at seller, team and all-teams grain; names are shown in dataframes only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescoach import change_charts
from salescoach.i18n import t
from salescoach.metrics import label
from salescoach.ui import data
from salescoach.ui.changes import cut_note
from salescoach.ui.context import PageContext
from salescoach.ui.layout import empty_state, show_chart
from salescoach.ui.tables import show_table
from salescoach.ui.text import format_date

STALLED_DAYS = 30  # the default: an open offer more than 30 days in its stage is stalled
LISTED_OFFERS = 300  # the stalled offers listed, longest in their stage first
STAGE_COLUMNS = [
    "offers_reached",
    "offers_moved_on",
    "stage_conversion",
    "stage_win_rate",
    "stage_offers",
    "stage_value",
    "avg_days_in_stage",
    "stalled_offers",
    "stalled_value",
]
CYCLE_COLUMNS = ["offers_won", "sales_cycle_won", "offers_lost", "sales_cycle_lost"]


def _grain_rows(frame: pd.DataFrame, context: PageContext) -> pd.DataFrame:
    """The rows the filters ask for: the picked seller's, else the all-teams rows."""
    if context.filters.seller_id:
        return frame[(frame["grain"] == "seller") & (frame["seller_id"] == context.filters.seller_id)]
    return frame[frame["grain"] == "all"]


def stages_section(context: PageContext) -> None:
    """Stage conversion of the period's decided offers and the open offers' days in their stage."""
    filters = context.filters
    if data.latest_data_date() is None:
        return  # an empty database: the page says so already
    st.subheader(t("stages.heading"))
    stalled_days = int(
        st.number_input(
            t("stages.stalled_days"),
            min_value=1,
            max_value=1000,
            value=STALLED_DAYS,
            key="stages_stalled_days",
        )
    )
    params = filters.params()
    frame = data.cached_query(
        "stages_by_grain",
        as_of_days=[filters.as_of],
        date_from=filters.date_from,
        date_to=filters.date_to,
        stalled_days=stalled_days,
        teams=params["teams"],
        grains=["seller", "team", "all"],
    )
    if frame.empty:
        empty_state(t("stages.no_stages"))
        return
    rows = _grain_rows(frame, context)
    st.caption(t("stages.caption", date=format_date(filters.as_of), days=stalled_days))
    if rows["offers_reached"].sum() > 0:
        show_chart(change_charts.stage_chart(rows), key="stages_chart")
    else:
        empty_state(t("stages.none_decided"))
    show_table(
        rows.sort_values(["stage_order", "stage"]),
        {"stage": t("stages.col.stage"), **{name: label(name) for name in STAGE_COLUMNS}},
        key="stages_table",
        file_name=t("stages.file"),
    )
    per_seller = frame[frame["grain"] == "seller"]
    if not filters.seller_id:
        show_table(
            per_seller,
            {
                "seller": t("col.seller"),
                "team": t("col.team"),
                "stage": t("stages.col.stage"),
                **{name: label(name) for name in STAGE_COLUMNS},
            },
            key="stages_per_seller",
            file_name=t("stages.per_seller_file"),
            height=360,
        )
    _stalled_offers(context, stalled_days)


def _stalled_offers(context: PageContext, stalled_days: int) -> None:
    filters = context.filters
    st.markdown(f"**{t('stages.stalled_heading', days=int(stalled_days))}**")
    offers = data.cached_query(
        "stalled_offers",
        as_of_days=[filters.as_of],
        stalled_days=stalled_days,
        teams=filters.params()["teams"],
        seller_id=filters.seller_id,
        limit=LISTED_OFFERS,
    )
    cut_note(offers)
    show_table(
        offers,
        {
            "offer_id": t("col.offer"),
            "seller": t("col.seller"),
            "team": t("col.team"),
            "customer": t("col.customer"),
            "stage": t("stages.col.stage"),
            "in_stage_since": t("stages.col.since"),
            "days_in_stage": t("stages.col.days"),
            "value": t("col.value"),
            "expected_close_date": t("col.expected_close"),
        },
        key="stalled_offers",
        file_name=t("stages.stalled_file", date=filters.as_of),
        formats={
            "value": "eur",
            "days_in_stage": "count",
            "in_stage_since": "date",
            "expected_close_date": "date",
        },
        empty_message=t("stages.no_stalled", days=int(stalled_days)),
        height=min(420, 38 + 35 * max(len(offers), 1)),
    )


def sales_cycle_section(context: PageContext) -> None:
    """Days from sending to winning and to losing, per seller and team (averages of the period's
    closed offers)."""
    filters = context.filters
    if data.latest_data_date() is None:
        return  # an empty database: the page says so already
    st.subheader(t("stages.cycle_heading"))
    frame = data.cached_query(
        "sales_cycle_by_grain",
        date_from=filters.date_from,
        date_to=filters.date_to,
        teams=filters.params()["teams"],
        grains=["seller", "team", "all"],
    )
    if filters.seller_id:
        frame = frame[(frame["grain"] != "seller") | (frame["seller_id"] == filters.seller_id)]
    closed = frame[CYCLE_COLUMNS[0::2]].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy().sum()
    if frame.empty or closed == 0:
        empty_state(t("stages.no_cycle"))
        return
    st.caption(t("stages.cycle_caption"))
    named = frame.assign(
        seller=frame["seller"].where(frame["grain"] == "seller", t("changes.team_total")),
        team=frame["team"].where(frame["grain"] != "all", t("stages.all_teams")),
    )
    show_table(
        named,
        {"seller": t("col.seller"), "team": t("col.team"), **{name: label(name) for name in CYCLE_COLUMNS}},
        key="sales_cycle",
        file_name=t("stages.cycle_file"),
        highlight=(named["grain"] != "seller").tolist(),
    )
