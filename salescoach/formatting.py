"""The one formatter: every number, euro amount, percentage, multiple, date and period the
dashboard shows (tiles, tables, charts, notebook), in every language, from CLDR (Babel).

Each language reads its formats from one CLDR locale (`LOCALES`): the number, currency and
percent patterns, the decimal and group symbols, month and weekday names, the medium date
format and its interval (range) formats. Amounts are always euros.

| kind | en (en_IE) | fi (fi_FI) | sv (sv_FI) | nb (nb_NO) |
|---|---|---|---|---|
| count | 1,234 | 1 234 | 1 234 | 1 234 |
| eur | €1,234 | 1 234 € | 1 234 € | 1 234 € |
| pct | 42% | 42 % | 42 % | 42 % |
| times | 2.5× | 2,5× | 2,5× | 2,5× |
| ratio, number | 2.5 | 2,5 | 2,5 | 2,5 |
| date | 31 Jan 2026 | 31.1.2026 | 31 jan. 2026 | 31. jan. 2026 |
| span | 1 Oct – 23 Nov 2026 | 1.10.–23.11.2026 | 1 okt.–23 nov. 2026 | 1. okt.–23. nov. 2026 |
| month | Nov 2026 | marras 2026 | nov. 2026 | nov. 2026 |

The spaces inside fi, sv and nb numbers are no-break spaces (U+00A0, CLDR's group symbol and
the space in their patterns), so a number never wraps inside a table cell.

Speed: Babel's own `format_*` take 5-10 µs a call and a table formats thousands of cells per
rerun, so each (kind, language, decimals) is compiled once into a `NumberFormat` from the
CLDR pattern (`babel.numbers.parse_pattern`): it renders exactly what Babel's
`NumberPattern.apply` renders (tests/test_formatting.py checks it against Babel) in about
1 µs. Dates are cached per day. `format_series` formats a whole column.

Three deliberate departures from plain CLDR, each pinned in tests:
- quarter and week names come from the catalogues ("Q4 2026", "Viikko 47 2026"): CLDR's
  "4. nelj." (fi) and "K4" (sv, nb) are not what sales teams write; week numbers are ISO
  weeks, which is CLDR's week rule for all four locales (Monday first, 4 days minimum);
- a date span names the month on both sides ("1.11.–23.11.2026", "1 Nov – 23 Nov 2026",
  not CLDR's "1.–23.11.2026"), so each end reads as the date picked in the sidebar, and its
  dash has plain spaces where CLDR has thin ones (U+2009, which breaks lines as easily);
- a negative number that rounds to zero reads "0", not Babel's "-0"; the minus is the
  hyphen-minus Babel writes (it does not use CLDR's U+2212 of fi, sv and nb), so a cell copied
  into a spreadsheet stays a number.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

import babel
import babel.dates
import babel.numbers
import pandas as pd

from salescoach.i18n import resolve, t

# The CLDR locale of each language's formats. English: en_IE, a euro country's English
# (€1,234, 31 Jan 2026; en_GB writes the same, en_150 would write 1,234 €). Swedish: sv_FI,
# Finland's Swedish (the same number formats as sv_SE; Finland is where the dashboard is used).
LOCALES: dict[str, str] = {"en": "en_IE", "fi": "fi_FI", "sv": "sv_FI", "nb": "nb_NO"}
CURRENCY = "EUR"
NBSP = "\u00a0"
MISSING = "–"  # an undefined value (unknown is not zero)
TIMES = "×"  # CLDR has no pattern for a multiple: the number pattern with this sign after it

# The number kinds of a metric (salescoach/metrics.py) and their decimals.
NUMBER_KINDS: dict[str, int] = {"count": 0, "eur": 0, "pct": 0, "times": 1, "ratio": 1, "number": 1}
DATE_KINDS: tuple[str, ...] = ("date", "month")
KINDS: tuple[str, ...] = (*NUMBER_KINDS, "flag", *DATE_KINDS)

# The date skeleton each language writes a day in: CLDR's medium date (fi d.M.y; en d MMM y).
_DATE_SKELETONS: dict[str, str] = {"en": "yMMMd", "fi": "yMd", "sv": "yMMMd", "nb": "yMMMd"}


@cache
def _locale(lang: str) -> babel.Locale:
    return babel.Locale.parse(LOCALES[lang])


def cldr_locale(lang: str | None = None) -> babel.Locale:
    """The Babel locale of `lang` (default: the current language), parsed once."""
    return _locale(resolve(lang))


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------


def is_missing(value) -> bool:
    """None, NaN, NaT, pd.NA and infinities are undefined: shown as '–'."""
    if value is None:
        return True
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, Decimal):
        return not value.is_finite()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError, ArithmeticError):  # lists and other non-scalars are not "missing"
        return False


@dataclass(frozen=True)
class NumberFormat:
    """A CLDR number pattern compiled for one kind, language and number of decimals."""

    prefix: tuple[str, str]  # (positive, negative)
    suffix: tuple[str, str]
    decimals: int
    scale: int  # 2 for percent: the share 0.42 reads 42 %
    symbols: dict[int, int | str]  # str.translate table: Python's ',' and '.' to CLDR's group and decimal

    def __call__(self, value) -> str:
        if value.__class__ is float:  # the common case first: a float from a query
            if value != value or value in _INFINITIES:
                return MISSING
            number = Decimal(repr(value))  # as Babel: the shortest decimal that reads back as the float
        elif isinstance(value, Decimal):
            if not value.is_finite():
                return MISSING
            number = value
        elif is_missing(value):
            return MISSING
        else:
            number = _decimal(value)
            if number is None:
                return MISSING
        if self.scale:
            number = number.scaleb(self.scale)
        if number.is_signed():  # negative, or -0.0
            text = f"{-number:,.{self.decimals}f}"
            sign = 1 if text.strip("0.,") else 0  # no "-0"
        else:
            text, sign = f"{number:,.{self.decimals}f}", 0
        return self.prefix[sign] + text.translate(self.symbols) + self.suffix[sign]


_INFINITIES = (math.inf, -math.inf)


def _decimal(value) -> Decimal | None:
    """An int, a numpy number or a numeric string as a Decimal; None for what is no finite number
    (a word in a number column, a list): shown as '–', never an exception on a page."""
    try:
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    except (TypeError, ValueError, ArithmeticError):
        return None
    return number if number.is_finite() else None


def _base_pattern(kind: str, locale: babel.Locale) -> babel.numbers.NumberPattern:
    if kind == "eur":
        return babel.numbers.parse_pattern(locale.currency_formats["standard"].pattern)
    if kind == "pct":
        return babel.numbers.parse_pattern(locale.percent_formats[None].pattern)
    return babel.numbers.parse_pattern(locale.decimal_formats[None].pattern)


def cldr_pattern(
    kind: str, lang: str | None = None, decimals: int | None = None
) -> babel.numbers.NumberPattern:
    """The CLDR pattern of a number kind with its decimals fixed (what `NumberFormat` renders)."""
    if kind not in NUMBER_KINDS:
        raise ValueError(f"unknown number kind {kind!r}; use one of {', '.join(NUMBER_KINDS)}")
    pattern = copy.copy(_base_pattern(kind, cldr_locale(lang)))
    places = NUMBER_KINDS[kind] if decimals is None else decimals
    pattern.frac_prec = (places, places)
    if kind == "times":
        pattern.suffix = tuple(f"{s}{TIMES}" for s in pattern.suffix)
    return pattern


@cache
def _number_format(kind: str, lang: str, decimals: int | None) -> NumberFormat:
    locale = cldr_locale(lang)
    pattern = cldr_pattern(kind, lang, decimals)
    if pattern.grouping != (3, 3) or pattern.exp_prec or "@" in pattern.pattern:
        raise ValueError(f"{LOCALES[lang]}: the pattern {pattern.pattern!r} is not a plain grouped number")
    currency = babel.numbers.get_currency_symbol(CURRENCY, locale)
    percent = locale.number_symbols["latn"]["percentSign"]

    def literal(text: str) -> str:
        return text.replace("¤", currency).replace("'", "").replace("%", percent)

    return NumberFormat(
        prefix=(literal(pattern.prefix[0]), literal(pattern.prefix[1])),
        suffix=(literal(pattern.suffix[0]), literal(pattern.suffix[1])),
        decimals=pattern.frac_prec[0],
        scale=pattern.scale,
        symbols=str.maketrans(
            {",": babel.numbers.get_group_symbol(locale), ".": babel.numbers.get_decimal_symbol(locale)}
        ),
    )


def number_format(kind: str, lang: str | None = None, decimals: int | None = None) -> NumberFormat:
    """The compiled formatter of a number kind in `lang` (default: the current language)."""
    return _number_format(kind, resolve(lang), decimals)


def _day_text(render: Callable[[object, str], str], value, lang: str) -> str:
    """A date or month cell: '–' when missing or not a day at all (a table never fails on one)."""
    if is_missing(value):
        return MISSING
    try:
        return render(value, lang)
    except (TypeError, ValueError, OverflowError):  # 'garbage', a date pandas cannot hold
        return MISSING


def _flag(value, lang: str) -> str:
    if is_missing(value):
        return MISSING
    return t("metric.flag.thin", lang) if value else ""


def cell_formatter(
    kind: str, lang: str | None = None, decimals: int | None = None
) -> Callable[[object], str]:
    """One function that formats a value of `kind` in `lang`: the compiled number format, the
    flag word ('thin'), a date or a month. Resolve the language once and call it per cell."""
    code = resolve(lang)
    if kind in NUMBER_KINDS:
        return _number_format(kind, code, decimals)
    if kind == "flag":
        return lambda value: _flag(value, code)
    if kind == "date":
        return lambda value: _day_text(format_date, value, code)
    if kind == "month":
        return lambda value: _day_text(format_month, value, code)
    raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")


def format_value(kind: str, value, lang: str | None = None, *, decimals: int | None = None) -> str:
    """A value as the director reads it: `kind` is count, eur, pct, times, ratio, number, flag,
    date or month; '–' when undefined."""
    return cell_formatter(kind, lang, decimals)(value)


def format_series(
    kind: str, values: Iterable, lang: str | None = None, *, decimals: int | None = None
) -> list[str]:
    """A whole column (Series, array or list) formatted as `kind`: one text per value."""
    render = cell_formatter(kind, lang, decimals)
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    return [render(value) for value in items]


def format_number(value, decimals: int = 0, lang: str | None = None) -> str:
    """1,234.5 (en), 1 234,5 (fi, sv, nb); '–' when undefined."""
    return number_format("number", lang, decimals)(value)


def format_count(value, lang: str | None = None) -> str:
    """A whole number: 1,234 (en), 1 234 (fi, sv, nb)."""
    return number_format("count", lang)(value)


def format_currency(value, lang: str | None = None, decimals: int = 0) -> str:
    """Euros: €1,234.50 (en), 1 234,50 € (fi, sv, nb)."""
    return number_format("eur", lang, decimals)(value)


def format_percent(share, lang: str | None = None, decimals: int = 0) -> str:
    """A share (0.42) as a percentage: 42% (en), 42 % (fi, sv, nb)."""
    return number_format("pct", lang, decimals)(share)


def format_times(value, lang: str | None = None, decimals: int = 1) -> str:
    """A multiple: 2.5× (en), 2,5× (fi, sv, nb)."""
    return number_format("times", lang, decimals)(value)


def decimal_symbol(lang: str | None = None) -> str:
    """CLDR's decimal symbol: '.' (en), ',' (fi, sv, nb)."""
    return babel.numbers.get_decimal_symbol(cldr_locale(lang))


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's `separators` layout setting (the decimal, then the group symbol) from CLDR."""
    locale = cldr_locale(lang)
    return babel.numbers.get_decimal_symbol(locale) + babel.numbers.get_group_symbol(locale)


