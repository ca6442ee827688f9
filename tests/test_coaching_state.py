"""What the coaching section remembers between runs (`CoachingState`), without a browser."""

from streamlit.testing.v1 import AppTest

from salescoach.ui.coaching_state import NEW_NOTE, CoachingState


def test_saving_a_note_closes_its_form_starts_the_next_one_afresh_and_says_so_once():
    state = CoachingState()
    state.open_new_note()
    assert state.open_form == NEW_NOTE and state.note_generation == 0
    state.note_saved("Note saved")
    assert state.open_form is None and state.note_generation == 1  # the next form's widgets are new
    assert state.take_flash() == "Note saved" and state.take_flash() is None
    state.edit_note("N00012")
    state.close_form()  # cancel: no message, a fresh form next time
    assert state.open_form is None and state.note_generation == 2 and state.take_flash() is None
    state.review_saved("Post-mortem saved")
    assert state.review_generation == 1 and state.note_generation == 2
    assert state.take_flash() == "Post-mortem saved"


def test_action_rows_are_counted_per_form():
    state = CoachingState()
    assert state.rows_of("coaching.S01.new.0", 1) == 1
    state.add_row("coaching.S01.new.0", 1)
    state.add_row("coaching.S01.new.0", 1)
    assert state.rows_of("coaching.S01.new.0", 1) == 3  # the default counts only the first time
    assert state.rows_of("coaching.S01.N7.0", 2) == 2  # another form: its own count
    state.add_row("coaching.S01.N7.0", -1)
    assert state.action_rows == {"coaching.S01.new.0": 3, "coaching.S01.N7.0": 1}


def test_each_seller_has_one_state_under_one_session_key():
    def page() -> None:
        import streamlit as st

        from salescoach.ui.coaching_state import CoachingState

        CoachingState.of("S01").show_all_notes()
        CoachingState.of("S02").flash("Marked done")
        st.text(f"{CoachingState.of('S01').all_notes_shown} {CoachingState.of('S02').all_notes_shown}")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.text[0].value == "True False"
    assert "coaching.all.S01" not in at.session_state and "coaching.flash.S02" not in at.session_state
    assert set(at.session_state["_salescoach_coaching"]) == {"S01", "S02"}
    assert at.session_state["_salescoach_coaching"]["S02"].take_flash() == "Marked done"
