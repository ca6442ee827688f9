"""The measure registry (queries/measures.yaml, salescoach/measures.py) and the query layer's
tags (`{{ ref() }}`, `{{ measure() }}`): one definition per measure, allow-listed names,
bound parameters, and the README's metric table naming every measure the scorecard shows."""

import datetime as dt
import re
from pathlib import Path

import pytest

from salescoach import measures, queries
from salescoach.db import ROLLUP_TABLES
from salescoach.measures import (
    SELLER,
    STEP,
    Measure,
    MeasureDefinitionError,
    UnknownMeasureError,
    measure_sql,
    on_target,
)
from salescoach.metrics import METRICS
from salescoach.queries import FORM_INLINE, FORM_TABLES, UnknownQueryError, compose, query_text

ROOT = Path(__file__).resolve().parent.parent


# -- the registry -----------------------------------------------------------------------------


def test_every_measure_has_a_kind_a_direction_and_one_definition():
    registry = measures.registry()
    assert len(registry) > 40
    for m in registry.values():
        assert m.kind in measures.KINDS and m.better in measures.BETTER, m.name
        forms = [m.sql is not None, m.numerator is not None, m.per_seller is not None, bool(m.column_of)]
        assert sum(forms) == 1, m.name
        assert (m.label_key, m.help_key) == (f"metric.{m.name}.label", f"metric.{m.name}.help")
    # the metrics module shows exactly the public measures, with the kind as `fmt`
    assert set(METRICS) == {n for n, m in registry.items() if not m.internal}
    assert METRICS["offers_per_win"].fmt == "ratio" and METRICS["hit_rate"].fmt == "pct"


def test_which_way_is_better():
    lower = {"offers_per_win", "overdue_offers", "offers_lost", "pipeline_gap", "offers_needed", "thin"}
    higher = {"hit_rate", "meetings", "pipeline_coverage", "sales", "meeting_to_offer"}
    registry = measures.registry()
    assert {n for n in lower if registry[n].better == "lower"} == lower
    assert {n for n in higher if registry[n].better == "higher"} == higher
    # "metric ≥ target" reads the direction: 1.4 offers per win meets a target of 1.5
    assert on_target("offers_per_win", 1.4, 1.5) is True
    assert on_target("offers_per_win", 2.0, 1.5) is False
    assert on_target("hit_rate", 0.4, 0.35) is True and on_target("hit_rate", 0.3, 0.35) is False
    assert on_target("overdue_offers", 0, 0) is True
    assert on_target("hit_rate", None, 0.35) is None and on_target("hit_rate", float("nan"), 0.3) is None
    assert on_target("sales_target", 10, 5) is None  # no better direction


def test_a_ratio_is_its_numerator_over_its_denominator():
    assert measure_sql("hit_rate") == "((offers_won) / nullif(offers_won + offers_lost, 0))"
    assert measure_sql("offers_per_win") == "((offers_won + offers_lost) / nullif(offers_won, 0))"
    # a measure built on others expands them; per-seller ones are the summed column above a seller
    assert measure_sql("pipeline_coverage") == "((left_to_sell_pipeline) / nullif(left_to_sell, 0))"
    assert "quarter_target - quarter_sales > 0" in measure_sql("pipeline_coverage", STEP)
    # on a seller's row that has its steps, they are columns
    assert measure_sql("pipeline_coverage", SELLER) == measure_sql("pipeline_coverage")
    assert measure_sql("required_coverage", SELLER) == "required_coverage"
    assert measure_sql("thin", SELLER) == (
        "(case when grain = 'seller' and quarter_target is not null then coalesce(((left_to_sell_pipeline)"
        " / nullif(left_to_sell, 0)) < required_coverage, false) end)"
    )
    with pytest.raises(ValueError, match="context"):
        measure_sql("hit_rate", "team")


def test_a_team_fallback_reads_the_same_expression_over_the_teams_facts():
    own = "(1 / nullif(((won_value_12m) / nullif(won_value_12m + lost_value_12m, 0)), 0))"
    team = own.replace("won_value_12m", "team_won_value_12m").replace("lost_value_12m", "team_lost_value_12m")
    assert measure_sql("required_coverage") == f"coalesce({own}, {team}, (3.0))"
    assert measures.fallback_facts("required_coverage") == ["team_lost_value_12m", "team_won_value_12m"]
    # inside a per-seller measure it is the seller's column, computed in the step before
    step = measure_sql("weighted_pipeline", STEP)
    assert step == "(weighted_known + unweighted_open_value / required_coverage)"


