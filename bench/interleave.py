"""Replay two harness runs' page queries alternately: a before/after that load drift cannot skew.

On a shared machine the harness's per-query figures of two runs made minutes apart differ by
more than most changes. This runs the `page_queries` recorded in two result JSON files (each
query with its recorded parameters and number of calls, the SQL read from a `queries/` folder
for each side) alternately, before and after in turn, on one read-only connection to the same
database file, and prints each page's median total (and the fastest run: on a shared machine
the least disturbed one):

    git archive OLD_COMMIT | tar -x -C /tmp/old
    python -m bench.interleave --before /tmp/old-results.json --before-queries /tmp/old/queries \
        --after bench/results/NEW.json --db bench/data/demo_500x3_seed7_end2026-11-23.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def _value(raw):
    if isinstance(raw, list):
        return [_value(item) for item in raw]
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return raw
    return raw


def page_queries(results: Path, query_dir: Path, scale: str) -> dict[str, list[tuple[str, dict, int]]]:
    """Per page: (SQL text, parameters, calls) of every recorded query of `scale`.

    The SQL is each file of `query_dir` with its tags expanded as the query layer does, in the
    form the run recorded (the rollups: "tables"); a folder of plain SQL (older code) reads as is.
    """
    from salescoach.queries import compose, file_text

    data = json.loads(results.read_text(encoding="utf-8"))
    (found,) = [s for s in data["scales"] if s["scale"] == scale]
    return {
        page["page"]: [
            (
                compose(file_text(q["name"], query_dir), q.get("form", "tables"), query_dir),
                {k: _value(v) for k, v in q["params"].items()},
                q["calls"],
            )
            for q in page.get("queries", [])
        ]
        for page in found["pages"]
    }


def _run(con: duckdb.DuckDBPyConnection, queries) -> float:
    start = time.perf_counter()
    for sql, params, calls in queries:
        for _ in range(calls):
            cursor = con.cursor()
            try:
                cursor.execute(sql, params).df()
            finally:
                cursor.close()
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="results JSON of the old code")
    parser.add_argument("--before-queries", type=Path, required=True, help="the old code's queries/ folder")
    parser.add_argument("--after", type=Path, required=True, help="results JSON of the new code")
    parser.add_argument("--after-queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--db", type=Path, required=True, help="the database file both runs measured")
    parser.add_argument("--scale", default="500x3")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    sides = {
        "before": page_queries(args.before, args.before_queries, args.scale),
        "after": page_queries(args.after, args.after_queries, args.scale),
    }
    con = duckdb.connect(str(args.db), read_only=True)
    for page in sorted(sides["after"].keys() & sides["before"].keys()):
        times: dict[str, list[float]] = {"before": [], "after": []}
        for i in range(args.repeat):
            for side in ("before", "after") if i % 2 else ("after", "before"):
                times[side].append(_run(con, sides[side][page]))
        text = [f"{page:24s}"]
        for side in ("before", "after"):
            calls = sum(q[2] for q in sides[side][page])
            median, fastest = statistics.median(times[side]), min(times[side])
            text.append(f"{side} {median:7.1f} ms (min {fastest:6.1f}; {calls:2d} calls)")
        print("  ".join(text))
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
