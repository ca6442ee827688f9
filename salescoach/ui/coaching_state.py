"""What the coaching section remembers between runs, per seller: one `CoachingState` each,
all under one session key.

A form's widgets are keyed by a generation number; saving or cancelling bumps it, so the next
form starts empty instead of showing what was typed before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from salescoach.ui.text import Markdown

_SESSION_KEY = "_salescoach_coaching"
NEW_NOTE = "new"  # the form id of the new-note form (an edit form's id is its note's)


@dataclass
class CoachingState:
    """One seller's coaching section: the open note form, the message to show once, the forms'
    generations, whether every note is shown, and how many action rows each open form has."""

    open_form: str | None = None  # NEW_NOTE, the id of the note being edited, or None
    flash_message: Markdown | None = None  # shown with st.success
    note_generation: int = 0
    review_generation: int = 0
    all_notes_shown: bool = False
    action_rows: dict[str, int] = field(default_factory=dict)  # form key → rows

    @classmethod
    def of(cls, seller_id: str) -> CoachingState:
        """The seller's state in this session (a fresh one the first time)."""
        states = st.session_state.setdefault(_SESSION_KEY, {})
        return states.setdefault(seller_id, cls())

    def open_new_note(self) -> None:
        self.open_form = NEW_NOTE

    def edit_note(self, note_id: str) -> None:
        self.open_form = note_id

    def close_form(self) -> None:
        """Cancel the open note form: the next one starts from the stored note (or empty)."""
        self.open_form = None
        self.note_generation += 1

    def note_saved(self, message: Markdown) -> None:
        """The open note form was saved: close it and say so once."""
        self.close_form()
        self.flash(message)

    def review_saved(self, message: Markdown) -> None:
        """A post-mortem was saved: its form starts afresh, and the section says so once."""
        self.review_generation += 1
        self.flash(message)

    def flash(self, message: Markdown) -> None:
        """A message for the next run (after `st.rerun`)."""
        self.flash_message = message

    def take_flash(self) -> Markdown | None:
        """The message to show now, once."""
        message, self.flash_message = self.flash_message, None
        return message  # markdown-safe: set only through flash(message: Markdown)

    def show_all_notes(self) -> None:
        self.all_notes_shown = True

    def rows_of(self, form_key: str, default: int) -> int:
        """How many action rows the form `form_key` shows (`default` the first time)."""
        return self.action_rows.setdefault(form_key, default)

    def add_row(self, form_key: str, step: int) -> None:
        """One action row more (`step` 1) or fewer (-1) in the form `form_key`."""
        self.action_rows[form_key] += step
