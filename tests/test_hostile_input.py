"""SQL and markup through every input: URL parameters, the notes search, note fields, upload names.

Nothing may break, nothing typed may be rendered as Markdown or HTML (it is shown with
`st.text`, in a table, or escaped), and the database must not change (except the note
that is saved, which must hold the text exactly as typed). Already covered elsewhere:
note text in a real browser (tests/test_browser_coaching.py), formulas kept as text and
escaped in CSV downloads (tests/bad_input/ok_formula_*, tests/test_export.py), a period
bound as a parameter (tests/test_scorecard.py), upload names without folders
(tests/test_app_import.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from salescoach import coaching, ui
from salescoach.ui import pages
from tests.db_state import app_database, copy_database, table_checksums
from tests.test_app_import import _page_with_uploads

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
END = dt.date(2026, 11, 23)
PAYLOADS = [
    "' or 1=1 --",
    '"; drop table offers; --',
    "<script>alert(1)</script>",
    "**bold** _it_ [x](javascript:alert(2))",
    '=HYPERLINK("http://x","click")',
]
URL_PARAMS = ("period", "date", "from", "to", "team", "seller", "present")


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    copy_database(demo_template, path)  # the analytics file and its coaching store
    with app_database(monkeypatch, path):
        yield path


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def markdown_strings(at: AppTest) -> list[str]:
    """Every string the app sent to be rendered as Markdown: texts, captions, alerts, headings, labels."""
    found = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = type(proto).__name__
        if kind == "Markdown":
            if proto.allow_html:
                assert proto.body.lstrip().startswith("<style>"), proto.body  # constant stylesheets only
                continue
            found += [proto.body, proto.help]
        elif kind == "Html":  # st.html: the pages' constant stylesheets, nothing else
            assert proto.body.lstrip().startswith("<style>"), proto.body
        elif kind in ("Alert", "Heading"):
            found.append(proto.body)
        elif kind in ("Metric", "Button"):
            found += [proto.label, proto.help]
        assert kind != "IFrame", kind
    return found


def assert_shown_as_text(at: AppTest, payload: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for text in markdown_strings(at):
        assert payload not in text, f"{payload!r} rendered as Markdown in {text!r}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_url_parameters_on_every_page(demo_db, payload):
    before = table_checksums(demo_db)
    for page in pages.available_pages():
        at = AppTest.from_file(APP, default_timeout=60)
        for name in URL_PARAMS:
            at.query_params[name] = payload
        at.switch_page(page.file)
        at.run()
        assert_shown_as_text(at, payload)
        # each parameter alone too (a bad team must not hide what a bad seller does)
        for name in ("team", "seller", "date"):
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params[name] = payload
            at.switch_page(page.file)
            at.run()
            assert_shown_as_text(at, payload)
    assert table_checksums(demo_db) == before


def test_unknown_team_in_the_url_is_echoed_escaped(demo_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["team"] = "**bold**"
    at.run()
    (warning,) = [w.value for w in at.sidebar.warning]
    assert warning == "There is no team called “\\*\\*bold\\*\\*” in the data; showing all teams."


def test_notes_search_box(demo_db):
    with_payload = coaching.save_note(
        ui.get_coach(), "S03", "2026-11-20", "Director D", goal=" | ".join(PAYLOADS), private=False
    )
    before = table_checksums(demo_db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/coaching.py").run()
    for payload in PAYLOADS:
        at.text_input(key="coaching_search").input(payload).run()
        assert_shown_as_text(at, payload)
        (found,) = [d.value for d in at.dataframe if "goal" in d.value.columns]
        assert found["goal"].tolist() == [" | ".join(PAYLOADS)]  # matched literally, nothing else
        at.selectbox(key="coaching_read_note").set_value(with_payload).run()
        assert " | ".join(PAYLOADS) in [t.value for t in at.text]  # the note read as plain text
        assert_shown_as_text(at, payload)
    at.text_input(key="coaching_search").input("' or '1'='1").run()
    assert not [d for d in at.dataframe if "goal" in d.value.columns]  # no note matches
    assert table_checksums(demo_db) == before


def test_note_fields_are_stored_exactly_and_shown_as_text(demo_db):
    before = table_checksums(demo_db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/seller.py")
    at.query_params["seller"] = "S05"
    at.run()
    at.button(key="coaching.new.S05").click().run()
    k = "coaching.S05.new.0"
    fields = dict(zip(("goal", "reality", "options", "will"), PAYLOADS, strict=False))
    for name, text in fields.items():
        at.text_area(key=f"{k}.{name}").input(text)
    at.text_input(key=f"{k}.author").input(PAYLOADS[4])
    at.text_input(key=f"{k}.description.0").input(PAYLOADS[2])
    (save,) = [b for b in at.button if b.label == "Save note"]
    save.click().run()
    assert [s.value for s in at.success] == ["Note saved."]
    for payload in PAYLOADS:
        assert_shown_as_text(at, payload)
    note = coaching.seller_notes(ui.get_coach(), "S05")[0]
    assert {name: getattr(note, name) for name in fields} == fields
    assert note.author == PAYLOADS[4] and note.actions[0].description == PAYLOADS[2]
    after = table_checksums(demo_db)
    changed = {name for name in before if before[name] != after[name]}
    # a saved note is written to the coaching store only: the analytics file is not touched
    assert changed == {
        "coaching:coaching_notes",
        "coaching:coaching_actions",
        "coaching:coaching_data_version",
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_upload_names(demo_db, payload):
    before = table_checksums(demo_db)
    files = {f"{payload}.csv": b"seller_id,name,team\nS900,X,SMB\n", f"{payload}.CSV": b"x"}
    at = _page_with_uploads(files).run()
    assert_shown_as_text(at, payload)
    assert any("is already uploaded" in e.value for e in at.error)  # the two names clash
    at = _page_with_uploads({f"{payload}.csv": b"seller_id,name,team\nS900,X,SMB\n"}).run()
    assert_shown_as_text(at, payload)
    assert any(e.value.startswith("Nothing can be loaded") for e in at.error)  # not a table name
    assert table_checksums(demo_db) == before
