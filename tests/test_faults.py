"""Store faults get one plain message, never a traceback (#12, point 5).

Each condition is made for real: a truncated, empty or foreign file; a read-only folder (a
read-only bind mount); a full disk (a small tmpfs); a file-size limit (RLIMIT_FSIZE in a child
process: EFBIG); a file locked by another process; another import running. The app shows one
message naming the file and what to do, on every page; a failed save keeps the typed text and
says the real cause; the CLI exits non-zero with one line on stderr.

Mounting needs root (CI runs as root): elsewhere those tests are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import salescoach
from salescoach import coaching
from salescoach.faults import StoreFault
from salescoach.ui import pages
from tests.db_state import clear_app_caches, table_checksums
from tests.tiny_data import tiny_tables

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
# AppTest runs a switched-to page's script by itself (not through app.py), so it sees a fault
# where the page first reads the stores; the import page reads them only after an upload, so
# it is checked on a real server (test_every_page_of_a_real_server_says_it) with the rest.
PAGES = [
    spec.file
    for spec in pages.visible_pages(salescoach.access.LOCAL_VIEWER)
    if spec.file != pages.IMPORT_PAGE
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@contextlib.contextmanager
def mounted(target: Path, *args: str):
    """`mount ARGS... target` for the test, unmounted after; skipped where mounting is not allowed."""
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"cannot mount here (needs root): {done.stderr.strip()}"
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def read_only_view(folder: Path, view: Path):
    """`view` shows `folder` read-only (a read-only bind mount): writing there fails with EROFS."""
    with mounted(view, "--bind", str(folder)):
        done = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        yield view


def tiny_db(path: Path) -> Path:
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    return path


@pytest.fixture
def app_on(monkeypatch):
    """Point the app at a database file (fresh caches)."""

    def use(path: Path) -> None:
        monkeypatch.setenv("SALESCOACH_DB", str(path))
        clear_app_caches()

    yield use
    clear_app_caches()


def only_the_fault(at: AppTest, *words: str) -> str:
    """The one error on the page, with every word in it; no traceback, nothing else drawn."""
    assert not at.exception, [e.value for e in at.exception]
    (error,) = at.error
    message = error.value.replace("\\", "")  # the Markdown escapes of escape_markdown
    for word in words:
        assert word in message, (word, message)
    assert "Traceback" not in message and ".py" not in message
    assert not at.dataframe and not at.metric
    return message


def open_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page:
        at.switch_page(page)
    return at.run()


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "foreign":
        path.unlink()
        with duckdb.connect(str(path)) as con:
            con.execute("create table invoices as select 1 as invoice_id")
    elif how == "sqlite":
        import sqlite3

        path.unlink()
        with contextlib.closing(sqlite3.connect(path)) as con:
            con.execute("create table sellers (x)")
            con.commit()


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("truncated", ["is damaged or is not a complete database file", "Restore it from a backup"]),
        ("empty", ["is damaged or is not a complete database file"]),
        ("foreign", ["is a database, but not a sales-coach one (no sellers table)", "SALESCOACH_DB"]),
        ("sqlite", ["is damaged or is not a complete database file"]),
    ],
)
def test_a_damaged_or_foreign_file_is_one_message_on_every_page(tmp_path, app_on, how, words):
    db = tiny_db(tmp_path / "sales.duckdb")
    _damage(db, how)
    app_on(db)
    for page in [None, *PAGES]:
        only_the_fault(open_page(page), str(db), *words)


def test_every_page_of_a_real_server_says_it(tmp_path):
    from tests.streamlit_server import running_app
    from tests.test_concurrency import BROWSE, Session

    db = tiny_db(tmp_path / "sales.duckdb")
    _damage(db, "truncated")
    with running_app(db, tmp_path / "streamlit.log") as base, Session(base) as session:
        for page, query in BROWSE:  # every page, import included
            drawn = session.run(page, query)
            assert drawn["finished"] == "FINISHED_SUCCESSFULLY" and not drawn["exceptions"], page
            (alert,) = drawn["alerts"]
            assert str(db).replace("/", "\\/") in alert or str(db) in alert.replace("\\", ""), alert
            assert "is damaged or is not a complete database file" in alert and "Traceback" not in alert
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text()


def test_a_file_damaged_while_the_app_runs_is_the_message_on_the_next_run(tmp_path, app_on):
    db = tiny_db(tmp_path / "sales.duckdb")
    app_on(db)
    at = open_page()
    assert not at.exception and at.dataframe  # the overview (AppTest's sidebar warns of open mode)
    _damage(db, "truncated")  # replaced under the running app (a broken copy, a disk error)
    only_the_fault(at.run(), str(db), "is damaged")


def test_a_file_locked_by_another_program_is_one_message(tmp_path, app_on):
    db = tiny_db(tmp_path / "sales.duckdb")
    holder = subprocess.Popen(  # an old version of the app, or a database tool, holding it read-write
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        app_on(db)
        only_the_fault(open_page(), str(db), "is locked by another program", "reload this page")
        done = run_cli("scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "--db", str(db))
        assert done.returncode == 1 and one_line(done) and "is locked by another program" in done.stderr
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


# -- a failed save keeps the text and says the real cause -------------------------------------------


def _type_a_note(at: AppTest, goal: str) -> AppTest:
    at.button(key="coaching.new.S1").click().run()
    k = "coaching.S1.new.0"
    at.text_input(key=f"{k}.author").input("Maija Manager")
    at.text_area(key=f"{k}.goal").input(goal)
    (save,) = [b for b in at.button if b.label == "Save note"]
    return save.click().run()


def test_a_note_saved_on_a_full_disk_keeps_the_text_and_says_the_disk_is_full(tmp_path, app_on):
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=8m", "tmpfs") as small:
        db = tiny_db(small / "sales.duckdb")
        app_on(db)
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("pages/seller.py")
        at.query_params["seller"] = "S1"
        at.run()
        fd = os.open(small / "filler", os.O_WRONLY | os.O_CREAT)  # the disk fills up
        try:
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"x" * 65536)
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"x")
        finally:
            os.close(fd)
        goal = "A goal long enough to need a new page of the store. " * 200
        at = _type_a_note(at, goal)
        assert not at.exception
        (error,) = at.error
        message = error.value.replace("\\", "")
        assert message.startswith("The note was not saved; your text is still here:")
        assert f"The disk holding {small / 'sales.coaching.sqlite'} is full" in message
        assert "no transaction is active" not in message and "Traceback" not in message
        assert at.text_area(key="coaching.S1.new.0.goal").value == goal  # kept
        (small / "filler").unlink()  # space again: the same form saves
        (save,) = [b for b in at.button if b.label == "Save note"]
        at = save.click().run()
        assert [s.value for s in at.success] == ["Note saved."]
        st.cache_resource.clear()  # let go of the files before unmounting


def test_a_read_only_folder_is_one_plain_message(tmp_path, app_on):
    folder = tmp_path / "data"
    folder.mkdir()
    tiny_db(folder / "sales.duckdb")
    with read_only_view(folder, tmp_path / "view") as view:
        db = view / "sales.duckdb"
        app_on(db)
        only_the_fault(open_page(), str(view / "sales.coaching.sqlite"), "is read-only", "writable")
        upload = tmp_path / "upload"
        upload.mkdir()
        tiny_tables()["sellers"].to_csv(upload / "sellers.csv", index=False)
        before = table_checksums(folder / "sales.duckdb")
        done = run_cli("import", str(upload), "--db", str(db))
        assert done.returncode == 1 and one_line(done), done.stderr
        assert "is read-only" in done.stderr
        st.cache_resource.clear()
    assert table_checksums(folder / "sales.duckdb") == before


# -- the command line ------------------------------------------------------------------------------------


def run_cli(*args: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    def limit():
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "salescoach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=180,
        preexec_fn=limit,
    )


def one_line(done: subprocess.CompletedProcess) -> bool:
    """One line on stderr, `error: ...`, and no traceback."""
    lines = done.stderr.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr


@pytest.fixture
def big_folder(tmp_path):
    from salescoach.demo import generate_demo

    folder = tmp_path / "big"
    folder.mkdir()
    for table, frame in generate_demo(sellers=60, years=2, seed=3).items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    return folder


@pytest.mark.parametrize("how", ["truncated", "empty", "foreign"])
def test_the_cli_says_a_damaged_file_in_one_line(tmp_path, how):
    db = tiny_db(tmp_path / "sales.duckdb")
    _damage(db, how)
    for args in (("scorecard", "--from", "2026-01-01", "--to", "2026-03-31"), ("import", str(tmp_path))):
        done = run_cli(*args, "--db", str(db))
        assert done.returncode == 1 and one_line(done), done.stderr
        assert str(db) in done.stderr


def test_an_import_on_a_full_disk_is_one_line_and_changes_nothing(tmp_path, big_folder):
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=12m", "tmpfs") as small:
        db = tiny_db(small / "sales.duckdb")
        before = table_checksums(db)
        done = run_cli("import", str(big_folder), "--db", str(db))
        assert done.returncode == 1 and one_line(done), done.stderr
        assert f"error: The disk holding {db} is full" in done.stderr
        assert table_checksums(db) == before
        assert [p.name for p in (small / "sales.duckdb.d").glob("*.duckdb")] == [f"{db.stat().st_ino}.duckdb"]


def test_an_import_over_the_file_size_limit_is_one_line_and_changes_nothing(tmp_path, big_folder):
    db = tiny_db(tmp_path / "sales.duckdb")
    before = table_checksums(db)
    done = run_cli("import", str(big_folder), "--db", str(db), limit_file_size=db.stat().st_size + 1_000_000)
    assert done.returncode == 1 and one_line(done), done.stderr
    assert f"error: {db} could not grow" in done.stderr and "ulimit -f" in done.stderr
    assert table_checksums(db) == before


HOLD_THE_IMPORT_LOCK = textwrap.dedent(
    """
    import sys, time
    from salescoach.db import AnalyticsFile
    with AnalyticsFile(sys.argv[1]).import_lock():
        print("locked", flush=True)
        time.sleep(60)
    """
)


def test_a_second_import_says_another_import_is_running(tmp_path):
    db = tiny_db(tmp_path / "sales.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_IMPORT_LOCK, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    upload = tmp_path / "upload"
    upload.mkdir()
    tiny_tables()["sellers"].to_csv(upload / "sellers.csv", index=False)
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = run_cli("import", str(upload), "--db", str(db))
        assert done.returncode == 3 and one_line(done), done.stderr
        assert done.stderr.strip() == (
            f"error: Another import into {db} is running: nothing was imported. Try again when it has finished."
        )
        with salescoach.connect(db) as coach, pytest.raises(StoreFault, match="Another import"):
            coach.load_frames({})
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with salescoach.connect(db) as coach:  # the lock goes with the process that held it
        assert coach.load_frames({}).data_version == 2


def test_a_save_that_fails_reports_its_cause_not_a_rollback_error(tmp_path, monkeypatch):
    """A failed statement inside the save's transaction: the error raised is the statement's."""
    db = tiny_db(tmp_path / "sales.duckdb")
    with salescoach.connect(db) as coach:
        before = coach.coaching_version()
        original = coach.coaching._run

        def failing(cursor, name, params):
            if name == "action_insert":
                raise OSError(28, "No space left on device")
            return original(cursor, name, params)

        monkeypatch.setattr(coach.coaching, "_run", failing)
        with pytest.raises(OSError, match="No space left"):
            coaching.save_note(
                coach, "S1", "2026-02-16", "M", goal="g", actions=[{"owner": "seller", "description": "a"}]
            )
        monkeypatch.undo()
        assert coach.coaching_version() == before and coaching.seller_notes(coach, "S1") == []
