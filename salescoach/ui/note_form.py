"""The 1:1 note form: a new note, or the edit form of a stored one, with its agreed actions.

Adding or removing an action row is a submit button of the form, so the text typed so far is
kept; a failed save shows why (a store fault in its plain words: a full disk, a read-only
folder, a server down) and leaves every field as typed. The note is saved as written by the
viewer (`by`): logged in, a new note is theirs and an edit keeps its author. Widgets are keyed
`coaching.<seller>.<form id>.<generation>.<field>` (the generation: `CoachingState`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import streamlit as st

from salescoach import coaching, coaching_loop
from salescoach.access import Viewer, visible_notes
from salescoach.coaching import GROW_FIELDS, TARGET_METRICS, CoachingInputError, Note
from salescoach.contract import ACTION_OWNERS
from salescoach.i18n import t
from salescoach.metrics import METRICS, label
from salescoach.ui import data
from salescoach.ui.coaching_loop import agenda_panel
from salescoach.ui.coaching_state import NEW_NOTE, CoachingState
from salescoach.ui.layout import show_problems
from salescoach.ui.text import format_date, format_span, owner_label
from salescoach.ui.url import DATE_RANGE, clamp_date, date_limits

MAX_ACTIONS = 20
_DEFAULT_DUE_DAYS = 14  # a new action is due two weeks after the 1:1


@dataclass(frozen=True)
class _TypedNote:
    """What the form holds when submitted, in `coaching.save_note`'s terms."""

    held_on: dt.date
    author: str
    grow: dict[str, str]
    private: bool
    actions: list[dict]


def note_form(coach, viewer: Viewer, seller_id: str, note: Note | None, today: dt.date) -> None:
    """The new-note form (`note` None), or the edit form of `note`; saved with `coach`."""
    state = CoachingState.of(seller_id)
    form_key = f"coaching.{seller_id}.{note.note_id if note else NEW_NOTE}.{state.note_generation}"
    rows = state.rows_of(form_key, len(note.actions) if note else 1)
    info = coaching.seller_info(data.reads_of(coach), seller_id) or {}
    reality = None
    if note is None:  # a new 1:1 starts from what changed since the last one
        facts = coaching_loop.agenda(
            data.reads_of(coach),
            seller_id,
            data.latest_data_date() or today,
            readable=partial(visible_notes, viewer),
            held_on=today,
        )
        agenda_panel(facts)
        reality = coaching_loop.reality_text(facts)
    with st.form(key=f"{form_key}.form", clear_on_submit=False, enter_to_submit=False, border=note is None):
        st.markdown(
            t("coaching.form.edit_heading", date=format_date(note.held_on))
            if note
            else t("coaching.form.new_heading")
        )
        _note_dates_outside(note)
        held_on, author = _date_and_author(form_key, note, today, viewer, info.get("manager"))
        grow, private = _grow_fields(form_key, note, reality)
        st.markdown(t("coaching.agreed_actions"))
        actions = _action_fields(form_key, rows, note.actions if note else [], today)
        add, remove, saved, cancelled = _form_buttons(rows)
    if add or remove:
        state.add_row(form_key, 1 if add else -1)
        st.rerun()
    if cancelled:
        state.close_form()
        st.rerun()
    if saved:
        _save(coach, viewer, state, seller_id, note, _TypedNote(held_on, author, grow, private, actions))


def _note_dates_outside(note: Note | None) -> None:
    """A note on a stored date the date pickers cannot hold (written into the database outside
    the import): the form shows the nearest day it can, and saving keeps that."""
    days = [note.held_on, *(a.due_date for a in note.actions if a.due_date)] if note else []
    outside = [day for day in days if clamp_date(day) != day]
    if outside:
        st.caption(
            t(
                "coaching.form.date_outside",
                date=format_date(outside[0]),
                span=format_span(*DATE_RANGE),
                shown=format_date(clamp_date(outside[0])),
            )
        )


def _date_and_author(
    form_key: str, note: Note | None, today: dt.date, viewer: Viewer, manager: str | None
) -> tuple[dt.date, str]:
    """The 1:1's date and its author: the logged-in viewer (fixed), else typed (the seller's manager
    by default)."""
    top = st.columns(2)
    held_on = top[0].date_input(
        t("coaching.form.date"),
        value=clamp_date(note.held_on if note else today),
        key=f"{form_key}.held_on",
        **date_limits(),
    )
    fixed_author = note.author if note and viewer.author_name else viewer.author_name
    author = top[1].text_input(
        t("coaching.author"),
        value=fixed_author or (note.author if note else (manager or "")),
        key=f"{form_key}.author",
        disabled=fixed_author is not None,  # logged in: the note is written by the viewer
    )
    return held_on, fixed_author if fixed_author is not None else author


