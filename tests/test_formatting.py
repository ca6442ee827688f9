"""salescoach.formatting: one formatter, from CLDR (Babel), for every surface.

The compiled number formats render exactly what Babel renders from the same CLDR patterns
(checked over hand-picked and generated values), every kind reads as pinned by hand in each
of the four languages, a column formats like its cells, and a table shows the formatter's
texts while keeping its numbers (a pandas Styler, as Streamlit 1.67 draws it).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import babel
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import formatting
from salescoach.formatting import MISSING, NBSP

D = dt.date
LANGS = list(formatting.LOCALES)


# -- the compiled formats are CLDR's, as Babel renders them ---------------------------------


def babel_text(kind: str, value, lang: str, decimals: int | None = None) -> str:
    """What Babel itself writes for `value` with the CLDR pattern the formatter compiles."""
    locale = babel.Locale.parse(formatting.LOCALES[lang])
    pattern = formatting.cldr_pattern(kind, lang, decimals)
    text = pattern.apply(value, locale, currency="EUR", currency_digits=False)
    # The one departure: no "-0" for a negative value that rounds to zero.
    digits = "".join(ch for ch in text if ch.isdigit())
    return text.replace("-", "", 1) if set(digits) <= {"0"} else text


EDGES = [0, -0.0, 1, -1, 0.5, 1.5, 2.5, 2.25, 12.25, 0.125, 0.35, 0.425, 0.005, -0.2, -0.004, 999.5, 1234.5,
         -1234.5, 1234567.891, 10**9 + 0.5, 2 / 3, 1 / 7, 0.1 + 0.2, 1e-7, 123456789012.0]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(formatting.NUMBER_KINDS))
def test_every_number_kind_renders_as_babel_renders_cldr(kind, lang):
    render = formatting.number_format(kind, lang)
    assert [render(v) for v in EDGES] == [babel_text(kind, v, lang) for v in EDGES]
    assert [render(v) for v in EDGES] == [formatting.format_value(kind, v, lang) for v in EDGES]


@given(
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False) | st.integers(-(10**12), 10**12),
    lang=st.sampled_from(LANGS),
    kind=st.sampled_from(list(formatting.NUMBER_KINDS)),
    decimals=st.sampled_from([None, 0, 1, 2]),
)
def test_any_number_renders_as_babel_renders_cldr(value, lang, kind, decimals):
    assert formatting.number_format(kind, lang, decimals)(value) == babel_text(kind, value, lang, decimals)


def test_the_cldr_locales_and_their_symbols():
    assert formatting.LOCALES == {"en": "en_IE", "fi": "fi_FI", "sv": "sv_FI", "nb": "nb_NO"}
    assert [formatting.plotly_separators(lang) for lang in LANGS] == [
        ".,",
        f",{NBSP}",
        f",{NBSP}",
        f",{NBSP}",
    ]
    assert [formatting.csv_dialect(lang) for lang in LANGS] == [
        (",", "."),
        (";", ","),
        (";", ","),
        (";", ","),
    ]
    # ISO weeks are CLDR's week rule in all four: Monday first, a week of 4 days or more is week 1.
    for lang in LANGS:
        locale = formatting.cldr_locale(lang)
        assert (locale.first_week_day, locale.min_week_days) == (0, 4), lang


# -- every kind, pinned by hand in each language ----------------------------------------------

N = NBSP
PINNED = {
    #            en                 fi                      sv                      nb
    ("count", 1234): ("1,234", f"1{N}234", f"1{N}234", f"1{N}234"),
    ("count", 2.5): ("2", "2", "2", "2"),  # half to even
    ("eur", 1234.5): ("€1,234", f"1{N}234{N}€", f"1{N}234{N}€", f"1{N}234{N}€"),
    ("eur", -1234): ("-€1,234", f"-1{N}234{N}€", f"-1{N}234{N}€", f"-1{N}234{N}€"),
    ("eur", -0.2): ("€0", f"0{N}€", f"0{N}€", f"0{N}€"),
    ("pct", 0.42): ("42%", f"42{N}%", f"42{N}%", f"42{N}%"),
    ("pct", 10 / 11): ("91%", f"91{N}%", f"91{N}%", f"91{N}%"),  # 90.9 points, not truncated
    ("times", 2.9): ("2.9×", "2,9×", "2,9×", "2,9×"),
    ("ratio", 2.25): ("2.2", "2,2", "2,2", "2,2"),
    ("number", 12345.67): ("12,345.7", f"12{N}345,7", f"12{N}345,7", f"12{N}345,7"),
    ("flag", True): ("thin", "ohut", "tunn", "tynn"),
    ("flag", False): ("", "", "", ""),
    ("date", D(2026, 1, 31)): ("31 Jan 2026", "31.1.2026", "31 jan. 2026", "31. jan. 2026"),
    ("month", D(2026, 11, 23)): ("Nov 2026", "marras 2026", "nov. 2026", "nov. 2026"),
}


@pytest.mark.parametrize(("kind", "value"), list(PINNED))
def test_each_kind_in_each_language(kind, value):
    assert tuple(formatting.format_value(kind, value, lang) for lang in LANGS) == PINNED[(kind, value)]


@pytest.mark.parametrize("kind", formatting.KINDS)
def test_unknown_is_a_dash_never_zero(kind):
    for missing in (None, float("nan"), np.nan, pd.NA, pd.NaT, float("inf"), -math.inf, Decimal("NaN")):
        assert formatting.format_value(kind, missing, "fi") == MISSING, missing


# Values past what any page expects (issue 12): a table or tile formats them, never fails.
HUGE = 1.7976931348623157e308  # the largest float
HUGE_INPUTS = (1e12, 1e308, -1e308, HUGE, -HUGE, 10**400, -(10**400), Decimal("1e400"), np.float64(1e308),
               np.int64(2**63 - 1), 5e-324, Decimal("sNaN"), Decimal("-Infinity"), "1e308", "no number",
               [1, 2], complex(1, 1), object())  # fmt: skip


@pytest.mark.parametrize("kind", formatting.NUMBER_KINDS)
def test_huge_infinite_and_foreign_values_never_raise(kind):
    for value in HUGE_INPUTS:
        text = formatting.format_value(kind, value, "fi")
        assert isinstance(text, str) and text, value
    for lang in LANGS:
        for value in (math.inf, -math.inf, math.nan, Decimal("sNaN"), "no number", [1], complex(1, 1)):
            assert formatting.format_value(kind, value, lang) == MISSING, (value, lang)
    # a huge number is written out in full: 10**15 euros is 16 digits in 6 groups
    assert formatting.format_value("eur", 1e15, "en") == "€1,000,000,000,000,000"
    assert formatting.format_value("count", 10**400, "fi").replace(N, "") == "1" + "0" * 400
    assert formatting.format_value("eur", -HUGE, "fi").replace(N, "").startswith("-179769313486231570")


def test_huge_and_foreign_values_in_flags_dates_and_columns_never_raise():
    assert formatting.format_value("flag", Decimal("sNaN"), "en") == MISSING
    assert formatting.format_value("flag", 1e308, "en") == formatting.t("metric.flag.thin", "en")
    for kind in ("date", "month"):
        for value in ("garbage", "2026-02-30", [1], 1e308, "99999-01-01"):
            assert formatting.format_value(kind, value, "en") == MISSING, (kind, value)
    assert formatting.format_value("date", D(9999, 12, 31), "fi") == "31.12.9999"
    assert formatting.format_value("date", D(1, 1, 1), "en") == "1 Jan 1"
    assert formatting.format_value("month", D(9999, 12, 31), "en") == "Dec 9999"
    assert formatting.format_span(D(1, 1, 1), D(9999, 12, 31), "en") == "1 Jan 1 – 31 Dec 9999"
    column = pd.Series([1e308, HUGE, math.inf, None, "x"], dtype=object)
    assert formatting.format_series("eur", column, "en")[2:] == [MISSING, MISSING, MISSING]
    styler = formatting.table_styler(pd.DataFrame({"value": [HUGE, -HUGE, math.inf]}), {"value": "eur"}, "en")
    assert "179,769,313" in styler.to_html()


def test_decimals_and_the_other_number_types():
    assert formatting.format_currency(1234.5, "fi", decimals=2) == f"1{N}234,50{N}€"
    assert formatting.format_percent(0.4256, "en", decimals=1) == "42.6%"
    assert formatting.format_value("eur", Decimal("1234.50"), "en") == "€1,234"  # half to even
    assert formatting.format_value("count", np.int64(1234), "en") == "1,234"
    assert formatting.format_value("count", True, "en") == "1"
    with pytest.raises(ValueError, match="unknown kind"):
        formatting.format_value("money", 1, "en")


def test_dates_spans_months_and_periods_in_each_language():
    spans = [formatting.format_span(D(2026, 11, 1), D(2026, 11, 23), lang) for lang in LANGS]
    assert spans == [
        "1 Nov – 23 Nov 2026",
        "1.11.–23.11.2026",
        "1 nov.–23 nov. 2026",
        "1. nov.–23. nov. 2026",
    ]
    assert [formatting.format_day_month(D(2026, 1, 31), lang) for lang in LANGS] == [
        "31 Jan", "31.1.", "31 jan.", "31. jan."
    ]  # fmt: skip
    assert [formatting.format_month_tick(D(2026, 11, 1), lang) for lang in LANGS] == [
        "Nov 26", "marras 26", "nov. 26", "nov. 26"
    ]  # fmt: skip
    assert [formatting.month_name(3, lang) for lang in LANGS] == ["March", "maaliskuu", "mars", "mars"]
    assert [formatting.weekday_name(D(2026, 11, 29), lang, short=True) for lang in LANGS] == [
        "Sun", "su", "sön", "søn."
    ]  # fmt: skip
    assert [formatting.quarter_name(D(2026, 2, 1), lang) for lang in LANGS] == ["Q1 2026"] * 4
    assert [formatting.week_name(53, 2026, lang) for lang in LANGS] == [
        "Week 53 2026", "Viikko 53 2026", "Vecka 53 2026", "Uke 53 2026"
    ]  # fmt: skip
    # Timestamps and datetimes read as their day.
    assert formatting.format_date(pd.Timestamp("2026-11-23 15:00"), "fi") == "23.11.2026"
    assert formatting.format_date(dt.datetime(2026, 11, 23, 23, 59), "en") == "23 Nov 2026"


# -- columns ------------------------------------------------------------------------------------


def test_a_column_formats_like_its_cells():
    values = pd.Series([1234.5, None, 0.0, -3.25, float("nan")])
    assert formatting.format_series("eur", values, "fi") == [
        f"1{N}234{N}€", MISSING, f"0{N}€", f"-3{N}€", MISSING
    ]  # fmt: skip
    for kind in formatting.NUMBER_KINDS:
        assert formatting.format_series(kind, values, "sv") == [
            formatting.format_value(kind, v, "sv") for v in values
        ]
    nullable = pd.array([1234, None, 3], dtype="Int64")
    assert formatting.format_series("count", nullable, "en") == ["1,234", MISSING, "3"]
    days = pd.Series(pd.to_datetime(["2026-11-23", None]))
    assert formatting.format_dates(days, "nb") == ["23. nov. 2026", MISSING]
    assert formatting.format_series("pct", np.array([0.5, 0.25]), "en") == ["50%", "25%"]


# -- tables: the formatter's texts on screen, the numbers underneath ----------------------------


def _display(styler) -> pd.DataFrame:
    """The display texts Streamlit 1.67 sends for a Styler (ArrowData.styler.display_values)."""
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    proto = ArrowData()
    marshall_styler(proto, styler, "t")
    return pa.ipc.open_stream(io.BytesIO(proto.styler.display_values)).read_all().to_pandas(), proto


def test_a_table_shows_the_formatter_text_and_keeps_the_numbers():
    frame = pd.DataFrame(
        {
            "seller": ["Aino", "Ville", None],
            "sales": [1234.5, None, 0.0],
            "hit_rate": [0.425, 0.5, None],
            "pipeline_coverage": [2.9, None, 0.31],
            "thin": ["⚠ ohut", "", ""],  # show_table turns a flag into its word before
            "closed_date": pd.to_datetime(["2026-11-23", None, "2026-01-31"]),
            "meetings": pd.array([12, 1234, None], dtype="Int64"),
            "avg": [1.25, 2.0, 3.75],
            "weekly_meetings": [[1, 2], [3], []],  # a sparkline column is drawn by its own column type
        }
    )
    kinds = {"sales": "eur", "hit_rate": "pct", "pipeline_coverage": "times", "thin": "flag"}
    styler = formatting.table_styler(frame, kinds, "fi")
    assert styler.data is frame  # the raw values: the table sorts 0.425 < 0.5, 1234.5 > 0
    shown, proto = _display(styler)
    assert shown["seller"].tolist() == ["Aino", "Ville", MISSING]
    assert shown["sales"].tolist() == [f"1{N}234{N}€", MISSING, f"0{N}€"]
    assert shown["hit_rate"].tolist() == [f"42{N}%", f"50{N}%", MISSING]
    assert shown["pipeline_coverage"].tolist() == ["2,9×", MISSING, "0,3×"]  # as the tiles write it
    assert shown["thin"].tolist() == ["⚠ ohut", "", ""]
    assert shown["closed_date"].tolist() == ["23.11.2026", MISSING, "31.1.2026"]
    assert shown["meetings"].tolist() == ["12", f"1{N}234", MISSING]  # whole numbers: counts
    assert shown["avg"].tolist() == ["1,2", "2,0", "3,8"]  # other numbers: one decimal, half to even
    assert not proto.styler.styles  # no highlight asked: no CSS
    english, _ = _display(formatting.table_styler(frame, kinds, "en"))
    assert (
        english["sales"].tolist() == ["€1,234", MISSING, "€0"] and english["closed_date"][0] == "23 Nov 2026"
    )


def test_a_table_colours_highlighted_rows():
    frame = pd.DataFrame({"seller": ["A", "B", "C"], "sales": [1.0, 2.0, 3.0]})
    _, proto = _display(
        formatting.table_styler(frame, {"sales": "eur"}, "en", highlight=[False, True, False])
    )
    assert "row1_col0" in proto.styler.styles and "row1_col1" in proto.styler.styles
    assert "row0_col0" not in proto.styler.styles and "#fff3c4" in proto.styler.styles


def test_streamlit_shows_the_styler_text_in_number_and_date_columns_without_a_format():
    """In AppTest: st.dataframe gets the raw numbers and, beside them, the formatter's texts."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        import pandas as pd
        import streamlit as st

        from salescoach import formatting

        frame = pd.DataFrame(
            {"sales": [1234.5, 10.0], "closed": pd.to_datetime(["2026-11-23", "2026-01-31"])}
        )
        st.dataframe(
            formatting.table_styler(frame, {"sales": "eur"}, "sv"),
            column_config={
                "sales": st.column_config.NumberColumn("Försäljning"),
                "closed": st.column_config.DateColumn("Avslutad"),
            },
        )

    at = AppTest.from_function(page).run()
    assert not at.exception
    (table,) = at.dataframe
    assert table.value["sales"].tolist() == [1234.5, 10.0]  # sorts as numbers
    shown = (
        pa.ipc.open_stream(io.BytesIO(table.proto.arrow_data.styler.display_values)).read_all().to_pandas()
    )
    assert shown["sales"].tolist() == [f"1{N}234{N}€", f"10{N}€"]
    assert shown["closed"].tolist() == ["23 nov. 2026", "31 jan. 2026"]
