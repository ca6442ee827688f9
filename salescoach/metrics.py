"""How each measure reads: its label, help text and display format, on every surface.

The measures themselves (SQL, display kind, which way is better) are defined once, in
queries/measures.yaml, and loaded by `salescoach.measures`; `METRICS` here is that registry
(every measure a result shows). Pages, charts, CSV headers and help texts all read from
here, so the same number reads the same on every page of a team review. Labels and help
texts are in the catalogues (salescoach/locales/en.yaml, fi.yaml); formats follow the language.
"""

from __future__ import annotations

import pandas as pd

from salescoach.i18n import (
    MISSING,
    format_count,
    format_currency,
    format_number,
    format_percent,
    format_times,
    resolve,
    t,
)
from salescoach.measures import Measure, public

# A measure: `name`, `fmt` (its display kind: count | eur | pct | ratio | times | number |
# flag), `better`, and its label and help text from the catalogues (`metric.<name>.label`,
# `metric.<name>.help` in salescoach/locales/*.yaml), in the current language.
Metric = Measure

METRICS: dict[str, Metric] = public()


def label(name: str, lang: str | None = None) -> str:
    """The metric's label in `lang` (default: the current language); other names read as words."""
    if name in METRICS:
        return t(f"metric.{name}.label", lang)
    return name.replace("_", " ").capitalize()


def help_text(name: str, lang: str | None = None) -> str | None:
    """What the metric is and how a director might use it in a GROW conversation (None: not a metric)."""
    return t(f"metric.{name}.help", lang) if name in METRICS else None


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars are not "missing"
        return False


def format_value(name_or_fmt: str, value, lang: str | None = None) -> str:
    """A value as the director reads it, in `lang` (default: the current language); '–' when undefined.

    English: €1,234, 42%, 2.5×; Finnish: 1 234 €, 42 %, 2,5× (see salescoach.i18n).
    """
    fmt = METRICS[name_or_fmt].fmt if name_or_fmt in METRICS else name_or_fmt
    if _missing(value):
        return MISSING
    lang = resolve(lang)  # once: a table formats thousands of cells
    if fmt == "flag":
        return t("metric.flag.thin", lang) if value else ""
    if fmt == "count":
        return format_count(value, lang)
    if fmt == "eur":
        return format_currency(value, lang)
    if fmt == "pct":
        return format_percent(value, lang)
    if fmt == "times":
        return format_times(value, lang)
    if fmt == "ratio":
        return format_number(value, 1, lang)
    return format_number(value, 1, lang)
