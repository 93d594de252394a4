"""The on-disk index of one ROOT: metadata, tags, problems and a full-text index, in SQLite.

Reading files (in worker processes) is `reader.index.build`'s part, imported only when there is
something to read: a warm `broadsheet list` needs only this module.

It lives in the user cache dir (never in the archive), one file per resolved ROOT. `update()` is
incremental: a stat walk compares path, size and mtime with what is stored, only new and changed
files are read (in parallel processes when there are many), vanished ones are dropped. The full text
is a second phase (`update_fulltext()`), so a list can be shown before every body is indexed.

A corrupt or older index is thrown away and rebuilt; it is a cache, never the only copy of anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import marshal
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reader.index.rows import (
    COLUMNS,
    INSERT_ARTICLE,
    INSERT_BAD_FILE,
    JSON_ITEM,
    SEP,
    ArticleRow,
    FulltextSource,
    Progress,
    Row,
    batches,
    newest_first,
    row_to_article,
    with_mark,
)
from reader.load.scan import Found, quick_listing, scan
from reader.model import UNMARKED, Archive, Article, Mark, Problem, by_count
from reader.paths import replace_file
from reader.sqlite import db_name, is_busy, os_name
from reader.text import describe_error, sanitise

if TYPE_CHECKING:
    from reader.index.query import Query
    from reader.index.search import Hit

# 8: a `list --json` item without its word count is stored in two parts around it (`rows.JSON_ITEM`)
# 9: `path_key`, the natural sort key of the path (`reader.model.natural_key`)
# 10: articles' `authors`
# 11: the full-text index's `hashsize` and `automerge` (`_FULLTEXT_CONFIG`)
# 12: Chinese in the full text folded to simplified characters (`reader.chinese`)
SCHEMA_VERSION = 12
PATCH_MAX = 5_000  # more changes than this: read the whole archive again rather than patch it
BUSY_MS = 10_000  # how long to wait for another process's write
WALK_IN_TWO_FROM = 20_000  # articles: below this, one process walks (a fork costs more than it saves)

_SCHEMA = f"""
PRAGMA user_version = {SCHEMA_VERSION};
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT UNIQUE NOT NULL, path TEXT NOT NULL, real_path TEXT, size INTEGER, mtime REAL,
    title TEXT, date_iso TEXT, date_ts REAL, lastmod_iso TEXT, lastmod_ts REAL,
    tags TEXT, categories TEXT, series TEXT, authors TEXT, summary TEXT, draft INTEGER, words INTEGER,
    thumbnail TEXT, source TEXT, problems TEXT, indexed INTEGER NOT NULL DEFAULT 0,
    digest TEXT, path_key TEXT, json TEXT, json_tail TEXT);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(date_ts DESC, path_key, path);
