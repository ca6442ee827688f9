"""A single value never takes a page down (issue 12, point 1, the pages' side).

Every page draws, with AppTest, for URL parameters outside anything the sidebar offers (days
before and after `ui.DATE_RANGE`, days that are no days, unknown periods, teams, sellers,
languages and flags), on a database whose values sit at the contract's edges (1e12-scale amounts
and targets, the first and last day the dashboard covers), and on one written past the contract
straight into the file (1.7e308, a deal in 2126, due dates on 9999-12-31): a URL day outside the
range is clamped to it with a note saying so, data beyond it pins the periods to its last day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import salescoach
from salescoach import contract, ui
from salescoach.coaching_store import embedded_path
from salescoach.db import refresh_rollups
from salescoach.formatting import format_date, format_span
from tests.db_state import copy_database
from tests.test_hostile_input import APP

FIRST, LAST = ui.DATE_RANGE
PAGES = (
    "pages/team_overview.py",
    "pages/activity.py",
    "pages/conversion.py",
    "pages/pipeline.py",
    "pages/seller.py",
    "pages/coaching.py",
    "pages/import_data.py",
)
# days outside the range (the day before its first, the day after its last, the calendar's ends)
OUTSIDE = (
    (FIRST - dt.timedelta(days=1)).isoformat(),
    "0001-01-01",
    "9999-12-31",
    (LAST + dt.timedelta(days=1)).isoformat(),
)
GARBAGE = ("garbage", "2026-02-30", "", "-1", "2026-11-23T00:00", "1e308", "<b>x</b>", "x" * 300)


def _fresh(path):
    st.cache_resource.clear()
    st.cache_data.clear()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    copy_database(demo_template, path)
    monkeypatch.setenv("SALESCOACH_DB", str(path))
    yield _fresh(path)
    _fresh(path)


def run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, (page, params, [e.message for e in at.exception])
    return at


def sidebar_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.sidebar.warning]


# -- the URL ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", OUTSIDE)
def test_a_url_day_outside_the_range_is_clamped_with_a_note(demo_db, raw):
    day = dt.date.fromisoformat(raw)
    shown = FIRST if day < FIRST else LAST
    at = run("pages/team_overview.py", date=raw)
    (picker,) = [d for d in at.sidebar.date_input if d.key == "filter_date"]
    assert picker.value == shown
    # "“Period containing” in the link is 31 Dec 9999, outside the dates the dashboard covers
    # (1 Jan 1990 – 31 Dec 2099): showing 31 Dec 2099 instead."
    assert sidebar_warnings(at) == [
        f"“Period containing” in the link is {format_date(day, 'en')}, outside the dates the dashboard "
        f"covers ({format_span(FIRST, LAST, 'en')}): showing {format_date(shown, 'en')} instead."
    ]
    assert at.query_params["date"] == shown.isoformat()  # the link now says what is shown


@pytest.mark.parametrize("page", PAGES)
def test_custom_from_and_to_outside_the_range_on_every_page(demo_db, page):
    at = run(page, period="custom", **{"from": "0001-01-01", "to": "9999-12-31"})
    if page == "pages/import_data.py":  # the Import page has no filters
        return
    pickers = {d.key: d.value for d in at.sidebar.date_input}
    assert pickers == {"filter_from": FIRST, "filter_to": LAST}
    notes = sidebar_warnings(at)
    assert len(notes) == 2 and "“From” in the link is 1 Jan 1" in notes[0] and "“To” in the link" in notes[1]
    assert format_span(FIRST, LAST, "en") in at.caption[0].value  # the page shows the whole range


@pytest.mark.parametrize("page", PAGES)
def test_garbage_in_every_url_parameter_on_every_page(demo_db, page):
    names = ("date", "from", "to", "period", "team", "seller", "lang", "present")
    for value in GARBAGE:
        at = run(page, **dict.fromkeys(names, value))
        if value and page != "pages/import_data.py":
            notes = " ".join(sidebar_warnings(at))
            assert "is not a date (write it YYYY-MM-DD)" in notes, (value, notes)
    for name in names:  # each alone too: one bad parameter must not hide what another does
        for value in ("9999-12-31", "1999-12-31", "garbage"):
            run(page, **{name: value})


def test_a_url_day_at_the_edges_is_taken_as_it_is(demo_db):
    for day in (FIRST, LAST):
        at = run("pages/team_overview.py", period="week", date=day.isoformat())
        assert [d.value for d in at.sidebar.date_input] == [day]
        assert sidebar_warnings(at) == []


def test_the_notes_are_in_the_links_language(demo_db):
    at = run("pages/coaching.py", lang="fi", date="9999-12-31")
    (note,) = sidebar_warnings(at)
    assert note == (
        f"Linkin ”Jakso, johon kuuluu” on 31.12.9999, kojelaudan päivien ({format_span(FIRST, LAST, 'fi')}) "
        f"ulkopuolella: näytetään {format_date(LAST, 'fi')}."
    )
    assert format_span(FIRST, LAST, "fi") == "1.1.1990–31.12.2099"  # the contract's range, in Finnish


# -- values at the contract's edges, through the import ------------------------------------------------


def _largest(table: str, column: str, wanted: float) -> float:
    """`wanted`, or the contract's largest value for the column when it has a smaller one."""
    spec = next(c for c in contract.TABLES[table].columns if c.name == column)
    highest = getattr(spec, "max_value", None)
    return min(wanted, highest) if highest is not None else wanted


