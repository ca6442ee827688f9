"""The measure registry: every measure defined once, in `queries/measures.yaml`.

Each `Measure` has its SQL (an expression over additive facts, or a ratio of two; see the
file's header), its display kind (count, eur, pct, times, ratio, number, flag), which way is
better, and its label and help keys in the catalogues (`metric.<name>.label`/`.help`). The
query layer splices the SQL into queries (`{{ measure('name') }}`, salescoach/queries.py);
`salescoach.metrics` formats by kind and labels by name. Nothing else defines a measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

MEASURES_FILE = Path(__file__).resolve().parent.parent / "queries" / "measures.yaml"
KINDS = ("count", "eur", "pct", "times", "ratio", "number", "flag")
BETTER = ("higher", "lower", "none")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {
    "kind",
    "better",
    "sql",
    "numerator",
    "denominator",
    "per_seller",
    "seller_fallback",
    "default",
    "internal",
    "column_of",
}


class MeasureDefinitionError(ValueError):
    """queries/measures.yaml is not a valid registry (named measure and field)."""


@dataclass(frozen=True)
class Measure:
    """One measure. Exactly one of `sql`, `numerator`/`denominator`, `per_seller`, `column_of`."""

    name: str
    kind: str  # count | eur | pct | times | ratio | number | flag
    better: str  # higher | lower | none
    sql: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    per_seller: str | None = None
    seller_fallback: str | None = None  # "team" or None
    default: str | None = None  # an SQL literal
    internal: bool = False
    column_of: tuple[str, ...] = ()

    @property
    def fmt(self) -> str:
        """The display kind (the name charts and tables have always used)."""
        return self.kind

    @property
    def label_key(self) -> str:
        return f"metric.{self.name}.label"

    @property
    def help_key(self) -> str:
        return f"metric.{self.name}.help"

    @property
    def label(self) -> str:
        from salescoach.i18n import t

        return t(f"metric.{self.name}.label")

    @property
    def help(self) -> str:
        from salescoach.i18n import t

        return t(f"metric.{self.name}.help")

    @property
    def computed(self) -> bool:
        """True for a measure of the semantic layer (not only a column of another query)."""
        return not self.column_of

    @property
    def expression(self) -> str | None:
        """The SQL over one row's facts (a ratio written out); None for per-seller and column-only ones."""
        if self.numerator is not None:
            return f"({self.numerator}) / nullif({self.denominator}, 0)"
        return self.sql


def on_target(name: str, value, target) -> bool | None:
    """Whether `value` meets `target` for measure `name`: ≥ when higher is better, ≤ when
    lower is better (offers_per_win, overdue_offers); None when either is unknown or the
    measure has no better direction."""
    better = registry()[name].better
    if better == "none" or value is None or target is None or value != value or target != target:
        return None
    return bool(value >= target) if better == "higher" else bool(value <= target)


@cache
def target_metrics() -> tuple[str, ...]:
    """The scorecard measures an agreed action may aim at ("needs_share ≥ 0.5"): every computed
    measure with a better direction, except flags and counts of sellers (a team's, not a
    seller's). The verdict reads `better`: `on_target`."""
    return tuple(
        name
        for name, m in public().items()
        if m.computed and m.better != "none" and m.kind != "flag" and name != "thin_sellers"
    )


@cache
def registry() -> dict[str, Measure]:
    """Every measure of queries/measures.yaml by name, in file order."""
    data = yaml.safe_load(MEASURES_FILE.read_text(encoding="utf-8"))
    measures = {name: _measure(name, spec) for name, spec in (data.get("measures") or {}).items()}
    facts = set(data.get("facts") or {}).union(*(set(f) for f in model_facts().values()))
    for measure in measures.values():
        for used in _measures_used(measure):
            if used not in measures:
                raise MeasureDefinitionError(f"measure {measure.name}: uses unknown measure {used!r}")
    overlap = {m.name for m in measures.values() if m.per_seller} & facts
    if overlap:
        raise MeasureDefinitionError(f"per-seller measures must not share a fact's name: {sorted(overlap)}")
    return measures


