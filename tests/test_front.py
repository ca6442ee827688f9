"""nginx in front of the app server (salescoach/front.py), as scripts/run-app.sh serves the
dashboard: Streamlit's static files from nginx (gzipped once, cached for a year), everything else
passed to the app server, which listens on loopback only."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from salescoach import front
from salescoach.db import PROJECT_ROOT
from salescoach.ui import chart_element
from tests.db_state import copy_database

# --------------------------------------------------------------------------------------
# Its configuration, options and static copy, without nginx
# --------------------------------------------------------------------------------------


def _front(**changes) -> front.Front:
    values = {"address": "", "port": 8501, "app_ports": (9001,), "static": Path("/srv/front/static-1.67.0")}
    return front.Front(**{**values, **changes})


def test_the_configuration_serves_static_files_itself_and_passes_the_rest_to_the_app_server(tmp_path):
    conf = front.nginx_config(_front(), tmp_path, as_root=False)
    assert "listen 8501;" in conf  # no address: every interface, as Streamlit's empty server.address
    assert "        server 127.0.0.1:9001;\n" in conf and "ip_hash" not in conf  # one app server
    static = conf.split("location /static/ {", 1)[1].split("}", 1)[0]
    assert "alias /srv/front/static-1.67.0/static/;" in static
    assert "gzip_static on;" in static and "gzip_vary on;" in static
    assert 'add_header Cache-Control "public, immutable, max-age=31536000";' in static
    rest = conf.split("location / {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://salescoach_app;" in rest
    assert "proxy_set_header Upgrade $http_upgrade;" in rest  # the websocket
    assert "proxy_set_header Connection $connection_upgrade;" in rest
    assert "proxy_set_header Host $http_host;" in rest  # Streamlit's same-origin check sees its page's host
    assert (
        "client_max_body_size 200m;" in conf
    )  # an import as large as Streamlit takes (server.maxUploadSize)
    assert f"pid {tmp_path / 'nginx.pid'};" in conf and f"proxy_temp_path {tmp_path / 'proxy'};" in conf
    assert "application/javascript js mjs;" in conf  # module scripts need a JavaScript type
    assert "user root;" not in conf
    assert "location /app/static/" not in conf  # no copy of the app's static/: the app serves it
    conf = front.nginx_config(_front(app_static=Path("/srv/front/static-app-1a2b")), tmp_path, as_root=False)
    app_static = conf.split("location /app/static/ {", 1)[1].split("}", 1)[0]
    assert "alias /srv/front/static-app-1a2b/;" in app_static and "gzip_static on;" in app_static
    assert 'add_header Cache-Control "public, immutable, max-age=31536000";' in app_static


def test_the_configuration_follows_address_base_path_upload_size_replicas_and_root():
    conf = front.nginx_config(
        _front(
            address="::1",
            port=8600,
            app_ports=(9001, 9002),
            max_upload_mb=50,
            base_path="sales",
            app_static=Path("/srv/a"),
        ),
        Path("/tmp/state"),
        as_root=True,
    )
    assert "listen [::1]:8600;" in conf
    assert "location /sales/static/ {" in conf
    assert "location /sales/app/static/ {" in conf  # where Streamlit serves static/ under its base path
    assert "client_max_body_size 50m;" in conf
    assert "ip_hash;\n        server 127.0.0.1:9001;\n        server 127.0.0.1:9002;\n" in conf  # sticky
    assert conf.splitlines()[2] == "user root;"  # else the workers run as nobody, who may not read the copy
    assert "listen 127.0.0.1:8501;" in front.nginx_config(
        _front(address="127.0.0.1"), Path("/s"), as_root=False
    )
    assert _front(address="0.0.0.0", port=80, base_path="sales").url == "http://0.0.0.0:80/sales/"
    assert _front().url == "http://localhost:8501/"


def test_the_front_takes_the_public_address_and_port_and_passes_every_other_option_on():
    own, rest = front.split_options(
        [
            "--server.port",
            "8600",
            "--server.address=0.0.0.0",
            "--server.headless",
            "true",
            "--logger.level=info",
        ]
    )
    assert own == {"server.port": "8600", "server.address": "0.0.0.0"}
    assert rest == ["--server.headless", "true", "--logger.level=info"]
    assert front.split_options([]) == ({}, [])
    with pytest.raises(SystemExit, match="--server.port needs a value"):
        front.split_options(["--server.port"])


def _static_source(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    (source / "static" / "js").mkdir(parents=True)
    (source / "index.html").write_text("<html>" + "x" * 2000 + "</html>")
    (source / "static" / "js" / "big.js").write_text("let a = 1;\n" * 300)  # 3,300 bytes
    (source / "static" / "js" / "small.js").write_text("let b;\n")  # under 1 kB: not worth it
    (source / "static" / "font.woff2").write_bytes(os.urandom(4096))  # compressed already
    return source


def test_the_static_copy_gzips_each_text_file_beside_it_once(tmp_path):
    source = _static_source(tmp_path)
    copy = front.static_copy(tmp_path / "front", source, "9.9.9")
    assert copy == tmp_path / "front" / "static-9.9.9"
    js = copy / "static" / "js"
    assert (
        gzip.decompress((js / "big.js.gz").read_bytes()) == (source / "static" / "js" / "big.js").read_bytes()
    )
    assert gzip.decompress((copy / "index.html.gz").read_bytes()).startswith(b"<html>")
    assert (js / "small.js").exists() and not (js / "small.js.gz").exists()
    assert (copy / "static" / "font.woff2").read_bytes() == (source / "static" / "font.woff2").read_bytes()
    assert not (copy / "static" / "font.woff2.gz").exists()
    assert (copy / front.COMPLETE).exists()
    assert sorted(p.name for p in (tmp_path / "front").iterdir()) == [
        "static-9.9.9"
    ]  # no building folder left
    made = (js / "big.js.gz").stat().st_mtime_ns
    (source / "static" / "js" / "big.js").write_text("changed")  # a copy is per version: not made again
    assert front.static_copy(tmp_path / "front", source, "9.9.9") == copy
    assert (js / "big.js.gz").stat().st_mtime_ns == made


def test_the_apps_static_copy_is_named_by_its_content(tmp_path):
    source = tmp_path / "static"
    (source / "chart").mkdir(parents=True)
    (source / "chart" / "chart.js").write_text("export default () => 1;\n" * 100)
    copy = front.app_static_copy(tmp_path / "front", source)
    version = front.app_static_version(source)
    assert copy == tmp_path / "front" / f"static-app-{version}"
    assert (
        gzip.decompress((copy / "chart" / "chart.js.gz").read_bytes())
        == (source / "chart" / "chart.js").read_bytes()
    )
    (source / "chart" / "chart.js").write_text(
        "export default () => 2;\n" * 100
    )  # a new chart.js: a new copy
    assert front.app_static_version(source) != version
    again = front.app_static_copy(tmp_path / "front", source)
    assert again != copy and b"=> 2" in gzip.decompress((again / "chart" / "chart.js.gz").read_bytes())
    (source / "chart" / "chart.js").rename(source / "chart" / "other.js")  # a name is part of it too
    assert front.app_static_version(source) not in (version, front.app_static_version(source.parent / "none"))


def test_a_static_copy_left_half_made_is_made_again(tmp_path):
    source = _static_source(tmp_path)
    half = tmp_path / "front" / "static-9.9.9"
    (half / "static").mkdir(parents=True)  # a start killed while copying: no .complete
    copy = front.static_copy(tmp_path / "front", source, "9.9.9")
    assert (
        copy == half and (copy / front.COMPLETE).exists() and (copy / "static" / "js" / "big.js.gz").exists()
    )


def test_the_open_mode_warning_reads_the_address_nginx_listens_on(monkeypatch):
    """Behind the front the app server listens on 127.0.0.1; whether the dashboard is open to the
    network is nginx's address, which the front passes on (SALESCOACH_PUBLIC_ADDRESS)."""
    from salescoach.ui import login

    monkeypatch.setattr(login.st, "get_option", lambda name: "127.0.0.1")
    monkeypatch.setenv("SALESCOACH_PUBLIC_ADDRESS", "")
    assert login.server_address() == "" and not login.is_loopback(login.server_address())
    monkeypatch.setenv("SALESCOACH_PUBLIC_ADDRESS", "localhost")
    assert login.is_loopback(login.server_address())
    monkeypatch.delenv("SALESCOACH_PUBLIC_ADDRESS")
    assert login.server_address() == "127.0.0.1"  # no front: the app server's own address


