"""Read an import folder and validate it against the data contract.

An import is a folder with one file per table (``sellers.csv``, ``offers.xlsx``,
``activities.parquet`` ...). :func:`read_folder` reads the files as raw values and
hands them to :func:`validate_frames`, which checks every rule of the contract in
``salescoach.contract`` and returns one typed DataFrame per table present. Nothing
is written anywhere: the caller loads the frames into the database.

Every problem of the folder is collected and raised together in one
:class:`DataImportError`. Row numbers are spreadsheet rows: the header is row 1 and
the first data row is row 2, whatever the file format; a row-level problem also names
the row by its key ("offers.csv, row 7, offer O6, column closed_date: ..."). Every value
must lie inside its column's range or length (``contract.Column``), so whatever is
imported can be shown; XLSX formulas without a saved value are refused, never blank. The same kind of problem in
the same column is listed at most ``MAX_PROBLEMS_PER_KIND`` times per file, followed
by one "... and N more rows" line.

Everything is driven by the contract; the only table-specific rules here are the two
about offers (won/lost offers need a closed_date, closed_date not before sent_date),
which the contract has no way to express.

Parsing is vectorised so that already-typed frames with millions of rows (the demo
generator) validate in seconds.
"""

from __future__ import annotations

import codecs
import datetime as dt
import decimal
import difflib
import html
import math
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from salescoach.contract import (
    FILE_SUFFIXES,
    HISTORY_FIELDS,
    TABLE_ORDER,
    TABLES,
    Column,
    Table,
    accepted_values,
)
from salescoach.messages import Count, Message, Size, joined, plural
from salescoach.messages import text as message_text

__all__ = [
    "MAX_BLANK_LINES",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "MAX_PARQUET_DECODED_BYTES",
    "MAX_PROBLEMS_PER_KIND",
    "DataImportError",
    "ExistingKeys",
    "ImportProblem",
    "find_table_files",
    "read_folder",
    "validate_frames",
]

MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""Largest accepted size of one import file."""

MAX_IMPORT_ROWS = 5_000_000
"""Most rows (CSV: lines) in one import file; a bigger export can be imported in parts (by year)."""

MAX_BLANK_LINES = 100_000
"""Most blank lines (nothing but spaces and delimiters) in one CSV file.

