"""Load benchmark: N simulated browser sessions clicking through the dashboard at once.

    .venv/bin/python -m bench.load                           # 500x3, N = 1, 5, 10, 20, 40, one server
    .venv/bin/python -m bench.load --sessions 1,5,10,20 --duration 60
    .venv/bin/python -m bench.load --replicas 2              # two servers, sessions split between them

Each session is a websocket client (bench/streamlit_client.py) that does what a director's
browser does: opens the team overview, then, after a think time drawn uniformly from
0..--think seconds (seeded per session), one of: switch page (sidebar navigation), change the
period or the team in the sidebar, or click a row of the overview table (drill-down to the
seller page). A rerun's latency is from sending the `BackMsg` to the final `script_finished`
(a drill-down ends two script runs: the table's selection callback switches page, so the
first stops before the overview draws anything, and the seller page runs).
Sessions wait for the answer before thinking again (a closed loop, as a person does).

For each N it starts fresh servers on the scale's demo database (bench/data/, shared with
bench/run.py), lets the sessions run for --warmup + --duration seconds and keeps the reruns
started after the warm-up: p50/p95/max latency, throughput (reruns/s), the servers' CPU
(cores busy) and resident memory (sampled every 0.5 s), and this client's own CPU (it shares
the machine). With --replicas R, session i talks to server i mod R (what sticky sessions
behind a load balancer do). Replicas need the app to open the analytics file read-only: until
it does, the second server cannot open the database and the run says so.

Results: a markdown table on stdout and JSON (with every rerun) in bench/results/.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/load.py` as well as `python -m bench.load`
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_END, DEFAULT_SEED, RESULTS_DIR, ensure_database, machine, parse_scale  # noqa: E402
from bench.server import LoadSampler, serve  # noqa: E402
from bench.streamlit_client import Session, page_path  # noqa: E402

PAGES = ["team_overview", "activity", "conversion", "pipeline", "seller", "coaching"]
OVERVIEW = "team_overview"
ACTIONS = {"page": 0.3, "period": 0.25, "team": 0.25, "drill_down": 0.2}  # weights
PERIODS = 4  # the first four period options: week, month, quarter, year (not custom dates)
DRILL_ROWS = 5  # a drill-down clicks one of the first rows the table shows


def percentile(values: list[float], share: float) -> float | None:
    """The `share` quantile (0..1), linearly interpolated; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 1)


class Clicker:
    """One simulated director: what to do next, decided by a seeded random generator."""

    def __init__(self, session: Session, rng: random.Random):
        self.session, self.rng = session, rng
        self.page = OVERVIEW

    def next_action(self) -> tuple[str, dict]:
        action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        if action == "drill_down" and self.page != OVERVIEW:
            return "page", self._page_to(OVERVIEW)
        if action == "page":
            return "page", self._page_to(self.rng.choice([p for p in PAGES if p != self.page]))
        if action == "period":
            options = self.session.widget("filter_period")["options"][:PERIODS]
            return "period", {"widgets": [self.session.select("filter_period", self.rng.choice(options))]}
        if action == "team":
            count = len(self.session.widget("filter_team")["options"])
            return "team", {"widgets": [self.session.select("filter_team", self.rng.randrange(count))]}
        shown = self.session.widget("overview_table").get("rows") or 1
        rows = [self.rng.randrange(min(DRILL_ROWS, shown))]
        self.page = "seller"
        return "drill_down", {"widgets": [self.session.pick_rows("overview_table", rows)]}

    def _page_to(self, page: str) -> dict:
        self.page = page
        return {"page": page, "query": ""}  # the sidebar navigation drops the query string

    def act(self, action: str, how: dict, timeout: float) -> dict:
        if "page" in how:
            return self.session.run(page_path(how["page"]), how["query"], timeout=timeout)
        return self.session.rerun(how["widgets"], timeout=timeout)


