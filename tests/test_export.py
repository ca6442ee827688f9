"""CSV downloads (salescoach.export.to_csv_bytes): exact bytes, formula cells escaped.

A cell that a spreadsheet would run as a formula (starting with = + - @, tab or
carriage return) gets a leading apostrophe; numbers stay numbers. Text imported
with formulas in it is stored as plain text and comes out escaped.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

import salescoach
from salescoach.export import to_csv_bytes
from tests.tiny_data import tiny_tables

BOM = b"\xef\xbb\xbf"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_rows(data: bytes) -> list[list[str]]:
    """Rows as a spreadsheet reads them: a bare CR or LF outside quotes ends a row."""
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def test_exact_bytes_with_formula_cells_escaped():
    frame = pd.DataFrame(
        {
            "seller": [
                '=HYPERLINK("http://x","click")',
                "+358 40 1234567",
                "-5 % discount",
                "@SUM(A1:A2)",
                "\tcmd",
                "\r=1+1",
                "Mäkinen, Aino",
                'say "hi"',
                "two\nlines",
                " =1",
                None,
            ],
            "offers_won": [-3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            "hit_rate": [-0.5, 0.25, None, 1.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        }
    )
    assert to_csv_bytes(frame) == (
        b"\xef\xbb\xbfseller,offers_won,hit_rate\r\n"
        b'"\'=HYPERLINK(""http://x"",""click"")",-3,-0.5\r\n'
        b"'+358 40 1234567,0,0.25\r\n"
        b"'-5 % discount,1,\r\n"
        b"'@SUM(A1:A2),2,1.0\r\n"
        b"'\tcmd,3,0.0\r\n"
        b'"\'\r=1+1",4,0.5\r\n'
        b'"M\xc3\xa4kinen, Aino",5,0.5\r\n'
        b'"say ""hi""",6,0.5\r\n'
        b'"two\nlines",7,0.5\r\n'
        b" =1,8,0.5\r\n"
        b",9,0.5\r\n"
    )


def test_carriage_return_inside_a_value_cannot_start_a_new_row():
    # Caught by this test: lines ended in "\n" only, so a value with a bare "\r" was
    # written unquoted; a spreadsheet ends the row at "\r" and reads "=1+1" as a cell.
    frame = pd.DataFrame({"note": ["ok\r=1+1", "fine"], "seller": ["S1", "S2"]})
    data = to_csv_bytes(frame)
    assert data == b'\xef\xbb\xbfnote,seller\r\n"ok\r=1+1",S1\r\nfine,S2\r\n'
    assert spreadsheet_rows(data) == [["note", "seller"], ["ok\r=1+1", "S1"], ["fine", "S2"]]


def test_header_cells_escaped():
    frame = pd.DataFrame({"=cmd": ["a"], "-x": ["b"], "seller": ["c"]})
    assert to_csv_bytes(frame) == b"\xef\xbb\xbf'=cmd,'-x,seller\r\na,b,c\r\n"


def test_every_text_dtype_escaped_and_numbers_untouched():
    frame = pd.DataFrame(
        {
            "object": pd.Series(["=1", 2, None], dtype=object),
            "string": pd.array(["+1", pd.NA, "x"], dtype="string"),
            "arrow": pd.array(["@a", None, "-b"], dtype=pd.ArrowDtype(pa.string())),
            "category": pd.Categorical(["-1", "=2", "-1"]),
            "number": [-1.5, -2.0, 3.0],
            "integer": pd.array([-1, None, 3], dtype="Int64"),
        }
    )
    assert to_csv_bytes(frame) == (
        b"\xef\xbb\xbfobject,string,arrow,category,number,integer\r\n"
        b"'=1,'+1,'@a,'-1,-1.5,-1\r\n"
        b"2,,,'=2,-2.0,\r\n"
        b",x,'-b,'-1,3.0,3\r\n"
    )


def test_empty_frame():
    assert to_csv_bytes(pd.DataFrame({"seller": pd.Series([], dtype="string")})) == (
        b"\xef\xbb\xbfseller\r\n"
    )


def test_no_exported_cell_starts_a_formula_whatever_the_text(tmp_path):
    texts = [
        prefix + body
        for prefix in ("", *FORMULA_START, " ", '"', "'")
        for body in ("=1+1", "x\r=1+1", "x\n+1", "a,b;=c", "ä€")
    ]
    data = to_csv_bytes(pd.DataFrame({"text": texts, "n": range(len(texts))}))
    rows = spreadsheet_rows(data)
    assert len(rows) == len(texts) + 1
    for (cell, number), text in zip(rows[1:], texts, strict=True):
        assert not cell.startswith(FORMULA_START)
        assert cell == ("'" + text if text.startswith(FORMULA_START) else text)
        assert number == str(texts.index(text))


def test_formula_text_imported_as_text_and_exported_escaped(tmp_path):
    """The corpus file with formulas in text cells: stored literally, downloaded escaped."""
    path = tmp_path / "tiny.duckdb"
    coach = salescoach.connect(path)
    coach.load_frames(tiny_tables())
    folder = tmp_path / "upload"
    shutil.copytree(Path(__file__).parent / "bad_input" / "ok_formula_text_csv", folder)
    coach.load(folder)
    coach.close()
    with duckdb.connect(str(path), read_only=True) as con:
        stored = con.execute(
            "select customer_id, name, segment from customers "
            "where customer_id in ('C20', 'C21', 'C22') order by customer_id"
        ).df()
    assert stored.to_dict("list") == {
        "customer_id": ["C20", "C21", "C22"],
        "name": ['=HYPERLINK("http://x","click")', "=1+1", "-2+3"],
        "segment": ["SMB", "+358 40 1234567", "@SUM(A1:A2)"],
    }
    assert to_csv_bytes(stored) == (
        b"\xef\xbb\xbfcustomer_id,name,segment\r\n"
        b'C20,"\'=HYPERLINK(""http://x"",""click"")",SMB\r\n'
        b"C21,'=1+1,'+358 40 1234567\r\n"
        b"C22,'-2+3,'@SUM(A1:A2)\r\n"
    )
