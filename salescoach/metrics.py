"""Each measure defined once: its label, how it is shown, and what it tells a director.

Pages, charts, CSV headers and help texts all read from here, so the same number
reads the same on every page of a team review. Labels and help texts are in the
catalogues (salescoach/locales/en.yaml, fi.yaml); formats follow the language.
"""

from __future__ import annotations

from dataclasses import dataclass

from salescoach import formatting
from salescoach.i18n import t


@dataclass(frozen=True)
class Metric:
    """A measure: its name and display format; its label and help text come from the catalogues
    (`metric.<name>.label`, `metric.<name>.help` in salescoach/locales/*.yaml), in the current language."""

    name: str
    fmt: str  # count | eur | pct | ratio | times | number | flag

    @property
    def label(self) -> str:
        return t(f"metric.{self.name}.label")

    @property
    def help(self) -> str:
        return t(f"metric.{self.name}.help")


_METRICS = (
    Metric("meetings", "count"),
    Metric("calls", "count"),
    Metric("meetings_target", "number"),
    Metric("new_business_share", "pct"),
    Metric("needs_share", "pct"),
    Metric("offers_sent", "count"),
    Metric("offers_won", "count"),
    Metric("offers_lost", "count"),
    Metric("won_value", "eur"),
    Metric("lost_value", "eur"),
    Metric("hit_rate", "pct"),
    Metric("value_hit_rate", "pct"),
    Metric("offers_per_win", "ratio"),
    Metric("meeting_to_offer", "ratio"),
    Metric("sales", "eur"),
    Metric("sales_target", "eur"),
    Metric("open_offers", "count"),
    Metric("open_pipeline", "eur"),
    Metric("weighted_pipeline", "eur"),
    Metric("overdue_offers", "count"),
    Metric("quarter_target", "eur"),
    Metric("quarter_sales", "eur"),
    Metric("quarter_remaining_target", "eur"),
    Metric("quarter_pipeline", "eur"),
    Metric("pipeline_coverage", "times"),
    Metric("value_hit_rate_12m", "pct"),
    Metric("required_coverage", "times"),
    Metric("thin", "flag"),
    Metric("pipeline_gap", "eur"),
    Metric("avg_offer_value", "eur"),
    Metric("offers_needed", "count"),
    Metric("value", "eur"),
    Metric("probability", "pct"),
    Metric("sent_value", "eur"),
    Metric("expected_value", "eur"),
    Metric("upcoming_value", "eur"),
    Metric("overdue_value", "eur"),
    Metric("share_of_lost_offers", "pct"),
    Metric("share_of_lost_value", "pct"),
)

METRICS: dict[str, Metric] = {m.name: m for m in _METRICS}


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
