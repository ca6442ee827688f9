"""Tables: formatted `st.dataframe`s with metric labels, units and help, and their CSV download."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from salescoach import charts, formatting, views
from salescoach.export import to_csv_bytes
from salescoach.i18n import current_language, resolve, t
from salescoach.metrics import METRICS, label
from salescoach.ui import table_cache
from salescoach.ui.layout import empty_state
from salescoach.ui.text import Markdown

table_cache.install()  # a page of rows styled once, then reused (salescoach/ui/table_cache.py)


def csv_frame(
    view: pd.DataFrame, headers: Mapping[str, str], kinds: Mapping[str, str], lang: str | None = None
) -> pd.DataFrame:
    """The table's rows for a spreadsheet: its headers with units, plain rounded numbers."""
    out = {}
    for column in view.columns:
        values = view[column]
        if _is_sparkline(values):
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
            out[header] = values.map(lambda value: _csv_flag(value, lang))
        elif pd.api.types.is_bool_dtype(values):
            out[header] = values.map({True: t("csv.yes", lang)}).fillna("")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[header] = values.dt.date
        else:
            out[header] = values
    return pd.DataFrame(out)


def _csv_flag(value, lang: str | None = None) -> str:
    """A flag in a CSV: "yes", "no", or empty when unknown."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return t("csv.yes", lang) if bool(value) else t("csv.no", lang)


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
    has_share = value in frame.columns and need in frame.columns
    values, needs = (frame[value].tolist(), frame[need].tolist()) if has_share else ([], [])
    texts: list[str | None] = []
    for position, flag in enumerate(frame[column].tolist()):
        if flag is None or flag is pd.NA or (isinstance(flag, float) and pd.isna(flag)):
            texts.append(None)
        elif not bool(flag):
            texts.append("")
        else:  # the share of the need, only for the rows that are flagged
            share = charts.need_share(values[position], needs[position]) if has_share else None
            texts.append(
                marked
                if share is None
                else t("table.flag_of_need", flag=marked, share=formatting.format_value("pct", share))
            )
    return texts


def _display_frame(view: pd.DataFrame, kinds: Mapping[str, str], flagged: Sequence[str]) -> pd.DataFrame:
    """The values as the browser gets them: numbers as numbers (fractions stay fractions: the
    formatter writes 0.42 as 42 %); the `flagged` columns stay as they are (`_draw_table` writes
    them as words for its page of rows)."""
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


class TableEvent(dict):
    """What `show_table` returns: like Streamlit's selection event (`event.selection.rows`,
    `event["selection"]["rows"]`), with the rows as positions in the whole table (not in its
    page), and `shown`: the positions of the rows on screen, in their order."""

    def __getattr__(self, name: str):
        try:
            item = self[name]
        except KeyError as missing:
            raise AttributeError(name) from missing
        return TableEvent(item) if isinstance(item, dict) and not isinstance(item, TableEvent) else item


@dataclass(frozen=True)
class _Table:
    """One table as `show_table` was asked for it (what its page and its pager draw from)."""

    view: pd.DataFrame  # the values as the browser gets them (`_display_frame`)
    raw: pd.DataFrame  # the same columns as the frame gave them (what "Sort by" sorts)
    headers: Mapping[str, str]
    kinds: Mapping[str, str]
    config: Mapping[str, object]
    marks: Sequence[bool]
    key: str
    page_size: int | None
    options: Mapping[str, object]  # the st.dataframe arguments: on_select, height, ...
    highlight_colour: str
    rows: pd.DataFrame | None = None  # the frame's whole rows: `on_pick`'s, and what a flag is graded by
    on_pick: Callable[[pd.Series], None] | None = None
    flagged: Sequence[str] = ()  # flag columns, written as words for the rows shown


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
    page_size: int | None = views.TABLE_PAGE_ROWS,
    page_in_fragment: bool | None = None,
    on_pick: Callable[[pd.Series], None] | None = None,
) -> TableEvent | None:
    """A formatted table of `columns` (metric names get labels, units and help) with a CSV download.

    `columns` is a list of column names, or a dict name → header for non-metric columns.
    Numbers keep their values (the table sorts numerically) and every cell shows the formatter's
    text in the language (`formatting.table_styler`): 1 234 €, 42 %, 2,5×, 23.11.2026 (fi).
    `formats` gives other columns a kind ("eur", "pct", "count", "times", "ratio", "date",
    "month"). `highlight` marks rows (e.g. the seller under review, overdue offers) in
    `highlight_colour`; `flag_columns` (true/false, e.g. `thin`) read "⚠ thin", with how far
    from the need when `frame` has the columns of `FLAG_NEEDS` ("⚠ thin (45 % of need)").

    A table of more than `page_size` rows (None: never) sends one page of them, with a pager:
    "Sort by" sorts every row on the server, a click on a column heading sorts the page, and
    a toggle shows every row; the CSV always holds every row. The pager and its page rerun on
    their own (`st.fragment`) unless the table selects (`on_select="rerun"`: the page reads
    the pick) or `page_in_fragment=False` (the page reads `shown`).

    `on_pick(row)` gets the row of `frame` a click picks (`on_select="rerun"`) before the page
    runs again: a drill-down that switches page then runs only the page it opens.
    Returns a `TableEvent`: the picked rows (`on_select="rerun"`) and the rows shown, both as
    positions in `frame`; None for an empty frame.
    """
    headers = dict(columns) if isinstance(columns, Mapping) else {c: label(c) for c in columns}
    if frame.empty:
        if empty_message:
            empty_state(empty_message)
        return None
    options = {"on_select": on_select, "selection_mode": selection_mode, "height": height}
    drawn = {"page_size": page_size, "highlight_colour": highlight_colour, "on_pick": on_pick}
    shown_as = (formats, flag_columns, column_config)
    table = _table_of(frame, headers, key, shown_as, highlight, options, drawn)
    alone = page_in_fragment if page_in_fragment is not None else on_select == "ignore"
    paged = page_size is not None and len(table.view) > page_size
    event = (_table_fragment if alone and paged else _draw_table)(table)
    if download:
        _csv_download(table.raw, headers, table.kinds, file_name or key, key=f"{key}_csv")
    return event


def _table_of(frame, headers, key, shown_as, highlight, options, drawn) -> _Table:
    """The table `show_table` draws: its columns as shown (`shown_as`: formats, flag columns,
    column config), kinds, config, highlights and flags; `drawn`: page_size, highlight_colour
    and on_pick as given."""
    raw = frame[list(headers)].reset_index(drop=True)
    view, kinds, config, flagged = _columns(raw, headers, *shown_as)
    return _Table(
        view=view,
        raw=raw,
        headers=headers,
        kinds=kinds,
        config=config,
        marks=list(highlight) if highlight is not None else [],
        key=key,
        options=options,
        rows=frame.reset_index(drop=True),
        flagged=flagged,
        **drawn,
    )


def _columns(raw: pd.DataFrame, headers, formats, flag_columns, column_config):
    """The values as shown (the flags still true/false: `_draw_table` writes them for the rows
    on the page), each column's kind, its `st.column_config` and the flag columns."""
    kinds = {c: METRICS[c].fmt for c in raw.columns if c in METRICS}
    kinds.update(formats or {})
    flagged = [c for c in flag_columns if c in raw.columns]
    view = _display_frame(raw, kinds, flagged)
    config = {c: _column_config(c, headers[c], kinds.get(c), view[c], c in flagged) for c in view.columns}
    config.update(column_config or {})
    return view, kinds, config, tuple(flagged)


