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
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable

import pandas as pd
from streamlit.elements import arrow
from streamlit.elements.lib import pandas_styler_utils

from salescoach.chart_cache import Unkeyable

MAX_TABLES = 1024  # the styled pages of rows kept: as many as the figures (chart_cache.MAX_FIGURES)
_KEY = "_salescoach_display_key"

_styled: OrderedDict[Hashable, bytes] = OrderedDict()
_lock = threading.Lock()
_marshall = pandas_styler_utils.marshall_styler


def rows_key(frame: pd.DataFrame) -> Hashable:
    """A hashable stand-in for `frame`'s columns, dtypes and every value (its other columns hashed
    in one pass); a column of lists (a sparkline per row) by its values as tuples. Raises
    `Unkeyable` for other objects."""
    lists = [c for c in frame.columns if frame[c].dtype == object and _holds_lists(frame[c])]
    plain = frame.drop(columns=lists)
    try:
        hashed = pd.util.hash_pandas_object(plain, index=False).to_numpy()
    except TypeError as unhashable:
        raise Unkeyable("values") from unhashable
    return (
        tuple(map(str, frame.columns)),
        tuple(map(str, frame.dtypes)),
        hashlib.blake2b(hashed.tobytes(), digest_size=16).digest(),
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
    _marshall(proto, styler, default_uuid)
    with _lock:
        _styled[full] = proto.styler.SerializeToString()
        while len(_styled) > MAX_TABLES:
            _styled.popitem(last=False)


def install() -> None:
    """Wrap `st.dataframe`'s styling step (once per process)."""
    if getattr(arrow, "marshall_styler", None) is _marshall:
        arrow.marshall_styler = _marshall_styler


def clear() -> None:
    """Forget every styled table (tests)."""
    with _lock:
        _styled.clear()


__all__ = ["MAX_TABLES", "Unkeyable", "clear", "install", "remember", "rows_key", "uuid_of"]
