"""The one place that opens the database.

A DuckDB file has one read-write process or many read-only ones. The app and the
CLI each open it once; threads (Streamlit script runs) each take a ``cursor()`` of
that connection, never the connection itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DB_ENV_VAR = "SALESCOACH_DB"
DEFAULT_DB_NAME = "salescoach.duckdb"
# The day-grain base relations (queries/<name>.sql) that queries/refresh_rollups.sql
# materialises as tables of the same name, in this order (a later one may read an earlier one).
ROLLUP_TABLES = (
    "first_deal_by_customer",
    "activity_by_seller_day",
    "sales_by_seller_day",
    "offer_flow_by_seller_day",
    "offer_field_spans",
    "stage_orders",
)


def default_db_path() -> Path:
    """`SALESCOACH_DB` when set, else `data/salescoach.duckdb` in the project."""
    configured = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(configured) if configured else DATA_DIR / DEFAULT_DB_NAME


def open_database(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, when writable, create or migrate) the database file at `path`.

    A writable open makes sure of the rollups the scorecard reads: builds them when missing
    or built by another version of `queries/refresh_rollups.sql` (a new empty database, a
    file from an older version); a file whose rollups are fresh costs one small lookup. A
    read-only open cannot build them: `SalesCoach` then reads the same base relations as
    subqueries of the raw tables instead (salescoach/queries.py, form "inline").
    """
    from salescoach.queries import run_script  # the schema is SQL in queries/

    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    run_script(con, "create_schema")
    if not rollups_fresh(con):
        cursor = con.cursor()
        try:
            cursor.begin()
            refresh_rollups(cursor)
            cursor.commit()
        except BaseException:
            cursor.rollback()
            raise
        finally:
            cursor.close()
    return con


def rollups_version() -> str:
    """A fingerprint of the SQL that builds the rollups: queries/refresh_rollups.sql with every
    base relation it materialises written out, so a change to any of them makes the rollups
    of an existing file stale."""
    from salescoach.queries import FORM_INLINE, query_text

    return hashlib.sha256(query_text("refresh_rollups", FORM_INLINE).encode("utf-8")).hexdigest()[:16]


def rollups_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every rollup table exists and was built by the current refresh script."""
    from salescoach.queries import execute

    cursor = con.cursor()
    try:
        version, tables = execute(cursor, "rollups_state", {"tables": list(ROLLUP_TABLES)}).fetchone()
    finally:
        cursor.close()
    return version == rollups_version() and tables == len(ROLLUP_TABLES)


def refresh_rollups(cursor: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the rollups and record which script built them, in the caller's transaction.

    Imports call this in their own transaction (store.py), so the rollups never lag the
    raw tables; coaching notes and reviews do not touch the tables the rollups read.
    """
    from salescoach.queries import FORM_INLINE, execute, query_text

    cursor.execute(query_text("refresh_rollups", FORM_INLINE))
    execute(cursor, "rollups_version_set", {"version": rollups_version()})
