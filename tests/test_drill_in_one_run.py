"""A click on a seller's row opens the seller page in one script run (issue #19: the drill-down
took two runs, the overview's own and then the seller page's). The table's selection callback
(`show_table(..., on_pick=...)`) switches page before the overview runs again."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.streamlit_client import Session, page_path
from salescoach.ui import tables
from tests.db_state import copy_database
from tests.streamlit_server import running_app


def test_the_callback_hands_over_the_row_of_the_frame_the_click_picked(monkeypatch):
    frame = pd.DataFrame({"seller_id": ["S1", "S2", "S3", "S4"], "sales": [10, 40, 30, 20]})
    picked = []
    table = tables._Table(
        view=frame,
        raw=frame,
        headers={"seller_id": "Seller"},
        kinds={},
        config={},
        marks=[],
        key="sellers",
        page_size=2,
        options={"on_select": "rerun"},
        highlight_colour="#fff",
        rows=frame,
        on_pick=lambda row: picked.append(row["seller_id"]),
    )
    shown = np.array([1, 2])  # sorted by sales, descending, first page of two: S2, S3
    callback = tables._pick_callback(table, shown)
    state = {"sellers": {"selection": {"rows": [1], "columns": [], "cells": []}}}
    monkeypatch.setattr(tables.st, "session_state", state)
    callback()
    assert picked == ["S3"]  # the second row on screen, not the frame's second row
    for nothing in ({"selection": {"rows": []}}, {"selection": {"rows": [5]}}, None):
        state["sellers"] = nothing  # no pick, a row the page no longer has, no state
        callback()
    assert picked == ["S3"]


def test_a_row_click_on_the_overview_runs_only_the_seller_page(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with running_app(db, tmp_path / "server.log") as base, Session(base) as session:
        opened = session.run(page_path("team_overview"), "")
        assert opened["finished"] == "FINISHED_SUCCESSFULLY" and not opened["exceptions"]
        rows = session.widget("overview_table")["rows"]
        assert rows and rows > 1
        clicked = session.rerun([session.pick_rows("overview_table", [1])])
        assert clicked["finished"] == "FINISHED_SUCCESSFULLY" and not clicked["exceptions"]
        # the first run stopped before the overview drew anything: the callback had switched page
        assert clicked["runs"] == 2 and clicked["elements_by_run"][0] == 0, clicked["elements_by_run"]
        assert "seller=" in session.query_string
        seller_page = session.run()  # the page the session is on now: the seller's
        assert seller_page["finished"] == "FINISHED_SUCCESSFULLY"
        picked = session.query_string.split("seller=")[1].split("&")[0]
        assert f"coaching.new.{picked}" in session.widgets  # the seller page of the seller picked
        assert "seller_trend" in session.widgets
