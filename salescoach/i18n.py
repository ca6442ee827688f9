"""The dashboard in English and Finnish: the catalogues, `t(key)`, and locale-aware formats.

Every UI string lives in `salescoach/locales/en.yaml` and `fi.yaml` (flat keys, the same keys
and `{placeholders}` in both; tests/test_i18n.py checks that and that every `t("...")` key used
in the code exists). Formats, by language:

| | English | Finnish |
|---|---|---|
| number | 1,234.5 | 1 234,5 |
| currency | €1,234.50 | 1 234,50 € |
| percent | 42% | 42 % |
| times | 2.5× | 2,5× |
| date | 31 Jan 2026 | 31.1.2026 |

Finnish separates thousands and units with a no-break space (U+00A0), so a number never
wraps inside a table cell. The pure functions take the language as a parameter; left out,
it is the language of the current Streamlit session (`current_language`), and outside
Streamlit the setting `SALESCOACH_LANG` or English.

The language of a session: `?lang=fi|en` in the URL (the sidebar switch keeps it there),
else the setting `SALESCOACH_LANG`, else the browser's (`st.context.locale`: fi* means
Finnish), else English.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from functools import cache
from pathlib import Path

import yaml

LANGUAGES: dict[str, str] = {"en": "English", "fi": "Suomi"}
DEFAULT_LANGUAGE = "en"
SETTING = "SALESCOACH_LANG"  # environment variable: the default language of every session
SESSION_KEY = "filter_lang"  # the sidebar switch's widget key (salescoach.ui keeps it in the URL as `lang`)
URL_NAME = "lang"
LOCALES = Path(__file__).resolve().parent / "locales"

NBSP = "\u00a0"
MISSING = "–"

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fi": (
        "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu",
        "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
    ),
}  # fmt: skip
MONTHS_SHORT: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fi": (
        "tammi", "helmi", "maalis", "huhti", "touko", "kesä",
        "heinä", "elo", "syys", "loka", "marras", "joulu",
    ),
}  # fmt: skip
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
}
WEEKDAYS_SHORT: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
}


# --------------------------------------------------------------------------------------
# Which language
# --------------------------------------------------------------------------------------


def language_of(value: object) -> str | None:
    """'fi', 'fi-FI', 'fi_FI.UTF-8' → 'fi'; 'en-GB' → 'en'; anything else → None."""
    text = str(value or "").strip().lower()
    for code in LANGUAGES:
        if text == code or text.startswith((f"{code}-", f"{code}_", f"{code}.")):
            return code
    return None


def default_language(browser_locale: str | None = None) -> str:
    """The setting `SALESCOACH_LANG` when set, else the browser's language when Finnish, else English."""
    setting = language_of(os.environ.get(SETTING))
    if setting:
        return setting
    return "fi" if language_of(browser_locale) == "fi" else DEFAULT_LANGUAGE


def browser_locale() -> str | None:
    """`st.context.locale` (the browser's navigator.language), None outside a browser session."""
    try:
        import streamlit as st

        value = st.context.locale
    except Exception:  # noqa: BLE001 - no session (AppTest, bare Python): no browser locale
        return None
    return value if isinstance(value, str) else None


def _script_context():
    """The Streamlit script run context of this thread, None outside a Streamlit session."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        return get_script_run_ctx(suppress_warning=True)
    except Exception:  # noqa: BLE001 - an internal API; without it, behave as outside Streamlit
        return None


def session_default_language() -> str:
    """The language a new session starts in: the setting, else the browser's, else English."""
    return default_language(browser_locale())


def _session_language() -> str:
    import streamlit as st

    chosen = st.session_state.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    from_url = st.query_params.get(URL_NAME)
    if from_url in LANGUAGES:
        return from_url
    return session_default_language()


# Reading the session state costs ~25 µs, and a big table formats thousands of cells: the language
# is kept on the script run context for the rest of the run. `ctx.cursors` is a new dict at the
# start of every run (ScriptRunContext.reset), so a language kept from an earlier run is not used.
_RUN_ATTRIBUTE = "_salescoach_language"


def set_run_language(lang: str) -> None:
    """The language of the rest of this script run (the sidebar switch calls it once drawn)."""
    ctx = _script_context()
    if ctx is not None and lang in LANGUAGES:
        try:
            setattr(ctx, _RUN_ATTRIBUTE, (getattr(ctx, "cursors", None), lang))
        except AttributeError:  # a context that takes no attributes: every call reads the session
            pass


def current_language() -> str:
    """The language of this Streamlit session (the sidebar switch, else the URL, else the default).

    Outside Streamlit: the setting `SALESCOACH_LANG`, else English.
    """
    ctx = _script_context()
    if ctx is None:
        return default_language()
    kept = getattr(ctx, _RUN_ATTRIBUTE, None)
    run = getattr(ctx, "cursors", None)
    if kept is not None and run is not None and kept[0] is run:
        return kept[1]
    lang = _session_language()
    if run is not None:
        set_run_language(lang)
    return lang


def resolve(lang: str | None) -> str:
    """`lang` when it is one of LANGUAGES, else the current language."""
    return lang if lang in LANGUAGES else current_language()


