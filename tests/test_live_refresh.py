"""Imports publish, readers switch (#18): an import never stops the app, and the app reads the
new data on its next script run.

- in one process: a reader pinned to a version reads it whole while an import publishes; the next
  refresh reads the new one, and the old one is let go;
- a script run checks for a new version once (one stat) and reads the coaching version once;
- a real `streamlit run` serving sessions while the CLI imports: every run answers, and the next
  one shows the new data; an import killed mid-way leaves the published file as it was;
- several processes starting on a missing database build the demo once.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

import salescoach
from salescoach import coaching_store, db
from tests.db_state import copy_database, table_checksums
from tests.streamlit_server import running_app
from tests.test_concurrency import BROWSE, Session
from tests.tiny_data import tiny_tables

ROOT = Path(__file__).resolve().parent.parent
Q1 = ("2026-01-01", "2026-03-31", "2026-02-15")


def _s1_sales(coach) -> float:
    return float(coach.scorecard(*Q1).set_index("seller_id").loc["S1", "sales"])


def _doubled_deals(coach) -> pd.DataFrame:
    deals = coach.query("seller_list")  # warm up the version read now
    cursor = coach._con.cursor()
    try:
        deals = cursor.execute(
            "select deal_id, seller_id, customer_id, offer_id, close_date, value from deals"
        ).df()
    finally:
        cursor.close()
    return deals.assign(value=deals["value"] * 2)


def _open_files(path: Path) -> int:
    """How many file descriptors of this process are open on `path`'s inode (Linux)."""
    inode = path.stat().st_ino
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.stat(f"/proc/self/fd/{fd}").st_ino == inode
        except OSError:
            pass
    return count


def test_a_pinned_reader_reads_one_version_while_an_import_publishes_the_next(tmp_path):
    path = tmp_path / "tiny.duckdb"
    with salescoach.connect(path) as importer:
        importer.load_frames(tiny_tables())
        reader = salescoach.connect(path, read_only=True)
        try:
            assert _s1_sales(reader) == 5300  # tests/test_scorecard.py
            reader.pin()  # a script run begins
            old = weakref.ref(reader._reader.current())
            old_file = path.with_name(path.name + ".d") / f"{reader._reader.current().stamp.inode}.duckdb"
            importer.load_frames({"deals": _doubled_deals(importer)})  # published meanwhile
            assert _s1_sales(reader) == 5300  # the whole run reads the version it started on
            assert reader.data_version() == 1
            assert not old_file.exists()  # the import left only the published version in the folder ...
            assert _open_files(path) >= 1  # ... and the pinned one is still open (by its inode)
            reader.unpin()  # the run is over: the next query looks for a newer version
            assert _s1_sales(reader) == 10600 and reader.data_version() == 2
            gc.collect()
            assert old() is None  # the old version is let go once nothing refers to it
        finally:
            reader.close()


def test_the_app_checks_for_a_new_version_once_per_script_run(tmp_path, monkeypatch):
    path = tmp_path / "app.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    monkeypatch.setenv("SALESCOACH_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    calls = {"refresh": 0, "coaching_version": 0}
    refresh, version = db.Reader.refresh, coaching_store.CoachingStore.version

    def counting_refresh(self):
        calls["refresh"] += 1
        return refresh(self)

    def counting_version(self):
        calls["coaching_version"] += 1
        return version(self)

    monkeypatch.setattr(db.Reader, "refresh", counting_refresh)
    monkeypatch.setattr(coaching_store.CoachingStore, "version", counting_version)

    def one_run() -> AppTest:
        # a new AppTest per run: AppTest reruns the page script alone, not app.py around it
        before = dict(calls)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception and at.dataframe
        assert {k: calls[k] - before[k] for k in calls} == {"refresh": 1, "coaching_version": 1}
        return at

    try:
        one_run()  # opens the stores, reads every query
        one_run()  # every page query from the cache: the versions were checked once
        with salescoach.connect(path) as other:  # another process imports
            other.load_frames(
                {"sellers": pd.DataFrame([{"seller_id": "S9", "name": "Zelda Uusi", "team": "B"}])}
            )
        at = one_run()
        assert any("Zelda Uusi" in frame.value.to_string() for frame in at.dataframe)
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


# -- a real server ------------------------------------------------------------------------------------


class TextSession(Session):
    """A websocket session (tests/test_concurrency.py) that also keeps the text of every element drawn."""

    def run(self, page: str, query: str, widgets=(), timeout: float = 60) -> dict:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        state = ClientState(
            query_string=query, page_name=page, widget_states=WidgetStates(widgets=list(widgets))
        )
        self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        drawn: dict = {"buttons": {}, "text_areas": {}, "alerts": [], "exceptions": [], "text": []}
        deadline = time.monotonic() + timeout
        while True:
            message = ForwardMsg.FromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                _keep(drawn, message.delta.new_element)
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                drawn["finished"] = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                drawn["text"] = "\n".join(drawn["text"])
                return drawn


