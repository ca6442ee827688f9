"""Browser benchmark: what a director feels in Chromium, page by page, at company scale.

    .venv/bin/python -m bench.browser                        # 20x2 and 500x3, median of 5
    .venv/bin/python -m bench.browser --scales 500x3 --repeats 3 --pages activity seller

Headless Debian Chromium (/usr/bin/chromium, never a downloaded one) at 1440x900 against a
real `streamlit run app.py` on the scale's demo database (bench/data/, shared with
bench/run.py). For each page and each repeat, on a fresh server:

- `load`: a new user (empty browser cache) opens the page: navigation to script idle and to
  every chart drawn;
- `load_warm_server`: a second new user opens it on the same, now warm, server;
- `load_cached`: the first user opens it again (a new session; the browser has the
  JavaScript bundles cached, as on every visit after the first);
- then in that tab, each interaction in turn, from the user's click to script idle and
  to every chart drawn: `period_year` (Period -> Year in the sidebar), `team` (the first team),
  and on the team overview `drill_down` (a click on the table's first row, to the seller
  page), `present_load` (the overview with ?present=1), `review_start` ("Start review") and
  `review_next` (the next seller).

"Script idle" is the app's `data-test-script-state` back at `notRunning`; "charts drawn" is
the last change inside a plotly chart once every visible chart has its plot and marks, no
element is stale, and nothing has changed for --quiet ms (bench/browser_probe.js, timed with
the page's own clock). Bytes are the websocket messages received meanwhile; the largest are
decoded to name the element. Server and browser CPU are the processes' CPU time meanwhile:
the server and Chromium share this machine's cores.

Results: markdown tables and JSON in bench/results/browser-<timestamp>.{md,json}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/browser.py` as well as `python -m bench.browser`
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_END, DEFAULT_SEED, RESULTS_DIR, ensure_database, machine, parse_scale  # noqa: E402
from bench.server import LoadSampler, serve, tree_cpu  # noqa: E402
from bench.streamlit_client import describe, page_path  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [  # as tests/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
PROBE = Path(__file__).with_name("browser_probe.js")
DEFAULT_SCALES = "20x2,500x3"
FILTERS = ("period_year", "team")
PAGES: dict[str, tuple[str, ...]] = {  # page url_path -> its interactions after the loads
    "team_overview": (*FILTERS, "drill_down", "present_load", "review_start", "review_next"),
    "activity": FILTERS,
    "conversion": FILTERS,
    "pipeline": FILTERS,
    "seller": FILTERS,
    "coaching": FILTERS,
    "import_data": (),
}
LOADS = ("load", "load_warm_server", "load_cached", "present_load")
# Issue #19's targets at 500 sellers x 3 years.
TARGETS = {"load_ms": 2500.0, "interaction_ms": 1000.0, "message_bytes": 500_000}


# --------------------------------------------------------------------------------------
# One tab: Playwright page + the probe + the websocket messages decoded
# --------------------------------------------------------------------------------------


class Tab:
    """A new browser context (a new user: empty cache) with the probe installed."""

    def __init__(self, browser, server, settings: dict):
        self.context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        self.context.add_init_script(path=str(PROBE))
        self.page = self.context.new_page()
        self.page.set_default_timeout(settings["timeout"] * 1000)
        self.server, self.settings = server, settings
        self._chromium: dict[int, float] = {}  # Chromium process id -> CPU seconds last read
        self.sockets: list[list[tuple[int, str]]] = []  # this document's websockets, their messages
        self._cached: dict[str, str] = {}  # message hash -> what it was (a reference names it)
        self.page.on("websocket", self._socket)

    def _socket(self, websocket) -> None:
        messages: list[tuple[int, str]] = []
        self.sockets.append(messages)
        websocket.on("framereceived", lambda payload: messages.append(self._decode(payload)))

    def _decode(self, payload: str | bytes) -> tuple[int, str]:
        """(bytes, what) of one forward message; a cache reference is named after its original."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        data = payload if isinstance(payload, bytes) else payload.encode()
        try:
            message = ForwardMsg.FromString(data)
        except Exception:  # noqa: BLE001 - a message we cannot read is still counted
            return len(data), "?"
        if message.WhichOneof("type") == "ref_hash":
            return len(data), f"ref_hash ({self._cached.get(message.ref_hash, '?')})"
        what = describe(message)
        if message.metadata.cacheable and message.hash:
            self._cached[message.hash] = what
        return len(data), what

    def close(self) -> None:
        self.context.close()

    def open(self, url: str) -> dict:
        """Navigate (a new document: the probe's clock starts at 0) and measure until done."""
        self.sockets = []
        before = self._cpu()
        self.page.goto(url, wait_until="commit")
        return self._measure(0.0, before)

    def act(self, action: Callable) -> dict:
        """Do `action(page, arm)`; it calls arm() right before the user's final click."""
        before = {}
        armed: list[float] = []

        def arm() -> None:
            before.update(self._cpu())
            armed.append(self.page.evaluate("() => (window.__bench.arm(), performance.now())"))

        action(self.page, arm)
        since = self.page.evaluate("() => window.__bench.input")
        return self._measure(since if since is not None else armed[-1], before)

    def _measure(self, since: float, before: dict) -> dict:
        """Wait until the probe says done and the page holds every chart the last script run
        sent (a chart whose code is still loading is not in the page yet), then read it all."""
        deadline = time.monotonic() + self.settings["timeout"]
        while True:
            left = max(0.0, deadline - time.monotonic())
            done = self.page.evaluate(
                "([since, quiet, timeout]) => window.__bench.waitDone(since, quiet, timeout)",
                [since, self.settings["quiet"], left * 1000],
            )
            messages = self._messages(done["frames"])
            if done["timed_out"] or done["charts_all"] >= messages["charts_sent"]:
                break
            if time.monotonic() > deadline:
                done["timed_out"] = True
                break
            self.page.wait_for_timeout(50)
        after = self._cpu()
        result = {k: round(v, 1) if isinstance(v, float) else v for k, v in done.items() if k != "frames"}
        result.update(messages)
        result["server_cpu_ms"] = round((after["server"] - before["server"]) * 1000)
        result["browser_cpu_ms"] = round((after["browser"] - before["browser"]) * 1000)
        result.update(self.page.evaluate("() => window.__bench.summary()"))
        return result

    def _cpu(self) -> dict:
        """Server and Chromium CPU seconds so far. A renderer that exits (a navigation may swap
        it) keeps the time last read from it, so the sum never goes back."""
        self._chromium.update(tree_cpu(os.getpid(), "chrom"))
        return {"server": self.server.stats()["cpu_s"] or 0.0, "browser": sum(self._chromium.values())}

    def _messages(self, frames: list[list[int]]) -> dict:
        """Bytes and the largest messages among those received after `since`, named."""
        wanted = [0] * (max((socket for _, _, socket in frames), default=-1) + 1)
        for _, _, socket in frames:
            wanted[socket] += 1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
            len(self.sockets) < len(wanted) or any(len(self.sockets[k]) < n for k, n in enumerate(wanted))
        ):
            self.page.wait_for_timeout(20)  # Playwright delivers the frame events meanwhile
        seen = [0] * len(wanted)
        mine: list[tuple[int, str]] = []
        for after, size, socket in frames:
            index, seen[socket] = seen[socket], seen[socket] + 1
            if not after:
                continue
            known = self.sockets[socket][index] if socket < len(self.sockets) else None
            what = known[1] if known and known[0] == size else "?"
            mine.append((size, what))
        mine.sort(reverse=True)
        return {
            "bytes": sum(size for size, _ in mine),
            "messages": len(mine),
            "largest": mine[:5],
            "charts_sent": self._charts_of_last_run(frames[-1][2], seen[frames[-1][2]]) if frames else 0,
        }

    def _charts_of_last_run(self, socket: int, received: int) -> int:
        """Plotly charts (sent or referenced) since the last run's `new_session`: the page's charts."""
        messages = self.sockets[socket][:received] if socket < len(self.sockets) else []
        starts = [i for i, (_, what) in enumerate(messages) if what == "new_session"]
        run = messages[starts[-1] :] if starts else messages
        return sum(1 for _, what in run if what.startswith("delta chart"))


