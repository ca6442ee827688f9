"""Pipeline memory on the pages: what moved since the last review (team overview), since the last
1:1 (seller page), and coverage of this and next quarter as it stood on a past day (pipeline page).

Each section is one function a page calls; the numbers are the pipeline-memory models of the
query layer (queries/pipeline_changes_by_grain.sql, pipeline_change_offer_list.sql,
coverage_by_grain.sql), cached on the data version like every page query. Offer, customer and
seller names are shown in dataframes only (text, never Markdown).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from salescoach import change_charts
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.layout import empty_state, metric_tile, show_chart
from salescoach.ui.tables import show_table
from salescoach.ui.text import format_date, quarter_name
from salescoach.ui.url import clamp_date, date_limits

REVIEW_DAYS = 7  # the team review's default look-back: a week before the latest data
LISTED_OFFERS = 300  # the offers behind a bar, biggest change first (the CSV holds the same)
COVERAGE_WEEKS = 13  # the weekly points of coverage as it stood, up to the picked day
CHANGE_TABLE = [
    "start_pipeline",
    "new_offers",
    "new_value",
    "increased_value",
    "decreased_value",
    "won_offers",
    "won_value",
    "lost_offers",
    "lost_value",
    "end_pipeline",
    "pushed_offers",
    "pushed_value",
    "pulled_in_offers",
    "slipped_out_offers",
    "slipped_out_value",
]
OFFER_COLUMNS = {
    "offer_id": "col.offer",
    "seller": "col.seller",
    "team": "col.team",
    "customer": "col.customer",
    "status": "col.status",
    "entry_value": "changes.col.value_then",
    "exit_value": "changes.col.value_now",
    "value_change": "changes.col.value_change",
    "start_expected_close_date": "changes.col.expected_then",
    "end_expected_close_date": "changes.col.expected_now",
    "days_moved": "changes.col.days_moved",
}
OFFER_FORMATS = {
    "entry_value": "eur",
    "exit_value": "eur",
    "value_change": "eur",
    "days_moved": "count",
    "start_expected_close_date": "date",
    "end_expected_close_date": "date",
}


def _latest() -> dt.date:
    return data.latest_data_date() or dt.date.today()


def _days(key: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """Two date inputs (from, to) with these defaults; None (and a warning) unless from < to."""
    left, right = st.columns(2)
    since = left.date_input(t("changes.since"), value=clamp_date(first), key=f"{key}_from", **date_limits())
    until = right.date_input(t("changes.until"), value=clamp_date(last), key=f"{key}_to", **date_limits())
    if since >= until:
        st.warning(t("changes.days_backwards"), icon=":material/event_busy:")
        return None
    return since, until


def pipeline_changes(context: PageContext, since: dt.date, until: dt.date) -> pd.DataFrame:
    """The pipeline's changes between two days for the filters' teams: seller, team and all rows."""
    frame = data.cached_query(
        "pipeline_changes_by_grain",
        as_of_days=[since, until],
        teams=context.filters.params()["teams"],
        grains=["seller", "team", "all"],
    )
    visible = set(data.teams(context.viewer))
    return frame[(frame["grain"] == "all") | frame["team"].isin(visible)].reset_index(drop=True)


def cut_note(offers: pd.DataFrame) -> None:
    """Say so when a list shows only the first offers of more (offers_listed counts them all)."""
    if len(offers) and int(offers["offers_listed"].iloc[0]) > len(offers):
        st.caption(t("changes.offers_cut", shown=len(offers), count=int(offers["offers_listed"].iloc[0])))


def _change_tiles(row: dict) -> None:
    """Counts beside the waterfall: new, won, lost, pushed, pulled in, slipped out of the quarter."""
    columns = st.columns(6)
    pairs = (
        ("new_offers", "new_value"),
        ("won_offers", "won_value"),
        ("lost_offers", "lost_value"),
        ("pushed_offers", "pushed_value"),
        ("pulled_in_offers", "pulled_in_value"),
        ("slipped_out_offers", "slipped_out_value"),
    )
    for column, (count, value) in zip(columns, pairs, strict=True):
        metric_tile(
            count,
            row.get(count),
            container=column,
            delta=format_value("eur", row.get(value)),
            delta_color="off",
        )


def _offers_behind(
    context: PageContext,
    since: dt.date,
    until: dt.date,
    picked: str | None,
    key: str,
    seller: tuple[str, str] | None = None,
) -> None:
    """The offers behind the bar picked in the waterfall, or the movement chosen below it: of the
    filters' teams and seller, or of one `seller` (id, team: only that team's offers are read)."""
    choice = st.radio(
        t("changes.show_offers"),
        list(change_charts.MOVEMENTS),
        index=None,
        format_func=lambda movement: t(f"changes.movement.{movement}"),
        horizontal=True,
        key=f"{key}_movement",
    )
    movement = picked or choice
    if movement is None:  # listed on request: a page shows its numbers first (page budget)
        st.caption(t("changes.pick_offers"))
        return
    offers = data.cached_query(
        "pipeline_change_offer_list",
        as_of_days=[since, until],
        teams=[seller[1]] if seller else context.filters.params()["teams"],
        seller_id=seller[0] if seller else context.filters.seller_id,
        movement=movement,
        limit=LISTED_OFFERS,
    )
    cut_note(offers)
    st.caption(
        t(
            "changes.offers_caption",
            what=t(f"changes.movement.{movement}"),
            since=format_date(since),
            until=format_date(until),
        )
    )
    show_table(
        offers,
        {name: t(text) for name, text in OFFER_COLUMNS.items()},
        key=f"{key}_offers",
        file_name=t("changes.offers_file", movement=movement, since=since, until=until),
        formats=OFFER_FORMATS,
        empty_message=t("changes.no_offers"),
        height=min(420, 38 + 35 * max(len(offers), 1)),
    )


def since_last_review(context: PageContext) -> None:
    """The team overview's "since last review": the waterfall between two days (default: a week
    before the latest data and the latest data), the offers behind each bar, one row per seller."""
    st.subheader(t("changes.review_heading"))
    latest = _latest()
    picked = _days("review", latest - dt.timedelta(days=REVIEW_DAYS), latest)
    if picked is None:
        return
    since, until = picked
    frame = pipeline_changes(context, since, until)
    everyone = frame[frame["grain"] == "all"]
    if everyone.empty:
        empty_state(t("changes.no_sellers"))
        return
    row = everyone.iloc[0].to_dict()
    st.caption(t("changes.review_caption", since=format_date(since), until=format_date(until)))
    _change_tiles(row)
    event = show_chart(change_charts.waterfall_chart(row), key="review_waterfall", on_select="rerun")
    _offers_behind(context, since, until, change_charts.selected_movement(event), key="review")
    st.markdown(f"**{t('changes.per_seller')}**")
    sellers = frame[frame["grain"] != "all"]
    is_seller = (sellers["grain"] == "seller").to_numpy()
    sellers = sellers.assign(
        seller=np.where(is_seller, sellers["seller"].to_numpy(object), t("changes.team_total"))
    )
    show_table(
        sellers,
        {"seller": t("col.seller"), "team": t("col.team"), **{name: label(name) for name in CHANGE_TABLE}},
        key="review_sellers",
        file_name=t("changes.sellers_file", since=since, until=until),
        highlight=(sellers["grain"] == "team").tolist(),
    )


def last_one_to_one_day(coach, context: PageContext, seller_id: str) -> dt.date | None:
    """The day of the seller's newest 1:1 note the viewer may read (None without one)."""
    from salescoach import coaching
    from salescoach.access import visible_notes

    notes = visible_notes(context.viewer, coaching.seller_notes(data.reads_of(coach), seller_id))
    return max((note.held_on for note in notes), default=None)


