"""A shared chart's specification made once: what `st.plotly_chart` sends, reused.

`st.plotly_chart` turns its figure into a dict (plotly's `to_dict`: a deep copy, every array
re-encoded) and the dict into JSON, on every rerun: 2-4 ms a chart at 500 sellers, 7 charts on
the seller page, for a figure that `salescoach.chart_cache` hands out unchanged to every run.
`install()` wraps those two plotly steps as Streamlit calls them: for a shared figure
(`chart_cache.is_shared`) the dict and its JSON are made once and kept with it (the
`MAX_SPECS` drawn last), byte for byte what plotly makes; any other figure or dict goes through
plotly as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import plotly.io
import plotly.tools

from salescoach import chart_cache

MAX_SPECS = chart_cache.MAX_FIGURES

_figure_dict = plotly.tools.return_figure_from_figure_or_data
_to_json = plotly.io.to_json
# id(figure) → (figure, its dict, the dict's JSON or None until asked)
_specs: OrderedDict[int, list] = OrderedDict()
_by_dict: dict[int, int] = {}  # id(the dict) → id(its figure)
_lock = threading.Lock()


def _memo_of_figure(figure) -> list | None:
    with _lock:
        memo = _specs.get(id(figure))
        if memo is not None and memo[0] is figure:
            _specs.move_to_end(id(figure))
            return memo
    return None


def figure_dict(figure_or_data, validate_figure):
    """`plotly.tools.return_figure_from_figure_or_data`, made once for a shared figure."""
    memo = _memo_of_figure(figure_or_data)
    if memo is not None:
        return memo[1]
    made = _figure_dict(figure_or_data, validate_figure)
    if not chart_cache.is_shared(figure_or_data):
        return made
    with _lock:
        _specs[id(figure_or_data)] = [figure_or_data, made, None]
        _by_dict[id(made)] = id(figure_or_data)
        while len(_specs) > MAX_SPECS:
            _, (_, old_dict, _) = _specs.popitem(last=False)
            _by_dict.pop(id(old_dict), None)
    return made


def to_json(fig, validate=True, pretty=False, remove_uids=True, engine=None):
    """`plotly.io.to_json`, made once for the dict of a shared figure (as Streamlit asks for it)."""
    plain = validate is False and not pretty and remove_uids and engine is None
    with _lock:
        owner = _by_dict.get(id(fig)) if plain else None
        memo = _specs.get(owner) if owner is not None else None
    if memo is None or memo[1] is not fig:
        return _to_json(fig, validate=validate, pretty=pretty, remove_uids=remove_uids, engine=engine)
    if memo[2] is None:
        memo[2] = _to_json(fig, validate=False)
    return memo[2]


def install() -> None:
    """Wrap the two plotly steps `st.plotly_chart` takes (once per process)."""
    if plotly.tools.return_figure_from_figure_or_data is _figure_dict:
        plotly.tools.return_figure_from_figure_or_data = figure_dict
    if plotly.io.to_json is _to_json:
        plotly.io.to_json = to_json


def clear() -> None:
    """Forget every specification (tests)."""
    with _lock:
        _specs.clear()
        _by_dict.clear()


__all__ = ["MAX_SPECS", "clear", "figure_dict", "install", "to_json"]