def test_bad_definitions_are_refused_with_the_measure_named():
    ok = {"kind": "count", "better": "higher", "sql": "meetings"}
    assert measures._measure("m", ok) == Measure("m", "count", "higher", sql="meetings")
    for spec, message in (
        ({**ok, "kind": "money"}, "kind"),
        ({**ok, "better": "up"}, "better"),
        ({**ok, "numerator": "a", "denominator": "b"}, "exactly one"),
        ({"kind": "pct", "better": "higher", "numerator": "a"}, "exactly one"),
        ({**ok, "colour": "red"}, "unknown field"),
        ({**ok, "sql": "meetings -- a comment"}, "comment"),
        ({**ok, "sql": "1; drop table offers"}, "statement"),
        ({**ok, "seller_fallback": "company"}, "team"),
        (
            {**ok, "sql": "(select count(*) from {{ ref('activity_by_seller_day') }})"},
            "only use other measures",
        ),
    ):
        with pytest.raises(MeasureDefinitionError, match=message) as caught:
            measures._measure("m", spec)
        assert "measure m" in str(caught.value)


def test_a_measure_using_itself_or_an_unknown_one_is_refused(monkeypatch):
    fake = {
        "a": Measure("a", "count", "none", sql="{{ measure('b') }} + 1"),
        "b": Measure("b", "count", "none", sql="{{ measure('a') }}"),
        "col": Measure("col", "eur", "none", column_of=("loss_reasons",)),
    }
    monkeypatch.setattr(measures, "registry", lambda: fake)
    with pytest.raises(MeasureDefinitionError, match="uses itself"):
        measure_sql("a")
    with pytest.raises(UnknownMeasureError, match="no measure"):
        measure_sql("nope")
    with pytest.raises(UnknownMeasureError, match="column of loss_reasons"):
        measure_sql("col")


def test_every_column_only_measure_is_a_column_of_the_queries_it_names(tiny_coach):
    params = {
        "date_from": dt.date(2026, 1, 1),
        "date_to": dt.date(2026, 3, 31),
        "as_of": dt.date(2026, 2, 15),
        "teams": None,
        "seller_id": "S1",
        "kind": "open",
        "month": dt.date(2026, 3, 1),
    }
    for m in measures.registry().values():
        for name in m.column_of:  # through the query layer: a query may read coaching rows too
            columns = tiny_coach.query(name, **queries.bind(name, params)).columns
            assert m.name in columns, (m.name, name)


def test_the_readme_defines_every_measure_a_scorecard_shows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Metric definitions") :]
    table = table[: table.index("\n## ")]
    named = set()
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith("| metric"):
            named |= set(re.findall(r"[a-z][a-z0-9_]+", line.split("|")[1]))
    shown = {m.name for m in measures.public().values() if m.computed}
    assert shown - named == set()


# -- the query layer's tags -------------------------------------------------------------------


def test_a_ref_is_the_rollup_table_or_the_base_relation_as_a_subquery():
    text = "select count(*) from {{ ref('activity_by_seller_day') }} as a"
    assert compose(text, FORM_TABLES) == "select count(*) from activity_by_seller_day as a"
    inline = compose(text, FORM_INLINE)
    assert inline.startswith("select count(*) from (\n") and "from activities as a" in inline
    # inside it, its own ref to the customers' first deals is a subquery of deals too
    assert "left join (\n" in inline and "from deals as d" in inline
    # a model that is not materialised is a subquery in both forms
    assert compose("select * from {{ ref('scorecard_facts') }} as f", FORM_TABLES).startswith(
        "select * from (\n"
    )


def test_tags_are_allow_listed():
    for bad, message in (
        ("select * from {{ ref('sellers') }}", "not a model"),
        ("select * from {{ ref('x; drop table offers') }}", "not a known tag"),
        ("select {{ measure('hit_rate', 'x') }}", "not a known tag"),
        ("select {{ anything }}", "not a known tag"),
        ("select {{ ref('activity_by_seller_day')", "not a known tag"),
        ("select 1 -- reads {{ ref('activity_by_seller_day') }}", "in a comment"),
    ):
        with pytest.raises(UnknownQueryError, match=message):
            compose(bad)
    with pytest.raises(UnknownMeasureError):
        compose("select {{ measure('no_such_measure') }}")
    with pytest.raises(ValueError, match="form"):
        compose("select 1", "materialised")


def test_every_query_file_composes_in_both_forms_with_its_parameters_bound():
    for path in sorted(queries.QUERY_DIR.glob("*.sql")):
        for form in (FORM_TABLES, FORM_INLINE):
            text = query_text(path.stem, form)
            assert "{{" not in text and "}}" not in text, path.name
        # the forms differ only where a rollup is read; parameters are the same names, bound
        assert set(re.findall(r"\$([a-z_]+)", query_text(path.stem))) <= queries.query_parameters(path.stem)


