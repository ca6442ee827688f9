"""The team review on the shared screen, in a real browser at 1920×1080 (Debian's Chromium).

Measures what the back of a meeting room reads: the computed font size of every table cell and
paragraph of the review (at least 22 px) and of every chart tick and axis title (at least 18 px),
dark on white (contrast ratio at least 7:1); no download, help or edit control; no note text
(GROW text of any note, a private note's actions); the arrow keys and Page Up / Page Down step.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from salescoach import coaching
from salescoach.store import connect, create_demo_database
from tests.db_state import all_notes
from tests.streamlit_server import running_app
from tests.test_browser import ARTIFACTS, no_exception, open_page, settle

SECRET = "Private-plan-ZQX: only the author may read this"
PRIVATE_ACTION = "Private-action-ZQX call the lawyer"
SHARED_GOAL = "Shared-goal-ZQX text of a shared note"
SHARED_ACTION = "Book four prospect meetings <b>now</b> & **today**"
MANAGER_ACTION = "Join two customer meetings of Aino"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("review_browser") / "demo.duckdb"
    create_demo_database(db, sellers=6, end=dt.date(2026, 11, 23)).close()
    with connect(db) as coach:
        sellers = coach.query("seller_list").sort_values(["team", "seller", "seller_id"])
        first = sellers.iloc[0]
        coaching.save_note(
            coach, first["seller_id"], "2026-11-20", "Maija", goal=SECRET, private=True,
            actions=[{"owner": "seller", "description": PRIVATE_ACTION, "due_date": "2026-12-04"}],
        )  # fmt: skip
        coaching.save_note(
            coach, first["seller_id"], "2026-11-02", "Maija", goal=SHARED_GOAL, private=False,
            actions=[
                {"owner": "seller", "description": SHARED_ACTION, "due_date": "2026-11-30"},
                {"owner": "manager", "description": MANAGER_ACTION, "due_date": "2026-11-10"},
            ],
        )  # fmt: skip
        notes = all_notes(coach)
    with running_app(db, tmp_path_factory.getbasetemp() / "review.log") as base:
        ARTIFACTS.mkdir(exist_ok=True)
        yield {"base": base, "first": first, "notes": notes, "sellers": sellers}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


def _sizes(page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector, "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )


def _contrast(rgb: str) -> float:
    """The contrast ratio of a CSS colour against white (WCAG)."""
    channels = [int(c) / 255 for c in re.findall(r"[\d.]+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _note_texts(notes) -> list[str]:
    return [
        str(v)
        for field in ("goal", "reality", "options", "will")
        for v in notes[field].dropna()
        if len(str(v)) > 12
    ]


def _no_controls_and_no_notes(page, notes) -> None:
    for control in (
        "[data-testid='stDownloadButton']",
        "[data-testid='stTooltipIcon']",
        "[data-testid='stElementToolbar']",
        "[data-testid='stDataFrame']",  # a dataframe has a download and search toolbar
        ".modebar-btn",
    ):
        assert page.locator(f"[data-testid='stMain'] {control}").count() == 0, control
    assert page.locator("[data-testid='stToolbar']").is_hidden()  # the app menu (print, settings)
    assert page.locator("[data-testid='stSidebar']").is_hidden()  # its filters and help icons
    labels = page.locator("[data-testid='stMain'] button").all_inner_texts()
    assert not [x for x in labels if re.search(r"download|edit|help|csv", x, re.I)], labels
    html = page.content()
    assert [text for text in _note_texts(notes) if text in html] == []
    assert PRIVATE_ACTION not in html


def test_the_team_screen_is_readable_from_the_back_of_the_room(room, page):
    open_page(page, f"{room['base']}/review?present=1")
    no_exception(page)
    page.screenshot(path=ARTIFACTS / "review-team-1920.png", full_page=True)
    cells = _sizes(page, ".review-room td, .review-room th")
    paragraphs = _sizes(page, ".review-room p")
    assert len(cells) > 20 and min(cells) >= 22, cells
    assert paragraphs and min(paragraphs) >= 22
    page.wait_for_selector(".js-plotly-plot .xtick text", timeout=20_000)
    ticks = _sizes(
        page, ".js-plotly-plot .xtick text, .js-plotly-plot .ytick text, .js-plotly-plot .g-xtitle text"
    )
    assert len(ticks) > 10 and min(ticks) >= 18, ticks
    fills = page.eval_on_selector_all(
        ".js-plotly-plot .xtick text, .js-plotly-plot .ytick text",
        "els => els.map(e => getComputedStyle(e).fill)",
    )
    colours = page.eval_on_selector_all(".review-room td", "els => els.map(e => getComputedStyle(e).color)")
    assert min(_contrast(c) for c in fills + colours) >= 7
    _no_controls_and_no_notes(page, room["notes"])


def _keys_listening(page) -> None:
    """Wait until the keys component has mounted and listens: its script loads after the page
    is idle, and a key pressed before that reaches no listener (seen once on a slow CI host)."""
    page.wait_for_function(
        "() => window.__salescoachReviewKeys === true && typeof window.__salescoachReviewStep === 'function'",
        timeout=20_000,
    )


def _heading_becomes(page, text: str) -> None:
    """The room's heading turns into `text` (Playwright retries until it does or 20 s pass: a
    key's rerun may start later than `settle` looks on a slow host), then the run settles."""
    expect(page.locator(".review-room h1").first).to_have_text(text, timeout=20_000)
    settle(page)


def test_the_keys_step_through_the_sellers_and_the_team_actions(room, page):
    open_page(page, f"{room['base']}/review?present=1")
    first = room["first"]
    _keys_listening(page)
    page.keyboard.press("ArrowRight")
    _heading_becomes(page, f"{first['seller']} · {first['team']}")
    assert f"step={first['seller_id']}" in page.url  # a link to this seller's screen
    page.screenshot(path=ARTIFACTS / "review-seller-1920.png", full_page=True)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert SHARED_ACTION in main  # literally: no bold, no HTML
    assert min(_sizes(page, ".review-room td, .review-room p")) >= 22
    _no_controls_and_no_notes(page, room["notes"])
    page.keyboard.press("PageDown")
    second = room["sellers"].iloc[1]
    _heading_becomes(page, f"{second['seller']} · {second['team']}")
    page.keyboard.press("PageUp")
    _heading_becomes(page, f"{first['seller']} · {first['team']}")
    page.keyboard.press("ArrowLeft")
    _heading_becomes(page, "The team")
    open_page(page, f"{room['base']}/review?present=1&step=actions")
    assert page.locator(".review-room h1").first.inner_text() == "The team's agreed actions"
    assert MANAGER_ACTION in page.locator("[data-testid='stMain']").inner_text()
    _no_controls_and_no_notes(page, room["notes"])


def test_the_director_prepares_the_review_with_its_pdf(room, page):
    open_page(page, f"{room['base']}/review")
    no_exception(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the review as PDF").click()
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    page.get_by_role("button", name="Start on the shared screen").click()
    settle(page)
    assert "present=1" in page.url
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
