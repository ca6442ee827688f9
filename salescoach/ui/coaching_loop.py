"""Streamlit parts of the coaching loop (`salescoach.coaching_loop`): the seller's cadence and
follow-through panel with the cadence editor, the actions tied to a metric with their verdicts
and the coaching's effect, the coaching status table of the coaching page and the team
overview, the agenda the new-note form starts with, and the customer ladder.

User text (action descriptions, names) is shown with `st.text` or inside a dataframe, never as
Markdown; Markdown only carries fixed labels and formatted numbers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from salescoach import charts, coaching_loop
from salescoach.access import Viewer
from salescoach.coaching import CoachingInputError
from salescoach.contract import DEFAULT_CADENCE_DAYS, MAX_CADENCE_DAYS
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.layout import empty_state, show_chart, show_problems
from salescoach.ui.tables import show_table
from salescoach.ui.text import format_date, owner_label

GRAINS = ("seller", "team", "all")  # the ladder's rows: each seller, each team (once per customer), all
STATUS_HEADERS = (
    "seller",
    "last_one_on_one",
    "cadence_days",
    "next_one_on_one_due",
    "open_actions_seller",
    "overdue_actions_seller",
    "follow_through_seller",
    "open_actions_manager",
    "overdue_actions_manager",
    "follow_through_manager",
    "actions_met",
    "actions_missed",
)
STATUS_FORMATS = {
    "last_one_on_one": "date",
    "next_one_on_one_due": "date",
    "cadence_days": "count",
    "follow_through_seller": "pct",
    "follow_through_manager": "pct",
    **dict.fromkeys(
        (
            "open_actions_seller",
            "overdue_actions_seller",
            "open_actions_manager",
            "overdue_actions_manager",
            "actions_met",
            "actions_missed",
        ),
        "count",
    ),
}


def _headers(team: bool) -> dict[str, str]:
    headers = {name: t(f"loop.col.{name}") for name in STATUS_HEADERS}
    if team:
        headers = {"seller": headers.pop("seller"), "team": t("col.team"), **headers}
    return headers


# -- the coaching page and the team overview ------------------------------------------------------


def status_table(context: PageContext, key: str) -> None:
    """Every active seller of the filters' teams on the filters' day: the last and next 1:1 (the
    overdue ones marked), each side's open and overdue actions and follow-through, verdicts."""
    filters = context.filters
    teams = None if filters.teams is None else tuple(filters.teams)
    frame = data.cached_derived(  # once per day, teams and data (verdicts read from scorecards)
        "coaching_status",
        (filters.as_of, teams),
        lambda: coaching_loop.coaching_status(data.cached_reads(), filters.as_of, teams=teams),
    )
    frame = frame[frame["active"].astype(bool)]
    if filters.seller_id:
        frame = frame[frame["seller_id"] == filters.seller_id]
    overdue = int(frame["one_on_one_overdue"].sum())
    st.caption(
        t(
            "loop.status_caption",
            date=format_date(filters.as_of),
            overdue=overdue,
            sellers=len(frame),
            days=int(coaching_loop.FOLLOW_THROUGH_DAYS),
            default=int(DEFAULT_CADENCE_DAYS),
        )
    )
    show_table(
        frame,
        _headers(team=filters.team is None),
        key=key,
        file_name=t("loop.status_file", date=filters.as_of),
        formats=STATUS_FORMATS,
        highlight=frame["one_on_one_overdue"].astype(bool).tolist(),
        highlight_colour="#fadbd8",
        empty_message=t("loop.no_sellers"),
    )


# -- the seller page ------------------------------------------------------------------------------


def _seller_status(coach, seller_id: str, team: str, day) -> dict:
    """`coaching_loop.seller_status`, kept between runs like a query result for the app's stores."""
    if not data.is_app_database(coach):
        return coaching_loop.seller_status(data.reads_of(coach), seller_id, team, day)
    return data.cached_derived(
        "seller_status",
        (seller_id, team, day),
        lambda: coaching_loop.seller_status(data.cached_reads(), seller_id, team, day),
        dict,
    )


def seller_panel(coach, context: PageContext, seller_id: str, team: str) -> None:
    """The seller's cadence (editable), last and next 1:1, and both sides' follow-through side by
    side; then the actions tied to a metric (text only outside presentation mode)."""
    day = context.filters.as_of
    status = _seller_status(coach, seller_id, team, day)
    st.markdown(t("loop.heading"))
    tiles = st.columns(3)
    last = status["last_one_on_one"]
    tiles[0].metric(
        t("loop.col.last_one_on_one"), format_date(last) if last else t("loop.never"), border=True
    )
    tiles[1].metric(
        t("loop.col.next_one_on_one_due"),
        format_date(status["next_one_on_one_due"]),
        delta=t("loop.overdue") if status["one_on_one_overdue"] else None,
        delta_color="inverse" if status["one_on_one_overdue"] else "off",
        delta_arrow="off",
        border=True,
    )
    with tiles[2]:
        if context.presentation:
            st.metric(t("loop.col.cadence_days"), format_value("count", status["cadence_days"]), border=True)
        else:
            _cadence_editor(coach, context.viewer, seller_id, status)
    sides = st.columns(2)
    for column, owner in zip(sides, ("seller", "manager"), strict=True):
        _follow_through(column, owner, status)
    if not context.presentation:
        targeted_actions_table(coach, seller_id, team, day)


