"""Spreadsheet, Parquet and encoding edge cases at import (issue #12, point 6).

- An XLSX formula cell without a saved value (what openpyxl writes) is refused where it
  is, in any contract column, the header and the CRM presets included; it is never read
  as a blank cell. A formula Excel or LibreOffice saved (with its value) is read as that value.
- A Parquet list, struct or map contract column is refused per column, never stringified.
- UTF-16 and UTF-32 text without a byte order mark is refused naming the encoding (it
  used to read as "missing column s e l l e r _ i d"); with a BOM it is read.

Every refused import leaves the database exactly as it was (tests/db_state.py).
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import salescoach
from salescoach import importer
from salescoach.importer import DataImportError
from salescoach.presets import read_preset, validate_preset
from tests.db_state import copy_database, table_checksums
from tests.tiny_data import tiny_tables

FIXTURES = Path(__file__).parent / "fixtures" / "presets"
HINT = (
    "the file must be saved from a spreadsheet program: open it in Excel or LibreOffice and save "
    "it, so that the results of its formulas are stored"
)
OFFERS = [
    "offer_id",
    "seller_id",
    "customer_id",
    "sent_date",
    "value",
    "status",
    "closed_date",
    "probability",
]
SELLERS = "seller_id,name,team\nS9,Nina Niemi,A\n"


@pytest.fixture(scope="module")
def tiny_template(tmp_path_factory) -> Path:
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


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "upload"
    path.mkdir()
    return path


def refused(coach, folder: Path) -> list[str]:
    before = table_checksums(coach.path)
    with pytest.raises(DataImportError) as caught:
        coach.load(folder)
    assert table_checksums(coach.path) == before
    return [str(p) for p in caught.value.problems]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def save_values(path: Path, values: dict[str, tuple[str, str]]) -> None:
    """Give formula cells a saved value as Excel writes it: {"E2": ("n", "<v>2</v>")}, the
    cell's type ("n" number, "str" text) and its value element."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, (kind, value) in values.items():
        pattern = rf'<c r="{ref}"[^>]*>(<f>[^<]*</f>)<v\s*/>'
        cell = f'<c r="{ref}" t="{kind}">\\1{value}'
        sheet, count = re.subn(pattern, cell, sheet)
        assert count == 1, ref
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def formula_problem(row: int, column: str, formula: str, record: str | None = "offer O20") -> str:
    where = f"offers.xlsx, row {row}" + (f", {record}" if record else "") + f", column {column}"
    return f'{where}: the cell holds the formula "{formula}" but no saved value; {HINT}'


# --------------------------------------------------------------------------- XLSX formulas


def formula_in_every_column(path: Path) -> list[str]:
    """Row r of the sheet has a formula (openpyxl writes no value for it) in column r - 1,
    so every contract column of offers has one; the problems its import must report (the
    row's id is named where it is a value)."""
    good = ["O20", "S1", "C1", "2026-03-02", 1500, "won", "2026-03-20", 0.5]
    rows = [OFFERS]
    for j in range(len(OFFERS)):
        cells = list(good)
        cells[0] = f"O{20 + j}"
        cells[j] = f'=A1&"<{j}>"'  # escaped in the XML: &lt; &amp; &quot;
        rows.append(cells)
    workbook(path, rows)
    return [
        formula_problem(2 + j, column, f'=A1&"<{j}>"', None if j == 0 else f"offer O{20 + j}")
        for j, column in enumerate(OFFERS)
    ]


def test_a_formula_without_a_saved_value_is_refused_in_every_column(coach, folder):
    expected = formula_in_every_column(folder / "offers.xlsx")
    assert refused(coach, folder) == expected


def rewrite_sheet(path: Path, change) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.parametrize(
    ("change", "sign"),
    [
        (lambda xml: re.sub(r'(<c) r="[A-Z]+\d+"', r"\1", xml), "<c><f>"),  # cells without reference
        (
            lambda xml: re.sub(r"<(/?)([a-zA-Z]+[ />])", r"<\1x:\2", xml).replace("xmlns=", "xmlns:x="),
            "<x:f>",
        ),
    ],
    ids=["cells_without_reference", "namespace_prefix"],
)
def test_sheets_written_other_ways_are_read_the_same(coach, folder, monkeypatch, change, sign):
    # The quick scan hands such sheets to the element-by-element parse.
    expected = formula_in_every_column(folder / "offers.xlsx")
    rewrite_sheet(folder / "offers.xlsx", change)
    assert sign in zipfile.ZipFile(folder / "offers.xlsx").read("xl/worksheets/sheet1.xml").decode()
    parsed = []
    original = importer._parse_formulas
    monkeypatch.setattr(importer, "_parse_formulas", lambda stream: parsed.append(1) or original(stream))
    assert refused(coach, folder) == expected
    assert parsed == [1]


