"""Charts built once per distinct input: `@reused` on a chart function of `salescoach.charts`.

Building a plotly figure is mostly plotly validating every property it is given: 10-60 ms a
chart at 500 sellers, paid again on every rerun although the rows (cached queries) and the
language are the same. A decorated chart function returns the figure it built before for the
same arguments in the same language (the frames compared by content: a hash of every value,
index and column), from a process-wide store of the `MAX_FIGURES` used last.

The figure returned is shared by every run and session of the process: treat it as read-only
(`salescoach.ui.show_chart` draws a copy where it changes the font). Arguments that cannot be
fingerprinted (a column of lists, an object) build the figure afresh, uncached.
`@reused(reads=...)` names the arguments that are the frame's columns the chart draws: the
chart gets (and its key hashes) only those columns, not the 80 columns of a scorecard, so a
column it reads without naming it fails at once instead of making a key that misses it.
No Streamlit here: the notebook and the tests get the same figures.
"""

from __future__ import annotations

import hashlib
import inspect
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from salescoach.i18n import current_language

# Enough for every team x period x page a server's directors open in a day (43 teams x 4
# periods x about 3 charts a page at 500 sellers): with 128, sessions that change team and
# period at random rebuilt most figures after eviction (bench/README.md, "Fourth pass").
MAX_FIGURES = 1024

_figures: OrderedDict[Hashable, object] = OrderedDict()
_shared: dict[int, object] = {}  # id → figure, for the figures in _figures
_lock = threading.Lock()
F = TypeVar("F", bound=Callable)


class Unkeyable(TypeError):
    """An argument without a fingerprint: the figure is built, not reused."""


def fingerprint(value) -> Hashable:
    """A hashable stand-in for `value` that equals another's exactly when the values are equal:
    frames and series by their columns, dtypes, index and every value."""
    if isinstance(value, pd.DataFrame):
        return (
            "frame",
            tuple(map(str, value.columns)),
            tuple(map(str, value.dtypes)),
            content_digest(value, index=True),
        )
    if isinstance(value, pd.Series):
        return ("series", str(value.name), str(value.dtype), content_digest(value, index=True))
    if isinstance(value, np.ndarray):
        return (
            "array",
            str(value.dtype),
            value.shape,
            hashlib.blake2b(value.tobytes(), digest_size=16).digest(),
        )
    if isinstance(value, dict):
        return ("dict", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(fingerprint(v) for v in value))
    try:
        hash(value)
    except TypeError as unhashable:
        raise Unkeyable(type(value).__name__) from unhashable
    return (type(value).__name__, value)


def content_digest(values: pd.DataFrame | pd.Series, *, index: bool) -> bytes:
    """16 bytes that differ whenever two frames' (or series') values differ, column by column
    (and their index, with `index`): a numpy column by its bytes, an Arrow one (strings,
    nullable numbers) by its values copied compact and pickled, a column of Python objects by
    their pickle (so "2" and 2 differ). Equal values may now and then digest differently (0.0
    and -0.0): a cache miss, never a wrong hit. About 3 x faster than
    `pd.util.hash_pandas_object` (a combining step per column) on the frames pages look up
    on every rerun. Raises `Unkeyable` for a column of lists or of what cannot be pickled."""
    digest = hashlib.blake2b(digest_size=16)
    parts = [column for _, column in values.items()] if isinstance(values, pd.DataFrame) else [values]
    for part in [*parts, values.index] if index else parts:
        digest.update(_column_bytes(part))
    return digest.digest()


def _column_bytes(values: pd.Series | pd.Index) -> bytes:
    """One column's (or index's) values as bytes that tell it apart from any other column of the
    same length and dtype (the dtype written first)."""
    if isinstance(values, pd.RangeIndex):
        return f"range {values.start} {values.stop} {values.step};".encode()
    array = values.array
    if hasattr(array, "__arrow_array__") and not isinstance(array, pd.arrays.NumpyExtensionArray):
        arrow = pa.array(array)
        if isinstance(arrow, pa.ChunkedArray):
            arrow = arrow.combine_chunks()
        # Copied into buffers of its own first: a slice (head(5) of 100,000 names) pickles
        # the buffers it shares whole, and the same values would pickle otherwise elsewhere.
        body = pickle.dumps(pa.concat_arrays([arrow]), protocol=pickle.HIGHEST_PROTOCOL)
    else:
        numbers = values.to_numpy()
        if numbers.dtype == object:
            if any(isinstance(value, (list, tuple, dict, set, np.ndarray)) for value in numbers):
                raise Unkeyable("values")  # e.g. a sparkline per row
            try:
                body = pickle.dumps(numbers.tolist(), protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError) as unpicklable:
                raise Unkeyable("values") from unpicklable
        else:
            body = np.ascontiguousarray(numbers).tobytes()
    return f"{values.dtype} {len(body)};".encode() + body


def reused(build: F | None = None, *, reads: tuple[str, ...] = ()) -> F:
    """Decorate a chart function: the same arguments in the same language give the same figure.

    With `reads` (the names of the arguments that hold column names), the first argument, a
    frame, is cut to the columns those arguments name (in that order, each once, None left out)
    before it is hashed and drawn."""
    if build is None:
        return lambda build: reused(build, reads=reads)  # type: ignore[return-value]
    signature = inspect.signature(build) if reads else None

    @wraps(build)
    def chart(*args, **kwargs):
        if signature is not None:
            args, kwargs = _drawn_columns(signature, reads, args, kwargs)
        try:
            key = (build.__qualname__, current_language(), fingerprint(args), fingerprint(kwargs))
        except Unkeyable:
            return build(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                return _figures[key]
        figure = build(*args, **kwargs)
        with _lock:
            _figures[key] = figure
            _shared[id(figure)] = figure
            while len(_figures) > MAX_FIGURES:
                _shared.pop(id(_figures.popitem(last=False)[1]), None)
        return figure

    return chart  # type: ignore[return-value]


def _drawn_columns(signature: inspect.Signature, reads: tuple[str, ...], args: tuple, kwargs: dict):
    """The call's arguments with its frame (the first parameter) cut to the columns `reads` name."""
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    frame_name = next(iter(signature.parameters))
    columns = list(dict.fromkeys(c for c in (bound.arguments[name] for name in reads) if c is not None))
    bound.arguments[frame_name] = bound.arguments[frame_name][columns]
    return bound.args, bound.kwargs


def is_shared(figure) -> bool:
    """True when `figure` is one of the stored figures (returned to every run that asks: never
    changed, so what is derived from it can be kept with it)."""
    with _lock:
        return _shared.get(id(figure)) is figure


def clear() -> None:
    """Forget every figure (tests)."""
    with _lock:
        _figures.clear()
        _shared.clear()
