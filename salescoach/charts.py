"""Every chart of the dashboard, built in one place (plotly).

Axis titles come from `salescoach.metrics` (labels); every number a chart shows (axis ticks,
bar labels, hover texts) is written by `salescoach.formatting`, so a Finnish chart reads
1 234 €, 42 %, 2,5× exactly like a Finnish tile: the ticks are chosen here and their texts
formatted there (`axis_ticks`), the hover texts are formatted in Python (`formatted`), not by
plotly's d3 formats. Each team keeps its colour on every page; a number against its need is
always graded the same way (`grade_colour`: blue on target, orange to vermillion the further
short), colour-blind safe. Functions take a DataFrame and column names and return a `go.Figure`;
pages draw it with `salescoach.ui.show_chart`. Chart functions never touch Streamlit.

Data is text here too: plotly draws a subset of HTML in every text (`<b>`, `<i>`, `<br>`,
`<a href>`, `<span style>`, entities) and fills `%{...}` in hover templates. Every data value a
chart shows (seller and team names, loss reasons) becomes plotly text through `chart_text`
(`<`, `>` and `&` escaped), and hover templates hold only catalogue text and plotly's own
variables: a name reaches the hover through the point's axis value or the trace's name
(`%{y}`, `%{fullData.name}`), which plotly does not read as a template.

Each chart function is `@reused` (`salescoach.chart_cache`): the same rows in the same
language give the same figure object, built once, so a rerun does not build it again. The
figure is shared: read it, draw it, do not change it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from salescoach import formatting
from salescoach.chart_cache import reused
from salescoach.i18n import t
from salescoach.metrics import METRICS, label

# Colours, safe for the common colour blindnesses: the status of a number against its need is
# blue (on target) or orange to vermillion (short of it, darker the further short: `grade_colour`),
# never red against green; teams take colours from Paul Tol's muted scheme that are neither blue
# nor orange, so a team never reads as "on" or "off target".
TEAM_PALETTE: tuple[str, ...] = (
    "#117733",  # green
    "#AA4499",  # purple
    "#DDCC77",  # sand
    "#44AA99",  # teal
    "#882255",  # wine
    "#999933",  # olive
    "#332288",  # indigo
)
SELLER_COLOUR = "#1f4e9c"  # the seller in focus
MEDIAN_COLOUR = "#7f7f7f"  # the team median and its band
BAND_COLOUR = "rgba(127, 127, 127, 0.18)"
TARGET_COLOUR = "#222222"  # targets and requirements: a black marker or dashed line
OK_COLOUR = "#0072B2"  # on target, enough pipeline (Okabe-Ito blue)
SHORT_COLOURS = ("#F8C58C", "#A63603")  # just short of the need .. far short (light orange .. vermillion)
THIN_COLOUR = SHORT_COLOURS[1]  # far short: thin pipeline, overdue, well below target
UNKNOWN_COLOUR = "#c8c8c8"  # no need to compare with (no target)
NEUTRAL_COLOUR = "#9fb4d3"
FAR_SHORT = 0.5  # at or below this share of the need, the darkest colour
STATUS_COLOURS: tuple[str, ...] = (OK_COLOUR, *SHORT_COLOURS, UNKNOWN_COLOUR)
FONT = {"family": "Source Sans Pro, Segoe UI, Arial, sans-serif", "size": 14}


def chart_text(value) -> str:
    """A data value (a seller's or team's name, a loss reason) as plotly text: an axis
    category, a legend entry, a hover line. Shown as typed: `<`, `>` and `&` escaped, so
    '<b>x</b>' is not bold and '&amp;' stays '&amp;'; '–' for a missing value."""
    return formatting.MISSING if formatting.is_missing(value) else html.escape(str(value), quote=False)


def chart_texts(values: Iterable) -> list[str]:
    """`chart_text` of each value (a column of names)."""
    return [chart_text(value) for value in values]


def _categories(values: pd.Series) -> list | pd.Series:
    """An axis's category values: text columns through `chart_text`; numbers and dates as they are."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return values
    return chart_texts(values)


def team_colours(teams: Iterable[str]) -> dict[str, str]:
    """One colour per team by the team's place in the sorted list of all teams."""
    return {team: TEAM_PALETTE[i % len(TEAM_PALETTE)] for i, team in enumerate(sorted(set(teams)))}


def need_share(value, need) -> float | None:
    """`value` as a share of `need` (sales / target, coverage / required coverage); None when
    either is unknown or nothing is needed."""
    try:
        value, need = float(value), float(need)
    except (TypeError, ValueError):
        return None
    if math.isnan(value) or math.isnan(need) or need <= 0:
        return None
    return value / need


def graded_colours(frame: pd.DataFrame, actual: str, need: str, flag: str | None = None) -> list[str]:
    """Each row's colour for `actual` against `need` (`grade_colour`); a row with nothing to
    compare is blue when its `flag` is known false (e.g. nothing left to sell: not thin), grey
    when unknown."""
    flags = frame[flag].tolist() if flag else [None] * len(frame)
    shares = [need_share(a, n) for a, n in zip(frame[actual], frame[need], strict=True)]
    known_false = [f is not None and f is not pd.NA and not pd.isna(f) and not bool(f) for f in flags]
    return [
        grade_colour(share) if share is not None else (OK_COLOUR if no else UNKNOWN_COLOUR)
        for share, no in zip(shares, known_false, strict=True)
    ]


def grade_colour(share: float | None) -> str:
    """How far a number is from its need, as a colour: blue at or above it; below it orange,
    from light (just short: 99 %) to dark vermillion (at or below `FAR_SHORT`, e.g. 50 %);
    grey when there is nothing to compare with."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return UNKNOWN_COLOUR
    if share >= 1 - 1e-9:
        return OK_COLOUR
    depth = min(1.0, max(0.0, (1 - share) / (1 - FAR_SHORT)))
    light, dark = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in SHORT_COLOURS)
    mixed = (round(a + (b - a) * depth) for a, b in zip(light, dark, strict=True))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def _kind(metric: str | None) -> str | None:
    """The display kind of a metric name, or the kind itself ("eur", "count", ...); None otherwise."""
    if metric in METRICS:
        return METRICS[metric].fmt
    return metric if metric in formatting.NUMBER_KINDS or metric == "flag" else None


def formatted(metric: str, values: Iterable, lang: str | None = None) -> list[str]:
    """`values` as texts in `metric`'s format, as a tile writes them ('–' where undefined)."""
    return formatting.format_series(_kind(metric) or "number", values, lang)


