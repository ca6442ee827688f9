"""What a new session costs on the server, with and without Streamlit's file watcher.

    .venv/bin/python -m bench.new_session                     # 500x3, watcher auto vs none
    .venv/bin/python -m bench.new_session --scale 20x2 --sessions 20

For each file watcher setting it starts a fresh `streamlit run` on the scale's demo database,
opens one session to warm the caches, then opens --sessions new sessions one after another
(a websocket client, bench/streamlit_client.py): for each, the time to connect and have the
team overview's first script run finished, and a second run (a rerun) in the same session.
`auto` is what `streamlit run` does without the project's `.streamlit/config.toml` (watchdog
when installed, else polling); `none` is the deployment default set there.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_END, DEFAULT_SEED, ensure_database, machine, parse_scale  # noqa: E402
from bench.server import serve  # noqa: E402
from bench.streamlit_client import Session  # noqa: E402


def measure(db: Path, watcher: str, sessions: int, log: Path) -> dict:
    args = [
        f"--server.fileWatcherType={watcher}",
        f"--server.runOnSave={'true' if watcher != 'none' else 'false'}",
    ]
    first, rerun, cpu = [], [], []
    with serve(db, log, args=args) as server:
        with Session(server.base) as warm:
            warm.run("", "")
        for _ in range(sessions):
            before = server.stats()["cpu_s"]
            start = time.perf_counter()
            with Session(server.base) as session:
                drawn = session.run("", "")
                first.append((time.perf_counter() - start) * 1000)
                cpu.append((server.stats()["cpu_s"] - before) * 1000)
                rerun.append(session.run(None, None)["ms"])
            if drawn["exceptions"] or drawn.get("finished") != "FINISHED_SUCCESSFULLY":
                raise RuntimeError(f"the team overview failed: {drawn['exceptions'][:1]}")
        rss = server.stats()["rss_mb"]
    return {
        "watcher": watcher,
        "sessions": sessions,
        "new_session_ms": round(statistics.median(first), 1),
        "new_session_cpu_ms": round(statistics.median(cpu), 1),
        "rerun_ms": round(statistics.median(rerun), 1),
        "server_rss_mb": rss,
        "all_new_session_ms": [round(v, 1) for v in first],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.new_session", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=parse_scale, default=(500, 3))
    parser.add_argument("--sessions", type=int, default=15, help="new sessions per setting (15)")
    parser.add_argument("--watchers", default="auto,none", help="fileWatcherType values (auto,none)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--end", default=DEFAULT_END)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    db, _ = ensure_database(*args.scale, args.seed, args.end, args.data_dir)
    results = {"machine": machine(), "database": str(db), "settings": []}
    with tempfile.TemporaryDirectory(prefix="salescoach-sessions-") as tmp:
        for watcher in args.watchers.split(","):
            results["settings"].append(
                measure(db, watcher.strip(), args.sessions, Path(tmp) / f"{watcher}.log")
            )
    print(
        "| file watcher | new session: connect + first run (ms) | its server CPU (ms) | rerun (ms) | RSS MB |"
    )
    print("|---|---|---|---|---|")
    for row in results["settings"]:
        print(
            f"| {row['watcher']} | {row['new_session_ms']:,.0f} | {row['new_session_cpu_ms']:,.0f} "
            f"| {row['rerun_ms']:,.0f} | {row['server_rss_mb']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
