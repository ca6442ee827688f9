"""The dashboard in a real browser: Debian's headless Chromium against `streamlit run app.py`.

One server for the module, on a free port, with a demo database ending on 2026-11-23.
Screenshots go to test-artifacts/ (gitignored). With SALESCOACH_DOCS_SCREENSHOT=1 the team
overview is also saved as docs/screenshot-team-overview.png (1400x900) for the README.

Without /usr/bin/chromium the module is skipped, except in CI (CI=true), where that is a failure.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from salescoach.store import create_demo_database
from salescoach.ui.pages import available_pages
from tests.db_state import all_notes
from tests.streamlit_server import running_app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"


def _grow_texts(notes) -> list[str]:
    texts = []
    for field in ("goal", "reality", "options", "will"):
        texts += [str(t) for t in notes[field].dropna() if len(str(t)) > 12]
    return texts


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A running dashboard: base URL, the demo's sellers and every note's GROW text."""
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    with create_demo_database(db, end=dt.date(2026, 11, 23)) as coach:
        sellers = coach.query("seller_list")
        notes = all_notes(coach)  # the coaching store's notes
    with running_app(db, tmp_path_factory.getbasetemp() / "streamlit.log") as base:
        ARTIFACTS.mkdir(exist_ok=True)
        yield {"base": base, "sellers": sellers, "notes": notes}


def settle(page, timeout: float = 30_000) -> None:
    """Wait until the script run that the last action started has finished."""
    try:
        page.wait_for_selector(RUNNING, timeout=700)
    except Exception:  # noqa: BLE001 - a fast run may be over before we look
        pass
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_timeout(300)


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=30_000)
    settle(page)


def no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def pick(page, label: str, option: str) -> None:
    """Choose `option` in the sidebar selectbox called `label`."""
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_every_page_opens(app, page):
    pages = available_pages()
    assert [p.url_path for p in pages][:1] == ["team_overview"]
    for spec in pages:
        open_page(page, f"{app['base']}/{spec.url_path}?seller=S01")
        no_exception(page)
        assert page.locator("h1").first.is_visible(), spec.file
        page.screenshot(path=ARTIFACTS / f"page-{spec.url_path}.png")


def test_overview_filter_and_drill_down_to_a_seller(app, page):
    open_page(page, app["base"])
    no_exception(page)
    assert "Q4 2026 to date" in main_text(page)
    page.screenshot(path=ARTIFACTS / "team-overview.png")
    if os.environ.get("SALESCOACH_DOCS_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        page.screenshot(path=ROOT / "docs" / "screenshot-team-overview.png")

    pick(page, "Team", "SMB")
    assert "team=SMB" in page.url
    assert "team SMB" in main_text(page)
    pick(page, "Period", "Month")
    assert "period=month" in page.url
    assert "November 2026 to date" in main_text(page)
    page.screenshot(path=ARTIFACTS / "team-overview-smb-month.png")

    # Select the first row of the table (the checkbox column of the grid) -> the seller page.
    sellers = app["sellers"]
    first = sellers[(sellers["team"] == "SMB") & sellers["active"]].iloc[0]
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"/seller\?"), timeout=15_000)
    settle(page)
    no_exception(page)
    assert f"seller={first['seller_id']}" in page.url
    assert "team=SMB" in page.url and "period=month" in page.url  # the filters came along
    assert page.locator("h1").first.inner_text() == first["seller"]
    page.screenshot(path=ARTIFACTS / "seller-after-drill-down.png")

    # A reload keeps the view (the URL is the state).
    page.reload()
    page.wait_for_selector(READY)
    settle(page)
    assert page.locator("h1").first.inner_text() == first["seller"]

    # The sidebar navigation drops the query string; the filters come back into the URL.
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Team overview").click()
    settle(page)
    assert page.locator("h1").first.inner_text() == "Team overview"
    page.wait_for_url(re.compile(r"team=SMB"), timeout=10_000)
    assert "period=month" in page.url and "November 2026 to date" in main_text(page)


