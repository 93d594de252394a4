"""Reading state: which articles were read and which are starred, kept in the user state dir.

One SQLite database (WAL, one transaction per change) for every archive, keyed by the archive's
resolved root and the article's path, with the article's content digest beside it: an article
whose file is moved or renamed inside the archive keeps its state. Never written into the archive.

A state that cannot be used (a damaged file, a folder we may not write) is never lost in silence:
`ReadingState.damage` says why, marks then last in memory for this run, and `repair_state()` moves
the damaged file aside, on the user's word, and starts a new one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reader.model import UNMARKED, Article, Mark
from reader.sqlite import db_name, is_busy
from reader.statefile import (
    SCHEMA,
    Damaged,
    StateDamage,
    StateError,
    connect,
    count_marks,
    damage_from,
    diagnose,
    move_aside,
    salvage,
    side_file,
)

__all__ = [
    "ReadingState",
    "Repair",
    "StateDamage",
    "StateError",
    "StateReport",
    "inspect_state",
    "repair_state",
    "state_path",
]

_T = TypeVar("_T")


# One mark written over whatever the same archive and path held (a change, or a carried-over one).
_UPSERT = (
    "INSERT INTO marks(root, path, digest, read, starred, updated) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(root, path) DO UPDATE SET digest = excluded.digest, read = excluded.read,"
    " starred = excluded.starred, updated = excluded.updated"
)


def state_path() -> Path:
    from reader.paths import state_dir

    return state_dir() / "reading-state.sqlite3"


# Per process, per state file: the in-memory stand-in used while the file is damaged (so marks made
# in one ReadingState are seen by the next, for this run), and damage found by a query (not visible
# when a file is opened), remembered with the file's identity so that every later open knows it.
_LOCK = threading.RLock()
_MEMORY: dict[Path, sqlite3.Connection] = {}
_FOUND: dict[Path, tuple[tuple[int, int, int, int], StateDamage]] = {}


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _memory(path: Path) -> sqlite3.Connection:
    with _LOCK:
        db = _MEMORY.get(path)
        if db is None:
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            db.executescript(SCHEMA)
            _MEMORY[path] = db
        return db


def _recall(path: Path) -> StateDamage | None:
    """Damage a query found in this very file earlier in this run (a changed file is looked at anew)."""
    with _LOCK:
        found = _FOUND.get(path)
        if found is None:
            return None
        if _identity(path) == found[0]:
            return found[1]
        del _FOUND[path]
        return None


class MarkBook:
    """The marks of one archive as stored: by path, and by digest for an article that was moved."""

    def __init__(self) -> None:
        self.by_path: dict[str, Mark] = {}
        self.by_digest: dict[str, Mark] = {}
        self.digests: dict[str, str] = {}  # the file's digest as stored with its mark, by path

    def __call__(self, article: Article) -> Mark:
        """The mark of `article` (UNMARKED when it has none)."""
        return self.mark_of(article.path, article.digest)

    def mark_of(self, path: str, digest: str | None) -> Mark:
        """The mark of the article at `path` with the file digest `digest` (UNMARKED when it has none).
        A read article whose file no longer has the digest stored with its mark is `updated`; one
        found by its digest (moved or renamed) is the same text, so it is not."""
        mark = self.by_path.get(path)
        if mark is None:
            mark = self.by_digest.get(digest) if digest else None
            return UNMARKED if mark is None else mark
        if mark.read and digest and self.digests.get(path, digest) != digest:
            return Mark(mark.read, mark.starred, updated=True)
        return mark

    def read_digest(self, path: str) -> str | None:
        """The file's digest when the article at `path` was marked read (None: not read, or unknown)."""
        mark = self.by_path.get(path)
        return self.digests.get(path) if mark is not None and mark.read else None

    def marks(self, articles: Iterable[Article]) -> dict[str, Mark]:
        """The marks of `articles` that are marked, by path."""
        if not self.by_path:
            return {}
        found: dict[str, Mark] = {}
        for article in articles:
            mark = self(article)
            if mark != UNMARKED:
                found[article.path] = mark
        return found


