"""The pipeline memory's charts: the waterfall of what moved between two days, coverage as it
stood week by week, and the offers' way through the sales stages.

Part of the dashboard's charts (`salescoach.charts`: the same house style, colours and number
formats, every number written by `salescoach.formatting`); kept in their own module because they
read the models of pipeline memory (queries/pipeline_changes_by_grain.sql,
queries/coverage_by_grain.sql, queries/stages_by_grain.sql). Bars carry their labels from the
catalogues and their numbers only: no name from the data is drawn. Chart functions never touch
Streamlit; pages draw them with `salescoach.ui.show_chart`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from salescoach import formatting
from salescoach.chart_cache import reused
from salescoach.charts import (
    NEUTRAL_COLOUR,
    OK_COLOUR,
    SELLER_COLOUR,
    TARGET_COLOUR,
    THIN_COLOUR,
    _trace,
    chart_texts,
    formatted,
    style,
)
from salescoach.i18n import t
from salescoach.metrics import label

# The waterfall's bars, left to right: (movement, the measure it draws, +1 up / -1 down / 0 a total).
WATERFALL_BARS: tuple[tuple[str, str, int], ...] = (
    ("start", "start_pipeline", 0),
    ("new", "new_value", 1),
    ("increased", "increased_value", 1),
    ("decreased", "decreased_value", -1),
    ("won", "won_value", -1),
    ("lost", "lost_value", -1),
    ("end", "end_pipeline", 0),
)
MOVEMENTS: tuple[str, ...] = (
    "changed",
    "start",
    "new",
    "increased",
    "decreased",
    "won",
    "lost",
    "end",
    "pushed",
    "pulled_in",
    "slipped_out",
)
"""What the offer list behind the waterfall can show (queries/pipeline_change_offer_list.sql's
$movement); each reads as t("changes.movement.<movement>")."""
_BAR_COLOURS = {0: SELLER_COLOUR, 1: OK_COLOUR, -1: THIN_COLOUR}
_WON_COLOUR = "#5b9b6b"  # won leaves the pipeline too, but as good news


@reused
def waterfall_chart(row: Mapping[str, object], *, title: str | None = None) -> go.Figure:
    """The pipeline at the first day, what came in and went out, and the pipeline at the last day
    (one row of queries/pipeline_changes_by_grain.sql). Each bar's customdata is
    ["movement", <movement>] for `selected_movement`."""
    names, bases, heights, colours, texts = [], [], [], [], []
    level = 0.0
    for movement, measure, sign in WATERFALL_BARS:
        value = float(row.get(measure) or 0.0)
        names.append(t(f"changes.movement.{movement}"))
        if sign == 0:
            bases.append(0.0)
            heights.append(value)
            level = value
        elif sign > 0:
            bases.append(level)
            heights.append(value)
            level += value
        else:
            level -= value
            bases.append(level)
            heights.append(value)
        colours.append(_WON_COLOUR if movement == "won" else _BAR_COLOURS[sign])
        sign_text = ("+" if sign > 0 else "−" if sign < 0 else "") if value else ""
        texts.append(sign_text + formatting.format_value("eur", value))
    bars = _trace(
        "bar",
        x=names,
        y=heights,
        base=bases,
        marker_color=colours,
        text=texts,
        textposition="outside",
        cliponaxis=False,
        customdata=[["movement", movement] for movement, _, _ in WATERFALL_BARS],
        hovertemplate="%{x}: %{text}<extra></extra>",
    )
    return style(
        [bars],
        layout={"clickmode": "event+select"},
        title=title,
        y_metric="end_pipeline",
        y_title=t("changes.chart.value"),
        x_title="",
        height=380,
        legend=False,
        y_axis={"range": _waterfall_range(bases, heights)},
    )


def _waterfall_range(bases: list[float], heights: list[float]) -> list[float]:
    """The value axis of the waterfall: from 0, or, when the moves are small beside the pipeline,
    from a little below the lowest level reached, so that the moves can be seen (the first and
    last bars, drawn from 0, are then cut at the bottom; their labels give the totals)."""
    top = max((b + h for b, h in zip(bases, heights, strict=True)), default=0.0)
    if top <= 0:
        return [0, 1]
    moves = [(b, b + h) for b, h in list(zip(bases, heights, strict=True))[1:-1]]
    lowest = min([heights[0], heights[-1], *(low for low, _ in moves)])
    spread = max(high for _, high in moves) - min(low for low, _ in moves) if moves else 0.0
    margin = max(spread, 0.02 * lowest)
    if lowest > 0 and spread < 0.25 * lowest:
        return [max(0.0, lowest - 2 * margin), top + 0.5 * margin]
    return [0, top * 1.15]


def selected_movement(event) -> str | None:
    """The movement of the bar picked in `waterfall_chart` drawn with on_select="rerun", if any."""
    if not event:
        return None
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    points = (
        (selection or {}).get("points") if isinstance(selection, dict) else getattr(selection, "points", None)
    )
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else getattr(point, "customdata", None)
        if (
            isinstance(data, (list, tuple))
            and len(data) == 2
            and data[0] == "movement"
            and data[1] in MOVEMENTS
        ):
            return str(data[1])
    return None


@reused
def coverage_trend_chart(days: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """This and next quarter's pipeline as it stood each day (one row per day of
    queries/coverage_by_grain.sql, of one grain), against each quarter's target left to sell
    (dashed, where known): a next quarter line that does not rise is the hole after the rush."""
    x = [formatting.format_date(pd.Timestamp(d).date()) for d in days["day"]]
    left = (days["quarter_target"] - days["quarter_sales"]).where(days["quarter_target"].notna())
    traces = []
    lines = (
        ("quarter_pipeline", t("changes.coverage.this_quarter"), SELLER_COLOUR, "solid"),
        ("next_quarter_pipeline", t("changes.coverage.next_quarter"), NEUTRAL_COLOUR, "solid"),
    )
    for column, name, colour, dash in lines:
        traces.append(
            _trace(
                "scatter",
                x=x,
                y=days[column],
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": dash},
                text=formatted("eur", days[column]),
                hovertemplate=f"%{{x}}<br>{name}: %{{text}}<extra></extra>",
            )
        )
    for values, name, colour in (
        (left, t("changes.coverage.left_this_quarter"), SELLER_COLOUR),
        (days["next_quarter_target"], t("changes.coverage.target_next_quarter"), NEUTRAL_COLOUR),
    ):
        if values.notna().any():
            traces.append(
                _trace(
                    "scatter",
                    x=x,
                    y=values,
                    name=name,
                    mode="lines",
                    line={
                        "color": colour if colour != SELLER_COLOUR else TARGET_COLOUR,
                        "dash": "dash",
                        "width": 2,
                    },
                    text=formatted("eur", values),
                    hovertemplate=f"%{{x}}<br>{name}: %{{text}}<extra></extra>",
                )
            )
    return style(
        traces,
        title=title,
        y_metric="quarter_pipeline",
        y_title=t("changes.chart.value"),
        x_title="",
        height=380,
        y_axis={"rangemode": "tozero"},
    )


@reused
def stage_chart(stages: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """The offers decided in the period that reached each open stage (in stage order), each bar
    labelled with the share that moved on (rows of one grain of queries/stages_by_grain.sql)."""
    frame = stages.sort_values(["stage_order", "stage"])
    names = chart_texts(frame["stage"])  # a stage's name is data: drawn literally
    conversion = formatted("stage_conversion", frame["stage_conversion"])
    bars = _trace(
        "bar",
        x=frame["offers_reached"],
        y=names,
        orientation="h",
        marker_color=SELLER_COLOUR,
        text=[
            f"{formatting.format_value('count', n)} · {label('stage_conversion')} {c}"
            for n, c in zip(frame["offers_reached"], conversion, strict=True)
        ],
        textposition="auto",
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    return style(
        [bars],
        title=title,
        x_metric="offers_reached",
        y_title="",
        height=max(220, 48 * len(frame) + 90),
        legend=False,
        y_axis={"autorange": "reversed"},
    )
