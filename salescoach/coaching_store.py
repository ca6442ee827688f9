"""The coaching store: everything written in the app (1:1 notes, agreed actions, post-mortems)
and the coaching rows of the data contract, in its own database.

- **embedded** (the default): a SQLite file beside the analytics file
  (`data/salescoach.duckdb` → `data/salescoach.coaching.sqlite`), in WAL mode with a busy
  timeout: zero set-up, safe for several processes on one host.
- **PostgreSQL**, when `SALESCOACH_COACHING_URL=postgresql://...` or `[coaching] url` in
  `.streamlit/secrets.toml` says so (psycopg 3): one store for several app servers.

The store creates and migrates its own schema (`coaching_schema_version`; `MIGRATIONS`, each in
one transaction, idempotent). Its SQL is in `queries/coaching_store/*.sql`: portable SQL with
`$name` parameters, bound, never formatted (SQLite binds `$name` itself; for psycopg the query
layer writes `%(name)s`), and `<name>.<dialect>.sql` where the dialects must differ (the
schema: SQLite has no date type). Dates, timestamps and booleans read back as
`datetime.date`, `datetime.datetime` and `bool` from both, exactly.

Every write runs in one transaction whose first statement bumps the coaching data version
(`data_version_bump`): the pages' cache key, and a lock that makes the writes of the store one
at a time, so a check inside a write sees every write before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import queue
import re
import sqlite3
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import pyarrow as pa

from salescoach import faults
from salescoach.db import PROJECT_ROOT
from salescoach.i18n import t

URL_ENV_VAR = "SALESCOACH_COACHING_URL"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
QUERY_DIR = PROJECT_ROOT / "queries" / "coaching_store"
BUSY_TIMEOUT_MS = 10_000  # SQLite: how long a write waits for another process's write
CONNECT_TIMEOUT_S = 10  # PostgreSQL
POOL_SIZE = 8  # idle connections kept per store
MIGRATIONS: tuple[tuple[int, str], ...] = ((1, "schema_1"), (2, "schema_2"))
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# What each column holds, to read SQLite's text and integers back as dates, datetimes and
# booleans, and to give DuckDB typed relations (store.py registers coaching rows on a cursor).
DATE_COLUMNS = frozenset({"held_on", "due_date", "done_on", "last_note_on"})
TIMESTAMP_COLUMNS = frozenset({"created_at", "updated_at", "reviewed_at", "imported_at"})
BOOL_COLUMNS = frozenset({"private"})
COUNT_COLUMNS = frozenset(
    {"actions", "open_actions", "overdue_actions", "notes", "row_count", "version", "cadence_days"}
)
FLOAT_COLUMNS = frozenset({"target"})
ARROW_TYPES = {
    **dict.fromkeys(COUNT_COLUMNS, pa.int64()),
    **dict.fromkeys(FLOAT_COLUMNS, pa.float64()),
    **dict.fromkeys(DATE_COLUMNS, pa.date32()),
    **dict.fromkeys(TIMESTAMP_COLUMNS, pa.timestamp("us")),
    **dict.fromkeys(BOOL_COLUMNS, pa.bool_()),
}


def configured_url() -> str | None:
    """The coaching store's URL from `SALESCOACH_COACHING_URL` (set, even empty, it decides), else
    from `[coaching] url` in `.streamlit/secrets.toml`; None: the embedded file."""
    if URL_ENV_VAR in os.environ:
        return os.environ[URL_ENV_VAR].strip() or None
    try:
        secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return None
    section = secrets.get("coaching")
    url = section.get("url") if isinstance(section, Mapping) else None
    return str(url).strip() or None if url else None


def embedded_path(analytics_path: str | Path) -> Path:
    """The embedded coaching store of an analytics file: `x.duckdb` → `x.coaching.sqlite`."""
    return Path(analytics_path).with_suffix(".coaching.sqlite")


def open_store(analytics_path: str | Path, url: str | None = None) -> CoachingStore:
    """The coaching store for the analytics file at `analytics_path`: `url` (or the configured one:
    `configured_url`), else the embedded file beside it. Creates and migrates its schema."""
    url = url if url is not None else configured_url()
    if url and url.startswith(("postgresql://", "postgres://")):
        return PostgresStore(url)
    if url and url.startswith("sqlite:///"):
        return SQLiteStore(Path(url.removeprefix("sqlite:///")))
    if url:
        raise faults.StoreFault(f"{URL_ENV_VAR}: {url!r} is not postgresql://... or sqlite:///PATH")
    return SQLiteStore(embedded_path(analytics_path))


@cache
def sql_text(name: str, dialect: str) -> str:
    """`queries/coaching_store/<name>.<dialect>.sql` when it exists, else `<name>.sql`."""
    if not _NAME.match(name):
        raise KeyError(f"not a coaching-store query name: {name!r}")
    for candidate in (QUERY_DIR / f"{name}.{dialect}.sql", QUERY_DIR / f"{name}.sql"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise KeyError(f"no coaching-store query queries/coaching_store/{name}.sql")


@cache
def parameters(name: str) -> frozenset[str]:
    """The `$names` a coaching-store query binds (the same in every dialect)."""
    return frozenset(_PARAM.findall(sql_text(name, "sqlite")))


def is_query(name: str) -> bool:
    try:
        sql_text(name, "sqlite")
    except KeyError:
        return False
    return True


def statements(text: str) -> list[str]:
    """The statements of a script (split at a `;` that ends a line), comments left in."""
    parts = re.split(r";[ \t]*(?:\n|$)", text)
    return [part for part in parts if re.sub(r"--[^\n]*", "", part).strip()]


def _value_in(value):
    """A Python value as the stores take it: NaN/NaT/None → None, Timestamps → datetimes or dates."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars
    return value


