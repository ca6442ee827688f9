"""Tests of salescoach.importer: reading and validating an import folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from salescoach import importer
from salescoach.contract import TABLES
from salescoach.importer import (
    DataImportError,
    ImportProblem,
    find_table_files,
    read_folder,
    validate_frames,
)

SELLERS = "seller_id,name,team\nS1,Anna,North\nS2,Bo,South\n"
CUSTOMERS = "customer_id,name\nC1,Acme Oy\n"
OFFERS_HEADER = "offer_id,seller_id,sent_date,value,status,closed_date\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(folder: Path, existing_keys=None) -> list[ImportProblem]:
    with pytest.raises(DataImportError) as caught:
        read_folder(folder, existing_keys)
    return caught.value.problems


def only(problems: list[ImportProblem]) -> ImportProblem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def find(problems, file, row, column) -> ImportProblem:
    hits = [p for p in problems if (p.file, p.row, p.column) == (file, row, column)]
    assert len(hits) == 1, "\n".join(map(str, problems))
    return hits[0]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# --------------------------------------------------------------------------- API


def test_problem_and_error_text():
    problem = ImportProblem("offers.csv", 7, "value", "negative value -5 (must be 0 or more)")
    assert str(problem) == ("offers.csv, row 7, column value: negative value -5 (must be 0 or more)")
    assert str(ImportProblem("x.csv", None, None, "empty")) == "x.csv: empty"
    assert str(ImportProblem("x.csv", None, "name", "missing")) == "x.csv, column name: missing"
    error = DataImportError([problem, ImportProblem("x.csv", None, None, "empty")])
    assert error.problems[0] is problem
    assert str(error).splitlines() == [
        "The import has 2 problems:",
        "offers.csv, row 7, column value: negative value -5 (must be 0 or more)",
        "x.csv: empty",
    ]


def test_max_import_bytes_constant():
    assert importer.MAX_IMPORT_BYTES == 200 * 1024 * 1024


# --------------------------------------------------------------------------- happy paths


def test_semicolon_decimal_comma_finnish_dates_and_bom(tmp_path):
    write(tmp_path, "sellers.csv", "\ufeffseller_id;name;team\nS1;Anna;North\n")
    write(
        tmp_path,
        "offers.csv",
        "\ufeffoffer_id;seller_id;sent_date;value;status;closed_date;probability\n"
        "O1;S1;5.1.2026;1 234,50;Won;31.1.2026;50\n"
        "O2;S1;2026-01-06;1.234,50;open;;25,5\n"
        "O3;S1;05.01.2026;99,9;LOST;2026-02-01;\n",
    )
    frames = read_folder(tmp_path)
    offers = frames["offers"]
    assert offers["offer_id"].tolist() == ["O1", "O2", "O3"]
    assert offers["sent_date"].tolist() == [
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-01-06"),
        pd.Timestamp("2026-01-05"),
    ]
    assert offers["value"].tolist() == [1234.5, 1234.5, 99.9]
    assert offers["status"].tolist() == ["won", "open", "lost"]
    assert offers["closed_date"].iloc[0] == pd.Timestamp("2026-01-31")
    assert offers["closed_date"].isna().tolist() == [False, True, False]
    assert offers["probability"].iloc[:2].tolist() == [0.5, 0.255]
    assert pd.isna(offers["probability"].iloc[2])
    assert frames["sellers"]["seller_id"].tolist() == ["S1"]


def test_windows_1252_file_decodes_euro_and_umlauts(tmp_path):
    write(
        tmp_path,
        "customers.csv",
        "customer_id;name;segment\nC1;Hyvä Yritys Oy;Pörssi €\n",
        encoding="cp1252",
    )
    customers = read_folder(tmp_path)["customers"]
    assert customers["name"].tolist() == ["Hyvä Yritys Oy"]
    assert customers["segment"].tolist() == ["Pörssi €"]


def test_utf16_file_with_tabs_is_read(tmp_path):
    # Excel's "Unicode text" export.
    write(tmp_path, "customers.csv", "customer_id\tname\nC1\tÄijä\n", encoding="utf-16")
    assert read_folder(tmp_path)["customers"]["name"].tolist() == ["Äijä"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1234,50", 1234.5),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("1234.5", 1234.5),
        ("1234", 1234.0),
        ("0,5", 0.5),
        ("1 234 567", 1234567.0),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("12,345", 12.345),  # a single separator is a decimal separator
        ("1 234,50 €", 1234.5),
        ("1e3", 1000.0),
    ],
)
def test_number_spellings(tmp_path, written, expected):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "deals.csv",
        f'deal_id,seller_id,close_date,value\nD1,S1,2026-01-05,"{written}"\n',
    )
    assert read_folder(tmp_path)["deals"]["value"].tolist() == [expected]


def test_three_digit_group_follows_the_rest_of_the_column(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "deals.csv",
        "deal_id;seller_id;close_date;value\n"
        "D1;S1;2026-01-05;1.234\n"
        "D2;S1;2026-01-05;5,5\n",  # decimal comma: the dot of D1 groups thousands
    )
    assert read_folder(tmp_path)["deals"]["value"].tolist() == [1234.0, 5.5]


def test_bool_spellings_and_defaults(tmp_path):
    write(
        tmp_path,
        "sellers.csv",
        "seller_id,name,team,active\n"
        "S1,A,T,true\nS2,B,T,FALSE\nS3,C,T,1\nS4,D,T,0\nS5,E,T,Yes\n"
        "S6,F,T,no\nS7,G,T,Kyllä\nS8,H,T,EI\nS9,I,T,\n",
    )
    sellers = read_folder(tmp_path)["sellers"]
    assert str(sellers["active"].dtype) == "boolean"
    assert sellers["active"].tolist() == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
    ]


def test_blank_bool_without_default_is_null(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "activities.csv",
        "activity_id,seller_id,type,date,needs_discussed\n"
        "A1,S1,call,2026-01-05,kyllä\nA2,S1,call,2026-01-05,\nA3,S1,call,2026-01-05,ei\n",
    )
    needs = read_folder(tmp_path)["activities"]["needs_discussed"]
    assert str(needs.dtype) == "boolean"
    assert needs.tolist() == [True, pd.NA, False]


def test_defaults_applied_when_blank_or_column_absent(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "activities.csv",
        "activity_id,seller_id,type,date,status\nA1,S1,call,2026-01-05,\nA2,S1,meeting,2026-01-06,Planned\n",
    )
    write(
        tmp_path,
        "coaching_notes.csv",
        "note_id,seller_id,held_on,author\nN1,S1,2026-01-07,Maria\n",
    )
    frames = read_folder(tmp_path)
    assert frames["activities"]["status"].tolist() == ["done", "planned"]
    assert frames["sellers"]["active"].tolist() == [True, True]  # column absent
    assert frames["coaching_notes"]["private"].tolist() == [True]
    assert frames["coaching_notes"]["goal"].isna().all()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["0.25", "1", "0"], [0.25, 1.0, 0.0]),  # all within 0-1: fractions
        (["25", "1", "0,5"], [0.25, 0.01, 0.005]),  # one value above 1: percent
        (["100", "50"], [1.0, 0.5]),
        (["75 %", "0.5"], [0.75, 0.005]),  # a % sign also means percent
    ],
)
def test_probability_fraction_or_percent_per_file(tmp_path, values, expected):
    write(tmp_path, "sellers.csv", SELLERS)
    lines = [f'O{i},S1,2026-01-05,100,open,,"{v}"' for i, v in enumerate(values, start=1)]
    write(
        tmp_path,
        "offers.csv",
        "offer_id,seller_id,sent_date,value,status,closed_date,probability\n" + "\n".join(lines) + "\n",
    )
    got = read_folder(tmp_path)["offers"]["probability"].tolist()
    assert got == pytest.approx(expected)


def test_extra_columns_ignored_and_headers_case_insensitive(tmp_path):
    write(
        tmp_path,
        "Sellers.CSV",
        " Seller_ID ,NAME,team,phone,Notes\nS1,Anna,North,040123,whatever\n",
    )
    sellers = read_folder(tmp_path)["sellers"]
    assert list(sellers.columns) == TABLES["sellers"].column_names
    assert sellers.iloc[0]["seller_id"] == "S1"
    assert sellers.iloc[0]["name"] == "Anna"


def test_ids_and_text_trimmed_and_empty_is_missing(tmp_path):
    write(
        tmp_path,
        "sellers.csv",
        "seller_id,name,team,manager\n  S1  , Anna ,North,   \n",
    )
    sellers = read_folder(tmp_path)["sellers"]
    assert sellers["seller_id"].tolist() == ["S1"]
    assert sellers["name"].tolist() == ["Anna"]
    assert sellers["manager"].isna().all()


def test_foreign_key_satisfied_by_existing_keys(tmp_path):
    write(
        tmp_path,
        "activities.csv",
        "activity_id,seller_id,customer_id,type,date\nA1,S7,C3,call,2026-01-05\n",
    )
    calls = []

    def existing_keys(table, column):
        calls.append((table, column))
        return {"S7"} if table == "sellers" else {"C3"}

    frames = read_folder(tmp_path, existing_keys)
    assert frames["activities"]["seller_id"].tolist() == ["S7"]
    assert sorted(calls) == [("customers", "customer_id"), ("sellers", "seller_id")]


def test_existing_keys_not_asked_when_import_is_self_contained(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "activities.csv",
        "activity_id,seller_id,type,date\nA1,S2,call,2026-01-05\n",
    )

    def existing_keys(table, column):
        raise AssertionError("the database should not be asked")

    assert len(read_folder(tmp_path, existing_keys)["activities"]) == 1


def test_xlsx_input_with_native_values(tmp_path):
    write(tmp_path, "sellers.csv", "seller_id,name,team\n101,Anna,North\n")
    write_xlsx(
        tmp_path / "offers.xlsx",
        [
            [
                "offer_id",
                "seller_id",
                "sent_date",
                "value",
                "status",
                "closed_date",
                "probability",
            ],
            ["O1", 101, dt.datetime(2026, 1, 5), 1234.5, "Won", "31.1.2026", 0.4],
            ["O2", 101.0, "5.1.2026", "1 234,50", "open", None, 40],
            [None, None, None, None, None, None, None],  # a blank row is skipped
            [
                "O3",
                "101",
                dt.date(2026, 1, 7),
                10,
                "lost",
                dt.datetime(2026, 2, 1, 15, 30),
                None,
            ],
        ],
    )
    write_xlsx(
        tmp_path / "targets.xlsx",
        [["seller_id", "month", "sales_target"], [101, dt.datetime(2026, 3, 1), 5000]],
    )
    frames = read_folder(tmp_path)
    offers = frames["offers"]
    assert offers["seller_id"].tolist() == ["101", "101", "101"]
    assert offers["sent_date"].tolist() == [
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-01-07"),
    ]
    assert offers["value"].tolist() == [1234.5, 1234.5, 10.0]
    assert offers["status"].tolist() == ["won", "open", "lost"]
    assert offers["closed_date"].iloc[2] == pd.Timestamp("2026-02-01")
    # 40 > 1, so the column is percent: 0.4 % and 40 %.
    assert offers["probability"].iloc[:2].tolist() == pytest.approx([0.004, 0.4])
    assert frames["targets"]["month"].tolist() == [pd.Timestamp("2026-03-01")]


def test_xlsx_row_numbers_count_blank_rows(tmp_path):
    write_xlsx(
        tmp_path / "customers.xlsx",
        [["customer_id", "name"], ["C1", "A"], [None, None], ["C2", None]],
    )
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == ("customers.xlsx", 4, "name")


def test_parquet_input_with_native_types(tmp_path):
    pd.DataFrame(
        {
            "seller_id": [1, 2],
            "name": ["Anna", "Bo"],
            "team": ["N", "S"],
            "active": [True, None],
        }
    ).to_parquet(tmp_path / "sellers.parquet")
    pd.DataFrame(
        {
            "deal_id": ["D1", "D2"],
            "seller_id": ["1", "2"],
            "close_date": [dt.date(2026, 1, 5), dt.date(2026, 1, 6)],
            "value": [100, 2.5],
        }
    ).to_parquet(tmp_path / "deals.parquet")
    frames = read_folder(tmp_path)
    assert frames["sellers"]["seller_id"].tolist() == ["1", "2"]
    assert frames["sellers"]["active"].tolist() == [True, True]  # null -> default
    assert frames["deals"]["close_date"].tolist() == [
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-01-06"),
    ]
    assert frames["deals"]["value"].tolist() == [100.0, 2.5]


def test_parquet_row_numbers(tmp_path):
    pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["A", None]}).to_parquet(
        tmp_path / "customers.parquet"
    )
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (
        "customers.parquet",
        3,
        "name",
    )
    assert problem.message == "missing required value"


def test_typed_frames_output_dtypes_and_column_order():
    frames = {
        "sellers": pd.DataFrame({"seller_id": ["S1"], "name": ["A"], "team": ["T"]}),
        "activities": pd.DataFrame(
            {
                "activity_id": ["A1", "A2"],
                "seller_id": ["S1", "S1"],
                "type": ["call", "Meeting"],
                "date": pd.to_datetime(["2026-01-05 10:30", "2026-01-06 00:00"]),
                "needs_discussed": pd.array([True, None], dtype="boolean"),
            }
        ),
        "targets": pd.DataFrame(
            {
                "seller_id": ["S1"],
                "month": pd.to_datetime(["2026-01-01"]),
                "sales_target": [1000.0],
            }
        ),
    }
    typed = validate_frames(frames)
    activities = typed["activities"]
    assert list(activities.columns) == TABLES["activities"].column_names
    assert str(activities["activity_id"].dtype) == "string"
    assert activities["date"].dtype == np.dtype("datetime64[ns]")
    assert activities["date"].tolist() == [
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-01-06"),
    ]
    assert activities["type"].tolist() == ["call", "meeting"]
    assert activities["status"].tolist() == ["done", "done"]
    assert str(activities["needs_discussed"].dtype) == "boolean"
    assert activities["customer_id"].isna().all()
    targets = typed["targets"]
    assert targets["sales_target"].dtype == np.float64
    assert targets["meetings_target"].dtype == np.float64
    assert targets["month"].tolist() == [pd.Timestamp("2026-01-01")]
    assert str(typed["sellers"]["active"].dtype) == "boolean"


def test_validate_frames_uses_source_names_and_data_rows_from_two():
    frames = {"customers": pd.DataFrame({"customer_id": ["C1", "C1"], "name": ["A", "B"]})}
    with pytest.raises(DataImportError) as caught:
        validate_frames(frames, source_names={"customers": "asiakkaat.xlsx"})
    problem = only(caught.value.problems)
    assert (problem.file, problem.row, problem.column) == (
        "asiakkaat.xlsx",
        3,
        "customer_id",
    )
    with pytest.raises(DataImportError) as caught:
        validate_frames(frames)
    assert only(caught.value.problems).file == "customers"


def test_find_table_files_ignores_hidden_and_other_suffixes(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(tmp_path, "Offers.XLSX", "")
    write(tmp_path, "README.txt", "notes")
    write(tmp_path, ".DS_Store", "junk")
    write(tmp_path, "._sellers.csv", "\x00\x05")  # macOS resource fork
    write(tmp_path, "~$offers.xlsx", "lock")  # Excel lock file
    (tmp_path / "archive").mkdir()
    assert find_table_files(tmp_path) == {
        "sellers": tmp_path / "sellers.csv",
        "offers": tmp_path / "Offers.XLSX",
    }


# --------------------------------------------------------------------------- bad input


def test_unknown_seller_id(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "activities.csv",
        "activity_id,seller_id,type,date\nA1,S1,call,2026-01-05\nA2,S9,call,2026-01-05\n",
    )
    problem = only(problems_of(tmp_path, lambda table, column: {"S8"}))
    assert (problem.file, problem.row, problem.column) == (
        "activities.csv",
        3,
        "seller_id",
    )
    assert problem.message == 'unknown seller_id "S9" (not in sellers.csv or in the database)'


def test_unknown_seller_id_without_sellers_file_or_database(tmp_path):
    write(tmp_path, "targets.csv", "seller_id,month,sales_target\nS1,2026-01,100\n")
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (
        "targets.csv",
        2,
        "seller_id",
    )
    assert 'unknown seller_id "S1"' in problem.message
    assert "no sellers file" in problem.message


@pytest.mark.parametrize(
    ("file", "text", "column", "value"),
    [
        (
            "activities.csv",
            "activity_id,seller_id,customer_id,type,date\nA1,S1,C9,call,2026-01-05\n",
            "customer_id",
            "C9",
        ),
        (
            "deals.csv",
            "deal_id,seller_id,offer_id,close_date,value\nD1,S1,O9,2026-01-05,10\n",
            "offer_id",
            "O9",
        ),
        (
            "coaching_actions.csv",
            "action_id,note_id,owner,description\nX1,N9,seller,call back\n",
            "note_id",
            "N9",
        ),
    ],
)
def test_other_unknown_foreign_keys(tmp_path, file, text, column, value):
    write(tmp_path, "sellers.csv", SELLERS)
    write(tmp_path, "customers.csv", CUSTOMERS)
    write(tmp_path, file, text)
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (file, 2, column)
    assert f'unknown {column} "{value}"' in problem.message


def test_duplicate_id(tmp_path):
    write(tmp_path, "sellers.csv", "seller_id,name,team\nS1,A,T\nS2,B,T\nS1,C,T\n")
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (
        "sellers.csv",
        4,
        "seller_id",
    )
    assert problem.message == 'duplicate seller_id "S1" (first on row 2)'


def test_duplicate_target_key_is_seller_and_month(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "targets.csv",
        "seller_id,month,sales_target\nS1,2026-01,10\nS1,2026-02,10\nS2,2026-01,10\nS1,2026-1,20\n",
    )
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (
        "targets.csv",
        5,
        "seller_id+month",
    )
    assert "duplicate key seller_id S1, month 2026-01 (first on row 2)" == problem.message


@pytest.mark.parametrize(
    ("file", "header", "row", "column", "fragment"),
    [
        ("deals.csv", "deal_id,seller_id,close_date,value", "D1,S1,2026-01-05,12 kpl", "value",
         'unparseable number "12 kpl"'),
        ("deals.csv", "deal_id,seller_id,close_date,value", "D1,S1,2026/01/05,1", "close_date",
         'unparseable date "2026/01/05"'),
        ("deals.csv", "deal_id,seller_id,close_date,value", "D1,S1,31.2.2026,1", "close_date",
         'unparseable date "31.2.2026"'),
        ("targets.csv", "seller_id,month,sales_target", "S1,tammikuu 2026,1", "month",
         'unparseable month "tammikuu 2026"'),
        ("targets.csv", "seller_id,month,sales_target", "S1,2026-01-15,1", "month",
         'unparseable month "2026-01-15"'),
        ("sellers.csv", "seller_id,name,team,active", "S3,C,T,maybe", "active",
         'unparseable yes/no value "maybe"'),
        ("coaching_actions.csv", "action_id,note_id,owner,description", "X1,N1,coach,call",
         "owner", 'invalid value "coach" (must be one of seller, manager)'),
        ("offers.csv", "offer_id,seller_id,sent_date,value,status,probability",
         "O1,S1,2026-01-05,1,open,150", "probability", "probability 150 is out of range"),
        ("offers.csv", "offer_id,seller_id,sent_date,value,status,probability",
         "O1,S1,2026-01-05,1,open,-0.1", "probability", "probability -0.1 is out of range"),
        ("offers.csv", "offer_id,seller_id,sent_date,value,status,probability",
         "O1,S1,2026-01-05,1,open,likely", "probability", 'unparseable probability "likely"'),
    ],
)  # fmt: skip
def test_unparseable_values(tmp_path, file, header, row, column, fragment):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "coaching_notes.csv",
        "note_id,seller_id,held_on,author\nN1,S1,2026-01-05,M\n",
    )
    if file == "sellers.csv":
        write(tmp_path, file, f"{header}\nS1,A,T,yes\nS2,B,T,no\n{row}\n")
    else:
        write(tmp_path, file, f"{header}\n{row}\n")
    problem = only(problems_of(tmp_path))
    expected_row = 4 if file == "sellers.csv" else 2
    assert (problem.file, problem.row, problem.column) == (file, expected_row, column)
    assert fragment in problem.message


def test_missing_required_column(tmp_path):
    write(tmp_path, "sellers.csv", "seller_id,nimi,team\nS1,Anna,North\n")
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == ("sellers.csv", None, "name")
    assert problem.message.startswith("missing required column")
    assert "seller_id, nimi, team" in problem.message


def test_missing_required_value(tmp_path):
    write(tmp_path, "sellers.csv", "seller_id,name,team\nS1,Anna,North\nS2,,South\n")
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == ("sellers.csv", 3, "name")
    assert problem.message == "missing required value"


@pytest.mark.parametrize("status", ["won", "Lost"])
def test_won_or_lost_offer_without_closed_date(tmp_path, status):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "offers.csv",
        OFFERS_HEADER + f"O1,S1,2026-01-05,10,open,\nO2,S1,2026-01-05,10,{status},\n",
    )
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (
        "offers.csv",
        3,
        "closed_date",
    )
    assert problem.message == f"{status.lower()} offer without closed_date"


def test_won_offer_in_file_without_closed_date_column(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "offers.csv",
        "offer_id,seller_id,sent_date,value,status\nO1,S1,2026-01-05,10,won\n",
    )
    problem = only(problems_of(tmp_path))
    assert (problem.row, problem.column, problem.message) == (
        2,
        "closed_date",
        "won offer without closed_date",
    )


def test_closed_date_before_sent_date(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(tmp_path, "offers.csv", OFFERS_HEADER + "O1,S1,5.1.2026,10,won,4.1.2026\n")
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == (
        "offers.csv",
        2,
        "closed_date",
    )
    assert problem.message == "closed_date 2026-01-04 is before sent_date 2026-01-05"


def test_negative_value(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(
        tmp_path,
        "offers.csv",
        OFFERS_HEADER + "O1,S1,2026-01-05,10,open,\nO2,S1,2026-01-05,-5,open,\n",
    )
    problem = only(problems_of(tmp_path))
    assert str(problem) == "offers.csv, row 3, offer O2, column value: negative value -5 (must be 0 or more)"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "no header row"),
        ("  \n\n", "no header row"),
        ("customer_id,name\n", "header row but no data rows"),
        ("customer_id,name\n,\n , \n", "header row but no data rows"),
    ],
)
def test_empty_csv_file(tmp_path, content, fragment):
    write(tmp_path, "customers.csv", content)
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == ("customers.csv", None, None)
    assert problem.message.startswith("empty file")
    assert fragment in problem.message


def test_empty_xlsx_and_parquet(tmp_path):
    write_xlsx(tmp_path / "customers.xlsx", [])
    pd.DataFrame({"seller_id": pd.Series([], dtype=str)}).to_parquet(tmp_path / "sellers.parquet")
    problems = problems_of(tmp_path)
    assert [(p.file, p.row) for p in problems] == [
        ("sellers.parquet", None),
        ("customers.xlsx", None),
    ]
    assert all(p.message.startswith("empty file") for p in problems)


def test_unknown_table_file(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write(tmp_path, "seller.csv", SELLERS)
    write(tmp_path, "budget.xlsx", "")
    write(tmp_path, "README.txt", "ignored")
    problems = problems_of(tmp_path)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("budget.xlsx", None, None),
        ("seller.csv", None, None),
    ]
    assert problems[0].message.startswith('unknown table file: there is no table "budget"')
    assert "did you mean sellers.csv?" in problems[1].message


def test_two_files_for_the_same_table(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    write_xlsx(tmp_path / "Sellers.xlsx", [["seller_id", "name", "team"], ["S1", "A", "T"]])
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row, problem.column) == ("Sellers.xlsx", None, None)
    assert problem.message == (
        "two files for table sellers: sellers.csv and Sellers.xlsx; keep only one of them"
    )


def test_unreadable_files_are_located_problems(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    (tmp_path / "customers.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    workbook = write_xlsx(tmp_path / "offers.xlsx", [["offer_id"], ["O1"]])
    workbook.write_bytes(workbook.read_bytes()[:300])  # truncated download
    (tmp_path / "deals.parquet").write_bytes(b"PAR1 this is not really parquet")
    (tmp_path / "targets.xlsx").write_text("seller_id,month\n")  # a CSV named .xlsx
    problems = problems_of(tmp_path)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("customers.csv", None, None),
        ("offers.xlsx", None, None),
        ("deals.parquet", None, None),
        ("targets.xlsx", None, None),
    ]
    assert "not a CSV text file" in problems[0].message
    assert problems[1].message.startswith("cannot read the file as an Excel workbook")
    assert problems[2].message.startswith("cannot read the file as Parquet")
    assert problems[3].message.startswith("cannot read the file as an Excel workbook")


def test_csv_neither_utf8_nor_windows_1252(tmp_path):
    (tmp_path / "customers.csv").write_bytes(b"customer_id,name\nC1,\x81\x8d\n")
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row) == ("customers.csv", None)
    assert "neither UTF-8 nor Windows-1252" in problem.message


def test_xlsx_saved_as_csv(tmp_path):
    write_xlsx(tmp_path / "book.xlsx", [["customer_id", "name"], ["C1", "A"]])
    (tmp_path / "book.xlsx").rename(tmp_path / "customers.csv")
    problem = only(problems_of(tmp_path))
    assert "looks like an Excel workbook" in problem.message


def test_file_over_size_limit(tmp_path):
    with (tmp_path / "activities.csv").open("wb") as handle:
        handle.truncate(int(1.2 * 1024**3))  # sparse: takes no disk space
    problem = only(problems_of(tmp_path))
    assert str(problem) == "activities.csv: file is 1.2 GB; the limit is 200 MB"


def test_row_with_too_many_values_and_rows_after_it(tmp_path):
    write(
        tmp_path,
        "customers.csv",
        "\ncustomer_id,name\nC1,Acme\nC2,Acme, Helsinki\n\nC3,\n",
    )
    problems = problems_of(tmp_path)
    assert [(p.row, p.column) for p in problems] == [(4, None), (6, "name")]
    assert problems[0].message == (
        "the row has 3 values but the header has 2 (is there an unquoted comma inside a value?)"
    )


def test_unclosed_quote(tmp_path):
    write(tmp_path, "customers.csv", '\ncustomer_id,name\nC1,A\nC2,"Acme\nC3,B\n')
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.row) == ("customers.csv", 4)
    assert "cannot read the CSV file" in problem.message


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    write(tmp_path, "customers.csv", "\ncustomer_id,name\n\nC1,A\nC2,\n")
    problem = only(problems_of(tmp_path))
    assert (problem.row, problem.column) == (5, "name")


def test_all_problems_of_two_files_reported_together(tmp_path):
    write(tmp_path, "sellers.csv", "seller_id,name,team\nS1,Anna,\nS1,Bo,South\n")
    write(
        tmp_path,
        "offers.csv",
        OFFERS_HEADER + "O1,S1,2026-13-01,10,open,\nO2,S5,2026-01-05,-1,maybe,\n",
    )
    with pytest.raises(DataImportError) as caught:
        read_folder(tmp_path)
    located = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert sorted(located, key=str) == sorted(
        [
            ("sellers.csv", 2, "team"),
            ("sellers.csv", 3, "seller_id"),
            ("offers.csv", 2, "sent_date"),
            ("offers.csv", 3, "value"),
            ("offers.csv", 3, "status"),
            ("offers.csv", 3, "seller_id"),
        ],
        key=str,
    )
    # Problems are grouped by file in load order.
    assert [p.file for p in caught.value.problems][:2] == ["sellers.csv", "sellers.csv"]
    text = str(caught.value)
    assert text.startswith("The import has 6 problems:\n")
    assert 'offers.csv, row 3, offer O2, column seller_id: unknown seller_id "S5"' in text


def test_repeated_problem_is_capped(tmp_path):
    write(tmp_path, "sellers.csv", SELLERS)
    rows = "".join(f"A{i},S1,call,01/{i % 28 + 1:02d}/2026\n" for i in range(25))
    write(tmp_path, "activities.csv", "activity_id,seller_id,type,date\n" + rows)
    with pytest.raises(DataImportError) as caught:
        read_folder(tmp_path)
    problems = caught.value.problems
    assert len(problems) == 21
    assert [p.row for p in problems[:20]] == list(range(2, 22))
    assert (problems[20].row, problems[20].column) == (None, "date")
    assert problems[20].message == "… and 5 more rows with the same problem"
    assert caught.value.total == 25
    assert str(caught.value).startswith("The import has 25 problems:")


def test_missing_folder_and_folder_without_import_files(tmp_path):
    with pytest.raises(DataImportError, match="does not exist"):
        read_folder(tmp_path / "nope")
    write(tmp_path, "README.txt", "")
    with pytest.raises(DataImportError, match="no import files found"):
        read_folder(tmp_path)


def test_broken_referenced_file_does_not_cascade(tmp_path):
    # sellers.csv lacks its key column: activities are not checked against it.
    write(tmp_path, "sellers.csv", "id,name,team\nS1,A,T\n")
    write(
        tmp_path,
        "activities.csv",
        "activity_id,seller_id,type,date\nA1,S1,call,2026-01-05\n",
    )
    problem = only(problems_of(tmp_path))
    assert (problem.file, problem.column) == ("sellers.csv", "seller_id")
