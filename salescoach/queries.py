"""SQL files in `queries/`, one question per file, run with bound parameters.

`fetch_df` is the one place that turns a query into a DataFrame. Parameters are
always bound (`$name` in the SQL), never formatted into the text; a caller may
pass a shared filter dict and each query binds only the names it uses.

A query file may build on others with tags, expanded here before DuckDB sees the text
(DuckDB's temporary views and macros are not visible through `con.cursor()`, so the layer
composes text, as dbt does):

- `{{ ref('name') }}`: a model (allow-listed in `MODELS`): the day-grain base relations
  (`queries/activity_by_seller_day.sql`, ...), which the rollups materialise, and the models
  built on them (`queries/scorecard_facts.sql`). In the form "tables" (the rollups are fresh)
  a materialised model is its table; otherwise, and in the form "inline" (a read-only open of
  a file whose rollups are stale, and the refresh script itself), it is the model's own query
  as a subquery, `(\n...\n)`: write `from {{ ref('name') }} as alias`; a model that is never
  materialised may also be a CTE's body, `name as {{ ref('model') }}`. Either way the numbers
  are the same, from one definition.
- `{{ measure('name') }}`, `{{ seller_step('name') }}` and `{{ seller_measure('name') }}`: a
  measure's SQL from `queries/measures.yaml`, over a row of summed facts, while computing a
  seller's steps, or over a seller's row that has them (salescoach.measures.measure_sql).
- `{{ coaching('name') }}`: rows of the coaching store (notes, actions, post-mortems live in
  their own database: salescoach/coaching_store.py), the result of its query
  `queries/coaching_store/<name>.sql` run with the same parameters; `SalesCoach.query` runs it
  there and registers the rows on the DuckDB cursor as the relation `coaching__<name>`, so one
  DuckDB query joins them with the analytics tables (DuckDB cannot attach the other store).

Names in tags are checked against those allow-lists; tags cannot carry values, so nothing a
user types can reach the SQL text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from salescoach import coaching_store
from salescoach.db import ROLLUP_TABLES
from salescoach.measures import GROUP, SELLER, STEP, measure_sql

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TAG = re.compile(
    r"\{\{\s*(ref|measure|seller_step|seller_measure|coaching)\(\s*'([a-z][a-z0-9_]*)'\s*\)\s*\}\}"
)
_ANY_TAG = re.compile(r"\{\{.*?\}\}|\{\{", re.DOTALL)

_CONTEXTS = {"measure": GROUP, "seller_step": STEP, "seller_measure": SELLER}
FORM_TABLES, FORM_INLINE = "tables", "inline"
FORMS = (FORM_TABLES, FORM_INLINE)
# What `{{ ref() }}` may name: True = materialised as a table of that name by the rollups
# (queries/refresh_rollups.sql, salescoach/db.py ROLLUP_TABLES), False = a model built on
# them, always read as a subquery.
MODELS: dict[str, bool] = {
    **dict.fromkeys(ROLLUP_TABLES, True),
    "scorecard_facts": False,
    "scorecard_seller_rows": False,
    "offer_states": False,
    "offer_stage_states": False,
    "pipeline_change_offers": False,
    "pipeline_change_facts": False,
    "stage_facts": False,
    "sales_cycle_facts": False,
    "coverage_facts": False,
}


class UnknownQueryError(KeyError):
    pass


def file_text(name: str, query_dir: Path = QUERY_DIR) -> str:
    """The text of `<query_dir>/<name>.sql` as written (tags not expanded); the name is allow-listed
    to existing files."""
    if not _NAME.match(name):
        raise UnknownQueryError(f"not a query name: {name!r}")
    path = query_dir / f"{name}.sql"
    if not path.is_file():
        raise UnknownQueryError(f"no query file queries/{name}.sql")
    return path.read_text(encoding="utf-8")


def compose(
    text: str, form: str = FORM_TABLES, query_dir: Path = QUERY_DIR, _stack: tuple[str, ...] = ()
) -> str:
    """`text` with its tags expanded in `form` ("tables" or "inline"), reading models from `query_dir`."""
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, not {form!r}")
    where = f" in queries/{_stack[-1]}.sql" if _stack else ""
    for found in _ANY_TAG.finditer(text):
        if not _TAG.fullmatch(found.group(0)):
            raise UnknownQueryError(f"not a known tag{where}: {found.group(0)!r}")
    for number, line in enumerate(text.splitlines(), start=1):
        if "--" in line and "{{" in line[line.index("--") :]:
            # expanded, a subquery's lines would leave the comment and run
            raise UnknownQueryError(f"a tag in a comment{where}, line {number}: write ref('name') there")

    def expand(tag: re.Match) -> str:
        kind, name = tag.group(1), tag.group(2)
        if kind == "coaching":
            if not coaching_store.is_query(name):
                raise UnknownQueryError(f"coaching({name!r}){where}: no queries/coaching_store/{name}.sql")
            return coaching_relation(name)
        if kind != "ref":
            return measure_sql(name, _CONTEXTS[kind])
        if name not in MODELS:
            raise UnknownQueryError(f"ref({name!r}) is not a model ({', '.join(MODELS)})")
        if name in _stack:
            raise UnknownQueryError(f"ref cycle: {' -> '.join((*_stack, name))}")
        if form == FORM_TABLES and MODELS[name]:
            return name  # the rollup table: an identifier from the allow-list above
        inner = compose(file_text(name, query_dir), form, query_dir, (*_stack, name))
        return f"(\n{inner.rstrip()}\n)"

    return _TAG.sub(expand, text)


@cache
def query_text(name: str, form: str = FORM_TABLES) -> str:
    """The SQL of `queries/<name>.sql` with its tags expanded in `form` (see the module's doc)."""
    return compose(file_text(name), form, QUERY_DIR, (name,))


def coaching_relation(name: str) -> str:
    """The relation name of coaching-store query `name`'s rows on a DuckDB cursor."""
    return f"coaching__{name}"


@cache
def coaching_sources(name: str) -> tuple[str, ...]:
    """The coaching-store queries query `name` reads through `{{ coaching('...') }}`, in order."""
    found = [m.group(2) for m in _TAG.finditer(file_text(name)) if m.group(1) == "coaching"]
    return tuple(dict.fromkeys(found))


_COMMENT = re.compile(r"--[^\n]*")


@cache
def duckdb_parameters(name: str) -> frozenset[str]:
    """The `$names` query `name`'s DuckDB text binds, its models' included (not in comments:
    DuckDB refuses a parameter the text does not use)."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", query_text(name, FORM_INLINE))))


@cache
def query_parameters(name: str) -> frozenset[str]:
    """The `$names` a query binds: its DuckDB text's and its coaching sources'."""
    wanted = set(duckdb_parameters(name))
    for source in coaching_sources(name):
        wanted |= coaching_store.parameters(source)
    return frozenset(wanted)


def bind(name: str, params: dict | None) -> dict:
    """The subset of `params` that query `name` uses (its coaching sources' too); a missing one
    is an error."""
    wanted = query_parameters(name)
    params = params or {}
    missing = sorted(wanted - params.keys())
    if missing:
        raise TypeError(f"query {name} needs parameter(s): {', '.join(missing)}")
    return {key: params[key] for key in wanted}


def fetch_df(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict | None = None,
    form: str = FORM_TABLES,
    relations: dict | None = None,
) -> pd.DataFrame:
    """Run query `name` (tags expanded in `form`) on a fresh cursor of `con` and return its rows
    as a DataFrame; `relations` (name → Arrow table or DataFrame) are registered on that cursor
    first: the coaching rows a `{{ coaching() }}` tag reads (see `SalesCoach.query`)."""
    cursor = con.cursor()
    try:
        for relation, rows in (relations or {}).items():
            cursor.register(relation, rows)
        return execute(cursor, name, params, form).df()
    finally:
        cursor.close()


def execute(
    cursor: duckdb.DuckDBPyConnection, name: str, params: dict | None = None, form: str = FORM_TABLES
) -> duckdb.DuckDBPyConnection:
    """Run query `name` on the caller's `cursor` (inside the caller's transaction) and return
    the cursor, for writes and small lookups (`.fetchone()`, `.fetchall()`); no DataFrame."""
    bound = bind(name, params)
    return cursor.execute(query_text(name, form), {key: bound[key] for key in duckdb_parameters(name)})


def run_script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a parameterless multi-statement script (the schema)."""
    cursor = con.cursor()
    try:
        cursor.execute(query_text(name))
    finally:
        cursor.close()
