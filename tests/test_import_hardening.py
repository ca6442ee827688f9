"""Hostile values at import (issue #12): every value inside the contract's range, or refused.

Each test imports one small folder into a copy of the tiny database (tests/tiny_data.py:
sellers S1-S3, customers C1-C3, offers O1-O11) and checks the exact problems reported
and that the database did not change (tests/db_state.py), or, for values on the edge of
the range, that they are stored. The classes:

- dates and months outside 1990-01-01..2099-12-31 in every date column (2126, 0001, 9999),
- numbers outside their range in every number column (1e308, inf, NaN, -1), as CSV text,
  as Parquet numbers and in typed frames (the presets' and demo's way in),
- text over its column's limit in every id and text column (1 MB seller name and note),
  and the note forms refusing the same lengths,
- the row's id beside every row-level problem of every table.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import salescoach
from salescoach import coaching, contract
from salescoach.coaching import CoachingInputError
from salescoach.contract import TABLES
from salescoach.importer import MAX_IMPORT_ROWS, DataImportError, validate_frames
from tests.db_state import copy_database, table_checksums
from tests.tiny_data import tiny_tables

# One valid row per table against the tiny data set; every column filled.
ROWS: dict[str, dict[str, str]] = {
    "sellers": {
        "seller_id": "S9",
        "name": "Nina Niemi",
        "team": "A",
        "manager": "Maija",
        "active": "true",
        "coaching_cadence_days": "14",
    },
    "customers": {"customer_id": "C9", "name": "Acme Oy", "segment": "SMB"},
    "activities": {
        "activity_id": "A900",
        "seller_id": "S1",
        "customer_id": "C1",
        "type": "meeting",
        "date": "2026-03-02",
        "status": "done",
        "needs_discussed": "yes",
    },
    "offers": {
        "offer_id": "O900",
        "seller_id": "S1",
        "customer_id": "C1",
        "sent_date": "2026-03-02",
        "value": "1500",
        "status": "lost",
        "expected_close_date": "2026-03-30",
        "closed_date": "2026-03-20",
        "probability": "0.5",
        "loss_reason": "price",
        "stage": "Negotiation",
        "stage_order": "3",
    },
    # a stage change: its values are stage names, text like any other
    "offer_history": {
        "offer_id": "O1",
        "changed_on": "2026-03-02",
        "field": "stage",
        "old_value": "Proposal",
        "new_value": "Negotiation",
    },
    "deals": {
        "deal_id": "D900",
        "seller_id": "S1",
        "customer_id": "C1",
        "offer_id": "O1",
        "close_date": "2026-03-20",
        "value": "1500",
    },
    "targets": {"seller_id": "S1", "month": "2031-01", "sales_target": "1000", "meetings_target": "10"},
    "coaching_notes": {
        "note_id": "N900",
        "seller_id": "S1",
        "held_on": "2026-03-02",
        "author": "Maija",
        "goal": "More new business",
        "reality": "Two meetings a week",
        "options": "Referrals",
        "will": "Book on Mondays",
        "private": "false",
    },
    "coaching_actions": {
        "action_id": "NA900",
        "note_id": "N900",
        "owner": "seller",
        "description": "Book 4 prospect meetings",
        "due_date": "2026-03-10",
        "done_on": "2026-03-12",
        "metric": "meetings",
        "target": "12",
    },
}
# The row's key as problems name it ("offers.csv, row 2, offer O900, column ...").
RECORD = {
    "sellers": "seller S9",
    "customers": "customer C9",
    "activities": "activity A900",
    "offers": "offer O900",
    "offer_history": "change O1 2026-03-02 stage",
    "deals": "deal D900",
    "targets": "target S1 2031-01",
    "coaching_notes": "note N900",
    "coaching_actions": "action NA900",
}
NEEDS = {"coaching_actions": ("coaching_notes",)}  # the actions' note comes in the same import


def columns_of(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(t.name, c.name) for t in TABLES.values() for c in t.columns if c.kind in kinds]


DATE_COLUMNS = columns_of(("date",))
NUMBER_COLUMNS = columns_of(("number",))
TEXT_COLUMNS = columns_of(("id", "text"))


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


def write_csv(folder: Path, table: str, row: dict[str, str]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(row))
        writer.writerow(list(row.values()))


def folder_with(tmp_path: Path, table: str, **changes: str) -> Path:
    """An import folder with the valid row of ``table`` changed (and the tables it needs)."""
    folder = tmp_path / "upload"
    folder.mkdir(exist_ok=True)
    for needed in NEEDS.get(table, ()):
        write_csv(folder, needed, ROWS[needed])
    write_csv(folder, table, {**ROWS[table], **changes})
    return folder


def refused(coach, folder: Path) -> list[str]:
    """The problems of importing ``folder`` as text; the database must not change."""
    before = table_checksums(coach.path)
    with pytest.raises(DataImportError) as caught:
        coach.load(folder)
    assert table_checksums(coach.path) == before
    return [str(p) for p in caught.value.problems]


def located(table: str, column: str, message: str, row: int = 2, file: str | None = None) -> str:
    """The problem text; the key columns' own problems cannot name the key."""
    where = [file or f"{table}.csv", f"row {row}"]
    if column not in TABLES[table].key:
        where.append(RECORD[table])
    return f"{', '.join(where)}, column {column}: {message}"


