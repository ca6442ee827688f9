"""Identity is the login (#12, point 4): notes and post-mortems record who wrote and who last
edited them by the logged-in identity, show both, and only the author or an admin may edit them
or change their privacy; a seller's move to another team leaves the author their own notes.

The demo (tests/test_app_access.py): SMB (S05-S08) notes by Juho Kinnunen, imported (no login);
S06 has one public note, S07 six private ones. Juho directs SMB, Sari SMB and Public sector,
Anna is the admin.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from salescoach import access, coaching, ui
from salescoach.coaching import CoachingInputError
from tests import test_app_access
from tests.test_app_access import open_as, table_with
from tests.test_app_overview_seller import rendered_text

JUHO = access.Viewer(
    name="Juho Kinnunen", role="director", email="juho@example.com", teams=frozenset({"SMB"})
)
SARI = access.Viewer(
    name="Sari Sijainen", role="director", email="sari@example.com", teams=frozenset({"SMB", "Public sector"})
)
ANNA = access.Viewer(name="Anna Admin", role="admin", email="anna@example.com")
TODAY = dt.date.today()


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch):
    """The demo database and the roles file of tests/test_app_access.py (a fresh copy: tests write)."""
    yield from test_app_access.demo_db.__wrapped__(demo_template, tmp_path, monkeypatch)


def _note(coach, by, **overrides) -> str:
    args = {"goal": "Two offers a week", "private": False, "by": by, **overrides}
    return coaching.save_note(coach, "S05", "2026-11-20", "typed name", **args)


def test_a_note_records_its_author_and_last_editor_by_login(demo_db):
    coach = ui.get_coach()
    note_id = _note(coach, JUHO)
    note = coaching.get_note(coach, note_id)
    # logged in, the typed name is not used: the note is written by the login
    assert (note.author, note.author_id, note.editor, note.editor_id) == (
        "Juho Kinnunen",
        "juho@example.com",
        "Juho Kinnunen",
        "juho@example.com",
    )
    assert not note.edited
    # the admin edits it (and makes it private): the author stays Juho, the admin is the editor
    _note(coach, ANNA, note_id=note_id, goal="Three offers a week", private=True)
    note = coaching.get_note(coach, note_id)
    assert (note.author, note.author_id, note.goal, note.private) == (
        "Juho Kinnunen",
        "juho@example.com",
        "Three offers a week",
        True,
    )
    assert (note.editor, note.editor_id, note.edited) == ("Anna Admin", "anna@example.com", True)
    # the author may edit it again
    _note(coach, JUHO, note_id=note_id, goal="Four offers a week", private=False)
    assert coaching.get_note(coach, note_id).editor_id == "juho@example.com"


def test_another_director_may_not_edit_a_note_or_flip_it_to_private(demo_db):
    coach = ui.get_coach()
    note_id = _note(coach, JUHO)
    before, version = coaching.get_note(coach, note_id), coach.coaching_version()
    for change in ({"goal": "Sari's words"}, {"private": True}):
        with pytest.raises(CoachingInputError) as caught:
            _note(coach, SARI, note_id=note_id, **change)
        assert caught.value.problems == ["Only its author (Juho Kinnunen) or an admin may edit this note."]
    assert coaching.get_note(coach, note_id) == before and coach.coaching_version() == version
    # an imported note (no login) is its author's by name: Juho may edit his, Sari may not
    (imported,) = [n for n in coaching.seller_notes(coach, "S06") if not n.private]
    assert (imported.author, imported.author_id) == ("Juho Kinnunen", None)
    with pytest.raises(CoachingInputError, match="Only its author"):
        coaching.save_note(
            coach, "S06", imported.held_on, "x", goal="taken over", note_id=imported.note_id, by=SARI
        )
    coaching.save_note(
        coach, "S06", imported.held_on, "x", goal="Juho's edit", note_id=imported.note_id, by=JUHO
    )
    edited = coaching.get_note(coach, imported.note_id)
    assert (edited.author, edited.goal, edited.editor_id) == (
        "Juho Kinnunen",
        "Juho's edit",
        "juho@example.com",
    )


def test_a_post_mortem_keeps_its_author_and_only_they_or_an_admin_edit_it(demo_db):
    coach = ui.get_coach()
    lost = coaching.lost_offers_of_seller(coach, "S05")
    offer_id = lost["offer_id"].iloc[0]
    coaching.save_offer_review(coach, offer_id, why="Price", author="typed", by=JUHO)
    with pytest.raises(CoachingInputError) as caught:
        coaching.save_offer_review(coach, offer_id, why="Sari's reason", author="typed", by=SARI)
    assert caught.value.problems == ["Only its author (Juho Kinnunen) or an admin may edit this post-mortem."]
    coaching.save_offer_review(coach, offer_id, why="Timing", author="typed", by=ANNA)
    review = coaching.offer_review_of(coach, offer_id)
    assert (review["why"], review["author"], review["author_id"], review["editor"], review["editor_id"]) == (
        "Timing",
        "Juho Kinnunen",
        "juho@example.com",
        "Anna Admin",
        "anna@example.com",
    )
    assert review["created_at"] <= review["reviewed_at"]


def test_open_mode_records_the_local_user(demo_db):
    coach = ui.get_coach()
    note_id = coaching.save_note(coach, "S05", "2026-11-20", "Director D", goal="g")  # by nobody: open mode
    note = coaching.get_note(coach, note_id)
    assert (note.author, note.author_id) == ("Director D", f"local:{access.local_user()}")
    assert access.LOCAL_VIEWER.may_edit("Someone Else", "someone@example.com")  # one user, every note


def test_only_the_author_and_admins_see_an_edit_button_and_everyone_sees_who_edited(demo_db):
    coach = ui.get_coach()
    note_id = _note(coach, JUHO)
    edit = f"coaching.edit.{note_id}"
    for email, shown in (("juho@example.com", True), ("sari@example.com", False), ("anna@example.com", True)):
        at = open_as(email, "pages/seller.py", seller="S05")
        assert (edit in [b.key for b in at.button]) is shown, email
        assert "by Juho Kinnunen" in [t.value for t in at.text]
    _note(coach, ANNA, note_id=note_id, goal="Edited by the admin")
    at = open_as("sari@example.com", "pages/seller.py", seller="S05")
    texts = [t.value for t in at.text]
    assert (
        "by Juho Kinnunen" in texts and f"edited by Anna Admin, {TODAY.day} {TODAY:%b} {TODAY.year}" in texts
    )


def test_the_edit_form_keeps_the_author_when_an_admin_saves(demo_db):
    coach = ui.get_coach()
    note_id = _note(coach, JUHO)
    at = open_as("anna@example.com", "pages/seller.py", seller="S05")
    at.button(key=f"coaching.edit.{note_id}").click().run()
    k = f"coaching.S05.{note_id}.0"
    author = at.text_input(key=f"{k}.author")
    assert author.value == "Juho Kinnunen" and author.disabled
    at.checkbox(key=f"{k}.private").check()
    (save,) = [b for b in at.button if b.label == "Save note"]
    save.click().run()
    assert [s.value for s in at.success] == ["Note updated."]
    note = coaching.get_note(coach, note_id)
    assert (note.author, note.private, note.editor) == ("Juho Kinnunen", True, "Anna Admin")
    # private now: Juho (its author) and Anna read it, Sari does not
    assert "Two offers a week" in rendered_text(open_as("juho@example.com", "pages/seller.py", seller="S05"))
    assert "Two offers a week" not in rendered_text(
        open_as("sari@example.com", "pages/seller.py", seller="S05")
    )


def _move_s07_to_enterprise(coach) -> None:
    sellers = coach.query("seller_list")
    row = sellers[sellers["seller_id"] == "S07"].iloc[0]
    moved = pd.DataFrame(
        [{"seller_id": "S07", "name": row["seller"], "team": "Enterprise", "manager": "Otto"}]
    )
    coach.load_frames({"sellers": moved})


def test_the_author_keeps_their_private_notes_on_a_seller_who_moved_team(demo_db):
    coach = ui.get_coach()
    mine = coaching.save_note(coach, "S07", "2026-11-20", "x", goal="Juho's own note on S07", by=JUHO)
    _move_s07_to_enterprise(coach)  # a later import: S07 is in Enterprise now
    at = open_as("juho@example.com", "pages/seller.py", seller="S07")
    assert "Juho's own note on S07" not in rendered_text(at)  # no access to the seller page any more
    at = open_as("juho@example.com", "pages/coaching.py")
    found = table_with(at, "goal")
    s07 = found[found["team"] == "Enterprise"]
    # his six imported private notes on S07 (by name) and the one he wrote (by login)
    assert len(s07) == 7 and set(s07["team"]) == {"Enterprise"}
    (picker,) = [s for s in at.selectbox if s.key == "coaching_read_note"]
    seller = coaching.seller_info(coach, "S07")["seller"]
    assert f"20 Nov 2026 · {seller} · Juho Kinnunen · private" in picker.options
    picker.set_value(mine).run()
    assert "Juho's own note on S07" in [t.value for t in at.text]
    # Sari (SMB, Public sector) never saw them and does not now; with the team SMB picked, Juho
    # sees SMB's notes only
    assert "Juho's own note on S07" not in rendered_text(open_as("sari@example.com", "pages/coaching.py"))
    at = open_as("juho@example.com", "pages/coaching.py", team="SMB")
    assert "Enterprise" not in set(table_with(at, "goal")["team"])