def _draw_table(table: _Table) -> TableEvent:
    """The pager (when the table has more rows than a page) and the page of rows."""
    order, page = _pager(table)
    shown = order[page.start : page.stop]
    rows = table.view.iloc[shown].reset_index(drop=True)
    if table.flagged:  # "⚠ thin (45 % of need)": written for the rows on the page only
        graded = table.rows.iloc[shown].reset_index(drop=True)
        rows = rows.assign(**{c: _flag_texts(graded, c) for c in table.flagged})
    marks = [table.marks[p] for p in shown] if table.marks else None
    styled = formatting.table_styler(
        rows, table.kinds, highlight=marks or None, highlight_colour=table.highlight_colour
    )
    # pandas gives every Styler a random uuid (its CSS names): the table's own makes the same
    # rows the same message, styled once (table_cache) and sent once (Streamlit's message cache).
    styled.set_uuid(table_cache.uuid_of(table.key))
    try:  # what the Styler shows: the rows, their kinds, the highlights, the language
        shows = (table_cache.rows_key(rows), tuple(sorted(table.kinds.items())), tuple(marks or ()))
        table_cache.remember(styled, (*shows, table.highlight_colour, resolve(None)))
    except table_cache.Unkeyable:
        pass  # styled afresh
    options = dict(table.options)
    if table.on_pick is not None and options.get("on_select") == "rerun":
        options["on_select"] = _pick_callback(table, shown)
    event = st.dataframe(
        styled,
        key=table.key,
        hide_index=True,
        column_config=table.config,
        placeholder="–",
        **options,
    )
    picked = _picked_rows(event)
    positions = [int(shown[r]) for r in picked if 0 <= r < len(shown)]
    return TableEvent(selection={"rows": positions, "columns": [], "cells": []}, shown=shown.tolist())