def stored(coach, table: str, column: str, **key: str) -> object:
    """The value of ``column`` in the row the test imported (found by the row's key,
    ``key`` where the test changed it)."""
    names = TABLES[table].key
    where = " and ".join(f"{k} = ${k}" for k in names)
    params = {k: key.get(k, ROWS[table][k]) for k in names}
    if table == "targets":
        params["month"] = dt.date(2031, 1, 1)
    if (table, column) == ("sellers", "coaching_cadence_days"):  # kept in the coaching store
        rows = [
            r["cadence_days"]
            for r in coach.coaching.rows("cadences")
            if r["seller_id"] == params["seller_id"]
        ]
        assert len(rows) == 1
        return rows[0]
    if table in ("coaching_notes", "coaching_actions"):  # stored in the coaching store
        query = {"coaching_notes": "notes", "coaching_actions": "actions"}[table]
        rows = [(r[column],) for r in coach.coaching.rows(query) if all(r[k] == params[k] for k in names)]
        assert len(rows) == 1
        return rows[0][0]
    rows = coach._con.cursor().execute(f"select {column} from {table} where {where}", params).fetchall()
    assert len(rows) == 1
    return rows[0][0]


# --------------------------------------------------------------------------- the contract


def test_every_column_states_its_range_or_length():
    for table in TABLES.values():
        for column in table.columns:
            if column.kind in ("date", "month"):
                assert (column.min_value, column.max_value) == (dt.date(1990, 1, 1), dt.date(2099, 12, 31))
            elif column.kind in ("number", "probability"):
                assert column.min_value >= 0 and column.max_value > column.min_value, column
            elif column.kind in ("id", "text"):
                assert column.max_length, column
    with pytest.raises(ValueError, match="needs max_length"):
        contract.Column("remarks", "text")
    with pytest.raises(ValueError, match="needs min_value and max_value"):
        contract.Column("amount", "number", min_value=0)


def test_sums_of_the_largest_values_cannot_overflow():
    # The biggest total one import can bring: 5,000,000 rows x 1e12 = 5e18, below 2^63
    # (about 9.2e18), so a sum fits DuckDB's BIGINT and a double counts it exactly enough.
    assert MAX_IMPORT_ROWS * contract.MAX_AMOUNT == 5 * 10**18 < 2**63
    assert math.isfinite(float(MAX_IMPORT_ROWS) * contract.MAX_AMOUNT)


