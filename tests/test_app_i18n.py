"""Every page in every language (AppTest): no exceptions; in Finnish, Swedish and Norwegian the
page's own headings and labels show and no English UI text leaks; the switch in the sidebar
keeps ?lang= in the URL.

The demo database ends on 2026-11-23 (default period: Q4 2026 to date).
"""

import datetime as dt
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from salescoach import i18n
from salescoach.i18n import t
from salescoach.store import create_demo_database
from tests.test_app_activity_conversion_pipeline import run_page

APP = str(Path(__file__).resolve().parent.parent / "app.py")
END = dt.date(2026, 11, 23)

# page file, extra query parameters, title key (None: the seller's name), headings to expect
PAGES = [
    ("team_overview", {}, "overview.title", ["overview.sales_chart"]),
    ("activity", {}, "activity.title", ["activity.meetings_per_week", "activity.planned"]),
    ("conversion", {}, "conversion.title", ["conversion.funnel", "conversion.hit_rate_heading"]),
    ("pipeline", {}, "pipeline.title", ["pipeline.by_month", "pipeline.overdue"]),
    ("seller", {"seller": "S01"}, None, ["seller.trend", "coaching.section"]),
    ("seller", {}, "seller.title", []),
    ("coaching", {}, "coaching_page.title", []),
    ("import_data", {}, "import.title", []),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    create_demo_database(path, end=END).close()
    return path


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch):
    monkeypatch.delenv(i18n.SETTING, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _strings(message) -> list[str]:
    """Every string field of a protobuf message, nested messages included."""
    out = []
    for _field, value in message.ListFields():
        repeated = isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated")
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, str):
                out.append(item)
            elif hasattr(item, "ListFields"):
                out.extend(_strings(item))
    return out


def rendered_text(at: AppTest) -> str:
    """Every UI text the page sent: all string fields of every element (chart specs as JSON, table
    column settings), but not user text (shown with st.text: the demo's coaching notes are English)
    nor table cells (data)."""
    parts = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and type(node).__name__ != "Text":
            parts.extend(_strings(proto))
    return "\n".join(parts)


def english_fragments(lang: str = "fi") -> set[str]:
    """Distinctive English UI text: the literal parts (between placeholders and Markdown stars) of
    every English catalogue text that differs in `lang`, 18 characters or more with a space, and not
    also in that language's text (product and column names)."""
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    fragments = set()
    for key, text in en.items():
        if text == other[key]:
            continue
        for part in re.split(r"\{[^}]*\}|\*\*|[()]", text):
            part = part.strip(" .,:;·–")
            if len(part) >= 18 and " " in part and part not in other[key]:  # names and columns stay
                fragments.add(part)
    return fragments


@pytest.mark.parametrize(("page", "query", "title", "headings"), PAGES)
def test_each_page_in_finnish_shows_finnish_and_leaks_no_english(
    monkeypatch, demo_db, page, query, title, headings
):
    at = run_page(monkeypatch, demo_db, page, lang="fi", **query)
    if title:
        assert [x.value for x in at.title] == [t(title, "fi")]
    shown = [h.value for h in at.subheader]
    for key in headings:
        assert any(h.startswith(t(key, "fi").split("{")[0]) for h in shown), (key, shown)
    if page != "import_data":  # its st.stop() before an upload leaves AppTest's sidebar empty
        assert at.sidebar.selectbox(key="filter_period").label == "Jakso"
        assert at.sidebar.selectbox(key="filter_lang").value == "fi"
    text = rendered_text(at)
    leaked = sorted(f for f in english_fragments() if f in text)
    assert leaked == [], leaked


NORDIC_PAGES = [pytest.param(*spec, lang) for lang in ("sv", "nb") for spec in PAGES]


@pytest.mark.parametrize(("page", "query", "title", "headings", "lang"), NORDIC_PAGES)
def test_each_page_in_swedish_and_norwegian_leaks_no_english(
    monkeypatch, demo_db, page, query, title, headings, lang
):
    at = run_page(monkeypatch, demo_db, page, lang=lang, **query)
    if title:
        assert [x.value for x in at.title] == [t(title, lang)]
    shown = [h.value for h in at.subheader]
    for key in headings:
        assert any(h.startswith(t(key, lang).split("{")[0]) for h in shown), (key, shown)
    if page != "import_data":  # its st.stop() before an upload leaves AppTest's sidebar empty
        assert at.sidebar.selectbox(key="filter_period").label == t("sidebar.period", lang)
        assert at.sidebar.selectbox(key="filter_lang").value == lang
    leaked = sorted(f for f in english_fragments(lang) if f in rendered_text(at))
    assert leaked == [], leaked