def csv_dialect(lang: str | None = None) -> tuple[str, str]:
    """(column separator, decimal symbol) a spreadsheet in `lang` opens as columns and numbers:
    with a decimal comma (fi, sv, nb) Excel separates columns with ';'; with a point, ','."""
    decimal = decimal_symbol(lang)
    return (";" if decimal == "," else ","), decimal


# --------------------------------------------------------------------------------------
# Dates and periods
# --------------------------------------------------------------------------------------


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


@cache
def _date_pattern(pattern: str) -> babel.dates.DateTimePattern:
    return babel.dates.parse_pattern(pattern)


@cache
def _skeleton(lang: str, name: str) -> str:
    """The CLDR pattern of a date skeleton in `lang` (e.g. yMMMd → 'd MMM y' in en_IE)."""
    return cldr_locale(lang).datetime_skeletons[name].pattern


@lru_cache(maxsize=8192)
def _render(pattern: str, day: dt.date, lang: str) -> str:
    return _date_pattern(pattern).apply(day, cldr_locale(lang))


def format_date(day, lang: str | None = None) -> str:
    """A day: 31 Jan 2026 (en), 31.1.2026 (fi), 31 jan. 2026 (sv), 31. jan. 2026 (nb)."""
    code = resolve(lang)
    return _render(_skeleton(code, _DATE_SKELETONS[code]), _as_date(day), code)


