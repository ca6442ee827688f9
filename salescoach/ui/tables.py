"""Tables: formatted `st.dataframe`s with metric labels, units and help, and their CSV download."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from salescoach import i18n
from salescoach.export import to_csv_bytes
from salescoach.i18n import t
from salescoach.metrics import METRICS, label
from salescoach.ui.layout import empty_state

STYLED_ROWS_MAX = 300  # above this many rows, highlighted rows get a marker column, not a colour
HIGHLIGHT_MARKER = "▶"
# Each metric format (salescoach/metrics.py) as a Streamlit column format, per language, so the
# table keeps the numbers (it sorts numerically) and the browser draws them close to how
# `format_value` writes them: printf-style (the bundled sprintf-js: "%,.0f" groups thousands with
# a comma, "%' ,.0f" with a space; checked in Chromium), so fi 1 234 €, en €1,234. Percentages
# are shown as percent points (`show_table` multiplies the fractions by 100), rounded like the
# tiles: 91 % (fi), 91% (en). No `step`: Streamlit truncates a value to the step's decimals
# before formatting (10/11 would read 90%). printf has no decimal comma, so a Finnish table
# writes 2.5× where a Finnish tile writes 2,5×.
COLUMN_FORMATS: dict[str, dict[str, dict[str, object]]] = {
    "fi": {
        "count": {"format": "%' ,.0f"},
        "eur": {"format": "%' ,.0f €"},
        "pct": {"format": "%.0f %%"},
        "times": {"format": "%.1f×"},
        "ratio": {"format": "%.1f"},
        "number": {"format": "%' ,.1f"},
    },
    "en": {
        "count": {"format": "%,.0f"},
        "eur": {"format": "€%,.0f"},
        "pct": {"format": "%.0f%%"},
        "times": {"format": "%.1f×"},
        "ratio": {"format": "%.1f"},
        "number": {"format": "%,.1f"},
    },
}
# Dates as `format_date` writes them (day.js tokens): 23.11.2026 (fi), 23 Nov 2026 (en).
DATE_FORMATS = {"fi": "D.M.YYYY", "en": "D MMM YYYY"}


def csv_frame(view: pd.DataFrame, headers: Mapping[str, str], kinds: Mapping[str, str]) -> pd.DataFrame:
    """The table's rows for a spreadsheet: its headers with units, plain rounded numbers."""
    out = {}
    for column in view.columns:
        values = view[column]
        if len(values) and values.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            continue  # sparklines stay on screen
        fmt = kinds.get(column)
        header = headers[column]
        if fmt == "eur":
            out[f"{header} (€)"] = pd.to_numeric(values, errors="coerce").round(2)
        elif fmt == "pct":
            out[f"{header} (%)"] = (pd.to_numeric(values, errors="coerce") * 100).round(1)
        elif fmt in ("times", "ratio", "number"):
            out[header] = pd.to_numeric(values, errors="coerce").round(2)
        elif fmt == "flag" or pd.api.types.is_bool_dtype(values):
            out[header] = values.map({True: t("csv.yes")}).fillna("")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[header] = values.dt.date
        else:
            out[header] = values
    return pd.DataFrame(out)


def _column_config(column: str, header: str, kind: str | None, values: pd.Series, flag: bool):
    """The `st.column_config` of one table column: its header, help text and display format."""
    help_text = METRICS[column].help if column in METRICS else None
    lang = i18n.current_language()
    if flag:
        return st.column_config.TextColumn(header, help=help_text)
    if kind in COLUMN_FORMATS[lang] and pd.api.types.is_numeric_dtype(values):
        return st.column_config.NumberColumn(header, help=help_text, **COLUMN_FORMATS[lang][kind])
    if pd.api.types.is_datetime64_any_dtype(values):
        return st.column_config.DateColumn(header, help=help_text, format=DATE_FORMATS[lang])
    return st.column_config.Column(header, help=help_text)


def _display_frame(view: pd.DataFrame, kinds: Mapping[str, str], flagged: Sequence[str]) -> pd.DataFrame:
    """The values as the browser gets them: flags as words, numbers as numbers, shares as percent points."""
    if flagged:  # a flag reads as a word with a warning sign, not a grey checkbox
        flag_text = t("metric.flag.thin_marked")
        view = view.assign(**{c: view[c].map(lambda v: flag_text if v is True else "") for c in flagged})
    numeric = [
        c
        for c in view.columns
        if kinds.get(c) in COLUMN_FORMATS["en"]
        and c not in flagged
        and not pd.api.types.is_numeric_dtype(view[c])
    ]
    if numeric:  # numbers that came as objects (e.g. None among them) sort and format as numbers
        view = view.assign(**{c: pd.to_numeric(view[c], errors="coerce") for c in numeric})
    percents = [
        c
        for c in view.columns
        if kinds.get(c) == "pct" and c not in flagged and pd.api.types.is_numeric_dtype(view[c])
    ]
    if percents:  # shown as whole percent points, 42 % (fi) / 42% (en), like the tiles
        view = view.assign(**{c: view[c] * 100 for c in percents})
    return view


