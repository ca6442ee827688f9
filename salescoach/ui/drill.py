"""Drill-down to the seller page, and the team review's step through the sellers."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st

from salescoach.i18n import t
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.pages import SELLER_PAGE
from salescoach.ui.url import KEY_SELLER


def open_seller(context: PageContext, seller_id: str) -> None:
    """Go to the seller page of `seller_id`, keeping the period, team and presentation mode."""
    st.switch_page(SELLER_PAGE, query_params=context.url_params(seller=seller_id))


def seller_link(context: PageContext, seller_id: str) -> str:
    """A relative link to the seller page with the current filters (for `LinkColumn`s)."""
    return "seller?" + urlencode(context.url_params(seller=seller_id))


def _select_seller(seller_id: str) -> None:
    st.session_state[KEY_SELLER] = seller_id


def review_step(context: PageContext, seller_ids: Sequence[str], current: str | None, key: str) -> None:
    """'Previous' / 'Next seller' buttons that move the seller filter through `seller_ids`.

    For the team review: the URL follows, so the screen can be shared and reloaded.
    """
    ids = list(seller_ids)
    if not ids:
        return
    position = ids.index(current) if current in ids else -1
    previous_id = ids[position - 1] if position > 0 else None
    next_id = ids[position + 1] if position + 1 < len(ids) else None
    known = data.seller_names(context.viewer)  # one lookup table for every button label
    names = {sid: known.get(sid, sid) for sid in ids}
    left, middle, right = st.columns([1, 2, 1])
    left.button(
        f"◀ {names[previous_id]}" if previous_id else t("review.previous"),
        key=f"{key}_previous",
        disabled=previous_id is None,
        on_click=_select_seller,
        args=(previous_id,),
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
        args=(next_id,),
        type="primary",
        width="stretch",
    )
