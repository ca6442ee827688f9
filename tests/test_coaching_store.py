"""The coaching store (salescoach/coaching_store.py) on both of its databases: the embedded SQLite
file and a real PostgreSQL server (started by scripts/test.sh; `postgres_url` in conftest.py).

Tiny data (tests/tiny_data.py): sellers S1, S2 (team A) and S3 (team B); lost offers O1 (S1),
O8 (S1) and O10 (S2).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import salescoach
from salescoach import coaching, coaching_store, store
from salescoach.coaching_store import PostgresStore, SQLiteStore
from salescoach.faults import StoreFault
from tests.test_coaching import make_note
from tests.tiny_data import tiny_tables

D = dt.date
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, monkeypatch):
    """The coaching store's URL for this test: the embedded file (None), or a new PostgreSQL database."""
    if request.param == "sqlite":
        monkeypatch.setenv(coaching_store.URL_ENV_VAR, "")
        return None
    url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv(coaching_store.URL_ENV_VAR, url)
    return url


@pytest.fixture
def coach(store_url, tmp_path):
    with salescoach.connect(tmp_path / "tiny.duckdb") as opened:
        opened.load_frames(tiny_tables())
        yield opened


def test_the_store_is_the_configured_one(coach, store_url, tmp_path):
    if store_url is None:
        assert isinstance(coach.coaching, SQLiteStore)
        assert coach.coaching.path == tmp_path / "tiny.coaching.sqlite"  # beside the analytics file
    else:
        assert isinstance(coach.coaching, PostgresStore) and coach.coaching.url == store_url


def test_the_schema_is_created_and_migrated_once(coach, store_url, tmp_path):
    assert coach.coaching.rows("schema_version") == [{"version": coaching_store.MIGRATIONS[-1][0]}]
    note_id = make_note(coach)
    again = coaching_store.open_store(tmp_path / "tiny.duckdb", store_url or "")  # migrations are idempotent
    try:
        assert again.rows("schema_version") == [{"version": coaching_store.MIGRATIONS[-1][0]}]
        with again._reading() as reading:
            reading.cursor.execute("select count(*) from coaching_schema_version")
            assert reading.cursor.fetchone()[0] == len(coaching_store.MIGRATIONS)  # each migration ran once
        assert [row["note_id"] for row in again.rows("notes")] == [note_id]
    finally:
        again.close()


# The text a user may type: SQL and placeholder look-alikes, percent signs, quotes, backslashes,
# non-Latin letters, emoji, and the longest field allowed.
ODD_TEXT = "50 % $note_id %(x)s :name ? ' \" \\ ; -- drop table coaching_notes; Ääkkösiä ✓ 😀"


def test_dates_timestamps_booleans_and_text_round_trip_exactly(coach):
    long_text = "x" * coaching.MAX_TEXT
    early = make_note(
        coach, held_on="1990-01-01", goal=ODD_TEXT, reality=long_text, private=False, actions=[]
    )
    late = make_note(
        coach,
        held_on="2099-12-30",
        actions=[{"owner": "manager", "description": ODD_TEXT, "due_date": "2099-12-31"}],
    )
    first, second = coaching.get_note(coach, early), coaching.get_note(coach, late)
    assert (first.held_on, first.goal, first.reality, first.private) == (
        D(1990, 1, 1),
        ODD_TEXT,
        long_text,
        False,
    )
    assert (second.held_on, second.private, second.actions[0].due_date) == (
        D(2099, 12, 30),
        True,
        D(2099, 12, 31),
    )
    assert second.actions[0].description == ODD_TEXT
    stored = {row["note_id"]: row for row in coach.coaching.rows("notes")}
    created = stored[early]["created_at"]
    assert isinstance(created, dt.datetime) and created == first.created_at  # to the microsecond
    assert stored[early]["held_on"] == D(1990, 1, 1) and stored[early]["private"] is False
    coaching.set_action_done(coach, second.actions[0].action_id, "2099-12-31")
    assert coaching.get_note(coach, late).actions[0].done_on == D(2099, 12, 31)
    assert coaching.search_notes(coach, text="$note_id %(x)s")["note_id"].tolist() == [early]


def test_notes_actions_and_reviews_on_both_stores(coach):
    """The coaching API of tests/test_coaching.py, numbers by hand, on each store."""
    note_id = make_note(coach)  # S1: actions due 23.2 and 2.3
    make_note(
        coach,
        seller_id="S2",
        actions=[
            {"owner": "seller", "description": "a", "due_date": "2026-02-20"},
            {"owner": "seller", "description": "b", "due_date": None},
        ],
    )
    coaching.set_action_done(coach, coaching.get_note(coach, note_id).actions[1].action_id, "2026-02-27")
    frame = coaching.overdue_actions_by_seller(coach, as_of="2026-03-03")
    assert frame[["seller_id", "overdue_actions", "open_actions", "notes"]].to_dict("records") == [
        {"seller_id": "S1", "overdue_actions": 1, "open_actions": 1, "notes": 1},
        {"seller_id": "S2", "overdue_actions": 1, "open_actions": 2, "notes": 1},
        {"seller_id": "S3", "overdue_actions": 0, "open_actions": 0, "notes": 0},
    ]
    assert frame["last_note_on"].tolist()[:2] == [pd.Timestamp("2026-02-16")] * 2
    assert set(coaching.search_notes(coach, teams=["A"], text="referrals")["seller_id"]) == {"S1", "S2"}
    coaching.save_offer_review(coach, "O1", why="price", customer_word="pricey", author="M")
    coaching.save_offer_review(coach, "O10", why="lost to rival", customer_word="slow", author="M")
    summary = coaching.lost_offers_by_loss_reason(coach)
    assert summary[["loss_reason", "offers_lost", "reviewed_offers"]].to_dict("records") == [
        {"loss_reason": "competitor", "offers_lost": 1, "reviewed_offers": 1},
        {"loss_reason": "price", "offers_lost": 1, "reviewed_offers": 1},
        {"loss_reason": "timing", "offers_lost": 1, "reviewed_offers": 0},
    ]
    assert coaching.offer_review_of(coach, "O1")["customer_word"] == "pricey"
    assert coach.coaching_version() == 2 + 1 + 2  # two notes, one action done, two reviews