def write_value(column: str, value):
    """A parameter as written: NaN/NaT → None, a date column's timestamp → its date."""
    value = _value_in(value)
    if column in DATE_COLUMNS and isinstance(value, dt.datetime):
        return value.date()
    return value


def read_value(column: str, value):
    """A stored value as Python: dates, datetimes and booleans exactly as written."""
    if value is None:
        return None
    if column in DATE_COLUMNS:
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if column in TIMESTAMP_COLUMNS:
        return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if column in BOOL_COLUMNS:
        return bool(value)
    return value


def to_arrow(columns: list[str], rows: list[tuple]) -> pa.Table:
    """Rows of a coaching-store query as an Arrow table with the columns' types (for DuckDB).

    SQLite's ISO texts and 0/1 are cast by Arrow in one go per column (exactly: a date, a
    timestamp to the microsecond); PostgreSQL's values already have their types."""
    values_by_column = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    arrays = []
    for column, values in zip(columns, values_by_column, strict=True):
        wanted = ARROW_TYPES.get(column)
        sample = next((v for v in values if v is not None), None)
        if (
            wanted is not None
            and wanted not in (pa.int64(), pa.float64())
            and isinstance(sample, (str, int))
            and not isinstance(sample, bool)
        ):
            arrays.append(pa.array(values).cast(wanted))  # SQLite: ISO text or 0/1
        elif wanted is None and sample is None:
            arrays.append(pa.array(values, type=pa.string()))  # a text column with nothing in it yet
        else:
            arrays.append(pa.array(values, type=wanted))  # typed already, or text and counts
    return pa.table(arrays, names=columns)


