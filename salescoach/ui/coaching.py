"""Streamlit parts for coaching: the 1:1 notes timeline and form, lost-offer post-mortems.

User text (notes, actions, names, reviews) is always shown with `st.text` or inside a
dataframe, never as Markdown or HTML; Markdown is used only for fixed labels and numbers,
and messages that may echo user input go through `escape_markdown`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from salescoach import coaching
from salescoach.access import Viewer, visible_notes
from salescoach.coaching import GROW_FIELDS, REVIEW_FIELDS, CoachingInputError, Note
from salescoach.contract import ACTION_OWNERS
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.ui import data
from salescoach.ui.context import PageContext
from salescoach.ui.drill import open_seller
from salescoach.ui.layout import empty_state
from salescoach.ui.tables import show_table
from salescoach.ui.text import escape_markdown, format_date, plain

# The GROW fields' titles and help read as t("coaching.grow.<name>"), t("coaching.grow_help.<name>"),
# the post-mortem fields' as t("coaching.review_field.<name>"), action owners' as t("coaching.owner.<owner>").
MAX_ACTIONS = 20
SHOWN_NOTES = 12


def _owner(owner: str) -> str:
    """'Seller' / 'Manager' (fi: 'Myyjä' / 'Esihenkilö'); an unknown owner as stored, capitalised."""
    key = f"coaching.owner.{owner}"
    return t(key) if owner in ACTION_OWNERS else str(owner).capitalize()


def _state_key(seller_id: str, what: str) -> str:
    return f"coaching.{what}.{seller_id}"


def _show_problems(title: str, error: Exception) -> None:
    problems = error.problems if isinstance(error, CoachingInputError) else [str(error)]
    st.error(f"{title}\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in problems))


# -- reads ------------------------------------------------------------------------------


def _metrics_table(metrics: pd.DataFrame, held_on: dt.date, today: dt.date) -> pd.DataFrame:
    """Metric | the 90 days up to the note date ("At the 1:1") | the 90 days up to `today` ("Now")."""

    def row_of(day: dt.date) -> dict:
        return metrics.loc[day].to_dict() if day in metrics.index else {}

    then, now = row_of(held_on), row_of(today)
    names = coaching.THEN_AND_NOW_METRICS
    return pd.DataFrame(
        {
            t("coaching.col.metric"): [label(m) for m in names],
            t("coaching.col.at_the_1on1"): [format_value(m, then.get(m)) for m in names],
            t("coaching.col.now"): [format_value(m, now.get(m)) for m in names],
        }
    )


# -- the seller page section ------------------------------------------------------------


def _seller_notes(coach, viewer: Viewer, seller_id: str, today: dt.date) -> list[Note]:
    """The seller's 1:1 notes `viewer` may read, newest first."""
    return visible_notes(viewer, coaching.seller_notes(data.reads_of(coach), seller_id, as_of=today))


def _shown_notes(seller_id: str, notes: list[Note]) -> list[Note]:
    """The notes drawn as cards: the newest SHOWN_NOTES, or all after "show all"."""
    return notes if st.session_state.get(_state_key(seller_id, "all")) else notes[:SHOWN_NOTES]


def _now_day(today: dt.date) -> dt.date:
    """The "now" of the then-and-now columns: the latest day with data (today on an empty database)."""
    return data.latest_data_date() or today


def then_and_now_days(coach, viewer: Viewer, seller_id: str) -> list[dt.date]:
    """The days the notes section compares: the date of each note it draws ("at the 1:1") and
    the latest data ("now"). The seller page asks for the 90 days up to each in its one scorecard
    call (`ui.seller_numbers`) and gives them back to `seller_coaching_section`."""
    today = dt.date.today()
    shown = _shown_notes(seller_id, _seller_notes(coach, viewer, seller_id, today))
    return [note.held_on for note in shown] + [_now_day(today)]


