"""A custom mapping: any export described in a small YAML file.

For a CRM without a preset, or an export of your own, a YAML file says which file
gives each contract table and which of its columns gives each contract column::

    name: Our ERP quotes            # optional, shown in messages
    tables:
      offers:
        file: quotes.csv            # a file in the import folder (CSV or XLSX)
        columns:                    # contract column: column of the file
          offer_id: Quote no
          seller_id: Salesperson
          customer_id: Customer no
          sent_date: Quote date
          value: Net value
          status: State
          closed_date: Decided on
        values:                     # optional: the file's value -> contract value
          status:
            Accepted: won
            Rejected: lost
            Pending: open
        fixed:                      # optional: the same value on every row
          probability: 50%
        dates: day-first            # optional: how to read 3/4/2026 (default month-first)
    derive: [sellers, customers, deals]   # optional, see below

``derive`` builds tables the files do not give: ``sellers`` from the seller ids
used in the other tables (name = id, team "Unassigned"), ``customers`` from the
customer ids, ``deals`` one per won offer. Example files: ``presets/*.yaml``.

`load_mapping` checks the file and raises DataImportError whose problems name the
mapping file, the line and what is wrong; `apply_mapping` reads the folder and
returns a PresetResult, like a preset, whose errors name the mapped files and rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from salescoach.contract import TABLE_ORDER, TABLES
from salescoach.messages import Count, Message, alternatives
from salescoach.presets.base import (
    UNASSIGNED_TEAM,
    ExportFile,
    Origin,
    PresetResult,
    Problems,
    Role,
    contract_frame,
    deals_from_won,
    listing,
    norm,
    normalize_dates,
    ordered,
    read_export,
)

__all__ = ["CustomMapping", "TableMapping", "apply_mapping", "dump_mapping", "load_mapping", "save_mapping"]

DERIVABLE = ("sellers", "customers", "deals")
TOP_KEYS = ("name", "tables", "derive")
TABLE_KEYS = ("file", "columns", "values", "fixed", "dates")
DATE_ORDERS = ("month-first", "day-first")
MAX_MAPPING_BYTES = 256 * 1024


@dataclass(frozen=True)
class TableMapping:
    table: str
    file: str
    columns: dict[str, str]  # contract column -> source column
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # contract column -> {source: contract}
    fixed: dict[str, str] = field(default_factory=dict)
    month_first: bool = True


@dataclass(frozen=True)
class CustomMapping:
    name: str
    tables: dict[str, TableMapping]
    derive: tuple[str, ...] = ()
    source: str = "mapping"  # the mapping file's name, for messages


# --------------------------------------------------------------------------- loading


class _Lines:
    """Line numbers of the YAML nodes, looked up by key path."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def __call__(self, *path: object) -> int | None:
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for key in path:
            if isinstance(node, yaml.MappingNode):
                match = next((v for k, v in node.value if k.value == str(key)), None)
                key_node = next((k for k, _ in node.value if k.value == str(key)), None)
                if match is None:
                    return line
                line = key_node.start_mark.line + 1
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def _suggest(word: str, choices: list[str]) -> Message:
    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return Message("mapping.suggest.close", word=close[0])
    return Message("mapping.suggest.choose", choices=", ".join(choices))


