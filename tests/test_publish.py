"""The import's publish path (salescoach/store.py `publish_batch`, salescoach/db.py): all or
nothing across the two stores, whatever step fails, and after a kill between publishing the
analytics file and committing the coaching rows; and the one-time move of the notes out of an
analytics file of an earlier version.

Tiny data (tests/tiny_data.py) plus one imported note with one action.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import salescoach
from salescoach import coaching, coaching_store, db, store
from tests.db_state import table_checksums
from tests.tiny_data import tiny_tables

ROOT = Path(__file__).resolve().parent.parent


def _with_a_note(goal: str) -> dict[str, pd.DataFrame]:
    frames = tiny_tables()
    frames["coaching_notes"] = pd.DataFrame(
        [["IMP1", "S1", "2026-01-20", "Maija Manager", goal, "", "", "", "true"]],
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
    frames["coaching_actions"] = pd.DataFrame(
        [["IMPA1", "IMP1", "seller", "Call back", "2026-01-27", ""]],
        columns=["action_id", "note_id", "owner", "description", "due_date", "done_on"],
    )
    return frames


@pytest.fixture
def coach(tmp_path):
    with salescoach.connect(tmp_path / "tiny.duckdb") as opened:
        opened.load_frames(_with_a_note("first"))
        yield opened


def _fail(*args, **kwargs):
    raise OSError(28, "No space left on device")


def _fail_in_steps(cursor, batch):
    raise RuntimeError("a step failed")


# (what fails, where: module, attribute) — in the order an import runs them
STEPS = [
    ("copying the published file", db.shutil, "copyfile"),
    ("a write step in the new version's transaction", store, "WRITE_STEPS"),
    ("sealing the new version (checkpoint, fsync)", db.Staging, "seal"),
    ("writing the coaching rows", coaching_store.Transaction, "store_rows"),
    ("publishing (the atomic rename)", db.AnalyticsFile, "replace_published"),
    ("committing the coaching rows", coaching_store.Transaction, "commit"),
]


@pytest.mark.parametrize(("moment", "owner", "name"), STEPS, ids=[s[0] for s in STEPS])
def test_a_failure_at_any_step_leaves_both_stores_as_they_were(coach, monkeypatch, moment, owner, name):
    before = table_checksums(coach.path)
    stamp = coach.file.stamp()
    if name == "WRITE_STEPS":
        monkeypatch.setattr(
            store, "WRITE_STEPS", [*store.WRITE_STEPS[:1], _fail_in_steps, *store.WRITE_STEPS[1:]]
        )
    else:
        monkeypatch.setattr(owner, name, _fail)
    changed = _with_a_note("second")
    changed["deals"] = changed["deals"].assign(value="1")
    with pytest.raises((OSError, RuntimeError, salescoach.faults.StoreFault)):
        coach.load_frames(changed)
    monkeypatch.undo()
    assert coach.file.stamp() == stamp, moment  # the published file was not replaced (or put back)
    assert table_checksums(coach.path) == before, moment  # nor a row of either store changed
    versions = sorted(p.name for p in coach.file.folder.iterdir())
    assert versions == [f"{stamp.inode}.duckdb", "import.lock"], moment  # nothing left behind
    assert coaching.get_note(coach, "IMP1").goal == "first"
    assert coach.load_frames(changed).data_version == 2  # and the next import goes through
    assert coaching.get_note(coach, "IMP1").goal == "second"


# A child that imports and is killed (SIGKILL, by itself) at one moment of the publish.
KILLED = textwrap.dedent(
    """
    import os, signal, sys
    import pandas as pd
    import salescoach
    from salescoach import coaching_store, db
    from tests.test_publish import _with_a_note

    def kill(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    coach = salescoach.connect(sys.argv[1])
    if sys.argv[2] == "before-commit":  # published, the coaching rows written but not committed
        coaching_store.Transaction.commit = kill
    else:  # the coaching rows committed, the journal not yet cleared
        db.Journal.done = kill
    coach.load_frames(_with_a_note("second"))
    """
)


@pytest.mark.parametrize(("moment", "kept"), [("before-commit", False), ("after-commit", True)])
def test_a_kill_between_publishing_and_the_coaching_commit_is_finished_by_the_next_import(
    coach, moment, kept
):
    path = coach.path
    before = table_checksums(path)
    coach.close()
    child = subprocess.run(
        [sys.executable, "-c", KILLED, str(path), moment],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    journal = path.with_name(path.name + ".d") / "journal.json"
    assert journal.exists()  # the publish was journalled before the rename
    with salescoach.connect(path) as again:
        # until the next import the published file is the new one; the coaching rows are
        # committed only after the commit
        assert again.data_version() == 2
        assert coaching.get_note(again, "IMP1").goal == ("second" if kept else "first")
        again.load_frames({})  # the next import looks at the journal first
        assert not journal.exists()
        if kept:  # committed: the import stands (and the empty one after it)
            assert again.data_version() == 3 and coaching.get_note(again, "IMP1").goal == "second"
        else:  # not committed: the published version is taken back, then the empty import runs
            assert again.data_version() == 2 and coaching.get_note(again, "IMP1").goal == "first"
            deals = dict(again.query("table_row_counts").itertuples(index=False, name=None))["deals"]
            assert deals == 4
    if not kept:  # both stores as before the killed import (but meta: the empty import's version)
        after = table_checksums(path)
        assert {k: v for k, v in after.items() if k != "meta"} == {
            k: v for k, v in before.items() if k != "meta"
        }


# The coaching tables as an analytics file of the previous version had them (queries/create_schema.sql
# before the coaching store), with rows written by that version.
LEGACY_TABLES = """
create table coaching_notes (
    note_id varchar not null, seller_id varchar not null, held_on date not null, author varchar not null,
    goal varchar, reality varchar, options varchar, will varchar, private boolean not null default true,
    created_at timestamp, updated_at timestamp
);
create table coaching_actions (
    action_id varchar not null, note_id varchar not null, owner varchar not null,
    description varchar not null, due_date date, done_on date
);
create table offer_reviews (
    offer_id varchar not null, what_happened varchar, why varchar, do_differently varchar,
    customer_word varchar, author varchar not null, reviewed_at timestamp not null
);
insert into coaching_notes values
    ('N-old1', 'S1', '2026-01-05', 'Maija Manager', 'Old goal', 'Old reality', '', '', true,
     '2026-01-05 09:30:00.123456', '2026-01-06 10:00:00.5'),
    ('IMP9', 'S2', '2025-12-01', 'Pekka', 'Imported long ago', '', '', '', false, null, null);
insert into coaching_actions values
    ('NA-old1', 'N-old1', 'seller', 'Book meetings', '2026-01-12', '2026-01-10'),
    ('NA-old2', 'N-old1', 'manager', 'Join one', null, null);
insert into offer_reviews values
    ('O1', 'Went cheaper', 'Price', 'Ask the budget', 'expensive', 'Maija Manager', '2026-01-11 08:00:00');
"""


def test_an_analytics_file_of_the_previous_version_moves_its_notes_to_the_coaching_store_once(tmp_path):
    path = tmp_path / "old.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    shutil.rmtree(path.with_name(path.name + ".d"))
    coaching_store.embedded_path(path).unlink()  # the previous version had no coaching store
    with duckdb.connect(str(path)) as con:
        con.execute(LEGACY_TABLES)
    with salescoach.connect(path) as coach:  # the first start of this version
        assert not db.table_names(coach._con) & set(db.LEGACY_COACHING_TABLES)  # gone from the file
        old = coaching.get_note(coach, "N-old1", as_of="2026-02-01")
        assert (old.seller_id, old.held_on, old.author, old.goal, old.reality, old.private) == (
            "S1",
            dt.date(2026, 1, 5),
            "Maija Manager",
            "Old goal",
            "Old reality",
            True,
        )
        assert (old.created_at, old.updated_at) == (
            dt.datetime(2026, 1, 5, 9, 30, 0, 123456),
            dt.datetime(2026, 1, 6, 10, 0, 0, 500000),
        )
        assert [(a.action_id, a.due_date, a.done_on) for a in old.actions] == [
            ("NA-old1", dt.date(2026, 1, 12), dt.date(2026, 1, 10)),
            ("NA-old2", None, None),
        ]
        assert coaching.get_note(coach, "IMP9").created_at is None
        review = coaching.offer_review_of(coach, "O1")
        assert (review["why"], review["author"], review["reviewed_at"]) == (
            "Price",
            "Maija Manager",
            pd.Timestamp("2026-01-11 08:00:00"),
        )
        version, data_version = coach.coaching_version(), coach.data_version()
    with salescoach.connect(path) as again:  # once: the next start moves nothing
        assert (again.coaching_version(), again.data_version()) == (version, data_version)
        assert len(again.coaching.rows("notes")) == 2
