"""Serve the dashboard warm: `python -m salescoach.serve [streamlit run options]`.

`streamlit run app.py` loads the app's code and opens the stores only when the first visitor
arrives: after a start or a deploy, the first director waited 1-1.5 s longer for the first page
(imports, the database opened, every query cold; bench/README.md). This launcher imports the
app's modules first, then starts the same `streamlit run app.py` in this process and, once the
server answers, opens every page once from a websocket client on loopback, as a browser would
(`warm_up`), so its code, the stores, the queries of the default view and the charts' code are
ready before anyone looks. It prints one line when done ("warm: ..."). Options are
`streamlit run`'s own (`--server.port 8502`, ...); `.streamlit/config.toml` applies as before.

Once warm, what is loaded stays (modules, code, the warm caches), so Python's cyclic garbage
collector is told to leave it alone (`tune_collector`: `gc.freeze()`, and a young generation
of 20,000 objects instead of 700): under load the collector had scanned those objects again
and again, about 9 % of the server's Python time at 500 sellers (bench/README.md).
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
import time
import urllib.request
from collections.abc import Iterable, Sequence

from salescoach.db import PROJECT_ROOT

APP_MODULES = (  # what a first run would import: loaded before the server starts
    "pandas",
    "plotly.graph_objects",
    "duckdb",
    "salescoach.ui",
    "salescoach.charts",
    "salescoach.change_charts",
    "salescoach.ui.changes",
    "salescoach.ui.coaching_loop",
    "salescoach.ui.review",
)
WARM_PAGES = ("", "activity", "conversion", "pipeline", "seller", "coaching", "review")
YOUNG_OBJECTS = 20_000  # objects allocated between two collections of the youngest generation


def tune_collector(young_objects: int = YOUNG_OBJECTS) -> int:
    """Collect once, then freeze what survives (it is never scanned again; it is still freed when
    nothing refers to it) and collect the young generation every `young_objects` allocations
    (the older ones as Python does, every 10 of the one below). Returns the objects frozen."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(young_objects, 10, 10)
    return gc.get_freeze_count()


def warm_up(base: str, pages: Iterable[str] = WARM_PAGES, timeout: float = 120) -> list[tuple[str, float]]:
    """Open each page of the dashboard at `base` once (its default view) in one websocket
    session; the milliseconds each took, in order. A page may carry its URL parameters
    ("seller?seller=S001": one seller's page)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    took = []
    url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout) as ws:
        for page in pages:
            start = time.perf_counter()
            name, _, query = page.partition("?")
            state = ClientState(query_string=query, page_name=name)
            ws.send(BackMsg(rerun_script=state).SerializeToString())
            deadline = start + timeout
            while True:
                message = ForwardMsg.FromString(ws.recv(timeout=max(0.1, deadline - time.perf_counter())))
                finished = message.WhichOneof("type") == "script_finished"
                if finished and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
            took.append((page or "team_overview", (time.perf_counter() - start) * 1000))
    return took


def _one_sellers_page() -> tuple[str, ...]:
    """The page of the first active seller ("seller?seller=<id>"), so a seller's page, its trend
    charts and its coaching section have run once (without a seller the page shows its picker);
    none when the data has no active seller or cannot be read (the warm-up goes on without)."""
    from salescoach.ui import data

    try:
        sellers = data.get_coach().query("seller_list")
    except Exception:  # the pages say what is wrong with the stores; the warm-up does not
        return ()
    active = sellers.loc[sellers["active"].astype(bool), "seller_id"]
    return (f"seller?seller={active.iloc[0]}",) if len(active) else ()


def _base_url() -> str:
    from streamlit import config

    return f"http://127.0.0.1:{config.get_option('server.port')}"


def _when_serving(timeout: float = 120) -> None:
    """Wait for the server of this process to answer, then warm it up and say so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            base = _base_url()
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    break
        except OSError:
            continue
    else:
        print("warm: the server did not answer; serving cold", flush=True)
        return
    try:
        took = warm_up(base, (*WARM_PAGES, *_one_sellers_page()))
    except Exception as error:  # a warm-up that fails leaves a working, cold server
        print(f"warm: not warmed up ({type(error).__name__}: {error})", flush=True)
        return
    frozen = tune_collector()
    print(
        "warm: " + ", ".join(f"{page} {ms:.0f} ms" for page, ms in took) + f"; {frozen} objects frozen",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # Streamlit warns that a cache decorated before its runtime exists checks its options
    # against the in-memory storage: harmless here (the runtime's storage is used when called).
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching_log.level
    caching_log.setLevel(logging.ERROR)
    try:
        for name in APP_MODULES:
            importlib.import_module(name)
    finally:
        caching_log.setLevel(level)
    from streamlit.web import cli

    threading.Thread(target=_when_serving, name="salescoach-warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *args]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