CREATE INDEX IF NOT EXISTS articles_to_index ON articles(indexed) WHERE indexed = 0;
CREATE INDEX IF NOT EXISTS articles_to_count ON articles(id) WHERE words IS NULL;
CREATE TABLE IF NOT EXISTS article_tags(article_id INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tags_by_name ON article_tags(tag, article_id);
CREATE INDEX IF NOT EXISTS tags_by_article ON article_tags(article_id);
CREATE TABLE IF NOT EXISTS article_categories(article_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS categories_by_name ON article_categories(name, article_id);
CREATE INDEX IF NOT EXISTS categories_by_article ON article_categories(article_id);
CREATE TABLE IF NOT EXISTS bad_files(
    path TEXT PRIMARY KEY, size INTEGER, mtime REAL, kind TEXT, message TEXT);
CREATE TABLE IF NOT EXISTS scan_problems(path TEXT, kind TEXT, message TEXT, severity TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
    title, labels, summary, body, content='', tokenize='unicode61 remove_diacritics 2');
"""
# Set once, when the full-text table is created (FTS5 keeps them in its own config table). FTS5
# writes a segment whenever its pending terms pass `hashsize` or a transaction commits, and merges
# segments once `automerge` of them pile up on one level. With its defaults (1 MiB, 4) a 100k build
# spent most of its SQLite time merging; 8 MiB and 16 (with `FULLTEXT_TRANSACTION` rows a commit)
# measured 1.7x less CPU, the same size on disk and no slower queries.
_FULLTEXT_CONFIG = [
    "INSERT INTO fulltext(fulltext, rank) VALUES ('hashsize', 8388608)",
    "INSERT INTO fulltext(fulltext, rank) VALUES ('automerge', 16)",
]
FULLTEXT_TRANSACTION = 5000  # full-text rows a transaction: each commit writes a segment


@dataclass(slots=True)
class UpdateStats:
    files: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    indexed: int = 0  # bodies added to the full-text index
    seconds: float = 0.0
    rebuilt: bool = False
    problems: list[Problem] = field(default_factory=list)
    read_files: list[str] = field(default_factory=list, repr=False)  # added or changed, as on disk
    gone_files: list[str] = field(default_factory=list, repr=False)


def index_path(root: str) -> Path:
    """Where the index of `root` lives: the cache dir, one file per resolved ROOT."""
    from reader.paths import cache_dir

    key = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "index" / f"{key}.sqlite3"


def _archive_of(root: str, articles: list[Article], problems: list[Problem], files: int) -> Archive:
    """An archive whose bodies are read from the files under `root` when asked for."""
    from reader.load import read_body

    return Archive.build(
        root, articles, problems, files=files, read_body=lambda article: read_body(root, article)
    )


def _newest_key(row: ArticleRow) -> tuple[bool, float, str, str]:
    """`Article.sort_key` of an article's row."""
    timestamp = row.date_ts
    if timestamp is None:
        return (True, 0.0, row.path_key, row.path)
    return (False, -timestamp, row.path_key, row.path)


class NewestSoFar:
    """The newest `size` articles of those an update has stored so far, for a first index to show
    something while it reads the rest (`Index.update(newest=...)`). Which are the newest depends on
    whether anything is dated (`reader.model.newest_first`): both ends of the undated are kept."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.stored = 0
        self._best: list[tuple[tuple[bool, float, str, str], ArticleRow]] = []
        self._last: list[tuple[tuple[bool, float, str, str], ArticleRow]] = []  # highest undated

    def forget(self) -> None:
        """Start again (an update that starts again from nothing stores every row again)."""
        self.stored = 0
        self._best = []
        self._last = []

    def add(self, rows: list[Row]) -> None:
        found = [(_newest_key(row), row) for row in rows if isinstance(row, ArticleRow)]
        self.stored += len(found)
        self._best = heapq.nsmallest(self.size, [*self._best, *found], key=lambda pair: pair[0])
        undated = [pair for pair in found if pair[1].date_ts is None]
        self._last = heapq.nlargest(self.size, [*self._last, *undated], key=lambda pair: pair[0])

    def archive(self, root: str) -> Archive:
        dated = bool(self._best) and self._best[0][1].date_ts is not None
        articles = [row_to_article(row) for _, row in (self._best if dated else self._last)]
        return _archive_of(os.path.realpath(root), articles, [], len(articles))


class Index:
    """The index of one ROOT. Not thread-safe: use it from one thread at a time."""

    def __init__(self, root: str, location: Path | None = None) -> None:
        # Set by a caller without other threads (the command line) to let a warm start's walk fork:
        # see `reader.load.scan.quick_listing`.
        self.walk_in_two = False
        self.root = os.path.realpath(root)
        self.location = location if location is not None else index_path(root)
        self.db = self._open()

    # --- opening ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The index in the cache dir; where that cannot be used, one in a private temporary folder
        (every open in this run, the app's workers included, must find the same index); failing
        that, one in memory. `trouble` then says so, for the reader."""
        self.trouble: str | None = None
        wanted = self.location
        try:
            wanted.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(str(wanted))
        except (OSError, sqlite3.Error) as error:
            if isinstance(error, sqlite3.Error) and is_busy(error):
                self.on_disk = False  # another broadsheet is writing it: this run reads the files
                return self._connect(":memory:")
            reason = f"the cache folder cannot be used ({describe_error(error)})"
        else:
            self.on_disk = True
            return db
        spare = _spare_folder()
        if spare is not None:
            try:
                db = self._connect(str(spare / wanted.name))
            except (OSError, sqlite3.Error):
                pass
            else:
                self.location = spare / wanted.name
                self.on_disk = True
                self.trouble = f"{reason}; the index is kept in {spare} instead"
                return db
        self.on_disk = False
        self.trouble = f"{reason}; the index is kept in memory, for this command only"
        return self._connect(":memory:")

    def _connect(self, where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
        try:
            self._prepare(db)
        except sqlite3.DatabaseError as error:
            db.close()
            if where == ":memory:" or is_busy(error):
                raise
            self._discard()
            db = sqlite3.connect(where, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
            self._prepare(db)
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables and version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"index schema {version}, expected {SCHEMA_VERSION}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        if not tables:
            for statement in _FULLTEXT_CONFIG:
                db.execute(statement)
        db.execute("SELECT count(*) FROM articles").fetchone()

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm", ".list"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.location}{suffix}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- updating --------------------------------------------------------------------------

    def update(
        self,
        progress: Progress | None = None,
        fulltext: bool = True,
        words: bool = True,
        newest: NewestSoFar | None = None,
    ) -> UpdateStats:
        """Bring the index in line with the files under ROOT; see the module docstring.

        Phases: metadata (always), then the full text (`fulltext`, which counts words too). Without
        it, `words` has the metadata phase count the words of what it reads (and `update_words`
        those of articles an earlier update left uncounted). With neither, articles read in this
        update have `words` None until a later phase runs. `newest` is told of every article
        stored, as it is stored."""
        try:
            return self._update(progress, fulltext, words, newest)
        except sqlite3.DatabaseError as error:
            if is_busy(error):
                raise  # another broadsheet is writing: the index is fine, it is only in use
            # A corrupt index: start again from nothing, once.
            self.db.close()
            self._discard()
            self.db = self._open()
            if newest is not None:
                newest.forget()
            stats = self._update(progress, fulltext, words, newest)
            stats.rebuilt = True
            return stats

    def _update(
        self, progress: Progress | None, fulltext: bool, words: bool, newest: NewestSoFar | None
    ) -> UpdateStats:
        started = time.perf_counter()
        stats = UpdateStats()
        fingerprint: str | None = None  # known before reading when the walk comes first
        stored = self.db.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
        if stored is not None and self._unchanged(stored[0], stats):
            self._later_phases(stats, progress, fulltext, words)
            stats.seconds = time.perf_counter() - started
            return stats
        items: Iterable[Found | Problem] = scan(self.root)
        if stored is not None:
            # The last update's scan is known: if this one is the same, nothing changed and nothing
            # is read or written. (Otherwise the walk is over before reading starts: few files change.)
            items = list(items)
            fingerprint = _fingerprint(items)
            if fingerprint == stored[0]:
                stats.problems = [_clean(item) for item in items if type(item) is Problem]
                stats.files = stats.unchanged = len(items) - len(stats.problems)
                self._later_phases(stats, progress, fulltext, words)
                stats.seconds = time.perf_counter() - started
                return stats
        known: dict[str, tuple[int, float]] = {
            os_name(path): (size, mtime)
            for path, size, mtime in self.db.execute(
                "SELECT file, size, mtime FROM articles UNION ALL SELECT path, size, mtime FROM bad_files"
            )
        }
        from reader.index.build import PARALLEL_MIN, Reader

        # Without the full-text phase, words are counted as the files are read: one pass, not two.
        reader = Reader(progress, words=words and not fulltext)
        changed: list[str] = []
        seen: set[str] = set()
        scanned: list[Found | Problem] = []
        bulk = False
        try:
            for item in items:
                scanned.append(item)
                if isinstance(item, Problem):
                    stats.problems.append(_clean(item))
                    continue
                stats.files += 1
                relpath = item.relpath
                seen.add(relpath)
                previous = known.get(relpath)
                if previous is None:
                    stats.added += 1
                elif previous != (item.size, item.mtime):
                    stats.changed += 1
                    changed.append(relpath)
                else:
                    stats.unchanged += 1
                    continue
                stats.read_files.append(relpath)
                reader.add((relpath, item.abspath, item.size, item.mtime))
            unchanged_known = stats.changed + stats.unchanged == len(known)
            gone = [] if unchanged_known else [path for path in known if path not in seen]
            stats.removed = len(gone)
            stats.gone_files = gone
            bulk = not known and reader.total >= PARALLEL_MIN
            with self._transaction() as db:
                self._forget(db, gone + changed)
                if bulk:
                    # A first build: fill the tables, then index them (faster than row by row). Should
                    # it stop half-way, opening the index creates them again.
                    for statement in _DROP_INDEXES:
                        db.execute(statement)
            if bulk:
                # No syncing while the cache is first filled: a crash can only cost a rebuild.
                self.db.execute("PRAGMA synchronous = OFF")
            # Rows are stored as chunks come back, while the workers read the rest; one short
            # transaction each, so that the index is never locked for long.
            reader.finish(self._store if newest is None else lambda rows: self._store(rows, newest))
        finally:
            reader.close()
            if bulk:
                self.db.execute("PRAGMA synchronous = NORMAL")
        with self._transaction() as db:
            if bulk:
                for statement in _CREATE_INDEXES:
                    db.execute(statement)
            db.execute("DELETE FROM scan_problems")
            db.executemany(
                "INSERT INTO scan_problems VALUES (?, ?, ?, ?)",
                [(p.path, p.kind, p.message, p.severity) for p in stats.problems],
            )
            scan_key = fingerprint if fingerprint is not None else _fingerprint(scanned)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('scan', ?)", (scan_key,))
        self._later_phases(stats, progress, fulltext, words)
        stats.seconds = time.perf_counter() - started
        return stats

    def _unchanged(self, stored: str, stats: UpdateStats) -> bool:
        """Whether the files under ROOT are what the last update's scan found (`stored`, its
        fingerprint), by the quick walk: the common warm start, nothing to read or write. `stats`
        is filled in when so. False also when the walk met anything that needs `scan` (a link, a
        problem): the caller then walks with it."""
        listing = quick_listing(self.root, in_two=self.walk_in_two and self._big())
        if listing is None or _digest(listing) != stored:
            return False
        stats.files = stats.unchanged = len(listing)
        return True

    def _big(self) -> bool:
        """Whether the archive is big enough for a walk in two processes to pay for the fork (the
        highest id ever given is as good as a count here, and costs nothing to read)."""
        row = self.db.execute("SELECT max(id) FROM articles").fetchone()
        return row[0] is not None and row[0] >= WALK_IN_TWO_FROM

    def _later_phases(
        self, stats: UpdateStats, progress: Progress | None, fulltext: bool, words: bool
    ) -> None:
        if fulltext:
            stats.indexed = self.update_fulltext(progress)
        elif words:
            self.update_words(progress)

    def _forget(self, db: sqlite3.Connection, paths: Iterable[str]) -> None:
        """Drop what the index knows of `paths` (their full-text rows stay behind, unreachable)."""
        paths = list(paths)
        if paths:
            _listing_changed(db)
        for batch in batches([db_name(path) for path in paths], _IN_MAX):
            marks = ",".join("?" * len(batch))
            ids = [row[0] for row in db.execute(f"SELECT id FROM articles WHERE file IN ({marks})", batch)]
            id_marks = ",".join("?" * len(ids))
            if ids:
                db.execute(f"DELETE FROM article_tags WHERE article_id IN ({id_marks})", ids)
                db.execute(f"DELETE FROM article_categories WHERE article_id IN ({id_marks})", ids)
                db.execute(f"DELETE FROM articles WHERE id IN ({id_marks})", ids)
                self._count_orphans(db, len(ids))
            db.execute(f"DELETE FROM bad_files WHERE path IN ({marks})", batch)

    def _count_orphans(self, db: sqlite3.Connection, count: int) -> None:
        db.execute(
            "INSERT INTO meta VALUES ('orphans', ?) ON CONFLICT(key) DO UPDATE SET value = value + ?",
            (count, count),
        )

    def _store(self, rows: list[Row], newest: NewestSoFar | None = None) -> None:
        with self._transaction() as db:
            _listing_changed(db)
            self._insert(db, rows)
        if newest is not None:
            newest.add(rows)

    def _insert(self, db: sqlite3.Connection, rows: list[Row]) -> None:
        """Insert the rows the metadata phase read, in bulk. Ids are given here (AUTOINCREMENT's
        sequence carries on, so an id is never reused: the full-text index may still hold old ones)."""
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
        next_id = (row[0] if row else 0) + 1
        articles: list[tuple[Any, ...]] = []
        bad: list[Row] = []
        tags: list[tuple[int, str]] = []
        categories: list[tuple[int, str]] = []
        for row in rows:
            if not isinstance(row, ArticleRow):
                bad.append(row)
                continue
            articles.append((next_id, *row))
            if row.tags:
                tags += [(next_id, name) for name in row.tags.split(SEP)]
            if row.categories:
                categories += [(next_id, name) for name in row.categories.split(SEP)]
            next_id += 1
        db.executemany(INSERT_ARTICLE, articles)
        db.executemany("INSERT INTO article_tags VALUES (?, ?)", tags)
        db.executemany("INSERT INTO article_categories VALUES (?, ?)", categories)
        db.executemany(INSERT_BAD_FILE, bad)

    def pending_fulltext(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0])

    def update_fulltext(self, progress: Progress | None = None) -> int:
        """Index the bodies of articles not yet in the full-text index (counting their words on the
        way); returns how many."""
        self._rebuild_fulltext_if_stale()
        # Ids only: the fields to index are read a chunk at a time, as the chunk goes to a worker.
        todo = [row[0] for row in self.db.execute("SELECT id FROM articles WHERE indexed = 0")]
        total = len(todo)
        done = 0
        if not todo:
            return 0
        from reader.index.build import fulltext_chunk, in_workers

        def sources(ids: list[int]) -> list[FulltextSource]:
            query = (
                "SELECT id, file, title, tags, categories, summary, words IS NULL FROM articles "
                "WHERE id IN ({}) ORDER BY id"
            )
            return list(_rows_in(self.db, query, ids))

        # Several chunks a transaction (`FULLTEXT_TRANSACTION` rows): readers are never blocked (WAL),
        # and a writer waits well under BUSY_MS.
        written: int | None = None  # rows since BEGIN; None outside a transaction
        try:
            for batch in in_workers(fulltext_chunk, self.root, todo, sources):
                if written is None:
                    self.db.execute("BEGIN IMMEDIATE")
                    _listing_changed(self.db)
                    written = 0
                self.db.executemany(
                    "INSERT INTO fulltext(rowid, title, labels, summary, body) VALUES (?, ?, ?, ?, ?)",
                    [row for row, _ in batch],
                )
                self.db.executemany(_SET_WORDS_INDEXED, [(count, id_) for _, (id_, count) in batch])
                written += len(batch)
                done += len(batch)
                if written >= FULLTEXT_TRANSACTION:
                    self.db.execute("COMMIT")
                    written = None
                if progress is not None:
                    progress("indexing", done, total)
            if written is not None:
                self.db.execute("COMMIT")
                written = None
        except BaseException:
            if written is not None:
                self.db.execute("ROLLBACK")
            raise
        return total

    def update_words(self, progress: Progress | None = None) -> int:
        """Count the words of articles whose count the metadata phase left out; returns how many."""
        todo: list[tuple[int, str]] = self.db.execute(
            "SELECT id, file FROM articles WHERE words IS NULL"
        ).fetchall()
        total = len(todo)
        done = 0
        if not todo:
            return 0
        from reader.index.build import count_chunk, in_workers

        for batch in in_workers(count_chunk, self.root, todo):
            with self._transaction() as db:
                db.executemany(_SET_WORDS, [(count, id_) for id_, count in batch])
                _listing_changed(db)
            done += len(batch)
            if progress is not None:
                progress("counting", done, total)
        return total

    def _rebuild_fulltext_if_stale(self) -> None:
        """SQLite 3.40's contentless FTS5 cannot delete: rows of changed files linger, unreachable.
        When they outnumber half the live ones, the full-text index is rebuilt from the files."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'orphans'").fetchone()
        orphans = int(row[0]) if row else 0
        live = int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])
        if orphans <= max(1000, live // 2):
            return
        with self._transaction() as db:
            db.execute("INSERT INTO fulltext(fulltext) VALUES ('delete-all')")
            db.execute("UPDATE articles SET indexed = 0")
            db.execute("DELETE FROM meta WHERE key = 'orphans'")

    # --- reading ---------------------------------------------------------------------------

    def search(
        self,
        text: str | Query,
        limit: int | None = 50,
        snippets: bool = True,
        keep: Callable[[Article], bool] | None = None,
    ) -> list[Hit]:
        """Articles matching `text` in the query language, best first (see `reader.index.search`)."""
        from reader.index.search import search

        return search(self.db, self.root, text, limit, snippets, keep)

    def count_matches(self, text: str | Query) -> int:
        """How many articles match `text` (see `reader.index.search.count`)."""
        from reader.index.search import count

        return count(self.db, text)

    def similar(self, text: str, exclude: str, limit: int = 20) -> list[tuple[Article, float]]:
        """Articles whose text is like `text`, closest first (see `reader.index.search.similar`)."""
        from reader.index.search import similar

        return similar(self.db, text, exclude, limit)

    def dated(self) -> bool:
        """Whether any article is dated (when none is, the archive's order turns round)."""
        found = self.db.execute("SELECT 1 FROM articles WHERE date_ts IS NOT NULL LIMIT 1").fetchone()
        return found is not None

    def articles(self, limit: int | None = None) -> list[Article]:
        """Articles in the archive's order (`reader.model.newest_first`); the first `limit` of them
        come off an index quickly."""
        dated = self.dated()
        if limit is None:
            # Row by row: never every row and every article in memory at once.
            everything = self.db.execute(f"SELECT {COLUMNS} FROM articles ORDER BY {newest_first(dated)}")
            return [row_to_article(row) for row in everything]
        if not dated:
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM articles ORDER BY {newest_first(False)} LIMIT ?", (limit,)
            ).fetchall()
            return [row_to_article(row) for row in rows]
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM articles WHERE date_ts IS NOT NULL "
            "ORDER BY date_ts DESC, path_key, path LIMIT ?",
            (limit,),
        ).fetchall()
        if len(rows) < limit:
            rows += self.db.execute(
                f"SELECT {COLUMNS} FROM articles WHERE date_ts IS NULL ORDER BY path_key, path LIMIT ?",
                (limit - len(rows),),
            ).fetchall()
        return [row_to_article(row) for row in rows]

    def listing(self) -> bytes:
        """The whole `list --json` document (without reading state), UTF-8.

        From the first time it is asked for until an article changes, it is kept in a file beside
        the index (`<index>.list`): a warm `list` reads one file. The file starts with a token line;
        the copy is good while the index's meta holds the same token (every change deletes it)."""
        kept_copy = self.kept_listing()
        if kept_copy is not None:
            with kept_copy:
                return kept_copy.read()
        kept = f"{self.location}.list"
        if not self.on_disk:
            return json_document(self.json_bytes())
        # Built and kept in one transaction, so that the copy matches the rows. When another process
        # is writing (or nothing can be written), it is built without being kept: no waiting.
        self.db.execute("PRAGMA busy_timeout = 0")
        try:
            with self._transaction() as db:
                document = json_document(self.json_bytes())
                token = os.urandom(8).hex()
                replace_file(Path(kept), f"{token}\n".encode() + document, durable=False)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (token,))
            return document
        except (sqlite3.OperationalError, OSError):
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            return json_document(self.json_bytes())
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")

    def kept_listing(self) -> BinaryIO | None:
        """The kept `list --json` document (see `listing`), open and placed at its first byte, when
        it is good; the caller closes it. (A warm `list` can then hand the file to its output
        without reading it: ~55 MB at 100k articles.) The token is read through the same handle as
        the document, so a copy replaced meanwhile is never mixed with another."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
        if row is None or not self.on_disk:
            return None
        header = f"{row[0]}\n".encode()
        try:
            handle = open(f"{self.location}.list", "rb")  # noqa: SIM115 (the caller closes it)
        except OSError:
            return None
        try:
            if handle.read(len(header)) == header:
                return handle
        except OSError:
            pass
        handle.close()
        return None

    def json_bytes(self) -> list[bytes]:
        """Every article as its `list --json` item, newest first, straight from the index: UTF-8 as
        stored, nothing to decode before it is written out."""
        return [row[0] for row in self._json_rows("")]

    def marked_json_bytes(self, mark_of: Callable[[str, str | None], Mark]) -> list[bytes]:
        """`json_bytes` with each article's reading mark, `mark_of(path, file digest)`, in its item:
        a `list --json` of a reader's archive without building its articles."""
        items: list[bytes] = []
        for item, path, digest in self._json_rows(", path, digest"):
            mark = mark_of(path, digest)
            items.append(item if mark == UNMARKED else with_mark(item, mark))
        return items

    def _json_rows(self, more: str) -> list[Any]:
        # Two queries, so that both follow an index instead of sorting every row's JSON.
        db = self.db
        dated = db.execute(
            f"SELECT CAST({JSON_ITEM} AS BLOB){more} FROM articles WHERE date_ts IS NOT NULL "
            "ORDER BY date_ts DESC, path_key, path"
        ).fetchall()
        undated = db.execute(
            f"SELECT CAST({JSON_ITEM} AS BLOB){more} FROM articles WHERE date_ts IS NULL "
            f"ORDER BY path_key {'' if dated else 'DESC'}, path {'' if dated else 'DESC'}"
        ).fetchall()
        return dated + undated

    def label_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Tag and category counts, as `Archive.tags` and `.categories` give them (most used first,
        then by name), counted by SQLite from the label tables: no article is built."""
        return (
            by_count(self.db.execute("SELECT tag, count(*) FROM article_tags GROUP BY tag")),
            by_count(self.db.execute("SELECT name, count(*) FROM article_categories GROUP BY name")),
        )

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def problems(self) -> list[Problem]:
        found = [
            # The stored path is the file system's (to match the next scan); show it cleaned.
            Problem(sanitise(os_name(path)), kind, message, "error")
            for path, kind, message in self.db.execute("SELECT path, kind, message FROM bad_files")
        ]
        found += [
            Problem(path, kind, message, severity)
            for path, kind, message, severity in self.db.execute("SELECT * FROM scan_problems")
        ]
        return found

    def patched(self, archive: Archive, stats: UpdateStats) -> Archive:
        """`archive` (a whole one) brought up to date with what the update that gave `stats`
        changed: only those rows are read, not every row (a live update at 100k articles)."""
        if stats.rebuilt or len(stats.read_files) + len(stats.gone_files) > PATCH_MAX:
            return self.archive()
        dropped = {*stats.read_files, *stats.gone_files}
        articles = [article for article in archive.articles if article.file_path not in dropped]
        query = f"SELECT {COLUMNS} FROM articles WHERE file IN ({{}})"
        read = [db_name(path) for path in stats.read_files]
        articles += [row_to_article(row) for row in _rows_in(self.db, query, read)]
        bad = int(self.db.execute("SELECT count(*) FROM bad_files").fetchone()[0])
        return Archive.build(
            self.root, articles, self.problems(), files=len(articles) + bad, read_body=archive.read_body
        )

    def archive(self, limit: int | None = None) -> Archive:
        """The archive as the index knows it (its newest `limit` articles only, when given);
        bodies are read from the files when asked for."""
        articles = self.articles(limit)
        bad = int(self.db.execute("SELECT count(*) FROM bad_files").fetchone()[0])
        return _archive_of(self.root, articles, self.problems(), len(articles) + bad)


def _spare_folder() -> Path | None:
    """A folder of this user's own in the system's temporary folder, for an index when the cache
    dir cannot be used; None unless it is a real folder, ours, and closed to others."""
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"broadsheet-{uid}" / "index"
    try:
        for part in (folder.parent, folder):
            part.mkdir(mode=0o700, exist_ok=True)
            info = os.lstat(part)
            if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o077 or info.st_uid != uid:
                return None
    except OSError:
        return None
    return folder


def json_document(items: list[bytes]) -> bytes:
    """JSON items as one array, an item a line (the layout `list --json` prints)."""
    return b"[\n  " + b",\n  ".join(items) + b"\n]\n" if items else b"[]\n"


def _listing_changed(db: sqlite3.Connection) -> None:
    """Called in every transaction that changes what `list --json` prints: the kept copy goes."""
    db.execute("DELETE FROM meta WHERE key = 'listing'")


def _clean(problem: Problem) -> Problem:
    return Problem(sanitise(problem.path), problem.kind, sanitise(problem.message), problem.severity)


def _fingerprint(items: list[Found | Problem]) -> str:
    """A digest of what a scan found (paths, sizes, mtimes and problems), to tell an unchanged tree.
    marshal's version 2 writes no back-references, so equal lists give equal bytes."""
    listing = [
        (item.path, item.kind, item.message, item.severity)
        if isinstance(item, Problem)
        else (item.relpath, item.size, item.mtime)
        for item in items
    ]
    return _digest(listing)


def _digest(listing: list[Any]) -> str:
    """The fingerprint of a scan's listing; `quick_listing`'s, which has no problems, is the same."""
    return hashlib.blake2b(marshal.dumps(listing, 2), digest_size=16).hexdigest()


_IN_MAX = 500  # values in one `IN (...)`: an SQLite before 3.32 takes at most 999 parameters


def _rows_in(db: sqlite3.Connection, query: str, values: list[Any]) -> Iterator[Any]:
    """The rows of `query` for every one of `values`, whose `IN ({})` gets its parameters."""
    for batch in batches(values, _IN_MAX):
        yield from db.execute(query.format(",".join("?" * len(batch))), batch)


# The secondary indexes, to drop and create again around a first build. (Statement by statement:
# `executescript` would commit the transaction they belong to.)
_CREATE_INDEXES = [line for line in _SCHEMA.splitlines() if line.startswith("CREATE INDEX IF NOT EXISTS")]
_DROP_INDEXES = [f"DROP INDEX IF EXISTS {line.split()[5]}" for line in _CREATE_INDEXES]
# A count arrives for an article that had none: its `list --json` item holds it from now on (see
# `rows.JSON_ITEM`). A count already there stays, as the whole item stored with it does.
# Both take (count, id): numbered placeholders (`?2 … ?1`) with a sequence are deprecated since
# Python 3.12 and an error from 3.14.
_SET_WORDS = "UPDATE articles SET words = ? WHERE id = ? AND words IS NULL"
_SET_WORDS_INDEXED = "UPDATE articles SET indexed = 1, words = ifnull(words, ?) WHERE id = ?"