def test_the_readme_states_the_contract_limits():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert contract.limits_table() in readme
    for line in contract.limits_table().splitlines()[2:]:
        assert line.count("|") == 3
    # Spot checks of the generated table against the contract's numbers.
    assert "| `targets.meetings_target` | 0 to 100,000 |" in readme
    assert "1990-01-01 to 2099-12-31 |" in readme
    assert "| at most 20,000 characters |" in readme


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("table", "column"), DATE_COLUMNS)
@pytest.mark.parametrize("written", ["2126-01-31", "0001-01-01", "9999-12-31", "1989-12-31", "1.1.2100"])
def test_a_date_outside_the_contract_range_is_refused(coach, tmp_path, table, column, written):
    folder = folder_with(tmp_path, table, **{column: written})
    message = f"date {written} is out of range (1990-01-01 to 2099-12-31)"
    assert refused(coach, folder) == [located(table, column, message)]


@pytest.mark.parametrize("day", ["1990-01-01", "2099-12-31"])
@pytest.mark.parametrize("table", sorted({t for t, _ in DATE_COLUMNS}))
def test_dates_on_the_edges_of_the_range_are_stored(coach, tmp_path, table, day):
    dates = {c.name: day for c in TABLES[table].columns if c.kind == "date"}
    coach.load(folder_with(tmp_path, table, **dates))
    key = {k: v for k, v in dates.items() if k in TABLES[table].key}  # offer_history.changed_on
    for column in dates:
        assert stored(coach, table, column, **key) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("written", ["2100-01", "1989-12", "0001-01", "9999-12"])
def test_a_month_outside_the_range_is_refused(coach, tmp_path, written):
    folder = folder_with(tmp_path, "targets", month=written)
    expected = f"targets.csv, row 2, column month: month {written} is out of range (1990-01 to 2099-12)"
    assert refused(coach, folder) == [expected]


def test_date_cells_of_a_workbook_and_typed_dates_are_checked_too(coach, tmp_path):
    import openpyxl

    folder = tmp_path / "upload"
    folder.mkdir()
    book = openpyxl.Workbook()
    book.active.append(list(ROWS["activities"]))
    book.active.append([*list(ROWS["activities"].values())[:4], dt.datetime(2126, 1, 31), "done", "yes"])
    book.save(folder / "activities.xlsx")
    assert refused(coach, folder) == [
        "activities.xlsx, row 2, activity A900, column date: date 2126-01-31 is out of range "
        "(1990-01-01 to 2099-12-31)"
    ]
    frame = pd.DataFrame([{**ROWS["activities"], "date": pd.Timestamp("2126-01-31")}])
    with pytest.raises(DataImportError) as caught:
        validate_frames({"activities": frame}, coach.existing_keys)
    assert [str(p) for p in caught.value.problems] == [
        "activities, row 2, activity A900, column date: date 2126-01-31 is out of range "
        "(1990-01-01 to 2099-12-31)"
    ]


def test_parquet_dates_beyond_what_pandas_holds_in_nanoseconds_are_refused(coach, tmp_path):
    # date32 and timestamp[us] reach years 1 and 9999, beyond pandas' nanosecond dates:
    # refused as out of range, never read as blank or wrapped around.
    folder = tmp_path / "upload"
    folder.mkdir()
    days = [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 3, 2)]
    times = [dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59), dt.datetime(2126, 1, 31, 12)]
    for kind, values in (("date32", days), ("timestamp", times)):
        table = pa.table(
            {
                "activity_id": ["A900", "A901", "A902"],
                "seller_id": ["S1"] * 3,
                "type": ["call"] * 3,
                "date": pa.array(values, pa.date32() if kind == "date32" else pa.timestamp("us")),
            }
        )
        pq.write_table(table, folder / "activities.parquet")
        problems = refused(coach, folder)
        shown = ["0001-01-01", "9999-12-31"] + ([] if kind == "date32" else ["2126-01-31 12:00:00"])
        if kind == "timestamp":
            shown[1] = "9999-12-31 23:59:00"
        assert problems == [
            f"activities.parquet, row {2 + i}, activity A90{i}, column date: date {text} is out of range "
            "(1990-01-01 to 2099-12-31)"
            for i, text in enumerate(shown)
        ], kind


