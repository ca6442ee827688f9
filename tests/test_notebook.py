"""notebooks/scorecard.ipynb runs top to bottom on a demo database and shows the scorecard
and the pipeline chart (executed with nbclient in the venv's python3 kernel)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from salescoach.store import create_demo_database

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "scorecard.ipynb"
END = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    db = tmp_path_factory.mktemp("notebook") / "demo.duckdb"
    with create_demo_database(db, end=END) as coach:
        card = coach.scorecard("2026-10-01", END)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    mp = pytest.MonkeyPatch()
    mp.setenv("SALESCOACH_DB", str(db))
    mp.setenv("SALESCOACH_LANG", "en")  # the notebook's formats follow the setting
    mp.setenv("PYTHONPATH", str(ROOT))  # the kernel imports salescoach from this checkout
    try:
        client = NotebookClient(
            notebook,
            timeout=180,
            kernel_name="python3",
            resources={"metadata": {"path": str(ROOT / "notebooks")}},
        )
        client.execute()
    finally:
        mp.undo()
    return notebook, card


def values(encoded) -> np.ndarray:
    """A plotly JSON array: a list, or a typed array {"dtype": "f8", "bdata": base64}."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"])
    return np.asarray(encoded, dtype=float)


def outputs(notebook):
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def test_notebook_runs_without_errors(executed):
    notebook, _ = executed
    assert outputs(notebook)
    assert [o for o in outputs(notebook) if o.output_type == "error"] == []


def test_notebook_shows_the_latest_quarter_scorecard(executed):
    notebook, card = executed
    text = "".join(o.get("text", "") for o in outputs(notebook) if o.output_type == "stream")
    # The demo's last day is 23.11.2026; the dates as the English dashboard writes them.
    assert "Q4 2026: 1 Oct – 23 Nov 2026" in text
    html = next(o.data["text/html"] for o in outputs(notebook) if "text/html" in o.get("data", {}))
    for header in ("Meetings", "New business", "Hit rate", "Coverage", "Thin pipeline"):
        assert f"<th>{header}</th>" in html
    for seller in card["seller"]:
        assert f"<th>{seller}</th>" in html


def test_notebook_shows_the_pipeline_chart(executed):
    notebook, card = executed
    figures = [
        o.data["application/vnd.plotly.v1+json"]
        for o in outputs(notebook)
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    assert len(figures) == 1
    figure = figures[0] if isinstance(figures[0], dict) else json.loads(figures[0])
    assert [trace["type"] for trace in figure["data"]] == ["bar", "bar"]
    assert figure["layout"]["title"]["text"] == "Open pipeline on 23 Nov 2026"
    # The chart and the scorecard count the same open offers on the same day.
    charted = sum(values(trace["y"]).sum() for trace in figure["data"])
    assert charted == pytest.approx(card["open_pipeline"].sum())