@cache
def facts() -> dict[str, str]:
    """The additive facts (name -> what it counts), in file order."""
    data = yaml.safe_load(MEASURES_FILE.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data.get("facts") or {}).items()}


@cache
def model_facts() -> dict[str, dict[str, str]]:
    """The facts of every model, by model: the scorecard's (`scorecard_facts`, also `facts()`)
    and those under `models` in queries/measures.yaml (each fact name -> what it counts)."""
    data = yaml.safe_load(MEASURES_FILE.read_text(encoding="utf-8"))
    models = {"scorecard_facts": facts()}
    for model, listed in (data.get("models") or {}).items():
        if not _NAME.match(str(model)) or not isinstance(listed, dict):
            raise MeasureDefinitionError(f"queries/measures.yaml, models: {model!r} is not a model's facts")
        models[str(model)] = {str(k): str(v) for k, v in listed.items()}
    return models


def public() -> dict[str, Measure]:
    """The measures a result may show (every one but the internal steps), by name."""
    return {name: m for name, m in registry().items() if not m.internal}


MEASURE_TAG = re.compile(r"\{\{\s*measure\(\s*'([a-z][a-z0-9_]*)'\s*\)\s*\}\}")


def _measures_used(measure: Measure) -> set[str]:
    text = " ".join(p for p in (measure.sql, measure.numerator, measure.denominator, measure.per_seller) if p)
    return set(MEASURE_TAG.findall(text))


def _measure(name: str, spec: dict) -> Measure:
    where = f"queries/measures.yaml, measure {name}"
    if not _NAME.match(str(name)) or not isinstance(spec, dict):
        raise MeasureDefinitionError(f"{where}: a lowercase name with a mapping of fields")
    unknown = sorted(set(spec) - _FIELDS)
    if unknown:
        raise MeasureDefinitionError(f"{where}: unknown field(s) {', '.join(unknown)}")
    if spec.get("kind") not in KINDS:
        raise MeasureDefinitionError(f"{where}: kind must be one of {', '.join(KINDS)}")
    if spec.get("better") not in BETTER:
        raise MeasureDefinitionError(f"{where}: better must be one of {', '.join(BETTER)}")
    forms = [
        "sql" in spec,
        "numerator" in spec or "denominator" in spec,
        "per_seller" in spec,
        "column_of" in spec,
    ]
    if sum(forms) != 1 or (forms[1] and not ("numerator" in spec and "denominator" in spec)):
        raise MeasureDefinitionError(
            f"{where}: give exactly one of sql, numerator + denominator, per_seller, column_of"
        )
    if spec.get("seller_fallback") not in (None, "team"):
        raise MeasureDefinitionError(f"{where}: seller_fallback can only be team")
    if spec.get("seller_fallback") and not (forms[0] or forms[1]):
        raise MeasureDefinitionError(f"{where}: only an sql or ratio measure can fall back to the team's")

    def text(key: str) -> str | None:
        value = spec.get(key)
        if value is None:
            return None
        if "--" in str(value) or ";" in str(value):
            raise MeasureDefinitionError(f"{where}: {key} holds a comment or a statement end")
        if "{{" in MEASURE_TAG.sub("", str(value)) or "}}" in MEASURE_TAG.sub("", str(value)):
            raise MeasureDefinitionError(
                f"{where}: {key} may only use other measures, as measure('name') tags"
            )
        return " ".join(str(value).split())  # one line: it is spliced into other SQL

    return Measure(
        name=str(name),
        kind=spec["kind"],
        better=spec["better"],
        sql=text("sql"),
        numerator=text("numerator"),
        denominator=text("denominator"),
        per_seller=text("per_seller"),
        seller_fallback=spec.get("seller_fallback"),
        default=text("default"),
        internal=bool(spec.get("internal", False)),
        column_of=tuple(spec.get("column_of") or ()),
    )