# --------------------------------------------------------------------------------------
# The catalogues
# --------------------------------------------------------------------------------------


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Key → text of one language, read once from salescoach/locales/<lang>.yaml."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    with open(LOCALES / f"{lang}.yaml", encoding="utf-8") as file:
        data = yaml.safe_load(file) or {}
    return {str(key): str(value) for key, value in data.items()}


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text of `key` in `lang` (default: the current language), `{placeholders}` filled in.

    A key missing from the language falls back to English, then to the key itself, so a
    missing translation shows rather than breaks a page (tests/test_i18n.py keeps them all there).
    """
    code = resolve(lang)
    text = catalogue(code).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue(DEFAULT_LANGUAGE)


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(float(value)))
    except (TypeError, ValueError):
        try:
            import pandas as pd

            return bool(pd.isna(value))
        except (TypeError, ValueError, ImportError):
            return False


def format_number(value, decimals: int = 0, lang: str | None = None) -> str:
    """1,234.5 (en) or 1 234,5 (fi, no-break space between thousands); '–' when undefined."""
    if _missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    if resolve(lang) == "fi":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def format_count(value, lang: str | None = None) -> str:
    """A whole number: 1,234 (en), 1 234 (fi)."""
    if _missing(value):
        return MISSING
    return format_number(int(round(float(value))), 0, lang)


def format_currency(value, lang: str | None = None, decimals: int = 0) -> str:
    """Euros: €1,234.50 (en), 1 234,50 € (fi)."""
    if _missing(value):
        return MISSING
    number = format_number(abs(float(value)), decimals, lang)
    negative = float(value) < 0 and number.strip("0.,") != ""
    if resolve(lang) == "fi":
        return f"{'-' if negative else ''}{number}{NBSP}€"
    return f"{'-' if negative else ''}€{number}"


def format_percent(share, lang: str | None = None, decimals: int = 0) -> str:
    """A share (0.42) as a percentage: 42% (en), 42 % (fi)."""
    if _missing(share):
        return MISSING
    number = format_number(float(share) * 100, decimals, lang)
    return f"{number}{NBSP}%" if resolve(lang) == "fi" else f"{number}%"


def format_times(value, lang: str | None = None, decimals: int = 1) -> str:
    """A multiple: 2.5× (en), 2,5× (fi)."""
    if _missing(value):
        return MISSING
    return f"{format_number(value, decimals, lang)}×"


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's `separators` layout setting: the decimal and the thousands character."""
    return f",{NBSP}" if resolve(lang) == "fi" else ".,"


# --------------------------------------------------------------------------------------
# Dates and periods
# --------------------------------------------------------------------------------------


def month_name(month: int, lang: str | None = None) -> str:
    """'November' (en), 'marraskuu' (fi)."""
    return MONTHS[resolve(lang)][month - 1]


def month_short(month: int, lang: str | None = None) -> str:
    """'Nov' (en), 'marras' (fi)."""
    return MONTHS_SHORT[resolve(lang)][month - 1]


def weekday_name(day: dt.date, lang: str | None = None, short: bool = False) -> str:
    """'Monday' / 'Mon' (en), 'maanantai' / 'ma' (fi)."""
    return (WEEKDAYS_SHORT if short else WEEKDAYS)[resolve(lang)][day.weekday()]


def format_date(day: dt.date, lang: str | None = None) -> str:
    """31 Jan 2026 (en), 31.1.2026 (fi)."""
    if resolve(lang) == "fi":
        return f"{day.day}.{day.month}.{day.year}"
    return f"{day.day} {month_short(day.month, 'en')} {day.year}"


def format_day_month(day: dt.date, lang: str | None = None) -> str:
    """A date without its year: 31 Jan (en), 31.1. (fi)."""
    if resolve(lang) == "fi":
        return f"{day.day}.{day.month}."
    return f"{day.day} {month_short(day.month, 'en')}"


def format_span(date_from: dt.date, date_to: dt.date, lang: str | None = None) -> str:
    """A date range: 1 Oct – 23 Nov 2026 (en), 1.10.–23.11.2026 (fi); the year once when shared."""
    code = resolve(lang)
    if date_from == date_to:
        return format_date(date_from, code)
    dash = "–" if code == "fi" else " – "
    if date_from.year == date_to.year:
        return f"{format_day_month(date_from, code)}{dash}{format_date(date_to, code)}"
    return f"{format_date(date_from, code)}{dash}{format_date(date_to, code)}"


def format_month(day, lang: str | None = None, short: bool = True) -> str:
    """A month: 'Nov 2026' / 'November 2026' (en), 'marras 2026' / 'marraskuu 2026' (fi)."""
    name = month_short(day.month, lang) if short else month_name(day.month, lang)
    return f"{name} {day.year}"


def quarter_name(day: dt.date, lang: str | None = None) -> str:
    """'Q4 2026' in both languages (Finnish sales teams say Q4 too)."""
    return t("period.quarter_name", lang, quarter=(day.month - 1) // 3 + 1, year=day.year)


def week_name(week: int, year: int | None = None, lang: str | None = None) -> str:
    """'Week 47' / 'Week 47 2026' (en), 'Viikko 47' / 'Viikko 47 2026' (fi)."""
    if year is None:
        return t("period.week", lang, week=week)
    return t("period.week_year", lang, week=week, year=year)
