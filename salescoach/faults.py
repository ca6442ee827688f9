"""Faults of the stores (a damaged, foreign, locked or read-only file, a full disk, a file-size
limit, an unreachable server) as one plain message naming the file and what to do.

Every place that opens or writes a store turns the low-level error (an `OSError`, a DuckDB,
SQLite or psycopg error) into a `StoreFault` here; the app shows its message on the page, the
CLI prints it as one line and exits non-zero: never a traceback. What `describe` does not
recognise is not a store fault and is raised as it was.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from salescoach.i18n import t


class StoreFault(Exception):
    """A store the app cannot use as asked; `str()` is the plain message for the user."""

    def __init__(self, message: str, where: str | Path | None = None, kind: str = "fault"):
        super().__init__(message)
        self.where = str(where) if where is not None else None
        self.kind = kind


class ImportBusy(StoreFault):
    """Another import into the same analytics file holds its import lock."""


# What the error's text says, for the libraries that report an errno only in words
# (DuckDB's IOException, SQLite's OperationalError, psycopg's OperationalError).
_TEXTS: list[tuple[str, re.Pattern]] = [
    ("disk_full", re.compile(r"no space left on device|disk is full|database or disk is full", re.I)),
    ("file_too_big", re.compile(r"file too large|file size limit", re.I)),
    ("read_only", re.compile(r"read-only file system|readonly database|attempt to write a readonly", re.I)),
    ("permission", re.compile(r"permission denied|operation not permitted", re.I)),
    (
        "damaged",
        re.compile(
            r"not a valid duckdb database|could not read enough bytes|file is not a database|"
            r"database disk image is malformed|checksum|corrupt",
            re.I,
        ),
    ),
    ("locked", re.compile(r"could not set lock|database is locked|conflicting lock", re.I)),
]
STORES = ("analytics", "coaching")  # fault.store.<store>: the store's name in a message
# fault.<kind>: a message per kind of fault that kind_of recognises
KINDS = ("disk_full", "file_too_big", "read_only", "permission", "damaged", "locked")
_ERRNOS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EFBIG: "file_too_big",
    errno.EROFS: "read_only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
}


def kind_of(error: BaseException) -> str | None:
    """'disk_full', 'file_too_big', 'read_only', 'permission', 'damaged', 'locked', or None."""
    for link in _chain(error):
        if isinstance(link, OSError) and link.errno in _ERRNOS:
            return _ERRNOS[link.errno]
        text = str(link)
        for kind, pattern in _TEXTS:
            if pattern.search(text):
                return kind
    return None


def _chain(error: BaseException):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def describe(error: BaseException, where: str | Path, store: str = "analytics") -> StoreFault | None:
    """The plain fault `error` is when it happened to the store at `where`, or None when it is
    not a fault of the store (a bug, bad input): then the caller raises it as it was.

    `store` is "analytics" (the DuckDB file) or "coaching" (the notes store), for the advice.
    """
    if isinstance(error, StoreFault):
        return error
    kind = kind_of(error)
    if kind is None:
        return None
    return StoreFault(t(f"fault.{kind}", path=where, store=t(f"fault.store.{store}")), where, kind)


def path_problem(path: str | Path) -> str | None:
    """Why a file at `path` cannot be opened for writing, seen from the file system: 'read_only'
    (a read-only file system), 'permission' (no write access to it or its folder), or None.
    (SQLite says only "unable to open database file".)"""
    import os

    path = Path(path)
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "read_only"
    except OSError:
        return None
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.R_OK | os.W_OK)):
        return "permission"
    return None


def not_a_database(path: str | Path, reason: str) -> StoreFault:
    """The analytics file at `path` is not a sales-coach database (`reason` in the user's words)."""
    return StoreFault(t("fault.not_ours", path=path, reason=reason), path, "foreign")


def damaged(path: str | Path) -> StoreFault:
    return StoreFault(t("fault.damaged", path=path, store=t("fault.store.analytics")), path, "damaged")


def missing(path: str | Path) -> StoreFault:
    return StoreFault(t("fault.missing", path=path), path, "missing")


def import_busy(path: str | Path) -> ImportBusy:
    return ImportBusy(t("fault.import_busy", path=path), path, "busy")


def unreachable(where: str, reason: str) -> StoreFault:
    """The coaching store's server cannot be reached (the reason as the driver says it, one line)."""
    first_line = (reason.strip().splitlines() or [""])[0]
    return StoreFault(t("fault.unreachable", where=where, reason=first_line), where, "unreachable")


def one_line(error: BaseException) -> str:
    """An error's message on one line, for the CLI."""
    return " ".join(str(error).split())