def since_last_one_to_one(coach, context: PageContext, seller_id: str, team: str) -> None:
    """The seller page's "since our last 1:1": the seller's pipeline changes from the newest 1:1
    note's day (four weeks when there is none yet) to the latest data, and the offers that moved."""
    st.subheader(t("changes.one_to_one_heading"))
    latest = _latest()
    held = last_one_to_one_day(coach, context, seller_id)
    if held is None or held >= latest:
        st.caption(t("changes.no_one_to_one" if held is None else "changes.one_to_one_today"))
        first = latest - dt.timedelta(days=28)
    else:
        st.caption(t("changes.one_to_one_caption", held=format_date(held)))
        first = held
    picked = _days(f"one_to_one_{seller_id}", first, latest)
    if picked is None:
        return
    since, until = picked
    frame = data.cached_query(
        "pipeline_changes_by_grain", as_of_days=[since, until], teams=[team], grains=["seller"]
    )
    mine = frame[frame["seller_id"] == seller_id]
    if mine.empty:
        empty_state(t("changes.no_sellers"))
        return
    row = mine.iloc[0].to_dict()
    _change_tiles(row)
    event = show_chart(
        change_charts.waterfall_chart(row),
        key=f"one_to_one_waterfall_{seller_id}",
        on_select="rerun",
    )
    _offers_behind(
        context,
        since,
        until,
        change_charts.selected_movement(event),
        key=f"one_to_one_{seller_id}",
        seller=(seller_id, team),
    )


