"""CSV downloads that are safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

from salescoach.formatting import csv_dialect

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

    The separators are what a spreadsheet in the language (`lang`, default: the current
    language) opens as columns and numbers: with CLDR's decimal comma (fi, sv, nb) `;` between
    columns and 1234,5; in English `,` and 1234.5 (`salescoach.formatting.csv_dialect`). Numbers
    stay plain machine-readable numbers (no thousands separator, no unit) and dates ISO (2026-11-23).
    """
    separator, decimal = csv_dialect(lang)
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    safe.columns = [_defuse(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\r\n", sep=separator, decimal=decimal).encode("utf-8-sig")
