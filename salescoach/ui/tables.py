"""Tables: formatted `st.dataframe`s with metric labels, units and help, and their CSV download."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from salescoach import charts, formatting
from salescoach.export import to_csv_bytes
from salescoach.i18n import t
from salescoach.metrics import METRICS, label
from salescoach.ui.layout import empty_state
from salescoach.ui.text import Markdown


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
        elif fmt == "flag":  # unknown stays empty; a known false says so
            out[header] = values.map(_csv_flag)
        elif pd.api.types.is_bool_dtype(values):
            out[header] = values.map({True: t("csv.yes")}).fillna("")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[header] = values.dt.date
        else:
            out[header] = values
    return pd.DataFrame(out)


def _csv_flag(value) -> str:
    """A flag in a CSV: "yes", "no", or empty when unknown."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return t("csv.yes") if bool(value) else t("csv.no")


def _column_config(column: str, header: str, kind: str | None, values: pd.Series, flag: bool):
    """The `st.column_config` of one table column: its header and help text. No `format`: the
    cells show the formatter's text (`formatting.table_styler`), which a column `format` would
    replace by the browser's own (printf has no decimal comma)."""
    help_text = METRICS[column].help if column in METRICS else None
    if flag:
        return st.column_config.TextColumn(header, help=help_text)
    if kind in formatting.NUMBER_KINDS and pd.api.types.is_numeric_dtype(values):
        return st.column_config.NumberColumn(header, help=help_text)
    if pd.api.types.is_datetime64_any_dtype(values):
        return st.column_config.DateColumn(header, help=help_text)
    return st.column_config.Column(header, help=help_text)


# A flag column and the two columns whose ratio says how far from the need its rows are: a thin
# seller's cell reads "⚠ thin (45 % of need)", graded like the charts' colours.
FLAG_NEEDS: dict[str, tuple[str, str]] = {
    "thin": ("pipeline_coverage", "required_coverage"),
    "thin_next_quarter": ("next_quarter_coverage", "required_coverage"),
}


def _flag_texts(frame: pd.DataFrame, column: str) -> list[str | None]:
    """A flag column as words: true "⚠ thin" (with the share of the need when the table has the
    columns of `FLAG_NEEDS`), false blank, unknown empty ("–": no target, nothing to judge)."""
    marked = t("metric.flag.thin_marked")
    value, need = FLAG_NEEDS.get(column, (None, None))
    shares = (
        [charts.need_share(v, n) for v, n in zip(frame[value], frame[need], strict=True)]
        if value in frame.columns and need in frame.columns
        else [None] * len(frame)
    )
    texts: list[str | None] = []
    for flag, share in zip(frame[column], shares, strict=True):
        if flag is None or flag is pd.NA or (isinstance(flag, float) and pd.isna(flag)):
            texts.append(None)
        elif bool(flag) and share is not None:
            texts.append(t("table.flag_of_need", flag=marked, share=formatting.format_value("pct", share)))
        else:
            texts.append(marked if bool(flag) else "")
    return texts


def _display_frame(
    view: pd.DataFrame, kinds: Mapping[str, str], flagged: Sequence[str], source: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The values as the browser gets them: flags as words, numbers as numbers (fractions stay
    fractions: the formatter writes 0.42 as 42 %). `source` holds the columns a flag is graded by."""
    if flagged:  # a flag reads as a word with a warning sign, not a grey checkbox
        source = view if source is None else source
        view = view.assign(**{c: _flag_texts(source, c) for c in flagged})
    numeric = [
        c
        for c in view.columns
        if kinds.get(c) in formatting.NUMBER_KINDS
        and c not in flagged
        and not pd.api.types.is_numeric_dtype(view[c])
    ]
    if numeric:  # numbers that came as objects (e.g. None among them) sort and format as numbers
        view = view.assign(**{c: pd.to_numeric(view[c], errors="coerce") for c in numeric})
    return view


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
    flag_columns: Iterable[str] = tuple(FLAG_NEEDS),
    height: int | str = "content",
    empty_message: Markdown | None = None,
    download: bool = True,
    formats: Mapping[str, str] | None = None,
    highlight_colour: str = "#fff3c4",
):
    """A formatted table of `columns` (metric names get labels, units and help) with a CSV download.

    `columns` is a list of column names, or a dict name → header for non-metric columns.
    Numbers keep their values (the table sorts numerically) and every cell shows the formatter's
    text in the language (`formatting.table_styler`): 1 234 €, 42 %, 2,5×, 23.11.2026 (fi).
    `formats` gives other columns a kind ("eur", "pct", "count", "times", "ratio", "date",
    "month"). `highlight` marks rows (e.g. the seller under review, overdue offers) in
    `highlight_colour`; `flag_columns` (true/false, e.g. `thin`) read "⚠ thin", with how far
    from the need when `frame` has the columns of `FLAG_NEEDS` ("⚠ thin (45 % of need)").
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
    view = _display_frame(csv_view, kinds, flagged, frame.reset_index(drop=True))
    config = {c: _column_config(c, headers[c], kinds.get(c), view[c], c in flagged) for c in view.columns}
    config.update(column_config or {})
    marks = list(highlight) if highlight is not None else []
    table = formatting.table_styler(view, kinds, highlight=marks or None, highlight_colour=highlight_colour)
    # pandas refuses to style more than 262,144 cells by default; a long custom period (a century of
    # weeks) has more, and the table still draws (Streamlit pages through the rows)
    cells = max(pd.get_option("styler.render.max_elements"), view.size + 1)
    with pd.option_context("styler.render.max_elements", cells):
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


def selected_row(event, frame: pd.DataFrame) -> pd.Series | None:
    """The row of `frame` picked in its `show_table(..., on_select="rerun")` table, if any.

    None when nothing is picked, or when the pick names a row the table no longer has (the
    click was on its way while the rows changed, e.g. a filter shrank the table).
    """
    if event is None:
        return None
    rows = event.selection.rows if hasattr(event, "selection") else event.get("selection", {}).get("rows", [])
    if not rows or not 0 <= rows[0] < len(frame):
        return None
    return frame.iloc[rows[0]]
