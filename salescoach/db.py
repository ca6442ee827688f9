"""The one place that opens the analytics database: the DuckDB file imports publish and every
app process reads.

The file is written only by imports (and the demo build), never in place: an import copies the
published file into its versions folder, writes the new rows and rollups there in one
transaction, checkpoints, closes and fsyncs it, and publishes it by an atomic rename over the
published name. Readers open the published version read-only and switch to a newer one when
its file identity (device, inode, mtime, size) changes, so any number of app processes read
while an import runs, and none ever sees half an import. A DuckDB file has one read-write
process or many read-only ones: the published file is never opened read-write by anyone.

    data/salescoach.duckdb       the published version (what `SALESCOACH_DB` names)
    data/salescoach.duckdb.d/    its versions folder (written by imports only):
        <inode>.duckdb           the name readers open each version by (a hard link of the
                                 published file; DuckDB caches open databases by path, so a
                                 new version needs a new path in a process that has the old
                                 one open)
        import.lock              held (flock) by the one import that is running
        staging-<id>.duckdb      the next version while an import writes it
        journal.json             an import that published and has not yet committed its
                                 coaching rows (salescoach/store.py), for recovery after a kill

Threads (Streamlit script runs) each take a `cursor()` of a version's connection, never the
connection itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from salescoach import faults
from salescoach.i18n import t

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DB_ENV_VAR = "SALESCOACH_DB"
DEFAULT_DB_NAME = "salescoach.duckdb"
# The day-grain base relations (queries/<name>.sql) that queries/refresh_rollups.sql
# materialises as tables of the same name, in this order (a later one may read an earlier one).
ROLLUP_TABLES = (
    "first_deal_by_customer",
    "activity_by_seller_day",
    "sales_by_seller_day",
    "offer_flow_by_seller_day",
    "offer_field_spans",
    "stage_orders",
)
# Tables every analytics file has (a DuckDB file without them is someone else's database).
REQUIRED_TABLES = ("sellers", "offers", "meta")
# Tables an analytics file of an earlier version held; their rows now live in the coaching
# store, and the first writable open moves them there (salescoach/store.py).
LEGACY_COACHING_TABLES = ("coaching_notes", "coaching_actions", "offer_reviews")
# Bytes 8-11 of every DuckDB file, checked before DuckDB opens one (`check_header`): a file that is
# not DuckDB's (a SQLite file) would make DuckDB try to download an extension to read it.
_DUCKDB_MAGIC = b"DUCK"
LOCK_WAIT_SECONDS = 120.0  # how long a first start waits for another process building the demo


def default_db_path() -> Path:
    """`SALESCOACH_DB` when set, else `data/salescoach.duckdb` in the project."""
    configured = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(configured) if configured else DATA_DIR / DEFAULT_DB_NAME


def open_database(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at `path` directly: read-only, or read-write creating the schema and
    the rollups when missing or stale.

    Only an import opens a file read-write, and only its own staging file (`AnalyticsFile`);
    the published file is opened read-only (`open_version`). A read-only open of a file whose
    rollups are stale reads the base relations as subqueries of the raw tables instead
    (salescoach/queries.py, form "inline").
    """
    from salescoach.queries import run_script  # the schema is SQL in queries/

    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}")
        check_header(path)
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        check_header(path)
    con = duckdb.connect(str(path))
    try:
        run_script(con, "create_schema")
        if not rollups_fresh(con):
            _in_transaction(con, refresh_rollups)
    except BaseException:
        con.close()
        raise
    return con


def _in_transaction(
    con: duckdb.DuckDBPyConnection, work: Callable[[duckdb.DuckDBPyConnection], None]
) -> None:
    cursor = con.cursor()
    try:
        cursor.begin()
        work(cursor)
        cursor.commit()
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed statement may have ended it already
            cursor.rollback()
        raise
    finally:
        cursor.close()


def check_header(path: Path) -> None:
    """Raise a plain fault when `path` is empty or not a DuckDB file at all (before DuckDB reads it)."""
    with open(path, "rb") as file:
        head = file.read(12)
    if len(head) < 12 or head[8:12] != _DUCKDB_MAGIC:
        raise faults.damaged(path)


def rollups_version() -> str:
    """A fingerprint of the SQL that builds the rollups: queries/refresh_rollups.sql with every
    base relation it materialises written out, so a change to any of them makes the rollups
    of an existing file stale."""
    from salescoach.queries import FORM_INLINE, query_text

    return hashlib.sha256(query_text("refresh_rollups", FORM_INLINE).encode("utf-8")).hexdigest()[:16]


