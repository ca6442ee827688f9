"""What a rerun reuses instead of making again (issues #18, #19): query results kept in the
process (salescoach/ui/data.py `ResultCache`) and a shared chart's specification made once
(salescoach/ui/chart_element.py). Both must give exactly what they replace, and a page that
changes what it got must not change what the next run gets."""

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest

from salescoach import chart_cache, charts
from salescoach.ui import chart_element
from salescoach.ui.data import ResultCache, _hashable

WEEKLY = pd.DataFrame(
    {
        "week": pd.to_datetime(["2026-11-02", "2026-11-09"]),
        "seller_id": ["S1", "S1"],
        "seller": ["Aino", "Aino"],
        "team": ["A", "A"],
        "meetings": [3, 1],
        "calls": [5, 0],
        "emails": [2, 0],
        "other_activities": [1, 0],
        "meetings_target": [2.5, 2.5],
    }
)


# -- query results ----------------------------------------------------------------------------


def test_a_hit_reads_once_and_gives_the_same_rows():
    reads = []
    cache = ResultCache(max_entries=4)

    def read():
        reads.append(1)
        return pd.DataFrame({"seller": ["Aino", "Ville"], "sales": [100.0, 250.0]})

    first = cache.get(("q", 1), read)
    again = cache.get(("q", 1), read)
    assert len(reads) == 1
    pd.testing.assert_frame_equal(first, again)
    assert first is not again  # each reader its own frame


def test_a_page_that_changes_its_rows_does_not_change_the_next_runs():
    cache = ResultCache(max_entries=4)
    rows = cache.get(("q",), lambda: pd.DataFrame({"seller": ["Aino", "Ville"], "sales": [100.0, 250.0]}))
    rows["sales"] = rows["sales"] * 2  # a page scaling a column
    rows.loc[0, "seller"] = "changed"  # or writing a cell
    rows["share"] = [0.5, 0.5]  # or adding one
    again = cache.get(("q",), lambda: pytest.fail("read again"))
    assert again["sales"].tolist() == [100.0, 250.0]
    assert again["seller"].tolist() == ["Aino", "Ville"] and "share" not in again.columns


def test_the_entries_used_last_are_kept():
    cache = ResultCache(max_entries=2)
    reads = []

    def read(name):
        return lambda: reads.append(name) or pd.DataFrame({"name": [name]})

    cache.get(("a",), read("a"))
    cache.get(("b",), read("b"))
    cache.get(("a",), read("a"))  # a used last: b is the oldest
    cache.get(("c",), read("c"))  # b goes
    cache.get(("a",), read("a"))
    cache.get(("b",), read("b"))
    assert reads == ["a", "b", "c", "b"]
    cache.clear()
    cache.get(("a",), read("a"))
    assert reads[-1] == "a" and len(reads) == 5


def test_parameters_become_keys_and_differ_when_they_differ():
    one = _hashable((("teams", ["SMB", "Enterprise"]), ("seller_id", None)))
    assert hash(one) == hash(_hashable((("teams", ["SMB", "Enterprise"]), ("seller_id", None))))
    assert one != _hashable((("teams", ["Enterprise", "SMB"]), ("seller_id", None)))  # order is bound
    assert _hashable({"b": [1], "a": {2, 1}}) == _hashable({"a": {1, 2}, "b": (1,)})


# -- chart specifications -----------------------------------------------------------------------


@pytest.fixture()
def shared_specs(monkeypatch):
    monkeypatch.setenv("SALESCOACH_LANG", "en")
    chart_cache.clear()
    chart_element.clear()
    yield
    chart_cache.clear()
    chart_element.clear()


def counting_specs(monkeypatch) -> list:
    """Each figure `chart_element.spec` turns into JSON, as it does it."""
    made = []
    original = chart_element.Spec.__init__

    def counted(self, figure):
        made.append(figure)
        original(self, figure)

    monkeypatch.setattr(chart_element.Spec, "__init__", counted)
    return made


def test_a_shared_figure_is_specified_once_byte_for_byte(shared_specs, monkeypatch):
    figure = charts.weekly_meetings_chart(WEEKLY)
    assert chart_cache.is_shared(figure)
    as_plotly = figure.to_dict()
    del as_plotly["layout"]["template"]  # the browser puts the app's theme in its place
    expected = plotly.io.to_json(as_plotly, validate=False).encode()
    made = counting_specs(monkeypatch)
    for _ in range(3):  # three reruns draw the same figure
        spec = chart_element.spec(figure)
        assert spec.figure_json == expected
    assert made == [figure]
    assert json.loads(spec.figure_json)["data"][0]["y"] is not None
    assert spec.bundle == "cartesian"


def test_a_figure_made_in_the_run_is_specified_every_time(shared_specs, monkeypatch):
    figure = go.Figure(go.Bar(x=["Aino"], y=[3]))  # not from the chart cache (e.g. a presentation copy)
    assert not chart_cache.is_shared(figure)
    made = counting_specs(monkeypatch)
    first = chart_element.spec(figure)
    figure.update_traces(y=[4])  # changed in place: the next spec shows it
    second = chart_element.spec(figure)
    assert len(made) == 2
    assert json.loads(first.figure_json)["data"][0]["y"] == [3]
    assert json.loads(second.figure_json)["data"][0]["y"] == [4]
    assert first.digest != second.digest


def test_a_figure_the_chart_cache_forgot_is_specified_afresh(shared_specs, monkeypatch):
    figure = charts.weekly_meetings_chart(WEEKLY)
    chart_element.spec(figure)
    chart_cache.clear()  # the figure is no longer handed out
    assert not chart_cache.is_shared(figure)
    chart_element.clear()
    made = counting_specs(monkeypatch)
    chart_element.spec(figure)
    chart_element.spec(figure)
    assert len(made) == 2


def test_the_seller_numbers_kept_between_runs_are_copied_for_each_run():
    from salescoach.seller_view import SellerNumbers

    kept = SellerNumbers(
        period=pd.DataFrame({"seller_id": ["S1"], "sales": [10.0]}),
        trend=pd.DataFrame({"month": ["2026-11"], "sales": [10.0]}),
        at_days=pd.DataFrame({"sales": [4.0]}, index=["2026-11-02"]),
    )
    cache = ResultCache(max_entries=2)
    mine = cache.get(("seller_numbers", "S1"), lambda: kept, SellerNumbers.copy)
    mine.trend["sales"] = 0.0
    mine.period.loc[0, "sales"] = -1.0
    mine.at_days["extra"] = 1
    again = cache.get(("seller_numbers", "S1"), lambda: pytest.fail("computed again"), SellerNumbers.copy)
    assert again.trend["sales"].tolist() == [10.0] and again.period["sales"].tolist() == [10.0]
    assert "extra" not in again.at_days.columns