# --------------------------------------------------------------------------- numbers


def most(table: str, column: str) -> float:
    return TABLES[table].column(column).max_value


@pytest.mark.parametrize(("table", "column"), NUMBER_COLUMNS)
@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1e308", "value 1e308 is too large (at most {most:,})"),
        ("1e999", "value 1e999 is too large (at most {most:,})"),
        ("{above}", "value {above} is too large (at most {most:,})"),
        ("-1", "negative value -1 (must be 0 or more)"),
        ("inf", 'unparseable number "inf"'),
        ("-Infinity", 'unparseable number "-Infinity"'),
        ("NaN", 'unparseable number "NaN"'),
    ],
)
def test_a_number_outside_its_range_is_refused(coach, tmp_path, table, column, written, message):
    limit = most(table, column)
    above = str(limit + 1)
    written = written.format(above=above)
    folder = folder_with(tmp_path, table, **{column: written})
    expected = message.format(most=limit, above=above)
    least = TABLES[table].column(column).min_value
    if written == "-1" and least > 0:  # a cadence of at least 1 day
        expected = f"value -1 is below the minimum {least}"
    assert refused(coach, folder) == [located(table, column, expected)]


@pytest.mark.parametrize(("table", "column"), NUMBER_COLUMNS)
def test_the_largest_number_is_stored(coach, tmp_path, table, column):
    limit = most(table, column)
    coach.load(folder_with(tmp_path, table, **{column: str(limit)}))
    assert stored(coach, table, column) == limit


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1e308", "probability 1e308 is out of range (use 0–1 or 0–100)"),
        ("101", "probability 101 is out of range (use 0–1 or 0–100)"),
        ("inf", 'unparseable probability "inf"'),
        ("NaN", 'unparseable probability "NaN"'),
    ],
)
def test_a_probability_outside_its_range_is_refused(coach, tmp_path, written, message):
    folder = folder_with(tmp_path, "offers", probability=written)
    assert refused(coach, folder) == [located("offers", "probability", message)]


def test_parquet_infinity_nan_and_huge_numbers_are_refused(coach, tmp_path):
    # A Parquet NaN is a number that is not one (pandas writes a missing value as null,
    # which stays a blank cell): refused like the text "NaN".
    folder = tmp_path / "upload"
    folder.mkdir()
    n = 5
    offers = {c: [v] * n for c, v in ROWS["offers"].items()}
    offers["offer_id"] = [f"O90{i}" for i in range(n)]
    offers["value"] = pa.array([math.inf, -math.inf, math.nan, 1e308, 1e12], pa.float64())
    offers["probability"] = pa.array([0.5, None, math.nan, math.inf, 0.25], pa.float64())
    pq.write_table(pa.table(offers), folder / "offers.parquet")
    assert refused(coach, folder) == [
        'offers.parquet, row 4, offer O902, column value: unparseable number "NaN"',
        "offers.parquet, row 3, offer O901, column value: negative value -inf (must be 0 or more)",
        "offers.parquet, row 2, offer O900, column value: value inf is too large (at most 1,000,000,000,000)",
        "offers.parquet, row 5, offer O903, column value: value 1e+308 is too large (at most 1,000,000,000,000)",
        'offers.parquet, row 4, offer O902, column probability: unparseable probability "NaN"',
        "offers.parquet, row 5, offer O903, column probability: probability inf is out of range (use 0–1 or 0–100)",
    ]


