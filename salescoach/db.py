"""The one place that opens the database.

A DuckDB file has one read-write process or many read-only ones. The app and the
CLI each open it once; threads (Streamlit script runs) each take a ``cursor()`` of
that connection, never the connection itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DB_ENV_VAR = "SALESCOACH_DB"
DEFAULT_DB_NAME = "salescoach.duckdb"


def default_db_path() -> Path:
    """`SALESCOACH_DB` when set, else `data/salescoach.duckdb` in the project."""
    configured = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(configured) if configured else DATA_DIR / DEFAULT_DB_NAME


def open_database(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, when writable, create or migrate) the database file at `path`."""
    from salescoach.queries import run_script  # the schema is SQL in queries/

    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    run_script(con, "create_schema")
    return con
