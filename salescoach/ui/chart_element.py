"""Every dashboard chart drawn by a component of our own, with plotly.js's smallest bundle.

`st.plotly_chart` loads plotly.js's full bundle (4.7 MB; about 0.8 s of a first load's main
thread at 500 sellers only to evaluate it, bench/README.md). The dashboard draws bars, lines,
heatmaps and funnels: plotly.js's **cartesian** partial bundle (1.5 MB: bar, scatter, heatmap…)
or its **finance** bundle (funnel, waterfall…) hold them. `draw` sends a figure to a
`st.components.v2` component (in the page, no iframe: `static/chart/chart.js`) that loads the
bundle the figure's traces need, once per page, and draws it with `Plotly.react`; a figure with
any other trace falls back to the full bundle Python's plotly ships. The bundles are put in
`static/plotly/` by scripts/chart-bundles.sh (npm, package-lock.json) and served by Streamlit
(`server.enableStaticServing`) or by the front (salescoach/front.py).

What is drawn matches `st.plotly_chart` on this app's theme: its template, read from the browser
(`static/chart/theme.json`: `gd.layout.template` of a chart `st.plotly_chart` drew, its title
weight 700 where Streamlit wraps a title in `<b>`), stands in for the figure's own (a Streamlit
upgrade that changes its theme fails tests/test_browser_charts.py, which compares the pixels);
the toolbar keeps the same buttons; a chart that selects (`select=True`) clicks to select a
point and pans on drag, as Streamlit sets it for point selection, and its event reads as
Streamlit's (`event.selection.points[i]["customdata"]`). When a bundle does not load, each
chart says so in the reader's language (`chart.not_drawn`), as text.

The figure goes to the browser as bytes: a header line (JSON: digest, bundle, theme, config, the failure text) and
the figure's JSON, which the browser parses once. As a JSON string inside the component's JSON the
figure is escaped again (the every-seller activity heatmap: 555 kB against 391 kB as bytes).
A shared figure (`salescoach.chart_cache.is_shared`) has its bytes made once (`spec`): the same
figure at every rerun of every session costs no JSON again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections import OrderedDict

import plotly.io
import plotly.offline
import streamlit as st

from salescoach import chart_cache
from salescoach.db import PROJECT_ROOT
from salescoach.front import APP_STATIC as STATIC  # served at <base>/app/static/
from salescoach.i18n import t

COMPONENT = "salescoach_chart"
PACKAGE = PROJECT_ROOT / "package.json"

# plotly.js's partial bundles (their README's "Contains trace modules" list).
CARTESIAN = frozenset(
    {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie"}
    | {"scatter", "scatterternary", "violin"}
)
FINANCE = frozenset(
    {
        "bar",
        "candlestick",
        "funnel",
        "funnelarea",
        "histogram",
        "indicator",
        "ohlc",
        "pie",
        "scatter",
        "waterfall",
    }
)
BUNDLES = {"cartesian": CARTESIAN, "finance": FINANCE}
MAX_SPECS = chart_cache.MAX_FIGURES
# The toolbar `st.plotly_chart` drew with here: no plotly logo, no box or lasso select.
TOOLBAR = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _bundle_versions() -> dict[str, str]:
    """The plotly.js version of each bundle: the full one is Python plotly's own, the partial
    ones are pinned in package.json."""
    pinned = json.loads(PACKAGE.read_text(encoding="utf-8"))["dependencies"]
    versions = {name: pinned[f"plotly.js-{name}-dist-min"] for name in BUNDLES}
    versions["full"] = plotly.offline.get_plotlyjs_version()
    return versions


BUNDLE_VERSIONS = _bundle_versions()


def bundle_for(trace_types) -> str:
    """The smallest plotly.js bundle that draws every trace type given: 'cartesian', 'finance'
    or 'full'."""
    kinds = set(trace_types) or {"scatter"}
    for name, holds in BUNDLES.items():
        if kinds <= holds:
            return name
    return "full"


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=10).hexdigest()


@functools.cache
def _static_digest(relative: str) -> str:
    """A file of static/'s digest: its URL's `?v=` (a changed file is a new URL, so a browser
    may keep every one of them for good)."""
    return _digest((STATIC / relative).read_bytes())


def static_url(relative: str, version: str) -> str:
    """The address of a file of static/ under the server's base path (`server.baseUrlPath`)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/{relative}?v={version}"