def rollups_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every rollup table exists and was built by the current refresh script."""
    from salescoach.queries import execute

    cursor = con.cursor()
    try:
        version, tables = execute(cursor, "rollups_state", {"tables": list(ROLLUP_TABLES)}).fetchone()
    finally:
        cursor.close()
    return version == rollups_version() and tables == len(ROLLUP_TABLES)


def refresh_rollups(cursor: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the rollups and record which script built them, in the caller's transaction.

    Imports call this in their own transaction (store.py), so the rollups never lag the
    raw tables.
    """
    from salescoach.queries import FORM_INLINE, execute, query_text

    cursor.execute(query_text("refresh_rollups", FORM_INLINE))
    execute(cursor, "rollups_version_set", {"version": rollups_version()})


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    cursor = con.cursor()
    try:
        rows = cursor.execute(
            "select table_name from duckdb_tables() "
            "where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    finally:
        cursor.close()
    return {row[0] for row in rows}


# -- file identity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileStamp:
    """Which file a path names now: a published version is never changed in place, so a new
    stamp is a new version."""

    device: int
    inode: int
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)

    @property
    def key(self) -> str:
        return f"{self.device}:{self.inode}:{self.mtime_ns}:{self.size}"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- one published version, read-only ---------------------------------------------------------------


