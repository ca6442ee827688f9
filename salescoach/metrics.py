"""How each measure reads: its label, help text and display format, on every surface.

The measures themselves (SQL, display kind, which way is better) are defined once, in
queries/measures.yaml, and loaded by `salescoach.measures`; `METRICS` here is that registry
(every measure a result shows). Pages, charts, CSV headers and help texts all read from
here, so the same number reads the same on every page of a team review. Labels and help
texts are in the catalogues (salescoach/locales/en.yaml, fi.yaml); formats follow the language.
"""

from __future__ import annotations

from salescoach import formatting
from salescoach.i18n import t
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


def format_value(name_or_fmt: str, value, lang: str | None = None) -> str:
    """A value as the director reads it, in `lang` (default: the current language); '–' when undefined.

    `name_or_fmt` is a metric name or a kind (count, eur, pct, times, ratio, number, flag, date,
    month); anything else reads as a number with one decimal, as before.
    English: €1,234, 42%, 2.5×; Finnish: 1 234 €, 42 %, 2,5× (see salescoach.formatting).
    """
    fmt = METRICS[name_or_fmt].fmt if name_or_fmt in METRICS else name_or_fmt
    return formatting.format_value(fmt if fmt in formatting.KINDS else "number", value, lang)
