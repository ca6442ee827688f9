"""The charts an AppTest run drew (salescoach/ui/chart_element.py), read back from their protos.

for chart in sent_charts(at):   # SentChart(key, figure, header)
    chart.figure["layout"]["font"]["size"]
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bench.streamlit_client import element_key
from salescoach.ui.chart_element import COMPONENT


@dataclass(frozen=True)
class SentChart:
    key: str  # the widget key the page gave
    figure: dict  # the figure's JSON as the browser gets it (no template)
    header: dict  # digest, bundle, theme, config, select, not_drawn


def chart_of(proto) -> SentChart:
    """One chart element's proto, unpacked as the browser does (static/chart/chart.js)."""
    header, _, figure = bytes(proto.bytes).partition(b"\n")
    return SentChart(element_key(proto.id), json.loads(figure), json.loads(header))


def sent_charts(at) -> list[SentChart]:
    """Every chart element of an AppTest run, in page order."""
    return [chart_of(e.proto) for e in at.get("bidi_component") if e.proto.component_name == COMPONENT]
