"""Real dashboard servers for the browser and load benchmarks, started as scripts/run-app.sh
starts one: `python -m salescoach.serve` (`streamlit run app.py`, warmed up), ready once it
says it is warm.

    with serve(db_path, log_path) as server:      # server.base = "http://127.0.0.1:PORT"
        ... server.stats()                           # {"rss_mb": ..., "cpu_s": ...} of its process

Each server runs the app on the given database file with the deployment defaults of
`.streamlit/config.toml` (no file watcher, no usage statistics), bound to loopback on a free
port. `stats()` reads the process's resident memory and CPU time from /proc (Linux), which
is what the load benchmark samples.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from bench.app_start import _wait_healthy, free_port
from salescoach.front import stop

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclasses.dataclass
class Server:
    base: str
    port: int
    pid: int
    log: Path
    front: str = "none"  # "nginx" when nginx serves the static files and passes the rest on

    def stats(self) -> dict:
        return process_stats(self.pid)


def process_stats(pid: int) -> dict:
    """Resident memory now and at its peak (MB) and CPU time used so far (s) of one process."""
    stats: dict = {"rss_mb": None, "peak_rss_mb": None, "cpu_s": None}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                stats["rss_mb"] = round(int(line.split()[1]) / 1024, 1)
            elif line.startswith("VmHWM:"):
                stats["peak_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
        # /proc/PID/stat: the command may hold spaces, so count fields after its closing ")".
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        stats["cpu_s"] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        pass
    return stats


@contextlib.contextmanager
def serve(
    db: str | Path,
    log: str | Path,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
    timeout: float = 120,
    front: bool = False,
) -> Iterator[Server]:
    """Start the dashboard on `db` (output to `log`), yield it once healthy, stop it after.

    `front=True`: as scripts/run-app.sh serves it, nginx in front (`python -m salescoach.front`:
    the static files from nginx, the rest passed to the app server on a port of its own);
    `base` is then nginx's address and `stats()` still the app server's process."""
    port = port or free_port()
    environment = {**os.environ, "SALESCOACH_DB": str(db), "PYTHONPATH": str(ROOT), **(env or {})}
    command = [  # as scripts/run-app.sh serves it: warmed up before it says so (salescoach/serve.py)
        sys.executable,
        "-m",
        "salescoach.front" if front else "salescoach.serve",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        *args,
    ]
    log = Path(log)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )  # noqa: S603
        try:
            try:
                _wait_healthy(port, process, time.monotonic() + timeout)
                _wait_warm(log, process, time.monotonic() + timeout)
            except (RuntimeError, TimeoutError) as error:
                output.flush()
                raise RuntimeError(
                    f"{error}; server log:\n{log.read_text(errors='replace')[-2000:]}"
                ) from None
            pid = _app_server(process.pid) if front else process.pid
            said = log.read_text(errors="replace")
            front_used = "nginx" if "\nfront: nginx serves " in "\n" + said else "none"
            yield Server(base=f"http://127.0.0.1:{port}", port=port, pid=pid, log=log, front=front_used)
        finally:
            stop([process])


def _app_server(front: int) -> int:
    """The app server (`salescoach.serve`) that the front process `front` started; the front
    itself when it became the app server (no nginx on this machine: it says so and runs it)."""
    if b"salescoach.serve" in Path(f"/proc/{front}/cmdline").read_bytes():
        return front
    apps = children(front, "salescoach.serve")
    if apps:
        return apps[0]
    raise RuntimeError("the front started no app server (is nginx installed?)")


def children(pid: int, named: str) -> list[int]:
    """The processes `pid` started whose command line holds `named` (Linux's /proc)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            if named.encode() in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
        except OSError:  # it ended meanwhile
            continue
    return found


def parent(pid: int) -> int:
    """The process that started `pid` (Linux's /proc)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _wait_warm(log: Path, process: subprocess.Popen, deadline: float) -> None:
    """Until the server says it is warmed up (its "warm: ..." line), as a deployment waits for
    scripts/run-app.sh's server to be ready."""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        if "\nwarm: " in "\n" + log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise TimeoutError("the server did not finish its warm-up")


def tree_cpu(root: int, name: str) -> dict[int, float]:
    """CPU seconds used so far by each process under `root` whose name contains `name`
    (e.g. the Chromium that Playwright started under this process), by process id."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = tail.split()
        pid = int(entry.name)
        names[pid] = head.split("(", 1)[1]
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    found = {}
    for pid, comm in names.items():
        ancestor = parents.get(pid)
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor)
        if ancestor == root and name in comm:
            found[pid] = times[pid]
    return found


class LoadSampler:
    """The 1-minute load average every `every` seconds while it runs (the machine is shared).

    with LoadSampler() as load: ...;  load.summary() -> {"min": .., "mean": .., "max": .., "samples": n}
    """

    def __init__(self, every: float = 15.0):
        import threading

        self.every, self.samples = every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict:
        values = self.samples or [os.getloadavg()[0]]
        return {
            "min": round(min(values), 2),
            "mean": round(sum(values) / len(values), 2),
            "max": round(max(values), 2),
            "samples": len(values),
        }
