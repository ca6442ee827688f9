"""A real `streamlit run app.py` for tests: on a free loopback port, on a given database.

Used by the browser tests and the concurrency test::

    with running_app(db_path, log_path) as base:   # "http://127.0.0.1:PORT"
        ...
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from salescoach.front import free_port

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def running_app(
    db: str | Path,
    log: str | Path,
    *,
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
    timeout: float = 60,
    port: int | None = None,
    cwd: Path | None = None,
) -> Iterator[str]:
    """Start the dashboard on `db` (server output to `log`), yield its base URL, stop it.

    `env` adds environment variables, `args` more `streamlit run` options; `port` is a free
    one unless given (a test that must name the URL in a config file picks it first); `cwd`
    runs the `app.py` of another folder (with its own .streamlit/ and static/).
    """
    port = port or free_port()
    environment = {**os.environ, "SALESCOACH_DB": str(db), "PYTHONPATH": str(ROOT), **(env or {})}
    with open(log, "w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--server.fileWatcherType=none",
                "--browser.gatherUsageStats=false",
                *args,
            ],
            cwd=cwd or ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    output.flush()
                    raise RuntimeError(f"streamlit did not start: {Path(log).read_text()[-2000:]}")
                time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