def _session_loop(number: int, base: str, settings: dict, clock: dict, out: list, errors: list) -> None:
    rng = random.Random(settings["seed"] * 1000 + number)
    time.sleep(rng.uniform(0, settings["think"]))  # sessions arrive spread over the first think time
    try:
        with Session(base) as session:
            clicker = Clicker(session, rng)
            action, how = "open", {"page": "", "query": ""}
            while True:
                started = time.monotonic()
                drawn = clicker.act(action, how, settings["timeout"])
                out.append(_record(number, action, started, drawn, clock["t0"], session.query_string))
                if drawn["exceptions"]:
                    errors.append(f"session {number} {action}: {drawn['exceptions'][0][:200]}")
                if time.monotonic() >= clock["end"]:
                    return
                time.sleep(rng.uniform(0, settings["think"]))
                if time.monotonic() >= clock["end"]:
                    return
                action, how = clicker.next_action()
    except Exception as error:  # noqa: BLE001 - counted and reported, the other sessions go on
        errors.append(f"session {number}: {type(error).__name__}: {error}"[:300])


def _record(number: int, action: str, started: float, drawn: dict, t0: float, query: str) -> dict:
    return {
        "session": number,
        "action": action,
        "start_s": round(started - t0, 3),
        "end_s": round(time.monotonic() - t0, 3),
        "ms": drawn["ms"],
        "bytes": drawn["bytes"],
        "runs": drawn["runs"],
        "finished": drawn.get("finished"),
        "exceptions": len(drawn["exceptions"]),
        "query": query,  # the URL after the rerun
    }


def _sample(servers, clock: dict, samples: list, stop: threading.Event) -> None:
    while not stop.is_set():
        stats = [server.stats() for server in servers]
        samples.append(
            {
                "t_s": round(time.monotonic() - clock["t0"], 2),
                "rss_mb": [s["rss_mb"] for s in stats],
                "cpu_s": [s["cpu_s"] for s in stats],
            }
        )
        stop.wait(0.5)


def _preflight(servers) -> str | None:
    """Every replica serves the team overview (its table drawn), or what it showed instead."""
    for number, server in enumerate(servers, start=1):
        with Session(server.base) as session:
            drawn = session.run("", "")
        if drawn["exceptions"] or "overview_table" not in session.widgets:
            shown = (drawn["exceptions"] or drawn["alerts"] or ["nothing"])[0]
            return f"server {number} of {len(servers)} did not serve the team overview: {shown[:300]}"
    return None


def run_level(db: Path, sessions: int, settings: dict, tmp: Path) -> dict:
    """One load level: fresh servers, `sessions` clicking for warm-up + duration, the figures."""
    replicas = settings["replicas"]
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(serve(db, tmp / f"server-{sessions}-{n}.log", env=settings["server_env"]))
            for n in range(replicas)
        ]
        problem = _preflight(servers)
        if problem:
            return {"sessions": sessions, "replicas": replicas, "error": problem}
        reruns: list[dict] = []
        errors: list[str] = []
        samples: list[dict] = []
        t0 = time.monotonic()
        clock = {"t0": t0, "end": t0 + settings["warmup"] + settings["duration"]}
        stop = threading.Event()
        sampler = threading.Thread(target=_sample, args=(servers, clock, samples, stop), daemon=True)
        sampler.start()
        cpu_client = time.process_time()
        load = stack.enter_context(LoadSampler(every=5.0))
        threads = [
            threading.Thread(
                target=_session_loop,
                args=(n, servers[n % replicas].base, settings, clock, reruns, errors),
                daemon=True,
            )
            for n in range(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=settings["warmup"] + settings["duration"] + settings["timeout"] + 30)
        wall = time.monotonic() - t0
        cpu_client = time.process_time() - cpu_client
        stop.set()
        sampler.join(timeout=5)
    return _summarise(sessions, settings, reruns, errors, samples, wall, cpu_client, load.summary())


def _summarise(sessions, settings, reruns, errors, samples, wall, cpu_client, load) -> dict:
    """Latency of the reruns started in the measured window, throughput of those finished in it."""
    warm, end = settings["warmup"], settings["warmup"] + settings["duration"]
    kept = [r for r in reruns if warm <= r["start_s"] < end]
    finished = [r for r in reruns if warm <= r["end_s"] < end]
    latencies = [r["ms"] for r in kept]
    in_window = [s for s in samples if warm <= s["t_s"] <= end]
    cpu = None
    if len(in_window) >= 2 and None not in in_window[0]["cpu_s"] + in_window[-1]["cpu_s"]:
        busy = sum(in_window[-1]["cpu_s"]) - sum(in_window[0]["cpu_s"])
        cpu = round(busy / max(1e-9, in_window[-1]["t_s"] - in_window[0]["t_s"]), 2)
    rss = [sum(s["rss_mb"]) for s in samples if None not in s["rss_mb"]]
    by_action = {}
    for action in sorted({r["action"] for r in kept}):
        values = [r["ms"] for r in kept if r["action"] == action]
        by_action[action] = {
            "reruns": len(values),
            "p50_ms": percentile(values, 0.5),
            "p95_ms": percentile(values, 0.95),
        }
    return {
        "sessions": sessions,
        "replicas": settings["replicas"],
        "reruns": len(kept),
        "reruns_per_s": round(len(finished) / settings["duration"], 2),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies, default=None),
        "mean_bytes": round(statistics.mean(r["bytes"] for r in kept)) if kept else None,
        "server_cpu_cores": cpu,
        "server_rss_mb_peak": max(rss, default=None),
        "server_rss_mb_end": rss[-1] if rss else None,
        "client_cpu_cores": round(cpu_client / wall, 2),
        "errors": len(errors) + sum(1 for r in kept if r["finished"] != "FINISHED_SUCCESSFULLY"),
        "error_examples": errors[:5],
        "load_average": load,  # 1-minute load average during the level, sampled every 5 s
        "by_action": by_action,
        "all_reruns": reruns,
    }


