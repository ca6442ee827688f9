"""Charts read exactly like tiles: every number a chart shows (axis ticks, bar labels, hover
texts, colour bars) is written by salescoach.formatting, never by a plotly d3 format.

The frames are tiny and hand-made; the tick values are computed by hand in the comments
(steps of 1, 2 or 5 × 10ⁿ for about five ticks, as d3 picks them).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from salescoach import charts
from salescoach.formatting import NBSP
from salescoach.metrics import format_value

N = NBSP


@pytest.fixture
def lang(monkeypatch, request):
    monkeypatch.setenv("SALESCOACH_LANG", request.param)
    return request.param


SCORECARD = pd.DataFrame(
    {
        "seller": ["Aino", "Ville", "Eero"],
        "seller_id": ["S1", "S2", "S3"],
        "team": ["A", "A", "B"],
        "pipeline_coverage": [0.31, 2.5, None],
        "required_coverage": [3.0, 1.5, 2.0],
        "thin": [True, False, None],
        "sales": [5300.0, 125000.0, 0.0],
        "sales_target": [10000.0, 90000.0, None],
        "hit_rate": [0.425, 0.5, None],
        "value_hit_rate": [0.3, 0.75, None],
        "offers_per_win": [2.25, 2.0, None],
    }
)
WEEKS = pd.to_datetime(["2026-11-02", "2026-11-09"])
WEEKLY = pd.DataFrame(
    {
        "seller_id": ["S1", "S1", "S2", "S2"],
        "seller": ["Aino", "Aino", "Ville", "Ville"],
        "week": [WEEKS[0], WEEKS[1], WEEKS[0], WEEKS[1]],
        "meetings": [3, 1, 2, 0],
        "meetings_target": [2.5, 2.5, None, None],
        "calls": [5, 2, 0, 1],
        "emails": [2, 0, 0, 0],
        "other_activities": [0, 0, 1, 0],
    }
)
DIRECTION = pd.DataFrame(
    {
        "week": WEEKS,
        "prospect_meetings": [2, 0],
        "existing_customer_meetings": [3, 1],
        "meetings_without_customer": [0, 0],
        "new_business_share": [0.4, 0.0],
        "needs_share": [0.5, None],
    }
)
FUNNEL = pd.DataFrame({"team": ["A"], "meetings": [10], "offers_sent": [4], "offers_won": [1]})
MONTHS = pd.date_range("2026-01-01", periods=12, freq="MS")
TREND = pd.DataFrame(
    {
        "month": MONTHS,
        "sales": [1000.0 * i for i in range(12)],
        "sales_median": [800.0] * 12,
        "sales_p25": [500.0] * 12,
        "sales_p75": [1200.0] * 12,
        "sales_target": [9000.0] * 12,
    }
)
GRID = TREND.assign(
    hit_rate=[0.1 * (i % 5) for i in range(12)],
    hit_rate_median=[0.3] * 12,
    hit_rate_p25=[0.2] * 12,
    hit_rate_p75=[0.4] * 12,
    partial=[False] * 11 + [True],
)
GRID_PANELS = (
    charts.TrendPanel("sales", "sales", "sales_target", "Sales"),
    charts.TrendPanel("hit_rate", "hit_rate", None, "Hit rate"),
)
PIPELINE = pd.DataFrame(
    {
        "close_month": [pd.Timestamp("2026-11-01"), None],
        "upcoming_value": [1234.5, 500.0],
        "overdue_value": [0.0, 250.0],
    }
)
MONTHLY = pd.DataFrame(
    {
        "month": pd.to_datetime(["2025-12-01", "2026-01-01"]),
        "sent_value": [20000.0, 8000.0],
        "won_value": [15000.0, 1000.0],
        "expected_value": [0.0, 4000.0],
    }
)


def every_chart():
    return {
        "bar": charts.bar_chart(SCORECARD, "seller", "offers_per_win", colour_by="team", horizontal=True),
        "trend": charts.line_with_band(
            TREND,
            "month",
            "sales",
            "sales_median",
            metric="sales",
            low="sales_p25",
            high="sales_p75",
            target="sales_target",
        ),
        "trend_grid": charts.trend_grid(GRID, "month", GRID_PANELS, seller="Aino", partial="partial"),
        "coverage": charts.coverage_chart(SCORECARD),
        "sales_vs_target": charts.sales_vs_target_chart(SCORECARD),
        "weekly": charts.weekly_meetings_chart(WEEKLY),
        "mix": charts.activity_mix_chart(WEEKLY),
        "heatmap": charts.meetings_heatmap(WEEKLY),
        "direction": charts.direction_chart(DIRECTION),
        "funnel": charts.funnel_chart(FUNNEL, "team"),
        "paired": charts.paired_bars_chart(
            SCORECARD, "seller", {"hit_rate": "count", "value_hit_rate": "value"}, metric="hit_rate"
        ),
        "by_month": charts.pipeline_by_close_month_chart(PIPELINE),
        "built_closed": charts.built_vs_closed_chart(MONTHLY, "2026-01-15"),
    }


D3_NUMBER = re.compile(r"%\{[^}]*:[^}]*\}|%\{percent")  # %{y:,d}, %{x:.0%}, %{percentPrevious}


@pytest.mark.parametrize("lang", ["en", "fi", "sv", "nb"], indirect=True)
def test_no_chart_leaves_a_number_to_plotly_d3(lang):
    for name, figure in every_chart().items():
        spec = figure.to_plotly_json()
        for trace in spec["data"]:
            for field in ("hovertemplate", "texttemplate"):
                assert not D3_NUMBER.search(str(trace.get(field) or "")), (name, trace.get(field))
            assert "tickformat" not in (trace.get("colorbar") or {}), name
            assert trace.get("textinfo") in (None, "text"), name  # "value+percent": plotly's numbers
        axes = [v for k, v in spec["layout"].items() if k.startswith(("xaxis", "yaxis"))]
        assert all("tickformat" not in axis for axis in axes), name
        separators = {"en": ".,", "fi": f",{N}", "sv": f",{N}", "nb": f",{N}"}[lang]
        assert spec["layout"]["separators"] == separators, name


@pytest.mark.parametrize("lang", ["fi"], indirect=True)
def test_a_finnish_coverage_chart_reads_like_a_finnish_tile(lang):
    figure = charts.coverage_chart(SCORECARD)
    bars, targets = figure.data
    assert list(bars.text) == ["0,3×", "2,5×", "–"]
    assert list(bars.text) == [
        format_value("pipeline_coverage", v, "fi") for v in SCORECARD["pipeline_coverage"]
    ]
    assert list(targets.text) == ["3,0×", "1,5×", "2,0×"]
    # Values 0.31 … 3.0 from 0: about 5 steps of 0.6 → 0.5, at least the 0.1 a tile shows → step 0.5?
    # d3: 0.6 / 0.1 = 6 ≥ √10 → 5 × 0.1 = 0.5, ticks 0 … 3.5 (a step past 3.0 × 1.1).
    assert list(figure.layout.xaxis.tickvals) == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
    assert list(figure.layout.xaxis.ticktext) == [
        "0,0×",
        "0,5×",
        "1,0×",
        "1,5×",
        "2,0×",
        "2,5×",
        "3,0×",
        "3,5×",
    ]


@pytest.mark.parametrize("lang", ["en"], indirect=True)
def test_euro_ticks_and_labels_in_english(lang):
    figure = charts.sales_vs_target_chart(SCORECARD)
    # 0 … 125,000: 25,000 a step for 5 → 10⁴ × 2.5 ≥ √2 → 20,000; a step past 137,500.
    assert list(figure.layout.xaxis.tickvals) == [0, 20000, 40000, 60000, 80000, 100000, 120000, 140000]
    assert figure.layout.xaxis.ticktext[:3] == ("€0", "€20,000", "€40,000")
    assert list(figure.data[0].text) == ["€5,300", "€125,000", "€0"]
    assert list(figure.data[1].text) == ["€10,000", "€90,000", "–"]  # no target: unknown, not €0


@pytest.mark.parametrize("lang", ["sv"], indirect=True)
def test_stacked_bars_get_ticks_up_to_the_stack(lang):
    figure = charts.activity_mix_chart(WEEKLY)
    # Week 45 stacks 5 meetings + 5 calls + 2 emails + 1 other = 13; week 46: 1 + 3 = 4.
    # 13 / 5 = 2.6 a step → 2; ticks 0 … 16 (a step past 14.3), texts as counts.
    assert list(figure.layout.yaxis.tickvals) == [0, 2, 4, 6, 8, 10, 12, 14, 16]
    assert list(figure.layout.yaxis.ticktext) == ["0", "2", "4", "6", "8", "10", "12", "14", "16"]
    meetings = figure.data[0]
    assert list(meetings.x) == ["Vecka 45", "Vecka 46"] and list(meetings.text) == ["5", "1"]
    assert "%{text}" in meetings.hovertemplate


@pytest.mark.parametrize("lang", ["fi"], indirect=True)
def test_shares_funnel_and_heatmap_in_finnish(lang):
    funnel = charts.funnel_chart(FUNNEL, "team").data[0]
    # 4 offers of 10 meetings = 40 %; 1 win of 4 offers = 25 %.
    assert list(funnel.text) == ["10", f"4<br>40{N}%", f"1<br>25{N}%"]
    assert funnel.hovertext[2] == f"Voitetut tarjoukset: 1<br>25{N}% edellisestä vaiheesta"
    heatmap = charts.meetings_heatmap(WEEKLY).data[0]
    assert list(heatmap.colorbar.ticktext) == [f"50{N}%", f"75{N}%", f"100{N}%", f"125{N}%", f"150{N}%"]
    assert heatmap.text.tolist() == [["3", "1"], ["2", "0"]]
    # Ville has no target: unknown, not 0 (caught by this test: the hover said "Tavoite: 0,0").
    assert heatmap.customdata.tolist() == [["2,5", "2,5"], ["–", "–"]]
    direction = charts.direction_chart(DIRECTION)
    assert list(direction.layout.yaxis2.ticktext) == [f"0{N}%", f"25{N}%", f"50{N}%", f"75{N}%", f"100{N}%"]
    assert list(direction.data[-1].text) == [f"50{N}%", "–"]


@pytest.mark.parametrize("lang", ["nb"], indirect=True)
def test_month_ticks_and_euro_labels_in_norwegian(lang):
    trend = charts.line_with_band(
        TREND, "month", "sales", "sales_median", metric="sales", target="sales_target"
    )
    assert list(trend.layout.xaxis.ticktext) == [
        "jan. 26",
        "apr. 26",
        "juli 26",
        "okt. 26",
    ]  # CLDR nb: "juli" is not cut
    seller = trend.data[-1]
    assert seller.text[1] == f"1{N}000{N}€" and list(seller.customdata[:2]) == ["jan. 2026", "feb. 2026"]
    by_month = charts.pipeline_by_close_month_chart(PIPELINE)
    assert list(by_month.data[0].x) == ["nov. 2026", "Ingen dato"]
    assert list(by_month.data[0].text) == [f"1{N}234{N}€", f"500{N}€"]
    assert list(by_month.data[1].text) == ["", f"250{N}€"]  # an empty bar has no label


def _without_axes(trace: dict) -> dict:
    return {k: v for k, v in trace.items() if k not in ("xaxis", "yaxis")}


@pytest.mark.parametrize("lang", ["en", "fi"], indirect=True)
def test_each_panel_of_the_trend_grid_draws_what_its_own_chart_would(lang):
    grid = json.loads(
        charts.trend_grid(GRID, "month", GRID_PANELS, seller="Aino", partial="partial").to_json()
    )
    for index, panel in enumerate(GRID_PANELS):
        suffix = str(index + 1) if index else ""
        alone = charts.line_with_band(
            GRID, "month", panel.column, f"{panel.column}_median", metric=panel.metric,
            low=f"{panel.column}_p25", high=f"{panel.column}_p75", target=panel.target,
            seller="Aino", partial="partial",
        )  # fmt: skip
        alone = json.loads(alone.to_json())
        mine = [trace for trace in grid["data"] if trace.get("xaxis", "x") == f"x{suffix}"]
        assert {trace.get("yaxis", "y") for trace in mine} == {f"y{suffix}"}
        assert [_without_axes(trace) for trace in mine] == alone["data"]
        for key in ("tickvals", "ticktext", "rangemode"):
            assert grid["layout"][f"yaxis{suffix}"][key] == alone["layout"]["yaxis"][key]
        assert grid["layout"][f"xaxis{suffix}"]["ticktext"] == alone["layout"]["xaxis"]["ticktext"]
    assert [a["text"] for a in grid["layout"]["annotations"]] == ["Sales", "Hit rate"]
    assert grid["layout"]["showlegend"] is False


def test_the_trend_grid_lays_six_panels_out_in_two_rows_of_three():
    panels = tuple(charts.TrendPanel("sales", "sales", None, f"P{i}") for i in range(6))
    layout = charts.trend_grid(TREND, "month", panels).to_plotly_json()["layout"]
    assert layout["height"] == 2 * charts.TREND_PANEL_HEIGHT == 520
    plot = 520 - 30  # 20 px margin above, 10 below
    first, fourth = layout["xaxis"], layout["xaxis4"]
    chars = max(map(len, layout["yaxis"]["ticktext"]))  # "€12,000": room for the longest tick text
    assert chars == 7
    assert (
        first["domain"] == [round(0.012 + 0.0075 * 7, 4), round(1 / 3 - 0.012, 4)] and first["anchor"] == "y"
    )
    assert layout["xaxis2"]["domain"] == [round(1 / 3 + 0.012 + 0.0075 * 7, 4), round(2 / 3 - 0.012, 4)]
    assert fourth["domain"] == first["domain"] and fourth["anchor"] == "y4"
    assert layout["yaxis"]["domain"] == [round(0.5 + 30 / plot, 4), round(1 - 34 / plot, 4)]
    assert layout["yaxis4"]["domain"] == [round(30 / plot, 4), round(0.5 - 34 / plot, 4)]
    titles = layout["annotations"]
    assert [a["text"] for a in titles] == [f"P{i}" for i in range(6)]
    narrow = charts.trend_grid(GRID, "month", (charts.TrendPanel("hit_rate", "hit_rate", None, "H"),))
    assert narrow.layout.xaxis.domain == (round(0.012 + 0.0075 * 3, 4), round(1 / 3 - 0.012, 4))  # "40%"
    assert (
        titles[3]["x"] == 0.004
        and titles[4]["x"] == round(1 / 3 + 0.004, 4)
        and titles[3]["y"] == layout["yaxis4"]["domain"][1] + 8 / plot
    )
    rows = [layout["yaxis"]["domain"], layout["yaxis4"]["domain"]]
    assert rows[1][1] + 8 / plot + 20 / plot < rows[0][0]  # a title fits between the rows


def test_a_trend_grid_of_huge_values_keeps_every_panel_inside_its_column():
    # found by tests/test_app_out_of_range.py: 1e15 € wrote tick texts so long that the room
    # made for them pushed a panel's left edge past its right one (plotly refused the domain).
    huge = TREND.assign(sales=1e15, sales_median=1e15, sales_p25=0.0, sales_p75=1e15)
    panels = (charts.TrendPanel("sales", "sales", None, "S"), charts.TrendPanel("sales", "sales", None, "T"))
    layout = charts.trend_grid(huge, "month", panels).layout
    assert max(map(len, layout.yaxis.ticktext)) > charts.MAX_TICK_CHARS
    assert layout.xaxis.domain == (round(0.012 + 0.0075 * charts.MAX_TICK_CHARS, 4), round(1 / 3 - 0.012, 4))
    assert layout.xaxis2.domain[0] < layout.xaxis2.domain[1] <= 2 / 3
