"""The sidebar filters' state kept in the URL: widget keys, their URL names, and the sync between them.

Filters live in the URL (``?period=month&date=2026-11-01&team=SMB&seller=S01&present=1``),
so every view is a shareable link that survives a reload. The URL is synced by hand
rather than with ``bind="query-params"``: a bound selectbox stores its *formatted*
label in the URL and silently drops values it does not know, while the seller page
must read ``?seller=S01`` by id and explain an unknown id; and a bound parameter can
not be set through ``st.switch_page(query_params=...)`` for drill-down.

Whatever the URL holds, the page draws: an unknown period, team, seller, language or
presentation flag falls back to its default (the sidebar says so for a team and a seller), and a
day outside `DATE_RANGE` (``?date=9999-12-31``) or not a day at all is replaced, with a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from salescoach import contract, formatting, i18n
from salescoach.i18n import t
from salescoach.periods import PERIOD_KINDS
from salescoach.ui.text import Markdown, escape_markdown

# The days a date filter can hold and every date picker offers (sidebar, notes search, note
# form); a URL's day outside them is clamped. They are the data contract's dates: the import
# refuses any other, so every stored day fits a picker (unless written past the import).
DATE_RANGE: tuple[dt.date, dt.date] = (contract.FIRST_DATE, contract.LAST_DATE)

# Widget keys; the URL uses the names in URL_NAMES.
KEY_PERIOD = "filter_period"
KEY_DATE = "filter_date"
KEY_FROM = "filter_from"
KEY_TO = "filter_to"
KEY_TEAM = "filter_team"
KEY_SELLER = "filter_seller"
KEY_PRESENT = "presentation_mode"
KEY_LANG = i18n.SESSION_KEY
URL_NAMES = {
    KEY_PERIOD: "period",
    KEY_DATE: "date",
    KEY_FROM: "from",
    KEY_TO: "to",
    KEY_TEAM: "team",
    KEY_SELLER: "seller",
    KEY_PRESENT: "present",
    KEY_LANG: i18n.URL_NAME,
}
URL_PARAMS: tuple[str, ...] = tuple(URL_NAMES.values())
ALL = ""  # the "all teams" / "all sellers" option
_MEMO = "_salescoach_url_memo"
_TRUE = ("1", "true", "yes")


def date_limits() -> dict[str, object]:
    """A date picker's limits and format (`st.date_input(..., **date_limits())`)."""
    return {"min_value": DATE_RANGE[0], "max_value": DATE_RANGE[1], "format": "DD.MM.YYYY"}


def clamp_date(day: dt.date) -> dt.date:
    """`day`, or the nearest end of `DATE_RANGE` when it lies outside (a date picker refuses it)."""
    return min(max(day, DATE_RANGE[0]), DATE_RANGE[1])


def _parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


_DATE_FIELDS = {KEY_DATE: "sidebar.period_containing", KEY_FROM: "sidebar.from", KEY_TO: "sidebar.to"}
_SHOWN_CHARACTERS = 40  # of a URL value echoed in a note


@dataclass(frozen=True)
class DateNote:
    """A URL date the filters did not take as it was: outside `DATE_RANGE` (`day` set) or not a
    date (`raw`); `shown` is the day used instead."""

    key: str
    raw: str
    day: dt.date | None
    shown: dt.date

    def text(self) -> Markdown:
        """The note in the current language (made after the URL's language is taken)."""
        field = t(_DATE_FIELDS[self.key])
        shown = formatting.format_date(self.shown)
        if self.day is None:
            raw = self.raw if len(self.raw) <= _SHOWN_CHARACTERS else self.raw[:_SHOWN_CHARACTERS] + "…"
            return t("sidebar.url_date_invalid", field=field, value=escape_markdown(raw), shown=shown)
        return t(
            "sidebar.url_date_outside",
            field=field,
            date=formatting.format_date(self.day),
            span=formatting.format_span(*DATE_RANGE),
            shown=shown,
        )


