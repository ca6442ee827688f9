"""Imported text is text in a real browser (issue 12, point 2): Debian's headless Chromium
against `streamlit run app.py` on a database whose every seller, team, customer and author
name, loss reason, note, action and post-mortem is a markup payload (tests/markup_payloads.py).

Every page (the seller page of payload sellers, a payload team, presentation mode, a note read
on the coaching page, a HubSpot export with payload stages and owners on the Import page) is
searched for anything a payload could have made: bold, italics or strikethrough around the
payload's 'x', KaTeX, an image or a link to an outside address, a coloured span, an icon,
plotly's bold or links in a chart's SVG; and the browser may not ask any address but the app's
own (an image in a name would be fetched by everyone who opens the page). Also checked here,
once, what tests/test_markup_everywhere.py takes as given: a selectbox shows its options as plain
text, and escaped text reads exactly as typed.

Without /usr/bin/chromium the module is skipped, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

from tests.markup_payloads import PAYLOADS, hubspot_export, payload_database, team_of
from tests.streamlit_server import running_app
from tests.test_browser import ARTIFACTS, no_exception, settle

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"

# What a payload would have made, found in the page (each entry: what, JavaScript returning a list).
FOUND_MARKUP = r"""
() => {
  const found = [];
  const all = (selector) => Array.from(document.querySelectorAll(selector));
  const text = (el) => (el.textContent || "").replaceAll("\u2060", "").trim();
  const here = location.origin;
  for (const el of all("strong, em, del, b, i, s")) if (text(el) === "x") found.push("<" + el.tagName + ">x");
  for (const el of all(".katex, .katex-display, math")) found.push("KaTeX: " + text(el));
  for (const el of all("img, image, video, audio, source")) {
    const src = el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("xlink:href") || "";
    if (src && !src.startsWith("data:") && !src.startsWith("blob:") && new URL(src, here).origin !== here)
      found.push("media from " + src);
  }
  for (const el of all("a")) {
    const href = el.getAttribute("href") || el.getAttribute("xlink:href") || "";
    if (/example\.invalid|^mailto:|^www\./i.test(href)) found.push("link to " + href);
  }
  for (const el of all("span[style*='color'], .stMarkdownColoredText, .stMarkdownColoredBackground"))
    if (text(el) === "x") found.push("coloured x");
  for (const el of all("[role='img'][aria-label]"))
    if (el.getAttribute("aria-label") === "home icon") found.push("a :material/home: icon");
  for (const el of all("svg a")) found.push("plotly link: " + text(el));
  for (const el of all("svg tspan[style*='bold'], svg tspan[style*='italic'], svg tspan[style*='fill']"))
    if (text(el) === "x") found.push("plotly markup: " + el.outerHTML);
  if (document.body.innerText.includes("x → y")) found.push("an arrow made of ->");
  return found;
}
"""


@pytest.fixture(scope="module")
def app(demo_template, tmp_path_factory):
    """A running dashboard on the payload database: its base URL and each payload seller's id and team."""
    folder = tmp_path_factory.mktemp("browser-markup")
    db = payload_database(folder / "payloads.duckdb", demo_template)
    sellers = {
        payload: team_of(db, payload) for payload in PAYLOADS
    }  # (id, team): read before the server holds it
    with running_app(db, folder / "streamlit.log") as base:
        ARTIFACTS.mkdir(exist_ok=True)
        yield {"base": base, "sellers": sellers, "folder": folder}


@pytest.fixture
def outside_requests(page):
    """Every request the page makes to an address other than the app's own (loopback)."""
    asked: list[str] = []

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            asked.append(request.url)

    page.on("request", record)
    return asked


