"""Where a rerun's Python goes: cProfile of one page's warm reruns in AppTest.

    .venv/bin/python -m bench.profile_rerun --page team_overview            # 500x3 demo
    .venv/bin/python -m bench.profile_rerun --page activity --set filter_period=year --top 40

The page is opened on the scale's demo database (bench/data/, shared with bench/run.py), run
once to warm the caches (and once more after each `--set KEY=VALUE` widget change, so the change's
queries are cached too), then profiled over `--runs` reruns: the cached view a director gets on
every click that changes nothing the page reads. Prints the wall time per rerun and the functions
with the most cumulative (and own) time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_END, DEFAULT_SEED, ensure_database, parse_scale  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profile_rerun", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scale", type=parse_scale, default=(500, 3), help="SELLERSxYEARS (500x3)")
    parser.add_argument("--db", type=Path, help="profile on this database file instead of the demo")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--page", default="team_overview", help="page file stem (team_overview)")
    parser.add_argument("--seller", default="S001", help="the seller page's ?seller= (S001)")
    parser.add_argument("--query", action="append", default=[], help="URL parameter KEY=VALUE")
    parser.add_argument("--set", action="append", default=[], help="widget KEY=VALUE before profiling")
    parser.add_argument("--runs", type=int, default=5, help="reruns profiled (5)")
    parser.add_argument("--top", type=int, default=30, help="functions printed (30)")
    parser.add_argument("--callers", help="also print who calls the functions matching this regex")
    args = parser.parse_args(argv)

    import os

    db = (
        args.db or ensure_database(*args.scale, seed=DEFAULT_SEED, end=DEFAULT_END, data_dir=args.data_dir)[0]
    )
    os.environ["SALESCOACH_DB"] = str(db)
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    profiles: list[cProfile.Profile] = []
    recording = {"on": False}
    run_script = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):  # the script runs in its own thread: profile it there
        if not recording["on"]:
            return run_script(self, *args, **kwargs)
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()
        try:
            return run_script(self, *args, **kwargs)
        finally:
            profile.disable()

    script_runner.ScriptRunner._run_script = profiled

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page(f"pages/{args.page}.py")
    at.run()
    at.query_params["period"] = "quarter"
    if args.page == "seller":
        at.query_params["seller"] = args.seller
    for pair in args.query:
        name, value = pair.split("=", 1)
        at.query_params[name] = value
    at.run()
    for pair in args.set:
        name, value = pair.split("=", 1)
        at.selectbox(key=name).set_value(value)
        at.run()
    at.run()
    if at.exception:
        print("the page shows an exception:", [e.message for e in at.exception][:3])
    times = []
    recording["on"] = True
    for _ in range(args.runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    recording["on"] = False
    print(
        f"{args.page}: reruns {', '.join(f'{ms:.0f}' for ms in times)} ms (load average {os.getloadavg()[0]:.1f})"
    )
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(*profiles, stream=out).sort_stats(order).print_stats(args.top)
        print(out.getvalue())
    if args.callers:
        out = io.StringIO()
        pstats.Stats(*profiles, stream=out).sort_stats("cumulative").print_callers(args.callers)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