A blank line is one byte on disk but a whole row in memory while the file is read, so a
200 MB file of blank lines would need many gigabytes; the file is refused instead."""

MAX_PARQUET_DECODED_BYTES = 4 * MAX_IMPORT_BYTES
"""Most data one Parquet file may decode to (compression and dictionaries undone): a small
file can otherwise unpack to gigabytes (a "zip bomb"). Checked before the data is decoded."""

MAX_PROBLEMS_PER_KIND = 20
"""Rows listed per file, column and kind of problem before "... and N more rows"."""

ExistingKeys = Callable[[str, str], Iterable[str]]
"""``existing_keys(table, column)``: the key values already in the database."""

TRUE_WORDS = ("true", "1", "yes", "kyllä", "tosi")
FALSE_WORDS = ("false", "0", "no", "ei", "epätosi")

# Rules about offers that the contract cannot express.
_CLOSED_OFFER_STATUSES = ("won", "lost")
COLUMNS_GIVEN = "salescoach_columns_given"
"""frame.attrs of a validated table: the contract columns its file had (an optional column the
file lacks leaves the stored values alone where they live apart: a seller's 1:1 cadence)."""

_CHUNK = 1024 * 1024
# A character of UTF-8 text outside ASCII (ä = C3 A4). Windows-1252 text has these byte
# pairs only for odd pairs like "Ã¤", so finding one means the file was UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF8_MAYBE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")  # a quick first look (4x faster)
_TEXT_DTYPE = "string"  # pandas StringDtype: missing values are pd.NA
_DATE_DTYPE = "datetime64[ns]"
_BOOL_DTYPE = "boolean"

_ISO_DATETIME = r"\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_SIGN = r"[+-]?"
_NUM_INT = _SIGN + r"\d+"
_NUM_ONE_DOT = _SIGN + r"\d*\.\d+"
_NUM_ONE_COMMA = _SIGN + r"\d*,\d+"
_NUM_AMBIGUOUS_DOT = _SIGN + r"\d{1,3}\.\d{3}"
_NUM_AMBIGUOUS_COMMA = _SIGN + r"\d{1,3},\d{3}"
_NUM_DOT_THOUSANDS = _SIGN + r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"
_NUM_COMMA_THOUSANDS = _SIGN + r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_NUM_EXPONENT = _SIGN + r"(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+"


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an import, located as precisely as possible."""

    file: str  # file name as given, e.g. "offers.csv"
    row: int | None  # spreadsheet row, header = 1; None for file-level problems
    column: str | None
    message: str
    record: str | None = None  # the row's key as the CRM knows it: "offer O6", "target S1 2026-03"

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """ "offers.csv, row 7, offer O6, column closed_date: …" in `lang` (default: the current
        language); the file, the record's key and the column as the file names them."""
        where = [message_text(self.file, lang)]
        if self.row is not None:
            where.append(Message("import.where.row", row=self.row).text(lang))
        if self.record is not None:
            where.append(message_text(self.record, lang))
        if self.column is not None:
            where.append(Message("import.where.column", column=self.column).text(lang))
        return Message("import.where.problem", where=", ".join(where), message=self.message).text(lang)


class DataImportError(Exception):
    """The import was rejected; ``problems`` lists everything that is wrong.

    ``total`` counts every problem, including the rows folded into an
    "... and N more rows with the same problem" line.
    """

    def __init__(self, problems: Iterable[ImportProblem], total: int | None = None):
        self.problems: list[ImportProblem] = list(problems)
        self.total: int = len(self.problems) if total is None else total
        super().__init__(self.problems)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """Every problem, one a line, after a heading, in `lang` (default: the current language)."""
        head = plural("import.problems_heading", self.total).text(lang)
        return "\n".join([head, *(p.text(lang) for p in self.problems)])


class _Problems:
    """Collects problems, capping repeated row-level problems."""

    def __init__(self) -> None:
        self.items: list[ImportProblem] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.items.append(ImportProblem(file, row, column, message))
        self.total += 1

    def add_rows(
        self,
        file: str,
        column: str | None,
        mask: np.ndarray,
        rows: np.ndarray,
        describe: Callable[[int], str],
        record: Callable[[int], str | None] | None = None,
    ) -> None:
        """One problem per True position of ``mask``, listing at most the cap.

        ``record(pos)`` names the row by its key ("offer O6"), None where it has none."""
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        self.total += len(positions)
        for pos in positions[:MAX_PROBLEMS_PER_KIND]:
            pos = int(pos)
            named = record(pos) if record is not None else None
            self.items.append(ImportProblem(file, int(rows[pos]), column, describe(pos), named))
        hidden = len(positions) - MAX_PROBLEMS_PER_KIND
        if hidden > 0:
            self.items.append(ImportProblem(file, None, column, plural("problem.more_rows", hidden)))

    def raise_if_any(self, file_order: list[str] | None = None) -> None:
        if not self:
            return
        items = self.items
        if file_order:
            rank = {name: i for i, name in enumerate(file_order)}
            items = sorted(items, key=lambda p: rank.get(p.file, -1))  # stable
        raise DataImportError(items, self.total)


class _FileProblem(Exception):
    """A file cannot be read; becomes an ImportProblem of that file."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


class _FileProblems(Exception):
    """Several reasons why a file cannot be read (one per column, say)."""

    def __init__(self, items: list[_FileProblem]):
        super().__init__(items)
        self.items = items


# --------------------------------------------------------------------------- folder


def _format_size(n: int) -> Size:
    """A size for a message: 2.9 MB (en), 2,9 MB (fi, sv, nb)."""
    return Size(n)


def _is_ignored(path: Path) -> bool:
    # Hidden files (.DS_Store, macOS "._offers.csv") and Excel lock files (~$offers.xlsx).
    return path.name.startswith((".", "~$")) or not path.is_file()


def _scan_folder(folder: Path, problems: _Problems) -> tuple[dict[str, Path], set[str]]:
    """(table name -> file, tables given by several files); problems are reported."""
    label = folder.name or str(folder)
    if not folder.is_dir():
        problems.add(label, Message("problem.folder_missing"))
        return {}, set()
    by_table: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        if _is_ignored(path) or path.suffix.lower() not in FILE_SUFFIXES:
            continue
        stem = path.stem.strip().lower()
        if stem in TABLES:
            by_table.setdefault(stem, []).append(path)
            continue
        close = difflib.get_close_matches(stem, list(TABLES), n=1)
        if close:
            message = Message(
                "problem.unknown_file.close", name=path.stem, suggestion=f"{close[0]}{path.suffix}"
            )
        else:
            message = Message("problem.unknown_file.tables", name=path.stem, tables=", ".join(TABLE_ORDER))
        problems.add(path.name, message)
    found: dict[str, Path] = {}
    ambiguous: set[str] = set()
    for table in TABLE_ORDER:
        paths = by_table.get(table)
        if not paths:
            continue
        if len(paths) == 1:
            found[table] = paths[0]
            continue
        ambiguous.add(table)
        names = [p.name for p in paths]
        code = "problem.files_for_table.two" if len(names) == 2 else "problem.files_for_table.other"
        problems.add(names[-1], Message(code, count=len(names), table=table, files=joined(names)))
    if not by_table and not problems:
        suffixes = ", ".join(FILE_SUFFIXES)
        problems.add(label, Message("problem.no_files", suffixes=suffixes, tables=", ".join(TABLE_ORDER)))
    return found, ambiguous


def find_table_files(folder: str | Path) -> dict[str, Path]:
    """The import files of ``folder`` by table name, in load order.

    Raises DataImportError for unknown table files, two files for one table, a
    missing folder or a folder without any import file. Hidden files and files with
    other suffixes (README.txt) are ignored.
    """
    problems = _Problems()
    found, _ = _scan_folder(Path(folder), problems)
    problems.raise_if_any()
    return found


# --------------------------------------------------------------------------- reading


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)  # UTF-32 first: FF FE 00 00


def bom_encoding(head: bytes) -> str | None:
    """The codec ("utf-32" or "utf-16") whose byte order mark ``head`` starts with, or None."""
    return next((codec for bom, codec in _WIDE_BOMS if head.startswith(bom)), None)


def wide_encoding_without_bom(head: bytes) -> str | None:
    """The encoding's name ("UTF-16 LE", "UTF-16 BE", "UTF-32 LE" or "UTF-32 BE") when ``head``,
    the start of a file without a byte order mark, is text in it; None otherwise.

    Such text has its NUL bytes in fixed places of every 2 or 4 bytes (the high bytes of
    digits, Latin letters and delimiters), which binary data and UTF-8 never have.
    """
    n = min(len(head), 65536) // 4 * 4
    if n < 8:
        return None
    zero = (np.frombuffer(head[:n], dtype=np.uint8).reshape(-1, 4) == 0).mean(axis=0)
    odd, even = (zero[1] + zero[3]) / 2, (zero[0] + zero[2]) / 2
    if zero[3] == 1 and zero[2] >= 0.9 and zero[0] < 0.1:
        name, codec = "UTF-32 LE", "utf-32-le"
    elif zero[0] == 1 and zero[1] >= 0.9 and zero[3] < 0.1:
        name, codec = "UTF-32 BE", "utf-32-be"
    elif odd >= 0.5 and even < 0.1:
        name, codec = "UTF-16 LE", "utf-16-le"
    elif even >= 0.5 and odd < 0.1:
        name, codec = "UTF-16 BE", "utf-16-be"
    else:
        return None
    try:
        codecs.getincrementaldecoder(codec)().decode(head[:n])
    except UnicodeDecodeError:
        return None
    return name


def wide_encoding_message(name: str) -> Message:
    return Message("problem.wide_encoding", encoding=name)


def _csv_encoding(path: Path) -> tuple[str, str]:
    """(encoding, decoded start of the file): UTF-16 or UTF-32 with BOM, UTF-8 or Windows-1252.

    The file is checked in chunks so that a big file is never held twice in memory.
    """
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
        wide = bom_encoding(head)
        if wide is not None:
            candidates: tuple[str, ...] = (wide,)
        elif head.startswith(b"PK\x03\x04"):
            raise _FileProblem(Message("problem.csv_is_workbook"))
        elif name := wide_encoding_without_bom(head):
            raise _FileProblem(wide_encoding_message(name))
        else:
            candidates = ("utf-8-sig", "cp1252")  # latin-1 would mis-decode €
        for encoding in candidates:
            decoder = codecs.getincrementaldecoder(encoding)()
            handle.seek(0)
            prefix: str | None = None
            looks_utf8 = False
            try:
                while chunk := handle.read(_CHUNK):
                    if wide is None and b"\x00" in chunk:
                        raise _FileProblem(Message("problem.csv_binary"))
                    if encoding == "cp1252" and not looks_utf8 and _UTF8_MAYBE.search(chunk):
                        looks_utf8 = _UTF8_MULTIBYTE.search(chunk) is not None
                    text = decoder.decode(chunk)
                    prefix = text if prefix is None else prefix
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            if looks_utf8:
                # UTF-8 text (ä as two bytes) with some Windows-1252 bytes: decoding it
                # all as Windows-1252 would silently store "Ã¤" for every ä.
                handle.seek(0)
                row = next((i for i, line in enumerate(handle, 1) if not _is_utf8(line)), None)
                raise _FileProblem(Message("problem.mixed_encodings"), row)
            return encoding, prefix or ""
    raise _FileProblem(Message("problem.undecodable"))


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect_delimiter(header_line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: unquoted.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


_BLANK_BYTE = np.zeros(256, dtype=bool)
_BLANK_BYTE[list(b" \t\r,;\x00")] = True  # \x00: the second byte of UTF-16 text


def _count_lines(path: Path, stop_blank: int, stop_lines: int) -> tuple[int, int]:
    """(lines, blank lines) of a text file, stopping early past either limit.

    A blank line holds only spaces, tabs and delimiters (Excel writes ``;;;;`` for an empty
    row). Counted on the raw bytes in fixed-size chunks, so the file is never held whole.
    """
    lines = blank = 0
    content_before = False  # the line that continues into the next chunk has content
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            data = np.frombuffer(chunk, dtype=np.uint8)
            newlines = np.flatnonzero(data == 10)
            content = ~_BLANK_BYTE[data]
            content[newlines] = False
            if not len(newlines):
                content_before = content_before or bool(content.any())
                continue
            seen = np.cumsum(content, dtype=np.int64)
            at_newline = seen[newlines]
            before = np.concatenate(([0], at_newline[:-1]))
            empty = at_newline == before
            if content_before:
                empty[0] = False
            lines += len(newlines)
            blank += int(empty.sum())
            content_before = bool(seen[-1] != at_newline[-1])
            if blank > stop_blank or lines > stop_lines:
                break
    return lines, blank


def _read_csv_grid(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """All cells as str, plus the file row number of each grid row."""
    lines, blank = _count_lines(path, MAX_BLANK_LINES, MAX_IMPORT_ROWS)
    if blank > MAX_BLANK_LINES:
        raise _FileProblem(Message("problem.too_many_blank_lines", limit=Count(MAX_BLANK_LINES)))
    if lines > MAX_IMPORT_ROWS:
        raise _FileProblem(Message("problem.too_many_lines", limit=Count(MAX_IMPORT_ROWS)))
    encoding, prefix = _csv_encoding(path)
    prefix = prefix.removeprefix("\ufeff")
    leading = re.match(r"(?:[ \t]*\r?\n)*", prefix)
    offset = leading.group().count("\n") if leading else 0
    rest = prefix[leading.end() :] if leading else prefix
    if not rest.strip():
        return pd.DataFrame(), np.empty(0, dtype=np.int64)
    sep = _detect_delimiter(rest.split("\n", 1)[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            grid = pd.read_csv(
                path,
                sep=sep,
                encoding=encoding,
                skiprows=offset,
                header=None,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                on_bad_lines="warn",
                engine="c",
            )
        except pd.errors.ParserError as exc:
            found = re.search(r"row (\d+)", str(exc))  # 0-based line of the file
            row = int(found.group(1)) + 1 if found else None
            reason = str(exc).split("C error: ")[-1].rstrip(". ")
            raise _FileProblem(Message("problem.csv_unreadable", reason=reason), row) from exc
        except pd.errors.EmptyDataError:
            return pd.DataFrame(), np.empty(0, dtype=np.int64)
    # Rows with too many values are skipped with a warning naming the file line.
    skipped: list[tuple[int, int, int]] = []
    for warning in caught:
        for line, expected, saw in re.findall(
            r"line (\d+): expected (\d+) fields, saw (\d+)", str(warning.message)
        ):
            skipped.append((int(line), int(expected), int(saw)))
    rows = np.arange(offset + 1, offset + len(grid) + len(skipped) + 1, dtype=np.int64)
    if skipped:
        rows = np.setdiff1d(rows, [line for line, _, _ in skipped])
        grid.attrs["skipped_lines"] = skipped
        grid.attrs["delimiter"] = sep
    return grid, rows


class _UncachedFormula:
    """An XLSX cell holding a formula but no saved value (what openpyxl and other
    libraries write): its value is unknown, not blank."""

    __slots__ = ("formula",)

    def __init__(self, formula: str):
        self.formula = formula  # "" when not kept (only the first ones of a column are)

    def __str__(self) -> str:
        return f"={self.formula}"


_UNCACHED_FORMULAS = "salescoach_uncached_formulas"  # frame.attrs flag: some cells are _UncachedFormula
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def formula_message(shown: str, where: Message | None = None) -> Message:
    """A formula cell without a saved value; `where`: "the cell" unless told (the header cell)."""
    formula = Message("problem.formula.named", formula=_quoted(shown)) if shown.strip("=") else None
    return Message(
        "problem.formula",
        where=where if where is not None else Message("problem.formula.cell"),
        formula=formula if formula is not None else Message("problem.formula.unnamed"),
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet (what pandas reads as sheet 0)."""
    from openpyxl.xml.functions import fromstring  # the XML parser openpyxl itself uses

    def target_of(rels_part: str, wanted: Callable[[object], bool], base: str) -> str | None:
        try:
            rels = fromstring(archive.read(rels_part))
        except (KeyError, SyntaxError):
            return None
        for rel in rels:
            if wanted(rel):
                target = rel.get("Target", "")
                return (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(base, target))
                )
        return None

    workbook = (
        target_of("_rels/.rels", lambda r: r.get("Type", "").endswith("/officeDocument"), "")
        or "xl/workbook.xml"
    )
    try:
        sheets = [e for e in fromstring(archive.read(workbook)).iter() if _local(e.tag) == "sheet"]
    except (KeyError, SyntaxError):
        return None
    if not sheets:
        return None
    rid = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None)
    folder, name = posixpath.split(workbook)
    return target_of(posixpath.join(folder, "_rels", name + ".rels"), lambda r: r.get("Id") == rid, folder)


