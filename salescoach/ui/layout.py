"""Layout pieces every page uses: the header, the empty state, KPI tiles and charts.

Their text parameters are `Markdown`: catalogue text, formatted numbers and dates, and data only
through `escape_markdown` (tests/test_markup_everywhere.py holds every caller to it).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from salescoach import charts, formatting
from salescoach.access import Viewer
from salescoach.coaching import CoachingInputError
from salescoach.i18n import t
from salescoach.metrics import METRICS, format_value, label
from salescoach.periods import Filters
from salescoach.ui import chart_element, data
from salescoach.ui.context import PageContext
from salescoach.ui.drill import seller_filter_notice
from salescoach.ui.sidebar import current_context
from salescoach.ui.text import Markdown, describe_filters, escape_markdown, format_date
from salescoach.ui.url import presentation_mode

_LAYOUT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 2.5rem 2.5rem 4rem 2.5rem; max-width: 1800px; }
</style>
"""


def page_header(
    title: Markdown, intro: Markdown, page_filters: Filters | None = None, *, seller_notice: bool = True
) -> None:
    """The page title, one sentence on what the page answers, and the filters in force: a
    period that is not over says so (`Filters.partial_note`), and a seller filter is announced
    with a button to clear it (`drill.seller_filter_notice`; the seller page, which is about
    one seller, passes `seller_notice=False`)."""
    st.html(_LAYOUT_CSS)  # a constant stylesheet, no user data (no element, no gap, no Markdown)
    st.title(title)
    caption = intro
    if page_filters is not None:
        caption = f"{describe_filters(page_filters)}. {intro}"
    st.caption(caption)
    if page_filters is None:
        return
    if page_filters.partial:
        st.caption(f":material/hourglass_top: {page_filters.partial_note()}")
    context = current_context()
    if seller_notice and context is not None and page_filters.seller_id:
        seller_filter_notice(context)


def partial_title(title: Markdown, page_filters: Filters | None) -> Markdown:
    """A tile's or table's title marked "so far" when the period is not over."""
    if page_filters is None or not page_filters.partial:
        return title
    return t("period.partial_tile", label=title)


def empty_state(message: Markdown) -> None:
    """An explanation instead of an empty chart or table."""
    st.info(message, icon=":material/info:")


def show_problems(title: Markdown, error: Exception) -> None:
    """An error under `title`: each problem of a `CoachingInputError` on its own line, else the
    error's message (escaped: it may echo what the user typed)."""
    problems = error.problems if isinstance(error, CoachingInputError) else [str(error)]
    st.error(f"{title}\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in problems))


def no_data_message(context: PageContext, what: Markdown | None = None) -> Markdown:
    """'No meetings, offers or deals between 1 Oct and 23 Nov 2026 for team SMB. Pick ...'.

    `what` is the translated phrase (e.g. t("nodata.what.activities")); default: meetings, offers or deals.
    """
    page_filters = context.filters
    start, end = page_filters.date_from, page_filters.date_to
    start_text = formatting.format_day_month(start) if start.year == end.year else format_date(start)
    whom = ""
    if page_filters.seller_id:
        seller = data.seller_name(context.viewer, page_filters.seller_id) or page_filters.seller_id
        whom = t("nodata.for_seller", seller=escape_markdown(seller))
    elif page_filters.team:
        whom = t("nodata.for_team", team=escape_markdown(page_filters.team))
    hint = t("nodata.hint_team") if not page_filters.seller_id else t("nodata.hint")
    if data.latest_data_date() is None:
        return t("nodata.empty_db")
    return t(
        "nodata.message",
        what=what or t("nodata.what.default"),
        start=start_text,
        end=format_date(end),
        whom=whom,
        hint=hint,
    )


def metric_tile(
    name: str,
    value,
    *,
    container=None,
    delta: Markdown | None = None,
    title: Markdown | None = None,
    help_text: Markdown | None = None,
    delta_color: str = "normal",
    delta_description: Markdown | None = None,
    period: Filters | None = None,
) -> None:
    """One KPI tile: the metric's label, its formatted value, optional delta text and help.

    `delta_color="off"` shows the delta grey without an arrow (a comparison, not a change).
    `period`: the filters of a tile that counts the period's days; when the period is not over
    the tile says "so far: 54 of 92 days" under its value (beside its delta, if any) and its
    help begins with the partial-period note.
    """
    target = container or st
    help_text = help_text or (METRICS[name].help if name in METRICS else None)
    if period is not None and period.partial:
        help_text = f"{period.partial_note()}\n\n{help_text or ''}".strip()
        done, total = period.days
        so_far = t("period.so_far", days=done, total=total)
        if delta is None:
            delta, delta_color = so_far, "off"
        else:
            delta_description = f"{delta_description} · {so_far}" if delta_description else so_far
    target.metric(
        title or label(name),
        format_value(name, value),
        delta=delta,
        delta_color=delta_color,
        help=help_text,
        border=True,
        delta_arrow="off" if delta_color == "off" else "auto",
        delta_description=delta_description,
    )


PRESENTATION_FONT_PX = 18  # a chart's type on the shared screen


def show_chart(figure, key: str, *, on_select: str = "ignore"):
    """Draw a plotly figure from `salescoach.charts` (larger type in presentation mode).

    The figure may be shared by other runs (`salescoach.chart_cache`): it is not changed here;
    presentation mode draws a copy with the larger type."""
    if presentation_mode():
        figure = go.Figure(figure).update_layout(font={"size": PRESENTATION_FONT_PX})
        grow = PRESENTATION_FONT_PX / charts.FONT["size"]  # titles of their own (a trend grid's) too
        figure.for_each_annotation(
            lambda note: note.update(font_size=round(note.font.size * grow)) if note.font.size else None
        )
    return chart_element.draw(figure, key, select=on_select == "rerun")


def lazy_tabs(labels: list[Markdown], key: str) -> list:
    """Tabs whose content runs only while open: each tab has `.open`, and a page draws the open
    tab's sections alone (a click on another tab reruns the page with that one). What is not
    shown costs no queries, no Python and no drawing; the tab picked stays picked across reruns
    (a label that changes with the filters falls back to the first tab)."""
    return st.tabs(labels, key=key, on_change="rerun")


def team_colours(viewer: Viewer) -> dict[str, str]:
    """Each team's colour, the same on every page (see `salescoach.charts.team_colours`)."""
    return charts.team_colours(data.teams(viewer))
