"""Data shown as text: user text escaped for Streamlit's Markdown, option labels, stored values as
plain strings, dates and periods written out in the session's language.

Names, notes, reasons, file names and messages that echo them are data. Each kind of surface has
one function here, and every page and kit function uses it (tests/test_markup_everywhere.py
checks the code for a data value that reaches a Markdown surface without it):

| surface | renders | data goes through |
|---|---|---|
| st.title/header/subheader, st.caption, st.markdown, st.write, alerts (st.error, st.warning, ...), st.toast, st.badge, button and widget labels, help texts, tab and expander labels, metric label/value/delta, radio, segmented control, pills and select slider options | Markdown and Streamlit's directives | `escape_markdown` |
| st.selectbox and st.multiselect options (their `format_func`) and placeholders | plain text | `option_label` |
| st.text, st.code, st.dataframe cells and headers, text input values | plain text | nothing (`plain` for a missing value) |
| plotly charts (axis ticks, legend, hover, annotations) | plotly's HTML subset | `salescoach.charts.chart_text` |

What Streamlit 1.67's Markdown honours (its frontend, `StreamlitMarkdown.tsx`, checked in a real
browser by tests/test_browser_markup.py): CommonMark and GFM (emphasis, links, images, autolinks,
tables, strikethrough), KaTeX (`$`, `$$`), directives (`:red[...]`, `:small[...]`, `:help[...]`),
and rewrites that backslash escapes do not stop, because they act on the text, not on the syntax:
`:material/` becomes `:material_` before parsing, and after it GFM's literal autolinks
(`http://…`, `www.…`, `name@host`), icons and emoji (`:material/home:`, `:streamlit:`, `:smile:`)
and arrows (` -> ` becomes →). `escape_markdown` backslash-escapes every character the
parser reads as markup and puts an invisible U+2060 WORD JOINER where one of those rewrites would
match, so the text reads (and copies) as typed, without links, images, colours or formulas.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from salescoach.contract import ACTION_OWNERS
from salescoach.formatting import format_date, format_span, quarter_name
from salescoach.i18n import t
from salescoach.periods import Filters

__all__ = [
    "Markdown",
    "describe_filters",
    "escape_markdown",
    "format_date",
    "format_span",
    "option_label",
    "owner_label",
    "plain",
    "quarter_name",
]

# Text that is safe to render as Markdown: catalogue text, the formatter's numbers and dates, and
# data through `escape_markdown`. Kit functions annotate their parameters that reach a Markdown
# surface with it; the code check (tests/test_markup_everywhere.py) holds every caller to it.
Markdown = str

WORD_JOINER = "\u2060"  # invisible, no line break: splits a rewrite's pattern without showing
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'^])")
_BREAKS = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]{2,}|[\t\r\n\f\v\x85\u2028\u2029]")
# The text rewrites after parsing, each kept from matching by a word joiner at the marked place:
_REWRITES = (
    re.compile(r"(:material)(?=/)"),  # ':material/' (rewritten before parsing) → before the '/'
    re.compile(r"(:[\w+\-/]+)(?=:)"),  # :material/home:, :streamlit:, :smile: → before the closing ':'
    re.compile(r"(?i)(https?)(?=:)"),  # http://… autolink → between 'http' and ':'
    re.compile(r"(?i)(www)(?=\.)"),  # www.… autolink → between 'www' and '.'
    re.compile(r"(@[\w\-]+)(?=\.)"),  # name@host.com autolink → before the host's first '.'
    re.compile(r"([<>~\-])(?=[\-=>])"),  # ->, <-, <->, --, >=, <=, ~= → between the two signs
)


class _Escaped(str):
    """A string `escape_markdown` made: escaping it again changes nothing."""


def escape_markdown(text: object) -> Markdown:
    """`text` for any Streamlit element that renders Markdown, shown exactly as typed.

    Every Markdown, directive, KaTeX and HTML character is backslash-escaped, line breaks and
    runs of spaces become one space (a label or heading is one line; four spaces would start a
    code block), and a word joiner keeps Streamlit's text rewrites (autolinks, icons, emoji,
    arrows) from matching. Escaping twice is escaping once.
    """
    if isinstance(text, _Escaped):
        return text
    value = _BREAKS.sub(" ", str(text))
    for rewrite in _REWRITES:
        value = rewrite.sub(r"\1" + WORD_JOINER, value)
    return _Escaped(_MARKDOWN_SPECIAL.sub(r"\\\1", value))


def option_label(value: object) -> str:
    """A data value as a selectbox or multiselect option (their `format_func`): those show plain
    text (no Markdown), so the value as it is, on one line ('' for missing)."""
    if type(value) is str:  # the usual case, without `plain`'s missing-value checks (a picker of 500 names)
        return _BREAKS.sub(" ", value)
    return _BREAKS.sub(" ", plain(value))


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
    stored, capitalised (plain text: for a selectbox or `st.text`)."""
    return t(f"coaching.owner.{owner}") if owner in ACTION_OWNERS else str(owner).capitalize()


def describe_filters(page_filters: Filters) -> Markdown:
    """`Filters.describe()` for a Markdown caption: 'Q4 2026 to date · 1 Oct – 23 Nov 2026 · team
    SMB', the team names (data) escaped."""
    teams = page_filters.teams
    shown = dataclasses.replace(
        page_filters,
        team=escape_markdown(page_filters.team) if page_filters.team else None,
        teams=tuple(escape_markdown(team) for team in teams) if teams is not None else None,
    )
    return shown.describe()  # markdown-safe: the only data in it, the team names, escaped above
