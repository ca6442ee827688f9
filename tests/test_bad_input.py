"""The bad-input corpus in tests/bad_input/: files as users really send them.

Each folder of ``tests/bad_input/`` is one import. Its ``expected.txt`` says either
exactly which problems the import must report (``file | row | column | message
fragment``, ``-`` for none; any order within a file, files in load order) or, for the
``ok_`` folders that must import, exact values stored afterwards (``stored | table |
key | column | value``). See tests/bad_input/README.md.

Every import goes into a database that already holds the tiny data set. A rejected
import must leave that database exactly as it was: same rows and same content hash
in every table (``tests/db_state.py``), data_version and rollups included.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl
import pytest

import salescoach
from salescoach import importer
from salescoach.contract import TABLES
from salescoach.importer import DataImportError
from tests.db_state import copy_database, table_checksums
from tests.tiny_data import tiny_tables

CORPUS = Path(__file__).parent / "bad_input"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
BAD_CASES = [c for c in CASES if not c.startswith("ok_")]
OK_CASES = [c for c in CASES if c.startswith("ok_")]


@dataclass(frozen=True)
class Expected:
    problems: list[tuple[str, int | None, str | None, str]]
    stored: list[tuple[str, str, str, str]]


def expected_of(case: str) -> Expected:
    problems, stored = [], []
    for line in (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("stored | "):
            _, table, key, column, value = line.split(" | ", 4)
            stored.append((table, key, column, value))
            continue
        file, row, column, fragment = line.split(" | ", 3)
        problems.append((file, None if row == "-" else int(row), None if column == "-" else column, fragment))
    return Expected(problems, stored)


@pytest.fixture(scope="module")
def tiny_template(tmp_path_factory) -> Path:
    """A database file holding the tiny data set, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "tiny.duckdb"
    coach = salescoach.connect(path)
    coach.load_frames(tiny_tables())
    coach.close()
    return path


@pytest.fixture
def coach(tiny_template, tmp_path):
    path = tmp_path / "tiny.duckdb"
    copy_database(tiny_template, path)
    coach = salescoach.connect(path)
    yield coach
    coach.close()


def rejected(coach, folder: Path) -> DataImportError:
    """Import `folder`, which must fail, and check the database did not change."""
    before = table_checksums(coach.path)
    with pytest.raises(DataImportError) as caught:
        coach.load(folder)
    assert table_checksums(coach.path) == before
    return caught.value