# --------------------------------------------------------------------------------------
# The interactions
# --------------------------------------------------------------------------------------


def _pick(label: str, option: str) -> Callable:
    """Choose `option` in the sidebar selectbox called `label` (as a user does: open, click)."""

    def action(page, arm) -> None:
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label).click()
        choice = page.get_by_role("option", name=option, exact=True)
        choice.wait_for()
        arm()
        choice.click()

    return action


def _drill_down(page, arm) -> None:
    """Click the first row of the team overview's table (the grid is a canvas: by position)."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    arm()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first data row's selection cell


def _button(locator: Callable) -> Callable:
    def action(page, arm) -> None:
        button = locator(page)
        button.wait_for()
        arm()
        button.click()

    return action


def interactions(team: str) -> dict[str, Callable]:
    return {
        "period_year": _pick("Period", "Year"),
        "team": _pick("Team", team),
        "drill_down": _drill_down,
        "review_start": _button(lambda page: page.get_by_role("button", name=re.compile("Start review"))),
        "review_next": _button(lambda page: page.locator(".st-key-overview_review_next button")),
    }


# --------------------------------------------------------------------------------------
# A page, a scale, the run
# --------------------------------------------------------------------------------------


def measure_page(browser, db: Path, page: str, fixture: dict, settings: dict, log: Path) -> dict:
    """One repeat of one page on a fresh server: its loads and its interactions."""
    url_query = f"?seller={fixture['seller']}" if page == "seller" else ""
    actions = interactions(fixture["team"])
    out: dict = {}
    with serve(db, log, args=["--server.fileWatcherType=none"], front=settings.get("front", True)) as server:
        tab = Tab(browser, server, settings)
        try:
            out["load"] = tab.open(f"{server.base}/{page_path(page)}{url_query}")
            second = Tab(browser, server, settings)
            try:
                out["load_warm_server"] = second.open(f"{server.base}/{page_path(page)}{url_query}")
            finally:
                second.close()
            out["load_cached"] = tab.open(
                f"{server.base}/{page_path(page)}{url_query}"
            )  # the same user again
            for name in PAGES[page]:
                if name == "present_load":
                    out[name] = tab.open(f"{server.base}/{page_path(page)}?present=1")
                else:
                    out[name] = tab.act(actions[name])
                if name == "drill_down":
                    out[name]["ok"] = "/seller?" in out[name]["url"]
        finally:
            tab.close()
        for result in out.values():
            result["front"] = server.front  # "nginx": its static files from nginx
    return out


def _fixture(db: Path) -> dict:
    """The first team and its first active seller (what the team and seller steps pick)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        team, seller = con.execute(
            "select team, min(seller_id) from sellers where active group by team order by team limit 1"
        ).fetchone()
    return {"team": team, "seller": seller}