def nice_ticks(low: float, high: float, min_step: float, count: int = 5) -> list[float]:
    """About `count` round tick values (steps of 1, 2 or 5 × 10ⁿ as d3 and plotly pick them, at
    least `min_step`) from at or below `low` to a step past `high` (plotly leaves out the ticks
    beyond the axis range)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high - low < min_step:
        high = low + min_step * count
    raw = (high - low) / count
    if not math.isfinite(raw) or raw <= 0:
        return []  # a range past the largest float (e.g. ±1e308): plotly picks the ticks
    step = 10.0 ** math.floor(math.log10(raw))
    error = raw / step
    step *= (
        10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    )
    step = max(step, min_step)
    first, last = low / step + 1e-9, high / step * 1.1 - 1e-9  # high * 1.1 itself may overflow
    if not (math.isfinite(first) and math.isfinite(last) and math.isfinite(math.ceil(last) * step)):
        return []
    return [round(i * step, 10) for i in range(math.floor(first), math.ceil(last) + 1)]


def axis_ticks(metric: str | None, values: Iterable, lang: str | None = None) -> dict:
    """Plotly axis settings for `metric`'s values: round tick values from 0 to past the largest
    value, their texts written by the formatter (fi 1 234 €, 42 %, 2,5×; en €1,234, 42%, 2.5×).
    {} when the metric has no number kind or there is no value (plotly then picks the ticks)."""
    kind = _kind(metric)
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").astype(float)
    numbers = numbers[np.isfinite(numbers)]
    if kind not in formatting.NUMBER_KINDS or numbers.empty:
        return {}
    scale = 100 if kind == "pct" else 1  # a share's smallest step is one percentage point
    min_step = 10.0 ** -formatting.NUMBER_KINDS[kind] / scale
    ticks = nice_ticks(min(0.0, float(numbers.min())), max(0.0, float(numbers.max())), min_step)
    return {"tickmode": "array", "tickvals": ticks, "ticktext": formatted(kind, ticks, lang)}


def _trace(kind: str, **props) -> dict:
    """A trace as plotly takes it, `kind` "bar", "scatter", ...: validated once, when `style`
    builds the figure (a `go.Bar` is validated again when the figure copies it)."""
    return {"type": kind, **props}


def _on_axis(trace: dict, axis: str) -> bool:
    """Whether the trace's values on `axis` ("x" or "y") are its numbers (not its categories)."""
    if axis == "y" and trace.get("yaxis") not in (None, "y"):
        return False  # a second y axis (yaxis2) has its own ticks
    horizontal = trace.get("orientation") == "h"
    if trace["type"] == "bar":
        return (axis == "x") == horizontal
    return trace["type"] == "scatter"


def _axis_values(traces: Sequence, axis: str, barmode: str | None) -> list:
    """Every value the traces draw on a number axis; stacked bars as their stacks' totals."""
    stacked = barmode in ("stack", "relative")
    other = "y" if axis == "x" else "x"
    values: list = []
    stacks: dict = {}
    for trace in traces:
        if not _on_axis(trace, axis) or trace.get(axis) is None:
            continue
        points = list(trace[axis])
        if stacked and trace["type"] == "bar":
            keys = list(trace[other] if trace.get(other) is not None else range(len(points)))
            for key, value in zip(
                keys, pd.to_numeric(pd.Series(points), errors="coerce").fillna(0), strict=False
            ):
                stacks[key] = stacks.get(key, 0.0) + max(float(value), 0.0)
        else:
            values.extend(points)
    return values + list(stacks.values())


def style(
    traces: Sequence[dict],
    *,
    layout: dict | None = None,
    title: str | None = None,
    x_metric: str | None = None,
    y_metric: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 380,
    legend: bool = True,
    x_axis: dict | None = None,
    y_axis: dict | None = None,
    after: dict | None = None,
) -> go.Figure:
    """The figure of `traces` in the house layout: readable font, unit-aware axes, space as
    thousands separator.

    `layout` is the chart's own (barmode, a second axis, shapes: read for the ticks of stacked
    bars and for the axes to style); `x_axis` and `y_axis` add settings to every x (y) axis and
    `after` to the layout, after the house ones. The figure is built at once from one layout:
    plotly's `update_layout` and `update_xaxes` on a built figure take 5-7 ms a chart.
    """
    layout = layout or {}
    house = {
        "title": {"text": title, "x": 0, "xanchor": "left"} if title else {},
        "font": FONT,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        "separators": formatting.plotly_separators(),  # what plotly still writes itself: 1,234.5 (en), 1 234,5 (fi)
        "plot_bgcolor": "white",
        "hoverlabel": {"font_size": 14},
        "showlegend": legend,
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "right",
            "x": 1,
            "title": {},
        },
    }
    barmode = layout.get("barmode")
    x = {
        "title": x_title if x_title is not None else (label(x_metric) if x_metric else None),
        "showgrid": False,
        "linecolor": "#cccccc",
        **(axis_ticks(x_metric, _axis_values(traces, "x", barmode)) if x_metric else {}),
        **(x_axis or {}),
    }
    y = {
        "title": y_title if y_title is not None else (label(y_metric) if y_metric else None),
        "gridcolor": "#eeeeee",
        "zerolinecolor": "#cccccc",
        **(axis_ticks(y_metric, _axis_values(traces, "y", barmode)) if y_metric else {}),
        **(y_axis or {}),
    }
    axes = {name: x for name in _axis_names(layout, "x")} | {name: y for name in _axis_names(layout, "y")}
    return go.Figure(data=list(traces), layout=_merged(layout, house, axes, after or {}))


