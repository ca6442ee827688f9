"""Tables styled once per distinct page of rows: the display texts of `show_table`'s Styler reused.

`st.dataframe` of a pandas Styler (how every table shows the formatter's texts while keeping
its numbers) has pandas render every cell (`Styler._compute`, `_translate`) and Streamlit turn
the rendered cells back into a frame of texts, on every rerun: 20-30 ms a table page of 100
rows, about half of a team overview rerun at 500 sellers, for the same rows in the same
language as the run before. `remember(styler, key)` marks a Styler of ours with what it
shows (`key`: the rows, kinds, highlights and language); Streamlit's styling step is wrapped
so that a marked Styler already styled at the same place (its uuid) gets the stored result,
byte for byte what it would compute, from a process-wide store of the `MAX_TABLES` used last.
A Styler not marked (or a key that cannot be made) is styled as Streamlit does.

A page of rows not styled yet (another team, another period) is styled without pandas when
the Styler is `formatting.table_styler`'s (`_style_look`): its formatters are run column by
column, the lit rows written as the one CSS rule pandas would write, and the texts handed to
Streamlit as its own styling step hands them: the same bytes (tests/test_table_cache.py checks
them against Streamlit's on every table of every page), in 3.5 ms instead of 13-18 ms a page
of 100 rows x 13 columns at 500 sellers, since pandas' `_compute` and `_translate` build a dict
per cell first.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np
import pandas as pd
from streamlit import dataframe_util
from streamlit.elements import arrow
from streamlit.elements.lib import pandas_styler_utils

from salescoach.chart_cache import Unkeyable, content_digest
from salescoach.formatting import TABLE_LOOK, TableLook

MAX_TABLES = 1024  # the styled pages of rows kept: as many as the figures (chart_cache.MAX_FIGURES)
_KEY = "_salescoach_display_key"

_styled: OrderedDict[Hashable, bytes] = OrderedDict()
_lock = threading.Lock()
_marshall = pandas_styler_utils.marshall_styler


def rows_key(frame: pd.DataFrame) -> Hashable:
    """A hashable stand-in for `frame`'s columns, dtypes and every value (`content_digest` of its
    columns); a column of lists (a sparkline per row) by its values as tuples. Raises
    `Unkeyable` for other objects."""
    lists = [c for c in frame.columns if frame[c].dtype == object and _holds_lists(frame[c])]
    return (
        tuple(map(str, frame.columns)),
        tuple(map(str, frame.dtypes)),
        content_digest(frame.drop(columns=lists), index=False),
        tuple(tuple(None if v is None else tuple(v) for v in frame[c]) for c in lists),
    )


def _holds_lists(values: pd.Series) -> bool:
    return bool(values.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any())


def uuid_of(table_key: str) -> str:
    """A table's Styler uuid (the prefix of its CSS names) from its widget key: the same on every
    run, so the same rows style and send the same (pandas picks a random one per Styler)."""
    return "t" + hashlib.blake2b(table_key.encode(), digest_size=6).hexdigest()


def remember(styler, key: Hashable) -> None:
    """Mark `styler` as showing `key`: styled once per key and place, then reused."""
    setattr(styler, _KEY, key)


def _marshall_styler(proto, styler, default_uuid: str) -> None:
    key = getattr(styler, _KEY, None)
    if key is None:
        _marshall(proto, styler, default_uuid)
        return
    full = (key, default_uuid if styler.uuid is None else str(styler.uuid))
    with _lock:
        stored = _styled.get(full)
        if stored is not None:
            _styled.move_to_end(full)
    if stored is not None:
        proto.styler.ParseFromString(stored)
        return
    look = getattr(styler, TABLE_LOOK, None)
    if look is not None and styler.data.size <= int(pd.get_option("styler.render.max_elements")):
        _style_look(proto, styler, default_uuid, look)
    else:
        _marshall(proto, styler, default_uuid)  # Streamlit's own (and its error for too many cells)
    with _lock:
        _styled[full] = proto.styler.SerializeToString()
        while len(_styled) > MAX_TABLES:
            _styled.popitem(last=False)


def _style_look(proto, styler, default_uuid: str, look: TableLook) -> None:
    """What Streamlit's `marshall_styler` writes for a Styler of `formatting.table_styler`, made
    from its `TableLook`: the uuid, the lit rows' CSS (pandas groups the cells of one style in
    one rule, row by row) and every cell's text in a frame of texts (`Styler.format`'s
    formatter where it has one, else pandas' default: floats with the Styler's precision)."""
    if styler.uuid is None:
        styler.set_uuid(default_uuid)
    uuid = str(styler.uuid)
    proto.styler.uuid = uuid
    if styler.caption is not None:
        proto.styler.caption = styler.caption
    frame = styler.data
    if look.rows is not None and look.rows.any():
        cells = ", ".join(
            f"#T_{uuid}_row{row}_col{column}"
            for row in np.flatnonzero(look.rows)
            for column in range(frame.shape[1])
        )
        proto.styler.styles = f"{cells} {{ background-color: {look.colour.strip()} }}"
    default = _pandas_default(int(pd.get_option("styler.format.precision")))
    texts = pd.DataFrame(
        {
            position: pd.array([str(show(value)) for value in frame.iloc[:, position]], dtype="str")
            for position, show in enumerate(look.formatters.get(c, default) for c in frame.columns)
        },
        index=frame.index,
    )
    texts.columns = frame.columns
    proto.styler.display_values = dataframe_util.convert_pandas_df_to_arrow_bytes(texts)


def _pandas_default(precision: int):
    """How a Styler shows a cell it has no formatter for (pandas' default display)."""
    from pandas.api.types import is_complex, is_float, is_integer

    def show(value):
        if is_float(value) or is_complex(value):
            return f"{value:.{precision}f}"
        if is_integer(value):
            return str(value)
        return value

    return show


def install() -> None:
    """Wrap `st.dataframe`'s styling step (once per process)."""
    if getattr(arrow, "marshall_styler", None) is _marshall:
        arrow.marshall_styler = _marshall_styler


def clear() -> None:
    """Forget every styled table (tests)."""
    with _lock:
        _styled.clear()


__all__ = ["MAX_TABLES", "Unkeyable", "clear", "install", "remember", "rows_key", "uuid_of"]