class Transaction:
    """One transaction of a coaching store: statements by query name, commit or roll back."""

    def __init__(self, store: CoachingStore, connection):
        self.store = store
        self.connection = connection
        self.cursor = connection.cursor()
        self.finished = False
        self.broken = False  # a store error happened: the connection is not kept

    def execute(self, name: str, params: Mapping | None = None):
        return self.store._run(self.cursor, name, params)

    def rows(self, name: str, params: Mapping | None = None) -> list[dict]:
        cursor = self.execute(name, params)
        names = [column[0] for column in cursor.description]
        return [
            {column: read_value(column, value) for column, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    def one(self, name: str, params: Mapping | None = None) -> dict | None:
        found = self.rows(name, params)
        return found[0] if found else None

    def store_rows(self, name: str, frame: pd.DataFrame, extra: Mapping | None = None) -> None:
        """Run `name` once per row of `frame` (an import: the row's columns as parameters)."""
        wanted = parameters(name)
        records = [
            {
                key: self.store._param(write_value(key, value))
                for key, value in record.items()
                if key in wanted
            }
            for record in frame.to_dict("records")
        ]
        for record in records:
            for key in wanted - record.keys():
                record[key] = self.store._param(write_value(key, (extra or {}).get(key)))
        if records:
            self.cursor.executemany(self.store.sql(name), records)

    def commit(self) -> None:
        self.store._commit(self.connection)
        self.finished = True

    def rollback(self) -> None:
        """Roll back; an error doing so never hides the error that made the caller roll back."""
        if self.finished:
            return
        self.finished = True
        with contextlib.suppress(Exception):
            self.store._rollback(self.connection)


class CoachingStore:
    """A coaching store (see the module's doc); one per `SalesCoach`, shared by its threads."""

    dialect = ""
    where = ""  # for messages: the file, or the server without its password

    def __init__(self):
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=POOL_SIZE)
        self._closed = False
        connection = self._acquire()
        healthy = False
        try:
            self._migrate(connection)
            healthy = True
        finally:
            self._give_back(connection, healthy)

    # -- what each dialect does -----------------------------------------------------------
    def _connect(self):
        raise NotImplementedError

    def _begin(self, connection) -> None:
        raise NotImplementedError

    def _commit(self, connection) -> None:
        connection.commit()

    def _rollback(self, connection) -> None:
        connection.rollback()

    def _param(self, value):
        return value

    def sql(self, name: str) -> str:
        return sql_text(name, self.dialect)

    def _errors(self) -> tuple[type[BaseException], ...]:
        raise NotImplementedError

    # -- connections --------------------------------------------------------------------------
    def _acquire(self):
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._open_connection()

    def _give_back(self, connection, healthy: bool = True) -> None:
        """Keep `connection` for the next use, or close it (after a store error it may be broken)."""
        if healthy and not self._closed:
            try:
                self._idle.put_nowait(connection)
                return
            except queue.Full:
                pass
        with contextlib.suppress(Exception):
            connection.close()

    def _open_connection(self):
        try:
            return self._connect()
        except self._errors() as error:
            raise self.fault(error) from None

    def fault(self, error: BaseException) -> BaseException:
        """`error` as the plain fault of this store (or as it was when it is not one)."""
        return faults.describe(error, self.where, "coaching") or error

    def _run(self, cursor, name: str, params: Mapping | None):
        wanted = parameters(name)
        params = params or {}
        missing = sorted(wanted - params.keys())
        if missing:
            raise TypeError(f"coaching-store query {name} needs parameter(s): {', '.join(missing)}")
        cursor.execute(self.sql(name), {key: self._param(write_value(key, params[key])) for key in wanted})
        return cursor

    # -- reading ---------------------------------------------------------------------------
    def rows(self, name: str, params: Mapping | None = None) -> list[dict]:
        """The rows of coaching-store query `name` as dicts (dates, datetimes, booleans typed)."""
        with self._reading() as transaction:
            return transaction.rows(name, params)

    def table(self, name: str, params: Mapping | None = None) -> pa.Table:
        """The rows of coaching-store query `name` as a typed Arrow table (for DuckDB)."""
        with self._reading() as transaction:
            cursor = transaction.execute(name, params)
            columns = [column[0] for column in cursor.description]
            return to_arrow(columns, cursor.fetchall())

    def version(self) -> int:
        """The coaching data version: bumped by every write (one small query)."""
        row = self.rows("data_version")
        return int(row[0]["version"]) if row else 0

    def import_recorded(self, import_id: str) -> bool:
        return bool(self.rows("import_recorded", {"import_id": import_id}))

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Transaction]:
        """A connection for reads (autocommit: each statement reads the latest commit)."""
        connection = self._acquire()
        healthy = False
        try:
            yield Transaction(self, connection)
            healthy = True
        except self._errors() as error:
            raise self.fault(error) from None
        finally:
            self._give_back(connection, healthy)

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction: the data version is bumped first, committed on leaving,
        rolled back on any error (and the error raised as it was, or as the store's fault)."""
        transaction = self.begin()
        try:
            yield transaction
            transaction.commit()
        except self._errors() as error:
            transaction.broken = True
            transaction.rollback()
            raise self.fault(error) from None
        except BaseException:
            transaction.rollback()
            raise
        finally:
            self.release(transaction)

    def begin(self) -> Transaction:
        """Begin a write transaction by hand (an import commits it after publishing: store.py);
        give it back with `release`."""
        connection = self._acquire()
        try:
            self._begin(connection)
            transaction = Transaction(self, connection)
            transaction.execute("data_version_bump").fetchall()  # a statement left open blocks the commit
        except BaseException as error:
            with contextlib.suppress(Exception):
                self._rollback(connection)
            self._give_back(connection, healthy=False)
            if isinstance(error, self._errors()):
                raise self.fault(error) from None
            raise
        return transaction

    def release(self, transaction: Transaction) -> None:
        """Give a transaction's connection back (rolled back first when it was not committed)."""
        healthy = not transaction.broken
        if not transaction.finished:
            transaction.finished = True
            try:
                self._rollback(transaction.connection)
            except Exception:  # noqa: BLE001 - a broken connection: not kept
                healthy = False
        self._give_back(transaction.connection, healthy)

    def _migrate(self, connection) -> None:
        """Create or migrate the schema (each migration once, in its own transaction)."""
        for version, script in MIGRATIONS:
            self._begin(connection)
            transaction = Transaction(self, connection)
            try:
                self._lock_schema(transaction)
                transaction.execute("schema_version_table")
                current = transaction.one("schema_version")["version"]
                if current < version:
                    for statement in statements(self.sql(script)):
                        transaction.cursor.execute(statement)
                    transaction.execute("schema_version_set", {"version": version, "now": _now_text()})
                transaction.commit()
            except self._errors() as error:
                transaction.rollback()
                raise self.fault(error) from None
            except BaseException:
                transaction.rollback()
                raise

    def _lock_schema(self, transaction: Transaction) -> None:
        """Make concurrent migrations of one store run one at a time (SQLite: BEGIN IMMEDIATE)."""

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                connection = self._idle.get_nowait()
            except queue.Empty:
                return
            with contextlib.suppress(Exception):
                connection.close()


def _now_text() -> str:
    return dt.datetime.now().isoformat(sep=" ", timespec="microseconds")


class SQLiteStore(CoachingStore):
    """The embedded coaching store: one SQLite file, WAL mode, several processes on one host."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = Path(path).absolute()
        self.where = str(self.path)
        super().__init__()

    def _errors(self):
        return (sqlite3.Error,)

    def fault(self, error: BaseException) -> BaseException:
        described = faults.describe(error, self.where, "coaching")
        if described is None and "unable to open database file" in str(error):
            kind = faults.path_problem(self.path)  # SQLite does not say why: the file system does
            if kind is not None:
                message = t(f"fault.{kind}", path=self.where, store=t("fault.store.coaching"))
                return faults.StoreFault(message, self.where, kind)
        return described or error

    def _connect(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
            if connection.execute("pragma journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("pragma journal_mode = wal")
            connection.execute("pragma synchronous = full")  # a saved note survives a power cut
            connection.execute("pragma foreign_keys = off")
        except BaseException:
            connection.close()
            raise
        return connection

    def _begin(self, connection) -> None:
        connection.execute("begin immediate")  # take the write lock now: no deadlocked upgrade

    def _commit(self, connection) -> None:
        connection.execute("commit")

    def _rollback(self, connection) -> None:
        if connection.in_transaction:
            connection.execute("rollback")

    def _param(self, value):
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ", timespec="microseconds")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value


class PostgresStore(CoachingStore):
    """The coaching store on a PostgreSQL server (psycopg 3), shared by several app servers."""

    dialect = "postgresql"

    def __init__(self, url: str):
        self.url = url
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        netloc = f"{parts.username}@{host}" if parts.username else host
        netloc += f":{parts.port}" if parts.port else ""
        self.where = urlunsplit((parts.scheme, netloc, parts.path, "", ""))  # no password
        super().__init__()

    def _errors(self):
        import psycopg

        return (psycopg.Error,)

    def _connect(self):
        import psycopg

        try:
            return psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True)
        except psycopg.OperationalError as error:
            raise faults.unreachable(self.where, str(error)) from None

    def _begin(self, connection) -> None:
        connection.execute("begin")

    def _commit(self, connection) -> None:
        connection.execute("commit")

    def _rollback(self, connection) -> None:
        connection.execute("rollback")

    def fault(self, error: BaseException) -> BaseException:
        import psycopg

        described = faults.describe(error, self.where, "coaching")
        if described is None and isinstance(error, psycopg.OperationalError):
            return faults.unreachable(self.where, str(error))
        return described or error

    def sql(self, name: str) -> str:
        return psycopg_text(name)

    def _lock_schema(self, transaction: Transaction) -> None:
        transaction.cursor.execute("select pg_advisory_xact_lock(7318015)")  # salescoach's migrations


@cache
def psycopg_text(name: str) -> str:
    """A coaching-store query for psycopg: `$name` → `%(name)s`, a literal `%` → `%%`."""
    return _PARAM.sub(r"%(\1)s", sql_text(name, "postgresql").replace("%", "%%"))


def row_counts(store: CoachingStore) -> dict[str, int]:
    return {row["table_name"]: int(row["row_count"]) for row in store.rows("row_counts")}


def keys(store: CoachingStore, name: str) -> set[str]:
    """The values of the one column query `name` returns (for the importer's reference checks)."""
    return {next(iter(row.values())) for row in store.rows(name)}