@pytest.fixture
def edge_db(demo_db):
    """The demo with 1e12-scale amounts and targets, and work on the range's first and last day."""
    big = _largest("deals", "value", 1e12)
    with salescoach.connect(demo_db) as coach:
        coach.load_frames(
            {
                "deals": pd.DataFrame(
                    {
                        "deal_id": ["D-EDGE-1", "D-EDGE-2", "D-EDGE-3"],
                        "seller_id": ["S01", "S01", "S02"],
                        "close_date": [FIRST.isoformat(), LAST.isoformat(), "2026-11-20"],
                        "value": [big, big, big],
                    }
                ),
                "offers": pd.DataFrame(
                    {
                        "offer_id": ["O-EDGE-1", "O-EDGE-2"],
                        "seller_id": ["S01", "S03"],
                        "sent_date": ["2026-11-02", FIRST.isoformat()],
                        "value": [_largest("offers", "value", 1e12)] * 2,
                        "status": ["open", "open"],
                        "expected_close_date": [LAST.isoformat(), "2026-12-15"],
                    }
                ),
                "targets": pd.DataFrame(
                    {
                        "seller_id": ["S01", "S02"],
                        "month": [f"{LAST.year}-12", "2026-11"],
                        "sales_target": [_largest("targets", "sales_target", 1e12)] * 2,
                        "meetings_target": [_largest("targets", "meetings_target", 1e6)] * 2,
                    }
                ),
            }
        )
    return _fresh(demo_db)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_values_at_the_contract_edges(edge_db, page):
    at = run(page)  # the data now reaches the range's last day: that quarter is the default
    if page == "pages/import_data.py":
        return
    assert [d.value for d in at.sidebar.date_input] == [LAST]
    assert sidebar_warnings(at) == []
    run(page, date="2026-11-23", seller="S01")
    run(page, period="custom", **{"from": FIRST.isoformat(), "to": LAST.isoformat()})


def test_amounts_of_a_trillion_read_in_full(edge_db):
    at = run("pages/seller.py", seller="S02", date="2026-11-23", period="month")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Sales (target €1,000,000,000,000)"].startswith("€1,000,000,")  # the deal and the work


# -- values past the contract, written straight into the file -------------------------------------------


@pytest.fixture
def beyond_db(demo_db):
    """Values no import accepts, written into the database directly (as a damaged or hand-edited
    file could hold them), with the rollups rebuilt as an import would."""
    huge = 1.7e308
    with duckdb.connect(str(demo_db)) as con:  # test only: past the contract on purpose
        cursor = con.cursor()
        cursor.execute(
            "update targets set sales_target = $v, meetings_target = $v where seller_id in ('S01', 'S02')",
            {"v": huge},
        )
        cursor.execute("update offers set value = $v where seller_id in ('S01', 'S05')", {"v": huge})
        cursor.execute("update deals set value = $v where seller_id in ('S01', 'S06')", {"v": huge})
        cursor.execute(
            "update deals set close_date = date '2126-01-05' where deal_id = (select min(deal_id) from deals where seller_id = 'S03')"
        )
        cursor.execute(
            "update offers set expected_close_date = date '9999-12-31' where offer_id in (select offer_id from offers where status = 'open' and seller_id = 'S04' limit 3)"
        )
        refresh_rollups(cursor)
        cursor.close()
    with sqlite3.connect(embedded_path(demo_db)) as store:  # the notes live in the coaching store
        store.execute(
            "update coaching_notes set held_on = '2126-03-01' where note_id = (select max(note_id) from coaching_notes where seller_id = 'S07')"
        )
        store.execute(
            "update coaching_actions set due_date = '9999-12-31' where note_id in (select note_id from coaching_notes where seller_id = 'S07')"
        )
    store.close()
    return _fresh(demo_db)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_values_past_the_contract(beyond_db, page):
    at = run(page)
    if page != "pages/import_data.py":
        # the data reaches 5 Jan 2126: the periods stop at the last day the pickers hold, and say so
        assert [d.value for d in at.sidebar.date_input] == [LAST]
        assert sidebar_warnings(at) == [
            f"The data reaches 5 Jan 2126, beyond the dates the dashboard covers "
            f"({format_span(FIRST, LAST, 'en')}): the periods go up to {format_date(LAST, 'en')}."
        ]
    for seller in ("S01", "S02", "S04", "S05", "S07"):
        run(page, seller=seller, date="2026-11-23")
        run(page, seller=seller, date="2026-11-23", period="year", present="1")


def test_a_note_dated_past_the_range_opens_in_its_edit_form(beyond_db):
    at = run("pages/seller.py", seller="S07", date="2026-11-23")
    (edit,) = [b for b in at.button if b.key and b.key.startswith("coaching.edit.")][:1]
    edit.click().run()
    assert not at.exception, [e.message for e in at.exception]
    held = [d for d in at.date_input if d.key and d.key.endswith(".held_on")]
    assert [d.value for d in held] == [LAST]
    assert any(
        "A stored date (1 Mar 2126) is outside the dates the form takes" in c.value for c in at.caption
    )