@dataclass(frozen=True)
class UncachedFormulas:
    """The formula cells of a sheet that have no saved value (openpyxl reads them as empty)."""

    rows: np.ndarray  # sheet row of each cell (1 = the first row)
    columns: np.ndarray  # sheet column of each cell (1 = A)
    texts: dict[tuple[int, int], str]  # (row, column) -> formula, for the first ones of each column

    def __len__(self) -> int:
        return len(self.rows)


class _UnusualSheet(Exception):
    """A sheet the quick scan cannot read (namespace prefixes, cells without a reference)."""


def uncached_formulas(path: Path) -> UncachedFormulas:
    """Every formula cell of the workbook's first sheet that has no saved value.

    The sheet's XML is streamed in chunks of whole rows; a chunk without a formula is
    skipped at once (most exports have none), and only formula cells are looked at. A
    sheet written in an unusual way is parsed element by element instead.
    """
    found: list[tuple[int, int, str]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            part = _first_sheet_part(archive)
            if part is None:
                return _collect([])
            try:
                with archive.open(part) as stream:
                    found = list(_scan_formulas(stream))
            except _UnusualSheet:
                with archive.open(part) as stream:
                    found = list(_parse_formulas(stream))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, SyntaxError):
        found = []  # a broken workbook is reported when pandas reads it
    return _collect(found)


def _collect(found: Iterable[tuple[int, int, str]]) -> UncachedFormulas:
    rows, columns, texts, kept = [], [], {}, {}
    for row, col, formula in found:
        rows.append(row)
        columns.append(col)
        kept[col] = kept.get(col, 0) + 1
        if kept[col] <= MAX_PROBLEMS_PER_KIND:
            texts[row, col] = formula
    return UncachedFormulas(np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64), texts)


_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_CELL_ATTRIBUTE = re.compile(rb"""\s(r|t)\s*=\s*["']([^"']*)["']""")
_CELL_REFERENCE = re.compile(rb"([A-Z]{1,3})(\d+)")
_FORMULA_ELEMENT = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE_ELEMENT = re.compile(rb"<v\b[^>]*?(?:/>|>(.*?)</v>)", re.S)


def _scan_formulas(stream) -> Iterable[tuple[int, int, str]]:
    from openpyxl.utils.cell import column_index_from_string

    buffer = b""
    while chunk := stream.read(_CHUNK):
        buffer += chunk
        cut = buffer.rfind(b"</row>")
        if cut < 0:
            continue  # a row longer than a chunk: read on
        cut += len(b"</row>")
        rows, buffer = buffer[:cut], buffer[cut:]
        for found in _FORMULA_TAG.finditer(rows):
            if not rows.startswith(b"<f", found.start()):
                raise _UnusualSheet  # a namespace prefix (<x:f>)
            start = rows.rfind(b"<c", 0, found.start())
            cell = _CELL.match(rows, start) if start >= 0 else None
            if cell is None or cell.end() < found.end():
                raise _UnusualSheet
            attributes = dict(_CELL_ATTRIBUTE.findall(cell.group(1)))
            reference = _CELL_REFERENCE.fullmatch(attributes.get(b"r", b""))
            if reference is None:
                raise _UnusualSheet  # a cell without its reference
            formula = _uncached_formula_text(cell.group(2) or b"", attributes.get(b"t"))
            if formula is not None:
                letters, row = reference.groups()
                yield int(row), column_index_from_string(letters.decode()), formula
    if _FORMULA_TAG.search(buffer):
        raise _UnusualSheet  # the sheet has no row ends where expected


def _uncached_formula_text(body: bytes, kind: bytes | None) -> str | None:
    """The formula of a cell holding one and no saved value, else None. A formula whose
    saved result is an empty text (t="str" with an empty value) has a value: blank."""
    formula = _FORMULA_ELEMENT.search(body)
    if formula is None:
        return None  # "<f" inside a text, not an element
    value = _VALUE_ELEMENT.search(body)
    if value is not None and (value.group(1) or kind == b"str"):
        return None
    return html.unescape((formula.group(1) or b"").decode("utf-8", "replace")).strip()


def _parse_formulas(stream) -> Iterable[tuple[int, int, str]]:
    """The same as `_scan_formulas`, element by element (any namespace prefix, cells
    without a reference counted along their row)."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.xml.functions import iterparse

    row = col = 0
    for event, element in iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row, col = int(element.get("r") or row + 1), 0
        elif tag == "c":
            letters = (element.get("r") or "").rstrip("0123456789")
            col = column_index_from_string(letters) if letters else col + 1
            children = {_local(child.tag): child for child in element}
            formula, value = children.get("f"), children.get("v")
            cached = value is not None and (value.text or element.get("t") == "str")
            if formula is not None and not cached:
                yield row, col, (formula.text or "").strip()
        elif tag == "row":
            element.clear()


def _mark_formulas(grid: pd.DataFrame, formulas: UncachedFormulas) -> pd.DataFrame:
    """The grid with an _UncachedFormula in each such cell (grid row i is sheet row i + 1)."""
    rows, cols = formulas.rows, formulas.columns
    shape = (max(len(grid), int(rows.max())), max(grid.shape[1], int(cols.max())))
    if shape != grid.shape:  # pandas drops trailing rows and cells it reads as empty
        grid = grid.reindex(index=range(shape[0]), columns=range(shape[1]), fill_value="")
    unknown = _UncachedFormula("")
    for j in np.unique(cols):
        values = grid.iloc[:, j - 1].to_numpy(dtype=object, copy=True)
        at = rows[cols == j]
        values[at - 1] = unknown
        for row in at[:MAX_PROBLEMS_PER_KIND]:
            text = formulas.texts.get((int(row), int(j)))
            if text:
                values[row - 1] = _UncachedFormula(text)
        grid[grid.columns[j - 1]] = values
    grid.attrs[_UNCACHED_FORMULAS] = True
    return grid


def _read_xlsx_grid(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    try:
        grid = pd.read_excel(
            path,
            sheet_name=0,
            header=None,
            dtype=object,
            na_filter=False,
            engine="openpyxl",
        )
    except Exception as exc:  # any failure of a broken workbook: zip, XML, openpyxl
        reason = str(exc).strip() or type(exc).__name__
        raise _FileProblem(Message("problem.xlsx_unreadable", reason=reason[:200])) from exc
    formulas = uncached_formulas(path)
    if len(formulas):
        grid = _mark_formulas(grid, formulas)
    return grid, np.arange(1, len(grid) + 1, dtype=np.int64)


def _blank_cells(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.StringDtype):
        stripped = column.str.strip()
        return (stripped.isna() | (stripped == "")).to_numpy(dtype=bool, na_value=True)
    return np.fromiter(
        (not (_cell_to_text(v) or "").strip() for v in column),
        dtype=bool,
        count=len(column),
    )


def _grid_to_frame(
    grid: pd.DataFrame, rows: np.ndarray, file: str, problems: _Problems
) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Header = first non-blank row; fully blank rows are dropped."""
    if grid.shape[1] == 0 or grid.shape[0] == 0:
        problems.add(file, Message("problem.empty.no_header"))
        return None
    blank = np.ones(len(grid), dtype=bool)
    for j in range(grid.shape[1]):
        blank &= _blank_cells(grid.iloc[:, j])
    filled = np.flatnonzero(~blank)
    if not len(filled):
        problems.add(file, Message("problem.empty.no_header"))
        return None
    head = int(filled[0])
    header = [(_cell_to_text(v) or "").strip() for v in grid.iloc[head]]
    formulas = bool(grid.attrs.get(_UNCACHED_FORMULAS))
    for j, cell in enumerate(grid.iloc[head] if formulas else ()):
        if isinstance(cell, _UncachedFormula):
            message = formula_message(str(cell), Message("problem.formula.header_column", position=j + 1))
            problems.add(file, message, row=int(rows[head]))
    data_positions = filled[1:]
    if not len(data_positions):
        problems.add(file, Message("problem.empty.no_rows"))
        return None
    frame = grid.iloc[data_positions].reset_index(drop=True)
    frame.columns = header
    frame.attrs = {_UNCACHED_FORMULAS: True} if formulas else {}
    return frame, rows[data_positions]