_table_fragment = st.fragment(_draw_table)  # the pager reruns only its table


def _pick_callback(table: _Table, shown: np.ndarray) -> Callable[[], None]:
    """The table's selection callback: the row picked on the page shown (`shown`: positions in
    the frame) handed to `table.on_pick` before the next run."""

    def picked() -> None:
        rows = _picked_rows(st.session_state.get(table.key))
        if rows and 0 <= rows[0] < len(shown) and table.rows is not None:
            table.on_pick(table.rows.iloc[int(shown[rows[0]])])

    return picked


def _picked_rows(event) -> list[int]:
    """The rows (positions in the page) picked in an `st.dataframe` selection event."""
    if not isinstance(event, dict):
        return []  # on_select="ignore": st.dataframe returns its element
    selection = event.get("selection") or {}
    return list(selection.get("rows", []))


def _pager(table: _Table) -> tuple[np.ndarray, views.TablePage]:
    """Sort by, descending, page, every row: the order of all rows and the page to show."""
    count = len(table.view)
    if table.page_size is None or count <= table.page_size:
        return np.arange(count), views.table_page(count, 1, None)
    sortable = [c for c in table.raw.columns if not _is_sparkline(table.raw[c])]
    left, middle, right, last = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    column = left.selectbox(
        t("table.sort_by"),
        [None, *sortable],
        format_func=lambda c: t("table.as_listed") if c is None else table.headers[c],
        key=f"{table.key}_sort",
    )
    descending = middle.toggle(t("table.descending"), key=f"{table.key}_descending")
    every_row = last.toggle(
        t("table.every_row", rows=formatting.format_count(count)), key=f"{table.key}_every_row"
    )
    order = views.sort_positions(table.raw, column, descending=descending)
    page_key = f"{table.key}_page"
    page = views.table_page(
        count, _focus_page(table, order, page_key), None if every_row else table.page_size
    )
    if page.paged:
        st.session_state[page_key] = page.number  # clamped before the widget reads it
        right.number_input(
            t("table.page", pages=int(page.pages)), min_value=1, max_value=page.pages, step=1, key=page_key
        )
    st.caption(
        t(
            "table.rows_shown",
            first=formatting.format_count(page.start + 1),
            last=formatting.format_count(page.stop),
            rows=formatting.format_count(count),
        )
    )
    return order, page


def _focus_page(table: _Table, order: np.ndarray, page_key: str) -> int:
    """The page to show: the one asked for, or the page of the one highlighted row when that
    row changed (the seller under review), so the highlight is on screen."""
    asked = st.session_state.get(page_key, 1)
    marked = [p for p, mark in enumerate(table.marks) if mark]
    focus_key = f"{table.key}_focus"
    if len(marked) != 1 or st.session_state.get(focus_key) == marked[0]:
        st.session_state[focus_key] = marked[0] if len(marked) == 1 else None
        return asked
    st.session_state[focus_key] = marked[0]
    where = int(np.flatnonzero(order == marked[0])[0])
    return where // table.page_size + 1


def _is_sparkline(values: pd.Series) -> bool:
    """A column of lists (a sparkline per row): told by its first value that is there."""
    if values.dtype != object:
        return False
    first = next((v for v in values if v is not None and not (isinstance(v, float) and v != v)), None)
    return hasattr(first, "__len__") and not isinstance(first, str)


def _csv_download(raw: pd.DataFrame, headers, kinds, file_stem: str, key: str) -> None:
    """The table's "Download CSV" button: every row, written only when it is clicked (in its
    own thread, so in the language of this run) and without rerunning the page."""
    lang = current_language()
    st.download_button(
        t("table.download_csv"),
        lambda: to_csv_bytes(csv_frame(raw, headers, kinds, lang), lang),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
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