def _keep(drawn: dict, element) -> None:
    what = element.WhichOneof("type")
    drawn["text"].append(str(element))
    if what == "button":
        drawn["buttons"][element.button.label] = element.button.id
    elif what == "text_area":
        drawn["text_areas"][element.text_area.label] = element.text_area.id
    elif what == "alert":
        drawn["alerts"].append(element.alert.body)
    elif what == "exception":
        drawn["exceptions"].append(element.exception.message)


@pytest.fixture
def served(demo_template, tmp_path):
    path = tmp_path / "demo.duckdb"
    copy_database(demo_template, path)
    return path


def _browse_until(base: str, stop: threading.Event, runs: list, errors: list) -> None:
    try:
        with TextSession(base) as session:
            step = 0
            while not stop.is_set():
                page, query = BROWSE[step % len(BROWSE)]
                drawn = session.run(page, query)
                runs.append(drawn["finished"])
                if drawn["exceptions"]:
                    errors.append((page, drawn["exceptions"]))
                step += 1
    except BaseException as error:  # noqa: BLE001 - reported by the test
        errors.append(error)


def _cli(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "salescoach", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def test_a_cli_import_while_the_server_serves(served, tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    pd.DataFrame([{"seller_id": "S99", "name": "Zelda Newcomer", "team": "SMB", "manager": "Juho"}]).to_csv(
        folder / "sellers.csv", index=False
    )
    runs: list[str] = []
    errors: list = []
    stop = threading.Event()
    with running_app(served, tmp_path / "streamlit.log") as base:
        with TextSession(base) as session:
            assert "Zelda Newcomer" not in session.run("seller", "seller=S99")["text"]
        browsers = [threading.Thread(target=_browse_until, args=(base, stop, runs, errors)) for _ in range(2)]
        for browser in browsers:
            browser.start()
        time.sleep(2)  # the sessions are browsing
        done = _cli("import", str(folder), "--db", str(served))
        out, err = done.communicate(timeout=120)
        assert done.returncode == 0, err
        assert "imported 1 sellers" in out
        time.sleep(2)  # and keep browsing after it
        stop.set()
        for browser in browsers:
            browser.join(timeout=120)
        with TextSession(base) as session:  # a new run reads the new version
            drawn = session.run("seller", "seller=S99")
        assert "Zelda Newcomer" in drawn["text"] and not drawn["exceptions"]
    assert not errors, errors
    assert len(runs) > 4 and set(runs) == {"FINISHED_SUCCESSFULLY"}


def test_an_import_killed_mid_way_leaves_the_served_file_intact(served, tmp_path):
    from salescoach.demo import generate_demo

    folder = tmp_path / "big"
    folder.mkdir()
    for table, frame in generate_demo(sellers=150, years=2, seed=11).items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    before = table_checksums(served)
    versions = served.with_name(served.name + ".d")
    with running_app(served, tmp_path / "streamlit.log") as base:
        importer = _cli("import", str(folder), "--db", str(served))
        try:
            deadline = time.monotonic() + 120
            while not list(versions.glob("staging-*.duckdb")):  # read and checked: writing its copy now
                assert importer.poll() is None and time.monotonic() < deadline, importer.stderr.read()
                time.sleep(0.005)
            time.sleep(0.3)
            assert importer.poll() is None, "the import finished before it could be killed mid-way"
            importer.send_signal(signal.SIGKILL)
            importer.wait(timeout=30)
        finally:
            if importer.poll() is None:
                importer.kill()
            importer.communicate()
        assert importer.returncode == -signal.SIGKILL
        with TextSession(base) as session:  # the pages keep answering from the published file
            for page, query in BROWSE[:4]:
                drawn = session.run(page, query)
                assert drawn["finished"] == "FINISHED_SUCCESSFULLY" and not drawn["exceptions"], page
    assert table_checksums(served) == before
    assert list(versions.glob("staging-*"))  # left by the kill ...
    with salescoach.connect(served) as coach:
        coach.load_frames({})  # ... and cleaned up by the next import
    assert not list(versions.glob("staging-*"))


FIRST_START = """
import salescoach
from salescoach import coaching_store
coach = salescoach.connect()
print(coach.data_version(), coaching_store.row_counts(coach.coaching)["coaching_notes"], flush=True)
"""


def test_processes_starting_on_a_missing_database_build_the_demo_once(tmp_path):
    path = tmp_path / "new" / "salescoach.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SALESCOACH_DB": str(path)}
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_START], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    printed = [start.communicate(timeout=300)[0].split() for start in starts]
    assert all(start.returncode == 0 for start in starts)
    assert len({tuple(words) for words in printed}) == 1 and printed[0][0] == "1"  # one demo, version 1
    with salescoach.connect(path) as coach:
        assert len(coach.coaching.rows("import_recorded", {"import_id": "x"})) == 0
        with coach.coaching._reading() as reading:
            reading.cursor.execute("select count(*) from coaching_imports")
            assert reading.cursor.fetchone()[0] == 1  # the demo's notes were written once
        assert coach.meta()["source"] == "demo"
        assert dt.date.today() >= coaching_latest(coach)


def coaching_latest(coach) -> dt.date:
    return max(row["held_on"] for row in coach.coaching.rows("notes"))
