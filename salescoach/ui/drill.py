"""Drill-down to the seller page, the team review's step through the sellers, and the notice
that a seller filter is on.

Opening a seller from a list (`open_seller`) shows that seller's page and nothing else: the
seller it opened is marked as the seller page's own (`DRILLED`), and leaving the seller page
for another one (the navigation drops the URL's `seller`) shows every seller there again
(`salescoach.ui.sidebar` drops it). A seller picked in the sidebar, or in a shared link, is a
filter: every page but the seller page says so and offers to clear it (`seller_filter_notice`).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st

from salescoach.i18n import t
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.pages import SELLER_PAGE
from salescoach.ui.text import escape_markdown
from salescoach.ui.url import ALL, KEY_SELLER

DRILLED = "_salescoach_drilled_seller"  # the seller opened on the seller page, not a filter


def open_seller(context: PageContext, seller_id: str) -> None:
    """Go to the seller page of `seller_id`, keeping the period, team and presentation mode; the
    seller is the seller page's, not a filter of the other pages."""
    st.session_state[DRILLED] = str(seller_id)
    st.switch_page(SELLER_PAGE, query_params=context.url_params(seller=seller_id))


def seller_opener(context: PageContext):
    """`show_table(..., on_pick=...)` for a table of sellers: a click opens the picked row's
    seller page in one script run (the table's selection callback switches page)."""
    return lambda row: open_seller(context, str(row["seller_id"]))


def _clear_seller() -> None:
    st.session_state[KEY_SELLER] = ALL
    st.session_state.pop(DRILLED, None)


def seller_filter_notice(context: PageContext) -> None:
    """On a page other than the seller page: when a seller filter is on, say so, with a button
    that shows every seller again."""
    seller_id = context.filters.seller_id
    if seller_id is None:
        return
    name = data.seller_name(context.viewer, seller_id) or seller_id
    text, action = st.columns([5, 1], vertical_alignment="center")
    text.info(t("drill.seller_filter", seller=escape_markdown(name)), icon=":material/filter_alt:")
    action.button(t("drill.clear_seller"), key="seller_filter_clear", on_click=_clear_seller, width="stretch")


def seller_link(context: PageContext, seller_id: str) -> str:
    """A relative link to the seller page with the current filters (for `LinkColumn`s)."""
    return "seller?" + urlencode(context.url_params(seller=seller_id))


def _select_seller(seller_id: str, page_only: bool) -> None:
    st.session_state[KEY_SELLER] = seller_id
    if page_only:
        st.session_state[DRILLED] = seller_id
    else:
        st.session_state.pop(DRILLED, None)


def review_step(
    context: PageContext, seller_ids: Sequence[str], current: str | None, key: str, page_only: bool = False
) -> None:
    """'Previous' / 'Next seller' buttons that move the seller filter through `seller_ids`.

    For the team review: the URL follows, so the screen can be shared and reloaded. With
    `page_only` (the seller page) the seller is the page's own, as after `open_seller`.
    """
    ids = list(seller_ids)
    if not ids:
        return
    position = ids.index(current) if current in ids else -1
    previous_id = ids[position - 1] if position > 0 else None
    next_id = ids[position + 1] if position + 1 < len(ids) else None
    known = data.seller_names(context.viewer)  # one lookup table for every button label
    names = {
        sid: escape_markdown(known.get(sid, sid)) for sid in (previous_id, next_id) if sid
    }  # Markdown labels
    left, middle, right = st.columns([1, 2, 1])
    left.button(
        f"◀ {names[previous_id]}" if previous_id else t("review.previous"),
        key=f"{key}_previous",
        disabled=previous_id is None,
        on_click=_select_seller,
        args=(previous_id, page_only),
        width="stretch",
    )
    if position >= 0:
        middle.markdown(t("review.position", position=position + 1, total=len(ids)), text_alignment="center")
    right.button(
        f"{names[next_id]} ▶"
        if next_id and position >= 0
        else (t("review.start") if next_id else t("review.next")),
        key=f"{key}_next",
        disabled=next_id is None,
        on_click=_select_seller,
        args=(next_id, page_only),
        type="primary",
        width="stretch",
    )