def test_pandas_missing_numbers_in_parquet_stay_blank(coach, tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    frame = pd.DataFrame([ROWS["offers"], {**ROWS["offers"], "offer_id": "O901"}])
    frame["value"] = [1500.0, 2500.0]
    frame["probability"] = [np.nan, 0.25]  # pandas writes NaN as null
    frame.to_parquet(folder / "offers.parquet")
    coach.load(folder)
    assert stored(coach, "offers", "probability") is None


def test_typed_frames_are_held_to_the_same_range(coach):
    # The way in of the demo generator and the CRM presets: already-typed frames.
    frame = pd.DataFrame([ROWS["targets"]])
    frame["sales_target"] = [math.inf]
    frame["meetings_target"] = [1e6]
    with pytest.raises(DataImportError) as caught:
        validate_frames({"targets": frame}, coach.existing_keys)
    assert [str(p) for p in caught.value.problems] == [
        "targets, row 2, target S1 2031-01, column sales_target: value inf is too large (at most 1,000,000,000,000)",
        "targets, row 2, target S1 2031-01, column meetings_target: value 1000000 is too large (at most 100,000)",
    ]


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(("table", "column"), TEXT_COLUMNS)
def test_text_over_its_column_limit_is_refused(coach, tmp_path, table, column):
    spec = TABLES[table].column(column)
    folder = folder_with(tmp_path, table, **{column: "x" * (spec.max_length + 1)})
    what = "id" if spec.kind == "id" else "text"
    message = f"{what} is too long ({spec.max_length + 1:,} characters, at most {spec.max_length:,})"
    problems = refused(coach, folder)
    assert problems == [located(table, column, message)]


def longest_texts(table: str) -> dict[str, str]:
    """Every text column and the table's own id at its limit, with spaces around (trimmed
    before counting); references keep their valid values."""
    spec = TABLES[table]
    own_id = spec.key if len(spec.key) == 1 else ()
    return {
        c.name: "  " + "é" * c.max_length + " " for c in spec.columns if c.kind == "text" or c.name in own_id
    }


@pytest.mark.parametrize("table", [t for t in TABLES if longest_texts(t)])  # targets has neither
def test_text_of_the_limit_is_stored_whole(coach, tmp_path, table):
    longest = longest_texts(table)
    coach.load(folder_with(tmp_path, table, **longest))
    key = {k: longest[k].strip() for k in TABLES[table].key if k in longest}
    for column, written in longest.items():
        assert stored(coach, table, column, **key) == written.strip()


def test_a_one_megabyte_seller_name_and_note_are_refused(coach, tmp_path):
    folder = folder_with(tmp_path, "sellers", name="N" * 1_000_000)
    assert refused(coach, folder) == [
        "sellers.csv, row 2, seller S9, column name: text is too long (1,000,000 characters, at most 200)"
    ]
    shutil.rmtree(folder)
    folder = folder_with(tmp_path, "coaching_notes", goal="g" * 1_000_000)
    assert refused(coach, folder) == [
        "coaching_notes.csv, row 2, note N900, column goal: text is too long (1,000,000 characters, at most 20,000)"
    ]


def test_the_forms_refuse_the_same_lengths_as_the_import(tiny_coach):
    notes, actions = TABLES["coaching_notes"], TABLES["coaching_actions"]
    assert coaching.MAX_TEXT == notes.column("goal").max_length == 20_000
    assert coaching.MAX_AUTHOR == notes.column("author").max_length == 200
    assert coaching.MAX_DESCRIPTION == actions.column("description").max_length == 2_000
    note = {"seller_id": "S1", "held_on": "2026-02-16", "author": "Maija", "goal": "More meetings"}
    cases = [
        ({"author": "a" * 201}, "Author is too long (201 characters, at most 200)."),
        ({"will": "w" * 20_001}, "Will is too long (20001 characters, at most 20000)."),
        (
            {"actions": [{"owner": "seller", "description": "d" * 2_001, "due_date": "2026-02-20"}]},
            "Action 1: description is too long (at most 2000 characters).",
        ),
    ]
    for overrides, message in cases:
        with pytest.raises(CoachingInputError) as caught:
            coaching.save_note(tiny_coach, **{**note, **overrides})
        assert caught.value.problems == [message]
    # The limits themselves are accepted.
    coaching.save_note(
        tiny_coach,
        **{**note, "author": "a" * 200, "goal": "g" * 20_000},
        actions=[{"owner": "seller", "description": "d" * 2_000, "due_date": "2026-02-20"}],
    )
    review = {"what_happened": "Price", "author": "Maija"}
    with pytest.raises(CoachingInputError) as caught:
        coaching.save_offer_review(tiny_coach, "O1", **{**review, "author": "a" * 201})
    assert caught.value.problems == ["Author is too long (201 characters, at most 200)."]
    with pytest.raises(CoachingInputError) as caught:
        coaching.save_offer_review(tiny_coach, "O1", **{**review, "why": "y" * 20_001})
    assert caught.value.problems == ["Why is too long (20001 characters, at most 20000)."]


# --------------------------------------------------------------------------- the id beside the row


# A row-level problem of each table: (column, bad value, message).
ROW_PROBLEMS = {
    "sellers": (
        "active",
        "maybe",
        'unparseable yes/no value "maybe" (use true/false, 1/0, yes/no or kyllä/ei)',
    ),
    "customers": ("name", "", "missing required value"),
    "activities": ("type", "visit", 'invalid value "visit" (must be one of call, meeting, email, other)'),
    "offers": ("closed_date", "", "lost offer without closed_date"),
    "offer_history": ("new_value", "x" * 201, "text is too long (201 characters, at most 200)"),
    "deals": (
        "offer_id",
        "O99",
        'unknown offer_id "O99" (not in the database, and this import has no offers file)',
    ),
    "targets": ("sales_target", "lots", 'unparseable number "lots"'),
    "coaching_notes": (
        "private",
        "2",
        'unparseable yes/no value "2" (use true/false, 1/0, yes/no or kyllä/ei)',
    ),
    "coaching_actions": ("owner", "boss", 'invalid value "boss" (must be one of seller, manager)'),
}


@pytest.mark.parametrize("table", list(TABLES))
def test_every_row_problem_names_the_rows_id(coach, tmp_path, table):
    column, value, message = ROW_PROBLEMS[table]
    folder = folder_with(tmp_path, table, **{column: value})
    assert refused(coach, folder) == [f"{table}.csv, row 2, {RECORD[table]}, column {column}: {message}"]


def test_the_issue_example_offer_without_closed_date(coach, tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    lines = ["offer_id,seller_id,sent_date,value,status,closed_date"]
    lines += [f"O{i},S1,2026-03-02,100,open," for i in range(1, 6)]
    lines.append("O6,S1,2026-03-02,100,won,")  # row 7
    (folder / "offers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert refused(coach, folder) == [
        "offers.csv, row 7, offer O6, column closed_date: won offer without closed_date"
    ]


def test_a_won_offer_in_a_file_without_closed_date_names_the_column_it_lacks(coach, tmp_path):
    """The case the import property test found (it had asserted every problem's column is in
    the file): a file without the column, one offer in it won."""
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "offers.csv").write_text(
        "offer_id,seller_id,sent_date,value,status\nO1,S1,2026-03-02,100,open\nO2,S1,2026-03-02,100,won\n",
        encoding="utf-8",
    )
    assert refused(coach, folder) == [
        "offers.csv, row 3, offer O2, column closed_date: won offer without closed_date"
    ]


def test_a_row_whose_id_is_missing_or_bad_has_no_id_beside_it(coach, tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "offers.csv").write_text(
        "offer_id,seller_id,sent_date,value,status\n"
        ",S1,2026-03-02,-1,open\n"
        + "O" * 101
        + ",S1,2026-03-02,-2,open\nO7,S1,2026-03-02,-3,open\nO7,S1,2026-03-02,5,open\n",
        encoding="utf-8",
    )
    assert refused(coach, folder) == [
        "offers.csv, row 3, column offer_id: id is too long (101 characters, at most 100)",
        "offers.csv, row 2, column offer_id: missing required value",
        "offers.csv, row 2, column value: negative value -1 (must be 0 or more)",
        "offers.csv, row 3, column value: negative value -2 (must be 0 or more)",
        "offers.csv, row 4, offer O7, column value: negative value -3 (must be 0 or more)",
        'offers.csv, row 5, offer O7, column offer_id: duplicate offer_id "O7" (first on row 4)',
    ]
