"""The reading-state file on disk: is it usable, and moving a damaged one aside.

A suspect file is only ever read: its header and its log's header with plain reads, its schema
through a read-only connection (`mode=ro`), because `sqlite3.connect` alone, `PRAGMA journal_mode`
and `CREATE … IF NOT EXISTS` may write. Only a file that is absent, empty or healthy is opened for
writing; a damaged one changes only by being renamed, once the user has agreed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from reader.sqlite import is_busy
from reader.text import collapse_space

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks(
    root TEXT NOT NULL, path TEXT NOT NULL, digest TEXT,
    read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, updated REAL,
    PRIMARY KEY (root, path));
CREATE INDEX IF NOT EXISTS marks_by_digest ON marks(root, digest);
"""
COLUMNS = ("root", "path", "digest", "read", "starred", "updated")
BUSY_TIMEOUT = 10.0  # seconds another broadsheet may hold the write lock before we give up

_MAGIC = b"SQLite format 3\x00"
_LOG_MAGICS = (0x377F0682, 0x377F0683)  # the low bit says which byte order the checksums use
_LOG_VERSION = 3007000
_SIDE_FILES = ("-wal", "-shm")  # SQLite's companions of a database in WAL mode


@dataclass(frozen=True, slots=True)
class StateDamage:
    """Why the reading state cannot be used. `path` is what is at fault (the database, its `-wal`
    log, or the state folder), `reason` one line. `repairable`: `repair_state()` can set it right by
    moving `path` aside; not for a folder or file we may not write (the user has to fix that)."""

    path: Path
    reason: str
    repairable: bool = True


class Damaged(Exception):
    """The state file (or its folder) cannot be used; carries the damage to report."""

    def __init__(self, damage: StateDamage) -> None:
        super().__init__(damage.reason)
        self.damage = damage


class StateError(Exception):
    """A repair that could not be done (one line, for the user)."""


def damage_from(path: Path, error: sqlite3.Error) -> StateDamage:
    """The damage an SQLite error shows: moving the file aside helps only when its content is bad."""
    code = getattr(error, "sqlite_errorcode", None) or 0
    content = code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return StateDamage(path, collapse_space(str(error)) or type(error).__name__, repairable=content)


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


# --- diagnosis -----------------------------------------------------------------------------------


def diagnose(path: Path, *, create_folder: bool, thorough: bool = False) -> bool:
    """Check the state at `path` without writing it; raise `Damaged` when it cannot be used.

    True when the file is ready as it is, False when it is absent, empty or has no tables yet and
    may be initialised. `create_folder` makes the state folder when it is missing (a command that
    only looks passes False). `thorough` also reads every page (`PRAGMA quick_check`): damage inside
    the data otherwise shows only when a query reaches it."""
    folder = path.parent
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise Damaged(StateDamage(folder, "its folder is a file")) from None
        except OSError as error:
            raise Damaged(
                StateDamage(folder, f"its folder cannot be created ({error.strerror})", repairable=False)
            ) from None
    elif not folder.is_dir():
        _check_missing_folder(folder)
        return False
    if not os.access(folder, os.W_OK):
        raise Damaged(StateDamage(folder, "its folder is not writable", repairable=False))
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise Damaged(StateDamage(path, f"it cannot be read ({error.strerror})", repairable=False)) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise Damaged(StateDamage(path, "it is not a file"))
    log_frames = _check_log(path)
    if info is None or info.st_size == 0:
        if log_frames:  # SQLite would replay a stray log into the new database
            raise Damaged(StateDamage(side_file(path, "-wal"), "its write-ahead log (-wal) has no database"))
        return False
    if not os.access(path, os.R_OK | os.W_OK):
        raise Damaged(StateDamage(path, "it is read-only", repairable=False))
    try:
        _check_header(path, info.st_size, log_frames)
    except OSError as error:
        raise Damaged(StateDamage(path, f"it cannot be read ({error.strerror})", repairable=False)) from None
    return _check_schema(path, thorough)


def _check_missing_folder(folder: Path) -> None:
    """A folder not made yet is fine when it can be made: its nearest existing parent is a folder."""
    if os.path.lexists(folder):
        raise Damaged(StateDamage(folder, "its folder is a file"))
    parent = folder.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise Damaged(StateDamage(folder, "its folder cannot be created (Not a directory)", repairable=False))


def _check_log(path: Path) -> bool:
    """Whether the `-wal` log holds frames; raise `Damaged` when its header is not a log's.

    SQLite would skip a log with a bad header and overwrite it: the changes in it would go without
    a word. A header is checked twice before it counts as bad, as a writer may be rewriting it."""
    log = side_file(path, "-wal")
    for attempt in range(2):
        try:
            with open(log, "rb") as stream:
                head = stream.read(32)
                size = os.fstat(stream.fileno()).st_size
        except FileNotFoundError:
            return False
        except OSError as error:
            raise Damaged(
                StateDamage(log, f"its log cannot be read ({error.strerror})", repairable=False)
            ) from None
        if size == 0 or _valid_log_header(head):
            return size > 32
        if attempt == 0:
            time.sleep(0.01)
    raise Damaged(StateDamage(log, "its write-ahead log (-wal) is damaged"))


def _valid_log_header(head: bytes) -> bool:
    if len(head) < 32:
        return False
    magic, version = struct.unpack(">II", head[:8])
    if magic not in _LOG_MAGICS or version != _LOG_VERSION:
        return False
    words = struct.unpack((">" if magic & 1 else "<") + "6I", head[:24])
    first = second = 0
    for index in range(0, 6, 2):
        first = (first + words[index] + second) & 0xFFFFFFFF
        second = (second + words[index + 1] + first) & 0xFFFFFFFF
    return struct.unpack(">II", head[24:32]) == (first, second)