def _xlsx_unpacked_size(path: Path) -> int | None:
    """Total unpacked size of the workbook's parts; None if it is not a readable zip.

    The sizes come from the zip directory; reading a part never yields more than its
    stated size, so they bound the work of reading the workbook.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # reported as a broken workbook when it is read


def _parquet_problem(exc: Exception) -> _FileProblem:
    reason = str(exc).strip() or type(exc).__name__
    return _FileProblem(Message("problem.parquet_unreadable", reason=reason[:200]))


def _nested_columns(schema: pa.Schema, table: str) -> list[_FileProblem]:
    """A problem for each contract column of ``table`` that holds lists, records or maps
    instead of one value per row (extra columns are ignored anyway)."""
    wanted = {c.lower(): c for c in TABLES[table].column_names} if table in TABLES else {}
    found = []
    for field_ in schema:
        name = wanted.get(str(field_.name).strip().lower())
        kind = field_.type
        if name is None or not pa.types.is_nested(kind):
            continue
        what = (
            "records"
            if pa.types.is_struct(kind)
            else "maps"
            if pa.types.is_map(kind)
            else "lists"
            if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind)
            else "nested"
        )
        message = Message("problem.parquet_nested", what=Message(f"problem.parquet_nested.{what}"), type=kind)
        found.append(_FileProblem(message, column=name))
    return found


def _nan_as_text(table: pa.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns holding NaN (not null: pandas writes a missing number as null) get the
    text "NaN" there, so the importer refuses it instead of reading it as blank."""
    for j, column in enumerate(table.columns):
        if not pa.types.is_floating(column.type):
            continue
        nan = pc.fill_null(pc.is_nan(column), False)
        if not pc.any(nan).as_py():
            continue
        values = frame.iloc[:, j].astype(object)
        values[nan.to_numpy(zero_copy_only=False)] = "NaN"
        frame.isetitem(j, values)
    return frame


def _too_big(size: Size | Message) -> _FileProblem:
    return _FileProblem(
        Message("problem.parquet_too_big", size=size, limit=_format_size(MAX_PARQUET_DECODED_BYTES))
    )


def _check_decoded_size(table: pa.Table) -> None:
    """Refuse a table whose columns decode to more than the limit, summed without decoding
    the dictionary-encoded ones (value lengths taken through their indices)."""
    decoded = 0
    for column in table.columns:
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type):
                lengths = pc.binary_length(chunk.dictionary)
                decoded += (pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0) + 8 * len(chunk)
            else:
                decoded += chunk.nbytes
        if decoded > MAX_PARQUET_DECODED_BYTES:
            raise _too_big(Message("problem.size_more_than", size=_format_size(decoded)))


def _read_parquet(path: Path, table_name: str) -> pd.DataFrame:
    """The Parquet file as a frame, refused before decoding when it would unpack too far.

    The footer gives the row count and each column chunk's uncompressed size. Text columns
    are then read still dictionary-encoded, and their decoded size is summed from the
    dictionary's value lengths and the indices, so a few kilobytes that expand to gigabytes
    (one long value repeated a million times) are refused without being expanded.
    """
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
    except Exception as exc:  # pyarrow raises many types for broken files
        raise _parquet_problem(exc) from exc
    if metadata.num_rows > MAX_IMPORT_ROWS:
        rows, limit = Count(metadata.num_rows), Count(MAX_IMPORT_ROWS)
        raise _FileProblem(Message("problem.parquet_too_many_rows", rows=rows, limit=limit))
    unpacked = sum(
        metadata.row_group(g).column(c).total_uncompressed_size
        for g in range(metadata.num_row_groups)
        for c in range(metadata.num_columns)
    )
    if unpacked > MAX_PARQUET_DECODED_BYTES:
        raise _too_big(_format_size(unpacked))
    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for broken files
        raise _parquet_problem(exc) from exc
    nested = _nested_columns(schema, table_name)
    if nested:
        raise _FileProblems(nested)
    try:
        texts = [
            f.name
            for f in schema
            if pa.types.is_string(f.type)
            or pa.types.is_large_string(f.type)
            or pa.types.is_binary(f.type)
            or pa.types.is_large_binary(f.type)
        ]
        table = pq.read_table(path, read_dictionary=texts)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for broken files
        raise _parquet_problem(exc) from exc
    _check_decoded_size(table)
    try:
        table = pa.table(
            [
                pa.chunked_array(
                    [c.dictionary_decode() if pa.types.is_dictionary(c.type) else c for c in col.chunks],
                    type=col.type.value_type if pa.types.is_dictionary(col.type) else col.type,
                )
                for col in table.columns
            ],
            names=table.column_names,
        )
        return _nan_as_text(table, table.to_pandas())
    except Exception as exc:  # noqa: BLE001 - e.g. a type pandas cannot hold
        raise _parquet_problem(exc) from exc


