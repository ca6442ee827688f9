import datetime as dt
import os
from pathlib import Path

import pytest

import salescoach
from salescoach.store import create_demo_database
from tests.tiny_data import tiny_tables


@pytest.fixture(autouse=True)
def embedded_coaching_store(monkeypatch):
    """Every test uses the embedded coaching store beside its database, unless it sets
    `SALESCOACH_COACHING_URL` itself (a developer's own setting or secrets file never leaks in)."""
    monkeypatch.setenv("SALESCOACH_COACHING_URL", "")


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


# Browser tests (pytest-playwright): one Playwright per session, Debian's chromium.
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1400, "height": 900}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