def _axis_names(layout: dict, axis: str) -> list[str]:
    """The figure's x (or y) axes: `xaxis` and any `xaxis2`, `xaxis3`, ... it has."""
    return [
        axis + "axis",
        *(k for k in layout if k.startswith(axis + "axis") and k[len(axis) + 4 :].isdigit()),
    ]


def _merged(base: dict, *updates: dict) -> dict:
    """`base` with each update laid over it, nested dicts merged key by key (as plotly's update)."""
    out = dict(base)
    for update in updates:
        for key, value in update.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = _merged(out[key], value)
            else:
                out[key] = value
    return out


@reused
def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    colour_by: str | None = None,
    colours: dict[str, str] | None = None,
    title: str | None = None,
    horizontal: bool = False,
    customdata: str | None = None,
    barmode: str = "group",
    x_title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """Bars of metric `y` by `x` (one trace per `colour_by` value, e.g. team or activity type).

    `customdata` names a column (e.g. seller_id) returned in a plotly selection.
    """
    traces, layout = [], {"barmode": barmode}
    groups = [(None, frame)] if colour_by is None else list(frame.groupby(colour_by, sort=False))
    for name, part in groups:
        colour = (colours or {}).get(name) if name is not None else NEUTRAL_COLOUR
        values = formatted(y, part[y])
        categories = _categories(part[x])
        axis_values = {"x": part[y], "y": categories} if horizontal else {"x": categories, "y": part[y]}
        traces.append(
            _trace(
                "bar",
                **axis_values,
                name=chart_text(name) if name is not None else label(y),
                orientation="h" if horizontal else "v",
                marker_color=colour,
                text=values,
                textposition="auto",
                customdata=part[customdata] if customdata else None,
                hovertemplate=f"%{{{'y' if horizontal else 'x'}}}<br>{label(y)}: %{{text}}<extra>"
                + ("%{fullData.name}" if name is not None else "")
                + "</extra>",
            )
        )
    if horizontal:
        return style(
            traces,
            layout=layout,
            title=title,
            x_metric=y,
            y_title=x_title or "",
            height=height,
            legend=colour_by is not None,
            y_axis={"autorange": "reversed"},
        )
    return style(
        traces,
        layout=layout,
        title=title,
        y_metric=y,
        x_title=x_title or "",
        height=height,
        legend=colour_by is not None,
    )


@reused(reads=("x", "value", "median", "low", "high", "target", "partial"))
def line_with_band(
    frame: pd.DataFrame,
    x: str,
    value: str,
    median: str,
    *,
    metric: str,
    low: str | None = None,
    high: str | None = None,
    target: str | None = None,
    seller: str | None = None,
    title: str | None = None,
    height: int = 260,
    legend: bool = False,
    partial: str | None = None,
) -> go.Figure:
    """A seller's monthly `value` against the team `median` (and the team's middle half, `low`–`high`).

    `target` (optional) adds the seller's own target or requirement as a dashed black line.
    Small multiples leave the legend off (`legend=False`); say in a caption what the lines are.
    `partial` names a true/false column: a last month that is not over is drawn as partial (a
    dotted last step to an open marker, "… so far"), never as a cliff of the full line.
    """
    traces = _band_traces(frame, x, value, median, metric, (low, high), target, seller, partial)
    return style(
        traces,
        title=title or label(metric),
        y_metric=metric,
        x_title="",
        y_title="",
        height=height,
        legend=legend,
        x_axis=_month_ticks(frame, x),
        y_axis={"rangemode": "tozero"},
    )


@dataclass(frozen=True)
class TrendPanel:
    """One panel of a seller's trend grid (`trend_grid`): the trend's column (the team's are
    `{column}_median`, `{column}_p25` and `{column}_p75`), its metric (the format of its axis and
    hover), the column of its target line (or None) and its title."""

    column: str
    metric: str
    target: str | None
    title: str


TREND_PANEL_HEIGHT = 260  # px a row of panels takes, as one line_with_band chart
MAX_TICK_CHARS = 14  # the room left for y tick texts at most (a longer one runs into the panel beside)


