"""Replicas (#18): two `streamlit run` servers on one host, on different ports, sharing the
analytics file and one PostgreSQL coaching store (a real server: scripts/test.sh starts it).

A note saved through one server shows through the other on its next run, and notes saved at
the same time through both, by several sessions each, all survive.
"""

from __future__ import annotations

import datetime as dt
import os
import threading

import pandas as pd
import pytest

import salescoach
from salescoach import coaching_store
from salescoach.store import create_demo_database
from tests.streamlit_server import running_app
from tests.test_concurrency import _save_note_through_the_form
from tests.test_live_refresh import TextSession


@pytest.fixture
def shared(postgres_url, tmp_path, monkeypatch):
    """The demo's analytics file and its notes in PostgreSQL, and how to start a replica on them."""
    monkeypatch.setenv(coaching_store.URL_ENV_VAR, postgres_url)
    path = tmp_path / "demo.duckdb"
    with create_demo_database(path, end=dt.date(2026, 11, 23)) as coach:
        assert isinstance(coach.coaching, coaching_store.PostgresStore)
        notes = coaching_store.row_counts(coach.coaching)["coaching_notes"]
    assert notes > 0 and not coaching_store.embedded_path(path).exists()  # the notes are in PostgreSQL

    def replica(name: str):
        return running_app(path, tmp_path / f"{name}.log", env={coaching_store.URL_ENV_VAR: postgres_url})

    return path, replica


def test_a_note_saved_on_one_replica_shows_on_the_other(shared):
    path, replica = shared
    goal = "Saved through replica A, read through replica B"
    with replica("a") as a, replica("b") as b, TextSession(a) as on_a, TextSession(b) as on_b:
        assert a != b
        before = on_b.run("seller", "seller=S05")
        assert goal not in before["text"] and before["finished"] == "FINISHED_SUCCESSFULLY"
        _save_note_through_the_form(on_a, "S05", goal)
        after = on_b.run("seller", "seller=S05")  # B's next run
        assert goal in after["text"] and not after["exceptions"]


def test_concurrent_saves_through_both_replicas_all_survive(shared):
    path, replica = shared
    errors: list[BaseException] = []
    goals: list[str] = []
    lock = threading.Lock()

    def writer(base: str, name: str) -> None:
        try:
            with TextSession(base) as session:
                for i in range(3):
                    goal = f"replica note {i} of {name}"
                    _save_note_through_the_form(session, ("S05", "S09", "S01")[i], goal)
                    with lock:
                        goals.append(goal)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    with replica("a") as a, replica("b") as b:
        threads = [
            threading.Thread(target=writer, args=(base, f"{server}{n}"))
            for server, base in (("a", a), ("b", b))
            for n in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        assert not errors, errors
        with TextSession(b) as on_b:  # every note, read through one replica
            page = on_b.run("coaching", "")
    store = coaching_store.PostgresStore(os.environ[coaching_store.URL_ENV_VAR])
    try:
        stored = sorted(row["goal"] for row in store.rows("notes") if row["goal"].startswith("replica note"))
    finally:
        store.close()
    assert len(goals) == 12 and stored == sorted(goals)  # 2 replicas × 2 sessions × 3 notes
    assert all(goal in page["text"] for goal in goals)


def test_the_two_replicas_read_the_same_published_file(shared, tmp_path):
    path, replica = shared
    with replica("a") as a, replica("b") as b, TextSession(a) as on_a, TextSession(b) as on_b:
        first_a, first_b = on_a.run("seller", "seller=S99"), on_b.run("seller", "seller=S99")
        assert "Zelda Replica" not in first_a["text"] + first_b["text"]
        with salescoach.connect(path) as coach:  # an import (here: this process) publishes a new version
            new = pd.DataFrame([{"seller_id": "S99", "name": "Zelda Replica", "team": "SMB"}])
            coach.load_frames({"sellers": new})
        assert "Zelda Replica" in on_a.run("seller", "seller=S99")["text"]  # both read it on their next run
        assert "Zelda Replica" in on_b.run("seller", "seller=S99")["text"]
