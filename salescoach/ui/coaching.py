"""Streamlit parts for coaching: the seller page's 1:1 notes section (timeline, note cards,
agreed actions, then-and-now numbers) and the coaching page's note reader.

User text (notes, actions, names, reviews) is always shown with `st.text` or inside a
dataframe, never as Markdown or HTML; Markdown is used only for fixed labels and numbers,
messages that may echo user input go through `escape_markdown`, picker options through
`option_label`. The note form is in
`salescoach.ui.note_form`, the post-mortems of lost offers in `salescoach.ui.post_mortems`,
what the section remembers between runs in `salescoach.ui.coaching_state`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from salescoach import coaching
from salescoach.access import Viewer, visible_notes
from salescoach.coaching import GROW_FIELDS, Note
from salescoach.i18n import t
from salescoach.metrics import format_value, label
from salescoach.ui import data
from salescoach.ui.coaching_loop import seller_panel, target_text
from salescoach.ui.coaching_state import NEW_NOTE, CoachingState
from salescoach.ui.context import PageContext
from salescoach.ui.drill import open_seller
from salescoach.ui.layout import empty_state, show_problems
from salescoach.ui.note_form import note_form
from salescoach.ui.post_mortems import lost_offers_section
from salescoach.ui.text import format_date, option_label, owner_label, plain

SHOWN_NOTES = 12


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


def _shown_notes(state: CoachingState, notes: list[Note]) -> list[Note]:
    """The notes drawn as cards: the newest SHOWN_NOTES, or all after "show all"."""
    return notes if state.all_notes_shown else notes[:SHOWN_NOTES]


def _now_day(today: dt.date) -> dt.date:
    """The "now" of the then-and-now columns: the latest day with data (today on an empty database)."""
    return data.latest_data_date() or today


def then_and_now_days(coach, viewer: Viewer, seller_id: str) -> list[dt.date]:
    """The days the notes section compares: the date of each note it draws ("at the 1:1") and
    the latest data ("now"). The seller page asks for the 90 days up to each in its one scorecard
    call (`ui.seller_numbers`) and gives them back to `seller_coaching_section`."""
    today = dt.date.today()
    shown = _shown_notes(CoachingState.of(seller_id), _seller_notes(coach, viewer, seller_id, today))
    return [note.held_on for note in shown] + [_now_day(today)]


def seller_coaching_section(coach, context: PageContext, seller_id: str, then_and_now: pd.DataFrame) -> None:
    """1:1 notes, agreed actions and lost-offer post-mortems of one seller.

    `then_and_now` holds the seller's numbers for the 90 days up to each day of
    `then_and_now_days`, indexed by day (`ui.seller_numbers(...).at_days`).
    In presentation mode only counts are shown: no note text and no private notes.
    """
    today = dt.date.today()
    team = (coaching.seller_info(data.reads_of(coach), seller_id) or {}).get("team")
    if context.presentation:
        _presentation_summary(coach, seller_id, today)
        seller_panel(coach, context, seller_id, team)
        return
    state = CoachingState.of(seller_id)
    st.subheader(t("coaching.section"))
    seller_panel(coach, context, seller_id, team)
    flash = state.take_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")
    notes_tab, lost_tab = st.tabs([t("coaching.tab.notes"), t("coaching.tab.post_mortems")])
    with notes_tab:
        notes = _seller_notes(coach, context.viewer, seller_id, today)
        if state.open_form == NEW_NOTE:
            note_form(coach, context.viewer, seller_id, None, today)
        elif st.button(t("coaching.new_note"), key=f"coaching.new.{seller_id}", icon=":material/edit_note:"):
            state.open_new_note()
            st.rerun()
        _notes_timeline(coach, context.viewer, state, seller_id, notes, today, metrics=then_and_now)
    with lost_tab:
        lost_offers_section(coach, context, seller_id)


def _presentation_summary(coach, seller_id: str, today: dt.date) -> None:
    counts = coaching.coaching_counts(data.reads_of(coach), seller_id, as_of=today)
    n = int(counts["notes"])
    o = int(counts["open_actions"])
    st.subheader(t("coaching.section"))
    notes = t("coaching.notes_one" if n == 1 else "coaching.notes_many", count=n)
    actions = t("coaching.open_actions_one" if o == 1 else "coaching.open_actions_many", count=o)
    st.markdown(
        t(
            "coaching.presentation_counts",
            notes=notes,
            actions=actions,
            overdue=int(counts["overdue_actions"]),
        )
    )


def _notes_timeline(
    coach,
    viewer: Viewer,
    state: CoachingState,
    seller_id: str,
    notes: list[Note],
    today: dt.date,
    metrics: pd.DataFrame,
) -> None:
    """The note cards, newest first (the one being edited as its form), and "show all"."""
    if not notes:
        empty_state(t("coaching.no_notes"))
        return
    latest = _now_day(today)
    st.caption(
        t(
            "coaching.timeline_caption",
            notes=len(notes),
            open=sum(n.open_actions for n in notes),
            overdue=sum(n.overdue_actions for n in notes),
            days=coaching.METRIC_WINDOW_DAYS,
            latest=format_date(latest),
        )
    )
    shown = _shown_notes(state, notes)
    for note in shown:
        if note.note_id == state.open_form:
            with st.container(border=True):
                note_form(coach, viewer, seller_id, note, today)
        else:
            _note_card(coach, viewer, state, note, latest, metrics)
    if len(notes) > len(shown) and st.button(
        t("coaching.show_all", count=len(notes)), key=f"coaching.all.{seller_id}"
    ):
        state.show_all_notes()
        st.rerun()


def _note_card(
    coach, viewer: Viewer, state: CoachingState, note: Note, latest: dt.date, metrics: pd.DataFrame
) -> None:
    """One note: who wrote (and last edited) it, its GROW text and actions, its numbers then and
    now; Edit only for its author or an admin."""
    with st.container(border=True, key=f"coaching-note-{note.note_id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(t("coaching.note_heading", date=format_date(note.held_on)))
            _written_by(note)
            if note.private:
                st.badge(t("coaching.private"), icon=":material/lock:", color="gray")
            if note.overdue_actions:
                st.badge(
                    t("coaching.n_overdue", count=int(note.overdue_actions)),
                    icon=":material/alarm:",
                    color="red",
                )
            if viewer.may_edit(note.author, note.author_id) and st.button(
                t("coaching.edit"), key=f"coaching.edit.{note.note_id}", icon=":material/edit:"
            ):
                state.edit_note(note.note_id)
                st.rerun()
        left, right = st.columns([3, 2])
        with left:
            _note_body(coach, state, note)
        with right:
            st.dataframe(
                _metrics_table(metrics, note.held_on, latest),
                hide_index=True,
                key=f"coaching.metrics.{note.note_id}",
            )


def _written_by(note: Note, seller: str | None = None) -> None:
    """'by Maija Manager' (or 'Seller, by Maija Manager'), and who edited it last, as plain text."""
    if seller is None:
        st.text(t("coaching.by", author=note.author))
    else:
        st.text(t("coaching.seller_by", seller=seller, author=note.author))
    if note.edited and note.editor:
        st.text(t("coaching.edited_by", editor=note.editor, date=format_date(note.updated_at.date())))


def _note_body(coach, state: CoachingState | None, note: Note) -> None:
    """The GROW fields and agreed actions of a note, as plain text; with `state`, an open action
    can be marked done (the message then shows in that seller's section)."""
    for name in GROW_FIELDS:
        text = getattr(note, name)
        if text:
            st.markdown(f"**{t(f'coaching.grow.{name}')}**")
            st.text(text)
    if note.actions:
        st.markdown(t("coaching.agreed_actions"))
        for action in note.actions:
            _action_row(coach, state, action)


def _action_row(coach, state: CoachingState | None, action: coaching.Action) -> None:
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
        aim = (
            f" · {label(action.metric)} {target_text(action.metric, action.target)}" if action.metric else ""
        )
        st.text(f"{owner_label(action.owner)}: {action.description} ({due}{done}){aim}")
        if (
            state is not None
            and not action.done
            and st.button(
                t("coaching.mark_done"), key=f"coaching.done.{action.action_id}", icon=":material/task_alt:"
            )
        ):
            try:
                coaching.set_action_done(coach, action.action_id, dt.date.today())
            except Exception as error:  # noqa: BLE001 shown to the user
                show_problems(t("coaching.mark_done_failed"), error)
            else:
                state.flash(t("coaching.marked_done"))
                st.rerun()


# -- the coaching page ------------------------------------------------------------------------


def note_authors(coach, context: PageContext) -> list[str]:
    """The Author picker's names: authors of the notes the viewer may read on sellers in the filters' teams."""
    mine = own_notes_of(context.viewer) if context.filters.team is None else None
    rows = visible_notes(
        context.viewer, coaching.note_authors(coach, teams=context.filters.teams, written_by=mine)
    )
    return sorted({str(author) for author in rows["author"]})


def own_notes_of(viewer: Viewer) -> Viewer | None:
    """A director, whose own notes on sellers who moved to a team they do not manage stay theirs
    (None for whom sees every team)."""
    return None if viewer.sees_every_team else viewer


def read_note_picker(coach, context: PageContext, found: pd.DataFrame, today: dt.date) -> None:
    """Pick one of the notes found to read it in full (read-only; edit it on the seller page)."""
    rows = {r["note_id"]: r for r in found.to_dict("records")}
    labels = {
        note_id: f"{format_date(pd.Timestamp(r['held_on']).date())} · {option_label(r['seller'])} · "
        f"{option_label(r['author'])}{t('coaching.private_mark') if r['private'] else ''}"
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
            _written_by(note, seller=plain(rows[note.note_id]["seller"]))
            if note.private:
                st.badge(t("coaching.private"), icon=":material/lock:", color="gray")
            if st.button(
                t("coaching.read.open_seller"), key="coaching_open_seller", icon=":material/person:"
            ):
                open_seller(context, note.seller_id)
        _note_body(coach, None, note)  # read only: actions are marked done on the seller page