def measure_scale(browser, scale: str, db: Path, settings: dict, tmp: Path) -> dict:
    """Every page, --repeats times, on the database `db` (a scale's demo, or --db)."""
    fixture = _fixture(db)
    entry: dict = {"scale": scale, "database": str(db), **fixture}
    entry["load_average_start"] = os.getloadavg()
    runs: dict[str, dict[str, list[dict]]] = {page: {} for page in settings["pages"]}
    with LoadSampler() as load:
        for repeat in range(settings["repeats"]):
            for page in settings["pages"]:
                _log(f"[{scale}] {page}, repeat {repeat + 1} of {settings['repeats']} ...")
                measured = measure_page(browser, db, page, fixture, settings, tmp / f"{scale}-{page}.log")
                for name, result in measured.items():
                    runs[page].setdefault(name, []).append(result)
    entry["load_average_end"] = os.getloadavg()
    entry["load_average_during"] = load.summary()
    entry["runs"] = runs
    entry["medians"] = {
        page: {name: median_of(results) for name, results in steps.items()} for page, steps in runs.items()
    }
    return entry


def median_of(results: list[dict]) -> dict:
    """The median of each figure over the repeats; the largest messages of the median run."""
    keys = ("idle_ms", "drawn_ms", "bytes", "messages", "server_cpu_ms", "browser_cpu_ms", "svg_nodes")
    out = {key: statistics.median(r[key] for r in results) for key in keys}
    out["largest_bytes"] = statistics.median(r["largest"][0][0] if r["largest"] else 0 for r in results)
    middle = sorted(results, key=lambda r: r["drawn_ms"])[(len(results) - 1) // 2]
    out["largest"] = middle["largest"]
    out["charts"] = max(r["charts"] for r in results)
    out["charts_drawn"] = min(r["charts_drawn"] for r in results)
    out["repeats"] = len(results)
    out["problems"] = sorted({p for r in results for p in _problems(r)})
    return out


def _problems(result: dict) -> list[str]:
    problems = []
    if result.get("timed_out"):
        problems.append(
            f"timed out (state {result.get('state')}, {result['charts_drawn']}/{result['charts']} charts)"
        )
    if result.get("exceptions"):
        problems.append(f"exception: {result['exceptions'][0][:120]}")
    if result.get("ok") is False:
        problems.append(f"ended on {result['url']}")
    return problems


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def _verdict(scale: str, name: str, figures: dict) -> str:
    if scale != "500x3":
        return ""
    limit = TARGETS["load_ms"] if name in LOADS else TARGETS["interaction_ms"]
    ok = figures["drawn_ms"] <= limit and figures["largest_bytes"] <= TARGETS["message_bytes"]
    return "yes" if ok else "NO"


def _served(results: dict) -> str:
    fronts = {
        result.get("front", "none")
        for entry in results["scales"]
        for steps in entry["runs"].values()
        for step in steps.values()
        for result in step
    }
    if fronts == {"nginx"}:
        return (
            "nginx in front (the static files from nginx, gzipped; the rest passed on), as scripts/run-app.sh"
        )
    if fronts == {"none"}:
        return "the app server alone (its static files from Streamlit)"
    return "mixed: " + ", ".join(sorted(fronts))


def format_tables(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['cpus']} CPUs ({m.get('cpu', '?')}), {m.get('memory_gb', '?')} GB; "
        f"Streamlit {m['streamlit']}, DuckDB {m['duckdb']}; {m.get('uptime', '')}",
        f"Repeats: {results['settings']['repeats']} (median); commit {results.get('commit', '?')}; "
        f"started {results['started']}",
        f"Served: {_served(results)}",
    ]
    for entry in results["scales"]:
        during = entry["load_average_during"]
        lines += [
            "",
            f"### {entry['scale']}: 1-minute load average {during['min']:.1f}-{during['max']:.1f} "
            f"(mean {during['mean']:.1f}, sampled every 15 s)",
            "",
            "| page | step | script idle ms | charts drawn ms | charts | bytes | largest message "
            "| server CPU ms | browser CPU ms | SVG nodes | target met |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for page, steps in entry["medians"].items():
            for name, f in steps.items():
                top = f["largest"][0] if f["largest"] else (0, "")
                cells = [
                    page,
                    name,
                    f"{f['idle_ms']:,.0f}",
                    f"{f['drawn_ms']:,.0f}",
                    f"{f['charts_drawn']}/{f['charts']}",
                    f"{f['bytes']:,.0f}",
                    f"{f['largest_bytes']:,.0f} ({top[1]})",
                    f"{f['server_cpu_ms']:,.0f}",
                    f"{f['browser_cpu_ms']:,.0f}",
                    f"{f['svg_nodes']:,.0f}",
                    _verdict(entry["scale"], name, f)
                    + (f" ({'; '.join(f['problems'])})" if f["problems"] else ""),
                ]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S603, S607
    return done.stdout.strip() or "?"


def _databases(settings: dict) -> list[tuple[str, Path]]:
    """(label, file) to measure: --db as it is, else each scale's cached demo database."""
    if settings.get("db"):
        return [(Path(settings["db"]).stem, Path(settings["db"]))]
    out = []
    for sellers, years in settings["scales"]:
        db, _ = ensure_database(sellers, years, settings["seed"], settings["end"], settings["data_dir"])
        out.append((f"{sellers}x{years}", db))
    return out


def run(settings: dict) -> dict:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does)")
    info = machine()
    info["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()  # noqa: S603, S607
    results = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": info,
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in settings.items()},
        "targets_500x3": TARGETS,
        "scales": [],
    }
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="salescoach-browser-") as tmp:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for scale, db in _databases(settings):
                results["scales"].append(measure_scale(browser, scale, db, settings, Path(tmp)))
        finally:
            browser.close()
    results["load_average_end"] = os.getloadavg()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", default=DEFAULT_SCALES, help=f"SELLERSxYEARS, comma separated ({DEFAULT_SCALES})"
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="fresh servers per page; the median is kept (5)"
    )
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), help="default: every page")
    parser.add_argument(
        "--quiet", type=float, default=500.0, help="ms without any change that ends a step (500)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one step may take (120)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--end", default=DEFAULT_END, help=f"last day of the demo data ({DEFAULT_END})")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--db", type=Path, help="measure this database file instead of the scales' demos")
    parser.add_argument("--json", type=Path, help="default: bench/results/browser-<timestamp>.json (and .md)")
    parser.add_argument(
        "--no-front",
        action="store_true",
        help="the app server alone, its static files from Streamlit (default: nginx in front, as scripts/run-app.sh)",
    )
    args = parser.parse_args(argv)
    settings = {
        "scales": [parse_scale(s) for s in args.scales.split(",") if s.strip()],
        "repeats": args.repeats,
        "pages": args.pages or list(PAGES),
        "quiet": args.quiet,
        "timeout": args.timeout,
        "seed": args.seed,
        "end": args.end,
        "data_dir": args.data_dir,
        "db": args.db,
        "front": not args.no_front,
    }
    results = run(settings)
    path = args.json or RESULTS_DIR / f"browser-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=str))
    table = format_tables(results)
    path.with_suffix(".md").write_text(table + "\n")
    print(table)
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