def test_rows_of_formulas_only_and_a_formula_header_are_not_skipped(coach, folder):
    # A row whose every cell is a formula without value looks empty to openpyxl: it used
    # to be skipped as a blank row; the header cell used to read as an unnamed column.
    workbook(
        folder / "offers.xlsx",
        [
            [*OFFERS[:-1], "=H9"],
            ["O20", "S1", "C1", "2026-03-02", 1500, "open", None, None],
            ["=A2", "=B2", "=C2", "=D2", "=E2", "=F2"],
        ],
    )
    assert refused(coach, folder) == [
        f'offers.xlsx, row 1: the header cell of column 8 holds the formula "=H9" but no saved value; {HINT}',
        formula_problem(3, "offer_id", "=A2", None),
        formula_problem(3, "seller_id", "=B2", None),
        formula_problem(3, "customer_id", "=C2", None),
        formula_problem(3, "sent_date", "=D2", None),
        formula_problem(3, "value", "=E2", None),
        formula_problem(3, "status", "=F2", None),
    ]


def test_many_formulas_are_listed_twenty_times_then_counted(coach, folder):
    rows = [OFFERS] + [[f"O{i}", "S1", "C1", "2026-03-02", f"=1+{i}", "open"] for i in range(100, 130)]
    workbook(folder / "offers.xlsx", rows)
    with pytest.raises(DataImportError) as caught:
        coach.load(folder)
    problems = caught.value.problems
    assert caught.value.total == 30
    assert [str(p) for p in problems[:2]] == [
        formula_problem(2, "value", "=1+100", "offer O100"),
        formula_problem(3, "value", "=1+101", "offer O101"),
    ]
    assert str(problems[20]) == "offers.xlsx, column value: … and 10 more rows with the same problem"


def test_saved_formula_values_are_read_and_extra_columns_are_ignored(coach, folder):
    path = workbook(
        folder / "offers.xlsx",
        [
            [*OFFERS, "note"],
            ["O20", "S1", "C1", "2026-03-02", "=1000+500", "lost", "2026-03-20", '=IF(1,"",1)', "=A1"],
        ],
    )
    # Excel saves a number result as <v>, an empty text result as t="str" with an empty <v>;
    # the formula in the extra column I2 keeps no value: extra columns are ignored.
    save_values(path, {"E2": ("n", "<v>1500</v>"), "H2": ("str", "<v></v>")})
    coach.load(folder)
    row = (
        coach._con.cursor().execute("select value, probability from offers where offer_id = 'O20'").fetchone()
    )
    assert row == (1500.0, None)


def test_the_formula_scan_finds_the_first_sheet_and_stops_at_no_formula(tmp_path):
    path = workbook(tmp_path / "plain.xlsx", [OFFERS, ["O20", "S1", "C1", "2026-03-02", 1, "open"]])
    assert len(importer.uncached_formulas(path)) == 0
    book = openpyxl.Workbook()
    book.active.append(["=1+1"])
    book.create_sheet("second").append(["=2+2"])
    book.save(tmp_path / "two.xlsx")
    found = importer.uncached_formulas(tmp_path / "two.xlsx")
    assert (found.rows.tolist(), found.columns.tolist(), found.texts) == ([1], [1], {(1, 1): "1+1"})


def test_a_preset_export_with_formulas_is_refused_where_they_are(tmp_path):
    folder = tmp_path / "pipedrive"
    shutil.copytree(FIXTURES / "pipedrive", folder)
    source = folder / "deals-8123456-42.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows: list[list[object]] = [list(record) for record in csv.reader(handle)]
    rows[2][4] = "=E2*2"  # row 3: Deal - Value
    workbook(folder / "deals.xlsx", rows)
    source.unlink()
    with pytest.raises(DataImportError) as caught:
        read_preset("pipedrive", folder)
    assert [str(p) for p in caught.value.problems] == [
        f'deals.xlsx, row 3, column Deal - Value: the cell holds the formula "=E2*2" but no saved value; {HINT}'
    ]


