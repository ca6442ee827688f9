"""nginx in front of the dashboard: `python -m salescoach.front [streamlit run options]`.

What `scripts/run-app.sh` starts. A new director's first page loads about 9.7 MB of Streamlit's
JavaScript, CSS and fonts (4.7 MB for the chart bundle alone). Streamlit's own server sends
them from Python, uncompressed, on the same event loop and cores that run the pages: at 500
sellers a new user's first team overview cost the app server 335 ms of CPU and had its charts
drawn after 3.41 s; with nginx serving the files, 105 ms and 3.07 s (bench/README.md, "Seventh
pass"). So this launcher runs

- the app server, `python -m salescoach.serve` (warmed up as before), on a free port of
  127.0.0.1 that only nginx talks to, and
- nginx on the public address and port (`--server.address`, `--server.port`: 8501 unless
  given), serving `/static/` itself from a copy of Streamlit's static folder with every text
  file also gzipped beside it (`gzip_static`: a browser that accepts gzip gets 3.0 MB instead
  of 9.7 MB, compressed once, not on every request), cached by the browser for a year (the
  names carry a content hash), and the app's own `static/` at `/app/static/` the same way (the
  plotly.js bundles and the chart element, salescoach/ui/chart_element.py: their addresses carry
  a version, `?v=`), passing everything else (the page, its websocket, uploads,
  health checks) to the app server.

`--replicas N` starts N app servers behind the one nginx (each on a port of its own; a browser
stays on one, chosen by its IP address, `ip_hash`: a session lives in one server's memory).
Every other option goes to the app servers as `streamlit run` takes it. Without nginx on the
machine, or with `SALESCOACH_FRONT=none`, it says so and runs the app server alone on the public
address and port, as before. nginx writes its configuration, pid and temporary files into a
fresh folder under `.front/` (or `SALESCOACH_FRONT_DIR`), the static copy beside it, one per
Streamlit version.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from salescoach.db import PROJECT_ROOT

DEFAULT_PORT = 8501
DEFAULT_MAX_UPLOAD_MB = 200  # Streamlit's server.maxUploadSize when not set
GZIPPED = (".js", ".css", ".html", ".json", ".svg")  # text: fonts and images are compressed already
GZIP_MIN_BYTES = 1024
STATIC_MAX_AGE = 31_536_000  # a year: Streamlit's static names change with their content
COMPLETE = ".complete"  # written last into a static copy: the copy is whole
MIME_TYPES = {  # what Streamlit's static folder holds; module scripts need a JavaScript type
    "application/javascript": ("js", "mjs"),
    "text/css": ("css",),
    "text/html": ("html",),
    "application/json": ("json",),
    "image/svg+xml": ("svg",),
    "image/png": ("png",),
    "image/gif": ("gif",),
    "image/x-icon": ("ico",),
    "font/woff2": ("woff2",),
    "font/woff": ("woff",),
    "font/ttf": ("ttf",),
}


class FrontError(RuntimeError):
    """nginx could not start (its own message says why)."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def nginx_binary() -> str | None:
    """nginx's path: on PATH, or where Debian puts it (/usr/sbin is not on every user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return next(
        (str(p) for p in (Path("/usr/sbin/nginx"), Path("/usr/local/sbin/nginx")) if p.exists()), None
    )


def front_dir() -> Path:
    return Path(os.environ.get("SALESCOACH_FRONT_DIR") or PROJECT_ROOT / ".front")


# --------------------------------------------------------------------------------------
# The static copy
# --------------------------------------------------------------------------------------


def streamlit_static() -> Path:
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def static_copy(root: Path, source: Path | None = None, version: str | None = None) -> Path:
    """A copy of Streamlit's static folder under `root` (one per Streamlit version), each text
    file of at least 1 kB gzipped beside it (`name.js.gz`), for nginx's `gzip_static`. Made
    once: built in a folder of its own and renamed into place when whole, so two starts at
    once, or a start killed halfway, never leave a partial copy in use."""
    if source is None:
        import streamlit

        source, version = streamlit_static(), version or streamlit.__version__
    target = root / f"static-{version or 'unknown'}"
    if (target / COMPLETE).exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=root))
    try:
        copy = building / "static"
        shutil.copytree(source, copy)
        for path in copy.rglob("*"):
            if path.suffix in GZIPPED and path.is_file() and path.stat().st_size >= GZIP_MIN_BYTES:
                with (
                    path.open("rb") as plain,
                    gzip.open(path.with_name(path.name + ".gz"), "wb", 9) as packed,
                ):
                    shutil.copyfileobj(plain, packed)
        (copy / COMPLETE).write_text(f"{source}\n")
        os.chmod(copy, 0o755)
        if target.exists():  # a copy left incomplete by a start that was killed
            shutil.rmtree(target, ignore_errors=True)
        try:
            copy.rename(target)
        except OSError:
            if not (target / COMPLETE).exists():  # not another start's finished copy: a real fault
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


APP_STATIC = PROJECT_ROOT / "static"  # the app's own static files (server.enableStaticServing)


def app_static_version(source: Path = APP_STATIC) -> str:
    """A digest of every file of the app's static folder (names and content): its copy's name."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def app_static_copy(root: Path, source: Path = APP_STATIC) -> Path:
    """A gzipped copy of the app's static folder (`static_copy`), one per content."""
    return static_copy(root, source, f"app-{app_static_version(source)}")


