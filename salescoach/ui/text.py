"""Data shown as text: user text escaped for Streamlit's Markdown, stored values as plain strings,
dates and periods written out in the session's language.

Names, notes, file names and error messages that echo them are data: they go through
`escape_markdown` before any Streamlit element that renders Markdown, or are shown with
`st.text` / inside a dataframe.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from salescoach import i18n
from salescoach.contract import ACTION_OWNERS
from salescoach.i18n import t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'^])")


def escape_markdown(text: object) -> str:
    """`text` with every Markdown (and Streamlit directive) character backslash-escaped: user
    text (names, notes, file names, error messages that echo them) shown as text, never markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def plain(value) -> str:
    """A stored text value as a string ('' for missing)."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def format_date(day: dt.date, lang: str | None = None) -> str:
    """A date: 23.11.2026 (fi), 23 Nov 2026 (en); `lang` defaults to the current language."""
    return i18n.format_date(day, lang)


def format_span(date_from: dt.date, date_to: dt.date, lang: str | None = None) -> str:
    """A date range: 1.10.–23.11.2026 (fi), 1 Oct – 23 Nov 2026 (en); the year once when shared."""
    return i18n.format_span(date_from, date_to, lang)


def quarter_name(day: dt.date, lang: str | None = None) -> str:
    """'Q4 2026' for a day in October-December 2026."""
    return i18n.quarter_name(day, lang)


def owner_label(owner: str) -> str:
    """An action's owner: 'Seller' / 'Manager' (fi: 'Myyjä' / 'Esihenkilö'); an unknown owner as
    stored, capitalised."""
    return t(f"coaching.owner.{owner}") if owner in ACTION_OWNERS else str(owner).capitalize()