def test_presentation_mode_hides_every_note_text(app, page):
    texts = _grow_texts(app["notes"][app["notes"]["seller_id"] == "S02"])
    open_page(page, f"{app['base']}/seller?seller=S02")
    no_exception(page)
    assert any(text in page.content() for text in texts), "control: notes are shown outside presentation mode"

    page.locator("[data-testid='stSidebar']").get_by_text("Presentation mode").click()
    settle(page)
    assert "present=1" in page.url
    html = page.content()
    leaked = [text for text in _grow_texts(app["notes"]) if text in html]
    assert leaked == []
    page.screenshot(path=ARTIFACTS / "seller-presentation.png")

    # Next seller: the URL moves on and still no note text.
    page.get_by_role("button", name=re.compile("▶")).first.click()
    settle(page)
    assert "seller=S02" not in page.url and "present=1" in page.url
    html = page.content()
    assert [text for text in _grow_texts(app["notes"]) if text in html] == []
    page.screenshot(path=ARTIFACTS / "seller-presentation-next.png")


CHARTS_SETTLED = """([quiet]) => {
  const charts = document.querySelectorAll(".sc-chart").length;
  const drawn = document.querySelectorAll(".sc-chart .main-svg").length;
  const key = charts + ":" + drawn, now = performance.now();
  if (window.__chartsSeen !== key) { window.__chartsSeen = key; window.__chartsSince = now; return false; }
  return charts > 0 && drawn >= charts && now - window.__chartsSince >= quiet;
}"""


def charts_settled(page, quiet_ms: int = 500, timeout: float = 30_000) -> int:
    """The number of plotly charts on the page, once each is drawn and none has come or gone for
    `quiet_ms` (script idle comes first: a chart's element mounts when plotly's code is loaded)."""
    page.wait_for_function(CHARTS_SETTLED, arg=[quiet_ms], polling=100, timeout=timeout)
    return page.locator(".sc-chart").count()


def test_a_long_table_sends_a_page_and_pages_on_its_own(app, page):
    # The demo's year on the activity page: the weekly table of 12 sellers holds more than 500
    # rows; the browser gets 100 of them and a pager, which reruns only its table (a fragment).
    open_page(page, f"{app['base']}/activity?period=year")
    no_exception(page)
    shown = page.get_by_text(re.compile(r"^Rows 1–100 of \d{3}\."))
    assert shown.count() == 1, main_text(page)[:2000]
    total = re.search(r"of (\d+)\.", shown.inner_text()).group(1)
    charts_before = charts_settled(page)  # a chart appears once plotly's code has loaded
    page.locator(".st-key-activity_weekly_page [data-testid='stNumberInputStepUp']").click()
    settle(page)
    no_exception(page)
    assert page.get_by_text(re.compile(rf"^Rows 101–200 of {total}\.")).count() == 1
    assert page.locator(".sc-chart").count() == charts_before  # the rest is still there
    assert "period=year" in page.url


def test_the_page_stylesheets_apply_without_an_element_of_their_own(app, page):
    """The layout's and presentation mode's stylesheets go in with `st.html` (no Markdown, so no
    rehype-raw chunk for the browser to load, and no empty element above the title)."""
    open_page(page, f"{app['base']}/")
    style = "() => [getComputedStyle(document.querySelector('[data-testid=stMainBlockContainer]')).maxWidth, getComputedStyle(document.documentElement).fontSize, Math.round(document.querySelector('h1').getBoundingClientRect().top)]"
    width, font, title_top = page.evaluate(style)
    assert width == "1800px" and font == "16px"
    assert title_top == 40  # the container's 2.5rem top padding, nothing above the title
    open_page(page, f"{app['base']}/?present=1")
    width, font, _ = page.evaluate(style)
    assert width == "1800px" and font == "20px"  # presentation mode's larger type