# --------------------------------------------------------------------------------------
# nginx's configuration and process
# --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Front:
    """What nginx listens on and whom it passes to."""

    address: str  # "" = every interface
    port: int
    app_ports: tuple[int, ...]  # the app servers on 127.0.0.1; more than one: sticky by client IP
    static: Path  # a static_copy()
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    base_path: str = ""  # Streamlit's server.baseUrlPath, without slashes
    app_static: Path | None = None  # an app_static_copy(): served at /app/static/; None: by the app

    @property
    def url(self) -> str:
        host = self.address or "localhost"
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/{self.base_path + '/' if self.base_path else ''}"


def _listen(address: str, port: int) -> str:
    if not address:
        return str(port)
    if address.strip().lower() == "localhost":  # nginx would also take ::1, which not every host has
        return f"127.0.0.1:{port}"
    return f"[{address.strip('[]')}]:{port}" if ":" in address else f"{address}:{port}"


def _static_location(comment: str, path: str, folder: Path) -> str:
    """A `location` nginx serves from a static copy: gzipped beside, cached by the browser for good."""
    return f"""        # {comment}
        location {path} {{
            alias {folder}/;
            gzip_static on;
            gzip_vary on;
            add_header Cache-Control "public, immutable, max-age={STATIC_MAX_AGE}";
        }}
"""


def _server_block(front: Front) -> str:
    """nginx's `server`: the static files itself, everything else to the app servers."""
    prefix = f"/{front.base_path}" if front.base_path else ""
    static = _static_location(
        "Streamlit's JavaScript, CSS and fonts: content-hashed names, so cached for a year.",
        f"{prefix}/static/",
        front.static / "static",
    )
    if front.app_static is not None:
        static += _static_location(
            "The app's static/ (plotly.js bundles, the chart element): versioned addresses (?v=).",
            f"{prefix}/app/static/",
            front.app_static,
        )
    return f"""    server {{
        listen {_listen(front.address, front.port)};
{static}        # The page, its websocket (a session lives on one app server), uploads, health checks.
        location / {{
            proxy_pass http://salescoach_app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            proxy_request_buffering off;
        }}
    }}
"""


def nginx_config(front: Front, state: Path, *, as_root: bool | None = None) -> str:
    """The nginx.conf for `front`, its pid and temporary files in `state`."""
    as_root = os.geteuid() == 0 if as_root is None and hasattr(os, "geteuid") else bool(as_root)
    types = "\n".join(f"    {mime} {' '.join(ext)};" for mime, ext in MIME_TYPES.items())
    sticky = "        ip_hash;\n" if len(front.app_ports) > 1 else ""
    servers = "".join(f"        server 127.0.0.1:{port};\n" for port in front.app_ports)
    temp = "\n".join(
        f"    {kind}_temp_path {state / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Written by salescoach.front for this start; nothing here is edited by hand.
# Started as root, nginx would hand its work to `nobody`, who may not read the project's folder.
{"user root;" if as_root else "# (not started as root: nginx runs as this user)"}
worker_processes 1;
pid {state / "nginx.pid"};
events {{
    worker_connections 1024;
}}
http {{
    types {{
{types}
    }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
{temp}
    client_max_body_size {front.max_upload_mb}m;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}
    upstream salescoach_app {{
{sticky}{servers}    }}
{_server_block(front)}}}
"""


def _listening(pid_file: Path, pid: int) -> bool:
    """nginx writes its pid file once it holds its port (never when the bind failed)."""
    try:
        return pid_file.read_text().strip() == str(pid)
    except OSError:
        return False


def _answers(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address or "127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def nginx(front: Front, *, binary: str | None = None, timeout: float = 15) -> Iterator[subprocess.Popen]:
    """Run nginx for `front` until the block ends (then stop it). FrontError with nginx's own
    words when it cannot start (the port taken, the address unknown, no nginx)."""
    binary = binary or nginx_binary()
    if not binary:
        raise FrontError("nginx is not installed")
    root = front_dir()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nginx-", dir=root) as folder:
        state = Path(folder)
        os.chmod(state, 0o755)
        conf = state / "nginx.conf"
        conf.write_text(nginx_config(front, state))
        errors = state / "errors.log"
        with errors.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own configuration
                [binary, "-p", str(state), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C reaches us, and we stop it
            )
        try:
            deadline = time.monotonic() + timeout
            while not _listening(state / "nginx.pid", process.pid) or not _answers(front.address, front.port):
                if process.poll() is not None or time.monotonic() > deadline:
                    said = errors.read_text(errors="replace").strip().splitlines()
                    raise FrontError(said[-1] if said else f"nginx exited with code {process.returncode}")
                time.sleep(0.05)
            yield process
        finally:
            stop([process], timeout=10)  # SIGTERM: nginx's fast shutdown
            said = errors.read_text(errors="replace").strip()
            if said:
                print(said, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# The launcher
# --------------------------------------------------------------------------------------

FRONT_OPTIONS = ("server.address", "server.port", "replicas")  # the front's; the rest: the app servers'


def split_options(args: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """(the front's own options: `--server.address`, `--server.port` (nginx's), `--replicas`
    (app servers behind it, 1); every other option, in order, for the app servers as `streamlit
    run` takes it). Both `--name value` and `--name=value`."""
    own: dict[str, str] = {}
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        name, equals, value = arg[2:].partition("=") if arg.startswith("--") else ("", "", "")
        if name in FRONT_OPTIONS:
            if not equals:
                if index + 1 >= len(args):
                    raise SystemExit(f"--{name} needs a value")
                index += 1
                value = args[index]
            own[name] = value
        else:
            rest.append(arg)
        index += 1
    return own, rest


def _option(args: Sequence[str], name: str) -> str | None:
    """An app server option as given on the command line, else .streamlit/config.toml's."""
    for index, arg in enumerate(args):
        if arg == f"--{name}" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    from streamlit import config

    value = config.get_option(name)
    return None if value is None else str(value)


