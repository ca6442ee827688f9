"""CSV downloads that are safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame, lang: str | None = None) -> bytes:
    """UTF-8 (with BOM, so Excel reads ä and €) CSV of `frame`, formula cells escaped.

    Lines end in CRLF (RFC 4180), so a value holding a bare carriage return is quoted:
    unquoted, a spreadsheet starts a new row there and the rest of the value becomes
    a cell of its own, which could start with "=".

    In Finnish (`lang`, default: the current language) the file is what a Finnish Excel
    opens as columns and numbers: `;` between columns and a decimal comma (1234,5).
    """
    from salescoach.i18n import resolve

    finnish = resolve(lang) == "fi"
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    safe.columns = [_defuse(str(c)) for c in safe.columns]
    return safe.to_csv(
        index=False, lineterminator="\r\n", sep=";" if finnish else ",", decimal="," if finnish else "."
    ).encode("utf-8-sig")