def _check_header(path: Path, size: int, log_frames: bool) -> None:
    """The first 100 bytes against the file's size: SQLite rounds a page cut in the middle up to a
    whole one, and would find out only when a query reads it."""
    with open(path, "rb") as stream:
        head = stream.read(100)
    if not (head[:16] == _MAGIC or (len(head) < 16 and _MAGIC.startswith(head))):
        raise Damaged(StateDamage(path, "file is not a database"))
    if len(head) < 100:
        raise Damaged(StateDamage(path, "file is truncated"))
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        raise Damaged(StateDamage(path, "file is not a database (its header is damaged)"))
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96]  # the page count is valid only when both counters agree
    # While a checkpoint copies frames from the log the file may be shorter than its header says.
    if size % page or (counted and not log_frames and size < pages * page):
        raise Damaged(StateDamage(path, "file is truncated"))


def _check_schema(path: Path, thorough: bool) -> bool:
    """The tables, read through a connection that cannot write; True when nothing is missing."""
    db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    try:
        found = dict(db.execute("SELECT name, type FROM sqlite_master"))
        if found.get("marks") != "table":
            if any(kind == "table" for kind in found.values()):
                raise Damaged(StateDamage(path, "it holds other tables, not broadsheet's marks"))
            return False  # an empty database: it gets our tables
        columns = {row[1]: row[5] for row in db.execute("PRAGMA table_info(marks)")}
        if not set(COLUMNS) <= columns.keys() or (columns["root"], columns["path"]) != (1, 2):
            raise Damaged(StateDamage(path, "its marks table has other columns"))
        if thorough:
            verdict = collapse_space(" ".join(str(row[0]) for row in db.execute("PRAGMA quick_check")))
            if verdict != "ok":
                raise Damaged(StateDamage(path, f"database disk image is malformed ({verdict[:200]})"))
        return found.get("marks_by_digest") == "index"
    except sqlite3.DatabaseError as error:
        if is_busy(error):
            raise
        raise Damaged(damage_from(path, error)) from None
    finally:
        db.close()


def connect(path: Path, ready: bool) -> sqlite3.Connection:
    """A writing connection to a file `diagnose` passed; one not `ready` gets WAL and our tables."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        if not ready:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(SCHEMA)
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


def count_marks(path: Path) -> tuple[int, int, int, int]:
    """Archives, marked articles, read and starred in a healthy file (read-only); an empty
    database, not given our tables yet, holds none."""
    db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    try:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'marks'").fetchone() is None:
            return 0, 0, 0, 0
        row = db.execute(
            "SELECT COUNT(DISTINCT root), COUNT(*), SUM(read != 0), SUM(starred != 0)"
            " FROM marks WHERE read OR starred"
        ).fetchone()
    finally:
        db.close()
    return int(row[0]), int(row[1]), int(row[2] or 0), int(row[3] or 0)


# --- moving aside --------------------------------------------------------------------------------


def move_aside(path: Path, damage: StateDamage) -> list[tuple[Path, Path]]:
    """Rename what is at fault to `<name>.corrupt-<YYYYMMDD-HHMMSS>`; nothing is deleted.

    A damaged database goes with its `-wal` and `-shm` (same stamp, so SQLite still pairs them),
    the log first: a log left behind would be replayed into the new database. A state folder that
    is a file goes alone and the folder is made."""
    if damage.path == path.parent:
        group = [(damage.path, "")]
    else:
        group = [(side_file(path, suffix), suffix) for suffix in _SIDE_FILES] + [(path, "")]
        group = [(source, suffix) for source, suffix in group if os.path.lexists(source)]
    base = damage.path if damage.path == path.parent else path
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 100):
        tag = stamp if attempt == 1 else f"{stamp}-{attempt}"
        targets = [side_file(base, f".corrupt-{tag}{suffix}") for _, suffix in group]
        if not any(os.path.lexists(target) for target in targets):
            break
    else:
        raise StateError(f"no free name to move {base} aside")
    moved: list[tuple[Path, Path]] = []
    for (source, _), target in zip(group, targets, strict=True):
        try:
            os.rename(source, target)
        except OSError as error:
            raise StateError(f"cannot move {source} aside: {error.strerror}") from None
        moved.append((source, target))
    if base == path.parent:
        try:
            path.parent.mkdir()
        except OSError as error:
            raise StateError(f"cannot create {path.parent}: {error.strerror}") from None
    return moved


def salvage(aside: Path, path: Path) -> bool:
    """Start the new state from a copy of `aside`, a database whose own pages are sound (its log was
    what was damaged): the marks saved before the log went bad are kept. The copy is checked before
    it takes `path`; `aside` is only read. False when it would not do."""
    # Imported here: only a repair needs them, and tempfile's `random` costs a command ~5 ms.
    import shutil
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".salvage", dir=path.parent)
    os.close(handle)
    copy = Path(name)
    try:
        shutil.copyfile(aside, copy)
        db = sqlite3.connect(copy, isolation_level=None)  # our own copy: it may be written
        try:
            found = dict(db.execute("SELECT name, type FROM sqlite_master"))
            columns = {row[1] for row in db.execute("PRAGMA table_info(marks)")}
            sound = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            db.close()  # the last connection: SQLite removes the copy's -wal and -shm
        if found.get("marks") != "table" or not set(COLUMNS) <= columns or not sound:
            return False
        if os.path.lexists(path):  # another broadsheet started a new state meanwhile: keep it
            return False
        os.replace(copy, path)
        return True
    except (OSError, sqlite3.Error):
        return False
    finally:
        for leftover in (copy, side_file(copy, "-wal"), side_file(copy, "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
