"""Streamlit parts for coaching: the 1:1 notes timeline and form, lost-offer post-mortems.

User text (notes, actions, names, reviews) is always shown with `st.text` or inside a
dataframe, never as Markdown or HTML; Markdown is used only for fixed labels and numbers,
and messages that may echo user input go through `escape_markdown`.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from salescoach import coaching, ui
from salescoach.coaching import GROW_FIELDS, REVIEW_FIELDS, CoachingInputError, Note
from salescoach.contract import ACTION_OWNERS
from salescoach.metrics import format_value, label

GROW_HELP = {
    "goal": "What does the seller want to achieve, by when?",
    "reality": "Where are we now? Facts and numbers.",
    "options": "What could the seller do? List the alternatives.",
    "will": "What will the seller do, and how do we know it happened?",
}
MAX_ACTIONS = 20
SHOWN_NOTES = 12
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'^])")


def escape_markdown(text: object) -> str:
    """`text` with every Markdown (and Streamlit directive) character backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def _plain(value) -> str:
    """A stored text value as a string ('' for missing)."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _state_key(seller_id: str, what: str) -> str:
    return f"coaching.{what}.{seller_id}"


def _show_problems(title: str, error: Exception) -> None:
    problems = error.problems if isinstance(error, CoachingInputError) else [str(error)]
    st.error(f"{title}\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in problems))


# -- reads ------------------------------------------------------------------------------


def _reads(coach):
    """`coach` for the read functions of `salescoach.coaching`: cached on the data version
    (`ui.cached_reads`) when it is the app's database."""
    return ui.cached_reads() if ui.is_app_database(coach) else coach


def _metrics_at(seller_id: str, days) -> pd.DataFrame:
    """The seller's then-and-now metrics for the 90 days up to each day, one row per day, indexed
    by day: one cached query for every note on the page (`queries/seller_metrics_at_dates.sql`)."""
    frame = ui.cached_query(
        "seller_metrics_at_dates",
        seller_id=seller_id,
        days=tuple(sorted(set(days))),
        window_days=coaching.METRIC_WINDOW_DAYS,
    )
    return frame.set_index(pd.to_datetime(frame["day"]).dt.date)


def _metrics_table(metrics: pd.DataFrame, held_on: dt.date, today: dt.date) -> pd.DataFrame:
    """Metric | the 90 days up to the note date ("At the 1:1") | the 90 days up to `today` ("Now")."""

    def row_of(day: dt.date) -> dict:
        return metrics.loc[day].to_dict() if day in metrics.index else {}

    then, now = row_of(held_on), row_of(today)
    names = coaching.THEN_AND_NOW_METRICS
    return pd.DataFrame(
        {
            "Metric": [label(m) for m in names],
            "At the 1:1": [format_value(m, then.get(m)) for m in names],
            "Now": [format_value(m, now.get(m)) for m in names],
        }
    )


# -- the seller page section ------------------------------------------------------------