def format_table(levels: list[dict]) -> str:
    header = (
        "| sessions | servers | reruns | reruns/s | p50 ms | p95 ms | max ms | server CPU (cores) "
        "| server RSS peak MB | client CPU (cores) | errors | load average (1 min, min-max) |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for level in levels:
        if "error" in level:
            lines.append(f"| {level['sessions']} | {level['replicas']} | {level['error']} |")
            continue
        cells = [
            level["sessions"],
            level["replicas"],
            level["reruns"],
            level["reruns_per_s"],
            _num(level["p50_ms"]),
            _num(level["p95_ms"]),
            _num(level["max_ms"]),
            level["server_cpu_cores"],
            _num(level["server_rss_mb_peak"]),
            level["client_cpu_cores"],
            level["errors"],
            f"{level['load_average']['min']:.1f}-{level['load_average']['max']:.1f}",
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def _num(value) -> str:
    return "" if value is None else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=parse_scale, default=(500, 3), help="SELLERSxYEARS (500x3)")
    parser.add_argument("--sessions", default="1,5,10,20,40", help="session counts, comma separated")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured per level (60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds before measuring (10)")
    parser.add_argument("--think", type=float, default=1.0, help="think time is uniform in 0..THINK s (1)")
    parser.add_argument("--replicas", type=int, default=1, help="servers; session i uses server i mod R (1)")
    parser.add_argument(
        "--server-env", action="append", default=[], metavar="NAME=VALUE", help="for every server"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data and clicking (7)")
    parser.add_argument("--end", default=DEFAULT_END, help=f"last day of the demo data ({DEFAULT_END})")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--db", type=Path, help="load this database file instead of the scale's demo")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one rerun may take (120)")
    parser.add_argument("--json", type=Path, help="default: bench/results/load-<timestamp>.json")
    args = parser.parse_args(argv)
    sellers, years = args.scale
    settings = {
        "scale": args.db.stem if args.db else f"{sellers}x{years}",
        "sessions": [int(n) for n in args.sessions.split(",") if n.strip()],
        "duration": args.duration,
        "warmup": args.warmup,
        "think": args.think,
        "replicas": args.replicas,
        "server_env": dict(item.split("=", 1) for item in args.server_env),
        "seed": args.seed,
        "timeout": args.timeout,
    }
    if args.db:
        db, generated = args.db, {}
    else:
        db, generated = ensure_database(sellers, years, args.seed, args.end, args.data_dir)
    results = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {**settings, "database": str(db), **generated},
        "levels": [],
    }
    with tempfile.TemporaryDirectory(prefix="salescoach-load-") as tmp:
        for sessions in settings["sessions"]:
            print(
                f"[{settings['scale']}] {sessions} sessions on {args.replicas} server(s) ...", file=sys.stderr
            )
            results["levels"].append(run_level(db, sessions, settings, Path(tmp)))
    results["load_average_end"] = os.getloadavg()
    path = args.json or RESULTS_DIR / f"load-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=str))
    print(format_table(results["levels"]))
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