def format_dates(values: Iterable, lang: str | None = None) -> list[str]:
    """A column of days, '–' where there is none."""
    return format_series("date", values, lang)


def format_day_month(day, lang: str | None = None) -> str:
    """A day without its year: 31 Jan (en), 31.1. (fi), 31 jan. (sv), 31. jan. (nb)."""
    code = resolve(lang)
    return _render(_skeleton(code, _DATE_SKELETONS[code].replace("y", "")), _as_date(day), code)


def format_span(date_from, date_to, lang: str | None = None) -> str:
    """A date range with CLDR's interval format: 1 Oct – 23 Nov 2026 (en), 1.10.–23.11.2026 (fi);
    the year once when shared, the month on both sides (see the module's notes)."""
    code = resolve(lang)
    start, end = _as_date(date_from), _as_date(date_to)
    if start == end:
        return format_date(start, code)
    skeleton = _DATE_SKELETONS[code]
    first, second = cldr_locale(code).interval_formats[skeleton]["y" if start.year != end.year else "M"]
    return (_render(first, start, code) + _render(second, end, code)).replace("\u2009", " ")


def format_month(day, lang: str | None = None, short: bool = True) -> str:
    """A month: 'Nov 2026' / 'November 2026' (en), 'marras 2026' / 'marraskuu 2026' (fi)."""
    code = resolve(lang)
    return _render(_skeleton(code, "yMMM" if short else "yMMMM"), _as_date(day).replace(day=1), code)


