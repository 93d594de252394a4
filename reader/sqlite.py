"""What both of broadsheet's SQLite databases (the index, the reading state) need of SQLite alike."""

from __future__ import annotations

import sqlite3


def is_busy(error: sqlite3.Error) -> bool:
    """Another connection held its lock past our timeout (SQLITE_BUSY / SQLITE_LOCKED): the database
    is in use, not damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def db_name(path: str) -> str | bytes:
    """A file name as SQLite can hold it: the text itself, or, for a name that is not UTF-8 (Python
    keeps its bytes as lone surrogates, which no UTF-8 encoder takes), those bytes as a BLOB. The
    two never collide: SQLite never finds a BLOB equal to a TEXT."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape")
    return path


def os_name(stored: str | bytes) -> str:
    """A file name as `db_name` stored it, back as the scan spells it."""
    return stored if isinstance(stored, str) else stored.decode("utf-8", "surrogateescape")