def _read_file(path: Path, problems: _Problems) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Raw frame (original headers) and spreadsheet row numbers, or None if unreadable."""
    file = path.name
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        problems.add(
            file,
            Message("problem.file_too_big", size=_format_size(size), limit=_format_size(MAX_IMPORT_BYTES)),
        )
        return None
    if size == 0:
        problems.add(file, Message("problem.empty.no_header"))
        return None
    suffix = path.suffix.lower()
    unpacked = _xlsx_unpacked_size(path) if suffix == ".xlsx" else None
    if unpacked is not None and unpacked > MAX_IMPORT_BYTES:
        # An .xlsx is a zip: a small file can unpack to gigabytes of XML.
        problems.add(
            file,
            Message(
                "problem.xlsx_too_big", size=_format_size(unpacked), limit=_format_size(MAX_IMPORT_BYTES)
            ),
        )
        return None
    try:
        if suffix == ".parquet":
            frame = _read_parquet(path, path.stem.strip().lower())
            if frame.shape[1] == 0:
                problems.add(file, Message("problem.empty.no_columns"))
                return None
            if frame.shape[0] == 0:
                problems.add(file, Message("problem.empty.no_data_rows"))
                return None
            frame.columns = [str(c).strip() for c in frame.columns]
            return frame.reset_index(drop=True), np.arange(2, len(frame) + 2, dtype=np.int64)
        if suffix == ".csv":
            grid, rows = _read_csv_grid(path)
        else:
            grid, rows = _read_xlsx_grid(path)
    except (_FileProblem, _FileProblems) as exc:
        for item in exc.items if isinstance(exc, _FileProblems) else [exc]:
            problems.add(file, item.message, row=item.row, column=item.column)
        return None
    skipped = grid.attrs.pop("skipped_lines", [])
    delimiter = Message(
        "problem.delimiter."
        + {",": "comma", ";": "semicolon", "\t": "tab"}.get(grid.attrs.pop("delimiter", ","), "other")
    )
    if skipped:
        line_rows = np.array([line for line, _, _ in skipped], dtype=np.int64)
        details = {line: (exp, saw) for line, exp, saw in skipped}

        def describe(pos: int) -> Message:
            expected, saw = details[int(line_rows[pos])]
            return Message("problem.row_width", saw=saw, expected=expected, delimiter=delimiter)

        problems.add_rows(file, None, np.ones(len(line_rows), dtype=bool), line_rows, describe)
    return _grid_to_frame(grid, rows, file, problems)


def read_folder(folder: str | Path, existing_keys: ExistingKeys | None = None) -> dict[str, pd.DataFrame]:
    """Read and validate every import file of ``folder``.

    Returns one typed frame per table present (see :func:`validate_frames`) or
    raises DataImportError listing every problem of every file.
    """
    problems = _Problems()
    files, ambiguous = _scan_folder(Path(folder), problems)
    frames: dict[str, pd.DataFrame] = {}
    rows: dict[str, np.ndarray] = {}
    # Do not check foreign keys against a table whose file is broken or ambiguous.
    unavailable = set(ambiguous)
    for table, path in files.items():
        result = _read_file(path, problems)
        if result is None:
            unavailable.add(table)
        else:
            frames[table], rows[table] = result
    names = {table: path.name for table, path in files.items()}
    typed = _validate(frames, existing_keys, names, rows, unavailable, problems)
    problems.raise_if_any([names[t] for t in TABLE_ORDER if t in names])
    return typed


# --------------------------------------------------------------------------- cells


def _is_missing_scalar(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return False


def _cell_to_text(value: object) -> str | None:
    """Text of one native cell value (XLSX, Parquet, typed frames); None if missing."""
    if _is_missing_scalar(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isfinite(number) and number == int(number) and abs(number) < 1e16:
            return str(int(number))
        return repr(number)
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _normalise_dtype(raw: pd.Series) -> pd.Series:
    """Arrow-backed and categorical columns to the dtypes the parsers know."""
    dtype = raw.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return raw.astype(dtype.categories.dtype)
    if isinstance(dtype, pd.ArrowDtype):
        kind = dtype.pyarrow_dtype
        try:
            if pa.types.is_string(kind) or pa.types.is_large_string(kind):
                return raw.astype(_TEXT_DTYPE)
            if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
                return pd.to_datetime(raw.astype(object))
            if pa.types.is_boolean(kind):
                return raw.astype(_BOOL_DTYPE)
            if pa.types.is_integer(kind):
                return raw.astype("Int64")
            if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
                return raw.astype("Float64")
        except (TypeError, ValueError):
            pass
        return raw.astype(object)
    return raw


def _is_native_number(value: object) -> bool:
    if isinstance(value, bool | np.bool_) or _is_missing_scalar(value):
        return False
    return isinstance(value, int | float | decimal.Decimal | np.integer | np.floating)


def _inferred(raw: pd.Series) -> str:
    if not pd.api.types.is_object_dtype(raw.dtype):
        return ""
    return pd.api.types.infer_dtype(raw, skipna=True)


def _to_text(raw: pd.Series) -> pd.Series:
    """Trimmed text, pd.NA for missing and empty cells."""
    dtype = raw.dtype
    if (
        isinstance(dtype, pd.StringDtype)
        or pd.api.types.is_integer_dtype(dtype)
        or _inferred(raw) in ("string", "empty")
    ):
        text = raw.astype(_TEXT_DTYPE)
    elif pd.api.types.is_bool_dtype(dtype):
        text = raw.astype(_BOOL_DTYPE).map({True: "true", False: "false"}).astype(_TEXT_DTYPE)
    else:
        text = pd.Series([_cell_to_text(v) for v in raw], index=raw.index, dtype=_TEXT_DTYPE)
    text = text.str.strip()
    return text.mask((text == "").to_numpy(dtype=bool, na_value=False))


def _false(n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool)


def _mask(series: pd.Series) -> np.ndarray:
    """A writable numpy bool array, NA = False."""
    mask = series.to_numpy(dtype=bool, na_value=False)
    return mask if mask.flags.writeable else mask.copy()


# --------------------------------------------------------------------------- parsers


@dataclass
class _Parsed:
    """Typed values (missing/bad = NA) and the row problems found while parsing."""

    values: pd.Series
    problems: list[tuple[np.ndarray, Callable[[str], str]]] = field(default_factory=list)

    def flagged(self) -> np.ndarray:
        bad = _false(len(self.values))
        for mask, _ in self.problems:
            bad |= mask
        return bad


def _limit(value: float) -> Count | str:
    """A column's minimum or maximum for a message: a whole number as a Count (1,000 / 1 000)."""
    return Count(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:,.15g}"


def _quoted(text: str) -> str:
    if len(text) > 60:
        text = text[:57] + "..."
    return f'"{text}"'


def _parse_text(column: Column, raw: pd.Series) -> _Parsed:
    """Trimmed text of at most ``column.max_length`` characters (longer is refused)."""
    text = _to_text(raw)
    limit = column.max_length
    long = _longer_than(text, limit) if limit is not None else _false(len(text))
    code = "problem.too_long.id" if column.kind == "id" else "problem.too_long.text"
    return _Parsed(
        text.mask(long) if long.any() else text,
        [(long, lambda shown: Message(code, length=Count(len(shown)), limit=Count(limit)))],
    )


def _longer_than(text: pd.Series, limit: int) -> np.ndarray:
    """Which values have more than ``limit`` characters, counted by Arrow (10x pandas)."""
    longer = pc.greater(pc.utf8_length(pa.array(text.array)), limit)
    mask = pc.fill_null(longer, False).to_numpy(zero_copy_only=False)
    return mask if mask.flags.writeable else mask.copy()


def _parse_choice(column: Column, raw: pd.Series) -> _Parsed:
    text = _to_text(raw).str.lower()
    ok = _mask(text.isin(list(column.choices)))
    bad = _mask(text.notna()) & ~ok
    allowed = ", ".join(column.choices)
    return _Parsed(
        text.mask(bad),
        [
            (
                bad,
                lambda shown: Message("problem.invalid_choice", value=_quoted(shown), allowed=allowed),
            )
        ],
    )


def _parse_bool(raw: pd.Series) -> _Parsed:
    if pd.api.types.is_bool_dtype(raw.dtype) or _inferred(raw) == "boolean":
        try:
            return _Parsed(raw.astype(_BOOL_DTYPE))
        except (TypeError, ValueError):
            pass
    text = _to_text(raw).str.lower()
    is_true = _mask(text.isin(list(TRUE_WORDS)))
    is_false = _mask(text.isin(list(FALSE_WORDS)))
    values = pd.Series(pd.arrays.BooleanArray(is_true, ~(is_true | is_false)), index=raw.index)
    bad = _mask(text.notna()) & ~(is_true | is_false)
    return _Parsed(
        values,
        [
            (
                bad,
                lambda shown: Message("problem.unparseable_bool", value=_quoted(shown)),
            )
        ],
    )


