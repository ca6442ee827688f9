"""What every CRM preset shares: reading export files, stable ids, located errors.

A preset turns the files a CRM exports into the tables of the data contract
(`salescoach.contract`) as raw text, exactly as an import folder would hold them,
and leaves every check to the importer (`salescoach.importer.validate_frames`).

Row numbers. `validate_frames` numbers the rows of each frame from 2 (the header
is row 1), so a frame must stay one-to-one with the rows of its export file for
an error to point at the right row. A preset keeps, for every table, the origin of
each frame row (`Origin`: export file name and spreadsheet row); `validate_preset`
translates the importer's problems back to the export ("deals.csv, row 7, column
Amount (value): unparseable number"). Rows a preset leaves out (blank lines, a
report footer, prospects without an offer) are therefore harmless to the numbering.

Tables that a preset derives rather than reads (sellers from the owner column,
customers from the company column, deals from won offers) have no origin; they
are built only from values that are present, so the importer has nothing to say
about them that it has not already said about the rows they come from.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from salescoach.contract import ID_LENGTH, NOTE_LENGTH, TABLE_ORDER, TABLES
from salescoach.importer import (
    MAX_IMPORT_BYTES,
    MAX_PROBLEMS_PER_KIND,
    DataImportError,
    ExistingKeys,
    ImportProblem,
    bom_encoding,
    formula_message,
    uncached_formulas,
    validate_frames,
    wide_encoding_message,
    wide_encoding_without_bom,
)
from salescoach.messages import Count, Message, joined, plural
from salescoach.messages import alternatives as alternatives_of

__all__ = [
    "UNASSIGNED_TEAM",
    "Directory",
    "ExportFile",
    "Origin",
    "Preset",
    "PresetResult",
    "Role",
    "find_exports",
    "normalize_dates",
    "slug",
    "validate_preset",
]

UNASSIGNED_TEAM = "Unassigned"
"""Team of a seller whose team no file tells."""

EXPORT_SUFFIXES = (".csv", ".xlsx")
HEADER_SEARCH_ROWS = 15
"""A header may sit below a few title rows (formatted Excel reports)."""

_FOLDED = ("problem.more_rows.one", "problem.more_rows.other")  # "… and N more rows …"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Origin:
    """Where a run of frame rows comes from: an export file and its spreadsheet rows."""

    file: str
    rows: np.ndarray  # spreadsheet row (header = 1) of each frame row of this run
    columns: Mapping[str, str] = field(default_factory=dict)  # contract column -> export header


@dataclass
class PresetResult:
    """A CRM export mapped onto the data contract.

    ``frames``: contract tables as raw text (the importer parses and validates);
    ``source_names``: what an error calls each table (the export file it comes from,
    or how a derived table was made); ``notes``: caveats to show before loading
    (what the data cannot support, what was assumed); ``origins``: per table, the
    export rows behind the frame rows, in frame order (see `validate_preset`).
    """

    frames: dict[str, pd.DataFrame]
    source_names: dict[str, str]
    notes: list[str] = field(default_factory=list)
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    derived_names: dict[str, str] = field(default_factory=dict)
    """What an error calls the rows of a table that no export row gave (a deal owner who
    is not in sellers.csv), when that is not ``source_names``' entry."""

    def row_counts(self) -> dict[str, int]:
        return {table: len(frame) for table, frame in self.frames.items()}


@dataclass(frozen=True)
class Preset:
    """One CRM preset: its name (for ``--preset``), label, help and reader."""

    name: str
    label: str
    help: str  # what to export from the CRM and put in the folder
    read: Callable[[str | Path], PresetResult]


# --------------------------------------------------------------------------- errors