@reused
def trend_grid(
    frame: pd.DataFrame,
    x: str,
    panels: tuple[TrendPanel, ...],
    *,
    seller: str | None = None,
    partial: str | None = None,
    columns: int = 3,
) -> go.Figure:
    """A seller's trends as small multiples in one figure: a panel per `TrendPanel`, `columns`
    a row, each `line_with_band`'s lines (the seller, the team median and middle half, the
    target) on its own axes, its title above it and its y axis in its metric's format; the
    months the same on every panel; no legend (say in a caption what the lines are).

    One figure rather than one per panel: the browser sets up one plot instead of six (six
    drawn in 1.0 s against one in 0.68 s, Chromium on the 2-vCPU benchmark machine, the
    bundles cached) and the server builds, validates and sends one."""
    rows = max(1, math.ceil(len(panels) / columns))
    height = rows * TREND_PANEL_HEIGHT
    plot = height - 30  # the figure's margins: 20 px above, 10 below (`style`)
    drawn = [
        _band_traces(
            frame, x, panel.column, f"{panel.column}_median", panel.metric,
            (f"{panel.column}_p25", f"{panel.column}_p75"), panel.target, seller, partial,
        )
        for panel in panels
    ]  # fmt: skip
    ticks = [
        axis_ticks(panel.metric, _axis_values(lines, "y", None))
        for panel, lines in zip(panels, drawn, strict=True)
    ]
    widths = [0] * columns  # each column's longest y tick text, in characters
    for index, panel_ticks in enumerate(ticks):
        longest = max(map(len, panel_ticks.get("ticktext", ["0000"])), default=4)
        widths[index % columns] = min(max(widths[index % columns], longest), MAX_TICK_CHARS)
    traces: list[dict] = []
    layout: dict = {"annotations": []}
    after: dict = {}
    for index, (panel, lines) in enumerate(zip(panels, drawn, strict=True)):
        suffix = str(index + 1) if index else ""
        traces += [{**line, "xaxis": f"x{suffix}", "yaxis": f"y{suffix}"} for line in lines]
        left, right, bottom, top = _panel_domain(index, columns, rows, plot, widths[index % columns])
        layout[f"xaxis{suffix}"] = {"domain": [left, right], "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {"domain": [bottom, top], "anchor": f"x{suffix}"}
        after[f"yaxis{suffix}"] = ticks[index]
        column_start = round((index % columns) / columns + 0.004, 4)  # the title may run over the tick texts
        layout["annotations"].append(_panel_title(panel.title, column_start, top + 8 / plot))
    return style(
        traces,
        layout=layout,
        x_title="",
        y_title="",
        height=height,
        legend=False,
        x_axis={**_month_ticks(frame, x), "tickangle": 0},  # never slanted over the title below
        y_axis={"rangemode": "tozero"},
        after=after,
    )


def _panel_title(text: str, x: float, y: float) -> dict:
    """A panel's title above its top left corner (in the figure's paper coordinates)."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 15},
    }


def _panel_domain(index: int, columns: int, rows: int, plot: int, tick_chars: int):
    """Panel `index`'s place in the grid (left, right, bottom, top; 0..1 of the plot area of
    `plot` px high): room on its left for y tick texts of `tick_chars` characters (about 0.75 %
    of a 1,000 px wide figure each), above it for its title, below for the months."""
    row, column = divmod(index, columns)
    left = column / columns + 0.012 + 0.0075 * tick_chars
    right = (column + 1) / columns - 0.012
    top = 1 - row / rows - 34 / plot
    bottom = 1 - (row + 1) / rows + 30 / plot
    return round(left, 4), round(right, 4), round(bottom, 4), round(top, 4)


def _band_traces(frame, x, value, median, metric, band, target, seller, partial) -> list[dict]:
    """`line_with_band`'s traces: the team's middle half `band` (low, high columns; (None, None):
    none), its median, the `target` line and the seller's `value`, a month not over (`partial`)
    drawn as its dotted last step."""
    low, high = band
    seller = chart_text(seller) if seller else t("chart.seller")
    months = [_month_label(m) for m in frame[x]]
    whole = ~frame[partial].fillna(False).astype(bool) if partial else pd.Series(True, index=frame.index)
    traces = []
    if low and high:
        traces.append(
            _trace("scatter", x=frame[x], y=frame[high], mode="lines", line={"width": 0},
                   showlegend=False, hoverinfo="skip")
        )  # fmt: skip
        traces.append(
            _trace("scatter", x=frame[x], y=frame[low], mode="lines", line={"width": 0}, fill="tonexty",
                   fillcolor=BAND_COLOUR, name=t("chart.team_middle_half"), hoverinfo="skip")
        )  # fmt: skip
    lines = [
        (frame[median].where(whole), t("chart.team_median"), {"color": MEDIAN_COLOUR, "width": 2}, median)
    ]
    if target:
        dashed = {"color": TARGET_COLOUR, "width": 1.5, "dash": "dash"}
        lines.append((frame[target], label(target), dashed, target))
    for values, name, line, column in lines:
        traces.append(
            _trace("scatter", x=frame[x], y=values, mode="lines", name=name, line=line,
                   text=formatted(metric, frame[column]), customdata=months,
                   hovertemplate=f"%{{customdata}}<br>{name}: %{{text}}<extra></extra>")
        )  # fmt: skip
    traces.append(
        _trace("scatter", x=frame[x], y=frame[value].where(whole), mode="lines+markers", name=seller,
               line={"color": SELLER_COLOUR, "width": 3}, marker={"size": 7},
               text=formatted(metric, frame[value]), customdata=months,
               hovertemplate="%{customdata}<br>%{fullData.name}: %{text}<extra></extra>")
    )  # fmt: skip
    for column, name, line in (
        (median, t("chart.team_median"), {"color": MEDIAN_COLOUR, "width": 2}),
        (value, seller, {"color": SELLER_COLOUR, "width": 3}),
    ):
        _partial_tail(traces, frame, x, column, ~whole, name=name, line=line, metric=metric, months=months)
    return traces


def _month_ticks(frame: pd.DataFrame, x: str) -> dict:
    """Month names in the page's language (plotly's own are English): a tick every third month."""
    ticks = [m for m in pd.to_datetime(frame[x]) if not pd.isna(m) and (m.month - 1) % 3 == 0]
    return {"tickvals": ticks, "ticktext": [formatting.format_month_tick(m) for m in ticks]}


def _partial_tail(traces, frame, x, column, partial, *, name, line, metric, months) -> None:
    """The last step of a monthly line to a month that is not over: dotted, ending in an open
    marker, its hover "Dec 2026 so far" (nothing when the last month is whole)."""
    if len(frame) < 2 or not bool(partial.iloc[-1]):
        return
    tail = frame.iloc[-2:]
    traces.append(
        _trace(
            "scatter",
            x=tail[x],
            y=tail[column],
            mode="lines+markers",
            name=name,
            showlegend=False,
            line={**line, "dash": "dot"},
            marker={"size": [0, 9], "symbol": "circle-open", "color": line["color"], "line": {"width": 2}},
            text=formatted(metric, tail[column]),
            customdata=[months[-2], t("chart.so_far", name=months[-1])],
            hovertemplate="%{customdata}<br>%{fullData.name}: %{text}<extra></extra>",
        )
    )


@reused(reads=("name", "actual", "target", "flag", "customdata"))
def versus_chart(
    frame: pd.DataFrame,
    name: str,
    actual: str,
    target: str,
    *,
    flag: str | None = None,
    customdata: str | None = None,
    title: str | None = None,
    target_title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars of `actual` per row, a black tick at each row's `target`.

    Each bar is coloured by how far `actual` is from `target` (`grade_colour`: blue at or above
    it, lighter to darker orange the further short). A row without a share to compare is blue
    when its `flag` is known false (e.g. nothing left to sell: not thin), grey when unknown.
    Undefined actuals (e.g. no target left) show as an empty bar with '–'.
    """
    colours = graded_colours(frame, actual, target, flag)
    names = chart_texts(frame[name])
    traces = []
    traces.append(
        _trace(
            "bar",
            x=frame[actual],
            y=names,
            orientation="h",
            name=label(actual),
            marker_color=colours,
            text=formatted(actual, frame[actual]),
            textposition="none",
            customdata=frame[customdata] if customdata else None,
            hovertemplate=f"%{{y}}<br>{label(actual)}: %{{text}}<extra></extra>",
        )
    )
    traces.append(
        _trace(
            "scatter",
            x=frame[target],
            y=names,
            mode="markers",
            name=target_title or label(target),
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": TARGET_COLOUR}},
            text=formatted(target, frame[target]),
            hovertemplate=f"%{{y}}<br>{target_title or label(target)}: %{{text}}<extra></extra>",
        )
    )
    return style(
        traces,
        title=title,
        x_metric=actual,
        y_title="",
        height=height or max(220, 34 * len(frame) + 90),
        x_axis={"showgrid": True, "gridcolor": "#eeeeee", "rangemode": "tozero"},
        y_axis={"autorange": "reversed", "showgrid": False},
    )


