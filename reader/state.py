"""Reading state: which articles were read and which are starred, kept in the user state dir.

One SQLite database (WAL, one transaction per change) for every archive, keyed by the archive's
resolved root and the article's path, with the article's content digest beside it: an article
whose file is moved or renamed inside the archive keeps its state. Never written into the archive.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.model import Article

_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks(
    root TEXT NOT NULL, path TEXT NOT NULL, digest TEXT,
    read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated REAL,
    PRIMARY KEY (root, path));
CREATE INDEX IF NOT EXISTS marks_by_digest ON marks(root, digest);
"""


@dataclass(frozen=True, slots=True)
class Mark:
    read: bool = False
    starred: bool = False


UNMARKED = Mark()


def state_path() -> Path:
    from reader.paths import state_dir

    return state_dir() / "reading-state.sqlite3"


class ReadingState:
    """The marks of one archive. Cheap to open; each change is its own committed transaction."""

    def __init__(self, root: str, location: Path | None = None) -> None:
        self.root = os.path.realpath(root)
        where = location if location is not None else state_path()
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect(str(where))
        except (OSError, sqlite3.Error):
            self.db = self._connect(":memory:")  # no usable state dir: marks last for this run

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=10, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        return db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ReadingState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def marks(self, articles: Iterable[Article]) -> dict[str, Mark]:
        """The marks of `articles`, by path; an article found only by its digest was moved."""
        by_path: dict[str, Mark] = {}
        by_digest: dict[str, Mark] = {}
        for path, digest, read, starred in self.db.execute(
            "SELECT path, digest, read, starred FROM marks WHERE root = ?", (self.root,)
        ):
            stored = Mark(bool(read), bool(starred))
            by_path[path] = stored
            if digest:
                by_digest.setdefault(digest, stored)
        if not by_path:
            return {}
        found: dict[str, Mark] = {}
        for article in articles:
            mark = by_path.get(article.path)
            if mark is None and article.digest:
                mark = by_digest.get(article.digest)
            if mark is not None and mark != UNMARKED:
                found[article.path] = mark
        return found

    def has_marks(self) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM marks WHERE root = ? AND (read OR starred) LIMIT 1", (self.root,)
        ).fetchone()
        return row is not None

    def set(
        self, articles: Iterable[Article], *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Mark `articles` read/unread and/or starred/unstarred, in one transaction."""
        now = time.time()
        chosen = list(articles)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: a change another instance committed a moment ago counts.
            marks = self.marks(chosen)
            for article in chosen:
                current = marks.get(article.path, UNMARKED)
                self.db.execute(
                    "INSERT INTO marks(root, path, digest, read, starred, updated) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(root, path) DO UPDATE SET digest = excluded.digest, read = excluded.read,"
                    " starred = excluded.starred, updated = excluded.updated",
                    (
                        self.root,
                        article.path,
                        article.digest,
                        int(current.read if read is None else read),
                        int(current.starred if starred is None else starred),
                        now,
                    ),
                )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
