"""The attention list on a page: who needs the director now, and why, most urgent first.

The list itself is `salescoach.attention` (pure, the same on every surface); here it is read
for the page's filters (as of the period's as-of day, the filters' teams, only teams the viewer
may see) and drawn as one card per seller with a button to the seller's page; a list longer
than `views.CARD_LIMIT` (a company of 500 sellers lists a few hundred) draws the most urgent as
cards and every seller in one table, a row picked opening the seller (`views.card_split`).
The ranked list is computed once per data version, as-of day and language (cached).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescoach import attention, coaching_loop, views
from salescoach.formatting import format_count, format_value
from salescoach.i18n import current_language, t
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.drill import open_seller, seller_opener
from salescoach.ui.tables import selected_row, show_table
from salescoach.ui.text import escape_markdown, format_date

SHOWN_FIRST = views.CARDS_FIRST  # cards shown before "N more": the first screen shows whom to talk to first


@st.cache_data(show_spinner=False, max_entries=32)
def _ranked_everyone(versions: tuple, as_of, visible: tuple, every_team: bool, lang: str) -> pd.DataFrame:
    # A director's query is bound to their teams (never read for every team, then filtered).
    frame = data.cached_scorecards(attention.periods(as_of), teams=None if every_team else visible)
    frame = frame[frame["team"].isin(visible)]  # never a team the viewer may not see
    coaching = coaching_loop.attention_inputs(
        data.cached_reads(), as_of, teams=None if every_team else visible
    )
    return attention.rank(attention.inputs(frame), as_of, lang=lang, extra=coaching)


def attention_rows(context: PageContext) -> pd.DataFrame:
    """The ranked attention list (`attention.RESULT_COLUMNS`) of the filters' teams as of the
    filters' as-of day. Ranked once per data version, day and language over every team the viewer
    may see (one cached scorecard query; writing every reason's text is 0.1-0.2 s at 500
    sellers): a team's list is its rows of it, ranked again from 1. A seller's reasons never
    depend on another team (`SalesCoach.scorecards`), and the order is by each row's own
    urgency, so the team's rows keep their order."""
    page_filters = context.filters
    visible = tuple(data.teams(context.viewer))
    every_team = context.viewer.sees_every_team
    ranked = _ranked_everyone(
        data.run_versions(), page_filters.as_of, visible, every_team, current_language()
    )
    if page_filters.teams is None:
        return ranked
    mine = page_filters.in_teams(ranked).reset_index(drop=True)
    return mine.assign(rank=range(1, len(mine) + 1))


def show_attention(context: PageContext, ranked: pd.DataFrame, key: str = "attention") -> None:
    """The list under its heading and rule: the first `SHOWN_FIRST` sellers as cards, the rest
    behind "N more"; a plain all-clear when nobody needs attention."""
    day = format_date(context.filters.as_of)
    st.subheader(t("attention.title"))
    st.caption(t("attention.caption", date=day) + " " + t("attention.rule"))  # rule_text's words
    if ranked.empty:
        st.success(t("attention.none", date=day), icon=":material/check_circle:")
        return
    split = views.card_split(len(ranked))
    rows = ranked.head(split.first + split.more).to_dict("records")
    for row in rows[: split.first]:
        _card(context, row, key)
    if split.more:
        with st.expander(t("attention.more", count=format_count(split.more))):
            for row in rows[split.first :]:
                _card(context, row, key)
    if split.table:
        _table(context, ranked, key)


def _table(context: PageContext, ranked: pd.DataFrame, key: str) -> None:
    """Every seller of a long list in one table (rank, seller, team, shortfall, the reasons in
    plain words), said so above it; a row picked opens the seller."""
    st.caption(
        t(
            "attention.table_caption",
            count=format_count(len(ranked)),
            cards=format_count(min(len(ranked), SHOWN_FIRST)),
        )
    )
    table = ranked.assign(why=[" · ".join(texts) for texts in ranked["why"]])
    event = show_table(
        table,
        {
            "rank": t("attention.col.rank"),
            "seller": t("col.seller"),
            "team": t("col.team"),
            "urgency": t("attention.col.shortfall"),
            "why": t("attention.col.why"),
        },
        key=f"{key}_table",
        file_name=t("attention.file", date=context.filters.as_of),
        formats={"rank": "count", "urgency": "pct"},
        on_select="rerun",
        on_pick=seller_opener(context),
        height=420,
    )
    picked = selected_row(event, table)
    if picked is not None:
        open_seller(context, str(picked["seller_id"]))


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
