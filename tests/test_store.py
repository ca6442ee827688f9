"""The Python API a page or a Jupyter user opens: connect, load, re-load by key, versions."""

import pandas as pd
import pytest

import salescoach
from salescoach.importer import DataImportError
from tests.tiny_data import tiny_tables


def test_connect_without_path_makes_the_demo_database(tmp_path, monkeypatch):
    db = tmp_path / "default.duckdb"
    monkeypatch.setenv("SALESCOACH_DB", str(db))
    with salescoach.connect() as coach:
        assert db.exists()
        assert coach.meta()["source"] == "demo"
        assert len(coach.query("table_row_counts").query("row_count == 0")) == 0
    with salescoach.connect() as again:  # opened, not regenerated
        assert again.data_version() == 1


def test_reimport_replaces_rows_by_key_and_bumps_the_version(tiny_coach):
    assert tiny_coach.data_version() == 1
    change = {
        "offers": pd.DataFrame(
            [
                {
                    "offer_id": "O4",
                    "seller_id": "S1",
                    "sent_date": "2026-02-01",
                    "value": "4500",
                    "status": "open",
                }
            ]
        )
    }
    summary = tiny_coach.load_frames(change)
    assert summary.rows == {"offers": 1} and summary.data_version == 2
    counts = tiny_coach.query("table_row_counts").set_index("table_name")["row_count"]
    assert counts["offers"] == 11  # replaced, not added
    card = tiny_coach.scorecard("2026-01-01", "2026-03-31", as_of="2026-02-15").set_index("seller_id")
    assert card.loc["S1", "open_pipeline"] == pytest.approx(8500)


def test_failed_load_changes_nothing(tiny_coach):
    bad = tiny_tables()
    bad["deals"].loc[0, "seller_id"] = "S404"
    with pytest.raises(DataImportError) as error:
        tiny_coach.load_frames(bad)
    assert any(p.column == "seller_id" and "S404" in p.message for p in error.value.problems)
    assert tiny_coach.data_version() == 1


def test_reference_to_rows_already_stored_is_accepted(tiny_coach):
    more = {
        "activities": pd.DataFrame(
            [{"activity_id": "A99", "seller_id": "S3", "type": "call", "date": "2026-01-09"}]
        )
    }
    tiny_coach.load_frames(more)
    card = tiny_coach.scorecard("2026-01-01", "2026-01-31").set_index("seller_id")
    assert card.loc["S3", "calls"] == 1
