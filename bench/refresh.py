"""What the two stores and the publish path cost (#18): app start, a page's first run and rerun,
the per-run version check, and an import of the 500 × 3 demo into the published file.

    python -m bench.refresh [--sellers 500] [--years 3] [--repeat 3] [--before PATH_TO_OLDER_CHECKOUT]

With `--before`, the app start and the page runs are measured on that checkout too (same data,
runs interleaved, so a busy shared machine slows both alike). Prints one table; seconds or ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh process on the given checkout: a page's first run and its rerun, in AppTest.
PAGE_RUNS = """
import json, sys, time
from streamlit.testing.v1 import AppTest
start = time.perf_counter()
at = AppTest.from_file(sys.argv[1] + "/app.py", default_timeout=600).run()
first = time.perf_counter() - start
assert not at.exception, [e.value for e in at.exception]
start = time.perf_counter()
at.run()
rerun = time.perf_counter() - start
print(json.dumps({"first_run_ms": first * 1000, "rerun_ms": rerun * 1000}))
"""


def _in(checkout: Path, code: str, db: Path, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout), "SALESCOACH_DB": str(db), "SALESCOACH_COACHING_URL": ""}
    done = subprocess.run(
        [sys.executable, "-c", code, str(checkout), *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _app_start(checkout: Path, db: Path) -> float:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from bench.app_start import measure_app_start; "
        "print(json.dumps(measure_app_start(__import__('pathlib').Path(sys.argv[2]))))"
    )
    result = _in(checkout, code, db, str(db))
    if "error" in result:
        raise RuntimeError(result)
    return result["first_page_s"]


def _import_parts(db: Path, sellers: int, years: int) -> dict:
    """Import the demo data into the published file at `db`, timing each part of the publish."""
    import salescoach
    from salescoach import db as analytics
    from salescoach import store
    from salescoach.demo import generate_demo
    from salescoach.importer import validate_frames

    parts: dict[str, float] = {}

    def timed(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                parts[label] = parts.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, wrapper)

    frames = generate_demo(sellers=sellers, years=years)
    reader = salescoach.connect(db, read_only=True)  # another process's reader, as it were
    reader.auto_refresh = False
    with salescoach.connect(db) as coach:
        start = time.perf_counter()
        typed = validate_frames(frames, existing_keys=coach.existing_keys)
        parts["validate"] = time.perf_counter() - start
        timed(analytics.shutil, "copyfile", "copy the published file")
        timed(analytics, "_in_transaction", "write rows and rollups (one transaction)")
        timed(analytics.Staging, "seal", "checkpoint, close, fsync")
        timed(store, "_publish_both", "coaching rows, publish (rename), commit")
        start = time.perf_counter()
        coach._write_frames(typed, source="import")
        parts["total (after validate)"] = time.perf_counter() - start
        start = time.perf_counter()
        assert reader.refresh()  # the next script run of a reader: opens the new version
        parts["a reader opens the new version"] = time.perf_counter() - start
        parts["file MB"] = db.stat().st_size / 2**20
    reader.close()
    return parts


def _version_check(db: Path, repeat: int = 20000) -> dict:
    """The per-run check: one stat of the published file; and with the coaching version read."""
    import salescoach

    with salescoach.connect(db) as coach:
        coach.auto_refresh = False
        start = time.perf_counter()
        for _ in range(repeat):
            coach.refresh()
        stat_us = (time.perf_counter() - start) / repeat * 1e6
        start = time.perf_counter()
        for _ in range(repeat // 10):
            coach.refresh()
            coach.versions()
        both_us = (time.perf_counter() - start) / (repeat // 10) * 1e6
    return {"refresh (stat) µs": stat_us, "refresh + coaching version (SQLite) µs": both_us}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sellers", type=int, default=500)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older checkout to measure the same way")
    args = parser.parse_args(argv)
    os.environ["SALESCOACH_COACHING_URL"] = ""
    from salescoach.store import create_demo_database

    with tempfile.TemporaryDirectory(prefix="salescoach-refresh-") as tmp:
        db = Path(tmp) / "demo.duckdb"
        start = time.perf_counter()
        create_demo_database(db, sellers=args.sellers, years=args.years).close()
        print(f"demo {args.sellers}×{args.years} built and published: {time.perf_counter() - start:.1f} s")
        for label, value in _import_parts(db, args.sellers, args.years).items():
            print(f"re-import of the demo: {label:45} {value:8.2f}{'' if 'MB' in label else ' s'}")
        for label, value in _version_check(db).items():
            print(f"per-run version check: {label:45} {value:8.1f}")
        checkouts = {"after": ROOT, **({"before": args.before.resolve()} if args.before else {})}
        before_db = Path(tmp) / "before.duckdb"
        if args.before:  # the same data, as the older version has it (its own build)
            code = "import sys; from salescoach.store import create_demo_database as c; c(sys.argv[2], sellers=int(sys.argv[3]), years=int(sys.argv[4])).close(); print('{}')"
            _in(args.before.resolve(), code, before_db, str(before_db), str(args.sellers), str(args.years))
        samples: dict[str, dict[str, list[float]]] = {name: {} for name in checkouts}
        for _ in range(args.repeat):
            for name, checkout in checkouts.items():
                target = db if name == "after" else before_db
                got = samples[name]
                got.setdefault("app start to first page (s)", []).append(_app_start(checkout, target))
                for key, value in _in(checkout, PAGE_RUNS, target).items():
                    got.setdefault(f"team overview {key.replace('_ms', '')} (ms)", []).append(value)
        for name, got in samples.items():
            for label, values in got.items():
                print(
                    f"{name:6} {label:40} median {statistics.median(values):9.2f}  (runs: {', '.join(f'{v:.2f}' for v in values)})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
