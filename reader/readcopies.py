"""Copies of articles as they were read, so that `d` can show what changed since.

The reading state keeps only a digest of each file; to show *what* changed, the text itself is
needed. When an article is opened, its text is kept here, compressed, keyed by archive, path and
digest, in its own SQLite file beside the reading state (the archive is never written). The file
is a convenience, bounded in size: the copies least recently read go first. One that SQLite finds
damaged is moved aside (`<name>.corrupt-<stamp>`, nothing is deleted) and a new one started.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.load import LoadError, read_source
from reader.model import Article
from reader.sqlite import db_name, is_busy
from reader.statefile import BUSY_TIMEOUT, StateDamage, move_aside

MAX_BYTES = 32 * 1024 * 1024  # compressed copies kept at most; the least recently read go first
BATCH = 20  # articles marked read at once beyond this (`R`) are not copied: they were not read

SCHEMA = """
CREATE TABLE IF NOT EXISTS copies(
    root TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL,
    kept REAL NOT NULL, size INTEGER NOT NULL, text BLOB NOT NULL,
    PRIMARY KEY (root, path, digest));
CREATE INDEX IF NOT EXISTS copies_by_age ON copies(kept);
"""


def copies_path() -> Path:
    from reader.paths import state_dir

    return state_dir() / "read-copies.sqlite3"


@dataclass(frozen=True, slots=True)
class Changes:
    """An article's text as it was read before (`old`, None when no copy of it was kept) and as
    it is now (`new`, None when its file cannot be read: `error` says why)."""

    old: str | None
    new: str | None
    error: str | None = None


class ReadCopies:
    """The copies of one archive's articles. Opening creates the file; errors are `sqlite3.Error`
    or `OSError` (a busy database is never taken for damage)."""

    def __init__(self, root: str, location: Path | None = None, limit: int = MAX_BYTES) -> None:
        self.root = os.path.realpath(root)
        self._key = db_name(self.root)
        self.path = location if location is not None else copies_path()
        self.limit = limit
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        """The database, started anew when the old one is damaged (it holds only copies)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return _connect(self.path)
        except sqlite3.DatabaseError as error:
            code = getattr(error, "sqlite_errorcode", 0) or 0
            if is_busy(error) or code & 0xFF not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise
            move_aside(self.path, StateDamage(self.path, str(error)))
            return _connect(self.path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ReadCopies:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def keep(self, articles: Iterable[Article]) -> int:
        """Keep a copy of each article's text as its file is now; returns how many were new. An
        article whose file changed since it was loaded (its digest differs) or cannot be read is
        left out: the copy must be of the text the digest names."""
        added = 0
        now = time.time()
        for article in articles:
            if not article.digest or self._touch(article, now):
                continue
            try:
                text, digest = read_source(os.path.join(self.root, article.file_path))
            except LoadError:
                continue
            if digest != article.digest:
                continue
            packed = zlib.compress(text.encode("utf-8"))
            self.db.execute(
                "INSERT OR REPLACE INTO copies(root, path, digest, kept, size, text)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self._key, article.path, digest, now, len(packed), packed),
            )
            added += 1
        if added:
            self.prune()
        return added

    def _touch(self, article: Article, now: float) -> bool:
        """Whether a copy of this very text is kept already (it is then the most recently read)."""
        cursor = self.db.execute(
            "UPDATE copies SET kept = ? WHERE root = ? AND path = ? AND digest = ?",
            (now, self._key, article.path, article.digest),
        )
        return cursor.rowcount > 0

    def prune(self) -> int:
        """Drop the least recently read copies beyond the size limit; returns how many went."""
        total = self.db.execute("SELECT COALESCE(SUM(size), 0) FROM copies").fetchone()[0]
        if total <= self.limit:
            return 0
        doomed: list[tuple[int]] = []
        for rowid, size in self.db.execute("SELECT rowid, size FROM copies ORDER BY kept, rowid"):
            if total <= self.limit:
                break
            doomed.append((rowid,))
            total -= size
        self.db.executemany("DELETE FROM copies WHERE rowid = ?", doomed)
        return len(doomed)

    def earlier(self, path: str, digest: str) -> str | None:
        """The text of the article at `path` as most recently read in another version than the one
        with `digest` (None: no such copy)."""
        row = self.db.execute(
            "SELECT text FROM copies WHERE root = ? AND path = ? AND digest != ? ORDER BY kept DESC LIMIT 1",
            (self._key, path, digest),
        ).fetchone()
        return None if row is None else zlib.decompress(row[0]).decode("utf-8")

    def changes(self, article: Article) -> Changes:
        """The article's text now, and as it was last read in another version (see `earlier`)."""
        try:
            new, digest = read_source(os.path.join(self.root, article.file_path))
        except LoadError as error:
            return Changes(self.earlier(article.path, article.digest or ""), None, error.message)
        return Changes(self.earlier(article.path, digest), new)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript(SCHEMA)
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.close()
        raise
    return db
