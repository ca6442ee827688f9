"""Views that scale with the number of sellers, as pages draw them: the "Every seller" switch
of a chart that summarises, and the captions that say what a summarised chart shows.

The decisions (which level, which rows) are `salescoach.views`; this draws them.
"""

from __future__ import annotations

import streamlit as st

from salescoach import views
from salescoach.formatting import format_count
from salescoach.i18n import current_language, t
from salescoach.ui import data
from salescoach.ui.context import PageContext


def every_seller_toggle(key: str, sellers: int, *, limit: int = views.SELLER_LIMIT) -> bool:
    """The "Every seller" switch of charts that summarise more than `limit` sellers; False,
    and no switch, when there are no more sellers than that (every seller is shown anyway)."""
    if sellers <= limit:
        return False
    return st.toggle(t("scale.every_seller", sellers=format_count(sellers)), key=key)


def grid_caption(level: str, sellers: int, teams: int) -> None:
    """Under a seller × week grid shown at team level: what it shows and how to see the sellers."""
    if level == "team":
        st.caption(t("scale.grid_teams", teams=format_count(teams), sellers=format_count(sellers)))


def ranking_caption(ranking: views.Ranking, against_need: bool = False) -> None:
    """Under a per-seller ranking that shows only its top and bottom: what it leaves out (of a
    chart against each seller's own need, `against_need`: those furthest above and below it)."""
    if not ranking.summarised:
        return
    text = t(
        "scale.need_ranking" if against_need else "scale.ranking",
        extremes=format_count(ranking.extremes),
        ranked=format_count(ranking.ranked),
    )
    if ranking.without_value:
        text += " " + t("scale.ranking_unknown", sellers=format_count(ranking.without_value))
    st.caption(text + " " + t("scale.ranking_hint"))


def need_chart(
    context: PageContext, name: str, frame, actual: str, need: str, *, every_seller: bool, build, inputs=()
):
    """A chart of each seller's `actual` against their `need`: `build` of the rows
    `views.need_ranking` picks, the figure and its ranking kept between runs like a query
    result: on the filters, the viewer, `inputs` (whatever else decided `frame`, e.g. "show
    sellers who have left"), the switch and the language. `frame` is not hashed
    again on every rerun (for 500 sellers with their 80 scorecard columns, the largest part of
    a chart's cost on a rerun). Draws the caption that says what a summarised chart leaves out."""

    def make():
        ranked = views.need_ranking(frame, actual, need, every_seller=every_seller)
        return ranked, build(ranked.frame)

    key = (context.filters, context.viewer, tuple(inputs), actual, need, every_seller, current_language())
    ranked, figure = data.cached_derived(f"need_chart.{name}", key, make, tuple)
    ranking_caption(ranked, against_need=True)
    return figure