# --------------------------------------------------------------------------------------
# SQL: what {{ measure('name') }}, {{ seller_step('name') }} and {{ seller_measure('name') }}
# become in a query
# --------------------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"\b[a-z_][a-z0-9_]*\b")
TEAM_PREFIX = "team_"


class UnknownMeasureError(KeyError):
    pass


GROUP, STEP, SELLER = "group", "step", "seller"


def measure_sql(name: str, context: str = GROUP) -> str:
    """The SQL of measure `name`, parenthesised, for a query to splice in, on one of three rows:

    - GROUP (`{{ measure('name') }}`): a row of summed facts, a seller's, a team's or all
      teams'. A per-seller measure is its summed column `name`; a measure with
      `seller_fallback: team` is `coalesce(own, the same over team_<fact>, default)`.
    - STEP (`{{ seller_step('name') }}`): one seller's facts, and their team's as team_<fact>,
      where a query computes the seller's steps (queries/scorecard_seller_rows.sql): the
      measures with a team fallback first, then the per-seller ones, each its own expression.
      Inside, a fallback measure is the seller's column of that name (the step before): written
      out again in each use, the expression costs DuckDB milliseconds of planning.
    - SELLER (`{{ seller_measure('name') }}`): a seller's row that has those steps as columns
      (queries/seller_scorecard.sql): a step is its column, the rest their expressions.
    """
    if context not in (GROUP, STEP, SELLER):
        raise ValueError(f"context must be {GROUP}, {STEP} or {SELLER}, not {context!r}")
    return _render(name, context, ())


def _render(name: str, context: str, stack: tuple[str, ...]) -> str:
    measures = registry()
    if name not in measures:
        raise UnknownMeasureError(f"no measure {name!r} in queries/measures.yaml")
    if name in stack:
        raise MeasureDefinitionError(f"measure {name} uses itself: {' -> '.join((*stack, name))}")
    measure = measures[name]
    if measure.column_of:
        raise UnknownMeasureError(
            f"measure {name} is a column of {', '.join(measure.column_of)}, not SQL here"
        )
    step = measure.per_seller is not None or bool(measure.seller_fallback)
    if measure.per_seller is not None and context == GROUP:
        return name  # summed over the row's sellers
    if step and context == SELLER:
        return name  # the seller's step, a column of the row
    if measure.seller_fallback and context == STEP and stack:
        return name  # the seller's own column, computed in the step before
    body = measure.per_seller if measure.per_seller is not None else measure.expression
    body = MEASURE_TAG.sub(lambda tag: _render(tag.group(1), context, (*stack, name)), body)
    parts = [body]
    if measure.seller_fallback:
        if TEAM_PREFIX in body or _uses_per_seller(name):
            raise MeasureDefinitionError(
                f"measure {name}: a team fallback can only use facts and measures without one"
            )
        known = facts()
        parts.append(_IDENTIFIER.sub(lambda m: TEAM_PREFIX + m[0] if m[0] in known else m[0], body))
    if measure.default is not None:
        parts.append(measure.default)
    if len(parts) == 1:
        return f"({body})"
    return "coalesce(" + ", ".join(f"({part})" for part in parts) + ")"


def _uses_per_seller(name: str, seen: frozenset[str] = frozenset()) -> bool:
    measures = registry()
    for used in _measures_used(measures[name]):
        if used in seen:
            continue
        if measures[used].per_seller is not None or _uses_per_seller(used, seen | {name}):
            return True
    return False


def fallback_facts(name: str) -> list[str]:
    """The team_<fact> columns measure `name` reads (directly or through other measures): what a
    query must provide on seller rows to compute it."""
    text = _render(name, STEP, ())
    return sorted({m[0] for m in _IDENTIFIER.finditer(text) if m[0].startswith(TEAM_PREFIX)})