# --------------------------------------------------------------------------------------
# The front running: nginx and the app server on a demo database
# --------------------------------------------------------------------------------------


def _get(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, Message, bytes]:
    """(status, headers (any case: the app server's come lower case through nginx), body)."""
    request = urllib.request.Request(url, headers=headers or {}, data=data, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310 - loopback
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


def test_the_front_serves_static_files_gzipped_and_cached_and_the_app_through_nginx(
    nginx_binary, demo_template, tmp_path, monkeypatch
):
    from bench.server import children, parent, serve
    from salescoach import serve as launcher

    monkeypatch.setenv("SALESCOACH_FRONT_DIR", str(tmp_path / "front"))
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with serve(db, tmp_path / "front.log", front=True) as server:
        assert server.front == "nginx"
        log = server.log.read_text()
        assert "Traceback" not in log
        app = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")
        assert b"salescoach.serve" in app and b"--server.address=127.0.0.1" in app  # loopback only
        environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        assert b"SALESCOACH_PUBLIC_ADDRESS=127.0.0.1" in environ  # nginx's, for the open-mode notice
        nginx_pids = children(parent(server.pid), "nginx")
        assert len(nginx_pids) == 1

        # the chart bundle, from nginx: gzipped once for a browser that takes gzip, as is otherwise
        bundle = next((front.streamlit_static() / "static" / "js").glob("PlotlyChart.*.js"))
        url = f"{server.base}/static/js/{bundle.name}"
        status, headers, body = _get(url, {"Accept-Encoding": "gzip"})
        assert status == 200  # gzipped: from nginx (Streamlit sends its static files as they are)
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert headers["Cache-Control"] == "public, immutable, max-age=31536000"
        assert headers["Content-Type"] == "application/javascript"
        assert gzip.decompress(body) == bundle.read_bytes() and len(body) < bundle.stat().st_size / 2
        status, headers, body = _get(url)
        assert status == 200 and "Content-Encoding" not in headers and body == bundle.read_bytes()
        # the app's own chart bundle (salescoach/ui/chart_element.py), from nginx's copy the same way
        chart_bundle = front.APP_STATIC / "plotly" / "plotly-cartesian.min.js"
        url = chart_element.bundle_url("cartesian").replace("/app/", f"{server.base}/app/", 1)
        status, headers, body = _get(url, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert headers["Cache-Control"] == "public, immutable, max-age=31536000"
        assert headers["Content-Type"] == "application/javascript"
        assert (
            gzip.decompress(body) == chart_bundle.read_bytes() and len(body) < chart_bundle.stat().st_size / 2
        )

        # the page and the health check from the app server, through nginx
        status, headers, body = _get(f"{server.base}/")
        assert status == 200 and b'<div id="root"></div>' in body
        assert headers["Cache-Control"] == "no-cache"  # Streamlit's own: the page is revalidated
        assert _get(f"{server.base}/", {"If-None-Match": headers["ETag"]})[0] == 304
        status, _, body = _get(f"{server.base}/seller")  # a page's own address: the same page
        assert status == 200 and b'<div id="root"></div>' in body
        assert _get(f"{server.base}/_stcore/health")[:1] == (200,)
        # an upload of 2 MB reaches the app server (nginx's own limit is 1 MB unless told)
        status, _, _ = _get(f"{server.base}/_stcore/upload_file/none/none", data=b"x" * 2_000_000)
        assert status != 413, status
        # the websocket: two pages run to the end through nginx
        took = launcher.warm_up(server.base, ("", "coaching"))
        assert [page for page, _ in took] == ["team_overview", "coaching"]
        app_pid = server.pid
    deadline = time.monotonic() + 15
    while (_alive(app_pid) or any(_alive(pid) for pid in nginx_pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(app_pid) and not any(_alive(pid) for pid in nginx_pids)  # stopped with the front


def _start(tmp_path: Path, db: Path, port: int, env: dict) -> subprocess.Popen:
    log = (tmp_path / "front.log").open("wb")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "salescoach.front",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "SALESCOACH_DB": str(db), "SALESCOACH_FRONT_DIR": str(tmp_path / "front"), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_a_taken_port_is_one_plain_message_and_stops_the_app_server(nginx_binary, demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _start(tmp_path, db, port, {})
        assert process.wait(timeout=60) == 1
    said = (tmp_path / "front.log").read_text()
    assert f"front: nginx could not start on 127.0.0.1:{port}: " in said, said
    assert "Address already in use" in said and "Traceback" not in said, said
    assert _app_servers_of(tmp_path / "front") == []  # the app server was stopped, not left serving


def _app_servers_of(front_dir: Path) -> list[int]:
    """The app servers alive that a front with `front_dir` started."""
    mine = f"SALESCOACH_FRONT_DIR={front_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            serves = entry.name.isdigit() and b"salescoach.serve" in (entry / "cmdline").read_bytes()
            if serves and mine in (entry / "environ").read_bytes().split(b"\0") and _alive(int(entry.name)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_without_nginx_the_app_server_serves_alone_and_says_so(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    port = front.free_port()
    process = _start(tmp_path, db, port, {"SALESCOACH_FRONT": "none"})
    try:
        deadline = time.monotonic() + 90
        while "warm: " not in (tmp_path / "front.log").read_text(errors="replace"):
            assert process.poll() is None and time.monotonic() < deadline, (
                tmp_path / "front.log"
            ).read_text()
            time.sleep(0.2)
        said = (tmp_path / "front.log").read_text()
        assert said.startswith("front: SALESCOACH_FRONT=none: the app server serves its own static files\n")
        bundle = next((front.streamlit_static() / "static" / "js").glob("PlotlyChart.*.js"))
        status, headers, _ = _get(f"http://127.0.0.1:{port}/static/js/{bundle.name}")
        assert status == 200 and not headers.get("Server", "").startswith("nginx")
        # the app's static/ from the app server itself (server.enableStaticServing)
        status, headers, body = _get(f"http://127.0.0.1:{port}/app/static/plotly/plotly-cartesian.min.js")
        assert status == 200 and "javascript" in headers["Content-Type"]
        assert body == (front.APP_STATIC / "plotly" / "plotly-cartesian.min.js").read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_replicas_are_app_servers_behind_one_nginx_and_stop_with_it(
    nginx_binary, demo_template, tmp_path, monkeypatch
):
    from bench.server import children, parent, serve
    from bench.streamlit_client import Session, page_path

    monkeypatch.setenv("SALESCOACH_FRONT_DIR", str(tmp_path / "front"))
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with serve(db, tmp_path / "front.log", front=True, args=["--replicas", "2"]) as server:
        apps = children(parent(server.pid), "salescoach.serve")
        assert len(apps) == 2 and server.pid in apps
        deadline = time.monotonic() + 90
        while server.log.read_text().count("\nwarm: ") < 2:  # each app server warms up
            assert time.monotonic() < deadline, server.log.read_text()
            time.sleep(0.2)
        ports = [
            next(
                a
                for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if a.startswith(b"--server.port=")
            )
            for pid in apps
        ]
        conf = next((tmp_path / "front").glob("nginx-*/nginx.conf")).read_text()
        upstream = conf.split("upstream salescoach_app {", 1)[1].split("}", 1)[0]
        assert "ip_hash;" in upstream
        for port in ports:
            assert f"server 127.0.0.1:{port.split(b'=')[1].decode()};" in upstream
        assert "front: nginx serves http://127.0.0.1:" in server.log.read_text()
        with Session(server.base) as session:  # a director's session, through nginx, on one of them
            opened = session.run(page_path("team_overview"), "")
            assert opened["finished"] == "FINISHED_SUCCESSFULLY" and not opened["exceptions"]
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in apps) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in apps)


def test_replicas_without_nginx_are_refused_plainly():
    done = subprocess.run(
        [sys.executable, "-m", "salescoach.front", "--replicas", "2"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "SALESCOACH_FRONT": "none"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == "front: --replicas 2 needs nginx in front (SALESCOACH_FRONT=none)\n"
