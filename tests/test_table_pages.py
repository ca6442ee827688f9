"""`ui.show_table` in AppTest with more rows than a page: it sends one page of 100 rows, sorts
every row on the server, shows every row when asked, keeps the highlighted row on screen,
turns a pick on a page into the row of the whole table, and its CSV holds every row."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest


def _page(rows: int, highlight_row: int | None, on_select: str) -> None:
    import pandas as pd
    import streamlit as st

    from salescoach import ui
    from salescoach.i18n import t
    from salescoach.metrics import label

    # Seller i sold 1,000 × i euros; every third seller's hit rate is unknown.
    frame = pd.DataFrame(
        {
            "seller": [f"Seller {i:03d}" for i in range(rows)],
            "sales": [1000.0 * i for i in range(rows)],
            "hit_rate": [None if i % 3 == 0 else i / rows for i in range(rows)],
        }
    )
    marks = None if highlight_row is None else [i == highlight_row for i in range(rows)]
    event = ui.show_table(
        frame,
        {"seller": t("col.seller"), "sales": label("sales"), "hit_rate": label("hit_rate")},
        key="t",
        highlight=marks,
        on_select=on_select,
        file_name="t",
    )
    picked = ui.selected_row(event, frame)
    st.text(f"picked {picked['seller'] if picked is not None else None}; shown {len(event.shown)}")


def _run(rows: int = 250, highlight_row: int | None = None, on_select: str = "ignore") -> AppTest:
    at = AppTest.from_function(
        _page, kwargs={"rows": rows, "highlight_row": highlight_row, "on_select": on_select}
    )
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _sellers(at: AppTest) -> list[str]:
    (table,) = at.dataframe
    return table.value["seller"].tolist()


def _rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_long_table_sends_one_page_and_says_which_rows():
    at = _run()
    assert _sellers(at) == [f"Seller {i:03d}" for i in range(100)]
    assert any(c.value.startswith("Rows 1–100 of 250.") for c in at.caption)
    at.number_input(key="t_page").set_value(3)
    at = _rerun(at)
    assert _sellers(at) == [f"Seller {i:03d}" for i in range(200, 250)]  # the remaining 50
    assert any(c.value.startswith("Rows 201–250 of 250.") for c in at.caption)
    assert at.text[0].value == "picked None; shown 50"


def test_sort_by_sorts_every_row_not_only_the_page():
    at = _run()
    at.selectbox(key="t_sort").set_value("sales")
    at.toggle(key="t_descending").set_value(True)
    at = _rerun(at)
    # Descending over all 250 rows: page 1 is sellers 249 … 150, not the first page reversed.
    assert _sellers(at) == [f"Seller {i:03d}" for i in range(249, 149, -1)]
    at.selectbox(key="t_sort").set_value("hit_rate")
    at.number_input(key="t_page").set_value(3)
    at = _rerun(at)
    # 166 sellers have a hit rate (i not divisible by 3) and take ranks 1-166, highest first;
    # the 84 unknown (i = 0, 3, …, 249) come last, in their order, at ranks 167-250. Page 3
    # is ranks 201-250: the unknown from the 35th on (i = 34 × 3 = 102) to the last (249).
    shown = at.dataframe[0].value
    assert shown["hit_rate"].isna().all()
    assert shown["seller"].tolist() == [f"Seller {i:03d}" for i in range(102, 250, 3)]


def test_every_row_when_asked():
    at = _run()
    at.toggle(key="t_every_row").set_value(True)
    at = _rerun(at)
    assert len(_sellers(at)) == 250 and not at.number_input
    assert any(c.value.startswith("Rows 1–250 of 250.") for c in at.caption)


def test_a_short_table_has_no_pager():
    at = _run(rows=100)
    assert len(_sellers(at)) == 100
    assert not at.number_input and not at.toggle and not at.selectbox


def test_the_highlighted_row_is_on_screen():
    at = _run(highlight_row=230)  # the seller under review is row 231: page 3
    assert _sellers(at)[30] == "Seller 230"
    at.number_input(key="t_page").set_value(1)  # the director pages back: the table stays there
    at = _rerun(at)
    assert _sellers(at)[0] == "Seller 000"


def test_a_pick_on_a_page_is_the_row_of_the_whole_table():
    at = _run(on_select="rerun")
    at.number_input(key="t_page").set_value(2)
    at = _rerun(at)
    # AppTest cannot click the grid: the selection the click makes, row 5 of page 2.
    at.session_state["t"] = {"selection": {"rows": [5], "columns": [], "cells": []}}
    at = _rerun(at)
    assert at.text[0].value == "picked Seller 105; shown 100"


@pytest.mark.parametrize(
    ("lang", "header"),
    [("en", "Seller,Sales (€),Hit rate (%)"), ("fi", "Myyjä;Myynti (€);Osumatarkkuus (%)")],
)
def test_the_csv_holds_every_row_in_the_language_of_the_page(monkeypatch, lang, header):
    monkeypatch.setenv("SALESCOACH_LANG", lang)
    written = {}
    original = st.download_button

    def recording(label, data, **kwargs):
        written["data"] = data
        return original(label, data, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    _run()
    monkeypatch.setenv("SALESCOACH_LANG", "sv")  # the CSV is written later, in its own thread
    text = written["data"]().decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == header
    assert len(lines) == 1 + 250 + 1  # the header, every row, the final line end
    assert lines[250].startswith("Seller 249")