def test_no_query_reads_a_rollup_table_but_through_ref():
    # Only ref() decides between the table and its base relation: a query naming a rollup table
    # itself would read a stale table on a read-only open of an old file.
    named = re.compile(r"\b(?:from|join)\s+(" + "|".join(ROLLUP_TABLES) + r")\b")
    for path in sorted(queries.QUERY_DIR.glob("*.sql")):
        code = "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())
        assert named.findall(code) == [], path.name


def test_the_rollup_fingerprint_covers_every_base_relation(tmp_path):
    # The refresh script is composed with every base relation written out, and the fingerprint
    # stored with the rollups is of that text: editing a base relation makes the rollups stale.
    import shutil

    refresh = query_text("refresh_rollups", FORM_INLINE)
    for table in ROLLUP_TABLES:
        assert f"create or replace table {table} as" in refresh
    copy = tmp_path / "queries"
    shutil.copytree(queries.QUERY_DIR, copy)
    for table in ROLLUP_TABLES:
        path = copy / f"{table}.sql"
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace("select", "select distinct", 1), encoding="utf-8")
        edited = compose(queries.file_text("refresh_rollups", copy), FORM_INLINE, copy)
        assert edited != refresh, table
        path.write_text(original, encoding="utf-8")
    assert compose(queries.file_text("refresh_rollups", copy), FORM_INLINE, copy) == refresh


def test_every_fact_is_a_column_of_the_facts_model_and_summed_for_teams(tiny_coach):
    facts = measures.facts()
    params = {"periods": [{"date_from": "2026-01-01", "date_to": "2026-03-31", "as_of": None}], "teams": None}
    cursor = tiny_coach._con.cursor()
    columns = {
        row[0] for row in cursor.execute("describe " + query_text("scorecard_facts"), params).fetchall()
    }
    assert set(facts) <= columns
    assert columns - set(facts) == {"period", "seller_id", "seller", "team", "manager", "active"}
    # A fact a team's row does not sum would be empty there (the rows are matched by name).
    grain_sql = queries.file_text("scorecard_by_grain")
    # the per-seller steps the seller rows compute (coverage_by_grain.sql computes its own)
    steps = queries.file_text("scorecard_seller_rows")
    per_seller = [
        m.name for m in measures.registry().values() if m.per_seller and f"seller_step('{m.name}')" in steps
    ]
    assert len(per_seller) == 11  # 7, and 4 for the next quarter (#14)
    for name in [*facts, *per_seller]:
        assert re.search(rf"sum\({name}\)(?: as bigint\))?(?: end)? as {name}\b", grain_sql), name


def test_every_fact_of_the_other_models_is_a_column_of_its_model_and_summed_for_teams(tmp_path):
    # The pipeline's changes (model pipeline_change_facts) are measures like the scorecard's: each
    # fact a column of the model, summed in the team branch of its by-grain query.
    import salescoach
    from tests.history_data import load_exports

    # model: (its by-grain query, the columns of its grain besides the seller's)
    by_grain = {
        "pipeline_change_facts": ("pipeline_changes_by_grain", set()),
        "stage_facts": ("stages_by_grain", {"stage", "stage_order"}),
        "sales_cycle_facts": ("sales_cycle_by_grain", set()),
        "coverage_facts": ("coverage_by_grain", {"day"}),
    }
    models = measures.model_facts()
    assert set(models) == {"scorecard_facts", *by_grain}
    params = {
        "as_of_days": [dt.date(2026, 1, 5), dt.date(2026, 1, 12)],
        "teams": None,
        "date_from": dt.date(2026, 1, 1),
        "date_to": dt.date(2026, 1, 31),
        "stalled_days": 30,
    }
    with salescoach.connect(tmp_path / "models.duckdb") as coach:
        load_exports(coach)
        cursor = coach._con.cursor()
        for model, (query, grain) in by_grain.items():
            described = cursor.execute(
                "describe " + query_text(model), queries.bind(model, params)
            ).fetchall()
            columns = {row[0] for row in described}
            assert set(models[model]) <= columns, model
            seller = {"seller_id", "seller", "team", "manager", "active"}
            assert columns - set(models[model]) == seller | grain, model
            grain_sql = queries.file_text(query)
            for name in models[model]:
                assert re.search(rf"sum\({name}\)(?: as bigint\))? as {name}\b", grain_sql), (query, name)
    # the per-seller steps a by-grain query computes on seller rows are summed there too
    coverage = queries.file_text("coverage_by_grain")
    for step in ("left_to_sell", "left_to_sell_pipeline", "next_quarter_pipeline_with_target"):
        assert f"sum({step}) as {step}" in coverage