def coverage_chart(
    scorecard: pd.DataFrame, *, title: str | None = None, next_quarter: bool = False
) -> go.Figure:
    """Pipeline coverage per seller (this quarter's, or the next quarter's) against the coverage
    their own hit rate requires, each bar graded by how far short of it."""
    return versus_chart(
        scorecard,
        "seller",
        "next_quarter_coverage" if next_quarter else "pipeline_coverage",
        "required_coverage",
        flag="thin_next_quarter" if next_quarter else "thin",
        customdata="seller_id" if "seller_id" in scorecard else None,
        title=title,
    )


def sales_vs_target_chart(scorecard: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Sales per seller in the period against the (prorated) sales target, graded by how far short;
    grey without a target."""
    return versus_chart(
        scorecard,
        "seller",
        "sales",
        "sales_target",
        customdata="seller_id" if "seller_id" in scorecard else None,
        title=title,
    )


def sparkline_range(series: Sequence[Sequence[float]]) -> tuple[float, float]:
    """A shared y range for a column of sparklines, so rows compare by height."""
    values = [v for row in series if row is not None for v in row if v is not None and not pd.isna(v)]
    return (0.0, float(max(values)) if values else 1.0)


# --------------------------------------------------------------------------------------
# Activity, conversion and pipeline pages
# --------------------------------------------------------------------------------------

# Activity types as the weekly queries name them, bottom of the stack first.
ACTIVITY_TYPES: dict[str, str] = {
    "meetings": "chart.activity.meetings",
    "calls": "chart.activity.calls",
    "emails": "chart.activity.emails",
    "other_activities": "chart.activity.other",
}  # column -> catalogue key of its legend name
ACTIVITY_COLOURS: dict[str, str] = {
    "meetings": SELLER_COLOUR,
    "calls": "#6a9fd4",
    "emails": "#b9cde5",
    "other_activities": "#d9d9d9",
}
PROSPECT_COLOUR = "#e67e22"  # new business
CUSTOMER_COLOUR = NEUTRAL_COLOUR  # existing customers
WON_COLOUR = "#009E73"  # bluish green: beside the blue of built, never against a red
BUILT_COLOUR = SELLER_COLOUR
EXPECTED_COLOUR = "#9fb4d3"


def _week_labels(weeks: Iterable) -> list[str]:
    """'Week 47' per Monday, with the ISO year ('Week 1/2027') when the weeks span years (fi: 'Viikko 47')."""
    days = [pd.Timestamp(w).isocalendar() for w in weeks]
    several_years = len({d.year for d in days}) > 1
    if several_years:
        return [t("period.week_of_year", week=d.week, year=d.year) for d in days]
    return [formatting.week_name(d.week) for d in days]


def _month_label(month) -> str:
    """'Dec 2026' (en), 'joulu 2026' (fi); 'No date' when missing."""
    if month is None or pd.isna(month):
        return t("chart.no_date")
    return formatting.format_month(pd.Timestamp(month))


def _month_key(month) -> str:
    """A month as it travels in a chart's customdata: ISO first day, '' for no date."""
    if month is None or pd.isna(month):
        return ""
    return pd.Timestamp(month).date().isoformat()


def _amounts(values: pd.Series) -> list[str]:
    """Euro amounts as bar labels; an empty bar (0 or none) gets no label."""
    return [
        text if value else "" for value, text in zip(values.fillna(0), formatted("eur", values), strict=True)
    ]


def _share(part, whole) -> float | None:
    """part / whole, None (shown '–') when the whole is 0 or unknown."""
    if whole is None or pd.isna(whole) or not whole or part is None or pd.isna(part):
        return None
    return float(part) / float(whole)


SHARE_TICKS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)  # the share-of-meetings axis
HEATMAP_TICKS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5)  # the heatmap's share of target met


def _share_ticks(values: Sequence[float]) -> dict:
    """Fixed percentage ticks, written by the formatter (fi 25 %, en 25%)."""
    return {"tickmode": "array", "tickvals": list(values), "ticktext": formatted("pct", values)}


@reused
def weekly_meetings_chart(weekly: pd.DataFrame, *, title: str | None = None, period_end=None) -> go.Figure:
    """Meetings done per week (all sellers in `weekly`) against the prorated meetings target.

    `weekly` has one row per seller and week (weekly_activity_by_seller). A week on target is
    blue, one below it orange, darker the further short (`grade_colour`); without a target the
    bars stay neutral. A week not over by `period_end` is hatched and reads "… so far" (its
    target counts its days so far, so its colour compares like with like).
    """
    totals = weekly.groupby("week", as_index=False).agg(
        meetings=("meetings", "sum"), meetings_target=("meetings_target", lambda s: s.sum(min_count=1))
    )
    target = totals["meetings_target"]
    colours = [
        NEUTRAL_COLOUR if pd.isna(t) else grade_colour(need_share(m, t))
        for m, t in zip(totals["meetings"], target, strict=True)
    ]
    labels = _week_labels(totals["week"])
    cut = pd.Timestamp(period_end) if period_end is not None else None
    partial = [cut is not None and pd.Timestamp(w) + pd.Timedelta(days=6) > cut for w in totals["week"]]
    labels = [t("chart.so_far", name=x) if p else x for x, p in zip(labels, partial, strict=True)]
    traces = []
    traces.append(
        _trace(
            "bar",
            x=labels,
            y=totals["meetings"],
            name=label("meetings"),
            marker={"color": colours, "pattern": {"shape": ["/" if p else "" for p in partial]}},
            text=formatted("meetings", totals["meetings"]),
            textposition="inside",
            insidetextanchor="middle",
            customdata=formatted("meetings_target", target),
            hovertemplate=f"%{{x}}<br>{label('meetings')}: %{{text}}<br>{t('chart.target')}: %{{customdata}}<extra></extra>",
        )
    )
    if target.notna().any():
        traces.append(
            _trace(
                "scatter",
                x=labels,
                y=target,
                mode="markers",
                name=label("meetings_target"),
                marker={"symbol": "line-ew", "size": 28, "line": {"width": 3, "color": TARGET_COLOUR}},
                text=formatted("meetings_target", target),
                hovertemplate=f"%{{x}}<br>{t('chart.target')}: %{{text}}<extra></extra>",
            )
        )
    return style(traces, title=title, y_metric="meetings", x_title="", height=340)