def _follow_through(column, owner: str, status: dict) -> None:
    follow = status[f"follow_through_{owner}"]
    column.metric(
        t("loop.follow_through", owner=t(f"coaching.owner.{owner}")),
        format_value("pct", follow) if follow is not None else t("loop.none_due"),
        delta=t(
            "loop.open_overdue",
            open=int(status[f"open_actions_{owner}"]),
            overdue=int(status[f"overdue_actions_{owner}"]),
        ),
        delta_color="off",
        delta_arrow="off",
        help=t("loop.follow_through_help", days=int(coaching_loop.FOLLOW_THROUGH_DAYS)),
        border=True,
    )


def _cadence_editor(coach, viewer: Viewer, seller_id: str, status: dict) -> None:
    """The seller's cadence in days, saved in the coaching store (empty: back to the default); a
    bordered box with its Save button, not a form (the new-note form stays the page's form)."""
    with st.container(border=True):
        days = st.number_input(
            t("loop.col.cadence_days"),
            min_value=1,
            max_value=MAX_CADENCE_DAYS,
            value=int(status["cadence_days"]) if status["own_cadence"] else None,
            placeholder=t("loop.default_cadence", days=DEFAULT_CADENCE_DAYS),
            step=1,
            key=f"loop.cadence_days.{seller_id}",
            help=t("loop.cadence_help", days=int(DEFAULT_CADENCE_DAYS)),
        )
        saved = st.button(
            t("loop.save_cadence"), key=f"loop.cadence_save.{seller_id}", icon=":material/event_repeat:"
        )
    if saved:
        try:
            coaching_loop.set_cadence(coach, seller_id, days, by=viewer)
        except CoachingInputError as error:
            show_problems(t("loop.cadence_not_saved"), error)
        except Exception as error:  # noqa: BLE001 a store fault, in its plain words
            show_problems(t("loop.cadence_not_saved"), error)
        else:
            st.rerun()


def targeted_actions_table(coach, seller_id: str, team: str, day: dt.date) -> None:
    """The seller's actions tied to a metric: the metric over as many days before the 1:1 as after
    it up to the due date (the coaching's effect), the target and the verdict."""
    actions = coaching_loop.targeted_actions(data.reads_of(coach), day, teams=[team], seller_id=seller_id)
    if actions.empty:
        return
    st.markdown(t("loop.targeted_heading"))
    st.caption(t("loop.targeted_caption", date=format_date(day)))
    records = actions.to_dict("records")
    view = pd.DataFrame(
        {
            "held_on": actions["held_on"],
            "owner": [owner_label(r["owner"]) for r in records],
            "description": actions["description"],
            "metric": [label(r["metric"]) for r in records],
            "target": [target_text(r["metric"], r["target"]) for r in records],
            "due_date": actions["due_date"],
            "before": [format_value(r["metric"], r["before"]) for r in records],
            "value": [format_value(r["metric"], r["value"]) for r in records],
            "verdict": [t(f"loop.verdict.{verdict}") for verdict in actions["verdict"]],
        }
    )
    show_table(
        view,
        {name: t(f"loop.targeted.{name}") for name in view.columns},
        key=f"loop.targeted.{seller_id}",
        file_name=t("loop.targeted_file", seller_id=seller_id, date=day),
        formats={"held_on": "date", "due_date": "date"},
        highlight=[r["verdict"] == coaching_loop.MISSED for r in records],
    )


def target_text(metric: str, target) -> str:
    """'≥ 50 %' or '≤ 1.5' by the metric's better direction."""
    sign = "≤" if coaching_loop.lower_is_better(metric) else "≥"
    return f"{sign} {format_value(metric, target)}"


# -- the agenda of a new note ------------------------------------------------------------------


def agenda_panel(agenda: coaching_loop.Agenda) -> None:
    """What changed since the last 1:1, above the new-note form (its Reality starts as this)."""
    heading = (
        t("agenda.heading_first")
        if agenda.since is None
        else t("agenda.heading", since=format_date(agenda.since), until=format_date(agenda.until))
    )
    with st.expander(heading, expanded=True, icon=":material/fact_check:"):
        left, right = st.columns([2, 3])
        metrics = agenda.metrics
        left.dataframe(
            pd.DataFrame(
                {
                    t("coaching.col.metric"): [label(m) for m in metrics["metric"]],
                    t("coaching.col.at_the_1on1"): [
                        format_value(m, v) for m, v in zip(metrics["metric"], metrics["then"], strict=True)
                    ],
                    t("coaching.col.now"): [
                        format_value(m, v) for m, v in zip(metrics["metric"], metrics["now"], strict=True)
                    ],
                }
            ),
            hide_index=True,
        )
        with right:
            _agenda_offers(agenda)
            _agenda_actions(agenda)


