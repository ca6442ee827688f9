"""The Team review page in the running app (AppTest): a director's review holds only their teams,
Next steps through the agenda, and the room shows no download, no table toolbar and no note text.

The demo database (tests/test_app_access.py): SMB's active sellers by name are Eetu Hakala,
Juha Räsänen, Juha Tuominen, Veera Laitinen, so Juho Kinnunen's (SMB) agenda is the team, those
four, then the team's agreed actions: 6 steps.
"""

from __future__ import annotations

import json

from tests.db_state import all_notes
from tests.test_app_access import ENTERPRISE, SMB_ACTIVE, demo_db, open_as  # noqa: F401 - fixture

REVIEW = "pages/review.py"


def _blocks(at) -> list[dict]:
    """The blocks of the room's screens (salescoach/ui/review.py sends them to the browser as JSON)."""
    blocks = []
    for element in at.get("bidi_component"):
        if element.proto.component_name == "salescoach.review_room":
            blocks += json.loads(element.proto.json)["blocks"]
    return blocks


def _headings(at) -> list[str]:
    return [block["text"] for block in _blocks(at) if block["kind"] == "h1"]


def _text(at) -> str:
    """Every text of the room's screens."""
    words = []
    for block in _blocks(at):
        words += [block.get("text") or ""] + [cell for row in block.get("rows", []) for cell in row]
        words += [cell for tile in block.get("tiles", []) for cell in tile]
    return "\n".join(words)


def _note_texts(path) -> list[str]:
    import salescoach

    with salescoach.connect(path, read_only=True) as coach:
        notes = all_notes(coach)
    return [
        str(v) for f in ("goal", "reality", "options", "will") for v in notes[f].dropna() if len(str(v)) > 12
    ]


def test_a_directors_review_steps_through_their_teams_sellers_only(demo_db):  # noqa: F811
    at = open_as("juho@example.com", REVIEW, present="1")
    assert not at.exception
    shown = _text(at)
    assert _headings(at) == ["The team"] and "1 of 6" in shown
    assert not [name for name in ENTERPRISE if name in shown]
    assert at.get("download_button") == [] and at.dataframe == []
    notes = _note_texts(demo_db)
    for expected in [f"{name} · SMB" for name in SMB_ACTIVE] + ["The team's agreed actions"]:
        at.button(key="review_next").click().run()
        shown = _text(at)
        assert _headings(at) == [expected]
        assert not [text for text in notes if text in shown]
        assert not [name for name in ENTERPRISE if name in shown]
    assert at.button(key="review_next").disabled
    assert at.query_params["step"] == "actions"
    # A link to a seller's screen opens it; a step not in the agenda opens the team.
    linked = open_as("juho@example.com", REVIEW, present="1", step="S05")
    assert _headings(linked) == [f"{SMB_ACTIVE[1]} · SMB"]  # S05 Juha Räsänen
    assert _headings(open_as("juho@example.com", REVIEW, present="1", step="S01")) == ["The team"]


def test_the_director_prepares_the_review_with_the_pdf_button(demo_db):  # noqa: F811
    at = open_as("juho@example.com", REVIEW)
    assert not at.exception
    assert len(at.get("download_button")) == 1
    at.button(key="review_start").click().run()
    assert at.session_state["presentation_mode"] is True
    assert _headings(at) == ["The team"] and at.get("download_button") == []


def test_the_overview_in_presentation_mode_opens_the_review(demo_db):  # noqa: F811
    at = open_as("juho@example.com", "pages/team_overview.py", present="1")
    at.button(key="overview_open_review").click().run()
    assert not at.exception
    assert _headings(at) == ["The team"] and at.query_params["step"] == "team"
