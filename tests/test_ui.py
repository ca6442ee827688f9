"""The page kit without a browser: period arithmetic, filter parameters, default period, team totals."""

import dataclasses
import datetime as dt
import io
import json

import pandas as pd
import pyarrow as pa
import pytest

from salescoach import periods, ui
from salescoach.formatting import NBSP as N
from salescoach.ui import tables

D = dt.date


@pytest.mark.parametrize(
    ("kind", "reference", "expected"),
    [
        # ISO weeks run Monday to Sunday, also across the turn of the year.
        ("week", D(2026, 11, 25), (D(2026, 11, 23), D(2026, 11, 29))),
        ("week", D(2026, 11, 23), (D(2026, 11, 23), D(2026, 11, 29))),
        ("week", D(2026, 11, 29), (D(2026, 11, 23), D(2026, 11, 29))),
        ("week", D(2026, 1, 1), (D(2025, 12, 29), D(2026, 1, 4))),
        ("month", D(2026, 2, 14), (D(2026, 2, 1), D(2026, 2, 28))),
        ("month", D(2028, 2, 10), (D(2028, 2, 1), D(2028, 2, 29))),
        ("month", D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31))),
        ("quarter", D(2026, 11, 23), (D(2026, 10, 1), D(2026, 12, 31))),
        ("quarter", D(2026, 3, 31), (D(2026, 1, 1), D(2026, 3, 31))),
        ("quarter", D(2026, 4, 1), (D(2026, 4, 1), D(2026, 6, 30))),
        ("quarter", D(2026, 8, 15), (D(2026, 7, 1), D(2026, 9, 30))),
        ("year", D(2026, 6, 15), (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds_of_each_kind(kind, reference, expected):
    assert periods.period_bounds(kind, reference) == expected


def test_a_running_period_ends_on_the_latest_data_date():
    latest = D(2026, 11, 23)
    assert periods.period_bounds("quarter", latest, latest) == (D(2026, 10, 1), D(2026, 11, 23))
    assert periods.period_bounds("year", D(2026, 2, 1), latest) == (D(2026, 1, 1), D(2026, 11, 23))
    assert periods.period_bounds("week", latest, latest) == (D(2026, 11, 23), D(2026, 11, 23))
    # A finished period keeps its last day; a period after the data is not cut either.
    assert periods.period_bounds("quarter", D(2026, 5, 5), latest) == (D(2026, 4, 1), D(2026, 6, 30))
    assert periods.period_bounds("quarter", D(2027, 2, 1), latest) == (D(2027, 1, 1), D(2027, 3, 31))
    # Latest data on the period's last day: nothing to cut.
    assert periods.period_bounds("month", D(2026, 11, 30), D(2026, 11, 30)) == (
        D(2026, 11, 1),
        D(2026, 11, 30),
    )


def test_custom_period_takes_its_days_and_swaps_a_backwards_range():
    assert periods.period_bounds("custom", D(2026, 1, 1), None, D(2026, 9, 15), D(2026, 11, 2)) == (
        D(2026, 9, 15),
        D(2026, 11, 2),
    )
    assert periods.period_bounds("custom", D(2026, 1, 1), None, D(2026, 11, 2), D(2026, 9, 15)) == (
        D(2026, 9, 15),
        D(2026, 11, 2),
    )
    # A custom period is never cut at the latest data date.
    assert periods.period_bounds("custom", D(2026, 1, 1), D(2026, 10, 1), D(2026, 9, 1), D(2026, 12, 31))[
        1
    ] == D(2026, 12, 31)


def test_unknown_period_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown period kind"):
        periods.period_bounds("fortnight", D(2026, 1, 1))


@pytest.mark.parametrize(
    ("kind", "reference", "latest", "expected"),
    [
        ("quarter", D(2026, 11, 23), D(2026, 11, 23), "Q4 2026 to date"),
        ("quarter", D(2026, 5, 1), D(2026, 11, 23), "Q2 2026"),
        ("month", D(2026, 11, 2), None, "November 2026"),
        ("week", D(2026, 11, 25), None, "Week 48 2026"),
        ("week", D(2026, 1, 1), None, "Week 1 2026"),
        ("year", D(2025, 3, 3), D(2026, 11, 23), "2025"),
    ],
)
def test_period_labels(kind, reference, latest, expected):
    start, end = periods.period_bounds(kind, reference, latest)
    assert periods.period_label(kind, start, end, latest) == expected


def test_dates_read_the_finnish_way_in_finnish_and_the_english_way_by_default():
    assert ui.format_date(D(2026, 11, 3), "fi") == "3.11.2026"
    assert ui.format_span(D(2026, 10, 1), D(2026, 11, 23), "fi") == "1.10.–23.11.2026"
    assert ui.format_span(D(2025, 12, 1), D(2026, 1, 31), "fi") == "1.12.2025–31.1.2026"
    assert ui.format_span(D(2026, 5, 5), D(2026, 5, 5), "fi") == "5.5.2026"
    assert ui.format_date(D(2026, 11, 3)) == "3 Nov 2026"
    assert ui.format_span(D(2026, 10, 1), D(2026, 11, 23)) == "1 Oct – 23 Nov 2026"
    assert ui.quarter_name(D(2026, 11, 23)) == "Q4 2026"
    assert ui.quarter_name(D(2026, 1, 1)) == "Q1 2026"


def test_filters_bind_as_query_parameters():
    filters = periods.make_filters("month", D(2026, 11, 5), D(2026, 11, 23), team="SMB", seller_id="S07")
    assert filters.params() == {
        "date_from": D(2026, 11, 1),
        "date_to": D(2026, 11, 23),
        "as_of": D(2026, 11, 23),
        "teams": ["SMB"],
        "seller_id": "S07",
    }
    assert filters.period_label == "November 2026 to date"
    assert filters.describe() == "November 2026 to date · 1 Nov – 23 Nov 2026 · team SMB"
    everyone = periods.make_filters("year", D(2025, 6, 1), D(2026, 11, 23))
    assert everyone.params()["teams"] is None and everyone.params()["seller_id"] is None
    assert everyone.describe() == "2025 · 1 Jan – 31 Dec 2025 · all teams"
    # A director's "All my teams": no one team picked, every query bound to their teams.
    mine = periods.make_filters("year", D(2025, 6, 1), D(2026, 11, 23), teams=["SMB", "Public sector"])
    assert mine.team is None and mine.params()["teams"] == ["SMB", "Public sector"]
    assert mine.describe() == "2025 · 1 Jan – 31 Dec 2025 · your teams: SMB, Public sector"
    assert mine.describe("fi") == "2025 · 1.1.–31.12.2025 · tiimisi: SMB, Public sector"
    # A picked team wins over the list (and a replaced team moves the list with it).
    picked = periods.make_filters("year", D(2025, 6, 1), None, team="SMB", teams=["SMB", "Public sector"])
    assert picked.params()["teams"] == ["SMB"] and picked.describe().endswith("· team SMB")
    assert dataclasses.replace(mine, team="Public sector").params()["teams"] == ["Public sector"]


def test_filter_parameters_run_in_a_query(tiny_coach):
    # $teams is null or list_contains($teams, s.team): None means every team.
    everyone = periods.make_filters("quarter", D(2026, 2, 15), None)
    assert sorted(tiny_coach.query("weekly_meetings_by_seller", **everyone.params())["seller_id"]) == [
        "S1",
        "S2",
        "S3",
    ]
    team_b = periods.make_filters("quarter", D(2026, 2, 15), None, team="B")
    assert tiny_coach.query("weekly_meetings_by_seller", **team_b.params())["seller_id"].tolist() == ["S3"]


def test_default_period_is_the_quarter_to_date_of_the_latest_data(tiny_coach, empty_coach):
    # The last done activity (A11) and the last deal (D2) are on 2026-04-01; planned activities and
    # expected close dates do not count.
    latest = tiny_coach.query("latest_data_date")["latest_data_date"].iloc[0]
    assert latest.date() == D(2026, 4, 1)
    reference = periods.default_reference_date(latest.date(), today=D(2030, 1, 1))
    filters = periods.make_filters(periods.DEFAULT_PERIOD, reference, latest.date())
    assert (filters.date_from, filters.date_to, filters.as_of) == (
        D(2026, 4, 1),
        D(2026, 4, 1),
        D(2026, 4, 1),
    )
    assert filters.period_label == "Q2 2026 to date"
    # An empty database has no latest date: the period is built around today.
    empty = empty_coach.query("latest_data_date")["latest_data_date"].iloc[0]
    assert empty is None or empty != empty
    assert periods.default_reference_date(None, today=D(2026, 11, 23)) == D(2026, 11, 23)


def test_team_medians_leave_out_undefined_values(tiny_coach):
    card = tiny_coach.scorecard("2026-01-01", "2026-03-31", as_of="2026-02-15")
    medians = ui.team_medians(card[card["team"] == "A"], ["meetings", "hit_rate", "pipeline_coverage"])
    assert medians["meetings"] == pytest.approx(2.5)  # S1 5, S2 0
    assert medians["hit_rate"] == pytest.approx(2 / 3)  # S2 decided nothing: left out
    assert medians["pipeline_coverage"] == pytest.approx(4000 / 12700)
    assert ui.team_medians(card[card["team"] == "B"], ["hit_rate"]) == {"hit_rate": None}


def test_csv_of_a_table_has_labels_units_and_plain_numbers(tiny_coach):
    card = tiny_coach.scorecard("2026-01-01", "2026-03-31", as_of="2026-02-15").set_index("seller_id")
    view = card.loc[["S1"], ["seller", "hit_rate", "sales", "pipeline_coverage", "thin"]]
    headers = {"seller": "Seller", "hit_rate": "Hit rate", "sales": "Sales", "pipeline_coverage": "Coverage"}
    headers["thin"] = "Thin pipeline"
    kinds = {"hit_rate": "pct", "sales": "eur", "pipeline_coverage": "times", "thin": "flag"}
    frame = tables.csv_frame(view.reset_index(drop=True), headers, kinds)
    assert list(frame.columns) == ["Seller", "Hit rate (%)", "Sales (€)", "Coverage", "Thin pipeline"]
    assert frame.iloc[0].tolist() == ["Aino Virtanen", 66.7, 5300.0, 0.31, "yes"]


def _rendered_tables(rows: int, highlight_row: int | None):
    """Render `show_table` in AppTest: a scorecard-like table of `rows` rows, one row highlighted."""
    from streamlit.testing.v1 import AppTest

    def page(rows: int, highlight_row: int | None) -> None:
        import pandas as pd

        from salescoach import ui

        frame = pd.DataFrame(
            {
                "seller": [f"Seller {i}" for i in range(rows)],
                "sales": [1234.5 * i for i in range(rows)],
                "hit_rate": [0.5 if i % 2 else None for i in range(rows)],
                "thin": [i == 0 for i in range(rows)],
                "closed_date": pd.to_datetime(["2026-11-23"] * rows),
            }
        )
        marks = None if highlight_row is None else [i == highlight_row for i in range(rows)]
        ui.show_table(frame, ["seller", "sales", "hit_rate", "thin", "closed_date"], key="t", highlight=marks)

    at = AppTest.from_function(page, kwargs={"rows": rows, "highlight_row": highlight_row}).run()
    assert not at.exception
    (table,) = at.dataframe
    return table, json.loads(table.proto.columns)


def _shown(table) -> pd.DataFrame:
    """The texts the browser draws in each cell (the Styler's display values)."""
    return pa.ipc.open_stream(io.BytesIO(table.proto.arrow_data.styler.display_values)).read_all().to_pandas()


@pytest.mark.parametrize(
    ("lang", "money", "percent", "day", "sales_label", "thin"),
    [
        ("en", "€1,234", "50%", "23 Nov 2026", "Sales", "⚠ thin"),
        ("fi", f"1{N}234{N}€", f"50{N}%", "23.11.2026", "Myynti", "⚠ ohut"),
    ],
)
def test_show_table_shows_the_formatters_text_and_keeps_the_numbers(
    monkeypatch, lang, money, percent, day, sales_label, thin
):
    monkeypatch.setenv("SALESCOACH_LANG", lang)
    table, config = _rendered_tables(3, None)
    assert table.value["sales"].tolist() == [0, 1234.5, 2469.0]  # numbers: they sort numerically
    assert table.value["hit_rate"].tolist()[1] == 0.5  # the fraction itself, shown as 50 %
    shown = _shown(table)
    assert shown["sales"].tolist()[1] == money  # 1234.5 rounds to whole euros... half to even
    assert shown["hit_rate"].tolist() == ["–", percent, "–"]
    assert shown["closed_date"].tolist() == [day] * 3
    # no column format: a `format` would make the browser draw its own text instead
    assert "format" not in config["sales"]["type_config"]
    assert config["sales"]["label"] == sales_label and config["sales"]["help"]
    assert table.value["thin"].tolist() == [thin, "", ""]


def test_show_table_colours_a_highlighted_row_at_any_length():
    for rows, picked in ((3, 1), (400, 7)):
        table, _ = _rendered_tables(rows, picked)
        styles = table.proto.arrow_data.styler.styles
        assert f"row{picked}_col0" in styles and "row0_col0" not in styles and "#fff3c4" in styles
        assert list(table.value.columns) == ["seller", "sales", "hit_rate", "thin", "closed_date"]