def _agenda_offers(agenda: coaching_loop.Agenda) -> None:
    moved = agenda.pipeline
    if moved is not None:  # the pipeline memory since the last 1:1 (salescoach/history.py)
        st.markdown(
            t(
                "agenda.pipeline",
                won=format_value("count", moved["won_offers"]),
                won_value=format_value("eur", moved["won_value"]),
                lost=format_value("count", moved["lost_offers"]),
                lost_value=format_value("eur", moved["lost_value"]),
                slipped_out=format_value("count", moved["slipped_out_offers"]),
                slipped_out_value=format_value("eur", moved["slipped_out_value"]),
                pushed=format_value("count", moved["pushed_offers"]),
                pushed_value=format_value("eur", moved["pushed_value"]),
            )
        )
    st.markdown(
        t(
            "agenda.offers",
            won=len(agenda.won),
            won_value=format_value("eur", float(agenda.won["value"].sum())),
            lost=len(agenda.lost),
            lost_value=format_value("eur", float(agenda.lost["value"].sum())),
        )
    )
    if not agenda.offers.empty:
        show_table(
            agenda.offers.assign(status=[t(f"agenda.status.{status}") for status in agenda.offers["status"]]),
            {
                "closed_date": t("col.date"),
                "customer": t("col.customer"),
                "status": t("agenda.col.status"),
                "value": t("col.value"),
                "loss_reason": t("col.loss_reason"),
            },
            key=f"agenda.offers.{agenda.seller_id}",
            formats={"value": "eur", "closed_date": "date"},
            download=False,
            height=min(280, 38 + 35 * len(agenda.offers)),
        )


def _agenda_actions(agenda: coaching_loop.Agenda) -> None:
    if agenda.actions.empty:
        st.caption(t("agenda.no_actions"))
        return
    st.markdown(t("agenda.actions"))
    for row in agenda.actions.to_dict("records"):
        st.text(f"{owner_label(row['owner'])}: {row['description']} — {coaching_loop.action_state_text(row)}")


# -- the customer ladder ----------------------------------------------------------------------------


def ladder_section(context: PageContext) -> None:
    """The ladder on the filters' day (a staircase for the chosen teams, a row per seller) and the
    conversion of each yearly cohort of first meetings (nothing on an empty database: the page
    says so already)."""
    if data.latest_data_date() is None:
        return
    filters = context.filters
    reads = data.cached_reads()
    ladder = coaching_loop.customer_ladder(reads, filters.as_of, teams=filters.teams, grain=GRAINS)
    cohorts = coaching_loop.ladder_cohorts(reads, filters.as_of, teams=filters.teams, grain="all")
    st.subheader(t("ladder.heading"))
    st.caption(t("ladder.caption", date=format_date(filters.as_of)))
    everyone = ladder[ladder["grain"] == "all"]
    if (
        everyone.empty
        or int(everyone[["prospects", "customers", "regular_customers"]].sum(axis=1).iloc[0]) == 0
    ):
        empty_state(t("ladder.empty"))
        return
    left, right = st.columns([2, 3])
    with left:
        if cohorts.empty:
            empty_state(t("ladder.no_cohorts"))
        else:
            show_chart(charts.ladder_staircase(cohorts, title=t("ladder.staircase")), key="ladder_chart")
    with right:
        _ladder_table(ladder, filters.as_of)
    if not cohorts.empty:
        _cohorts_table(cohorts, filters.as_of)


def _ladder_table(ladder: pd.DataFrame, day: dt.date) -> None:
    """A row per seller, and each team's (each customer once) after its sellers, marked."""
    rows = ladder[ladder["grain"] != "all"].sort_values(["team", "grain"], kind="stable")
    teams = rows["grain"] == "team"
    rows = rows.assign(seller=rows["seller"].where(~teams, t("ladder.team_total")))
    show_table(
        rows,
        {
            "team": t("col.team"),
            "seller": t("col.seller"),
            "prospects": t("ladder.col.prospects"),
            "customers": t("ladder.col.customers"),
            "regular_customers": t("ladder.col.regular_customers"),
        },
        key="ladder_table",
        file_name=t("ladder.file", date=day),
        highlight=teams.tolist(),
        formats=dict.fromkeys(("prospects", "customers", "regular_customers"), "count"),
    )


def _cohorts_table(cohorts: pd.DataFrame, day: dt.date) -> None:
    st.markdown(t("ladder.cohorts_heading"))
    show_table(
        cohorts.assign(
            cohort=cohorts["cohort"].astype(str),
            complete=[t("ladder.complete" if c else "ladder.climbing") for c in cohorts["complete"]],
        ),
        {
            "cohort": t("ladder.col.cohort"),
            "prospects": t("ladder.col.cohort_prospects"),
            "customers_12m": t("ladder.col.customers_12m"),
            "regular_24m": t("ladder.col.regular_24m"),
            "complete": t("ladder.col.complete"),
        },
        key="ladder_cohorts",
        file_name=t("ladder.cohorts_file", date=day),
        formats={"prospects": "count", "customers_12m": "count", "regular_24m": "count"},
    )