def _serve(args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "salescoach.serve", *args]


def _app_servers(front: Front, rest: Sequence[str]) -> list[subprocess.Popen]:
    """Start the app servers, one per port of `front.app_ports`, on loopback."""
    env = {**os.environ, "SALESCOACH_PUBLIC_ADDRESS": front.address}  # what the open-mode notice reads
    shown = []  # the URL Streamlit prints: nginx's
    if not any(arg.startswith("--browser.server") for arg in rest):
        shown = [f"--browser.serverPort={front.port}"]
        shown += [f"--browser.serverAddress={front.address}"] if front.address else []
    return [
        subprocess.Popen(  # noqa: S603 - this interpreter, our module
            _serve([f"--server.port={port}", "--server.address=127.0.0.1", *shown, *rest]), env=env
        )
        for port in front.app_ports
    ]


def stop(processes: Sequence[subprocess.Popen], *, timeout: float = 15) -> None:
    """SIGTERM to each of `processes` still running, then wait; killed after `timeout` s."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    own, rest = split_options(list(sys.argv[1:] if argv is None else argv))
    address, port = own.get("server.address", ""), int(own.get("server.port") or DEFAULT_PORT)
    replicas = int(own.get("replicas") or 1)
    binary = nginx_binary()
    why_not = "SALESCOACH_FRONT=none" if os.environ.get("SALESCOACH_FRONT") == "none" else None
    why_not = why_not or (None if binary else "nginx is not installed")
    if why_not and replicas > 1:
        print(f"front: --replicas {replicas} needs nginx in front ({why_not})", file=sys.stderr, flush=True)
        return 2
    if why_not:
        print(f"front: {why_not}: the app server serves its own static files", flush=True)
        public = [
            f"--server.port={port}",
            *([f"--server.address={address}"] if "server.address" in own else []),
        ]
        os.execv(sys.executable, _serve([*public, *rest]))  # noqa: S606 - this interpreter, our module
    front = Front(
        address,
        port,
        tuple(free_port() for _ in range(replicas)),
        static_copy(front_dir()),
        int(_option(rest, "server.maxUploadSize") or DEFAULT_MAX_UPLOAD_MB),
        (_option(rest, "server.baseUrlPath") or "").strip("/"),
        app_static_copy(front_dir()),
    )
    stopped = {"signal": 0}
    signal.signal(signal.SIGTERM, lambda number, _frame: stopped.update(signal=number))
    signal.signal(signal.SIGINT, lambda number, _frame: stopped.update(signal=number))
    apps = _app_servers(front, rest)
    ports = ", ".join(f"127.0.0.1:{p}" for p in front.app_ports)
    try:
        with nginx(front, binary=binary) as proxy:
            print(
                f"front: nginx serves {front.url} (static files; the rest to the app server{'s' if replicas > 1 else ''} on {ports})",
                flush=True,
            )
            while not stopped["signal"] and proxy.poll() is None and all(app.poll() is None for app in apps):
                time.sleep(0.2)
            if proxy.poll() is not None and not stopped["signal"]:
                print(f"front: nginx stopped (code {proxy.returncode})", file=sys.stderr, flush=True)
                return 1
    except FrontError as error:
        print(
            f"front: nginx could not start on {_listen(address, port)}: {error}", file=sys.stderr, flush=True
        )
        return 1
    finally:
        stop(apps)
    return 0 if stopped["signal"] else max(app.returncode or 0 for app in apps)


if __name__ == "__main__":
    sys.exit(main())