def test_swedish_numbers_dates_and_periods_on_the_overview(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, "team_overview", lang="sv")
    assert at.caption[0].value.startswith("Q4 2026 hittills · 1 okt.–23 nov. 2026 · alla team.")
    tiles = {m.label: m.value for m in at.metric}
    assert re.fullmatch(r"\d{1,3}(\u00a0\d{3})*\u00a0€", tiles["Försäljning"]), tiles
    assert re.fullmatch(r"\d+\u00a0%", tiles["Träffsäkerhet"]), tiles
    assert re.fullmatch(r"\d+,\d×", tiles["Täckning Q4 2026"]), tiles


def test_a_norwegian_browser_opens_in_norwegian(monkeypatch, demo_db):
    monkeypatch.setattr(i18n, "browser_locale", lambda: "nn-NO")  # Nynorsk reads Bokmål
    at = run_page(monkeypatch, demo_db, "pipeline")
    assert at.title[0].value == "Pipeline" and at.sidebar.selectbox(key="filter_lang").value == "nb"
    assert at.subheader[0].value.startswith("Dekning mot påkrevd dekning, Q4 2026")
    assert "lang" not in at.query_params  # the default stays out of the URL


@pytest.mark.parametrize(("page", "query", "title", "headings"), PAGES)
def test_each_page_in_english(monkeypatch, demo_db, page, query, title, headings):
    at = run_page(monkeypatch, demo_db, page, lang="en", **query)
    if title:
        assert [x.value for x in at.title] == [t(title, "en")]
    shown = [h.value for h in at.subheader]
    for key in headings:
        assert any(h.startswith(t(key, "en").split("{")[0]) for h in shown), (key, shown)


def test_finnish_numbers_dates_and_periods_on_the_overview(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, "team_overview", lang="fi")
    assert at.caption[0].value.startswith("Q4 2026 tähän asti · 1.10.–23.11.2026 · kaikki tiimit.")
    tiles = {m.label: m.value for m in at.metric}
    assert re.fullmatch(r"\d{1,3}(\u00a0\d{3})*\u00a0€", tiles["Myynti"]), tiles
    assert re.fullmatch(r"\d+\u00a0%", tiles["Osumatarkkuus"]), tiles
    assert re.fullmatch(r"\d+,\d×", tiles["Kattavuus Q4 2026"]), tiles


def test_english_is_the_default_without_a_browser_locale_or_setting(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, "team_overview")
    assert at.title[0].value == "Team overview"
    assert at.sidebar.selectbox(key="filter_lang").value == "en"
    assert "lang" not in at.query_params  # the default stays out of the URL


def test_the_setting_sets_the_default_language(monkeypatch, demo_db):
    monkeypatch.setenv(i18n.SETTING, "fi")
    at = run_page(monkeypatch, demo_db, "activity")
    assert at.title[0].value == "Aktiivisuus"
    assert "lang" not in at.query_params


def test_switching_the_language_in_the_sidebar_keeps_it_in_the_url(monkeypatch, demo_db):
    at = run_page(monkeypatch, demo_db, "pipeline")
    assert at.title[0].value == "Pipeline"
    at.sidebar.selectbox(key="filter_lang").select("fi").run()
    assert not at.exception
    assert at.title[0].value == "Myyntiputki"
    assert at.query_params["lang"] in (["fi"], "fi")
    # AppTest formats every selectbox's value in the test's own thread, where the setting is the
    # language: it must match the labels the page drew (Finnish) at each run.
    monkeypatch.setenv(i18n.SETTING, "fi")
    at.sidebar.selectbox(key="filter_period").select("month").run()
    assert at.caption[0].value.startswith("Marraskuu 2026 tähän asti · 1.11.–23.11.2026")
    at.sidebar.selectbox(key="filter_lang").select("en").run()
    assert at.title[0].value == "Pipeline" and at.query_params["lang"] in (
        ["en"],
        "en",
    )  # not the default now
    assert at.caption[0].value.startswith("November 2026 to date · 1 Nov – 23 Nov 2026")


def test_a_note_that_cannot_be_saved_says_why_in_finnish(monkeypatch, demo_db):
    monkeypatch.setenv(i18n.SETTING, "fi")  # AppTest formats the selectboxes in the test's thread too
    at = run_page(monkeypatch, demo_db, "seller", seller="S01")
    next(b for b in at.button if b.label == "Uusi muistiinpano").click().run()
    form = next(k for k in at.session_state if str(k).endswith(".held_on") and ".new." in str(k))
    prefix = str(form).removesuffix(".held_on")
    assert at.text_input(key=f"{prefix}.author").label == "Kirjoittaja"
    assert at.text_area(key=f"{prefix}.reality").value.startswith("Edellisestä 1:1:stä (")  # the agenda (#16)
    at.text_area(key=f"{prefix}.reality").input("")  # taken out: an empty note
    next(b for b in at.button if b.label == "Tallenna muistiinpano").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Muistiinpanoa ei tallennettu. Korjaa:\n\n"
        "- Muistiinpano on tyhjä\\: kirjoita ainakin Tavoite, Nykytila, Vaihtoehdot tai Sitoutuminen\\."
    ]