def bundle_url(bundle: str) -> str:
    return static_url(f"plotly/plotly-{bundle}.min.js", BUNDLE_VERSIONS[bundle])


class Spec:
    """A figure as the component gets it: its JSON (no template), the digest of that JSON and
    the bundle its traces need."""

    __slots__ = ("bundle", "digest", "figure_json")

    def __init__(self, figure) -> None:
        made = figure.to_dict()
        made.get("layout", {}).pop("template", None)
        self.figure_json = plotly.io.to_json(made, validate=False).encode()
        self.digest = _digest(self.figure_json)
        self.bundle = bundle_for(trace.get("type", "scatter") for trace in made.get("data", []))


_made: OrderedDict[int, tuple[object, Spec]] = OrderedDict()  # id(figure) → (figure, its Spec)
_lock = threading.Lock()


def spec(figure) -> Spec:
    """The figure's `Spec`, made once for a shared figure (the `MAX_SPECS` drawn last)."""
    with _lock:
        held = _made.get(id(figure))
        if held is not None and held[0] is figure:
            _made.move_to_end(id(figure))
            return held[1]
    made = Spec(figure)
    if chart_cache.is_shared(figure):
        with _lock:
            _made[id(figure)] = (figure, made)
            while len(_made) > MAX_SPECS:
                _made.popitem(last=False)
    return made


def clear() -> None:
    """Forget every spec (tests)."""
    with _lock:
        _made.clear()


def payload(made: Spec, *, select: bool, toolbar: bool) -> bytes:
    """The bytes the component gets: a header line of JSON, then the figure's JSON."""
    config = dict(TOOLBAR) if toolbar else {"displayModeBar": False}
    header = {
        "digest": made.digest,
        "bundle": bundle_url(made.bundle),
        "theme": static_url("chart/theme.json", _static_digest("chart/theme.json")),
        "config": config,
        "select": select,
        "not_drawn": t("chart.not_drawn"),
    }
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + made.figure_json


class ChartEvent(dict):
    """What `draw` returns: like Streamlit's plotly selection event, by key or by attribute
    (`event.selection.points`, `event["selection"]["points"]`)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as missing:
            raise AttributeError(name) from missing


_component = None
_component_lock = threading.Lock()


def _element():
    """The component, made on first use (its loader names chart.js under the base path)."""
    global _component
    with _component_lock:
        if _component is None:
            chart_js = json.dumps(static_url("chart/chart.js", _static_digest("chart/chart.js")))
            loader = (
                f"const chart = import(new URL({chart_js}, document.baseURI).href);\n"
                "export default async function (component) {\n"
                "  return (await chart).default(component);\n"
                "}\n"
            )
            _component = st.components.v2.component(COMPONENT, js=loader, isolate_styles=False)
        return _component


def _ignore() -> None:
    """The selection's change callback: the page reads the event it returns."""


def draw(figure, key: str, *, select: bool = False, toolbar: bool = True) -> ChartEvent:
    """Draw a plotly figure; with `select`, a click on a point selects it (the script reruns and
    the event's `selection.points` holds it, as `st.plotly_chart(on_select="rerun")` does)."""
    result = _element()(
        data=payload(spec(figure), select=select, toolbar=toolbar),
        key=key,
        default={"selection": {"points": []}},
        on_selection_change=_ignore,
    )
    selection = getattr(result, "selection", None) if select else None
    points = selection.get("points", []) if isinstance(selection, dict) else []
    return ChartEvent(selection=ChartEvent(points=[ChartEvent(point) for point in points]))


__all__ = [
    "BUNDLE_VERSIONS",
    "COMPONENT",
    "ChartEvent",
    "bundle_for",
    "clear",
    "draw",
    "payload",
    "spec",
]