def _url_date(key: str, raw: str | None, default: dt.date) -> tuple[dt.date, DateNote | None]:
    """The day a URL date stands for, and a note when it is not one the date picker can hold."""
    day = _parse_date(raw)
    if raw and day is None:
        return default, DateNote(key, raw, None, default)
    if day is None:
        return default, None
    if clamp_date(day) != day:
        return clamp_date(day), DateNote(key, raw or "", day, clamp_date(day))
    return day, None


def _page_id() -> str:
    try:
        ctx = get_script_run_ctx()
        return ctx.page_script_hash if ctx is not None else ""
    except Exception:  # noqa: BLE001 - an internal API; without it, treat every run as the same page
        return ""


def drawn_this_run(key: str) -> bool:
    """True when the widget `key` was drawn in this script run (the sidebar ran before the page)."""
    try:
        ctx = get_script_run_ctx()
        return ctx is not None and key in ctx.shared.widget_user_keys_this_run
    except Exception:  # noqa: BLE001 - an internal API; without it, trust the stored filters
        return True


def _url_value(key: str, raw: str | None, defaults: Mapping[str, object]) -> object:
    """The widget value a URL parameter stands for (its default when missing or not valid;
    dates: `_url_date`)."""
    if key == KEY_PERIOD:
        return raw if raw in PERIOD_KINDS else defaults[key]
    if key == KEY_PRESENT:
        return raw in _TRUE
    if key == KEY_LANG:
        return raw if raw in i18n.LANGUAGES else defaults[key]
    return raw if raw else ALL


def adopt_url(defaults: Mapping[str, object]) -> list[DateNote]:
    """Before the widgets are made: take the filters from the URL when it changed outside them.

    The URL wins on a session's first run (a shared link or a reload), after
    `st.switch_page(query_params=...)` and after a hand-edited URL. Sidebar navigation
    between pages drops the query string; then the session's filters stay and are
    written back to the URL. Returns a note for each URL date that was replaced
    (outside `DATE_RANGE`, or not a date).
    """
    url = {key: st.query_params.get(name) for key, name in URL_NAMES.items()}
    memo = st.session_state.get(_MEMO)
    if memo is not None:
        if url == memo["params"]:
            return []
        if memo["page"] != _page_id() and all(v is None for v in url.values()):
            return []
    notes = []
    for key, raw in url.items():
        if key in _DATE_FIELDS:
            st.session_state[key], note = _url_date(key, raw, defaults[key])
            notes += [note] if note else []
        else:
            st.session_state[key] = _url_value(key, raw, defaults)
    return notes


def _url_text(value: object, default: object) -> str | None:
    """How a widget value reads in the URL; None when it is the default (left out of the URL)."""
    if value is None or value == default or value == ALL:
        return None
    if isinstance(value, bool):
        return "1" if value else None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_url(values: Mapping[str, object], defaults: Mapping[str, object]) -> dict[str, str]:
    """Put the non-default filter values in the URL (and only those) and remember them.

    Returns them as URL query parameters (name → text).
    """
    wanted = {key: _url_text(values.get(key), defaults.get(key)) for key in URL_NAMES}
    for key, name in URL_NAMES.items():
        current = st.query_params.get(name)
        if wanted[key] is None and current is not None:
            del st.query_params[name]
        elif wanted[key] is not None and current != wanted[key]:
            st.query_params[name] = wanted[key]
    st.session_state[_MEMO] = {"page": _page_id(), "params": wanted}
    return {URL_NAMES[k]: v for k, v in wanted.items() if v is not None}


def page_changed() -> bool:
    """True when this run is on another page than the run that last wrote the URL (a page switch
    or the navigation), False on the same page or on a session's first run."""
    memo = st.session_state.get(_MEMO)
    return memo is not None and memo["page"] != _page_id()


def presentation_mode() -> bool:
    """True on the shared screen: pages must then show no coaching note text at all.

    The presentation toggle's state, or the URL's `present=1` before the sidebar has drawn it
    (app.py reads it for the page config, before anything else).
    """
    if KEY_PRESENT in st.session_state:
        return bool(st.session_state[KEY_PRESENT])
    return st.query_params.get("present") in _TRUE
