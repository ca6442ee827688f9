"""SQL files in `queries/`, one question per file, run with bound parameters.

`fetch_df` is the one place that turns a query into a DataFrame. Parameters are
always bound (`$name` in the SQL), never formatted into the text; a caller may
pass a shared filter dict and each query binds only the names it uses.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class UnknownQueryError(KeyError):
    pass


@cache
def query_text(name: str) -> str:
    """The SQL of `queries/<name>.sql`; the name is allow-listed to existing files."""
    if not _NAME.match(name):
        raise UnknownQueryError(f"not a query name: {name!r}")
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise UnknownQueryError(f"no query file queries/{name}.sql")
    return path.read_text(encoding="utf-8")


@cache
def query_parameters(name: str) -> frozenset[str]:
    """The `$names` a query binds (comments included, which is harmless)."""
    return frozenset(_PARAM.findall(query_text(name)))


def bind(name: str, params: dict | None) -> dict:
    """The subset of `params` that query `name` uses; a missing one is an error."""
    wanted = query_parameters(name)
    params = params or {}
    missing = sorted(wanted - params.keys())
    if missing:
        raise TypeError(f"query {name} needs parameter(s): {', '.join(missing)}")
    return {key: params[key] for key in wanted}


def fetch_df(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run query `name` on a fresh cursor of `con` and return its rows as a DataFrame."""
    cursor = con.cursor()
    try:
        return cursor.execute(query_text(name), bind(name, params)).df()
    finally:
        cursor.close()


def execute(
    cursor: duckdb.DuckDBPyConnection, name: str, params: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """Run query `name` on the caller's `cursor` (inside the caller's transaction) and return
    the cursor, for writes and small lookups (`.fetchone()`, `.fetchall()`); no DataFrame."""
    return cursor.execute(query_text(name), bind(name, params))


def run_script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a parameterless multi-statement script (the schema)."""
    cursor = con.cursor()
    try:
        cursor.execute(query_text(name))
    finally:
        cursor.close()
