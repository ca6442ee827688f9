"""Benchmark the dashboard at company scale: one command, a table and a JSON file.

    .venv/bin/python -m bench.run                      # 20x2 and 500x3 (sellers x years)
    .venv/bin/python -m bench.run --scales 3x1 --repeat 2 --skip-app-start
    .venv/bin/python bench/run.py --help

For each scale it generates the demo data once (cached under bench/data/, keyed by
scale, seed and end date), then in a fresh subprocess measures the scan floor, the
scorecard in SQL and the usual pandas way, every page's queries and AppTest renders
(cold, warm, after filter changes, after an import) and peak memory; then it starts a
real `streamlit run` server on that database. See bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/run.py` as well as `python -m bench.run`
    sys.path.insert(0, str(ROOT))

DEFAULT_SCALES = "20x2,500x3"
DEFAULT_SEED = 7
DEFAULT_END = "2026-11-23"
DATA_DIR = ROOT / "bench" / "data"
RESULTS_DIR = ROOT / "bench" / "results"

# Targets from issue 5, for 500 sellers x 3 years on a 2-core machine, warm.
TARGETS = {
    "page_queries": ("<=", 150.0, "ms"),
    "render_filter_change": ("<=", 500.0, "ms"),
    "scorecard_ratio": (">=", 5.0, "x"),
    "app_start_demo": ("<=", 5.0, "s"),
    "peak_memory": ("<=", 1536.0, "MB"),
}


def parse_scale(text: str) -> tuple[int, int]:
    sellers, _, years = text.strip().lower().partition("x")
    try:
        return int(sellers), int(years)
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale {text!r}: use SELLERSxYEARS, e.g. 500x3") from None


def database_path(data_dir: Path, sellers: int, years: int, seed: int, end: str) -> Path:
    return data_dir / f"demo_{sellers}x{years}_seed{seed}_end{end}.duckdb"


def ensure_database(
    sellers: int, years: int, seed: int = DEFAULT_SEED, end: str = DEFAULT_END, data_dir: Path = DATA_DIR
) -> tuple[Path, dict]:
    """The cached demo database of a scale, generated (in a subprocess) when missing.

    Returns its path and {"generated": "cached"}, or "now" with the generation's time and memory.
    The browser and load benchmarks (bench/browser.py, bench/load.py) use the same files.
    """
    path = database_path(data_dir, sellers, years, seed, end)
    if path.exists():
        return path, {"generated": "cached"}
    data_dir.mkdir(parents=True, exist_ok=True)
    _log(f"[{sellers}x{years}] generating demo data into {path} ...")
    spec = {"path": str(path), "sellers": sellers, "years": years, "seed": seed, "end": end}
    return path, {**_in_subprocess("generate", spec, timeout=3600), "generated": "now"}


# --------------------------------------------------------------------------------------
# Subprocess entry points
# --------------------------------------------------------------------------------------


def _generate(spec: dict) -> dict:
    """Create the demo database (in its own process: generation memory is not the app's)."""
    from bench.measure import peak_rss_mb
    from salescoach.store import create_demo_database

    path = Path(spec["path"])
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    start = time.perf_counter()
    coach = create_demo_database(
        partial,
        sellers=spec["sellers"],
        years=spec["years"],
        seed=spec["seed"],
        end=dt.date.fromisoformat(spec["end"]),
    )
    coach.close()
    partial.replace(path)
    return {
        "generate_s": round(time.perf_counter() - start, 2),
        "generate_peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _worker(spec: dict) -> dict:
    from bench.measure import measure_scale

    return measure_scale(
        Path(spec["path"]),
        dt.date.fromisoformat(spec["end"]),
        spec["repeat"],
        spec["pages"],
        spec["timeout"],
    )


def _in_subprocess(role: str, spec: dict, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="salescoach-bench-") as tmp:
        out = Path(tmp) / "out.json"
        spec = {**spec, "out": str(out)}
        command = [sys.executable, "-m", "bench.run", f"--{role}", json.dumps(spec)]
        done = subprocess.run(command, cwd=ROOT, timeout=timeout, capture_output=True, text=True)  # noqa: S603
        if done.returncode != 0 or not out.exists():
            tail = (done.stderr or done.stdout)[-3000:]
            raise RuntimeError(f"bench {role} failed (exit {done.returncode}):\n{tail}")
        return json.loads(out.read_text())


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_average_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")
        )
    except (OSError, StopIteration):
        info["cpu"] = platform.processor()
    try:
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1)
    except (OSError, ValueError):
        pass
    from importlib.metadata import version

    for package in ("duckdb", "streamlit", "pandas", "pyarrow"):
        info[package] = version(package)
    return info


