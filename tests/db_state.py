"""Everything a database holds, table by table: to compare it before and after an import."""

from __future__ import annotations

from pathlib import Path

import duckdb


def table_checksums(path: str | Path) -> dict[str, tuple[int, str]]:
    """Rows and an order-independent sum of row hashes of every table in the file.

    Every table counts: the contract tables, meta (data_version), the rollups rebuilt by
    an import and the app's own tables. In the same process this shares the database a
    SalesCoach holds open, so it can be called between imports.
    """
    with duckdb.connect(str(path)) as con:
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
    return sums