def seller_coaching_section(coach, context: PageContext, seller_id: str, then_and_now: pd.DataFrame) -> None:
    """1:1 notes, agreed actions and lost-offer post-mortems of one seller.

    `then_and_now` holds the seller's numbers for the 90 days up to each day of
    `then_and_now_days`, indexed by day (`ui.seller_numbers(...).at_days`).
    In presentation mode only counts are shown: no note text and no private notes.
    """
    today = dt.date.today()
    if context.presentation:
        _presentation_summary(coach, seller_id, today)
        return
    st.subheader(t("coaching.section"))
    flash = st.session_state.pop(_state_key(seller_id, "flash"), None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    notes_tab, lost_tab = st.tabs([t("coaching.tab.notes"), t("coaching.tab.post_mortems")])
    with notes_tab:
        notes = _seller_notes(coach, context.viewer, seller_id, today)
        form = st.session_state.get(_state_key(seller_id, "form"))
        if form == "new":
            _note_form(coach, context.viewer, seller_id, None, today)
        elif st.button(t("coaching.new_note"), key=f"coaching.new.{seller_id}", icon=":material/edit_note:"):
            st.session_state[_state_key(seller_id, "form")] = "new"
            st.rerun()
        _notes_timeline(coach, context.viewer, seller_id, notes, today, editing=form, metrics=then_and_now)
    with lost_tab:
        lost_offers_section(coach, context, seller_id)


def _presentation_summary(coach, seller_id: str, today: dt.date) -> None:
    counts = coaching.coaching_counts(data.reads_of(coach), seller_id, as_of=today)
    n, o, d = counts["notes"], counts["open_actions"], counts["overdue_actions"]
    st.subheader(t("coaching.section"))
    notes = t("coaching.notes_one" if n == 1 else "coaching.notes_many", count=n)
    actions = t("coaching.open_actions_one" if o == 1 else "coaching.open_actions_many", count=o)
    st.markdown(t("coaching.presentation_counts", notes=notes, actions=actions, overdue=d))


def _notes_timeline(
    coach,
    viewer: Viewer,
    seller_id: str,
    notes: list[Note],
    today: dt.date,
    editing: str | None,
    metrics: pd.DataFrame,
) -> None:
    if not notes:
        empty_state(t("coaching.no_notes"))
        return
    open_actions = sum(n.open_actions for n in notes)
    overdue = sum(n.overdue_actions for n in notes)
    latest = _now_day(today)
    days = coaching.METRIC_WINDOW_DAYS
    st.caption(
        t(
            "coaching.timeline_caption",
            notes=len(notes),
            open=open_actions,
            overdue=overdue,
            days=days,
            latest=format_date(latest),
        )
    )
    shown = _shown_notes(seller_id, notes)
    for note in shown:
        if note.note_id == editing:
            with st.container(border=True):
                _note_form(coach, viewer, seller_id, note, today)
        else:
            _note_card(coach, seller_id, note, latest, metrics)
    if len(notes) > len(shown) and st.button(
        t("coaching.show_all", count=len(notes)), key=f"coaching.all.{seller_id}"
    ):
        st.session_state[_state_key(seller_id, "all")] = True
        st.rerun()


def _note_card(coach, seller_id: str, note: Note, latest: dt.date, metrics: pd.DataFrame) -> None:
    with st.container(border=True, key=f"coaching-note-{note.note_id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(t("coaching.note_heading", date=format_date(note.held_on)))
            st.text(t("coaching.by", author=note.author))
            if note.private:
                st.badge(t("coaching.private"), icon=":material/lock:", color="gray")
            if note.overdue_actions:
                st.badge(
                    t("coaching.n_overdue", count=note.overdue_actions), icon=":material/alarm:", color="red"
                )
            if st.button(t("coaching.edit"), key=f"coaching.edit.{note.note_id}", icon=":material/edit:"):
                st.session_state[_state_key(seller_id, "form")] = note.note_id
                st.rerun()
        left, right = st.columns([3, 2])
        with left:
            _note_body(coach, seller_id, note, actions_editable=True)
        with right:
            st.dataframe(
                _metrics_table(metrics, note.held_on, latest),
                hide_index=True,
                key=f"coaching.metrics.{note.note_id}",
            )


def _note_body(coach, seller_id: str, note: Note, actions_editable: bool) -> None:
    """The GROW fields and agreed actions of a note, as plain text."""
    for name in GROW_FIELDS:
        text = getattr(note, name)
        if text:
            st.markdown(f"**{t(f'coaching.grow.{name}')}**")
            st.text(text)
    if note.actions:
        st.markdown(t("coaching.agreed_actions"))
        for action in note.actions:
            _action_row(coach, seller_id, action, editable=actions_editable)


def _action_row(coach, seller_id: str, action: coaching.Action, editable: bool = True) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        if action.done:
            st.badge(t("coaching.badge.done"), icon=":material/check:", color="green")
        elif action.overdue:
            st.badge(t("coaching.badge.overdue"), icon=":material/alarm:", color="red")
        else:
            st.badge(t("coaching.badge.open"), color="blue")
        due = (
            t("coaching.due", date=format_date(action.due_date)) if action.due_date else t("coaching.no_due")
        )
        done = t("coaching.done_on", date=format_date(action.done_on)) if action.done else ""
        st.text(f"{_owner(action.owner)}: {action.description} ({due}{done})")
        if (
            editable
            and not action.done
            and st.button(
                t("coaching.mark_done"), key=f"coaching.done.{action.action_id}", icon=":material/task_alt:"
            )
        ):
            try:
                coaching.set_action_done(coach, action.action_id, dt.date.today())
            except Exception as error:  # noqa: BLE001 shown to the user
                _show_problems(t("coaching.mark_done_failed"), error)
            else:
                st.session_state[_state_key(seller_id, "flash")] = t("coaching.marked_done")
                st.rerun()


# -- the note form ----------------------------------------------------------------------


def _note_form(coach, viewer: Viewer, seller_id: str, note: Note | None, today: dt.date) -> None:
    """The new-note form, or the edit form of `note`.

    Adding or removing an action row is a submit button of the form, so the text typed so
    far is kept; a failed save shows why and leaves every field as typed.
    """
    form_id = note.note_id if note else "new"
    generation = st.session_state.get(_state_key(seller_id, "gen"), 0)
    k = f"coaching.{seller_id}.{form_id}.{generation}"
    count_key = f"{k}.count"
    existing = note.actions if note else []
    if count_key not in st.session_state:
        st.session_state[count_key] = len(existing) if note else 1
    count = st.session_state[count_key]
    info = coaching.seller_info(data.reads_of(coach), seller_id) or {}
    with st.form(key=f"{k}.form", clear_on_submit=False, enter_to_submit=False, border=note is None):
        st.markdown(
            t("coaching.form.edit_heading", date=format_date(note.held_on))
            if note
            else t("coaching.form.new_heading")
        )
        top = st.columns(2)
        held_on = top[0].date_input(
            t("coaching.form.date"),
            value=note.held_on if note else today,
            format="DD.MM.YYYY",
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date(2100, 12, 31),
            key=f"{k}.held_on",
        )
        fixed_author = note.author if note and viewer.author_name else viewer.author_name
        author = top[1].text_input(
            t("coaching.author"),
            value=fixed_author or (note.author if note else (info.get("manager") or "")),
            key=f"{k}.author",
            disabled=fixed_author is not None,  # logged in: the note is written by the viewer
        )
        if fixed_author is not None:
            author = fixed_author
        grow = {
            name: st.text_area(
                t(f"coaching.grow.{name}"),
                value=getattr(note, name) if note else "",
                help=t(f"coaching.grow_help.{name}"),
                key=f"{k}.{name}",
            )
            for name in GROW_FIELDS
        }
        private = st.checkbox(
            t("coaching.form.private"),
            value=note.private if note else True,
            key=f"{k}.private",
        )
        st.markdown(t("coaching.agreed_actions"))
        actions = []
        for i in range(count):
            old = existing[i] if i < len(existing) else None
            cols = st.columns([1, 4, 2])
            owner = cols[0].selectbox(
                t("coaching.form.owner", n=i + 1),
                ACTION_OWNERS,
                index=ACTION_OWNERS.index(old.owner) if old and old.owner in ACTION_OWNERS else 0,
                format_func=_owner,
                key=f"{k}.owner.{i}",
            )
            description = cols[1].text_input(
                t("coaching.form.action", n=i + 1),
                value=old.description if old else "",
                key=f"{k}.description.{i}",
            )
            due = cols[2].date_input(
                t("coaching.form.due", n=i + 1),
                value=(old.due_date if old else today + dt.timedelta(days=14)),
                format="DD.MM.YYYY",
                min_value=dt.date(2000, 1, 1),
                max_value=dt.date(2100, 12, 31),
                key=f"{k}.due.{i}",
            )
            if old is None and not description.strip():
                continue  # a new row left empty: no action (its default due date means nothing)
            actions.append(
                {
                    "action_id": old.action_id if old else None,
                    "owner": owner,
                    "description": description,
                    "due_date": due,
                }
            )
        with st.container(horizontal=True):
            add = st.form_submit_button(
                t("coaching.form.add_action"), icon=":material/add:", disabled=count >= MAX_ACTIONS
            )
            remove = st.form_submit_button(
                t("coaching.form.remove_action"), icon=":material/remove:", disabled=count == 0
            )
            saved = st.form_submit_button(t("coaching.form.save"), type="primary", icon=":material/save:")
            cancelled = st.form_submit_button(t("coaching.form.cancel"))
    if add or remove:
        st.session_state[count_key] = count + (1 if add else -1)
        st.rerun()
    if cancelled:
        st.session_state.pop(_state_key(seller_id, "form"), None)
        st.session_state[_state_key(seller_id, "gen")] = generation + 1
        st.rerun()
    if not saved:
        return
    try:
        coaching.save_note(
            coach,
            seller_id,
            held_on,
            author,
            private=private,
            actions=actions,
            note_id=note.note_id if note else None,
            **grow,
        )
    except CoachingInputError as error:
        _show_problems(t("coaching.form.not_saved"), error)
    except Exception as error:  # noqa: BLE001 the typed text stays on screen; tell the user
        _show_problems(t("coaching.form.not_saved_db"), error)
    else:
        st.session_state[_state_key(seller_id, "gen")] = generation + 1
        st.session_state.pop(_state_key(seller_id, "form"), None)
        st.session_state[_state_key(seller_id, "flash")] = (
            t("coaching.form.saved") if note is None else t("coaching.form.updated")
        )
        st.rerun()


# -- lost offers --------------------------------------------------------------------------


def lost_offers_section(coach, context: PageContext, seller_id: str) -> None:
    """The seller's lost offers in the page's period (or all), with a post-mortem form per offer."""
    page_filters = context.filters
    everything = st.toggle(t("coaching.lost.all_toggle"), key=f"coaching.lost_all.{seller_id}")
    if everything:
        frame = coaching.lost_offers_of_seller(data.reads_of(coach), seller_id)
        when = t("coaching.lost.since_start")
    else:
        frame = coaching.lost_offers_of_seller(
            data.reads_of(coach), seller_id, page_filters.date_from, page_filters.date_to
        )
        when = t("coaching.lost.in_period", period=page_filters.period_label, span=page_filters.span)
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
    labels = {
        r["offer_id"]: (
            f"{r['offer_id']} · {plain(r['customer']) or t('coaching.lost.no_customer')}"
            f" · {format_value('eur', r['value'])}"
            f" · {r['loss_reason']}{t('coaching.lost.reviewed_mark') if r['reviewed'] else ''}"
        )
        for r in frame.to_dict("records")
    }
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


def _review_form(coach, viewer: Viewer, seller_id: str, offer_id: str) -> None:
    old = coaching.offer_review_of(data.reads_of(coach), offer_id) or {}
    info = coaching.seller_info(data.reads_of(coach), seller_id) or {}
    generation = st.session_state.get(_state_key(seller_id, "review_gen"), 0)
    k = f"coaching.review.{offer_id}.{generation}"
    if old:
        reviewed_at = pd.Timestamp(old["reviewed_at"]).date() if plain(old.get("reviewed_at")) else None
        st.caption(
            t("coaching.review.reviewed_on", date=format_date(reviewed_at))
            if reviewed_at
            else t("coaching.review.reviewed")
        )
    with st.form(key=f"{k}.form", clear_on_submit=False, enter_to_submit=False):
        values = {
            name: (st.text_input if name == "customer_word" else st.text_area)(
                t(f"coaching.review_field.{name}"), value=plain(old.get(name)), key=f"{k}.{name}"
            )
            for name in REVIEW_FIELDS
        }
        fixed_author = viewer.author_name
        author = st.text_input(
            t("coaching.author"),
            value=fixed_author or plain(old.get("author")) or (info.get("manager") or ""),
            key=f"{k}.author",
            disabled=fixed_author is not None,  # logged in: the review is written by the viewer
        )
        if fixed_author is not None:
            author = fixed_author
        submitted = st.form_submit_button(t("coaching.review.save"), type="primary", icon=":material/save:")
    if not submitted:
        return
    try:
        coaching.save_offer_review(coach, offer_id, author=author, **values)
    except CoachingInputError as error:
        _show_problems(t("coaching.review.not_saved"), error)
    except Exception as error:  # noqa: BLE001 keep the typed text, tell the user
        _show_problems(t("coaching.review.not_saved_db"), error)
    else:
        st.session_state[_state_key(seller_id, "review_gen")] = generation + 1
        st.session_state[_state_key(seller_id, "flash")] = t("coaching.review.saved", offer=offer_id)
        st.rerun()


# -- the coaching page ------------------------------------------------------------------------


def note_authors(coach, context: PageContext) -> list[str]:
    """The Author picker's names: authors of the notes the viewer may read on sellers in the filters' teams."""
    rows = visible_notes(context.viewer, coaching.note_authors(coach, teams=context.filters.teams))
    return sorted({str(author) for author in rows["author"]})


def read_note_picker(coach, context: PageContext, found: pd.DataFrame, today: dt.date) -> None:
    """Pick one of the notes found to read it in full (read-only; edit it on the seller page)."""
    rows = {r["note_id"]: r for r in found.to_dict("records")}
    labels = {
        note_id: f"{format_date(pd.Timestamp(r['held_on']).date())} · {plain(r['seller'])} · "
        f"{plain(r['author'])}{t('coaching.private_mark') if r['private'] else ''}"
        for note_id, r in rows.items()
    }
    note_id = st.selectbox(
        t("coaching.read.pick"),
        list(labels),
        index=None,
        format_func=lambda n: labels.get(n, n),
        placeholder=t("coaching.read.pick_placeholder"),
        key="coaching_read_note",
    )
    note = coaching.get_note(data.reads_of(coach), note_id, as_of=today) if note_id else None
    if note is None:
        return
    with st.container(border=True, key=f"coaching-read-{note.note_id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(t("coaching.note_heading", date=format_date(note.held_on)))
            st.text(t("coaching.seller_by", seller=plain(rows[note.note_id]["seller"]), author=note.author))
            if note.private:
                st.badge(t("coaching.private"), icon=":material/lock:", color="gray")
            if st.button(
                t("coaching.read.open_seller"), key="coaching_open_seller", icon=":material/person:"
            ):
                open_seller(context, note.seller_id)
        _note_body(coach, note.seller_id, note, actions_editable=False)


def loss_reason_reviews(coach, context: PageContext) -> None:
    """Lost offers per loss reason in the period, and every post-mortem under its reason.

    In presentation mode only the counts per loss reason are shown: no post-mortem text.
    """
    page_filters = context.filters
    summary = coaching.lost_offers_by_loss_reason(
        data.reads_of(coach),
        teams=page_filters.teams,
        date_from=page_filters.date_from,
        date_to=page_filters.date_to,
    )
    where = t("coaching.in_team", team=page_filters.team) if page_filters.team else ""
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
    reviews = coaching.offer_reviews_by_loss_reason(
        data.reads_of(coach),
        teams=page_filters.teams,
        date_from=page_filters.date_from,
        date_to=page_filters.date_to,
    )
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
