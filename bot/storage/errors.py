"""Project exceptions for storage, and the mapping from raw sqlite3 errors.

Callers (the Discord layer, the console) catch `StorageError` and show its
message; they never see sqlite3 exceptions, so a server database can replace
SQLite later without touching them.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# Primary result codes (the low byte of extended codes), see sqlite.org/rescode.html
_SQLITE_BUSY = 5
_SQLITE_READONLY = 8
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_CONSTRAINT = 19


class StorageError(Exception):
    """Any failure of the storage layer; the message is fit to show an operator."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class StorageReadOnly(StorageError):
    """The database file (or its folder, or the disk) cannot be written."""


class StorageFull(StorageError):
    """The disk is full, or the database reached its configured size cap."""


class StorageConflict(StorageError):
    """A uniqueness rule was broken, e.g. an answer name or alias already taken."""


class StorageImportError(StorageError, ValueError):
    """Import data is malformed or inconsistent; nothing was written."""


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    return code & 0xFF if isinstance(code, int) else None


def _folder_or_file_read_only(path: Path) -> bool:
    """True when the OS says we may not write the file or create files beside it."""
    try:
        if path.exists() and not os.access(path, os.W_OK):
            return True
        return path.parent.exists() and not os.access(path.parent, os.W_OK)
    except OSError:
        return False


def translate(exc: sqlite3.Error, path: Path, doing: str) -> StorageError:
    """Turn a sqlite3 error into the project exception with a message naming `path`.

    `doing` says what we were doing ("save the scenario", "open"), so the log
    line reads as a sentence without a traceback.
    """
    code = _code(exc)
    text = str(exc)
    low = text.lower()
    if code == _SQLITE_READONLY or "readonly database" in low or "read-only" in low:
        return StorageReadOnly(
            f"Cannot {doing}: the database {path} is read-only "
            f"(check the permissions of the file and its folder, or whether the disk "
            f"is mounted read-only). SQLite said: {text}",
            path=path,
        )
    if code == _SQLITE_FULL or "disk is full" in low or "database is full" in low:
        return StorageFull(
            f"Cannot {doing}: the database {path} is full (the disk is out of space or "
            f"the database hit its size cap). Nothing was written. SQLite said: {text}",
            path=path,
        )
    if code == _SQLITE_CANTOPEN or "unable to open database" in low:
        if _folder_or_file_read_only(path):
            return StorageReadOnly(
                f"Cannot {doing}: the database {path} or its folder is read-only, so "
                f"SQLite cannot open it for writing. SQLite said: {text}",
                path=path,
            )
        return StorageError(
            f"Cannot {doing}: the database {path} cannot be opened (missing, or its "
            f"folder is not accessible). SQLite said: {text}",
            path=path,
        )
    if code == _SQLITE_BUSY or "database is locked" in low:
        return StorageError(
            f"Cannot {doing}: the database {path} is locked by another process for "
            f"too long. SQLite said: {text}",
            path=path,
        )
    if isinstance(exc, sqlite3.IntegrityError) or code == _SQLITE_CONSTRAINT:
        return StorageConflict(f"Cannot {doing}: {text}", path=path)
    return StorageError(f"Cannot {doing} in the database {path}: {text}", path=path)
