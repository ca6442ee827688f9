"""App start to first page: a real `streamlit run` server and a minimal websocket client.

The client does what the browser does on load, without a browser: it opens
`/_stcore/stream`, asks for a script run (`BackMsg.rerun_script`) and waits for the
server's `script_finished` message, i.e. until the first page's script has run on the
server. (The browser's own drawing time is not included.)
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from salescoach.front import free_port

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb(pid: int) -> float | None:
    """The process's resident-set high-water mark (Linux /proc; None elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _wait_healthy(port: int, proc: subprocess.Popen, deadline: float) -> None:
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - localhost only
                if response.status == 200:
                    return
        time.sleep(0.05)
    raise TimeoutError("the server did not answer /_stcore/health in time")


def _first_script_run(port: int, deadline: float) -> dict:
    """Connect like a browser, request the first run and wait until it has finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    elements = 0
    exceptions: list[str] = []
    with connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=max(1.0, deadline - time.monotonic()),
    ) as ws:
        ws.send(BackMsg(rerun_script=ClientState(query_string="", page_script_hash="")).SerializeToString())
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the first page did not finish in time")
            message = ForwardMsg.FromString(ws.recv(timeout=remaining))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                elements += 1
                if message.delta.new_element.WhichOneof("type") == "exception":
                    exceptions.append(message.delta.new_element.exception.message[:300])
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                return {
                    "finished": ForwardMsg.ScriptFinishedStatus.Name(message.script_finished),
                    "elements": elements,
                    "exceptions": exceptions,
                }


def measure_app_start(db_path: Path | None = None, timeout: float = 120.0) -> dict:
    """Seconds from spawning `streamlit run app.py` to the first page's script having run.

    `db_path=None` starts on a fresh, not yet existing database path, so the time includes
    generating and importing the demo data, as on a first start.
    """
    with tempfile.TemporaryDirectory(prefix="salescoach-bench-") as tmp:
        fresh = db_path is None
        path = Path(tmp) / "salescoach.duckdb" if fresh else Path(db_path)
        port = free_port()
        env = {**os.environ, "SALESCOACH_DB": str(path)}
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ]
        log = Path(tmp) / "streamlit.log"
        result: dict = {"database": "fresh demo (generated at start)" if fresh else str(path)}
        with log.open("wb") as out:
            start = time.monotonic()
            proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
            try:
                deadline = start + timeout
                _wait_healthy(port, proc, deadline)
                result["server_up_s"] = round(time.monotonic() - start, 2)
                result.update(_first_script_run(port, deadline))
                result["first_page_s"] = round(time.monotonic() - start, 2)
                result["peak_rss_mb"] = _peak_rss_mb(proc.pid)
            except Exception as error:  # noqa: BLE001 - reported in the results, not fatal
                result["error"] = f"{type(error).__name__}: {error}"
                result["log_tail"] = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        result["method"] = "streamlit run + websocket client (/_stcore/stream) until script_finished"
        return result