def _weekly_days(day: dt.date) -> list[dt.date]:
    return [day - dt.timedelta(days=7 * weeks) for weeks in range(COVERAGE_WEEKS - 1, -1, -1)]


def coverage_as_it_stood(context: PageContext) -> None:
    """The pipeline page's coverage of this and next quarter as it stood on a picked past day, and
    (on request: 13 days of history cost more than the page's other queries together) week by week
    over the 13 weeks up to it: whether the hole after the rush was growing."""
    if data.latest_data_date() is None:
        return  # an empty database: the page says so already
    st.subheader(t("changes.coverage_heading"))
    filters = context.filters
    left, right = st.columns([2, 1])
    day = left.date_input(
        t("changes.as_it_stood_on"), value=clamp_date(filters.as_of), key="coverage_as_of", **date_limits()
    )
    weekly = right.toggle(
        t("changes.week_by_week"), key="coverage_week_by_week", help=t("changes.week_by_week_help")
    )
    frame = data.cached_query(
        "coverage_by_grain",
        as_of_days=_weekly_days(day) if weekly else [day],
        teams=filters.params()["teams"],
        grains=["seller", "all"],
    )
    if filters.seller_id:
        rows = frame[(frame["grain"] == "seller") & (frame["seller_id"] == filters.seller_id)]
    else:
        rows = frame[frame["grain"] == "all"]
    if rows.empty:
        empty_state(t("changes.no_sellers"))
        return
    on_day = rows.iloc[-1].to_dict()
    st.caption(t("changes.coverage_caption", date=format_date(day), quarter=quarter_name(day)))
    tiles = st.columns(4)
    for column, name in zip(
        tiles,
        ("quarter_pipeline", "pipeline_coverage", "next_quarter_pipeline", "next_quarter_coverage"),
        strict=True,
    ):
        metric_tile(name, on_day.get(name), container=column)
    if on_day.get("next_quarter_target") is None or pd.isna(on_day.get("next_quarter_target")):
        st.caption(t("changes.no_next_target"))
    if weekly:
        show_chart(change_charts.coverage_trend_chart(rows), key="coverage_as_it_stood_chart")
    _coverage_per_seller(context, frame, day)


def _coverage_per_seller(context: PageContext, frame: pd.DataFrame, day: dt.date) -> None:
    sellers = frame[(frame["grain"] == "seller") & (pd.to_datetime(frame["day"]).dt.date == day)]
    show_table(
        context.filters.in_teams(sellers),
        {
            "seller": t("col.seller"),
            "team": t("col.team"),
            **{
                name: label(name)
                for name in (
                    "quarter_pipeline",
                    "quarter_target",
                    "quarter_sales",
                    "pipeline_coverage",
                    "next_quarter_pipeline",
                    "next_quarter_target",
                    "next_quarter_coverage",
                )
            },
        },
        key="coverage_as_it_stood_sellers",
        file_name=t("changes.coverage_file", date=day),
    )
