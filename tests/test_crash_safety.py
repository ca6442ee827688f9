"""Crash safety of imports: kill -9 at any moment leaves the database whole.

A child process imports a big folder (demo data written as CSV, ~560,000 rows) into a
database holding the tiny data set and reports on stdout how far it got; the test
kills it with SIGKILL at several points: while reading the files, just after the
transaction began, in the middle of the biggest table, after it, during the commit,
after the commit, and while the database is being closed (checkpoint). A database
killed mid-import then takes the same import again.

Afterwards the database must open, and every table (rows and content hash, rollups
included: ``tests/db_state.py``) must equal either the state before the import or the
state of a complete import: "before" when the child was killed before the rollups were
rebuilt and the commit began, "after" once the commit had returned.

In-process, an exception or Ctrl-C in the middle of writing rolls everything back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import salescoach
from salescoach import store
from salescoach.demo import generate_demo
from tests.db_state import copy_database, table_checksums
from tests.tiny_data import tiny_tables

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

PROJECT = Path(__file__).resolve().parent.parent

# Runs in the child: the real import, with markers printed as it passes each stage.
CHILD = textwrap.dedent(
    """
    import sys, time
    import salescoach
    from salescoach import store

    def mark(text):
        print(text, flush=True)

    replace_rows, bump = store._replace_rows, store._bump_data_version

    def traced_replace(cursor, table, frame):
        mark("writing " + table)
        replace_rows(cursor, table, frame)

    def traced_bump(cursor, source=None):
        version = bump(cursor, source)
        mark("committing")
        return version

    store._replace_rows, store._bump_data_version = traced_replace, traced_bump
    coach = salescoach.connect(sys.argv[1])
    mark("started")
    coach.load(sys.argv[2])
    mark("committed")
    time.sleep(float(sys.argv[3]))
    mark("closing")
    coach.close()
    mark("closed")
    time.sleep(60)
    """
)


@dataclass(frozen=True)
class Setup:
    base: Path  # the tiny database
    folder: Path  # the import
    before: list[tuple]
    after: list[tuple]


def checksums(path: Path) -> dict[str, tuple[int, str]]:
    """Open the database as the app does (schema checked), then fingerprint every table."""
    coach = salescoach.connect(path)
    try:
        return table_checksums(path)
    finally:
        coach.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Setup:
    root = tmp_path_factory.mktemp("crash")
    folder = root / "upload"
    folder.mkdir()
    for table, frame in generate_demo(sellers=150, years=2, seed=11).items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    base = root / "tiny.duckdb"
    coach = salescoach.connect(base)
    coach.load_frames(tiny_tables())
    coach.close()
    complete = root / "complete.duckdb"
    copy_database(base, complete)
    coach = salescoach.connect(complete)
    summary = coach.load(folder)
    coach.close()
    assert sum(summary.rows.values()) > 500_000
    return Setup(base, folder, checksums(base), checksums(complete))


def run_and_kill(setup: Setup, db: Path, marker: str, delay: float, pause: float = 0.0) -> list[str]:
    """Start the child, SIGKILL it `delay` s after it prints `marker`; its markers."""
    copy_database(setup.base, db)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(setup.folder), str(pause)],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        while marker not in seen:
            line = child.stdout.readline()
            if not line:
                child.wait(timeout=30)
                pytest.fail(f"child ended before {marker!r}: {seen}\n{child.stderr.read()}")
            seen.append(line.strip())
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        seen += [line.strip() for line in child.stdout.read().splitlines()]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    return seen


# (marker, seconds after it, the moment, a marker the child must not have reached)
KILL_POINTS = [
    ("started", 0.2, "reading and validating the files", "writing sellers"),
    ("writing sellers", 0.0, "the transaction has just begun", "writing customers"),
    ("writing activities", 0.03, "inserting ~470,000 activities", "committing"),
    ("writing offers", 0.0, "activities inserted, offers being inserted", "writing deals"),
    ("committing", 0.0, "every row written, rollups being rebuilt", "committed"),
    ("committing", 0.01, "rollups being rebuilt or the commit under way", None),
    ("committing", 0.03, "rollups being rebuilt or the commit under way", None),
    ("committed", 0.0, "the commit has returned", "closing"),
    ("closing", 0.0, "closing the database: checkpoint of the write-ahead log", None),
]


@pytest.mark.parametrize(
    ("marker", "delay", "moment", "not_reached"),
    KILL_POINTS,
    ids=[f"{k[0]}+{k[1]}s" for k in KILL_POINTS],
)
def test_kill_during_import_leaves_all_or_nothing(setup, tmp_path, marker, delay, moment, not_reached):
    db = tmp_path / "killed.duckdb"
    seen = run_and_kill(setup, db, marker, delay, pause=0.2 if marker == "closing" else 30)
    assert not_reached not in seen, f"killed too late to test {moment}: {seen}"
    state = checksums(db)  # the database opens
    assert state in (setup.before, setup.after), moment
    if "committing" not in seen:
        assert state == setup.before, f"{moment}: killed before the commit, but data is there"
    if "committed" in seen:
        assert state == setup.after, f"{moment}: killed after the commit, but data is missing"


def test_database_killed_mid_import_takes_the_import_again(setup, tmp_path):
    db = tmp_path / "killed.duckdb"
    seen = run_and_kill(setup, db, "writing offers", 0.0)
    assert "writing deals" not in seen
    coach = salescoach.connect(db)
    try:
        coach.load(setup.folder)
    finally:
        coach.close()
    assert checksums(db) == setup.after


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_error_in_the_middle_of_writing_rolls_back_everything(tmp_path, monkeypatch, error):
    """An exception (or Ctrl-C) after some tables are written leaves the database as it was."""
    folder = tmp_path / "upload"
    folder.mkdir()
    for table, frame in generate_demo(sellers=4, years=1, seed=5).items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    db = tmp_path / "tiny.duckdb"
    coach = salescoach.connect(db)
    coach.load_frames(tiny_tables())
    before = table_checksums(db)
    replace_rows = store._replace_rows
    written = []

    def failing_replace(cursor, table, frame):
        if table == "offers":
            raise error("disk full")  # a new exception: its traceback holds the connection
        replace_rows(cursor, table, frame)
        written.append(table)

    monkeypatch.setattr(store, "_replace_rows", failing_replace)
    try:
        with pytest.raises(error):
            coach.load(folder)
        assert written == ["sellers", "customers", "activities"]
        assert table_checksums(db) == before
        monkeypatch.setattr(store, "_replace_rows", replace_rows)
        summary = coach.load(folder)  # the same connection takes the import afterwards
        assert summary.data_version == 2
        counts = dict(coach.query("table_row_counts").itertuples(index=False, name=None))
    finally:
        coach.close()
    assert counts["offers"] == 11 + summary.rows["offers"]