def seller_coaching_section(coach, seller_id: str, presentation: bool) -> None:
    """1:1 notes, agreed actions and lost-offer post-mortems of one seller.

    In presentation mode only counts are shown: no note text and no private notes.
    """
    today = dt.date.today()
    if presentation:
        _presentation_summary(coach, seller_id, today)
        return
    st.subheader("1:1 coaching")
    flash = st.session_state.pop(_state_key(seller_id, "flash"), None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    notes_tab, lost_tab = st.tabs(["1:1 notes", "Lost offers: post-mortems"])
    with notes_tab:
        notes = coaching.seller_notes(_reads(coach), seller_id, as_of=today)
        form = st.session_state.get(_state_key(seller_id, "form"))
        if form == "new":
            _note_form(coach, seller_id, None, today)
        elif st.button("New 1:1 note", key=f"coaching.new.{seller_id}", icon=":material/edit_note:"):
            st.session_state[_state_key(seller_id, "form")] = "new"
            st.rerun()
        _notes_timeline(coach, seller_id, notes, today, editing=form)
    with lost_tab:
        lost_offers_section(coach, seller_id)


def _presentation_summary(coach, seller_id: str, today: dt.date) -> None:
    counts = coaching.coaching_counts(_reads(coach), seller_id, as_of=today)
    n, o, d = counts["notes"], counts["open_actions"], counts["overdue_actions"]
    st.subheader("1:1 coaching")
    st.markdown(f"{n} note{'s' if n != 1 else ''}, {o} open action{'s' if o != 1 else ''}, {d} overdue")


def _notes_timeline(coach, seller_id: str, notes: list[Note], today: dt.date, editing: str | None) -> None:
    if not notes:
        ui.empty_state("No 1:1 notes for this seller yet. Write the first one after your next 1:1.")
        return
    open_actions = sum(n.open_actions for n in notes)
    overdue = sum(n.overdue_actions for n in notes)
    latest = ui.latest_data_date() or today
    days = coaching.METRIC_WINDOW_DAYS
    st.caption(
        f"{len(notes)} notes, {open_actions} open actions, {overdue} overdue. Beside each note: the "
        f"seller's numbers for the {days} days up to the 1:1 and for the {days} days up to the "
        f"latest data ({ui.format_date(latest)}), so the next 1:1 starts from facts."
    )
    shown = notes if st.session_state.get(_state_key(seller_id, "all")) else notes[:SHOWN_NOTES]
    metrics = _metrics_at(seller_id, [note.held_on for note in shown] + [latest])
    for note in shown:
        if note.note_id == editing:
            with st.container(border=True):
                _note_form(coach, seller_id, note, today)
        else:
            _note_card(coach, seller_id, note, latest, metrics)
    if len(notes) > len(shown) and st.button(f"Show all {len(notes)} notes", key=f"coaching.all.{seller_id}"):
        st.session_state[_state_key(seller_id, "all")] = True
        st.rerun()


def _note_card(coach, seller_id: str, note: Note, latest: dt.date, metrics: pd.DataFrame) -> None:
    with st.container(border=True, key=f"coaching-note-{note.note_id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**1:1 on {ui.format_date(note.held_on)}**")
            st.text(f"by {note.author}")
            if note.private:
                st.badge("Private", icon=":material/lock:", color="gray")
            if note.overdue_actions:
                st.badge(f"{note.overdue_actions} overdue", icon=":material/alarm:", color="red")
            if st.button("Edit", key=f"coaching.edit.{note.note_id}", icon=":material/edit:"):
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
    for name, title in GROW_FIELDS.items():
        text = getattr(note, name)
        if text:
            st.markdown(f"**{title}**")
            st.text(text)
    if note.actions:
        st.markdown("**Agreed actions**")
        for action in note.actions:
            _action_row(coach, seller_id, action, editable=actions_editable)


def _action_row(coach, seller_id: str, action: coaching.Action, editable: bool = True) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        if action.done:
            st.badge("Done", icon=":material/check:", color="green")
        elif action.overdue:
            st.badge("Overdue", icon=":material/alarm:", color="red")
        else:
            st.badge("Open", color="blue")
        due = f"due {ui.format_date(action.due_date)}" if action.due_date else "no due date"
        done = f", done {ui.format_date(action.done_on)}" if action.done else ""
        st.text(f"{action.owner.capitalize()}: {action.description} ({due}{done})")
        if (
            editable
            and not action.done
            and st.button("Mark done", key=f"coaching.done.{action.action_id}", icon=":material/task_alt:")
        ):
            try:
                coaching.set_action_done(coach, action.action_id, dt.date.today())
            except Exception as error:  # noqa: BLE001 shown to the user
                _show_problems("The action was not marked done:", error)
            else:
                st.session_state[_state_key(seller_id, "flash")] = "Action marked done."
                st.rerun()


# -- the note form ----------------------------------------------------------------------


def _note_form(coach, seller_id: str, note: Note | None, today: dt.date) -> None:
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
    info = coaching.seller_info(_reads(coach), seller_id) or {}
    with st.form(key=f"{k}.form", clear_on_submit=False, enter_to_submit=False, border=note is None):
        st.markdown(
            f"**Edit the 1:1 note of {ui.format_date(note.held_on)}**" if note else "**New 1:1 note**"
        )
        top = st.columns(2)
        held_on = top[0].date_input(
            "Date of the 1:1",
            value=note.held_on if note else today,
            format="DD.MM.YYYY",
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date(2100, 12, 31),
            key=f"{k}.held_on",
        )
        author = top[1].text_input(
            "Author", value=note.author if note else (info.get("manager") or ""), key=f"{k}.author"
        )
        grow = {
            name: st.text_area(
                title, value=getattr(note, name) if note else "", help=GROW_HELP[name], key=f"{k}.{name}"
            )
            for name, title in GROW_FIELDS.items()
        }
        private = st.checkbox(
            "Private (never shown in presentation mode)",
            value=note.private if note else True,
            key=f"{k}.private",
        )
        st.markdown("**Agreed actions**")
        actions = []
        for i in range(count):
            old = existing[i] if i < len(existing) else None
            cols = st.columns([1, 4, 2])
            owner = cols[0].selectbox(
                f"Owner {i + 1}",
                ACTION_OWNERS,
                index=ACTION_OWNERS.index(old.owner) if old and old.owner in ACTION_OWNERS else 0,
                format_func=str.capitalize,
                key=f"{k}.owner.{i}",
            )
            description = cols[1].text_input(
                f"Action {i + 1}", value=old.description if old else "", key=f"{k}.description.{i}"
            )
            due = cols[2].date_input(
                f"Due {i + 1}",
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
            add = st.form_submit_button("Add action", icon=":material/add:", disabled=count >= MAX_ACTIONS)
            remove = st.form_submit_button(
                "Remove last action", icon=":material/remove:", disabled=count == 0
            )
            saved = st.form_submit_button("Save note", type="primary", icon=":material/save:")
            cancelled = st.form_submit_button("Cancel")
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
        _show_problems("The note was not saved. Please fix:", error)
    except Exception as error:  # noqa: BLE001 the typed text stays on screen; tell the user
        _show_problems("The note was not saved (database error); your text is still here, try again.", error)
    else:
        st.session_state[_state_key(seller_id, "gen")] = generation + 1
        st.session_state.pop(_state_key(seller_id, "form"), None)
        st.session_state[_state_key(seller_id, "flash")] = "Note saved." if note is None else "Note updated."
        st.rerun()


# -- lost offers --------------------------------------------------------------------------


def lost_offers_section(coach, seller_id: str) -> None:
    """The seller's lost offers in the page's period (or all), with a post-mortem form per offer."""
    page_filters = ui.filters()
    everything = st.toggle("All lost offers, not only this period", key=f"coaching.lost_all.{seller_id}")
    if everything:
        frame = coaching.lost_offers_of_seller(_reads(coach), seller_id)
        when = "since the data begins"
    else:
        frame = coaching.lost_offers_of_seller(
            _reads(coach), seller_id, page_filters.date_from, page_filters.date_to
        )
        when = f"in {page_filters.period_label} ({page_filters.span})"
    if frame.empty:
        ui.empty_state(f"No offers lost {when}.")
        return
    reviewed = int(frame["reviewed"].sum())
    st.caption(
        f"{len(frame)} offers lost {when}, {reviewed} reviewed. Pick one to "
        "write its post-mortem: what happened, why, what we do differently, and the customer's one word."
    )
    ui.show_table(
        frame,
        {
            "offer_id": "Offer",
            "customer": "Customer",
            "closed_date": "Lost on",
            "value": "Value",
            "loss_reason": "Loss reason",
            "reviewed": "Reviewed",
            "customer_word": "Customer's word",
            "why": "Why",
        },
        key=f"coaching_lost_{seller_id}",
        formats={"value": "eur"},
        download=False,
        height=min(400, 38 + 35 * len(frame)),
    )
    labels = {
        r["offer_id"]: (
            f"{r['offer_id']} · {_plain(r['customer']) or 'no customer'} · {format_value('eur', r['value'])}"
            f" · {r['loss_reason']}{' · reviewed' if r['reviewed'] else ''}"
        )
        for r in frame.to_dict("records")
    }
    offer_id = st.selectbox(
        "Review a lost offer",
        list(labels),
        index=None,
        format_func=lambda o: labels.get(o, o),
        placeholder="Choose an offer",
        key=f"coaching.review_offer.{seller_id}",
    )
    if offer_id is not None:
        _review_form(coach, seller_id, offer_id)


def _review_form(coach, seller_id: str, offer_id: str) -> None:
    old = coaching.offer_review_of(_reads(coach), offer_id) or {}
    info = coaching.seller_info(_reads(coach), seller_id) or {}
    generation = st.session_state.get(_state_key(seller_id, "review_gen"), 0)
    k = f"coaching.review.{offer_id}.{generation}"
    if old:
        reviewed_at = pd.Timestamp(old["reviewed_at"]).date() if _plain(old.get("reviewed_at")) else None
        st.caption(
            f"Reviewed{' on ' + ui.format_date(reviewed_at) if reviewed_at else ''}; edit and save to change it."
        )
    with st.form(key=f"{k}.form", clear_on_submit=False, enter_to_submit=False):
        values = {
            name: (st.text_input if name == "customer_word" else st.text_area)(
                title, value=_plain(old.get(name)), key=f"{k}.{name}"
            )
            for name, title in REVIEW_FIELDS.items()
        }
        author = st.text_input(
            "Author", value=_plain(old.get("author")) or (info.get("manager") or ""), key=f"{k}.author"
        )
        submitted = st.form_submit_button("Save review", type="primary", icon=":material/save:")
    if not submitted:
        return
    try:
        coaching.save_offer_review(coach, offer_id, author=author, **values)
    except CoachingInputError as error:
        _show_problems("The review was not saved. Please fix:", error)
    except Exception as error:  # noqa: BLE001 keep the typed text, tell the user
        _show_problems(
            "The review was not saved (database error); your text is still here, try again.", error
        )
    else:
        st.session_state[_state_key(seller_id, "review_gen")] = generation + 1
        st.session_state[_state_key(seller_id, "flash")] = f"Review of {offer_id} saved."
        st.rerun()


# -- the coaching page ------------------------------------------------------------------------


def read_note_picker(coach, found: pd.DataFrame, today: dt.date) -> None:
    """Pick one of the notes found to read it in full (read-only; edit it on the seller page)."""
    rows = {r["note_id"]: r for r in found.to_dict("records")}
    labels = {
        note_id: f"{ui.format_date(pd.Timestamp(r['held_on']).date())} · {_plain(r['seller'])} · "
        f"{_plain(r['author'])}{' · private' if r['private'] else ''}"
        for note_id, r in rows.items()
    }
    note_id = st.selectbox(
        "Read a note",
        list(labels),
        index=None,
        format_func=lambda n: labels.get(n, n),
        placeholder="Choose a note",
        key="coaching_read_note",
    )
    note = coaching.get_note(_reads(coach), note_id, as_of=today) if note_id else None
    if note is None:
        return
    with st.container(border=True, key=f"coaching-read-{note.note_id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**1:1 on {ui.format_date(note.held_on)}**")
            st.text(f"{_plain(rows[note.note_id]['seller'])}, by {note.author}")
            if note.private:
                st.badge("Private", icon=":material/lock:", color="gray")
            if st.button("Open the seller page", key="coaching_open_seller", icon=":material/person:"):
                ui.open_seller(note.seller_id)
        _note_body(coach, note.seller_id, note, actions_editable=False)


def loss_reason_reviews(coach, page_filters, presentation: bool = False) -> None:
    """Lost offers per loss reason in the period, and every post-mortem under its reason.

    In presentation mode only the counts per loss reason are shown: no post-mortem text.
    """
    summary = coaching.lost_offers_by_loss_reason(
        _reads(coach), team=page_filters.team, date_from=page_filters.date_from, date_to=page_filters.date_to
    )
    where = f" in team {page_filters.team}" if page_filters.team else ""
    if summary.empty:
        ui.empty_state(f"No offers lost in {page_filters.period_label}{where}.")
        return
    st.caption(
        f"Offers lost in {page_filters.period_label} ({page_filters.span}){where}, by loss reason, and "
        "how many have a post-mortem. Write post-mortems on the seller page."
    )
    ui.show_table(
        summary,
        {
            "loss_reason": "Loss reason",
            "offers_lost": "Offers lost",
            "lost_value": "Lost value",
            "reviewed_offers": "Reviewed",
        },
        key="coaching_loss_reasons",
        formats={"offers_lost": "count", "lost_value": "eur", "reviewed_offers": "count"},
        file_name="lost-offers-by-loss-reason",
    )
    if presentation:
        st.caption("Presentation mode: post-mortem text is hidden; the counts per loss reason are shown.")
        return
    reviews = coaching.offer_reviews_by_loss_reason(
        _reads(coach), team=page_filters.team, date_from=page_filters.date_from, date_to=page_filters.date_to
    )
    if reviews.empty:
        ui.empty_state("No post-mortems yet for these lost offers.")
        return
    st.markdown("**Post-mortems by loss reason**")
    ui.show_table(
        reviews,
        {
            "loss_reason": "Loss reason",
            "seller": "Seller",
            "customer": "Customer",
            "closed_date": "Lost on",
            "value": "Value",
            "what_happened": "What happened",
            "why": "Why",
            "do_differently": "What we do differently",
            "customer_word": "Customer's word",
            "author": "Author",
        },
        key="coaching_reviews",
        formats={"value": "eur"},
        file_name="lost-offer-post-mortems",
        height=min(420, 38 + 35 * len(reviews)),
    )