def assert_problems(error: DataImportError, expected: list[tuple]) -> None:
    """Exactly the expected problems (any order within a file), files in load order."""
    got = sorted(error.problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
    want = sorted(expected, key=lambda e: (e[0], e[1] or 0, e[2] or ""))
    assert [(p.file, p.row, p.column) for p in got] == [e[:3] for e in want], str(error)
    for problem, (*_, fragment) in zip(got, want, strict=True):
        assert fragment in problem.message, str(problem)
    files = [p.file for p in error.problems]
    assert files == sorted(files, key=[e[0] for e in expected].index), "grouped by file in load order"
    assert error.total == len(expected)


def stored_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def test_corpus_has_a_case_per_contract_rule():
    rules = {
        "unknown_seller_id",
        "duplicate_id",
        "unparseable_value",
        "unparseable_date",
        "unparseable_month",
        "unparseable_bool",
        "unparseable_choice",
        "missing_required_column",
        "won_offer_without_closed_date",
        "negative_value",
        "empty_file",
        "unknown_table_file",
        "binary_garbage",
        "truncated_xlsx",
        "ok_windows_1252_finnish_excel",
        "ok_utf16_excel_unicode_text",
        "ok_formula_text_csv",
        "date_out_of_range",
        "number_out_of_range",
        "text_too_long",
        "xlsx_formula_without_value",
        "parquet_list_column",
        "utf16_without_bom",
    }
    assert rules <= set(CASES)
    for case in CASES:
        expected = expected_of(case)
        assert bool(expected.problems) != bool(expected.stored), case
        assert bool(expected.stored) == case.startswith("ok_"), case


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_rejected_with_located_problems_and_database_unchanged(coach, case):
    error = rejected(coach, CORPUS / case)
    assert_problems(error, expected_of(case).problems)


@pytest.mark.parametrize("case", OK_CASES)
def test_good_input_is_stored_exactly(coach, case):
    before = dict(coach.query("table_row_counts").itertuples(index=False, name=None))
    summary = coach.load(CORPUS / case)
    assert summary.data_version == 2
    after = dict(coach.query("table_row_counts").itertuples(index=False, name=None))
    assert {t: after[t] - before[t] for t in summary.rows} == summary.rows  # all new keys
    notes = {row["note_id"]: row for row in coach.coaching.rows("notes")}  # the coaching store's
    coach.close()
    with duckdb.connect(str(coach.path), read_only=True) as con:
        for table, key, column, value in expected_of(case).stored:
            spec = TABLES[table]  # identifiers from the contract; the key is bound
            assert column in spec.column_names and len(spec.key) == 1
            if table == "coaching_notes":
                rows = [(notes[key][column],)] if key in notes else []
            else:
                rows = con.execute(
                    f"select {column} from {table} where {spec.key[0]} = $key", {"key": key}
                ).fetchall()
            assert len(rows) == 1, (table, key)
            assert stored_text(rows[0][0]) == value, (table, key, column)


# --------------------------------------------------------------------------- size limit


def test_one_gigabyte_file_is_refused_before_it_is_read(coach, tmp_path, monkeypatch):
    folder = tmp_path / "upload"
    folder.mkdir()
    with (folder / "activities.csv").open("wb") as handle:
        handle.truncate(1024**3)  # sparse: 1 GB that takes no disk space

    def must_not_read(*args, **kwargs):
        raise AssertionError("the file was opened although it is over the limit")

    monkeypatch.setattr(importer, "_csv_encoding", must_not_read)
    monkeypatch.setattr(importer, "_read_csv_grid", must_not_read)
    error = rejected(coach, folder)
    assert_problems(error, [("activities.csv", None, None, "file is 1 GB; the limit is 200 MB")])
    assert str(error) == "The import has 1 problem:\nactivities.csv: file is 1 GB; the limit is 200 MB"


def test_size_limit_applies_to_each_format(coach, tmp_path, monkeypatch):
    shutil.copytree(CORPUS / "ok_formula_text_xlsx", tmp_path / "upload")
    rows = "".join(f"A{i},S1,C1,call,2026-03-02\n" for i in range(20, 1000))
    (tmp_path / "upload" / "activities.csv").write_text(
        "activity_id,seller_id,customer_id,type,date\n" + rows, encoding="utf-8"
    )
    size_csv = (tmp_path / "upload" / "activities.csv").stat().st_size
    size_xlsx = (tmp_path / "upload" / "customers.xlsx").stat().st_size
    assert size_csv > 20_000 and 4000 < size_xlsx < 10_000
    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 4000)
    error = rejected(coach, tmp_path / "upload")
    csv_kb = f"{size_csv / 1024:.1f}".removesuffix(".0")
    xlsx_kb = f"{size_xlsx / 1024:.1f}".removesuffix(".0")
    assert_problems(
        error,
        [
            ("customers.xlsx", None, None, f"file is {xlsx_kb} KB; the limit is 3.9 KB"),
            ("activities.csv", None, None, f"file is {csv_kb} KB; the limit is 3.9 KB"),
        ],
    )


def xlsx_bomb(path: Path, unpacked_bytes: int) -> None:
    """A valid customers workbook whose sheet is `unpacked_bytes` of repeated rows."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["customer_id", "name"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    row = b'<row><c t="inlineStr"><is><t>C1</t></is></c><c t="inlineStr"><is><t>Acme</t></is></c></row>'
    block = row * (1024 * 1024 // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, data)
                continue
            head, tail = data.split(b"<sheetData>")[0], data.split(b"</sheetData>")[1]
            with archive.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b"<sheetData>")
                for _ in range(unpacked_bytes // len(block) + 1):
                    sheet.write(block)
                sheet.write(b"</sheetData>" + tail)


def test_small_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read(coach, tmp_path, monkeypatch):
    # Caught by this test: the size limit was checked on the zipped file only, so a
    # 0.7 MB .xlsx holding 200+ MB of sheet XML (millions of rows) was handed to
    # openpyxl, which would take minutes and gigabytes of memory to read it.
    folder = tmp_path / "upload"
    folder.mkdir()
    xlsx_bomb(folder / "customers.xlsx", 210 * 1024 * 1024)
    assert (folder / "customers.xlsx").stat().st_size < 2 * 1024 * 1024

    def must_not_read(*args, **kwargs):
        raise AssertionError("the workbook was read although it unpacks beyond the limit")

    monkeypatch.setattr(importer, "_read_xlsx_grid", must_not_read)
    error = rejected(coach, folder)
    assert_problems(
        error,
        [("customers.xlsx", None, None, "the workbook unpacks to 211 MB; the limit is 200 MB")],
    )