def open_and_check(page, url: str, shot: str) -> str:
    """Open `url`, wait for the app and its charts, assert nothing is made from a payload;
    returns the page's visible text (word joiners removed)."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    settle(page)
    page.wait_for_timeout(700)  # plotly draws after the script run
    no_exception(page)
    page.screenshot(path=ARTIFACTS / f"markup-{shot}.png")
    assert page.evaluate(FOUND_MARKUP) == [], url
    return page.locator("[data-testid='stApp']").inner_text().replace("\u2060", "")


def test_every_page_shows_the_payloads_as_text(app, page, outside_requests):
    from salescoach.ui.pages import available_pages

    base = app["base"]
    for spec in available_pages():
        shown = open_and_check(page, f"{base}/{spec.url_path}", spec.url_path)
        if spec.url_path == "team_overview":
            # the control: the payloads are on the page, exactly as imported (the charts' names;
            # the demo's one seller who has left is not in them)
            svg = " ".join(page.locator("svg text").all_text_contents())
            assert len([p for p in PAYLOADS if p in svg]) == len(PAYLOADS) - 1, svg
            assert "Team overview" in shown
    assert outside_requests == []


@pytest.mark.parametrize("payload", PAYLOADS[:10])
def test_the_seller_page_of_a_payload_seller(app, page, outside_requests, payload):
    seller_id, team = app["sellers"][payload]
    shown = open_and_check(page, f"{app['base']}/seller?seller={seller_id}", f"seller-{seller_id}")
    heading = page.locator("h1").first.inner_text().replace("\u2060", "")
    assert heading == payload  # the name, literally
    assert f"team {team}" in shown
    assert outside_requests == []


def test_filters_presentation_and_the_note_reader(app, page, outside_requests):
    base = app["base"]
    seller_id, team = app["sellers"][PAYLOADS[4]]
    team_query = quote(team, safe="")
    for path, shot in (
        (f"?team={team_query}", "overview-team"),
        (f"conversion?seller={seller_id}&period=year", "conversion-seller"),
        (f"pipeline?team={team_query}", "pipeline-team"),
        (f"?present=1&seller={seller_id}", "overview-present"),
        (f"seller?present=1&seller={seller_id}", "seller-present"),
        ("coaching?present=1", "coaching-present"),
        ("review?present=1", "review-present"),
        (f"review?present=1&step={seller_id}", "review-present-seller"),
    ):
        shown = open_and_check(page, f"{base}/{path}", shot)
        if shot == "review-present-seller":  # the room's screen of a payload seller names them as typed
            assert f"{PAYLOADS[4]} · {team}" in shown, shown

    # the coaching page: read a note whose every text is a payload
    open_and_check(page, f"{base}/coaching?present=0", "coaching")  # the session was presenting
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Read a note")
    picker.scroll_into_view_if_needed()
    picker.get_by_role("button", name="Open").click()
    option = page.get_by_role("option").first
    label = option.inner_text()
    assert any(p in label for p in PAYLOADS), label  # a selectbox shows its options as plain text
    option.click()
    settle(page)
    assert page.evaluate(FOUND_MARKUP) == []
    texts = page.locator("[data-testid='stText']").all_inner_texts()
    assert any(text in PAYLOADS for text in texts), texts
    page.screenshot(path=ARTIFACTS / "markup-coaching-note.png")
    assert outside_requests == []


def test_the_import_page_echoes_a_preset_export_as_text(app, page, outside_requests):
    files = hubspot_export(app["folder"] / "hubspot")
    open_and_check(page, f"{app['base']}/import_data", "import")
    page.locator("[data-testid='stSelectbox']").filter(has_text="What the files are").click()
    page.get_by_role("option", name="HubSpot", exact=True).click()
    settle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(f) for f in files])
    page.wait_for_selector("[data-testid='stAlertContentWarning']", timeout=60_000)
    settle(page)
    page.wait_for_timeout(500)
    no_exception(page)
    page.screenshot(path=ARTIFACTS / "markup-import-preset.png")
    assert page.evaluate(FOUND_MARKUP) == []
    warnings = " ".join(page.locator("[data-testid='stAlertContentWarning']").all_inner_texts())
    warnings = warnings.replace("\u2060", "")
    assert "deal stages read as open" in warnings
    assert len([p for p in PAYLOADS if p in warnings]) >= 8, warnings  # the stages and owners, literally
    assert re.search(r"\*\*x\*\*", warnings)
    assert outside_requests == []
