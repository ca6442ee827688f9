"""Post-mortems of lost offers: the seller's lost offers with a review form each (seller page),
and every review under its loss reason (coaching page).

Review text is user text: shown inside dataframes, never as Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salescoach import coaching
from salescoach.access import Viewer
from salescoach.coaching import REVIEW_FIELDS, CoachingInputError
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.periods import Filters
from salescoach.ui import data
from salescoach.ui.coaching_state import CoachingState
from salescoach.ui.context import PageContext
from salescoach.ui.layout import empty_state, show_problems
from salescoach.ui.tables import show_table
from salescoach.ui.text import Markdown, escape_markdown, format_date, option_label, plain


def lost_offers_section(coach, context: PageContext, seller_id: str) -> None:
    """The seller's lost offers in the page's period (or all), with a post-mortem form per offer."""
    everything = st.toggle(t("coaching.lost.all_toggle"), key=f"coaching.lost_all.{seller_id}")
    frame = _lost_offers(coach, context.filters, seller_id, everything)
    when = _lost_when(context.filters, everything)
    if frame.empty:
        empty_state(t("coaching.lost.none", when=when))
        return
    reviewed = int(frame["reviewed"].sum())
    st.caption(t("coaching.lost.caption", count=len(frame), when=when, reviewed=reviewed))
    show_table(
        frame,
        {
            "offer_id": t("col.offer"),
            "customer": t("col.customer"),
            "closed_date": t("col.lost_on"),
            "value": t("col.value"),
            "loss_reason": t("col.loss_reason"),
            "reviewed": t("col.reviewed"),
            "customer_word": t("col.customer_word"),
            "why": t("coaching.review_field.why"),
        },
        key=f"coaching_lost_{seller_id}",
        formats={"value": "eur"},
        download=False,
        height=min(400, 38 + 35 * len(frame)),
    )
    labels = {record["offer_id"]: _offer_label(record) for record in frame.to_dict("records")}
    offer_id = st.selectbox(
        t("coaching.lost.pick"),
        list(labels),
        index=None,
        format_func=lambda o: labels.get(o, o),
        placeholder=t("coaching.lost.pick_placeholder"),
        key=f"coaching.review_offer.{seller_id}",
    )
    if offer_id is not None:
        _review_form(coach, context.viewer, seller_id, offer_id)


def _lost_offers(coach, page_filters: Filters, seller_id: str, everything: bool) -> pd.DataFrame:
    """The seller's lost offers: all of them, or the period's."""
    reads = data.reads_of(coach)
    if everything:
        return coaching.lost_offers_of_seller(reads, seller_id)
    return coaching.lost_offers_of_seller(reads, seller_id, page_filters.date_from, page_filters.date_to)


def _lost_when(page_filters: Filters, everything: bool) -> Markdown:
    """The words for when the offers were lost: 'since the start' or the period."""
    if everything:
        return t("coaching.lost.since_start")
    return t("coaching.lost.in_period", period=page_filters.period_label, span=page_filters.span)


def _offer_label(record: dict) -> str:
    """'O123 · Customer · €12,000 · price ✓' for the offer picker (a selectbox: plain text)."""
    return (
        f"{option_label(record['offer_id'])} · {option_label(record['customer']) or t('coaching.lost.no_customer')}"
        f" · {format_value('eur', record['value'])}"
        f" · {option_label(record['loss_reason'])}{t('coaching.lost.reviewed_mark') if record['reviewed'] else ''}"
    )


def _review_form(coach, viewer: Viewer, seller_id: str, offer_id: str) -> None:
    """The post-mortem form of one lost offer (filled in with its review when there is one)."""
    state = CoachingState.of(seller_id)
    old = coaching.offer_review_of(data.reads_of(coach), offer_id) or {}
    info = coaching.seller_info(data.reads_of(coach), seller_id) or {}
    form_key = f"coaching.review.{offer_id}.{state.review_generation}"
    editable = _review_heading(viewer, old)
    with st.form(key=f"{form_key}.form", clear_on_submit=False, enter_to_submit=False):
        values = {
            name: (st.text_input if name == "customer_word" else st.text_area)(
                t(f"coaching.review_field.{name}"),
                value=plain(old.get(name)),
                key=f"{form_key}.{name}",
                disabled=not editable,
            )
            for name in REVIEW_FIELDS
        }
        fixed_author = plain(old.get("author")) if old and viewer.author_name else viewer.author_name
        author = st.text_input(
            t("coaching.author"),
            value=fixed_author or plain(old.get("author")) or (info.get("manager") or ""),
            key=f"{form_key}.author",
            disabled=fixed_author is not None,  # logged in: the review is written by the viewer
        )
        submitted = st.form_submit_button(
            t("coaching.review.save"), type="primary", icon=":material/save:", disabled=not editable
        )
    if submitted:
        typed_author = fixed_author if fixed_author is not None else author
        _save_review(coach, viewer, state, offer_id, typed_author, values)


def _review_heading(viewer: Viewer, old: dict) -> bool:
    """When the review was saved, who edited it last (when not its author), and whether `viewer`
    may edit it (only its author or an admin): True for a new review."""
    if not old:
        return True
    reviewed_at = pd.Timestamp(old["reviewed_at"]).date() if plain(old.get("reviewed_at")) else None
    st.caption(
        t("coaching.review.reviewed_on", date=format_date(reviewed_at))
        if reviewed_at
        else t("coaching.review.reviewed")
    )
    if plain(old.get("editor")) and plain(old.get("editor_id")) != plain(old.get("author_id")):
        st.text(t("coaching.edited_by", editor=plain(old["editor"]), date=format_date(reviewed_at)))
    editable = viewer.may_edit(plain(old.get("author")) or None, plain(old.get("author_id")) or None)
    if not editable:
        st.caption(t("coaching.read_only_note"))
    return editable


def _save_review(
    coach, viewer: Viewer, state: CoachingState, offer_id: str, author: str, values: dict[str, str]
) -> None:
    """Save the typed post-mortem as written by `viewer`; on a problem, say why and keep the text."""
    try:
        coaching.save_offer_review(coach, offer_id, author=author, by=viewer, **values)
    except CoachingInputError as error:
        show_problems(t("coaching.review.not_saved"), error)
    except Exception as error:  # noqa: BLE001 keep the typed text, tell the user
        show_problems(t("coaching.review.not_saved_db"), error)
    else:
        state.review_saved(t("coaching.review.saved", offer=escape_markdown(offer_id)))
        st.rerun()


def loss_reason_reviews(coach, context: PageContext) -> None:
    """Lost offers per loss reason in the period, and every post-mortem under its reason.

    In presentation mode only the counts per loss reason are shown: no post-mortem text.
    """
    page_filters = context.filters
    period = {
        "teams": page_filters.teams,
        "date_from": page_filters.date_from,
        "date_to": page_filters.date_to,
    }
    summary = coaching.lost_offers_by_loss_reason(data.reads_of(coach), **period)
    where = t("coaching.in_team", team=escape_markdown(page_filters.team)) if page_filters.team else ""
    if summary.empty:
        empty_state(t("coaching.reasons.none", period=page_filters.period_label, where=where))
        return
    st.caption(
        t("coaching.reasons.caption", period=page_filters.period_label, span=page_filters.span, where=where)
    )
    show_table(
        summary,
        {
            "loss_reason": t("col.loss_reason"),
            "offers_lost": label("offers_lost"),
            "lost_value": label("lost_value"),
            "reviewed_offers": t("col.reviewed"),
        },
        key="coaching_loss_reasons",
        formats={"offers_lost": "count", "lost_value": "eur", "reviewed_offers": "count"},
        file_name=t("coaching.reasons.file"),
    )
    if context.presentation:
        st.caption(t("coaching.reasons.presentation"))
        return
    reviews = coaching.offer_reviews_by_loss_reason(data.reads_of(coach), **period)
    if reviews.empty:
        empty_state(t("coaching.reasons.no_reviews"))
        return
    st.markdown(t("coaching.reasons.reviews_heading"))
    show_table(
        reviews,
        {
            "loss_reason": t("col.loss_reason"),
            "seller": t("col.seller"),
            "customer": t("col.customer"),
            "closed_date": t("col.lost_on"),
            "value": t("col.value"),
            "what_happened": t("coaching.review_field.what_happened"),
            "why": t("coaching.review_field.why"),
            "do_differently": t("coaching.review_field.do_differently"),
            "customer_word": t("col.customer_word"),
            "author": t("coaching.author"),
        },
        key="coaching_reviews",
        formats={"value": "eur"},
        file_name=t("coaching.reviews_file"),
        height=min(420, 38 + 35 * len(reviews)),
    )
