"""Who needs the director now, and why: the attention list (plain Python, no Streamlit).

The list is a pure function of data, so every surface shows the same one (the team overview,
the CLI `attention` command, and later the review mode, the PDF and the e-mail digest):

    frame = coach.scorecards(attention.periods(as_of), teams=teams)   # the rows in
    ranked = attention.rank(attention.inputs(frame), as_of)            # the ranked rows out

or `attention.attention_list(coach, as_of, teams)` for both steps. `inputs` turns the scorecard
of `periods(as_of)` into one row per active seller (the columns of `INPUT_COLUMNS`); `rank`
runs every reason of the registry over those rows and returns one row per seller with at least
one reason: `rank`, `seller_id`, `seller`, `team`, `urgency`, `reasons` (stable codes, most
urgent first), `why` (the reasons in plain words, from the catalogues) and the figures
(`FIGURES`), most urgent first.

**The rule (urgency).** Each reason measures a shortfall against the seller's own need, as a
share of that need (0 to 1): the pipeline missing of what the seller's own hit rate requires
(next quarter, this quarter), the meetings missing of the target, the drop of the hit rate
against the seller's own previous 12 months, the share of open offers past their expected close
date. A seller's urgency is the largest of their shortfalls; sellers are ranked by urgency,
then by the pipeline missing in euros (both quarters), then by name.

**Adding a reason** (the coaching loop adds `one_on_one_overdue` and `actions_overdue`): write
a function of one seller's row that returns a `Finding` or None, register it with
`@reason("code", needs=("column", ...))`, and add `attention.reason.<code>` to every
catalogue (its placeholders are the finding's figures, formatted by `FIGURE_KINDS`). Columns a
reason needs beyond the scorecard's come in `rank(..., extra=frame)`, a frame with `seller_id`
and those columns (e.g. each seller's last 1:1 day, from the coaching store); a reason whose
columns are not there is skipped, so the list works before and after that data exists.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from salescoach import formatting
from salescoach.i18n import t
from salescoach.periods import next_quarter_start, quarter_start

Period = tuple[dt.date, dt.date, dt.date]  # date_from, date_to, as_of

ACTIVITY_DAYS = 28  # meetings against target over the last four weeks
RECENT_HIT_RATE_DAYS = 90  # the hit rate of the last 90 days ...
EARLIER_HIT_RATE_DAYS = 365  # ... against the seller's own 12 months before them
ACTIVITY_SHORTFALL = 0.2  # "well below target": under 80 % of the meetings target
HIT_RATE_DROP = 0.10  # "falling": at least 10 percentage points below the seller's own level
MIN_DECIDED = 5  # decided offers needed in each window before a hit rate is compared
OVERDUE_SHARE = 0.10  # overdue offers count when at least a tenth of the open ones are overdue
ONE_ON_ONE_LATE_CADENCES = 2  # a 1:1 overdue by two cadences (or never held) is fully short
ACTIONS_OVERDUE_MIN = 2  # agreed actions overdue (both sides together) before they are a reason

# The columns `inputs` gives per seller: (scorecard period, scorecard column) -> input column.
_FROM_PERIOD: dict[int, dict[str, str]] = {
    1: {  # the quarter to date: the pipeline as of as_of, this quarter's and the next quarter's
        "quarter_target": "quarter_target",
        "quarter_remaining_target": "quarter_remaining_target",
        "quarter_pipeline": "quarter_pipeline",
        "pipeline_coverage": "pipeline_coverage",
        "required_coverage": "required_coverage",
        "thin": "thin",
        "pipeline_gap": "pipeline_gap",
        "offers_needed": "offers_needed",
        "next_quarter_target": "next_quarter_target",
        "next_quarter_pipeline": "next_quarter_pipeline",
        "next_quarter_coverage": "next_quarter_coverage",
        "thin_next_quarter": "thin_next_quarter",
        "next_quarter_gap": "next_quarter_gap",
        "next_quarter_offers_needed": "next_quarter_offers_needed",
        "open_offers": "open_offers",
        "overdue_offers": "overdue_offers",
    },
    2: {"meetings": "meetings_4_weeks", "meetings_target": "meetings_target_4_weeks"},
    3: {"hit_rate": "hit_rate_90_days", "offers_won": "won_90_days", "offers_lost": "lost_90_days"},
    4: {"hit_rate": "hit_rate_before", "offers_won": "won_before", "offers_lost": "lost_before"},
}
SELLER_COLUMNS = ("seller_id", "seller", "team")
INPUT_COLUMNS: tuple[str, ...] = (
    *SELLER_COLUMNS,
    *(column for columns in _FROM_PERIOD.values() for column in columns.values()),
)

# The figures of a ranked row (CLI columns, CSV, JSON), each with its display kind; the
# reasons' texts format their placeholders with the same kinds.
FIGURE_KINDS: dict[str, str] = {
    "next_quarter": "quarter",
    "next_quarter_pipeline": "eur",
    "next_quarter_target": "eur",
    "next_quarter_needed": "eur",
    "next_quarter_gap": "eur",
    "next_quarter_offers_needed": "count",
    "quarter": "quarter",
    "quarter_end": "date",
    "quarter_pipeline": "eur",
    "quarter_left_to_sell": "eur",
    "quarter_needed": "eur",
    "pipeline_gap": "eur",
    "offers_needed": "count",
    "required_coverage": "times",
    "open_offers": "count",
    "overdue_offers": "count",
    "meetings_4_weeks": "count",
    "meetings_target_4_weeks": "number",
    "hit_rate_90_days": "pct",
    "decided_90_days": "count",
    "hit_rate_before": "pct",
    "decided_before": "count",
    "shortfall": "pct",
}
FIGURES: tuple[str, ...] = tuple(name for name in FIGURE_KINDS if name != "shortfall")
# The kinds of figures a finding carries itself (the coaching loop's), for its text only.
FINDING_KINDS: dict[str, str] = {
    "last_one_on_one": "date",
    "next_one_on_one_due": "date",
    "cadence_days": "count",
    "one_on_one_days_overdue": "count",
    "overdue_actions_seller": "count",
    "overdue_actions_manager": "count",
    "open_actions": "count",
}
RESULT_COLUMNS: tuple[str, ...] = (
    "rank",
    "seller_id",
    "seller",
    "team",
    "urgency",
    "reasons",
    "why",
    *FIGURES,
)
# The columns of `python -m salescoach attention` (CSV and JSON), in this order.
CLI_COLUMNS: tuple[str, ...] = ("seller_id", "seller", "team", "rank", "urgency", "reasons", "why", *FIGURES)


def periods(as_of: dt.date) -> list[Period]:
    """The scorecard periods the list reads, in the order `inputs` expects: the quarter to date
    (the pipeline as of `as_of`), the last 4 weeks (meetings), the last 90 days and the 365 days
    before them (the hit rate against the seller's own)."""
    recent_start = as_of - dt.timedelta(days=RECENT_HIT_RATE_DAYS - 1)
    earlier_end = recent_start - dt.timedelta(days=1)
    earlier_start = earlier_end - dt.timedelta(days=EARLIER_HIT_RATE_DAYS - 1)
    return [
        (quarter_start(as_of), as_of, as_of),
        (as_of - dt.timedelta(days=ACTIVITY_DAYS - 1), as_of, as_of),
        (recent_start, as_of, as_of),
        (earlier_start, earlier_end, earlier_end),
    ]


def inputs(scorecards: pd.DataFrame) -> pd.DataFrame:
    """One row per active seller (`INPUT_COLUMNS`) from the seller rows of a scorecard of
    `periods(as_of)` (`SalesCoach.scorecards`, with its `period` column)."""
    if "grain" in scorecards.columns:
        scorecards = scorecards[scorecards["grain"] == "seller"]
    first = scorecards[scorecards["period"] == 1]
    rows = first.loc[first["active"].astype(bool), list(SELLER_COLUMNS)].set_index("seller_id")
    for place, columns in _FROM_PERIOD.items():
        part = scorecards[scorecards["period"] == place].set_index("seller_id")
        rows = rows.join(part[list(columns)].rename(columns=columns))
    return rows.reset_index()[list(INPUT_COLUMNS)]


# -- the reasons ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One reason a seller needs attention: its code, the shortfall against the seller's own
    need as a share of it (0 to 1), the pipeline missing in euros (for the tie-break; None when
    the reason is not about pipeline) and the numbers behind it (named as in `FIGURE_KINDS`)."""

    code: str
    shortfall: float
    missing_eur: float | None = None
    figures: Mapping[str, object] = field(default_factory=dict)
    text: str | None = None  # its text's key when not the code's (attention.reason.<text>)


@dataclass(frozen=True)
class Reason:
    """A registered reason: its code, its check over one seller's row, the columns it reads, and
    the figure (if any) that says how many offers of average size would close its gap (its text
    then ends "…, about N offers of average size" when that is known)."""

    code: str
    check: Callable[[Mapping[str, object]], Finding | None]
    needs: tuple[str, ...] = ()
    offers: str | None = None


REASONS: dict[str, Reason] = {}


def reason(code: str, *, needs: Iterable[str] = (), offers: str | None = None) -> Callable:
    """Register `check(row) -> Finding | None` as the reason `code` (see the module's doc)."""

    def register(check: Callable[[Mapping[str, object]], Finding | None]):
        REASONS[code] = Reason(code, check, tuple(needs), offers)
        return check

    return register


def _number(value) -> float | None:
    """A float, or None for what is unknown (None, NaN, pandas' NA)."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(value) -> bool:
    """True only for a known true flag (unknown is not true)."""
    number = _number(value)
    return number is not None and number != 0


@reason(
    "thin_next_quarter",
    needs=("thin_next_quarter", "next_quarter_gap", "next_quarter_target"),
    offers="next_quarter_offers_needed",
)
def _thin_next_quarter(row: Mapping[str, object]) -> Finding | None:
    needed = _needed(row, "next_quarter_target")
    gap = _number(row["next_quarter_gap"])
    if not _flag(row["thin_next_quarter"]) or not needed or gap is None:
        return None
    return Finding("thin_next_quarter", min(1.0, gap / needed), gap)


@reason(
    "thin_this_quarter", needs=("thin", "pipeline_gap", "quarter_remaining_target"), offers="offers_needed"
)
def _thin_this_quarter(row: Mapping[str, object]) -> Finding | None:
    needed = _needed(row, "quarter_remaining_target")
    gap = _number(row["pipeline_gap"])
    if not _flag(row["thin"]) or not needed or gap is None:
        return None
    return Finding("thin_this_quarter", min(1.0, gap / needed), gap)


@reason("overdue_offers", needs=("overdue_offers", "open_offers"))
def _overdue_offers(row: Mapping[str, object]) -> Finding | None:
    overdue, open_offers = _number(row["overdue_offers"]) or 0, _number(row["open_offers"]) or 0
    if overdue < 1 or open_offers < 1 or overdue / open_offers < OVERDUE_SHARE:
        return None
    return Finding("overdue_offers", min(1.0, overdue / open_offers))


@reason("activity_below_target", needs=("meetings_4_weeks", "meetings_target_4_weeks"))
def _activity_below_target(row: Mapping[str, object]) -> Finding | None:
    meetings, target = _number(row["meetings_4_weeks"]) or 0, _number(row["meetings_target_4_weeks"])
    if not target or target <= 0:
        return None
    shortfall = max(0.0, (target - meetings) / target)
    return Finding("activity_below_target", shortfall) if shortfall > ACTIVITY_SHORTFALL else None


@reason("hit_rate_falling", needs=("hit_rate_90_days", "hit_rate_before", "won_90_days", "won_before"))
def _hit_rate_falling(row: Mapping[str, object]) -> Finding | None:
    recent, before = _number(row["hit_rate_90_days"]), _number(row["hit_rate_before"])
    decided_recent = (_number(row["won_90_days"]) or 0) + (_number(row["lost_90_days"]) or 0)
    decided_before = (_number(row["won_before"]) or 0) + (_number(row["lost_before"]) or 0)
    if recent is None or not before or min(decided_recent, decided_before) < MIN_DECIDED:
        return None
    if before - recent < HIT_RATE_DROP - 1e-12:
        return None
    return Finding("hit_rate_falling", (before - recent) / before)


@reason("one_on_one_overdue", needs=("one_on_one_overdue", "one_on_one_days_overdue", "cadence_days"))
def _one_on_one_overdue(row: Mapping[str, object]) -> Finding | None:
    """The next 1:1 was due before as_of (salescoach.coaching_loop): short by the days overdue as
    a share of two cadences; never coached: fully. Unknown (a team that keeps no 1:1 notes in the
    app): no reason."""
    if not _flag(row["one_on_one_overdue"]):
        return None
    cadence, late = _number(row["cadence_days"]), _number(row["one_on_one_days_overdue"])
    last = row.get("last_one_on_one")
    never = last is None or (isinstance(last, float) and math.isnan(last)) or last is pd.NaT
    figures = {
        "last_one_on_one": None if never else last,
        "next_one_on_one_due": row.get("next_one_on_one_due"),
        "cadence_days": cadence,
        "one_on_one_days_overdue": late,
    }
    if never:
        return Finding("one_on_one_overdue", 1.0, figures=figures, text="one_on_one_never")
    if not cadence or late is None:
        return None
    return Finding(
        "one_on_one_overdue", min(1.0, late / (ONE_ON_ONE_LATE_CADENCES * cadence)), figures=figures
    )


@reason("actions_overdue", needs=("overdue_actions_seller", "overdue_actions_manager", "open_actions"))
def _actions_overdue(row: Mapping[str, object]) -> Finding | None:
    """At least `ACTIONS_OVERDUE_MIN` agreed actions (the seller's and the manager's) still open
    after their due date: short by the overdue share of the open actions."""
    seller, manager = _number(row["overdue_actions_seller"]), _number(row["overdue_actions_manager"])
    open_actions = _number(row["open_actions"])
    if seller is None or manager is None or not open_actions or seller + manager < ACTIONS_OVERDUE_MIN:
        return None
    figures = {
        "overdue_actions_seller": seller,
        "overdue_actions_manager": manager,
        "open_actions": open_actions,
    }
    return Finding("actions_overdue", min(1.0, (seller + manager) / open_actions), figures=figures)


def _needed(row: Mapping[str, object], target: str) -> float | None:
    """What the seller's own hit rate requires: required coverage x the target (or what is left
    to sell of it); None when unknown or nothing is needed."""
    amount, coverage = _number(row[target]), _number(row["required_coverage"])
    if amount is None or coverage is None or amount <= 0:
        return None
    return coverage * amount


# -- the ranked list --------------------------------------------------------------------------


def findings(row: Mapping[str, object], available: Iterable[str] | None = None) -> list[Finding]:
    """Every reason that holds for one seller's row, most urgent first (reasons whose columns
    are not in `available`, default the row's keys, are skipped)."""
    columns = set(row.keys() if available is None else available)
    found = [r.check(row) for r in REASONS.values() if set(r.needs) <= columns]
    return sorted((f for f in found if f is not None), key=lambda f: -f.shortfall)


def rank(
    rows: pd.DataFrame, as_of: dt.date, extra: pd.DataFrame | None = None, lang: str | None = None
) -> pd.DataFrame:
    """The attention list: one row per seller of `rows` (`inputs`) with at least one reason,
    most urgent first (`RESULT_COLUMNS`; see the module's doc for the rule). `extra` adds
    columns by `seller_id` for reasons that need them; texts are in `lang`."""
    if extra is not None and not rows.empty:
        rows = rows.merge(extra, on="seller_id", how="left")
    listed = []
    for row in rows.to_dict("records"):
        found = findings(row, rows.columns)
        if found:
            listed.append(_ranked_row(row, found, as_of, lang))
    listed.sort(key=lambda r: (-r["urgency"], -r["_missing"], str(r["seller"]), str(r["seller_id"])))
    for place, row in enumerate(listed, start=1):
        row["rank"] = place
    return pd.DataFrame(listed, columns=list(RESULT_COLUMNS))


def _ranked_row(row: Mapping[str, object], found: list[Finding], as_of: dt.date, lang: str | None) -> dict:
    values = figures(row, as_of)
    return {
        "seller_id": row["seller_id"],
        "seller": row["seller"],
        "team": row["team"],
        "urgency": max(f.shortfall for f in found),
        "reasons": [f.code for f in found],
        "why": [describe(f, values, lang) for f in found],
        **values,
        "_missing": sum(f.missing_eur for f in found if f.missing_eur is not None),
    }


def figures(row: Mapping[str, object], as_of: dt.date) -> dict[str, object]:
    """The numbers behind every reason for one seller's row (`FIGURES`), None where unknown."""
    next_start = next_quarter_start(as_of)
    left = _number(row["quarter_remaining_target"])
    decided = {
        window: (_number(row[f"won_{window}"]) or 0) + (_number(row[f"lost_{window}"]) or 0)
        for window in ("90_days", "before")
    }
    return {
        "next_quarter": next_start,
        "next_quarter_pipeline": _number(row["next_quarter_pipeline"]),
        "next_quarter_target": _number(row["next_quarter_target"]),
        "next_quarter_needed": _needed(row, "next_quarter_target"),
        "next_quarter_gap": _number(row["next_quarter_gap"]),
        "next_quarter_offers_needed": _number(row["next_quarter_offers_needed"]),
        "quarter": quarter_start(as_of),
        "quarter_end": next_start - dt.timedelta(days=1),
        "quarter_pipeline": _number(row["quarter_pipeline"]),
        "quarter_left_to_sell": None if left is None else max(0.0, left),
        "quarter_needed": _needed(row, "quarter_remaining_target"),
        "pipeline_gap": _number(row["pipeline_gap"]),
        "offers_needed": _number(row["offers_needed"]),
        "required_coverage": _number(row["required_coverage"]),
        "open_offers": _number(row["open_offers"]),
        "overdue_offers": _number(row["overdue_offers"]),
        "meetings_4_weeks": _number(row["meetings_4_weeks"]),
        "meetings_target_4_weeks": _number(row["meetings_target_4_weeks"]),
        "hit_rate_90_days": _number(row["hit_rate_90_days"]),
        "decided_90_days": decided["90_days"],
        "hit_rate_before": _number(row["hit_rate_before"]),
        "decided_before": decided["before"],
    }


def describe(finding: Finding, values: Mapping[str, object], lang: str | None = None) -> str:
    """The reason in plain words with its numbers: 'Q1 2027: €0 expected, €1,335,260 needed …'."""
    shown = {name: _format(kind, values.get(name), lang) for name, kind in FIGURE_KINDS.items()}
    shown.update(
        {
            name: _format(FIGURE_KINDS.get(name) or FINDING_KINDS.get(name, "number"), v, lang)
            for name, v in finding.figures.items()
        }
    )
    shown["shortfall"] = _format("pct", finding.shortfall, lang)
    key = finding.text or finding.code
    text = t(f"attention.reason.{key}", lang, **shown)
    registered = REASONS.get(finding.code)
    offers = values.get(registered.offers) if registered and registered.offers else None
    if offers is not None and offers > 0:
        text += t("attention.about_offers", lang, offers=_format("count", offers, lang))
    return text


def _format(kind: str, value, lang: str | None) -> str:
    if value is None:
        return "–"
    if kind == "quarter":
        return formatting.quarter_name(value, lang)
    if kind == "date":
        return formatting.format_date(value, lang)
    return formatting.format_value(kind, value, lang)


def rule_text(lang: str | None = None) -> str:
    """The ranking rule in plain words, for the page and the README."""
    return t("attention.rule", lang)


def attention_list(coach, as_of: dt.date, teams: Iterable[str] | None = None, lang: str | None = None):
    """The ranked attention list of `teams` (None: every team) as of `as_of`, from one scorecard
    query of `coach` (a `SalesCoach`) and the coaching status of its coaching store (the 1:1
    and action reasons: `salescoach.coaching_loop.attention_inputs`)."""
    from salescoach.coaching_loop import attention_inputs

    frame = coach.scorecards(periods(as_of), teams=teams)
    return rank(inputs(frame), as_of, extra=attention_inputs(coach, as_of, teams), lang=lang)


def for_export(ranked: pd.DataFrame, csv: bool) -> pd.DataFrame:
    """The ranked list as the CLI writes it (`CLI_COLUMNS`): quarters as 2027-Q1, dates ISO;
    in a CSV the reasons joined by ';' and the texts by ' / ' (JSON keeps them as lists)."""
    out = ranked[list(CLI_COLUMNS)].copy()
    for column in (*(n for n, kind in FIGURE_KINDS.items() if kind == "count" and n in out), "rank"):
        out[column] = pd.array([None if v is None or pd.isna(v) else round(v) for v in out[column]], "Int64")
    for column in (n for n, kind in FIGURE_KINDS.items() if kind in ("eur", "times", "pct") and n in out):
        out[column] = pd.to_numeric(out[column]).round(4 if FIGURE_KINDS[column] != "eur" else 2)
    out["urgency"] = pd.to_numeric(out["urgency"]).round(4)
    for column in ("next_quarter", "quarter"):
        out[column] = [f"{day.year}-Q{(day.month - 1) // 3 + 1}" for day in out[column]]
    out["quarter_end"] = [day.isoformat() for day in out["quarter_end"]]
    if csv:
        out["reasons"] = [";".join(codes) for codes in out["reasons"]]
        out["why"] = [" / ".join(texts) for texts in out["why"]]
    return out