# --------------------------------------------------------------------------- Parquet nested columns


def test_parquet_list_struct_and_map_columns_are_refused_per_column(coach, folder):
    table = pa.table(
        {
            "seller_id": pa.array([["S9"]], pa.list_(pa.string())),
            "name": pa.array([{"first": "Nina", "last": "Niemi"}]),
            "team": pa.array([[("k", "A")]], pa.map_(pa.string(), pa.string())),
            "manager": pa.array([["Maija"]], pa.large_list(pa.string())),
            "tags": pa.array([["extra columns are ignored"]]),
        }
    )
    pq.write_table(table, folder / "sellers.parquet")
    plain = "not one value per row; write a plain text, number or date column"
    assert refused(coach, folder) == [
        f"sellers.parquet, column seller_id: the column holds lists (Parquet type list<element: string>), {plain}",
        "sellers.parquet, column name: the column holds records (Parquet type struct<first: string, "
        f"last: string>), {plain}",
        "sellers.parquet, column team: the column holds maps (Parquet type map<string, string ('team')>), "
        f"{plain}",
        "sellers.parquet, column manager: the column holds lists (Parquet type large_list<element: string>), "
        f"{plain}",
    ]


def test_a_nested_column_outside_the_contract_is_ignored(coach, folder):
    table = pa.table({"seller_id": ["S9"], "name": ["Nina"], "team": ["A"], "tags": pa.array([["x", "y"]])})
    pq.write_table(table, folder / "sellers.parquet")
    coach.load(folder)
    assert coach._con.cursor().execute("select name from sellers where seller_id = 'S9'").fetchone() == (
        "Nina",
    )


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16-le", "UTF-16 LE"),
        ("utf-16-be", "UTF-16 BE"),
        ("utf-32-le", "UTF-32 LE"),
        ("utf-32-be", "UTF-32 BE"),
    ],
)
def test_utf16_and_utf32_without_bom_are_refused_naming_the_encoding(coach, folder, tmp_path, codec, name):
    (folder / "sellers.csv").write_bytes("seller_id;name;team\nS9;Päivi Ström;A\n".encode(codec))
    message = (
        f"the file is {name} text without a byte order mark (BOM), which cannot be read reliably; "
        'save it as UTF-8 (in Excel: Save As, "CSV UTF-8") and import it again'
    )
    assert refused(coach, folder) == [f"sellers.csv: {message}"]
    # The CRM presets read their CSV files the same way.
    hubspot = tmp_path / "hubspot"
    shutil.copytree(FIXTURES / "hubspot", hubspot)
    (hubspot / "sellers.csv").write_bytes("name,team\nAnna Virtanen,North\n".encode(codec))
    with pytest.raises(DataImportError) as caught:
        read_preset("hubspot", hubspot)
    assert [str(p) for p in caught.value.problems] == [f"sellers.csv: {message}"]


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be", "utf-16-be"])
def test_utf32_and_utf16_with_bom_are_read(coach, folder, tmp_path, codec):
    bom = {"utf-32": b"", "utf-32-be": b"\x00\x00\xfe\xff", "utf-16-be": b"\xfe\xff"}[codec]
    (folder / "sellers.csv").write_bytes(bom + "seller_id\tname\tteam\nS9\tPäivi Ström €\tA\n".encode(codec))
    coach.load(folder)
    row = coach._con.cursor().execute("select name, team from sellers where seller_id = 'S9'").fetchone()
    assert row == ("Päivi Ström €", "A")
    hubspot = tmp_path / "hubspot"
    shutil.copytree(FIXTURES / "hubspot", hubspot)
    (hubspot / "sellers.csv").write_bytes(bom + "name,team\nAnna Virtanen,North\n".encode(codec))
    result = read_preset("hubspot", hubspot)
    assert result.frames["sellers"]["team"].tolist()[0] == "North"
    validate_preset(result)


def test_text_that_only_looks_wide_is_not_mistaken_for_utf16():
    assert importer.wide_encoding_without_bom(SELLERS.encode("utf-8")) is None
    assert importer.wide_encoding_without_bom("Hyvä Yritys;Pörssi €\n".encode("cp1252") * 9) is None
    assert importer.wide_encoding_without_bom(bytes(range(256)) * 4) is None  # binary
    assert importer.wide_encoding_without_bom(b"a\x00") is None  # too short to tell