def format_month_tick(day, lang: str | None = None) -> str:
    """A month on a chart axis, two-digit year: 'Nov 26' (en), 'marras 26' (fi), 'nov. 26' (sv)."""
    code = resolve(lang)
    pattern = _skeleton(code, "yMMM").replace("y", "yy")
    return _render(pattern, _as_date(day).replace(day=1), code)


def month_name(month: int, lang: str | None = None, short: bool = False) -> str:
    """'November' / 'Nov' (en), 'marraskuu' / 'marras' (fi): CLDR's stand-alone names."""
    names = cldr_locale(lang).months["stand-alone"]["abbreviated" if short else "wide"]
    return names[month]


def month_short(month: int, lang: str | None = None) -> str:
    """'Nov' (en), 'marras' (fi), 'nov.' (sv), 'nov' (nb)."""
    return month_name(month, lang, short=True)


def weekday_name(day, lang: str | None = None, short: bool = False) -> str:
    """'Monday' / 'Mon' (en), 'maanantai' / 'ma' (fi): CLDR's stand-alone names."""
    names = cldr_locale(lang).days["stand-alone"]["abbreviated" if short else "wide"]
    return names[_as_date(day).weekday()]


def quarter_name(day, lang: str | None = None) -> str:
    """'Q4 2026' (the catalogue's `period.quarter_name`: sales teams say Q4 in every language)."""
    day = _as_date(day)
    return t("period.quarter_name", lang, quarter=(day.month - 1) // 3 + 1, year=day.year)


def week_name(week: int, year: int | None = None, lang: str | None = None) -> str:
    """'Week 47' / 'Week 47 2026' (en), 'Viikko 47' (fi), 'Vecka 47' (sv), 'Uke 47' (nb); ISO weeks."""
    if year is None:
        return t("period.week", lang, week=week)
    return t("period.week_year", lang, week=week, year=year)


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def column_kind(values: pd.Series, kind: str | None = None) -> str | None:
    """How a table column is shown: its metric kind when given, else dates as dates, whole
    numbers as counts, other numbers with one decimal; None for text and true/false."""
    if kind is not None:
        return kind
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_datetime64_any_dtype(values):
        return "date"
    if pd.api.types.is_integer_dtype(values):
        return "count"
    if pd.api.types.is_numeric_dtype(values):
        return "number"
    return None


def _text(value) -> str:
    return MISSING if is_missing(value) else str(value)


def _table_cell(kind: str | None, lang: str) -> Callable[[object], str]:
    if kind is None:
        return _text
    if kind == "flag":  # a flag the table already turned into its marked word stays that word
        marked = t("metric.flag.thin_marked", lang)
        return lambda value: value if isinstance(value, str) else (marked if value is True else "")
    return cell_formatter(kind, lang)


@dataclass(frozen=True)
class TableLook:
    """What `table_styler`'s Styler shows, for a styling step that need not ask pandas
    (salescoach/ui/table_cache.py): each formatted column's formatter (the others as pandas
    shows them), the rows lit (one bool per row, None: none) and their colour."""

    formatters: Mapping[str, Callable[[object], str]]
    rows: object  # numpy bool array or None
    colour: str


TABLE_LOOK = "_salescoach_look"  # the attribute of a Styler of `table_styler` holding its TableLook


def table_styler(
    frame: pd.DataFrame,
    kinds: Mapping[str, str] | None = None,
    lang: str | None = None,
    *,
    highlight: Sequence[bool] | None = None,
    highlight_colour: str = "#fff3c4",
):
    """`frame` as a pandas Styler for `st.dataframe`: every cell shows this formatter's text
    (1 234 €, 42 %, 2,5×, 31.1.2026) while the table keeps the raw values, so it still sorts
    numerically. `kinds` maps columns to kinds (metric kinds, "date", "month"); other columns
    by their dtype (`column_kind`). `highlight` colours rows (one bool per row).

    Streamlit shows a Styler's display text only where the column config has no `format`
    (NumberColumn/DateColumn without `format`, TextColumn, Column): give none. Lists
    (sparklines) and true/false columns are drawn by their own column types.
    """
    code = resolve(lang)
    kinds = kinds or {}
    formatters = {}
    for column in frame.columns:
        values = frame[column]
        if (
            values.dtype == object
            and values.map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "shape")).any()
        ):
            continue  # a sparkline column
        formatters[column] = _table_cell(column_kind(values, kinds.get(column)), code)
    styler = frame.style.format(formatters)
    marks = list(highlight) if highlight is not None else []
    rows = pd.Series(marks, dtype=bool).to_numpy() if any(marks) else None
    setattr(styler, TABLE_LOOK, TableLook(formatters, rows, highlight_colour))
    if rows is not None:
        background = f"background-color: {highlight_colour}"

        def _row_colours(table: pd.DataFrame) -> pd.DataFrame:
            colours = pd.DataFrame("", index=table.index, columns=table.columns)
            colours.loc[rows] = background
            return colours

        styler = styler.apply(_row_colours, axis=None)
    return styler
