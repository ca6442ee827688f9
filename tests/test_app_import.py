"""The import page: preview, located problems, load; and the upload guard."""

import datetime as dt
import io

import pytest
from streamlit.testing.v1 import AppTest

from salescoach.uploads import UploadError, safe_file_name, save_uploads
from tests.db_state import app_database


class FakeUpload(io.BytesIO):
    def __init__(self, name: str, data: bytes):
        super().__init__(data)
        self.name = name
        self.size = len(data)


def test_safe_file_name_drops_folders():
    assert safe_file_name("../../app.py") == "app.py"
    assert safe_file_name("C:\\exports\\offers.csv") == "offers.csv"
    assert safe_file_name("..hidden.csv") == "hidden.csv"
    with pytest.raises(UploadError):
        safe_file_name("../..")


def test_save_uploads_refuses_too_large_and_duplicate_files_before_writing(tmp_path):
    big = FakeUpload("offers.csv", b"x" * 11)
    with pytest.raises(UploadError, match=r"offers.csv: the file is .* the limit is"):
        save_uploads([FakeUpload("sellers.csv", b"a"), big], tmp_path / "out", limit=10)
    assert not (tmp_path / "out").exists()
    with pytest.raises(UploadError, match="already uploaded"):
        save_uploads([FakeUpload("sellers.csv", b"a"), FakeUpload("SELLERS.csv", b"b")], tmp_path / "out")
    written = save_uploads([FakeUpload("../sellers.csv", b"a")], tmp_path / "out")
    assert [p.name for p in written] == ["sellers.csv"] and written[0].parent == tmp_path / "out"


@pytest.fixture
def import_app(tmp_path, monkeypatch):
    from salescoach.store import create_demo_database

    db = tmp_path / "import.duckdb"
    create_demo_database(db, sellers=3, years=1, end=dt.date(2026, 11, 23)).close()
    with app_database(monkeypatch, db):
        yield db


def _page_with_uploads(files: dict[str, bytes]) -> AppTest:
    """The import page with files 'uploaded' (AppTest cannot drive a file uploader)."""

    def script(files):
        import streamlit as st

        from tests.test_app_import import FakeUpload

        original = st.file_uploader
        st.file_uploader = lambda *a, **k: [FakeUpload(n, d) for n, d in files.items()]
        try:
            exec(open("pages/import_data.py", encoding="utf-8").read(), {"__name__": "__main__"})
        finally:
            st.file_uploader = original

    return AppTest.from_function(script, args=(files,), default_timeout=60)


def test_valid_files_preview_then_load(import_app):
    files = {
        "sellers.csv": "seller_id;name;team\nS900;Uusi Myyjä;SMB\n".encode("cp1252"),
        "activities.csv": b"activity_id,seller_id,type,date\nA900,S900,Meeting,5.1.2026\n",
    }
    at = _page_with_uploads(files).run()
    assert not at.exception
    assert "The files are valid: 1 sellers, 1 activities." in [s.value for s in at.success]
    at.button(key="import_load").click().run()
    assert any("Loaded: imported 1 sellers, 1 activities" in s.value for s in at.success)

    from salescoach import connect

    with connect(import_app) as coach:  # same process as the app: same (read-write) configuration
        names = coach.query("seller_list")
    assert "Uusi Myyjä" in set(names["seller"])


def test_problems_are_listed_and_nothing_loads(import_app):
    files = {"offers.csv": b"offer_id,seller_id,sent_date,value,status\nO900,S404,2026-01-01,-1,open\n"}
    at = _page_with_uploads(files).run()
    assert not at.exception
    assert any("Nothing can be loaded: 2 problem(s)" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert set(problems["column"]) == {"seller_id", "value"}
    assert set(problems["row"]) == {2}
    assert not at.button  # no Load button for invalid files


def test_reference_data_set_through_its_preset(import_app):
    from pathlib import Path

    # CI clones the project with shared/ beside it, as in the work tree.
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "crm-sales-opportunities"
    if not reference.is_dir():
        pytest.skip(f"no shared/ reference data beside the project ({reference})")
    files = {path.name: path.read_bytes() for path in sorted(reference.glob("*.csv"))}
    assert len(files) == 4, reference
    at = _page_with_uploads(files).run()
    at.selectbox(key="import_source").set_value("crm-sales-opportunities").run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "activities" in warnings  # the caveat that the data set has none
    assert any(
        s.value.startswith("The files are valid: 35 sellers, 85 customers, 8300 offers") for s in at.success
    )
    at.button(key="import_load").click().run()
    assert any("Loaded: imported 35 sellers" in s.value for s in at.success)


def test_problems_read_in_the_viewers_language_with_the_record_column(import_app):
    # A negative value and an unknown seller on row 2 of offers.csv, the page in Finnish
    # (?lang=fi): each located error in Finnish, with its record ("tarjous O900", the row's key);
    # the file's own values (the column names, S404, -1) stay as the file spells them.
    files = {"offers.csv": b"offer_id,seller_id,sent_date,value,status\nO900,S404,2026-01-01,-1,open\n"}
    page = _page_with_uploads(files)
    page.query_params["lang"] = "fi"
    at = page.run()
    assert not at.exception
    assert any("Mitään ei voi tuoda: näissä tiedostoissa on 2 ongelmaa" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["file", "row", "record", "column", "problem"]
    by_column = {row["column"]: row for row in problems.to_dict("records")}
    assert by_column["value"]["problem"] == "negatiivinen arvo -1 (oltava 0 tai enemmän)"
    assert by_column["seller_id"]["problem"] == (
        'tuntematon seller_id "S404" (ei tietokannassa, eikä tässä tuonnissa ole sellers-tiedostoa)'
    )
    assert {row["record"] for row in by_column.values()} == {"tarjous O900"}
    assert {row["file"] for row in by_column.values()} == {"offers.csv"}


def test_problems_in_english_name_the_record_too(import_app):
    files = {"offers.csv": b"offer_id,seller_id,sent_date,value,status\nO900,S404,2026-01-01,-1,open\n"}
    at = _page_with_uploads(files).run()
    problems = at.dataframe[0].value
    assert sorted(problems.to_dict("records"), key=lambda r: r["column"]) == [
        {"file": "offers.csv", "row": 2, "record": "offer O900", "column": "seller_id",
         "problem": 'unknown seller_id "S404" (not in the database, and this import has no sellers file)'},
        {"file": "offers.csv", "row": 2, "record": "offer O900", "column": "value",
         "problem": "negative value -1 (must be 0 or more)"},
    ]  # fmt: skip
