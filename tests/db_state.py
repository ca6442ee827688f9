"""Everything the two stores hold, table by table: to compare them before and after an import."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import duckdb

from salescoach.coaching_store import embedded_path


def table_checksums(path: str | Path) -> dict[str, tuple[int, str]]:
    """Rows and an order-independent sum of row hashes of every table of the analytics file
    (opened read-only, as every reader does) and of its embedded coaching store.

    Every table counts: the contract tables, meta (data_version), the rollups rebuilt by an
    import, and the coaching store's notes, actions, post-mortems, data version and imports.
    """
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() "
                "where database_name = current_database() and schema_name = 'main' "
                "order by table_name"
            ).fetchall()
        ]
        sums = {}
        for name in names:  # identifiers from the catalogue, quoted
            quoted = '"' + name.replace('"', '""') + '"'
            count, total = con.execute(
                f"select count(*), cast(coalesce(sum(hash(t)), 0) as varchar) from {quoted} as t"
            ).fetchone()
            sums[name] = (count, total)
    sums.update(coaching_checksums(embedded_path(path)))
    return sums


def coaching_checksums(path: str | Path) -> dict[str, tuple[int, str]]:
    """Rows and their sorted contents per table of an embedded coaching store ({} when there is none)."""
    if not Path(path).exists():
        return {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in con.execute(
                "select name from sqlite_master where type = 'table' and name like 'coaching%' "
                "or name = 'offer_reviews' order by name"
            )
        ]
        sums = {}
        for name in names:  # identifiers from the catalogue, quoted
            quoted = '"' + name.replace('"', '""') + '"'
            rows = sorted(repr(row) for row in con.execute(f"select * from {quoted}"))  # noqa: S608
            # the imports' own bookkeeping (a random id and a time per import) counts by rows
            content = "" if name == "coaching_imports" else "\n".join(rows)
            sums[f"coaching:{name}"] = (len(rows), hashlib.sha256(content.encode()).hexdigest())
    finally:
        con.close()
    return sums


def copy_database(source: str | Path, target: str | Path) -> None:
    """A copy of a database as the app has it: the published analytics file and its embedded
    coaching store (copied with SQLite's backup, so a store in WAL mode is copied whole)."""
    import shutil

    shutil.copyfile(source, target)
    store = embedded_path(source)
    if store.exists():
        with sqlite3.connect(store) as origin, sqlite3.connect(embedded_path(target)) as copy:
            origin.backup(copy)
        copy.close()
        origin.close()


def all_notes(coach):
    """Every 1:1 note of a `SalesCoach`'s coaching store, as a DataFrame (tests only)."""
    import pandas as pd

    return pd.DataFrame(coach.coaching.rows("notes"))


def clear_app_caches() -> None:
    """Forget what Streamlit's caches hold (the stores opened, the query results)."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@contextlib.contextmanager
def app_database(monkeypatch, path: str | Path) -> Iterator[Path]:
    """`path` as the app's database (`SALESCOACH_DB`), with Streamlit's caches cleared before
    and after: what every fixture that points AppTest at a database does."""
    monkeypatch.setenv("SALESCOACH_DB", str(path))
    clear_app_caches()
    try:
        yield Path(path)
    finally:
        clear_app_caches()