class ReadingState:
    """The marks of one archive. Cheap to open; each change is its own committed transaction.

    Never raises for a damaged state: `damage` is then set, and marks are kept in memory for this
    run. Check it after opening and after each call (some damage shows only when a query reaches
    it). A busy database (another broadsheet holding the lock past the timeout) is not damage: its
    `sqlite3.OperationalError` is raised."""

    def __init__(self, root: str, location: Path | None = None) -> None:
        self.root = os.path.realpath(root)
        self._key = db_name(self.root)  # a folder name that is not UTF-8 is kept as its bytes
        self.path = location if location is not None else state_path()
        self.damage: StateDamage | None = _recall(self.path)
        if self.damage is not None:
            self.db = _memory(self.path)
            return
        try:
            self.db = connect(self.path, diagnose(self.path, create_folder=True))
        except Damaged as found:
            self.damage = found.damage
            self.db = _memory(self.path)
        except sqlite3.DatabaseError as error:
            if is_busy(error):
                raise
            self.damage = damage_from(self.path, error)
            self.db = _memory(self.path)

    def close(self) -> None:
        if self.damage is None:
            self.db.close()  # the in-memory stand-in stays open for the rest of the run

    def __enter__(self) -> ReadingState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, operation: Callable[[], _T]) -> _T:
        """`operation` on the file; when the file turns out damaged, the damage is recorded and the
        operation is done again in memory. Busy errors are raised, never taken for damage."""
        if self.damage is None:
            try:
                return operation()
            except sqlite3.DatabaseError as error:
                if is_busy(error) or isinstance(error, sqlite3.ProgrammingError):
                    raise
                self._fall_back(damage_from(self.path, error))
        with _LOCK:  # the stand-in is shared by every ReadingState of this file in this process
            return operation()

    def _fall_back(self, damage: StateDamage) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self.damage = damage
        self.db = _memory(self.path)
        identity = _identity(self.path)
        if identity is not None:
            with _LOCK:
                _FOUND[self.path] = (identity, damage)

    def marks(self, articles: Iterable[Article]) -> dict[str, Mark]:
        """The marks of `articles`, by path; an article found only by its digest was moved."""
        return self.book().marks(articles)

    def book(self) -> MarkBook:
        """Every mark of this archive, to look articles up in later: for a command that learns
        which articles it needs (search hits) only after a filter by marks has run."""
        return self._run(self._book)

    def _book(self) -> MarkBook:
        book = MarkBook()
        for path, digest, read, starred in self.db.execute(
            "SELECT path, digest, read, starred FROM marks WHERE root = ?", (self._key,)
        ).fetchall():
            stored = Mark(bool(read), bool(starred))
            book.by_path[path] = stored
            if digest:
                book.by_digest.setdefault(digest, stored)
                book.digests[path] = digest
        return book

    def _marks(self, articles: Iterable[Article]) -> dict[str, Mark]:
        return self._book().marks(articles)

    def has_marks(self) -> bool:
        return self._run(self._has_marks)

    def _has_marks(self) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM marks WHERE root = ? AND (read OR starred) LIMIT 1", (self._key,)
        ).fetchone()
        return row is not None

    def set(
        self, articles: Iterable[Article], *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Mark `articles` read/unread and/or starred/unstarred, in one transaction."""
        chosen = list(articles)
        self._run(lambda: self._set(chosen, read, starred))

    def _set(self, chosen: list[Article], read: bool | None, starred: bool | None) -> None:
        now = time.time()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: a change another instance committed a moment ago counts.
            marks = self._marks(chosen)
            # The digest is the file's as it was read: a star alone must not make an article that
            # changed since it was read look unchanged.
            kept = self._book().digests if read is None else {}
            for article in chosen:
                mark = marks.get(article.path, UNMARKED).changed(read, starred)
                digest = (kept.get(article.path) if mark.read else None) or article.digest
                self.db.execute(
                    _UPSERT, (self._key, article.path, digest, int(mark.read), int(mark.starred), now)
                )
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back already (a damaged page, a full disk)
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            raise


# --- looking and repairing -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StateReport:
    """What `broadsheet state` prints: where the file is, and its damage or what it holds."""

    path: Path
    exists: bool
    damage: StateDamage | None
    archives: int = 0
    marks: int = 0
    read: int = 0
    starred: int = 0


def inspect_state(location: Path | None = None) -> StateReport:
    """The state file looked at thoroughly (every page read) and never written nor created.
    A busy database raises `sqlite3.OperationalError`."""
    path = location if location is not None else state_path()
    try:
        diagnose(path, create_folder=False, thorough=True)
    except Damaged as found:
        return StateReport(path, os.path.lexists(path), found.damage)
    if not path.is_file() or path.stat().st_size == 0:
        return StateReport(path, path.is_file(), None)
    try:
        archives, marks, read, starred = count_marks(path)
    except sqlite3.DatabaseError as error:
        if is_busy(error):
            raise
        return StateReport(path, True, damage_from(path, error))
    if (damage := _recall(path)) is not None:  # this run's queries found what a quick check missed
        return StateReport(path, True, damage)
    return StateReport(path, True, None, archives, marks, read, starred)


@dataclass(frozen=True, slots=True)
class Repair:
    """What `repair_state()` did. `found`: the damage (None: the state was healthy and nothing was
    changed); `moved`: each (from, to) rename; `salvaged`: the new state started from the damaged
    database's own pages (only its log was bad); `kept`: the marks the new state holds."""

    path: Path
    found: StateDamage | None
    moved: tuple[tuple[Path, Path], ...] = ()
    salvaged: bool = False
    kept: int = 0


def repair_state(location: Path | None = None) -> Repair:
    """Move a damaged state file aside (with its -wal/-shm; a state folder that is a file, that file)
    as `<name>.corrupt-<YYYYMMDD-HHMMSS>` and start a new database. Nothing is ever deleted; a
    healthy state is left as it is. Marks made in memory during this run are carried over. Raises
    `StateError` when it cannot (the folder may not be written, a rename failed). Open a new
    `ReadingState` afterwards: one opened before keeps working in memory."""
    path = location if location is not None else state_path()
    with _LOCK:
        report = inspect_state(path)
        damage = report.damage
        if damage is None:
            return Repair(path, None)
        if not damage.repairable:
            raise StateError(f"{damage.reason}: {damage.path}")
        moved = move_aside(path, damage)
        salvaged = False
        if damage.path == side_file(path, "-wal"):
            aside = dict(moved).get(path)
            salvaged = aside is not None and salvage(aside, path)
        try:
            db = connect(path, diagnose(path, create_folder=True))
        except (Damaged, sqlite3.Error) as error:
            where = "; ".join(f"{source} → {target}" for source, target in moved)
            raise StateError(f"moved aside ({where}) but a new state could not start: {error}") from None
        try:
            _carry_over(_MEMORY.pop(path, None), db)
            kept = db.execute("SELECT COUNT(*) FROM marks WHERE read OR starred").fetchone()[0]
        finally:
            db.close()
        _FOUND.pop(path, None)
    return Repair(path, damage, tuple(moved), salvaged, int(kept))


def _carry_over(memory: sqlite3.Connection | None, db: sqlite3.Connection) -> None:
    """Marks made in memory while the file was damaged go into the new one (they are newer)."""
    if memory is None:
        return
    rows = memory.execute("SELECT root, path, digest, read, starred, updated FROM marks").fetchall()
    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        _UPSERT,
        rows,
    )
    db.execute("COMMIT")