class Problems:
    def __init__(self) -> None:
        self.items: list[ImportProblem] = []

    def add(
        self, file: str, message: Message | str, row: int | None = None, column: str | None = None
    ) -> None:
        self.items.append(ImportProblem(file, row, column, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise DataImportError(self.items, _count(self.items))


def _count(problems: Iterable[ImportProblem]) -> int:
    total = 0
    for problem in problems:
        folded = getattr(problem.message, "code", None) in _FOLDED
        total += int(problem.message.params["count"]) if folded else 1
    return total


def validate_preset(
    result: PresetResult, existing_keys: ExistingKeys | None = None
) -> dict[str, pd.DataFrame]:
    """Validate a preset's frames with the importer; problems name export files and rows.

    Returns the typed frames (`validate_frames`) ready for ``coach.load_frames``.
    Raises DataImportError whose problems point at the export file and its
    spreadsheet row where the frame row came from one, else at the table's
    ``source_names`` entry.
    """
    try:
        return validate_frames(result.frames, existing_keys, {table: table for table in result.frames})
    except DataImportError as exc:
        # A deal made of a won offer only repeats the problems of its offer's row; a seller
        # or customer made of a name (too long, say) has problems of its own.
        kept = [p for p in exc.problems if _from_export(p, result) or p.file not in _COPIES]
        if not kept or len(kept) == len(exc.problems):
            raise DataImportError([_locate(p, result) for p in exc.problems], exc.total) from None
        raise DataImportError([_locate(p, result) for p in kept], _count(kept)) from None


_COPIES = ("deals",)
"""Tables a preset may derive row by row from another table's rows (deals of won offers)."""


def _from_export(problem: ImportProblem, result: PresetResult) -> bool:
    if problem.row is None:
        return bool(result.origins.get(problem.file))
    return _origin_of(result, problem.file, problem.row) is not None


def _origin_run(result: PresetResult, table: str, row: int) -> Origin | None:
    position = row - 2
    start = 0
    for origin in result.origins.get(table, ()):
        if start <= position < start + len(origin.rows):
            return origin
        start += len(origin.rows)
    return None


def _origin_of(result: PresetResult, table: str, row: int) -> tuple[str, int] | None:
    """(export file, spreadsheet row) of frame row ``row`` (numbered from 2), if read from one."""
    position = row - 2
    start = 0
    for origin in result.origins.get(table, ()):
        if start <= position < start + len(origin.rows):
            return origin.file, int(origin.rows[position - start])
        start += len(origin.rows)
    return None  # a row the preset derived (a deal of a won offer, an owner not in sellers.csv)


def _locate(problem: ImportProblem, result: PresetResult) -> ImportProblem:
    table = problem.file
    if table not in result.frames:
        return problem
    label = result.source_names.get(table, table)
    if problem.row is None:
        return ImportProblem(label, None, problem.column, problem.message)
    found = _origin_of(result, table, problem.row)
    # A derived row has no row of its own.
    file, row = found if found else (result.derived_names.get(table, label), None)
    column = problem.column
    if found and column is not None:
        header = _origin_run(result, table, problem.row).columns.get(column)
        column = f"{header} ({column})" if header else column

    return ImportProblem(
        file, row, column, _first_row_located(problem.message, result, table, file), problem.record
    )


def _first_row_located(message: Message | str, result: PresetResult, table: str, file: str) -> Message | str:
    """A duplicate's "(first on row N)" pointing at the export row of frame row N ("row 5", or
    "row 5 of deals.csv" when that row is in another file)."""
    if getattr(message, "code", None) != "problem.duplicate":
        return message
    first = _origin_of(result, table, int(message.params["first"].params["row"]))
    if first is None:
        return message
    if first[0] == file:
        return message.replace(first=Message("problem.first.row", row=first[1]))
    return message.replace(first=Message("problem.first.row_of_file", row=first[1], file=first[0]))


# --------------------------------------------------------------------------- text


def norm(text: object) -> str:
    """A header or value compared loosely: no BOM, single spaces, case-folded."""
    return " ".join(str(text).replace("\ufeff", "").split()).casefold()


def slug(text: str) -> str:
    """A stable id from a name: "Päivi Ström" -> "paivi-strom".

    Never longer than the contract's ids: a long name keeps its start and a hash of the
    whole, so two long names with the same start get different ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    digest = hashlib.sha1(norm(text).encode()).hexdigest()[:10]
    if len(made) > ID_LENGTH:
        return made[: ID_LENGTH - len(digest) - 1].rstrip("-") + "-" + digest
    if made:
        return made
    return "id-" + digest


def shortened(text: object, limit: int = 60) -> str:
    """``text`` as it is, cut to ``limit`` characters ("…" at the end) for a caveat."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(items: Sequence[object], limit: int = 5) -> Message | str:
    """The first ``limit`` items, each as literal text (a long name is shortened), and how many
    more ("a, b and 3 more", in the reader's language)."""
    shown = ", ".join(shortened(i) for i in items[:limit])
    more = len(items) - limit
    return Message("list.more", items=shown, more=Count(more)) if more > 0 else shown


def rows_listing(rows: Sequence[int] | np.ndarray, limit: int = 5) -> Message:
    rows = [int(r) for r in rows]
    return Message("list.rows.one" if len(rows) == 1 else "list.rows.other", rows=listing(rows, limit))


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Role:
    """A kind of export file, recognised by its header.

    ``signature``: every entry is a tuple of alternative header names, and one of
    each entry must be in the header. ``many``: several files of this kind may be
    given (they are read one after the other).
    """

    name: str
    label: Message | str  # what the file is, in an error: "HubSpot deals export", "sales_teams.csv"
    signature: tuple[tuple[str, ...], ...]
    required: bool = True
    many: bool = False

    def matches(self, header: Iterable[object]) -> bool:
        names = {norm(h) for h in header}
        return all(any(norm(alt) in names for alt in entry) for entry in self.signature)

    def describe(self) -> str:
        """The headers it looks for, as the CRM spells them: '"Deal Name", "Deal Stage" or "Stage"'."""
        return ", ".join(alternatives_of([f'"{alt}"' for alt in entry]) for entry in self.signature)


@dataclass
class ExportFile:
    """One export file: text cells under its original headers, with spreadsheet rows."""

    path: Path
    frame: pd.DataFrame  # str cells, "" when blank; columns = headers as written
    rows: np.ndarray  # spreadsheet row of each frame row
    header_row: int = 1

    @property
    def name(self) -> str:
        return self.path.name

    def column(self, *alternatives: str) -> str | None:
        """The header as written for the first alternative present (loose match)."""
        by_norm: dict[str, str] = {}
        for header in self.frame.columns:
            by_norm.setdefault(norm(header), header)
        for alt in alternatives:
            if norm(alt) in by_norm:
                return by_norm[norm(alt)]
        return None

    def values(self, *alternatives: str) -> pd.Series:
        """Trimmed text of the first column present; "" everywhere when none is."""
        header = self.column(*alternatives)
        if header is None:
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)
        column = self.frame[header]
        if isinstance(column, pd.DataFrame):  # the same header twice: the first one
            column = column.iloc[:, 0]
        return column.astype(str).str.strip()

    def keep(self, mask: np.ndarray | pd.Series) -> ExportFile:
        """The same file restricted to the rows where ``mask`` is true."""
        mask = np.asarray(mask, dtype=bool)
        frame = self.frame.loc[mask].reset_index(drop=True)
        return ExportFile(self.path, frame, self.rows[mask], self.header_row)


class _Unreadable(Exception):
    def __init__(self, message: Message, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _megabytes(n: int) -> Message:
    """A size in whole megabytes, as the presets' size limits read: "250 MB"."""
    return Message("size.megabytes", count=Count(round(n / 1024**2)))


def _decode(path: Path) -> str:
    data = path.read_bytes()
    wide = bom_encoding(data)
    if wide is not None:
        return data.decode(wide)
    if data.startswith(b"PK\x03\x04"):
        raise _Unreadable(Message("problem.csv_is_workbook.preset"))
    if name := wide_encoding_without_bom(data[:65536]):
        raise _Unreadable(wide_encoding_message(name))
    if b"\x00" in data:
        raise _Unreadable(Message("problem.csv_binary"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        # UTF-8 text with a few Windows-1252 bytes: decoding all of it as Windows-1252
        # would silently turn every ä into "Ã¤".
        row = next((i for i, line in enumerate(data.splitlines(), 1) if not _is_utf8(line)), None)
        raise _Unreadable(Message("problem.mixed_encodings"), row)
    try:
        return data.decode("cp1252")  # latin-1 would mis-decode €
    except UnicodeDecodeError:
        raise _Unreadable(Message("problem.undecodable")) from None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(first_line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {sep: unquoted.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_records(path: Path) -> list[tuple[int, list[str]]]:
    """(spreadsheet row, cells) of every record; a quoted line break stays in one row."""
    text = _decode(path).removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    records = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = Message(
                "problem.value_too_long", limit=Count(csv.field_size_limit()), longest=Count(NOTE_LENGTH)
            )
            raise _Unreadable(message, len(records) + 1) from exc
        raise _Unreadable(Message("problem.csv_unreadable", reason=exc), len(records) + 1) from exc
    return records


def _xlsx_records(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        unpacked = 0  # reported as a broken workbook below
    if unpacked > MAX_IMPORT_BYTES:
        # An .xlsx is a zip: a small file can unpack to gigabytes of XML.
        raise _Unreadable(
            Message("problem.xlsx_too_big", size=_megabytes(unpacked), limit=_megabytes(MAX_IMPORT_BYTES))
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a broken workbook raises zip, XML or openpyxl errors
        reason = str(exc).strip() or type(exc).__name__
        raise _Unreadable(Message("problem.xlsx_unreadable", reason=reason[:200])) from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _formula_problems(path: Path, header_row: int, header: Sequence[str], problems: Problems) -> None:
    """Report every formula cell without a saved value from the header row down (openpyxl
    reads it as blank, so a row of them even looks empty)."""
    formulas = uncached_formulas(path)
    below = np.flatnonzero(formulas.rows >= header_row)
    for i in below[:MAX_PROBLEMS_PER_KIND]:
        row, col = int(formulas.rows[i]), int(formulas.columns[i])
        name = header[col - 1] if col <= len(header) and header[col - 1] else f"{col}"
        where = Message("problem.formula.header") if row == header_row else None
        formula = formulas.texts.get((row, col), "")
        problems.add(path.name, formula_message(f"={formula}", where), row=row, column=name)
    if len(below) > MAX_PROBLEMS_PER_KIND:
        problems.add(path.name, plural("problem.more_rows", len(below) - MAX_PROBLEMS_PER_KIND))


def _filled(cells: Sequence[str]) -> int:
    return sum(1 for c in cells if str(c).strip())


def read_export(path: Path, roles: Sequence[Role], problems: Problems) -> tuple[ExportFile, Role] | None:
    """Read ``path`` if one of ``roles`` recognises its header; None otherwise.

    Problems of a recognised file (XLSX formulas without a saved value) are added to
    ``problems``, which the callers raise before using anything read."""
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        problems.add(
            path.name,
            Message("problem.file_too_big", size=_megabytes(size), limit=_megabytes(MAX_IMPORT_BYTES)),
        )
        return None
    try:
        records = _xlsx_records(path) if path.suffix.lower() == ".xlsx" else _csv_records(path)
    except _Unreadable as exc:
        problems.add(path.name, exc.message, row=exc.row)
        return None
    filled = [(number, cells) for number, cells in records if _filled(cells)]
    found = next(
        (
            (position, role)
            for position, (_, header) in enumerate(filled[:HEADER_SEARCH_ROWS])
            for role in roles
            if role.matches(header)
        ),
        None,
    )
    if found is None:
        return None
    position, role = found
    header_row, header = filled[position]
    body = filled[position + 1 :]
    # A report footer (Salesforce: title, "Copyright ...", "Confidential ...") follows a
    # blank line and has at most one value per row.
    tail = len(body)
    while tail and _filled(body[tail - 1][1]) <= 1:
        tail -= 1
    if tail < len(body) and body[tail][0] > (body[tail - 1][0] if tail else header_row) + 1:
        body = body[:tail]
    names = [str(h).replace("\ufeff", "").strip() for h in header]
    if path.suffix.lower() == ".xlsx":
        _formula_problems(path, header_row, names, problems)
    frame, rows = _body_frame(path.name, body, names, problems)
    return ExportFile(path, frame, rows, header_row), role


def _body_frame(
    file: str, body: Sequence[tuple[int, Sequence[object]]], names: list[str], problems: Problems
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows under the header as text cells (short rows padded), and their spreadsheet rows;
    a row with more values than the header is a problem of its own."""
    width = len(names)
    cells: list[list[str]] = []
    rows: list[int] = []
    for number, values in body:
        if len(values) > width and _filled(values[width:]):
            other = Message("problem.delimiter.other")
            message = Message("problem.row_width", saw=len(values), expected=width, delimiter=other)
            problems.add(file, message, row=number)
            continue
        values = list(values[:width]) + [""] * (width - len(values))
        cells.append([str(v) for v in values])
        rows.append(number)
    frame = pd.DataFrame(cells, columns=names, dtype=object) if cells else pd.DataFrame(columns=names)
    return frame, np.array(rows, dtype=np.int64)


def find_exports(
    folder: str | Path, roles: Sequence[Role], what: str
) -> tuple[dict[str, list[ExportFile]], list[str]]:
    """The export files of ``folder`` by role name, recognised by their headers.

    Returns (files by role, notes about ignored files). Raises DataImportError for
    a missing folder, unreadable files, a missing required export or two files of a
    single-file role. ``what`` names the CRM in messages ("HubSpot").
    """
    folder = Path(folder)
    problems = Problems()
    label = folder.name or str(folder)
    if not folder.is_dir():
        problems.add(label, Message("problem.folder_missing"))
        problems.raise_if_any()
    found: dict[str, list[ExportFile]] = {role.name: [] for role in roles}
    ignored: list[str] = []
    candidates = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))),
        key=lambda p: p.name.lower(),
    )
    for path in candidates:
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            continue
        read = read_export(path, roles, problems)
        if read is None:
            if not any(p.file == path.name for p in problems.items):
                ignored.append(path.name)
            continue
        export, role = read
        found[role.name].append(export)
    for role in roles:
        files = found[role.name]
        if role.required and not files:
            if ignored:
                message = Message(
                    "problem.no_export.looked_at",
                    role=role.label,
                    header=role.describe(),
                    files=listing(ignored),
                )
            else:
                message = Message("problem.no_export", role=role.label, header=role.describe())
            problems.add(label, message)
        if len(files) > 1 and not role.many:
            names = joined([f.name for f in files])
            problems.add(files[-1].name, Message("problem.two_exports", role=role.label, files=names))
    problems.raise_if_any()
    notes = [Message("preset.note.ignored", file=name, crm=what) for name in ignored]
    return found, notes


# --------------------------------------------------------------------------- values


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s.*)?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s.*)?")


def normalize_dates(values: pd.Series, month_first: bool = True) -> tuple[pd.Series, Message | None]:
    """Dates and date-times as ISO dates (YYYY-MM-DD); anything else unchanged.

    ISO dates and date-times keep their written date (no time-zone shift); d.m.yyyy
    is day first. Slashed dates (3/4/2026) are decided per column: a first number
    above 12 means day first, a second above 12 month first; when nothing decides,
    ``month_first`` (the US export default) is used and a caveat is returned.
    Unparseable text is left as it is, for the importer to report on its row.
    """
    text = values.fillna("").astype(str).str.strip()
    slashed = text.str.fullmatch(_SLASHED.pattern)
    order_note = None
    day_first = not month_first
    if slashed.any():
        parts = text[slashed].str.extract(_SLASHED.pattern)
        first_big = (parts[0].astype(int) > 12).any()
        second_big = (parts[1].astype(int) > 12).any()
        if first_big and not second_big:
            day_first = True
        elif second_big and not first_big:
            day_first = False
        elif not first_big and not second_big:
            order_note = Message(
                "preset.note.date_order.month_first" if month_first else "preset.note.date_order.day_first"
            )

    def convert(value: str) -> str:
        found = _ISO.fullmatch(value)
        if found:
            y, m, d = (int(g) for g in found.groups())
        elif found := _DOTTED.fullmatch(value):
            d, m, y = (int(g) for g in found.groups())
        elif found := _SLASHED.fullmatch(value):
            a, b, y = (int(g) for g in found.groups())
            y = y + 2000 if y < 100 else y
            d, m = (a, b) if day_first else (b, a)
        else:
            return value
        try:
            return dt.date(y, m, d).isoformat()
        except ValueError:
            return value

    uniques = {v: convert(v) for v in text.unique()}
    return text.map(uniques), order_note


_CURRENCY = re.compile(r"^(?:[A-Z]{3}\s*|[$€£]\s*)|(?:\s*[A-Z]{3}|\s*[$€£])$")


def clean_amounts(values: pd.Series) -> tuple[pd.Series, set[str]]:
    """Amounts without a currency code or symbol ("USD 1,200.00", "$1,200"); the codes seen."""
    text = values.fillna("").astype(str).str.strip()
    codes = set(text.str.extract(r"^([A-Z]{3})\s", expand=False).dropna())
    codes |= set(text.str.extract(r"\s([A-Z]{3})$", expand=False).dropna())
    codes |= {"USD" for v in text if v.startswith("$")} | {"EUR" for v in text if "€" in v}
    codes |= {"GBP" for v in text if v.startswith("£")}
    return text.str.replace(_CURRENCY, "", regex=True).str.strip(), codes


def as_percent(values: pd.Series) -> pd.Series:
    """Percent numbers ("50") marked as percent ("50%") so the importer divides by 100."""
    text = values.fillna("").astype(str).str.strip()
    return text.where((text == "") | text.str.endswith("%"), text + "%")


# --------------------------------------------------------------------------- people and companies


class Directory:
    """Stable ids for sellers or customers named in one or more export files.

    The CRM's id is used when a file gives one; a file that gives only the name
    gets the id learned for that name from another file, else a slug of the name.
    """

    def __init__(self) -> None:
        self._id_of_name: dict[str, str] = {}
        self.names: dict[str, str] = {}  # id -> name as first written

    def learn(self, names: pd.Series, ids: pd.Series) -> None:
        for name, crm_id in zip(names, ids, strict=True):
            name, crm_id = str(name).strip(), str(crm_id).strip()
            if name and crm_id:
                self._id_of_name.setdefault(norm(name), crm_id)

    def resolve(self, names: pd.Series, ids: pd.Series | None = None) -> pd.Series:
        """The id of every row ("" where neither id nor name is given); remembers names."""
        if ids is None:
            ids = pd.Series([""] * len(names), index=names.index)
        out = []
        for name, crm_id in zip(names, ids, strict=True):
            name, crm_id = str(name).strip(), str(crm_id).strip()
            if not crm_id and name:
                crm_id = self._id_of_name.get(norm(name)) or slug(name)
            if crm_id:
                self.names.setdefault(crm_id, name or crm_id)
                if name and self.names[crm_id] == crm_id and name != crm_id:
                    self.names[crm_id] = name
            out.append(crm_id)
        return pd.Series(out, index=names.index, dtype=object)


def sellers_frame(
    sellers: Directory, sellers_file: ExportFile | None
) -> tuple[pd.DataFrame, list[Origin], list[str]]:
    """The sellers table: the rows of a sellers file (contract columns), then every
    other seller named in the exports, in team "Unassigned". Returns (frame, origins, notes).

    The sellers file matches the exports by seller_id or by name; call
    `learn_sellers_file` before resolving owners so that matched names get its ids.
    """
    notes: list[str] = []
    parts: list[pd.DataFrame] = []
    origins: list[Origin] = []
    listed: set[str] = set()
    if sellers_file is not None:
        ids = sellers_file.values("seller_id")
        resolved = sellers.resolve(sellers_file.values("name"), ids)
        given = {c: sellers_file.values(c) for c in TABLES["sellers"].column_names}
        given["seller_id"] = resolved.where(resolved != "", ids)
        parts.append(contract_frame("sellers", given, len(sellers_file.frame)))
        origins.append(Origin(sellers_file.name, sellers_file.rows))
        listed = set(resolved)
    missing = [sid for sid in sellers.names if sid not in listed]
    if missing:
        names = pd.Series([sellers.names[s] for s in missing], dtype=object)
        parts.append(
            contract_frame(
                "sellers",
                {"seller_id": pd.Series(missing, dtype=object), "name": names, "team": UNASSIGNED_TEAM},
                len(missing),
            )
        )
        if sellers_file is None:
            notes.append(Message("preset.note.all_unassigned", team=UNASSIGNED_TEAM))
        else:
            notes.append(
                Message(
                    "preset.note.unassigned",
                    count=Count(len(missing)),
                    file=sellers_file.name,
                    team=UNASSIGNED_TEAM,
                    names=listing(list(names)),
                )
            )
    if not parts:
        return contract_frame("sellers", {}, 0), origins, notes
    frame = pd.concat(parts, ignore_index=True)
    if sellers_file is not None and sellers_file.column("coaching_cadence_days") is None:
        # no cadences in the export: the ones set on the seller page stay (salescoach/store.py)
        frame = frame.drop(columns="coaching_cadence_days")
    return frame, origins, notes


def learn_sellers_file(sellers: Directory, sellers_file: ExportFile | None) -> None:
    if sellers_file is not None:
        sellers.learn(sellers_file.values("name"), sellers_file.values("seller_id"))


SELLERS_ROLE = Role(
    "sellers",
    Message("preset.role.sellers"),
    (("name",), ("team",)),
    required=False,
)


def customers_frame(customers: Directory) -> pd.DataFrame:
    ids = pd.Series(list(customers.names), dtype=object)
    names = pd.Series([customers.names[c] for c in ids], dtype=object)
    return contract_frame("customers", {"customer_id": ids, "name": names}, len(ids))


# --------------------------------------------------------------------------- offers and deals


def offer_dates(
    sent: pd.Series, closed: pd.Series, status: pd.Series, rows: np.ndarray, file: str, created: str
) -> tuple[pd.Series, list[str]]:
    """The sent date, moved to the close date where the CRM record was created after
    the deal closed (entered afterwards), with a caveat naming the rows."""
    later = (sent != "") & (closed != "") & status.isin(["won", "lost"]) & (sent > closed)
    later &= sent.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & closed.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    notes = []
    if later.any():
        notes.append(
            Message(
                "preset.note.created_after_close",
                count=Count(int(later.sum())),
                file=file,
                rows=rows_listing(rows[later.to_numpy()]),
                created=created,
            )
        )
    return sent.where(~later, closed), notes


def blank_values_to_zero(
    value: pd.Series, rows: np.ndarray, file: str, column: str
) -> tuple[pd.Series, list[str]]:
    blank = value == ""
    if not blank.any():
        return value, []
    note = Message(
        "preset.note.blank_values",
        count=Count(int(blank.sum())),
        file=file,
        column=column,
        rows=rows_listing(rows[blank.to_numpy()]),
    )
    return value.where(~blank, "0"), [note]


def currency_note(codes: set[str], file: str) -> list[str]:
    if len(codes) > 1:
        return [Message("preset.note.currencies", file=file, currencies=", ".join(sorted(codes)))]
    return []


def deals_from_won(offers: pd.DataFrame) -> pd.DataFrame:
    """One deal per won offer: the deal closes on the offer's closed date at its value."""
    won = offers[offers["status"] == "won"].reset_index(drop=True)
    return contract_frame(
        "deals",
        {
            "deal_id": won["offer_id"],
            "seller_id": won["seller_id"],
            "customer_id": won["customer_id"],
            "offer_id": won["offer_id"],
            "close_date": won["closed_date"],
            "value": won["value"],
        },
        len(won),
    )


def _cell_or_none(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def contract_frame(table: str, columns: Mapping[str, object], n: int) -> pd.DataFrame:
    """A frame with exactly the contract columns of ``table``; absent ones blank, except those kept
    in the coaching store (a seller's 1:1 cadence): absent, so an import leaves them as they are."""
    data = {}
    for name in TABLES[table].column_names:
        value = columns.get(name)
        if value is None and TABLES[table].column(name).store != "analytics":
            continue
        if value is None:
            data[name] = [None] * n
        elif isinstance(value, pd.Series):
            data[name] = np.array([_cell_or_none(v) for v in value], dtype=object)
        else:
            data[name] = [value] * n
    return pd.DataFrame(data, columns=list(data), dtype=object)


def ordered(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {t: frames[t] for t in TABLE_ORDER if t in frames}


# --------------------------------------------------------------------------- shared builders

TYPE_WORDS: dict[str, str] = {
    "call": "call",
    "calls": "call",
    "phone call": "call",
    "puhelu": "call",
    "meeting": "meeting",
    "meetings": "meeting",
    "event": "meeting",
    "tapaaminen": "meeting",
    "palaveri": "meeting",
    "email": "email",
    "e-mail": "email",
    "emails": "email",
    "incoming_email": "email",
    "incoming email": "email",
    "forwarded_email": "email",
    "sähköposti": "email",
}
"""Activity type words (loosely compared) and their contract type; others are "other"."""

STATUS_WORDS: dict[str, str] = {
    "done": "done",
    "completed": "done",
    "complete": "done",
    "held": "done",
    "1": "done",
    "true": "done",
    "yes": "done",
    "tehty": "done",
    "scheduled": "planned",
    "rescheduled": "planned",
    "not started": "planned",
    "not done": "planned",
    "in progress": "planned",
    "waiting on someone else": "planned",
    "waiting": "planned",
    "deferred": "planned",
    "open": "planned",
    "planned": "planned",
    "0": "planned",
    "false": "planned",
    "no": "planned",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "no show": "cancelled",
    "no_show": "cancelled",
}
"""Activity status or outcome words and their contract status."""


def today() -> dt.date:
    return dt.date.today()


def activity_types(values: pd.Series, default: str = "other") -> tuple[pd.Series, list[str]]:
    """Contract types for CRM type words; the words read as "other" are returned."""
    text = values.fillna("").astype(str).str.strip()
    mapped = text.map(lambda v: TYPE_WORDS.get(norm(v), default if not v else "other"))
    others = sorted({v for v, m in zip(text, mapped, strict=True) if v and m == "other"})
    return mapped, others


def activity_statuses(statuses: pd.Series, dates: pd.Series) -> pd.Series:
    """Contract statuses: known words mapped; a blank or unknown status is "done" for
    a date up to today and "planned" for a later one."""
    text = statuses.fillna("").astype(str).str.strip()
    mapped = text.map(lambda v: STATUS_WORDS.get(norm(v), ""))
    future = dates.fillna("").astype(str) > today().isoformat()
    return mapped.where(mapped != "", np.where(future, "planned", "done"))


@dataclass
class Built:
    """A contract table built from one export file, its origin and its caveats."""

    frame: pd.DataFrame
    origin: Origin
    notes: list[str]


def build_offers(
    export: ExportFile,
    *,
    columns: Mapping[str, str | None],
    offer_id: pd.Series,
    seller_id: pd.Series,
    customer_id: pd.Series,
    sent: pd.Series,
    value: pd.Series,
    status: pd.Series,
    closed: pd.Series,
    expected: pd.Series,
    probability: pd.Series | None = None,
    loss_reason: pd.Series | None = None,
    created_label: str = "create date",
    amount_label: str = "Amount",
) -> Built:
    """Offers from a deals export: dates to ISO, amounts cleaned (blank = 0, noted),
    closed dates only on won/lost rows, sent date never after the close date."""
    notes: list[str] = []
    dates = {}
    for name, series in (("sent", sent), ("closed", closed), ("expected", expected)):
        dates[name], order = normalize_dates(series)
        if order:
            notes.append(Message("preset.note.slashed_dates", file=export.name, order=order))
    amounts, codes = clean_amounts(value)
    amounts, blank_notes = blank_values_to_zero(amounts, export.rows, export.name, amount_label)
    notes += blank_notes + currency_note(codes, export.name)
    closed_date = dates["closed"].where(status.isin(["won", "lost"]), "")
    sent_date, later = offer_dates(
        dates["sent"], closed_date, status, export.rows, export.name, created_label
    )
    notes += later
    frame = contract_frame(
        "offers",
        {
            "offer_id": offer_id,
            "seller_id": seller_id,
            "customer_id": customer_id,
            "sent_date": sent_date,
            "value": amounts,
            "status": status,
            "expected_close_date": dates["expected"],
            "closed_date": closed_date,
            "probability": probability,
            "loss_reason": loss_reason.where(status == "lost", "") if loss_reason is not None else None,
        },
        len(export.frame),
    )
    mapped = {k: v for k, v in columns.items() if v}
    return Built(frame, Origin(export.name, export.rows, mapped), notes)


def build_activities(
    export: ExportFile,
    *,
    columns: Mapping[str, str | None],
    activity_id: pd.Series,
    seller_id: pd.Series,
    customer_id: pd.Series,
    types: pd.Series,
    dates: pd.Series,
    statuses: pd.Series,
) -> Built:
    notes: list[str] = []
    iso, order = normalize_dates(dates)
    if order:
        notes.append(Message("preset.note.slashed_dates", file=export.name, order=order))
    contract_types, others = activity_types(types)
    if others:
        notes.append(Message("preset.note.other_types", file=export.name, types=listing(others)))
    frame = contract_frame(
        "activities",
        {
            "activity_id": activity_id,
            "seller_id": seller_id,
            "customer_id": customer_id,
            "type": contract_types,
            "date": iso,
            "status": activity_statuses(statuses, iso),
        },
        len(export.frame),
    )
    mapped = {k: v for k, v in columns.items() if v}
    return Built(frame, Origin(export.name, export.rows, mapped), notes)


def require_columns(
    export: ExportFile, needed: Mapping[str, Sequence[str]], problems_out: list[ImportProblem]
) -> bool:
    """Check that ``export`` has one of the alternatives for each needed field."""
    ok = True
    headers = [str(c) for c in export.frame.columns if str(c).strip()]
    for field_label, options in needed.items():
        if export.column(*options) is None:
            ok = False
            wanted = alternatives_of([f'"{a}"' for a in options])
            message = Message(
                "problem.missing_export_column", wanted=wanted, field=field_label, found=listing(headers, 12)
            )
            problems_out.append(ImportProblem(export.name, export.header_row, None, message))
    return ok


def first_id(values: pd.Series) -> pd.Series:
    """The first of a ";"-separated id list (HubSpot "Associated Company IDs")."""
    return values.fillna("").astype(str).str.split(";").str[0].str.strip()


def assemble(
    *,
    sellers: Directory,
    customers: Directory,
    sellers_file: ExportFile | None,
    offers: Sequence[Built] = (),
    activities: Sequence[Built] = (),
    notes: list[str],
    source_labels: Mapping[str, str],
) -> PresetResult:
    """The PresetResult of built offers and activities plus derived sellers, customers, deals."""
    frames: dict[str, pd.DataFrame] = {}
    origins: dict[str, list[Origin]] = {}
    names: dict[str, str] = {}
    seller_frame, seller_origins, seller_notes = sellers_frame(sellers, sellers_file)
    frames["sellers"] = seller_frame
    origins["sellers"] = seller_origins
    names["sellers"] = source_labels["sellers"] if sellers_file is None else sellers_file.name
    frames["customers"] = customers_frame(customers)
    names["customers"] = source_labels["customers"]
    for table, built in (("activities", activities), ("offers", offers)):
        if built:
            frames[table] = pd.concat([b.frame for b in built], ignore_index=True)
            origins[table] = [b.origin for b in built]
            names[table] = ", ".join(b.origin.file for b in built)
            for b in built:
                notes.extend(b.notes)
    if "offers" in frames:
        frames["deals"] = deals_from_won(frames["offers"])
        names["deals"] = Message("preset.source.deals", files=names["offers"])
    derived = {"sellers": source_labels["sellers"]} if sellers_file is not None else {}
    return PresetResult(ordered(frames), names, notes + seller_notes, origins, derived)


def no_activities_note() -> Message:
    return Message("preset.note.no_activities")


BuildFromExport = Callable[[ExportFile, Directory, Directory], Built]


def assemble_deals_and_activities(
    *,
    crm: str,
    found: Mapping[str, list[ExportFile]],
    notes: list[str],
    deals_file: ExportFile,
    offers_from: BuildFromExport,
    activities_from: BuildFromExport,
    learn_customers: Callable[[Directory], None],
    owners: str,
    customer_kind: str,
) -> PresetResult:
    """The common end of a CRM preset with one deals export and any number of activity exports.

    Sellers are learned from the optional sellers file first (so matched owners get its ids),
    then the customers (`learn_customers`), then the offers and activities are built and
    assembled. `owners` and `customer_kind` name the CRM's words in the source labels:
    "sellers (the deal owners of deals.csv)", "customers (the companies of deals.csv)".
    """
    sellers, customers = Directory(), Directory()
    sellers_file = found["sellers"][0] if found["sellers"] else None
    learn_sellers_file(sellers, sellers_file)
    learn_customers(customers)
    offers = [offers_from(deals_file, sellers, customers)]
    activities = [activities_from(export, sellers, customers) for export in found["activities"]]
    if activities:
        notes.append(Message("preset.note.no_needs_flag", crm=crm))
    else:
        notes.append(no_activities_note())
    return assemble(
        sellers=sellers,
        customers=customers,
        sellers_file=sellers_file,
        offers=offers,
        activities=activities,
        notes=notes,
        source_labels={
            "sellers": Message(
                "preset.source.sellers", owners=Message(f"preset.owners.{owners}"), file=deals_file.name
            ),
            "customers": Message(
                "preset.source.customers",
                kind=Message(f"preset.customers.{customer_kind}"),
                file=deals_file.name,
            ),
        },
    )