def _number_text_to_float(text: pd.Series, allow_percent: bool) -> tuple[np.ndarray, np.ndarray]:
    """Parse number strings with decimal point or comma; (values, percent-sign mask).

    A single separator is the decimal separator ("1,5", "1234.50"). When it is
    followed by exactly three digits ("1,234", "1.234") the column decides: if other
    values of the column use comma decimals (or dot thousands), "1.234" is 1234;
    if they use point decimals (or comma thousands), "1,234" is 1234.
    """
    s = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    s = s.str.replace("\u2212", "-", regex=False).str.replace(r"^€|€$", "", regex=True)
    percent = _false(len(s))
    if allow_percent:
        percent = _mask(s.str.endswith("%"))
        s = s.str.replace(r"%$", "", regex=True)

    def full(pattern: str) -> np.ndarray:
        return _mask(s.str.fullmatch(pattern))

    plain = full(_NUM_INT) | full(_NUM_EXPONENT)
    one_dot, one_comma = full(_NUM_ONE_DOT), full(_NUM_ONE_COMMA)
    amb_dot, amb_comma = full(_NUM_AMBIGUOUS_DOT), full(_NUM_AMBIGUOUS_COMMA)
    dot_thousands = full(_NUM_DOT_THOUSANDS) & ~one_dot
    comma_thousands = full(_NUM_COMMA_THOUSANDS) & ~one_comma
    comma_style = dot_thousands.any() or (one_comma & ~amb_comma).any()
    point_style = comma_thousands.any() or (one_dot & ~amb_dot).any()

    norm = s.where(plain)
    dots_are_thousands = (amb_dot if comma_style and not point_style else _false(len(s))) & one_dot
    norm = norm.mask(one_dot & ~dots_are_thousands, s)
    norm = norm.mask(dots_are_thousands, s.str.replace(".", "", regex=False))
    commas_are_thousands = (amb_comma if point_style and not comma_style else _false(len(s))) & one_comma
    norm = norm.mask(one_comma & ~commas_are_thousands, s.str.replace(",", ".", regex=False))
    norm = norm.mask(commas_are_thousands, s.str.replace(",", "", regex=False))
    norm = norm.mask(
        dot_thousands,
        s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
    )
    norm = norm.mask(comma_thousands, s.str.replace(",", "", regex=False))
    values = pd.to_numeric(norm, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return values, percent


def _number_strings(text: pd.Series, allow_percent: bool) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = _factorized(text)
    values, percent = _number_text_to_float(uniques, allow_percent)
    return _expand(codes, values, np.nan), _expand(codes, percent, False)


def _numbers(raw: pd.Series, allow_percent: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(float values with NaN, present-but-unparseable mask, percent-sign mask)."""
    n = len(raw)
    dtype = raw.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        values = raw.to_numpy(dtype="float64", na_value=np.nan)
        return values, _false(n), _false(n)
    inferred = _inferred(raw)
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        present = ~raw.isna().to_numpy()
        return values, present & np.isnan(values), _false(n)
    if pd.api.types.is_object_dtype(dtype) and inferred not in ("string", "empty"):
        # Mixed cells (XLSX): native numbers as they are, text parsed, others bad.
        cells = raw.to_numpy()
        native = np.fromiter((_is_native_number(v) for v in cells), dtype=bool, count=n)
        is_text = np.fromiter((isinstance(v, str) for v in cells), dtype=bool, count=n)
        other = ~native & ~is_text & ~raw.isna().to_numpy()
        text = _to_text(raw.where(is_text))
        values, percent = _number_strings(text, allow_percent)
        natives = pd.to_numeric(raw.where(native), errors="coerce")
        values = np.where(native, natives.to_numpy(dtype="float64", na_value=np.nan), values)
        bad = ((native | _mask(text.notna())) & np.isnan(values)) | other
        return np.where(bad, np.nan, values), bad, percent
    text = _to_text(raw)
    values, percent = _number_strings(text, allow_percent)
    bad = _mask(text.notna()) & np.isnan(values)
    return np.where(bad, np.nan, values), bad, percent


def _parse_number(column: Column, raw: pd.Series) -> _Parsed:
    """A finite number from ``column.min_value`` to ``column.max_value`` (inf is out of range)."""
    values, bad, _ = _numbers(raw, allow_percent=False)
    below = values < column.min_value
    above = values > column.max_value
    minimum, maximum = _limit(column.min_value), _limit(column.max_value)
    if column.min_value == 0:

        def too_small(shown: str) -> Message:
            return Message("problem.negative", value=shown)
    else:

        def too_small(shown: str) -> Message:
            return Message("problem.below_minimum", value=shown, minimum=minimum)

    fraction = (values != np.floor(values)) & ~below & ~above if column.whole else _false(len(values))
    fraction = np.asarray(fraction & ~np.isnan(values), dtype=bool)
    out = below | above | fraction
    return _Parsed(
        pd.Series(np.where(out, np.nan, values) if out.any() else values, index=raw.index, dtype="float64"),
        [
            (bad, lambda shown: Message("problem.unparseable_number", value=_quoted(shown))),
            (below, too_small),
            (above, lambda shown: Message("problem.too_large", value=shown, maximum=maximum)),
            (fraction, lambda shown: Message("problem.not_whole", value=shown)),
        ],
    )


def _parse_probability(column: Column, raw: pd.Series) -> _Parsed:
    """0-1, or 0-100 (percent) when any value of the file is above 1 or has a % sign."""
    values, bad, percent_sign = _numbers(raw, allow_percent=True)
    out_of_range = (values < column.min_value) | (values > 100 * column.max_value)
    valid = ~np.isnan(values) & ~out_of_range
    # Decided per file: any value above 1 (or written with %) means percent.
    if (valid & ((values > 1) | percent_sign)).any():
        values = values / 100
    values = np.where(out_of_range, np.nan, values)
    return _Parsed(
        pd.Series(values, index=raw.index, dtype="float64"),
        [
            (bad, lambda shown: Message("problem.unparseable_probability", value=_quoted(shown))),
            (out_of_range, lambda shown: Message("problem.probability_out_of_range", value=shown)),
        ],
    )


def _factorized(text: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes and distinct values: parsing only distinct values is much faster, as
    dates and amounts repeat a lot in big files."""
    codes, uniques = pd.factorize(text)
    return codes, pd.Series(uniques, dtype=_TEXT_DTYPE)


def _expand(codes: np.ndarray, parsed: np.ndarray, missing: object) -> np.ndarray:
    """Parsed distinct values back to rows; code -1 (missing) picks ``missing``."""
    return np.append(parsed, np.array([missing], dtype=parsed.dtype))[codes]


def _date_strings(text: pd.Series) -> np.ndarray:
    """ISO dates, then Finnish d.m.yyyy, then ISO date-times; NaT if none fits."""
    values = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    rest = _mask(text.notna()) & values.isna().to_numpy()
    if rest.any():
        values[rest] = pd.to_datetime(text[rest], format="%d.%m.%Y", errors="coerce")
        rest &= values.isna().to_numpy()
    if rest.any():
        iso = rest & _mask(text.str.fullmatch(_ISO_DATETIME))
        if iso.any():
            values[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce")
    return values.to_numpy(dtype="datetime64[us]")


def _dates(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(datetime64 values normalised to midnight, unparseable mask)."""
    n = len(raw)
    dtype = raw.dtype
    values: pd.Series | None = None
    bad = _false(n)
    if isinstance(dtype, pd.PeriodDtype):
        values = raw.dt.to_timestamp()
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        values = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
    elif _inferred(raw) in ("datetime", "date", "datetime64"):
        try:
            values = pd.to_datetime(raw, errors="coerce")
            if getattr(values.dt, "tz", None):
                values = values.dt.tz_localize(None)
            bad = ~raw.isna().to_numpy() & values.isna().to_numpy()
        except (TypeError, ValueError):
            values = None
    if values is None:
        text = _to_text(raw)
        codes, uniques = _factorized(text)
        parsed = _date_strings(uniques)
        values = pd.Series(_expand(codes, parsed, np.datetime64("NaT", "us")), index=raw.index)
        bad = _mask(text.notna()) & values.isna().to_numpy()
    return values.dt.normalize(), bad


def _in_range(column: Column, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    first, last = pd.Timestamp(column.min_value), pd.Timestamp(column.max_value)
    out = _mask(values.notna() & ((values < first) | (values > last)))
    if out.any():
        values = values.mask(out)
    return values.astype(_DATE_DTYPE), out


def _parse_date(column: Column, raw: pd.Series) -> _Parsed:
    values, bad = _dates(raw)
    values, out = _in_range(column, values)
    accepted = accepted_values(column)
    return _Parsed(
        values,
        [
            (bad, lambda shown: Message("problem.unparseable_date", value=_quoted(shown))),
            (out, lambda shown: Message("problem.date_out_of_range", value=shown, accepted=accepted)),
        ],
    )


def _parse_month(column: Column, raw: pd.Series) -> _Parsed:
    """YYYY-MM; a date on the first of a month (XLSX turns 2026-01 into one) is accepted."""
    dtype = raw.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        values, bad = _dates(raw)
    else:
        text = _to_text(raw)
        values = pd.to_datetime(text, format="%Y-%m", errors="coerce")
        rest = _mask(text.notna()) & values.isna().to_numpy()
        if rest.any():
            as_dates, _ = _dates(raw[rest])
            values[rest] = as_dates
        bad = _mask(text.notna()) & values.isna().to_numpy()
    not_first = _mask(values.notna() & (values.dt.day != 1))
    bad |= not_first
    values, out = _in_range(column, values.mask(not_first))
    accepted = accepted_values(column)
    return _Parsed(
        values,
        [
            (bad, lambda shown: Message("problem.unparseable_month", value=_quoted(shown))),
            (out, lambda shown: Message("problem.month_out_of_range", value=shown, accepted=accepted)),
        ],
    )


def _parse_column(column: Column, raw: pd.Series, formulas: bool = False) -> _Parsed:
    """Typed values and problems; ``formulas``: the column may hold XLSX formula cells
    without a saved value (each one is refused, never read as blank)."""
    if formulas and raw.dtype == object:
        uncached = np.fromiter((isinstance(v, _UncachedFormula) for v in raw), dtype=bool, count=len(raw))
        if uncached.any():
            parsed = _parse_column(column, raw.mask(uncached), formulas=False)
            parsed.problems.insert(0, (uncached, formula_message))
            return parsed
    raw = _normalise_dtype(raw)
    kind = column.kind
    if kind in ("id", "text"):
        return _parse_text(column, raw)
    if kind == "choice":
        return _parse_choice(column, raw)
    if kind == "bool":
        return _parse_bool(raw)
    if kind == "number":
        return _parse_number(column, raw)
    if kind == "probability":
        return _parse_probability(column, raw)
    if kind == "date":
        return _parse_date(column, raw)
    if kind == "month":
        return _parse_month(column, raw)
    raise ValueError(f"unknown column kind {kind!r} in the contract ({column.name})")


def _empty_column(column: Column, n: int) -> pd.Series:
    index = pd.RangeIndex(n)
    kind = column.kind
    if kind in ("date", "month"):
        return pd.Series(pd.NaT, index=index, dtype=_DATE_DTYPE)
    if kind in ("number", "probability"):
        value = np.nan if column.default is None else float(column.default)
        return pd.Series(value, index=index, dtype="float64")
    if kind == "bool":
        value = pd.NA if column.default is None else bool(column.default)
        return pd.Series(pd.array([value] * n, dtype=_BOOL_DTYPE), index=index)
    value = pd.NA if column.default is None else str(column.default)
    return pd.Series([value] * n, index=index, dtype=_TEXT_DTYPE)


def _value_text(value: object, kind: str) -> str:
    if _is_missing_scalar(value):
        return ""
    if kind == "month":
        return pd.Timestamp(value).strftime("%Y-%m")
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return _cell_to_text(value) or ""


# --------------------------------------------------------------------------- validation


@dataclass
class _TableResult:
    typed: pd.DataFrame
    present: set[str]
    record: Callable[[int], str | None]  # the row's key, "offer O6" (None where it has none)


def _match_columns(table: Table, frame: pd.DataFrame, file: str, problems: _Problems) -> dict[str, pd.Series]:
    by_lower = {name.lower(): name for name in table.column_names}
    matched: dict[str, pd.Series] = {}
    first_position: dict[str, int] = {}
    for j, header in enumerate(frame.columns):
        key = str(header).replace("\ufeff", "").strip().lower()
        name = by_lower.get(key)
        if name is None:
            continue  # extra columns are ignored
        if name in matched:
            problems.add(
                file,
                Message("problem.column_twice", first=first_position[name] + 1, second=j + 1),
                column=name,
            )
            continue
        first_position[name] = j
        matched[name] = frame.iloc[:, j].reset_index(drop=True)
    return matched


def _validate_table(
    table: Table, frame: pd.DataFrame, file: str, rows: np.ndarray, problems: _Problems
) -> _TableResult:
    n = len(frame)
    raw_columns = _match_columns(table, frame, file, problems)
    found = [str(c).strip() for c in frame.columns if str(c).strip()]
    for column in table.columns:
        if column.required and column.name not in raw_columns:
            listed = ", ".join(found[:20]) + (", …" if len(found) > 20 else "")
            message = (
                Message("problem.missing_column", found=listed)
                if listed
                else Message("problem.missing_column.unnamed")
            )
            problems.add(file, message, column=column.name)

    formulas = bool(frame.attrs.get(_UNCACHED_FORMULAS))
    parsed = {name: _parse_column(table.column(name), raw, formulas) for name, raw in raw_columns.items()}
    flagged = {name: result.flagged() for name, result in parsed.items()}
    record = partial(_record, table, {name: (p.values, flagged[name]) for name, p in parsed.items()})
    add = partial(problems.add_rows, file, rows=rows, record=record)
    typed: dict[str, pd.Series] = {}
    for column in table.columns:
        if column.name not in parsed:
            typed[column.name] = _empty_column(column, n)
            flagged[column.name] = _false(n)
            continue
        shown = partial(_shown, raw_columns[column.name])
        for mask, message in parsed[column.name].problems:
            add(column.name, mask, describe=partial(_describe, message, shown))
        values = parsed[column.name].values
        missing = values.isna().to_numpy() & ~flagged[column.name]
        if column.required:
            add(column.name, missing, describe=lambda _pos: Message("problem.missing_value"))
        elif column.default is not None and missing.any():
            values = values.fillna(column.default)
        typed[column.name] = values

    result = pd.DataFrame(typed)
    _check_duplicates(table, result, raw_columns, flagged, file, rows, problems, record)
    if table.name == "offers":
        _check_offers(result, raw_columns, flagged, file, rows, problems, record)
    if table.name == "offer_history":
        result = _check_history(result, raw_columns, flagged, add)
    if table.name == "coaching_actions":
        _check_action_targets(result, flagged, file, rows, problems, record)
    # a frame validated before (typed, every column filled in) keeps the columns its file had
    result.attrs[COLUMNS_GIVEN] = frame.attrs.get(COLUMNS_GIVEN, frozenset(raw_columns))
    return _TableResult(result, set(raw_columns), record)


def _record(table: Table, keys: Mapping[str, tuple[pd.Series, np.ndarray]], pos: int) -> Message | None:
    """The row's key after the table's noun ("offer O6", "target S1 2026-03"), None when a
    key column is absent, blank or not valid in that row."""
    parts = []
    for name in table.key:
        if name not in keys:
            return None
        values, flagged = keys[name]
        value = values.iloc[pos]
        if flagged[pos] or _is_missing_scalar(value):
            return None
        parts.append(_value_text(value, table.column(name).kind))
    return Message("import.record", noun=Message(f"import.noun.{table.name}"), key=" ".join(parts))


def _shown(raw: pd.Series, pos: int) -> str:
    return (_cell_to_text(raw.iloc[pos]) or "").strip()


def _describe(message: Callable[[str], str], shown: Callable[[int], str], pos: int) -> str:
    return message(shown(pos))


def _check_duplicates(
    table: Table,
    typed: pd.DataFrame,
    present: Mapping[str, pd.Series],
    flagged: Mapping[str, np.ndarray],
    file: str,
    rows: np.ndarray,
    problems: _Problems,
    record: Callable[[int], str | None],
) -> None:
    key = list(table.key)
    if not all(name in present for name in key):
        return
    valid = np.ones(len(typed), dtype=bool)
    for name in key:
        valid &= typed[name].notna().to_numpy() & ~flagged[name]
    if len(key) == 1:
        values = typed[key[0]]
        if (values if valid.all() else values[valid]).is_unique:  # fast for big files
            return
        if not valid.all():
            values = values.where(valid)  # missing keys are reported, not duplicates
        dup = _mask(values.duplicated(keep="first")) & valid
    else:
        dup = typed[key].loc[valid].duplicated(keep="first").reindex(typed.index, fill_value=False)
        dup = _mask(dup)
    if not dup.any():
        return
    kinds = {name: table.column(name).kind for name in key}

    def describe(pos: int) -> Message:
        same = valid.copy()
        for name in key:
            same &= _mask(typed[name] == typed[name].iloc[pos])
        first = int(np.flatnonzero(same)[0])
        if len(key) == 1:
            value = _quoted(_value_text(typed[key[0]].iloc[pos], kinds[key[0]]))
            what = Message("problem.duplicate.value", column=key[0], value=value)
        else:
            pairs = ", ".join(f"{name} {_value_text(typed[name].iloc[pos], kinds[name])}" for name in key)
            what = Message("problem.duplicate.key", key=pairs)
        return Message(
            "problem.duplicate", what=what, first=Message("problem.first.row", row=int(rows[first]))
        )

    problems.add_rows(file, "+".join(key), dup, rows, describe, record)


def _check_offers(
    typed: pd.DataFrame,
    present: Mapping[str, pd.Series],
    flagged: Mapping[str, np.ndarray],
    file: str,
    rows: np.ndarray,
    problems: _Problems,
    record: Callable[[int], str | None],
) -> None:
    status = typed["status"]
    closed = typed["closed_date"]
    sent = typed["sent_date"]
    if "status" in present:
        needs_date = _mask(status.isin(list(_CLOSED_OFFER_STATUSES)))
        without = needs_date & closed.isna().to_numpy() & ~flagged["closed_date"]
        problems.add_rows(
            file,
            "closed_date",
            without,
            rows,
            lambda pos: Message(f"problem.closed_without_date.{status.iloc[pos]}"),
            record,
        )
    if "closed_date" in present and "sent_date" in present:
        before = _mask(closed < sent)
        problems.add_rows(
            file,
            "closed_date",
            before,
            rows,
            lambda pos: Message(
                "problem.closed_before_sent",
                closed=f"{closed.iloc[pos]:%Y-%m-%d}",
                sent=f"{sent.iloc[pos]:%Y-%m-%d}",
            ),
            record,
        )


def _check_action_targets(
    typed: pd.DataFrame,
    flagged: Mapping[str, np.ndarray],
    file: str,
    rows: np.ndarray,
    problems: _Problems,
    record: Callable[[int], str | None],
) -> None:
    """An action tied to a metric names both the metric and its target (and a due date, the day
    it is checked on), or neither."""
    metric = typed["metric"].notna().to_numpy() | flagged["metric"]
    target = typed["target"].notna().to_numpy() | flagged["target"]
    due = typed["due_date"].notna().to_numpy() | flagged["due_date"]
    for column, mask, message in (
        ("target", metric & ~target, "problem.metric_without_target"),
        ("metric", target & ~metric, "problem.target_without_metric"),
        ("due_date", metric & target & ~due, "problem.metric_without_due_date"),
    ):
        problems.add_rows(file, column, mask, rows, lambda _pos, code=message: Message(code), record)


# The fields offer_history records, each read as the offers column of that name; value and status
# can never be blank on an offer, so neither side of their change can be.
_HISTORY_COLUMNS = {name: TABLES["offers"].column(name) for name in HISTORY_FIELDS}
_HISTORY_NEEDS_BOTH = ("value", "status")


def _history_text(values: pd.Series, kind: str) -> pd.Series:
    """Typed values of a history field in the one spelling offer_history stores: numbers and
    probabilities (0-1) as Python and DuckDB write a double (1200.0), dates YYYY-MM-DD."""
    if kind in ("number", "probability"):
        return values.map(lambda v: None if pd.isna(v) else repr(float(v))).astype(_TEXT_DTYPE)
    if kind == "date":
        return values.dt.strftime("%Y-%m-%d").astype(_TEXT_DTYPE)
    return values.astype(_TEXT_DTYPE)


def _check_history(
    typed: pd.DataFrame,
    present: Mapping[str, pd.Series],
    flagged: Mapping[str, np.ndarray],
    add: Callable[..., None],
) -> pd.DataFrame:
    """old_value and new_value of each change read as the offers column its field names (a
    number, a date, a probability, a status, a stage): a located problem where one is not,
    else written in the stored spelling (`_history_text`)."""
    fields = typed["field"]
    out = typed.copy()
    for name in ("old_value", "new_value"):
        if name not in present:
            continue
        raw, shown = present[name], partial(_shown, present[name])
        texts = pd.Series(pd.NA, index=typed.index, dtype=_TEXT_DTYPE)
        for field_name, column in _HISTORY_COLUMNS.items():
            rows_of_field = np.flatnonzero(_mask(fields == field_name) & ~flagged[name])
            if not len(rows_of_field):
                continue
            parsed = _parse_column(replace(column, name=name), raw.iloc[rows_of_field].reset_index(drop=True))
            for bad, message in parsed.problems:
                mask = _false(len(typed))
                mask[rows_of_field[bad]] = True
                add(name, mask, describe=partial(_history_problem, message, shown, field_name))
            values = _history_text(parsed.values, column.kind)
            if field_name in _HISTORY_NEEDS_BOTH:
                mask = _false(len(typed))
                mask[rows_of_field[values.isna().to_numpy() & ~parsed.flagged()]] = True
                add(name, mask, describe=partial(_history_blank, field_name))
            texts.iloc[rows_of_field] = values.to_numpy()
        out[name] = texts
    return out


def _history_problem(
    message: Callable[[str], Message], shown: Callable[[int], str], field_name: str, pos: int
) -> Message:
    return Message("problem.history_change", message=message(shown(pos)), field=field_name)


def _history_blank(field_name: str, pos: int) -> Message:
    return Message("problem.history_blank", field=field_name)


def _is_in(values: pd.Series, allowed: pd.Series | list[str]) -> np.ndarray:
    """values.isin(allowed) for text, computed by Arrow (pandas loops over big sets)."""
    array = pa.array(values.astype(_TEXT_DTYPE).array)
    allowed_array = pa.array(
        allowed.astype(_TEXT_DTYPE).array if isinstance(allowed, pd.Series) else allowed,
        type=array.type,
    )
    found = pc.fill_null(pc.is_in(array, value_set=allowed_array), False)
    return found.to_numpy(zero_copy_only=False)


def _check_foreign_keys(
    results: Mapping[str, _TableResult],
    names: Mapping[str, str],
    rows: Mapping[str, np.ndarray],
    unavailable: set[str],
    existing_keys: ExistingKeys | None,
    problems: _Problems,
) -> None:
    cache: dict[tuple[str, str], list[str]] = {}

    def in_database(table: str, column: str) -> list[str]:
        if (table, column) not in cache:
            keys = existing_keys(table, column) if existing_keys is not None else ()
            cache[table, column] = [str(k) for k in keys if not _is_missing_scalar(k)]
        return cache[table, column]

    for table in TABLE_ORDER:
        result = results.get(table)
        if result is None:
            continue
        for fk in TABLES[table].foreign_keys:
            if fk.column not in result.present:
                continue
            parent = results.get(fk.table)
            if fk.table in unavailable or (parent is not None and fk.ref_column not in parent.present):
                continue  # the referenced file is broken: its problems are reported
            child = result.typed[fk.column]
            unresolved = _mask(child.notna())
            if parent is not None and unresolved.any():
                unresolved &= ~_is_in(child, parent.typed[fk.ref_column].dropna())
            if unresolved.any() and existing_keys is not None:
                unresolved &= ~_is_in(child, in_database(fk.table, fk.ref_column))
            if not unresolved.any():
                continue
            if parent is not None:
                where = Message("problem.unknown_key.in_file", file=names[fk.table])
            else:
                where = Message("problem.unknown_key.no_file", table=fk.table)

            def describe(
                pos: int,
                child: pd.Series = child,
                where: Message = where,
                name: str = fk.column,
            ) -> Message:
                return Message(
                    "problem.unknown_key", column=name, value=_quoted(str(child.iloc[pos])), where=where
                )

            problems.add_rows(names[table], fk.column, unresolved, rows[table], describe, result.record)


def _validate(
    frames: Mapping[str, pd.DataFrame],
    existing_keys: ExistingKeys | None,
    names: Mapping[str, str],
    rows: Mapping[str, np.ndarray],
    unavailable: set[str],
    problems: _Problems,
) -> dict[str, pd.DataFrame]:
    results: dict[str, _TableResult] = {}
    for table_name in TABLE_ORDER:
        if table_name in frames:
            results[table_name] = _validate_table(
                TABLES[table_name],
                frames[table_name],
                names[table_name],
                rows[table_name],
                problems,
            )
    for table_name, result in results.items():
        if any(c.required and c.name not in result.present for c in TABLES[table_name].columns):
            unavailable.add(table_name)  # do not check references against a broken file
    _check_foreign_keys(results, names, rows, unavailable, existing_keys, problems)
    return {name: result.typed for name, result in results.items()}


def validate_frames(
    frames: Mapping[str, pd.DataFrame],
    existing_keys: ExistingKeys | None = None,
    source_names: Mapping[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Validate raw or already-typed frames (table name -> frame) against the contract.

    Returns one frame per table with exactly the contract columns in contract
    order: id/text/choice as pandas ``string`` (pd.NA missing, choices lowercase),
    date and month as ``datetime64[ns]`` (month = first day), number and
    probability as ``float64`` (probability 0-1), bool as ``boolean``; missing
    optional columns are added with their default or null. Raises DataImportError
    with every problem. Rows are numbered as in a spreadsheet: the first row of a
    frame is row 2. ``existing_keys(table, column)`` returns keys already in the
    database for foreign-key checks (None = empty database).
    """
    problems = _Problems()
    source_names = dict(source_names or {})
    known: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        table = str(name).strip().lower()
        if table not in TABLES:
            problems.add(
                source_names.get(name, str(name)),
                Message("problem.unknown_table", name=repr(name), tables=", ".join(TABLE_ORDER)),
            )
            continue
        if table in known:
            problems.add(source_names.get(name, str(name)), Message("problem.table_twice", table=table))
            continue
        known[table] = frame.reset_index(drop=True)
        source_names.setdefault(table, source_names.get(name, table))
    names = {table: source_names.get(table, table) for table in known}
    rows = {table: np.arange(2, len(frame) + 2, dtype=np.int64) for table, frame in known.items()}
    typed = _validate(known, existing_keys, names, rows, set(), problems)
    problems.raise_if_any([names[t] for t in TABLE_ORDER if t in names])
    return typed
