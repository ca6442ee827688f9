"""The chart element's Python half (salescoach/ui/chart_element.py): which bundle a figure needs,
what goes to the browser, and what a page gets back. The browser half: test_browser_charts.py."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import plotly.offline
import pytest
from streamlit.testing.v1 import AppTest

from salescoach import chart_cache
from salescoach.db import PROJECT_ROOT
from salescoach.ui import chart_element
from tests.chart_elements import sent_charts

PAGES = ("team_overview", "activity", "conversion", "pipeline", "seller", "coaching")


@pytest.mark.parametrize(
    ("traces", "bundle"),
    [
        ((), "cartesian"),  # plotly draws an empty figure's axes
        (("bar",), "cartesian"),
        (("bar", "scatter"), "cartesian"),
        (("heatmap",), "cartesian"),
        (("funnel",), "finance"),
        (("funnel", "bar", "scatter"), "finance"),
        (("waterfall",), "finance"),
        (("heatmap", "funnel"), "full"),  # no partial bundle holds both
        (("scattergeo",), "full"),
        (("sankey", "bar"), "full"),
    ],
)
def test_a_figure_gets_the_smallest_bundle_that_draws_its_traces(traces, bundle):
    assert chart_element.bundle_for(traces) == bundle


def test_the_bundles_are_the_versions_pinned_and_on_disk():
    # the cartesian bundle is the plotly.js Python's plotly was made with (the full fallback)
    assert chart_element.BUNDLE_VERSIONS["cartesian"] == plotly.offline.get_plotlyjs_version()
    assert chart_element.BUNDLE_VERSIONS["full"] == plotly.offline.get_plotlyjs_version()
    for name, version in chart_element.BUNDLE_VERSIONS.items():
        path = chart_element.STATIC / "plotly" / f"plotly-{name}.min.js"
        head = path.read_bytes()[:200].decode()
        kind = "" if name == "full" else rf"\({name} - minified\) "
        assert re.search(rf"plotly\.js {kind}v{re.escape(version)}\b", head), (name, head)


def test_what_the_browser_gets_is_a_header_line_then_the_figure_without_its_template():
    figure = go.Figure(go.Bar(x=["Aino", "Eetu"], y=[3, 1], customdata=["S1", "S2"]))
    figure.update_layout(title="Meetings", height=320)
    assert figure.layout.template is not None  # Streamlit's, set as plotly's default
    sent = chart_element.payload(chart_element.spec(figure), select=True, toolbar=True)
    header, figure_json = sent.split(b"\n", 1)
    header = json.loads(header)
    assert set(header) == {"digest", "bundle", "theme", "config", "select", "not_drawn"}
    assert header["not_drawn"].startswith("The chart could not be drawn")
    assert (
        header["bundle"]
        == f"/app/static/plotly/plotly-cartesian.min.js?v={plotly.offline.get_plotlyjs_version()}"
    )
    assert re.fullmatch(r"/app/static/chart/theme\.json\?v=[0-9a-f]{20}", header["theme"])
    assert header["config"] == {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
    assert header["select"] is True
    drawn = json.loads(figure_json)
    assert "template" not in drawn["layout"]
    assert drawn["layout"]["title"]["text"] == "Meetings" and drawn["layout"]["height"] == 320
    assert drawn["data"][0]["customdata"] == ["S1", "S2"] and drawn["data"][0]["type"] == "bar"
    # the room's screen: no toolbar; a figure changed is a new digest, the same one the same digest
    room = json.loads(
        chart_element.payload(chart_element.spec(figure), select=False, toolbar=False).split(b"\n")[0]
    )
    assert room["config"] == {"displayModeBar": False} and room["select"] is False
    assert room["digest"] == header["digest"]
    assert chart_element.spec(go.Figure(figure).update_layout(height=321)).digest != header["digest"]


def test_the_addresses_follow_the_servers_base_path(monkeypatch):
    options = {"server.baseUrlPath": "/sales/"}
    monkeypatch.setattr(chart_element.st, "get_option", options.get)
    assert chart_element.bundle_url("finance").startswith("/sales/app/static/plotly/plotly-finance.min.js?v=")
    options["server.baseUrlPath"] = ""
    assert chart_element.static_url("chart/chart.js", "1").startswith("/app/static/chart/chart.js?v=1")


def test_the_event_reads_like_streamlits_by_key_and_by_attribute():
    event = chart_element.ChartEvent(
        selection=chart_element.ChartEvent(points=[chart_element.ChartEvent(customdata="S1")])
    )
    assert event.selection.points[0].customdata == "S1" == event["selection"]["points"][0]["customdata"]
    with pytest.raises(AttributeError):
        _ = event.rows


def test_a_page_draws_with_the_element_and_reads_a_click_as_a_selection():
    def page():
        import plotly.graph_objects as go
        import streamlit as st

        from salescoach import ui

        figure = go.Figure(go.Bar(x=["Aino", "Eetu"], y=[3, 1], customdata=["S1", "S2"]))
        event = ui.show_chart(figure, key="meetings", on_select="rerun")
        points = event.selection.points
        st.write(f"picked {points[0]['customdata']}" if points else "nothing picked")
        ui.show_chart(figure, key="plain")

    at = AppTest.from_function(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert [c.key for c in sent_charts(at)] == ["meetings", "plain"]
    assert [c.header["select"] for c in sent_charts(at)] == [True, False]
    assert at.markdown[0].value == "nothing picked"
    # what static/chart/chart.js sets on a click (setStateValue("selection", ...)), as the browser would
    at.session_state["meetings"] = {"selection": {"points": [{"point_index": 0, "customdata": "S1"}]}}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.markdown[0].value == "picked S1"


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_of_the_demo_is_drawn_with_a_partial_bundle(demo_app, page, monkeypatch):
    monkeypatch.setenv("SALESCOACH_LANG", "en")
    chart_cache.clear()
    chart_element.clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / f"{page}.py"), default_timeout=120)
    at.query_params["period"] = "year"
    if page == "seller":
        at.query_params["seller"] = "S01"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    sent = sent_charts(at)
    assert sent or page == "coaching"
    bundles = {chart.key: chart.header["bundle"].split("?")[0].rsplit("/", 1)[-1] for chart in sent}
    assert set(bundles.values()) <= {"plotly-cartesian.min.js", "plotly-finance.min.js"}, bundles
