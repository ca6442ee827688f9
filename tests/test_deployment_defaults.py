"""The served app's deployment defaults (README "Deployment defaults").

- `.streamlit/config.toml`, as Streamlit itself reads it from the project root (where
  scripts/run-app.sh starts it): no file watcher, no rerun on save, no usage statistics, no
  full garbage collection after every script run;
- no other site may drive the dashboard by postMessage from a page that frames it: the
  host configuration the page reads allows no origin (Streamlit's default: its Cloud's 16);
- the static assets a browser downloads once are cached by it: Streamlit serves its
  content-hashed bundles `immutable` for a year and the page itself `no-cache` with an ETag
  (a reload asks, and gets 304 Not Modified). Nothing in this project sets these headers:
  the test pins what Streamlit 1.67 does, so an upgrade that changes it is noticed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from bench.server import serve
from tests.db_state import copy_database

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_reads_the_deployment_defaults_from_the_project_config():
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT / ".no-home")},  # no STREAMLIT_* from the caller
    ).stdout
    settings = dict(re.findall(r"^(\w+) = (.+)$", shown, flags=re.MULTILINE))
    assert settings["fileWatcherType"] == '"none"'
    assert settings["runOnSave"] == "false"
    assert settings["gatherUsageStats"] == "false"
    # A hidden option (not in `config show`): no full gc.collect() after every script run.
    gc_after_run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from streamlit import config; print(config.get_option('runner.postScriptGC'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT / ".no-home")},
    ).stdout
    assert gc_after_run.strip() == "False"


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 304 arrives as an "error"
        return error.code, error.headers, b""


def test_static_bundles_are_cached_by_the_browser_and_the_page_is_revalidated(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with serve(db, tmp_path / "streamlit.log") as server:
        status, headers, page = _get(server.base + "/")
        assert status == 200 and headers["Cache-Control"] == "no-cache" and headers["ETag"]
        assert _get(server.base + "/", {"If-None-Match": headers["ETag"]})[0] == 304
        bundle = re.search(rb'src="\.?/?(static/js/index\.[\w-]+\.js)"', page)
        assert bundle, page[:500]
        status, headers, body = _get(f"{server.base}/{bundle.group(1).decode()}")
        assert status == 200 and len(body) > 100_000
        assert headers["Cache-Control"] == "public, immutable, max-age=31536000"


def test_the_page_takes_commands_from_no_other_site(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with serve(db, tmp_path / "streamlit.log") as server:
        status, _, body = _get(server.base + "/_stcore/host-config")
    assert status == 200
    assert json.loads(body)["allowedOrigins"] == []