@reused
def activity_mix_chart(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Activities per week stacked by type (meetings, calls, emails, other), all sellers in `frame`."""
    columns = [c for c in ACTIVITY_TYPES if c in frame.columns]
    totals = frame.groupby("week", as_index=False)[columns].sum()
    labels = _week_labels(totals["week"])
    traces, layout = [], {"barmode": "stack"}  # style() reads it: its ticks reach the stacks' tops
    for column in columns:
        traces.append(
            _trace(
                "bar",
                x=labels,
                y=totals[column],
                name=t(ACTIVITY_TYPES[column]),
                marker_color=ACTIVITY_COLOURS[column],
                text=formatted("count", totals[column]),
                textposition="none",
                hovertemplate=f"%{{x}}<br>{t(ACTIVITY_TYPES[column])}: %{{text}}<extra></extra>",
            )
        )
    return style(
        traces,
        layout=layout,
        title=title,
        y_metric="count",
        y_title=t("chart.activities"),
        x_title="",
        height=320,
    )


@reused
def meetings_heatmap(weekly: pd.DataFrame, *, level: str = "seller", title: str | None = None) -> go.Figure:
    """Seller (or team) x week: coloured by the share of the week's meetings target met.

    `level` "team" sums the sellers of each team (`salescoach.views.grid_level` picks it for
    a whole company). Weeks without a target (or rows without one) stay uncoloured. The number
    of meetings and the target are in the hover, not written in the cells: a text per cell
    costs the browser a drawn element each (45,000 for 500 sellers' year).
    """
    by = "team" if level == "team" else "seller_id"
    order = weekly.drop_duplicates(by)[[by, "team" if by == "team" else "seller"]]
    names = chart_texts(order.iloc[:, -1])  # seller or team names: drawn literally
    weeks = sorted(weekly["week"].unique())
    grid = weekly.pivot_table(index=by, columns="week", values="meetings", aggfunc="sum")
    # A week without a target is unknown, not 0 (pivot_table's sum would write 0): min_count=1.
    targets = weekly.groupby([by, "week"])["meetings_target"].sum(min_count=1).unstack("week")
    grid = grid.reindex(index=order[by], columns=weeks)
    targets = targets.reindex(index=order[by], columns=weeks)
    share = (grid / targets.where(targets > 0)).clip(upper=1.5)
    text = np.array(formatted("count", grid.to_numpy().ravel()), dtype=object).reshape(grid.shape)
    target_text = np.array(formatted("meetings_target", targets.to_numpy().ravel()), dtype=object).reshape(
        targets.shape
    )
    traces = [
        _trace(
            "heatmap",
            z=share.to_numpy(dtype=np.float32),  # half the bytes of float64; finer than any colour
            x=_week_labels(weeks),
            y=names,
            text=text,
            customdata=target_text,
            colorscale=[[0, THIN_COLOUR], [0.25, SHORT_COLOURS[0]], [0.5, "#f5f5f5"], [1, OK_COLOUR]],
            zmin=0.5,
            zmax=1.5,
            colorbar={"title": {"text": t("chart.of_target")}, **_share_ticks(HEATMAP_TICKS)},
            hovertemplate=f"%{{y}}, %{{x}}<br>{label('meetings')}: %{{text}}<br>{t('chart.target')}: %{{customdata}}<extra></extra>",
            xgap=2 if len(names) <= 60 else 1,
            ygap=2 if len(names) <= 60 else 0,
        )
    ]
    row = 30 if len(names) <= 30 else 20
    return style(
        traces,
        title=title,
        x_title="",
        y_title="",
        height=max(240, row * len(names) + 110),
        legend=False,
        y_axis={"autorange": "reversed", "showgrid": False},
    )


@reused
def direction_chart(direction: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Meetings per week with prospects vs existing customers (bars) and the needs-talked share (line)."""
    labels = _week_labels(direction["week"])
    # style() reads the stack and the second axis: its ticks reach the stacks' tops, and it
    # styles the second axis too.
    traces, layout = [], {"barmode": "stack", "yaxis2": {"overlaying": "y", "side": "right"}}
    for column, name, colour in (
        ("prospect_meetings", t("chart.with_prospects"), PROSPECT_COLOUR),
        ("existing_customer_meetings", t("chart.with_customers"), CUSTOMER_COLOUR),
        ("meetings_without_customer", t("chart.no_customer"), "#e0e0e0"),
    ):
        if direction[column].sum() == 0 and column == "meetings_without_customer":
            continue
        traces.append(
            _trace(
                "bar",
                x=labels,
                y=direction[column],
                name=name,
                marker_color=colour,
                text=formatted("count", direction[column]),
                textposition="none",
                hovertemplate=f"%{{x}}<br>{name}: %{{text}}<extra></extra>",
            )
        )
    for column, dash in (("new_business_share", "solid"), ("needs_share", "dot")):
        traces.append(
            _trace(
                "scatter",
                x=labels,
                y=direction[column],
                yaxis="y2",
                mode="lines+markers",
                name=label(column) + " (%)",
                line={
                    "color": PROSPECT_COLOUR if column == "new_business_share" else TARGET_COLOUR,
                    "dash": dash,
                },
                text=formatted(column, direction[column]),
                hovertemplate=f"%{{x}}<br>{label(column)}: %{{text}}<extra></extra>",
                connectgaps=False,
            )
        )
    return style(
        traces,
        title=title,
        y_metric="meetings",
        x_title="",
        height=360,
        layout=layout,
        after={
            "yaxis2": {
                "title": t("chart.share_of_meetings"),
                "range": [0, 1.05],
                **_share_ticks(SHARE_TICKS),
                "showgrid": False,
            }
        },
    )


@reused
def funnel_chart(
    funnel: pd.DataFrame, name: str, *, colours: dict[str, str] | None = None, title: str | None = None
) -> go.Figure:
    """Meetings -> offers sent -> offers won, one funnel per row of `funnel` (e.g. per team)."""
    stages = ["meetings", "offers_sent", "offers_won"]
    names = [label(s) for s in stages]
    traces = []
    for _, row in funnel.iterrows():
        counts = [row[s] for s in stages]
        shares = [None, *(_share(after, before) for before, after in zip(counts, counts[1:], strict=False))]
        count_text, share_text = formatted("count", counts), formatted("pct", shares)
        text = [count_text[0]] + [f"{c}<br>{p}" for c, p in zip(count_text[1:], share_text[1:], strict=True)]
        hover = [f"{names[0]}: {count_text[0]}"] + [
            f"{n}: {c}<br>{p} {t('chart.of_stage_before')}"
            for n, c, p in zip(names[1:], count_text[1:], share_text[1:], strict=True)
        ]
        traces.append(
            _trace(
                "funnel",
                name=chart_text(row[name]),
                y=names,
                x=counts,
                text=text,
                textinfo="text",
                hovertext=hover,
                marker={"color": (colours or {}).get(row[name], SELLER_COLOUR)},
                hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
            )
        )
    return style(traces, title=title, x_title="", y_title="", height=300, legend=len(funnel) > 1)


def ladder_staircase(cohorts: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """The customer ladder's staircase, one per yearly cohort of first meetings (the 100 prospects
    -> 20 customers -> 4 regular customers of the seed): prospects met that year, customers
    within 12 months, regular customers within 24, each with its share of the step before."""
    stages = ["prospects", "customers_12m", "regular_24m"]
    names = [t(f"ladder.stage.{stage}") for stage in stages]
    traces = []
    palette = ["#c8d6e5", "#8395a7", SELLER_COLOUR]
    rows = cohorts.sort_values("cohort").tail(3).to_dict("records")
    for place, row in enumerate(rows):
        counts = [int(row[s]) for s in stages]
        shares = [None, *(_share(after, before) for before, after in zip(counts, counts[1:], strict=False))]
        count_text, share_text = formatted("count", counts), formatted("pct", shares)
        text = [count_text[0]] + [f"{c}<br>{p}" for c, p in zip(count_text[1:], share_text[1:], strict=True)]
        cohort = t("ladder.cohort_name", year=row["cohort"])
        if not row["complete"]:
            cohort = t("ladder.cohort_climbing", cohort=cohort)
        traces.append(
            _trace(
                "funnel",
                name=chart_text(cohort),
                y=names,
                x=counts,
                text=text,
                textinfo="text",
                hovertext=[f"{n}: {c}" for n, c in zip(names, count_text, strict=True)],
                marker={"color": palette[place + len(palette) - len(rows)]},
                hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
            )
        )
    return style(traces, title=title, x_title="", y_title="", height=320, legend=len(rows) > 1)


@reused
def paired_bars_chart(
    frame: pd.DataFrame,
    name: str,
    measures: dict[str, str],
    *,
    metric: str,
    colours: Sequence[str] = (SELLER_COLOUR, NEUTRAL_COLOUR),
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of several measures of the same unit side by side per row (e.g. hit rate
    by count and by value per seller). `measures` maps column -> legend name; `metric` gives the unit."""
    names = chart_texts(frame[name])
    traces, layout = [], {"barmode": "group"}
    for (column, legend_name), colour in zip(measures.items(), colours, strict=False):
        traces.append(
            _trace(
                "bar",
                x=frame[column],
                y=names,
                orientation="h",
                name=legend_name,
                marker_color=colour,
                text=formatted(metric, frame[column]),
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{y}}<br>{legend_name}: %{{text}}<extra></extra>",
            )
        )
    return style(
        traces,
        layout=layout,
        title=title,
        x_metric=metric,
        y_title="",
        height=max(240, 44 * len(frame) + 100),
        x_axis={"rangemode": "tozero"},
        y_axis={"autorange": "reversed", "showgrid": False},
    )


def with_empty_months(pipeline: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """The rows of pipeline_by_close_month with every month between the first and the last as a
    row of zeros, and (given `as_of`) from as-of's month to the end of the quarter after it, so
    an empty month, an empty next quarter, is drawn as zero, not left out; undated rows last."""
    months = pd.to_datetime(pipeline["close_month"])
    dated, undated = pipeline[months.notna()], pipeline[months.isna()]
    ends = list(months.dropna())
    if as_of is not None:
        as_of_month = pd.Timestamp(as_of).to_period("M").to_timestamp()
        quarter = pd.Timestamp(as_of).to_period("Q")
        ends += [as_of_month, (quarter + 1).end_time.to_period("M").to_timestamp()]
    if not ends:
        return pipeline
    spine = pd.DataFrame({"close_month": pd.date_range(min(ends), max(ends), freq="MS")})
    dated = dated.assign(close_month=pd.to_datetime(dated["close_month"]))
    filled = spine.merge(dated, on="close_month", how="left")
    numbers = [c for c in pipeline.columns if c != "close_month"]
    filled[numbers] = filled[numbers].fillna(0)
    return pd.concat([filled, undated], ignore_index=True)


@reused
def pipeline_by_close_month_chart(
    pipeline: pd.DataFrame, as_of=None, *, title: str | None = None
) -> go.Figure:
    """Open pipeline by expected close month, the overdue part in vermillion; click a bar for
    its offers. Every month up to the end of the quarter after `as_of` is drawn, an empty one as
    a zero bar labelled with its zero (`with_empty_months`).

    Each point's customdata is [kind, month] for `selected_bar` and the query offers_in_month.
    """
    pipeline = with_empty_months(pipeline, as_of)
    labels = [_month_label(m) for m in pipeline["close_month"]]
    months = [_month_key(m) for m in pipeline["close_month"]]
    empty = (pipeline["upcoming_value"].fillna(0) + pipeline["overdue_value"].fillna(0)) == 0
    zero = formatted("eur", [0])[0]
    traces = []
    layout = {"barmode": "stack", "clickmode": "event+select", "uniformtext": {"minsize": 11, "mode": "hide"}}
    for column, name, colour, kind in (
        ("upcoming_value", t("chart.expected_to_close"), SELLER_COLOUR, "expected"),
        ("overdue_value", t("chart.overdue"), THIN_COLOUR, "overdue"),
    ):
        text, position = _amounts(pipeline[column]), ["inside"] * len(pipeline)
        if kind == "expected":  # an empty month reads €0 above the axis
            text = [zero if e else x for x, e in zip(text, empty, strict=True)]
            position = ["outside" if e else "inside" for e in empty]
        traces.append(
            _trace(
                "bar",
                x=labels,
                y=pipeline[column],
                name=name,
                marker_color=colour,
                text=text,
                textposition=position,
                customdata=[("open" if not m else kind, m) for m in months],
                hovertemplate=f"%{{x}}<br>{name}: %{{text}}<extra></extra>",
            )
        )
    return style(
        traces,
        layout=layout,
        title=title,
        y_metric="open_pipeline",
        y_title=t("chart.open_offer_value"),
        x_title="",
        height=360,
    )


@reused
def built_vs_closed_chart(monthly: pd.DataFrame, as_of, *, title: str | None = None) -> go.Figure:
    """Pipeline built (value of offers sent) against closed (value won) per month, and what the open
    pipeline expects to close from the as-of month on; dotted lines mark each new year.

    Each point's customdata is [kind, month] for `selected_bar` and the query offers_in_month.
    """
    labels = [_month_label(m) for m in monthly["month"]]
    months = [_month_key(m) for m in monthly["month"]]
    as_of_month = pd.Timestamp(as_of).to_period("M").to_timestamp()
    shapes, annotations = _year_marks(pd.to_datetime(monthly["month"]), as_of_month)
    traces = []
    layout = {"barmode": "group", "clickmode": "event+select", "shapes": shapes, "annotations": annotations}
    for column, name, colour, kind, pattern in (
        ("sent_value", t("chart.built"), BUILT_COLOUR, "sent", ""),
        ("won_value", t("chart.closed"), WON_COLOUR, "won", ""),
        ("expected_value", t("chart.expected_open"), EXPECTED_COLOUR, "expected", "/"),
    ):
        values = monthly[column]
        if column == "expected_value":
            values = values.where(pd.to_datetime(monthly["month"]) >= as_of_month)
        traces.append(
            _trace(
                "bar",
                x=labels,
                y=values,
                name=name,
                marker={"color": colour, "pattern": {"shape": pattern}},
                text=_amounts(values.fillna(0)),
                textposition="none",
                customdata=[(kind, m) for m in months],
                hovertemplate=f"%{{x}}<br>{name}: %{{text}}<extra></extra>",
            )
        )
    return style(
        traces,
        layout=layout,
        title=title,
        y_metric="won_value",
        y_title=t("chart.offer_value"),
        x_title="",
        height=400,
    )


def _year_marks(months: pd.Series, as_of_month: pd.Timestamp) -> tuple[list[dict], list[dict]]:
    """A dotted line and the year before each January (but the first month), and the as-of
    month shaded: the shapes and annotations of a month axis of categories 0, 1, 2, ..."""
    shapes, annotations = [], []
    for position, month in enumerate(months):
        if month.month == 1 and position > 0:
            line = {"color": "#888888", "dash": "dot", "width": 1.5}
            shapes.append({"type": "line", "x0": position - 0.5, "x1": position - 0.5, "line": line})
            annotations.append(
                {
                    "x": position - 0.5,
                    "y": 0.98,
                    "yref": "paper",
                    "text": f" {month.year}",
                    "showarrow": False,
                    "xanchor": "left",
                    "yanchor": "top",
                    "font": {"color": "#555555"},
                }
            )
    if as_of_month in set(months):
        position = list(months).index(as_of_month)
        shapes.append(
            {
                "type": "rect",
                "x0": position - 0.5,
                "x1": position + 0.5,
                "fillcolor": "rgba(255, 243, 196, 0.5)",
                "line": {"width": 0},
                "layer": "below",
            }
        )
    for shape in shapes:
        shape.update({"xref": "x", "y0": 0, "y1": 1, "yref": "y domain"})
    return shapes, annotations


def selected_bar(event) -> dict | None:
    """The bar picked in a chart drawn with `on_select="rerun"`: {'kind': ..., 'month': date or None}.

    Reads the first selected point's customdata ([kind, month], as the pipeline charts put it);
    None when nothing (or something else) is selected.
    """
    if not event:
        return None
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if not selection:
        return None
    points = selection.get("points") if isinstance(selection, dict) else getattr(selection, "points", None)
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else getattr(point, "customdata", None)
        if isinstance(data, (list, tuple)) and len(data) >= 2 and data[0] in BAR_KINDS:
            month = pd.Timestamp(data[1]).date() if data[1] else None
            return {"kind": str(data[0]), "month": month}
    return None


# The kinds of bar a pipeline chart holds; each reads as t("chart.bar_kind.<kind>", month=...).
BAR_KINDS: tuple[str, ...] = ("open", "expected", "overdue", "sent", "won")


def describe_bar(bar: dict) -> str:
    """What a selected bar holds, for the heading of its offer list: 'Offers won in Dec 2025'."""
    if bar["month"] is None:
        return t("chart.no_close_date")
    return t(f"chart.bar_kind.{bar['kind']}", month=_month_label(bar["month"]))
