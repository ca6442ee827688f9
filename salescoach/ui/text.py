"""Data shown as text: user text escaped for Streamlit's Markdown, stored values as plain strings,
dates and periods written out in the session's language.

Names, notes, file names and error messages that echo them are data: they go through
`escape_markdown` before any Streamlit element that renders Markdown, or are shown with
`st.text` / inside a dataframe.
"""

from __future__ import annotations

import re

import pandas as pd

from salescoach.contract import ACTION_OWNERS
from salescoach.formatting import format_date, format_span, quarter_name
from salescoach.i18n import t

__all__ = ["escape_markdown", "format_date", "format_span", "owner_label", "plain", "quarter_name"]

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


def owner_label(owner: str) -> str:
    """An action's owner: 'Seller' / 'Manager' (fi: 'Myyjä' / 'Esihenkilö'); an unknown owner as
    stored, capitalised."""
    return t(f"coaching.owner.{owner}") if owner in ACTION_OWNERS else str(owner).capitalize()