class Version:
    """One published version open read-only: its connection, identity and what it holds.

    Its connection closes when nothing refers to it any more (no `SalesCoach` holds the version
    as current, no script run has it pinned, no query is running on a cursor of it: DuckDB closes
    a connection that is no longer referenced), so a reader that switched to a newer version
    lets the old file go once the last query on it is done.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, stamp: FileStamp, opened: Path, published: Path):
        self.con = con
        self.stamp = stamp
        self.opened = opened  # the path DuckDB opened (it caches databases by this path)
        self.published = published
        self.tables = table_names(con)
        missing = [name for name in REQUIRED_TABLES if name not in self.tables]
        if missing:
            con.close()
            raise faults.not_a_database(published, t("fault.reason.no_table", table=missing[0]))
        self.rollups_fresh = rollups_fresh(con)
        self.data_version: int | None = None  # read on first use (SalesCoach.known_data_version)

    @property
    def legacy_coaching(self) -> bool:
        """True when the file still holds coaching tables of an earlier version."""
        return any(name in self.tables for name in LEGACY_COACHING_TABLES)

    def close(self) -> None:
        """Close now (the reader is closed, or the file was changed in place: see open_version)."""
        self.con.close()


def open_version(published: Path, previous: Version | None = None) -> Version:
    """Open the version `published` names now, read-only, by its versions-folder name when it has one."""
    folder = versions_folder(published)
    for _attempt in range(5):
        stamp = FileStamp.of(published)
        if stamp is None:
            raise faults.missing(published)
        link = folder / f"{stamp.inode}.duckdb"
        link_stamp = FileStamp.of(link)
        opened = link if link_stamp is not None and link_stamp.inode == stamp.inode else published
        if previous is not None and previous.opened == opened:
            previous.close()  # changed in place (not by an import): DuckDB would hand back the old one
        try:
            con = open_database(opened, read_only=True)
        except FileNotFoundError:
            continue  # replaced and cleaned up between the stat and the open: look again
        except duckdb.Error as error:
            raise faults.describe(error, published) or error from None
        if FileStamp.of(published) == stamp:
            try:
                return Version(con, stamp, opened, published)
            except duckdb.Error as error:
                raise faults.describe(error, published) or error from None
        con.close()  # a new version was published while opening: take that one
    raise faults.missing(published)


def versions_folder(published: Path) -> Path:
    return published.with_name(published.name + ".d")


# -- imports: stage, publish, recover --------------------------------------------------------------------


class Staging:
    """The next version of the analytics file, written by one import in the versions folder."""

    def __init__(self, file: AnalyticsFile, copy_published: bool):
        self.file = file
        self.id = uuid.uuid4().hex[:12]
        self.path = file.folder / f"staging-{self.id}.duckdb"
        self.sealed: Path | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        try:
            file.folder.mkdir(parents=True, exist_ok=True)
            if copy_published and file.path.exists():
                check_header(file.path)
                shutil.copyfile(file.path, self.path)
            self.con = open_database(self.path)
        except BaseException:
            self.discard()
            raise

    def seal(self) -> Path:
        """Checkpoint, close and fsync the staged file, named by its inode: ready to publish."""
        cursor = self.con.cursor()
        try:
            cursor.execute("checkpoint")
        finally:
            cursor.close()
        self.con.close()
        self.con = None
        if self.path.with_name(self.path.name + ".wal").exists():
            raise OSError(f"{self.path}: the write-ahead log was left after closing")
        _fsync(self.path)
        sealed = self.file.folder / f"{os.stat(self.path).st_ino}.duckdb"
        os.replace(self.path, sealed)
        _fsync(self.file.folder)
        self.sealed = sealed
        return sealed

    def discard(self) -> None:
        """Drop the staged file (an import that failed): the published file is untouched."""
        if self.con is not None:
            with contextlib.suppress(duckdb.Error):
                self.con.close()
            self.con = None
        for path in (self.path, self.path.with_name(self.path.name + ".wal"), self.sealed):
            if path is not None:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


class Journal:
    """A published version whose import has coaching rows not yet committed: `undo` puts the
    previous version back, `done` forgets it (journal.json lets the next import decide after a kill)."""

    def __init__(self, file: AnalyticsFile, import_id: str, previous: str | None):
        self.file = file
        self.import_id = import_id
        self.previous = previous  # the previous version's name in the versions folder, None: there was none

    def write(self) -> None:
        temporary = self.file.journal.with_suffix(".tmp")
        temporary.write_text(json.dumps({"import_id": self.import_id, "previous": self.previous}))
        _fsync(temporary)
        os.replace(temporary, self.file.journal)
        _fsync(self.file.folder)

    @classmethod
    def read(cls, file: AnalyticsFile) -> Journal | None:
        try:
            entry = json.loads(file.journal.read_text())
        except FileNotFoundError:
            return None
        return cls(file, str(entry["import_id"]), entry.get("previous"))

    def undo(self) -> None:
        """Put the previous version back (or none, when there was none) and drop the undone one."""
        if self.previous is None:
            with contextlib.suppress(FileNotFoundError):
                self.file.path.unlink()
        else:
            self.file.replace_published(self.file.folder / self.previous)
        _fsync(self.file.path.parent)
        self.done()
        self.file.clean_up()

    def done(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.file.journal.unlink()
        _fsync(self.file.folder)


class AnalyticsFile:
    """The published analytics file at `path` and the machinery that publishes its next version."""

    def __init__(self, path: str | Path):
        self.path = Path(path).absolute()
        self.folder = versions_folder(self.path)
        self.journal = self.folder / "journal.json"

    def stamp(self) -> FileStamp | None:
        return FileStamp.of(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    @contextlib.contextmanager
    def import_lock(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the import lock (one import at a time); `faults.ImportBusy` when another holds it
        for longer than `wait` seconds. A killed import's lock is released by the system."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / "import.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise faults.describe(error, self.path.parent) or error from None
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise faults.import_busy(self.path) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # releases the lock

    def stage(self, copy_published: bool = True) -> Staging:
        return Staging(self, copy_published)

    def replace_published(self, version: Path) -> None:
        """Make `version` (a file in the versions folder) the published file, atomically."""
        temporary = self.path.with_name(f".{self.path.name}.publish-{uuid.uuid4().hex[:8]}")
        try:
            os.link(version, temporary)
        except OSError:  # a file system without hard links: the version itself becomes the file
            shutil.copyfile(version, temporary)
        os.replace(temporary, self.path)

    def publish(self, staging: Staging, import_id: str | None = None) -> Journal | None:
        """Publish the sealed `staging`; with `import_id`, journal it first (see `Journal`)."""
        journal = None
        if import_id is not None:
            journal = Journal(self, import_id, self._previous_version())
            journal.write()
        try:
            self.replace_published(staging.sealed)
        except BaseException:
            if journal is not None:
                journal.done()  # nothing was published
            raise
        _fsync(self.path.parent)
        return journal

    def _previous_version(self) -> str | None:
        """The versions-folder name of the published file (linked there first when it has none)."""
        stamp = self.stamp()
        if stamp is None:
            return None
        name = f"{stamp.inode}.duckdb"
        if FileStamp.of(self.folder / name) is None:
            os.link(self.path, self.folder / name)
        return name

    def recover(self, committed: Callable[[str], bool]) -> None:
        """Under the import lock: finish what a killed import left. A journal whose coaching rows
        were committed (`committed(import_id)`) is done; otherwise its version is taken back.
        Stale staging files and versions nobody can open any more are removed."""
        journal = Journal.read(self)
        if journal is not None:
            if committed(journal.import_id):
                journal.done()
            else:
                journal.undo()
        self.clean_up()

    def clean_up(self) -> None:
        """Remove staging files and every version but the published one (readers that have an
        old one open keep reading it: the file goes when they close it)."""
        if not self.folder.is_dir():
            return
        current = self.stamp()
        keep = f"{current.inode}.duckdb" if current else None
        for entry in self.folder.glob("*.duckdb*"):
            if entry.name != keep:
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()
        for entry in self.path.parent.glob(f".{self.path.name}.publish-*"):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()


class Reader:
    """A process's view of the published file: the version it reads now, switched to a newer
    one by `refresh()` (a stat per call), and pinned per thread for a script run (`pin`)."""

    def __init__(self, file: AnalyticsFile):
        self.file = file
        self._lock = threading.Lock()
        self._local = threading.local()
        self._current: Version | None = open_version(file.path)

    def current(self) -> Version:
        pinned = getattr(self._local, "version", None)
        if pinned is not None:
            return pinned
        current = self._current
        if current is None:
            raise faults.missing(self.file.path)
        return current

    def refresh(self) -> bool:
        """Switch to the published version when it is not the one read now; True when it switched."""
        stamp = self.file.stamp()
        current = self._current
        if current is not None and stamp == current.stamp:
            return False
        with self._lock:
            current = self._current
            if current is not None and self.file.stamp() == current.stamp:
                return False
            self._current = open_version(self.file.path, previous=current)
        return True

    def pin(self) -> Version:
        """This thread reads the current version until `unpin` or the thread ends (a script run)."""
        self._local.version = None
        self._local.version = self.current()
        return self._local.version

    def unpin(self) -> None:
        self._local.version = None

    def close(self) -> None:
        self.unpin()
        with self._lock:
            if self._current is not None:
                self._current.close()
            self._current = None
