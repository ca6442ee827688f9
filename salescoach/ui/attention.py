"""The attention list on a page: who needs the director now, and why, most urgent first.

The list itself is `salescoach.attention` (pure, the same on every surface); here it is read
for the page's filters (as of the period's as-of day, the filters' teams, only teams the viewer
may see) and drawn as one card per seller with a button to the seller's page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescoach import attention, coaching_loop
from salescoach.formatting import format_value
from salescoach.i18n import t
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.drill import open_seller
from salescoach.ui.text import escape_markdown, format_date

SHOWN_FIRST = 3  # cards shown before "N more": the first screen shows whom to talk to first


def attention_rows(context: PageContext) -> pd.DataFrame:
    """The ranked attention list (`attention.RESULT_COLUMNS`) of the filters' teams as of the
    filters' as-of day, from one cached scorecard query."""
    page_filters = context.filters
    frame = data.cached_scorecards(attention.periods(page_filters.as_of), teams=page_filters.teams)
    frame = frame[frame["team"].isin(data.teams(context.viewer))]  # never a team the viewer may not see
    coaching = coaching_loop.attention_inputs(
        data.cached_reads(), page_filters.as_of, teams=page_filters.teams
    )
    return attention.rank(attention.inputs(page_filters.in_teams(frame)), page_filters.as_of, extra=coaching)


def show_attention(context: PageContext, ranked: pd.DataFrame, key: str = "attention") -> None:
    """The list under its heading and rule: the first `SHOWN_FIRST` sellers as cards, the rest
    behind "N more"; a plain all-clear when nobody needs attention."""
    day = format_date(context.filters.as_of)
    st.subheader(t("attention.title"))
    st.caption(t("attention.caption", date=day) + " " + t("attention.rule"))  # rule_text's words
    if ranked.empty:
        st.success(t("attention.none", date=day), icon=":material/check_circle:")
        return
    rows = ranked.to_dict("records")
    for row in rows[:SHOWN_FIRST]:
        _card(context, row, key)
    if len(rows) > SHOWN_FIRST:
        with st.expander(t("attention.more", count=len(rows[SHOWN_FIRST:]))):
            for row in rows[SHOWN_FIRST:]:
                _card(context, row, key)


def _card(context: PageContext, row: dict, key: str) -> None:
    """One seller: rank, name, team and how far short, the reasons in plain words, a button."""
    with st.container(border=True):
        text, action = st.columns([6, 1], vertical_alignment="center")
        heading = t(
            "attention.heading",
            rank=int(row["rank"]),
            seller=escape_markdown(row["seller"]),
            team=escape_markdown(row["team"]),
            shortfall=format_value("pct", row["urgency"]),
        )
        text.markdown(heading)
        text.markdown("\n".join(f"- {escape_markdown(reason)}" for reason in row["why"]))
        if action.button(
            t("attention.open"),
            key=f"{key}_open_{row['seller_id']}",
            icon=":material/person:",
            help=t("attention.open_help", seller=escape_markdown(row["seller"])),
            width="stretch",
        ):
            open_seller(context, str(row["seller_id"]))
