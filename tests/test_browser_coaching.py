"""The coaching notes in a real browser: note text is shown as text, never run as HTML.

Runs `streamlit run app.py` on a demo database and drives Debian's chromium headless
with Playwright. Skipped when chromium or Playwright is missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.streamlit_server import running_app

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = "<img src=x onerror=alert(1)>"
TYPED = "<script>alert('typed')</script> **not bold** [link](javascript:alert(2)) <b>raw</b>"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def coaching_server(tmp_path_factory):
    """A streamlit server on a demo database that already holds a note with markup in it."""
    from salescoach import coaching
    from salescoach.store import create_demo_database

    db = tmp_path_factory.mktemp("browser") / "coaching.duckdb"
    with create_demo_database(db, end=dt.date(2026, 11, 23)) as coach:
        note_id = coaching.save_note(
            coach,
            "S07",
            "2026-11-20",
            PAYLOAD,
            goal=PAYLOAD,
            reality="**bold?** _italic?_ :red[red?]",
            private=True,
            actions=[{"owner": "seller", "description": PAYLOAD, "due_date": "2026-11-21"}],
        )
    with running_app(db, db.with_suffix(".log")) as base:
        yield {"url": base, "note_id": note_id, "db": db}


@pytest.fixture
def tab(browser):
    """A page in the session's browser (pytest-playwright; launch args in conftest.py)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.dialogs = []  # every alert/confirm/prompt the page opens
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, state="attached", timeout=60_000)


def _markup_rendered(page) -> dict:
    return page.evaluate(
        """() => ({
            img_x: document.querySelectorAll('img[src="x"]').length,
            scripts_in_notes: document.querySelectorAll('[class*="st-key-coaching-note"] script').length,
            bold_raw: Array.from(document.querySelectorAll('b')).filter(b => b.textContent === 'raw').length,
            js_links: document.querySelectorAll('a[href^="javascript:"]').length,
        })"""
    )


def test_note_markup_is_shown_as_text_and_never_runs(coaching_server, tab):
    page = tab
    _open(page, f"{coaching_server['url']}/seller?seller=S07")
    card = page.locator(f".st-key-coaching-note-{coaching_server['note_id']}")
    card.wait_for()
    # the goal, the author and the action show the markup literally
    assert card.get_by_text(PAYLOAD, exact=True).count() == 1  # the goal
    assert card.get_by_text(f"by {PAYLOAD}", exact=True).count() == 1
    assert card.get_by_text(f"Seller: {PAYLOAD} (due 21 Nov 2026)", exact=True).count() == 1
    assert card.get_by_text("**bold?** _italic?_ :red[red?]", exact=True).count() == 1
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert _markup_rendered(page) == {"img_x": 0, "scripts_in_notes": 0, "bold_raw": 0, "js_links": 0}


def test_typed_markup_is_saved_and_shown_as_text(coaching_server, tab):
    page = tab
    _open(page, f"{coaching_server['url']}/seller?seller=S03")
    page.get_by_role("button", name="New 1:1 note").click()
    form = page.locator("[data-testid='stForm']").first
    form.wait_for()
    form.get_by_role("textbox", name="Goal", exact=True).fill(TYPED)
    form.get_by_role("textbox", name="Will", exact=True).fill(PAYLOAD)
    form.get_by_role("textbox", name="Action 1", exact=True).fill(PAYLOAD)
    form.get_by_role("button", name="Save note").click()
    page.get_by_text("Note saved.").wait_for()
    page.wait_for_selector(READY, state="attached")
    newest = page.locator("[class*='st-key-coaching-note-N-']").first
    assert newest.get_by_text(TYPED, exact=True).count() == 1
    assert newest.get_by_text(PAYLOAD, exact=True).count() == 1
    assert newest.get_by_text(f"Seller: {PAYLOAD} (due", exact=False).count() == 1
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert _markup_rendered(page) == {"img_x": 0, "scripts_in_notes": 0, "bold_raw": 0, "js_links": 0}


def test_presentation_mode_shows_no_note_text(coaching_server, tab):
    page = tab
    _open(page, f"{coaching_server['url']}/seller?seller=S07&present=1")
    page.get_by_text("1:1 coaching").first.wait_for()
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "notes," in body and "open action" in body
    assert PAYLOAD not in body
    assert "Goal" not in body and "lift the hit rate" not in body
    assert page.locator("[class*='st-key-coaching-note-']").count() == 0
    assert page.dialogs == []
