"""The served dashboard is warm before the first director arrives (salescoach/serve.py): the
launcher that scripts/run-app.sh uses loads the app's code, starts `streamlit run app.py` and
opens every page once from loopback, then says so."""

from __future__ import annotations

from bench.server import serve
from bench.streamlit_client import Session, page_path
from salescoach import serve as launcher
from tests.db_state import copy_database
from tests.streamlit_server import running_app


def test_the_launcher_warms_every_page_and_serves_as_streamlit_run(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with serve(db, tmp_path / "server.log") as server:  # returns once the server said "warm: ..."
        warm = [line for line in server.log.read_text().splitlines() if line.startswith("warm: ")]
        assert len(warm) == 1, warm
        pages, frozen = warm[0].removeprefix("warm: ").split("; ")
        warmed = [part.rsplit(" ", 2)[0] for part in pages.split(", ")]
        # every page, then one seller's page: the first active seller in the pages' order
        # (team, then name): in the demo S02, Aino Salonen of Enterprise
        assert warmed == ["team_overview", *launcher.WARM_PAGES[1:], "seller?seller=S02"]
        assert frozen.endswith(" objects frozen") and int(frozen.split()[0]) > 100_000, frozen
        assert "Traceback" not in server.log.read_text()
        with Session(server.base) as session:  # and then serves a director as before
            opened = session.run(page_path("team_overview"), "")
            assert opened["finished"] == "FINISHED_SUCCESSFULLY" and not opened["exceptions"]
            assert "overview_table" in session.widgets


def test_once_warm_the_collector_leaves_what_is_loaded_alone():
    """tune_collector in a process of its own: what is alive is frozen, young objects are
    collected every 20,000 allocations, and a cycle made afterwards is still collected."""
    import subprocess
    import sys

    script = (
        "import gc, weakref\n"
        "from salescoach import serve\n"
        "kept = [[i] for i in range(50_000)]\n"
        "frozen = serve.tune_collector()\n"
        "class Node: pass\n"
        "a, b = Node(), Node(); a.b, b.a = b, a; gone = weakref.ref(a); del a, b\n"
        "gc.collect()\n"
        "print(frozen >= 50_000, gc.get_freeze_count() == frozen, gc.get_threshold(), gone() is None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split("\n")[0] == "True True (20000, 10, 10) True", done.stdout + done.stderr


def test_warm_up_opens_each_page_of_a_running_server(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with running_app(db, tmp_path / "server.log") as base:  # a plain `streamlit run app.py`
        took = launcher.warm_up(base, pages=("", "seller", "coaching"))
    assert [page for page, _ in took] == ["team_overview", "seller", "coaching"]
    assert all(ms > 0 for _, ms in took)


def test_the_run_script_serves_the_app_warm(demo_template, tmp_path):
    """The README's first command, as a deployment runs it: `bash scripts/run-app.sh` on a
    database, until the server says it is warm and answers."""
    import os
    import subprocess
    import time
    import urllib.request

    from bench.app_start import free_port
    from salescoach.db import PROJECT_ROOT

    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    port = free_port()
    log = tmp_path / "run-app.log"
    env = {**os.environ, "SALESCOACH_DB": str(db), "SALESCOACH_ADDRESS": "127.0.0.1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["bash", "scripts/run-app.sh", "--server.port", str(port), "--server.headless", "true"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "warm: " not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-2000:]
            time.sleep(0.2)
        assert "warm: team_overview" in log.read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as answer:
            assert answer.status == 200
    finally:
        process.terminate()
        process.wait(timeout=20)