def run(args: argparse.Namespace) -> dict:
    from bench.app_start import measure_app_start
    from bench.measure import discover_pages

    pages = (
        discover_pages()
        if not args.pages
        else [p if p.startswith("pages/") else f"pages/{p}" for p in args.pages]
    )
    results: dict = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "scales": [f"{s}x{y}" for s, y in args.scales],
            "seed": args.seed,
            "end": args.end,
            "repeat": args.repeat,
            "pages": pages,
        },
        "targets": {k: {"op": op, "value": v, "unit": u} for k, (op, v, u) in TARGETS.items()},
        "scales": [],
    }
    args.data_dir.mkdir(parents=True, exist_ok=True)
    for sellers, years in args.scales:
        scale = f"{sellers}x{years}"
        entry: dict = {"scale": scale, "sellers": sellers, "years": years}
        path, generated = ensure_database(sellers, years, args.seed, args.end, args.data_dir)
        entry.update(generated)
        _log(f"[{scale}] measuring queries, scorecard, pages ({len(pages)}) and memory ...")
        spec = {
            "path": str(path),
            "end": args.end,
            "repeat": args.repeat,
            "pages": pages,
            "timeout": args.timeout,
        }
        entry.update(_in_subprocess("worker", spec, timeout=3600))
        if not args.skip_app_start:
            _log(f"[{scale}] app start on this database ...")
            entry["app_start"] = measure_app_start(path, timeout=args.timeout)
        results["scales"].append(entry)
    if not args.skip_app_start:
        _log("app start on a fresh demo database ...")
        results["app_start_demo"] = measure_app_start(None, timeout=args.timeout)
    results["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    results["rows"] = rows(results)
    return results


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Rows and the table
# --------------------------------------------------------------------------------------


def _row(scale, part, item, value, unit, target_key=None) -> dict:
    row = {"scale": scale, "part": part, "item": item, "value": value, "unit": unit}
    if target_key and target_key in TARGETS and isinstance(value, int | float):
        op, limit, _ = TARGETS[target_key]
        row["target"] = f"{op} {limit:g} {unit}"
        row["ok"] = value <= limit if op == "<=" else value >= limit
    return row


def rows(results: dict) -> list[dict]:
    """One flat row per measured value: what the table prints and the smoke test checks."""
    out: list[dict] = []
    for s in results["scales"]:
        scale = s["scale"]
        counts = s.get("rows", {})
        out.append(
            _row(
                scale,
                "data",
                "activities / offers / deals",
                f"{counts.get('activities', 0):,} / {counts.get('offers', 0):,} / {counts.get('deals', 0):,}",
                "rows",
            )
        )
        if "generate_s" in s:
            out.append(_row(scale, "generate", "demo data + import", s["generate_s"], "s"))
        out.append(_row(scale, "rollup_refresh", "queries/refresh_rollups.sql", s["rollup_refresh_ms"], "ms"))
        out.append(_row(scale, "floor", "select count(*) from activities", s["floor"]["count_star_ms"], "ms"))
        out.append(
            _row(
                scale,
                "floor_scan",
                "count(*) from activities where status='done'",
                s["floor"]["scan_count_ms"],
                "ms",
            )
        )
        for period, card in s["scorecard"].items():
            out.append(_row(scale, "scorecard_sql", f"seller_scorecard.sql ({period})", card["sql_ms"], "ms"))
            out.append(
                _row(
                    scale,
                    "scorecard_raw",
                    f"base relations as subqueries ({period}), equal={card['raw_equal']}",
                    card["raw_sql_ms"],
                    "ms",
                )
            )
            out.append(
                _row(
                    scale,
                    "scorecard_grains",
                    f"scorecard_by_grain.sql, {card['grains_rows']} rows ({period}), equal={card['grains_equal']}",
                    card["grains_ms"],
                    "ms",
                )
            )
        out.extend(_memory_rows(scale, s))
        p = s["pandas"]
        out.append(
            _row(scale, "scorecard_pandas", "read tables + group + merge (quarter)", p["total_ms"], "ms")
        )
        out.append(
            _row(scale, "scorecard_pandas_compute", "group + merge on loaded frames", p["compute_ms"], "ms")
        )
        out.append(
            _row(
                scale,
                "scorecard_ratio",
                f"pandas / SQL, equal={p['equal']}",
                p["ratio"],
                "x",
                "scorecard_ratio",
            )
        )
        out.append(
            _row(
                scale,
                "scorecard_ratio_compute_only",
                "pandas compute only / SQL",
                p["ratio_compute_only"],
                "x",
            )
        )
        out.append(_row(scale, "scorecard_ratio_raw", "pandas / SQL on raw tables", p["ratio_raw"], "x"))
        out.append(
            _row(
                scale,
                "scorecard_ratio_compute_only_raw",
                "pandas compute only / SQL on raw tables",
                p["ratio_compute_only_raw"],
                "x",
            )
        )
        for page in s.get("pages", []):
            name = page["page"]
            if page.get("errors"):
                out.append(_row(scale, "page_errors", f"{name}: {'; '.join(page['errors'])[:300]}", "", ""))
            if "renders" not in page:
                continue
            slowest = max(page["queries"], key=lambda q: q["warm_ms"] * q["calls"], default=None)
            label = f"{name} ({len(page['queries'])} queries"
            label += f", slowest {slowest['name']} {slowest['warm_ms']:g} ms)" if slowest else ")"
            out.append(_row(scale, "page_queries", label, page["queries_total_ms"], "ms", "page_queries"))
            out.append(_row(scale, "render_cold", name, page["renders"]["cold"], "ms"))
            out.append(_row(scale, "render_warm", name, page["renders"]["warm"], "ms"))
            for change in page.get("filter_changes", []):
                out.append(
                    _row(
                        scale,
                        "render_filter_change",
                        f"{name} {change['change']}",
                        change["ms"],
                        "ms",
                        "render_filter_change",
                    )
                )
            out.append(_row(scale, "render_after_import", name, page["renders"]["after_import"], "ms"))
            if not page.get("cache_invalidated_by_import", True) or page.get("notes"):
                out.append(_row(scale, "page_notes", f"{name}: {'; '.join(page.get('notes', []))}", "", ""))
        out.append(
            _row(
                scale,
                "peak_memory",
                "bench process after page renders",
                s["peak_rss_mb_app"],
                "MB",
                "peak_memory",
            )
        )
        out.append(
            _row(
                scale,
                "peak_memory_with_pandas",
                "after loading the tables into pandas",
                s["peak_rss_mb_total"],
                "MB",
            )
        )
        start = s.get("app_start")
        if start:
            out.append(_app_start_row(scale, "app_start", "streamlit run on this database", start, None))
            if start.get("peak_rss_mb") is not None:
                out.append(
                    _row(
                        scale,
                        "peak_memory_server",
                        "streamlit server after first page",
                        start["peak_rss_mb"],
                        "MB",
                        "peak_memory",
                    )
                )
    demo = results.get("app_start_demo")
    if demo:
        out.append(
            _app_start_row(
                "demo", "app_start_demo", "streamlit run, fresh demo database", demo, "app_start_demo"
            )
        )
    return out


def _memory_rows(scale, s: dict) -> list[dict]:
    """Pipeline memory's queries (issue #15), each timed alone; the pages' rows time them in place."""
    memory = s.get("memory")
    if not memory:
        return []
    history = s.get("rows", {}).get("offer_history", 0)
    out = [_row(scale, "memory_history", "offer_history rows (weekly exports)", f"{history:,}", "rows")]
    for name, item in memory.items():
        what = f"{item['query']}.sql, {item['rows']} rows"
        if name == "waterfall":
            what += f", identity error {item['identity_max_error']:.2g}"
        out.append(_row(scale, f"memory_{name}", what, item["ms"], "ms"))
    return out


def _app_start_row(scale, part, item, start: dict, target_key) -> dict:
    if "first_page_s" not in start:
        return _row(scale, part, f"{item}: {start.get('error', 'failed')}", None, "s")
    if start.get("exceptions"):
        item += f" (page shows an exception: {start['exceptions'][0][:80]})"
    return _row(scale, part, item, start["first_page_s"], "s", target_key)


def format_table(table_rows: list[dict]) -> str:
    """A plain-text table; notes and errors (rows without a value) run on at full length."""
    header = ("scale", "part", "what", "value", "unit", "target", "ok")
    lines = [header]
    for r in table_rows:
        value = r["value"]
        shown = f"{value:,.2f}" if isinstance(value, float) else ("" if value is None else str(value))
        ok = {True: "yes", False: "NO"}.get(r.get("ok"), "")
        lines.append((r["scale"], r["part"], str(r["item"]), shown, r["unit"], r.get("target", ""), ok))
    measured = [line for line in lines if line[3]]
    widths = [min(max(len(line[i]) for line in measured), 64) for i in range(len(header))]
    text = []
    for n, line in enumerate(lines):
        if n and not line[3]:
            text.append(f"{line[0].ljust(widths[0])}  {line[1].ljust(widths[1])}  {line[2]}")
            continue
        cells = [
            cell[:64].ljust(widths[i]) if i != 3 else cell.rjust(widths[i]) for i, cell in enumerate(line)
        ]
        text.append("  ".join(cells).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", default=DEFAULT_SCALES, help=f"SELLERSxYEARS, comma separated ({DEFAULT_SCALES})"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--end", default=DEFAULT_END, help=f"last day of the demo data ({DEFAULT_END})")
    parser.add_argument(
        "--repeat", type=int, default=7, help="warm repetitions per timing; the median is kept"
    )
    parser.add_argument("--pages", nargs="*", help="page files to measure (default: every pages/*.py)")
    parser.add_argument("--skip-app-start", action="store_true", help="do not start streamlit servers")
    parser.add_argument(
        "--data-dir", type=Path, default=DATA_DIR, help="where generated databases are cached"
    )
    parser.add_argument(
        "--json", type=Path, help="write the JSON here (default: bench/results/<timestamp>.json)"
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds allowed per page render / app start"
    )
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    for role, entry in (("generate", _generate), ("worker", _worker)):
        spec = getattr(args, role)
        if spec:
            spec = json.loads(spec)
            Path(spec["out"]).write_text(json.dumps(entry(spec), indent=1, default=str))
            return 0

    args.scales = [parse_scale(s) for s in args.scales.split(",") if s.strip()]
    dt.date.fromisoformat(args.end)
    results = run(args)
    path = args.json or RESULTS_DIR / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=str))
    print(format_table(results["rows"]))
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