def _grow_fields(form_key: str, note: Note | None, reality: str | None) -> tuple[dict[str, str], bool]:
    """The GROW texts (Goal, Reality, Options, Will; a new note's Reality starts as the agenda's
    facts) and whether the note is private."""
    grow = {
        name: st.text_area(
            t(f"coaching.grow.{name}"),
            value=getattr(note, name) if note else (reality or "" if name == "reality" else ""),
            help=t(f"coaching.grow_help.{name}"),
            key=f"{form_key}.{name}",
        )
        for name in GROW_FIELDS
    }
    private = st.checkbox(
        t("coaching.form.private"),
        value=note.private if note else True,
        key=f"{form_key}.private",
    )
    return grow, private


def _action_fields(form_key: str, rows: int, existing: list[coaching.Action], today: dt.date) -> list[dict]:
    """`rows` action rows (owner, what, due date); a new row left empty is no action."""
    actions = []
    for i in range(rows):
        old = existing[i] if i < len(existing) else None
        cols = st.columns([1, 3, 2, 2, 1.5])
        owner = cols[0].selectbox(
            t("coaching.form.owner", n=i + 1),
            ACTION_OWNERS,
            index=ACTION_OWNERS.index(old.owner) if old and old.owner in ACTION_OWNERS else 0,
            format_func=owner_label,
            key=f"{form_key}.owner.{i}",
        )
        description = cols[1].text_input(
            t("coaching.form.action", n=i + 1),
            value=old.description if old else "",
            key=f"{form_key}.description.{i}",
        )
        due = old.due_date if old else today + dt.timedelta(days=_DEFAULT_DUE_DAYS)
        due = cols[2].date_input(
            t("coaching.form.due", n=i + 1),
            value=None if due is None else clamp_date(due),
            key=f"{form_key}.due.{i}",
            **date_limits(),
        )
        metric, target = _metric_fields(cols[3], cols[4], form_key, i, old)
        if old is None and not description.strip():
            continue  # a new row left empty: no action (its default due date means nothing)
        actions.append(
            {
                "action_id": old.action_id if old else None,
                "owner": owner,
                "description": description,
                "due_date": due,
                "metric": metric,
                "target": target,
            }
        )
    return actions


def _metric_fields(
    metric_column, target_column, form_key: str, i: int, old
) -> tuple[str | None, float | None]:
    """The scorecard metric an action aims at (none by default) and its target, a share typed in
    percent (50 for needs_share ≥ 0.5)."""
    options = [None, *TARGET_METRICS]
    metric = metric_column.selectbox(
        t("coaching.form.metric", n=i + 1),
        options,
        index=options.index(old.metric) if old and old.metric in options else 0,
        format_func=lambda m: t("coaching.form.no_metric") if m is None else label(m),
        key=f"{form_key}.metric.{i}",
        help=t("coaching.form.metric_help"),
    )
    percent = metric is not None and METRICS[metric].fmt == "pct"
    stored = old.target if old and old.target is not None else None
    target = target_column.number_input(
        t("coaching.form.target_percent" if percent else "coaching.form.target", n=i + 1),
        min_value=0.0,
        value=None if stored is None else (stored * 100 if percent else stored),
        key=f"{form_key}.target.{i}",
        help=t("coaching.form.target_help"),
    )
    if target is not None and percent:
        target = target / 100
    return metric, target


def _form_buttons(rows: int) -> tuple[bool, bool, bool, bool]:
    """Add a row, remove a row, save, cancel: which was pressed."""
    with st.container(horizontal=True):
        add = st.form_submit_button(
            t("coaching.form.add_action"), icon=":material/add:", disabled=rows >= MAX_ACTIONS
        )
        remove = st.form_submit_button(
            t("coaching.form.remove_action"), icon=":material/remove:", disabled=rows == 0
        )
        saved = st.form_submit_button(t("coaching.form.save"), type="primary", icon=":material/save:")
        cancelled = st.form_submit_button(t("coaching.form.cancel"))
    return add, remove, saved, cancelled


def _save(
    coach, viewer: Viewer, state: CoachingState, seller_id: str, note: Note | None, typed: _TypedNote
) -> None:
    """Save the typed note (a new one, or `note` changed) as written by `viewer`; on a problem, say
    why (a store fault in its plain words) and keep the text."""
    try:
        coaching.save_note(
            coach,
            seller_id,
            typed.held_on,
            typed.author,
            private=typed.private,
            actions=typed.actions,
            note_id=note.note_id if note else None,
            by=viewer,
            **typed.grow,
        )
    except CoachingInputError as error:
        show_problems(t("coaching.form.not_saved"), error)
    except Exception as error:  # noqa: BLE001 the typed text stays on screen; tell the user why
        show_problems(t("coaching.form.not_saved_db"), error)
    else:
        state.note_saved(t("coaching.form.saved") if note is None else t("coaching.form.updated"))
        st.rerun()
