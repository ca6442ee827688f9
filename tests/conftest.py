import datetime as dt
import os
from pathlib import Path

import pytest

import salescoach
from salescoach.store import create_demo_database
from tests.tiny_data import tiny_tables

# Every test uses the embedded coaching store beside its database unless it sets
# SALESCOACH_COACHING_URL itself (a developer's own setting or secrets file never leaks in).
os.environ["SALESCOACH_COACHING_URL"] = ""


@pytest.fixture
def empty_coach(tmp_path):
    coach = salescoach.connect(tmp_path / "empty.duckdb")
    yield coach
    coach.close()


@pytest.fixture
def tiny_coach(tmp_path):
    coach = salescoach.connect(tmp_path / "tiny.duckdb")
    coach.load_frames(tiny_tables())
    yield coach
    coach.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo database ending on 2026-11-23, made once: tests that write copy it first."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.duckdb"
    create_demo_database(path, end=dt.date(2026, 11, 23)).close()
    return path


@pytest.fixture
def demo_app(demo_template, tmp_path, monkeypatch):
    """A copy of the demo as the app's database (`SALESCOACH_DB`), with fresh caches."""
    from tests.db_state import app_database, copy_database

    path = tmp_path / "demo.duckdb"
    copy_database(demo_template, path)
    with app_database(monkeypatch, path):
        yield path


# Browser tests (pytest-playwright): one Playwright per session, Debian's chromium.
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1400, "height": 900}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def nginx_binary() -> str:
    """nginx, for the tests of the front scripts/run-app.sh puts before the app (salescoach.front)."""
    from salescoach.front import nginx_binary as find

    found = find()
    if not found:
        if _in_ci():
            pytest.fail(
                "nginx is missing in CI: install the Debian package nginx-light (scripts/test.sh does)"
            )
        pytest.skip("nginx is not installed (Debian package nginx-light); the front's tests skipped")
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        if _in_ci():
            pytest.fail(
                f"{CHROMIUM} is missing in CI: install the Debian package chromium (scripts/test.sh does)"
            )
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium); browser tests skipped")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


# PostgreSQL for the coaching-store tests: a real server that scripts/test.sh starts in a
# temporary folder and names in SALESCOACH_TEST_POSTGRES_URL. Each test gets a database of its own.
POSTGRES_ENV = "SALESCOACH_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_url():
    """A new, empty PostgreSQL database for this test (dropped after), as a postgresql:// URL."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    server = os.environ.get(POSTGRES_ENV, "").strip()
    if not server:
        reason = f"{POSTGRES_ENV} is not set: run the tests with scripts/test.sh, which starts PostgreSQL"
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    psycopg = pytest.importorskip("psycopg")
    name = f"salescoach_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'create database "{name}"')
    parts = urlsplit(server)
    yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'drop database if exists "{name}" with (force)')