def _imported_notes(goal: str) -> dict[str, pd.DataFrame]:
    notes = pd.DataFrame(
        [["IMP1", "S1", "2026-01-20", "Maija Manager", goal, "", "", "", "false"]],
        columns=[
            "note_id",
            "seller_id",
            "held_on",
            "author",
            "goal",
            "reality",
            "options",
            "will",
            "private",
        ],
    )
    actions = pd.DataFrame(
        [["IMPA1", "IMP1", "seller", "imported action", "2026-01-27", ""]],
        columns=["action_id", "note_id", "owner", "description", "due_date", "done_on"],
    )
    return {"coaching_notes": notes, "coaching_actions": actions}


def test_an_import_that_fails_at_the_coaching_commit_leaves_both_stores_as_they_were(coach, monkeypatch):
    coach.load_frames(_imported_notes("first goal"))
    before = (coach.data_version(), coach.coaching_version(), coach.file.stamp())

    def failing_commit(self):
        raise RuntimeError("the server went away during commit")

    monkeypatch.setattr(coaching_store.Transaction, "commit", failing_commit)
    with pytest.raises(RuntimeError, match="went away"):
        coach.load_frames({**_imported_notes("second goal"), "sellers": tiny_tables()["sellers"]})
    monkeypatch.undo()
    coach.refresh()
    assert (coach.data_version(), coach.coaching_version(), coach.file.stamp()) == before
    assert coaching.get_note(coach, "IMP1").goal == "first goal"
    assert not coach.file.journal.exists()
    coach.load_frames(_imported_notes("second goal"))  # and the next import goes through
    assert coaching.get_note(coach, "IMP1").goal == "second goal"


SAVER = textwrap.dedent(
    """
    import sys
    import salescoach
    from salescoach import coaching
    coach = salescoach.connect(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()  # both processes start saving together
    for i in range(int(sys.argv[3])):
        coaching.save_note(coach, "S1", "2026-02-16", "Writer " + sys.argv[2], goal=f"{sys.argv[2]} note {i}",
                           actions=[{"owner": "seller", "description": f"action {i}", "due_date": "2026-03-01"}])
    print("done", flush=True)
    """
)


def _savers(db: Path, names: list[str], count: int, env: dict) -> list[subprocess.Popen]:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(db), name, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for name in names
    ]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    return children


def test_two_processes_saving_at_once_keep_every_note(coach, store_url, tmp_path):
    """The embedded store (and PostgreSQL) under two processes saving 25 notes each at the same time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), coaching_store.URL_ENV_VAR: store_url or ""}
    version = coach.coaching_version()
    children = _savers(tmp_path / "tiny.duckdb", ["A", "B"], 25, env)
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and out.strip() == "done", err
    goals = sorted(note.goal for note in coaching.seller_notes(coach, "S1"))
    assert goals == sorted(f"{who} note {i}" for who in "AB" for i in range(25))
    assert all(len(note.actions) == 1 for note in coaching.seller_notes(coach, "S1"))
    assert coach.coaching_version() == version + 50


def test_the_store_url_comes_from_the_environment_or_the_secrets_file(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[auth]\nclient_id = "x"\n\n[coaching]\nurl = "postgresql://app@db.example.com/coach"\n'
    )
    monkeypatch.setattr(coaching_store, "SECRETS_FILE", secrets)
    monkeypatch.delenv(coaching_store.URL_ENV_VAR)
    assert coaching_store.configured_url() == "postgresql://app@db.example.com/coach"
    monkeypatch.setenv(coaching_store.URL_ENV_VAR, "sqlite:////srv/coaching.sqlite")
    assert coaching_store.configured_url() == "sqlite:////srv/coaching.sqlite"  # the environment wins
    monkeypatch.setenv(coaching_store.URL_ENV_VAR, "")
    assert coaching_store.configured_url() is None  # set but empty: the embedded file
    with pytest.raises(StoreFault, match="is not postgresql"):
        coaching_store.open_store(tmp_path / "x.duckdb", "mysql://nope")


def test_an_unreachable_server_is_one_plain_message_without_the_password(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreFault) as caught:
        PostgresStore(f"postgresql://coach:s3cret@127.0.0.1:{port}/coaching")
    message = str(caught.value)
    assert message.startswith(
        f"The coaching store at postgresql://coach@127.0.0.1:{port}/coaching cannot be reached ("
    )
    assert "s3cret" not in message and "\n" not in message and "Traceback" not in message


def test_the_analytics_file_never_holds_coaching_rows(coach):
    make_note(coach)
    coach.load_frames(_imported_notes("goal"))
    tables = store.db.table_names(coach._con)
    assert not tables & {"coaching_notes", "coaching_actions", "offer_reviews"}
    counts = dict(coach.query("table_row_counts").itertuples(index=False, name=None))
    assert (counts["coaching_notes"], counts["coaching_actions"]) == (2, 3)  # make_note: 2 actions