def _highlighted(view: pd.DataFrame, marks: list[bool], config: dict, colour: str):
    """The table to draw with its highlighted rows marked: coloured through a pandas Styler when
    short, a ▶ in a narrow first column when long (adds the marker's column to `config`)."""
    if not any(marks):
        return view
    if len(view) > STYLED_ROWS_MAX:
        # Too many rows to colour through a Styler (its per-cell Python, about 25 µs a cell):
        # the highlighted rows get a marker in a narrow first column instead.
        marked = view.assign(**{HIGHLIGHT_MARKER: ["▶" if m else "" for m in marks]})
        config[HIGHLIGHT_MARKER] = st.column_config.TextColumn(" ", width=32, pinned=True)
        return marked[[HIGHLIGHT_MARKER, *view.columns]]
    # Only a table with highlighted rows goes through a pandas Styler (column_config cannot
    # colour a row): its per-cell Python is the cost of a Styler, so the others skip it.
    # The numbers are still formatted by column_config, which takes precedence.
    rows = pd.Series(marks, dtype=bool).to_numpy()
    background = f"background-color: {colour}"

    def _row_colours(table: pd.DataFrame) -> pd.DataFrame:
        colours = pd.DataFrame("", index=table.index, columns=table.columns)
        colours.loc[rows] = background
        return colours

    return view.style.apply(_row_colours, axis=None)


def show_table(
    frame: pd.DataFrame,
    columns: Sequence[str] | Mapping[str, str],
    key: str,
    *,
    file_name: str | None = None,
    column_config: Mapping[str, object] | None = None,
    on_select: str = "ignore",
    selection_mode: str = "single-row",
    highlight: Iterable[bool] | None = None,
    flag_columns: Iterable[str] = ("thin",),
    height: int | str = "content",
    empty_message: str | None = None,
    download: bool = True,
    formats: Mapping[str, str] | None = None,
    highlight_colour: str = "#fff3c4",
):
    """A formatted table of `columns` (metric names get labels, units and help) with a CSV download.

    `columns` is a list of column names, or a dict name → header for non-metric columns.
    Numbers keep their values (the table sorts numerically) and show as 1 234 €, 42 %, 2.5×.
    `formats` gives other columns a metric format ("eur", "pct", "count", "times", "ratio");
    dates show as 23.11.2026. `highlight` marks rows (e.g. the seller under review, overdue
    offers) in `highlight_colour`; `flag_columns` (true/false, e.g. `thin`) read "⚠ thin".
    Formats are `st.column_config` (drawn by the browser); only a table with a highlighted row
    goes through a pandas Styler, for the row colour, and only up to `STYLED_ROWS_MAX` rows:
    a longer one marks its highlighted rows with ▶ in a first column.
    Returns the `st.dataframe` selection event when `on_select="rerun"`.
    """
    headers = dict(columns) if isinstance(columns, Mapping) else {c: label(c) for c in columns}
    if frame.empty:
        if empty_message:
            empty_state(empty_message)
        return None
    csv_view = frame[list(headers)].reset_index(drop=True)
    kinds = {c: METRICS[c].fmt for c in csv_view.columns if c in METRICS}
    kinds.update(formats or {})
    flagged = [c for c in flag_columns if c in csv_view.columns]
    view = _display_frame(csv_view, kinds, flagged)
    config = {c: _column_config(c, headers[c], kinds.get(c), view[c], c in flagged) for c in view.columns}
    config.update(column_config or {})
    marks = list(highlight) if highlight is not None else []
    table = _highlighted(view, marks, config, highlight_colour)
    event = st.dataframe(
        table,
        key=key,
        hide_index=True,
        column_config=config,
        on_select=on_select,
        selection_mode=selection_mode,
        height=height,
        placeholder="–",
    )
    if download:
        _csv_download(csv_frame(csv_view, headers, kinds), file_name or key, key=f"{key}_csv")
    return event


def _csv_download(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """The table's "Download CSV" button."""
    st.download_button(
        t("table.download_csv"),
        to_csv_bytes(frame),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )


def selected_row(event) -> int | None:
    """The position of the row picked in a `show_table(..., on_select="rerun")` table, if any."""
    if event is None:
        return None
    rows = event.selection.rows if hasattr(event, "selection") else event.get("selection", {}).get("rows", [])
    return rows[0] if rows else None
