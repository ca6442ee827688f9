"""Charts built once per distinct input (salescoach/chart_cache.py): the same rows in the same
language give the same figure; any change of a value, a column, an argument or the language
builds a new one; what cannot be fingerprinted is built every time."""

import pandas as pd
import pytest

from salescoach import chart_cache, charts
from salescoach.chart_cache import Unkeyable, fingerprint
from tests.chart_elements import sent_charts

WEEKLY = pd.DataFrame(
    {
        "week": pd.to_datetime(["2026-11-02", "2026-11-09", "2026-11-02", "2026-11-09"]),
        "seller_id": ["S1", "S1", "S2", "S2"],
        "seller": ["Aino", "Aino", "Ville", "Ville"],
        "team": ["A", "A", "B", "B"],
        "meetings": [3, 1, 2, 0],
        "calls": [5, 0, 1, 0],
        "emails": [2, 0, 0, 0],
        "other_activities": [1, 0, 0, 0],
        "meetings_target": [2.5, 2.5, None, None],
    }
)


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("SALESCOACH_LANG", "en")
    chart_cache.clear()
    yield
    chart_cache.clear()


def test_the_same_rows_give_the_same_figure_built_once(monkeypatch):
    first = charts.weekly_meetings_chart(WEEKLY)
    again = charts.weekly_meetings_chart(WEEKLY.copy())  # another frame, equal content (a new run's query)
    assert again is first
    assert list(first.data[0].text) == ["5", "1"]  # week 45: 3 + 2 meetings; week 46: 1 + 0


def test_a_changed_value_column_or_argument_builds_a_new_figure():
    first = charts.weekly_meetings_chart(WEEKLY)
    changed = WEEKLY.assign(meetings=[3, 1, 2, 4])  # Ville's second week: 4 meetings
    assert list(charts.weekly_meetings_chart(changed).data[0].text) == ["5", "5"]
    renamed = WEEKLY.set_axis([*WEEKLY.columns[:-1], "target"], axis=1)
    assert fingerprint(renamed) != fingerprint(WEEKLY)
    assert charts.meetings_heatmap(WEEKLY, level="team") is not charts.meetings_heatmap(WEEKLY)
    assert charts.weekly_meetings_chart(WEEKLY, title="Q4") is not first
    assert charts.weekly_meetings_chart(WEEKLY) is first


def test_another_language_is_another_figure(monkeypatch):
    english = charts.weekly_meetings_chart(WEEKLY)
    monkeypatch.setenv("SALESCOACH_LANG", "fi")
    finnish = charts.weekly_meetings_chart(WEEKLY)
    assert finnish is not english
    assert list(finnish.data[0].x) == ["Viikko 45", "Viikko 46"] and list(english.data[0].x) == [
        "Week 45",
        "Week 46",
    ]


def test_fingerprints_tell_apart_what_is_different():
    assert fingerprint(1) != fingerprint(1.0) != fingerprint(True)
    assert fingerprint({"A": "#1f77b4"}) == fingerprint({"A": "#1f77b4"}) != fingerprint({"A": "#ff7f0e"})
    assert fingerprint(WEEKLY) != fingerprint(WEEKLY.set_index(pd.Index([9, 8, 7, 6])))  # the index counts
    assert fingerprint(WEEKLY["meetings"]) != fingerprint(WEEKLY["calls"])
    with pytest.raises(Unkeyable):
        fingerprint(object.__new__(type("Opaque", (), {"__hash__": None})))


def _every_kind() -> pd.DataFrame:
    """One column of every kind a page's frame holds (numpy, Arrow strings, nullable, dates)."""
    return pd.DataFrame(
        {
            "seller": ["Aino", None, "Ville"],  # Arrow strings with a missing one
            "share": [0.5, float("nan"), 1.25],
            "offers": [3, 0, 7],
            "thin": [True, False, True],
            "won": pd.array([1, None, 2], dtype="Int64"),
            "week": pd.to_datetime(["2026-11-02", "2026-11-09", None]),
            "at": pd.to_datetime(["2026-11-02 10:00", None, "2026-11-03 11:00"]).tz_localize(
                "Europe/Helsinki"
            ),
            "stage": pd.Categorical(["offer", "meeting", "offer"]),
            "mixed": pd.Series(["1", 2, None], dtype=object),
        }
    )


def test_a_digest_is_the_same_for_the_same_values_and_different_for_any_other_value():
    frame = _every_kind()
    digest = chart_cache.content_digest(frame, index=False)
    rebuilt = _every_kind()  # new arrays, the same values
    assert chart_cache.content_digest(rebuilt, index=False) == digest
    assert chart_cache.content_digest(frame.copy(), index=False) == digest
    others = {
        "seller": "Aina", "share": 0.25, "offers": 4, "thin": False, "won": 5,
        "week": pd.Timestamp("2026-11-16"), "at": pd.Timestamp("2026-11-04 09:00", tz="Europe/Helsinki"),
        "stage": "meeting", "mixed": "3",
    }  # fmt: skip
    for column, value in others.items():
        for row in range(3):
            changed = _every_kind()
            if str(changed.at[row, column]) == str(value):
                continue
            changed.loc[row, column] = value
            assert chart_cache.content_digest(changed, index=False) != digest, (column, row)
    missing = _every_kind()
    missing.loc[0, "seller"] = None  # a name gone missing is another value
    assert chart_cache.content_digest(missing, index=False) != digest
    typed = _every_kind()
    typed.loc[0, "mixed"] = 1  # the number 1, not the text "1"
    assert chart_cache.content_digest(typed, index=False) != digest
    swapped = frame.assign(offers=frame["thin"].astype(int), thin=frame["offers"].astype(bool))
    assert chart_cache.content_digest(swapped, index=False) != digest