def _scalar_text(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return None


def load_mapping(path: str | Path) -> CustomMapping:
    """Read and check a custom mapping YAML file; DataImportError lists every problem."""
    path = Path(path)
    file = path.name
    problems = Problems()

    def fail(message: Message, line: int | None = None) -> None:
        problems.add(file, message, row=line)

    if not path.is_file():
        fail(Message("mapping.missing"))
        problems.raise_if_any()
    if path.stat().st_size > MAX_MAPPING_BYTES:
        fail(Message("mapping.too_big", limit=Count(MAX_MAPPING_BYTES // 1024)))
        problems.raise_if_any()
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.safe_load(text)
        lines = _Lines(yaml.compose(text))
    except UnicodeDecodeError:
        fail(Message("mapping.not_utf8"))
        problems.raise_if_any()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        fail(Message("mapping.not_yaml", reason=reason), mark.line + 1 if mark else None)
        problems.raise_if_any()

    if not isinstance(data, dict):
        fail(Message("mapping.not_a_mapping"), 1)
        problems.raise_if_any()
    for key in data:
        if key not in TOP_KEYS:
            fail(Message("mapping.unknown_key", key=key, hint=_suggest(str(key), list(TOP_KEYS))), lines(key))
    name = data.get("name", path.stem)
    if not isinstance(name, str):
        fail(Message("mapping.name_not_text"), lines("name"))
        name = path.stem
    tables_data = data.get("tables")
    if not isinstance(tables_data, dict) or not tables_data:
        fail(Message("mapping.no_tables"), lines("tables"))
        problems.raise_if_any()

    derive_data = data.get("derive", [])
    if isinstance(derive_data, str):
        derive_data = [derive_data]
    derive: list[str] = []
    if not isinstance(derive_data, list):
        fail(Message("mapping.derive_not_list", tables=", ".join(DERIVABLE)), lines("derive"))
    else:
        for i, item in enumerate(derive_data):
            if item not in DERIVABLE:
                fail(
                    Message("mapping.cannot_derive", table=item, hint=_suggest(str(item), list(DERIVABLE))),
                    lines("derive", i),
                )
            elif item in tables_data:
                fail(Message("mapping.derived_and_mapped", table=item), lines("derive", i))
            else:
                derive.append(item)

    tables: dict[str, TableMapping] = {}
    for table, spec in tables_data.items():
        at = ("tables", table)
        if table not in TABLES:
            fail(
                Message("mapping.unknown_table", table=table, hint=_suggest(str(table), list(TABLE_ORDER))),
                lines(*at),
            )
            continue
        mapped = _table_mapping(table, spec, at, lines, fail)
        if mapped is not None:
            tables[table] = mapped
    problems.raise_if_any()
    return CustomMapping(name=name, tables=tables, derive=tuple(derive), source=file)


def _table_mapping(table, spec, at, lines, fail) -> TableMapping | None:
    contract = TABLES[table]
    names = contract.column_names
    if not isinstance(spec, dict):
        fail(Message("mapping.table_not_mapping", table=table), lines(*at))
        return None
    for key in spec:
        if key not in TABLE_KEYS:
            fail(
                Message(
                    "mapping.unknown_table_key",
                    table=table,
                    key=key,
                    hint=_suggest(str(key), list(TABLE_KEYS)),
                ),
                lines(*at, key),
            )
    file = spec.get("file")
    if not isinstance(file, str) or not file.strip():
        fail(Message("mapping.no_file", table=table), lines(*at, "file"))
        file = ""
    elif Path(file).name != file or not file.lower().endswith((".csv", ".xlsx")):
        fail(Message("mapping.bad_file", table=table, file=file), lines(*at, "file"))
    columns: dict[str, str] = {}
    raw_columns = spec.get("columns", {})
    if not isinstance(raw_columns, dict):
        fail(Message("mapping.columns_not_mapping", table=table), lines(*at, "columns"))
        raw_columns = {}
    for column, source in raw_columns.items():
        if column not in names:
            fail(
                Message(
                    "mapping.unknown_column", table=table, column=column, hint=_suggest(str(column), names)
                ),
                lines(*at, "columns", column),
            )
            continue
        source_text = _scalar_text(source)
        if source_text is None or not source_text.strip():
            message = (
                Message("mapping.no_source", table=table, column=column, file=file)
                if file
                else Message("mapping.no_source.no_file", table=table, column=column)
            )
            fail(message, lines(*at, "columns", column))
            continue
        columns[column] = source_text.strip()
    fixed: dict[str, str] = {}
    raw_fixed = spec.get("fixed", {})
    if not isinstance(raw_fixed, dict):
        fail(Message("mapping.fixed_not_mapping", table=table), lines(*at, "fixed"))
        raw_fixed = {}
    for column, value in raw_fixed.items():
        if column not in names:
            fail(
                Message(
                    "mapping.unknown_column", table=table, column=column, hint=_suggest(str(column), names)
                ),
                lines(*at, "fixed", column),
            )
        elif column in columns:
            fail(Message("mapping.mapped_and_fixed", table=table, column=column), lines(*at, "fixed", column))
        else:
            fixed[column] = (
                "true" if value is True else "false" if value is False else (_scalar_text(value) or "")
            )
    values: dict[str, dict[str, str]] = {}
    raw_values = spec.get("values", {})
    if not isinstance(raw_values, dict):
        fail(Message("mapping.values_not_mapping", table=table), lines(*at, "values"))
        raw_values = {}
    for column, pairs in raw_values.items():
        where = lines(*at, "values", column)
        if column not in columns:
            fail(Message("mapping.values_unmapped", table=table, column=column), where)
            continue
        if not isinstance(pairs, dict):
            fail(Message("mapping.values_not_pairs", table=table, column=column), where)
            continue
        choices = TABLES[table].column(column).choices
        converted: dict[str, str] = {}
        for key, value in pairs.items():
            if isinstance(key, bool) or isinstance(value, bool) or key is None:
                fail(
                    Message("mapping.unquoted_bool", table=table, column=column), lines(*at, "values", column)
                )
                continue
            key_text, value_text = _scalar_text(key), _scalar_text(value)
            if key_text is None or value_text is None:
                fail(Message("mapping.not_a_pair", table=table, column=column, key=key, value=value), where)
                continue
            if choices and value_text.strip().lower() not in choices:
                fail(
                    Message(
                        "mapping.not_a_choice",
                        table=table,
                        column=column,
                        value=value_text,
                        choices=", ".join(choices),
                    ),
                    lines(*at, "values", column, key_text),
                )
                continue
            converted[key_text.strip()] = value_text.strip()
        values[column] = converted
    order = spec.get("dates", "month-first")
    if order not in DATE_ORDERS:
        fail(
            Message("mapping.date_order", table=table, orders=alternatives(list(DATE_ORDERS))),
            lines(*at, "dates"),
        )
        order = "month-first"
    for column in contract.columns:
        if column.required and column.name not in columns and column.name not in fixed:
            fail(Message("mapping.required_unmapped", table=table, column=column.name), lines(*at))
    return TableMapping(table, file, columns, values, fixed, order == "month-first")


def dump_mapping(mapping: CustomMapping) -> str:
    """The YAML text of ``mapping`` (what `load_mapping` reads back)."""
    tables = {}
    for table, spec in mapping.tables.items():
        entry: dict[str, object] = {"file": spec.file, "columns": dict(spec.columns)}
        if spec.values:
            entry["values"] = {column: dict(pairs) for column, pairs in spec.values.items()}
        if spec.fixed:
            entry["fixed"] = dict(spec.fixed)
        if not spec.month_first:
            entry["dates"] = "day-first"
        tables[table] = entry
    data: dict[str, object] = {"name": mapping.name, "tables": tables}
    if mapping.derive:
        data["derive"] = list(mapping.derive)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def save_mapping(mapping: CustomMapping, path: str | Path) -> Path:
    """Write ``mapping`` as a YAML file (UTF-8)."""
    path = Path(path)
    path.write_text(dump_mapping(mapping), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- applying


def _read_mapped(folder: Path, spec: TableMapping, problems: Problems) -> ExportFile | None:
    path = folder / spec.file
    if not path.is_file():
        present = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        message = (
            Message("mapping.file_not_found", files=listing(present, 8))
            if present
            else Message("mapping.file_not_found.empty")
        )
        problems.add(spec.file, message)
        return None
    wanted = tuple((source,) for source in dict.fromkeys(spec.columns.values()))
    read = read_export(path, [Role(spec.table, spec.file, wanted)], problems)
    if read is not None:
        return read[0]
    if any(p.file == spec.file for p in problems.items):
        return None  # unreadable: already reported
    first = read_export(path, [Role(spec.table, spec.file, ())], problems)
    headers = [str(c) for c in first[0].frame.columns if str(c).strip()] if first else []
    have = {norm(h) for h in headers}
    for contract_column, source in spec.columns.items():
        if norm(source) not in have:
            close = difflib.get_close_matches(source, headers, n=1)
            hint = (
                Message("mapping.suggest.close", word=close[0])
                if close
                else Message("mapping.suggest.headers", headers=listing(headers, 12))
            )
            message = Message("mapping.column_not_found", source=source, column=contract_column, hint=hint)
            problems.add(spec.file, message, row=1)
    if not headers:
        problems.add(spec.file, Message("mapping.no_header"))
    return None


def _mapped_frame(spec: TableMapping, export: ExportFile, notes: list[str]) -> pd.DataFrame:
    columns: dict[str, object] = {}
    for column in TABLES[spec.table].columns:
        if column.name in spec.fixed:
            columns[column.name] = spec.fixed[column.name]
            continue
        source = spec.columns.get(column.name)
        if source is None:
            continue
        values = export.values(source)
        pairs = {norm(k): v for k, v in spec.values.get(column.name, {}).items()}
        if pairs:
            values = values.map(lambda v, pairs=pairs: pairs.get(norm(v), v))
        if column.kind == "date":
            values, order = normalize_dates(values, month_first=spec.month_first)
            if order:
                notes.append(
                    Message("mapping.note.slashed_dates", file=spec.file, column=source, order=order)
                )
        columns[column.name] = values
    return contract_frame(spec.table, columns, len(export.frame))


def apply_mapping(mapping: CustomMapping, folder: str | Path) -> PresetResult:
    """Read the folder's files as ``mapping`` says; a PresetResult like a preset's."""
    folder = Path(folder)
    problems = Problems()
    if not folder.is_dir():
        problems.add(folder.name or str(folder), Message("problem.folder_missing"))
        problems.raise_if_any()
    frames: dict[str, pd.DataFrame] = {}
    origins: dict[str, list[Origin]] = {}
    names: dict[str, str] = {}
    notes: list[str] = []
    for table, spec in mapping.tables.items():
        export = _read_mapped(folder, spec, problems)
        if export is None:
            continue
        frames[table] = _mapped_frame(spec, export, notes)
        origins[table] = [Origin(export.name, export.rows, dict(spec.columns))]
        names[table] = export.name
    problems.raise_if_any()
    for table in mapping.derive:
        frames[table], note = _derive(table, frames)
        names[table] = Message("mapping.source.derived", table=table, mapping=mapping.source)
        if note:
            notes.append(note)
    return PresetResult(ordered(frames), names, notes, origins)


def _used_ids(frames: Mapping[str, pd.DataFrame], column: str, skip: str) -> list[str]:
    seen: dict[str, None] = {}
    for table, frame in frames.items():
        if table != skip and column in frame.columns:
            for value in frame[column]:
                text = (
                    ""
                    if value is None or (isinstance(value, float) and pd.isna(value))
                    else str(value).strip()
                )
                if text:
                    seen.setdefault(text, None)
    return list(seen)


def _derive(table: str, frames: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, Message | None]:
    if table == "deals":
        if "offers" not in frames:
            return contract_frame("deals", {}, 0), Message("mapping.note.no_offers")
        return deals_from_won(frames["offers"]), None
    id_column = "seller_id" if table == "sellers" else "customer_id"
    ids = pd.Series(_used_ids(frames, id_column, table), dtype=object)
    columns = {id_column: ids, "name": ids}
    note = None
    if table == "sellers":
        columns["team"] = UNASSIGNED_TEAM
        note = Message("mapping.note.derived_sellers", count=Count(len(ids)), team=UNASSIGNED_TEAM)
    return contract_frame(table, columns, len(ids)), note