def test_a_digest_of_a_slice_is_the_digest_of_its_values():
    names = pd.Series([f"Seller {i}" for i in range(100_000)])
    head = names.head(3)  # shares the buffers of all 100,000 names
    assert chart_cache.content_digest(head, index=False) == chart_cache.content_digest(
        pd.Series(["Seller 0", "Seller 1", "Seller 2"]), index=False
    )
    assert chart_cache.content_digest(names.iloc[1:4].reset_index(drop=True), index=False) != (
        chart_cache.content_digest(head, index=False)
    )
    frame = _every_kind()
    assert chart_cache.content_digest(frame, index=True) != chart_cache.content_digest(
        frame.set_axis([7, 8, 9]), index=True
    )
    assert chart_cache.content_digest(frame, index=False) == chart_cache.content_digest(
        frame.set_axis([7, 8, 9]), index=False
    )


def test_rows_that_cannot_be_fingerprinted_are_built_every_time():
    sparklines = WEEKLY.assign(weekly=[[1, 2], [3], [], [4]])  # a column of lists
    with pytest.raises(Unkeyable):
        fingerprint(sparklines)
    assert charts.weekly_meetings_chart(sparklines) is not charts.weekly_meetings_chart(sparklines)


SCORECARD = pd.DataFrame(
    {
        "seller_id": ["S1", "S2"],
        "seller": ["Aino", "Ville"],
        "pipeline_coverage": [1.5, 0.6],
        "required_coverage": [2.0, 3.0],
        "thin": [True, True],
        "meetings": [12, 7],  # a column no coverage chart draws (a scorecard has 80 of them)
    }
)


def test_a_chart_that_names_its_columns_draws_and_hashes_only_those():
    seen = []

    @chart_cache.reused(reads=("name", "value", "extra"))
    def drawn(frame, name, value, *, extra=None, title=""):
        seen.append(list(frame.columns))
        return object()

    first = drawn(SCORECARD, "seller", "pipeline_coverage")
    assert seen == [["seller", "pipeline_coverage"]]  # only the columns named, None left out
    assert (
        drawn(SCORECARD.assign(meetings=[0, 0]), "seller", "pipeline_coverage") is first
    )  # not read: same figure
    assert drawn(SCORECARD.assign(pipeline_coverage=[1.5, 0.7]), "seller", "pipeline_coverage") is not first
    drawn(SCORECARD, "seller", "seller", extra="thin")
    assert seen[-1] == ["seller", "thin"]  # each column once
    with pytest.raises(KeyError):
        drawn(SCORECARD, "seller", "no_such_column")


def test_the_coverage_chart_of_a_whole_scorecard_is_the_figure_of_its_drawn_columns():
    whole = charts.coverage_chart(SCORECARD)
    drawn = SCORECARD[["seller", "pipeline_coverage", "required_coverage", "thin", "seller_id"]]
    assert charts.coverage_chart(drawn) is whole
    assert charts.coverage_chart(SCORECARD.assign(meetings=[1, 1])) is whole
    assert list(whole.data[0].y) == ["Aino", "Ville"] and list(whole.data[0].customdata) == ["S1", "S2"]
    assert list(whole.data[0].text) == ["1.5×", "0.6×"]


def test_only_the_figures_used_last_are_kept(monkeypatch):
    monkeypatch.setattr(chart_cache, "MAX_FIGURES", 2)
    first = charts.weekly_meetings_chart(WEEKLY, title="1")
    charts.weekly_meetings_chart(WEEKLY, title="2")
    assert charts.weekly_meetings_chart(WEEKLY, title="1") is first  # used again: kept
    charts.weekly_meetings_chart(WEEKLY, title="3")  # evicts "2", the one used longest ago
    assert charts.weekly_meetings_chart(WEEKLY, title="1") is first
    assert len(chart_cache._figures) == 2


def test_presentation_mode_draws_a_copy_and_leaves_the_shared_figure_alone():
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd
        import streamlit as st

        from salescoach import charts, ui

        st.query_params["present"] = "1"
        frame = pd.DataFrame(
            {"week": pd.to_datetime(["2026-11-02"]), "meetings": [3], "meetings_target": [2.0]}
        )
        ui.show_chart(charts.weekly_meetings_chart(frame), key="c")

    at = AppTest.from_function(page).run()
    assert not at.exception, [e.message for e in at.exception]
    (chart,) = sent_charts(at)
    assert chart.figure["layout"]["font"]["size"] == 18
    frame = pd.DataFrame({"week": pd.to_datetime(["2026-11-02"]), "meetings": [3], "meetings_target": [2.0]})
    assert charts.weekly_meetings_chart(frame).layout.font.size == 14  # the shared figure as built


def test_presentation_mode_grows_the_trend_grid_panel_titles_with_the_type():
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd
        import streamlit as st

        from salescoach import charts, ui

        st.query_params["present"] = "1"
        trend = pd.DataFrame(
            {"month": pd.to_datetime(["2026-10-01", "2026-11-01"]), "v": [1.0, 2.0], "v_median": [1.0, 1.0]}
        )
        panels = (charts.TrendPanel("v", "meetings", None, "Meetings"),)
        ui.show_chart(charts.trend_grid(trend.assign(v_p25=0.5, v_p75=1.5), "month", panels), key="grid")

    at = AppTest.from_function(page).run()
    assert not at.exception, [e.message for e in at.exception]
    spec = sent_charts(at)[0].figure
    assert spec["layout"]["font"]["size"] == 18
    assert [(a["text"], a["font"]["size"]) for a in spec["layout"]["annotations"]] == [
        ("Meetings", 19)
    ]  # 15 × 18/14
