"""The on-disk index of one ROOT: metadata, tags, problems and a full-text index, in SQLite.

It lives in the user cache dir (never in the archive), one file per resolved ROOT. `update()` is
incremental: a stat walk compares path, size and mtime with what is stored, only new and changed
files are read (in parallel processes when there are many), vanished ones are dropped. The full text
is a second phase (`update_fulltext()`), so a list can be shown before every body is indexed.

A corrupt or older index is thrown away and rebuilt; it is a cache, never the only copy of anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.load.scan import Found, scan
from reader.model import Archive, Article, Problem, Stamp
from reader.text import count_words, sanitise

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from reader.index.query import Query
    from reader.index.search import Hit

SCHEMA_VERSION = 5
SEP = "\x1f"  # joins list fields; sanitised text never holds it
PARALLEL_MIN = 2000  # fewer changed files than this are read in this process
CHUNK = 500
BATCH = 2000
Progress = Callable[[str, int, int], None]  # (phase, done, total)

_SCHEMA = f"""
PRAGMA user_version = {SCHEMA_VERSION};
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT UNIQUE NOT NULL, path TEXT NOT NULL, real_path TEXT, size INTEGER, mtime REAL,
    title TEXT, date_iso TEXT, date_ts REAL, lastmod_iso TEXT, lastmod_ts REAL,
    tags TEXT, categories TEXT, series TEXT, summary TEXT, draft INTEGER, words INTEGER,
    thumbnail TEXT, source TEXT, problems TEXT, indexed INTEGER NOT NULL DEFAULT 0,
    json TEXT, digest TEXT);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(date_ts DESC, path);
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
COLUMNS = (
    "id, path, real_path, size, mtime, title, date_iso, date_ts, lastmod_iso, lastmod_ts, "
    "tags, categories, series, summary, draft, words, thumbnail, source, problems, digest"
)


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


def index_path(root: str) -> Path:
    """Where the index of `root` lives: the cache dir, one file per resolved ROOT."""
    from reader.paths import cache_dir

    key = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "index" / f"{key}.sqlite3"


def _split_list(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(SEP)) if value else ()


def _stamp(iso: str | None, timestamp: float | None) -> Stamp | None:
    return Stamp(iso, timestamp) if iso is not None and timestamp is not None else None


def row_to_article(row: Sequence[Any]) -> Article:
    (_, path, real_path, size, mtime, title, date_iso, date_ts, lastmod_iso, lastmod_ts) = row[:10]
    tags, categories, series, summary, draft, words, thumbnail, source, problems, digest = row[10:20]
    return Article(
        path=path,
        title=title,
        date=_stamp(date_iso, date_ts),
        lastmod=_stamp(lastmod_iso, lastmod_ts),
        tags=_split_list(tags),
        categories=_split_list(categories),
        series=_split_list(series),
        summary=summary,
        draft=bool(draft),
        words=words,
        thumbnail=thumbnail,
        source=source,
        problems=_split_list(problems),
        size=size,
        mtime=mtime,
        real_path=real_path,
        digest=digest,
    )


def _article_values(article: Article) -> tuple[Any, ...]:
    return (
        article.path,
        article.real_path,
        article.size,
        article.mtime,
        article.title,
        article.date.iso if article.date else None,
        article.date.timestamp if article.date else None,
        article.lastmod.iso if article.lastmod else None,
        article.lastmod.timestamp if article.lastmod else None,
        SEP.join(article.tags),
        SEP.join(article.categories),
        SEP.join(article.series),
        article.summary,
        int(article.draft),
        article.words,
        article.thumbnail,
        article.source,
        SEP.join(article.problems),
        article.digest,
    )


# What the metadata phase sends a worker: (relpath, abspath, size, mtime) of each file.
ToRead = tuple[str, str, int, float]
# What comes back, one per file: the `articles` row from `file` on (see `_INSERT`), or for a file
# that is not an article the `bad_files` row (path, size, mtime, kind, message).
Row = tuple[Any, ...]
_BAD_ROW = 5
_TAGS, _CATEGORIES = 11, 12  # where they sit in an `articles` row


def _article_row(relpath: str, article: Article) -> Row:
    # `file` is the name on disk (what the next scan compares); `path` the cleaned one shown.
    # `json` is the article's `list --json` item, ready to print (see `json_lines`).
    return (relpath, json.dumps(article.to_json(), ensure_ascii=False), *_article_values(article))


def _read_rows(chunk: list[ToRead]) -> list[Row]:
    """Read a chunk of files for the metadata phase (in a worker process): rows ready to insert.
    Words are not counted here (a pass over every body): `update_words` or `update_fulltext` does."""
    from reader.load import load_file

    rows: list[Row] = []
    for relpath, abspath, size, mtime in chunk:
        result = load_file(Found(relpath, abspath, size, mtime), words=False)
        if isinstance(result, Problem):
            rows.append((relpath, size, mtime, result.kind, result.message))
        else:
            rows.append(_article_row(relpath, result))
    return rows


# (id, path, title, tags, categories, summary) in; (id, title, labels, summary, body) and words out.
FulltextSource = tuple[int, str, str, str, str, str]
FulltextRow = tuple[int, str, str, str, str]
Counted = tuple[int, int]  # (id, words)


def _body(root: str, path: str) -> str:
    """The body of the file at `path` as the loader splits it; a file that went bad has none."""
    from reader.load import LoadError, decode
    from reader.load.frontmatter import FrontMatterError, split

    try:
        with open(os.path.join(root, path), "rb") as handle:
            text = sanitise(decode(handle.read()).text)
        return split(text).body
    except (OSError, LoadError, FrontMatterError):
        return ""


def _fulltext_row(root: str, source: FulltextSource) -> tuple[FulltextRow, Counted]:
    """An article as the full-text index stores it, and its word count."""
    from reader.index.fulltext import index_text

    article_id, path, title, tags, categories, summary = source
    body = _body(root, path)
    labels = " ".join(f"{tags} {categories}".split(SEP))
    row = (article_id, index_text(title), index_text(labels), index_text(summary), index_text(body))
    return row, (article_id, count_words(body))


def _fulltext_chunk(args: tuple[str, list[FulltextSource]]) -> list[tuple[FulltextRow, Counted]]:
    root, sources = args
    return [_fulltext_row(root, source) for source in sources]


def _count_chunk(args: tuple[str, list[tuple[int, str]]]) -> list[Counted]:
    root, sources = args
    return [(article_id, count_words(_body(root, path))) for article_id, path in sources]


# Imported once by the fork server, so that each worker starts with them instead of importing them.
_PRELOAD = ["reader.index.store", "reader.load.frontmatter", "reader.load.normalise", "reader.load.mdparse"]


def _pool_context() -> Any:
    # Never fork a process that may be running threads (the app): start clean workers instead.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _workers() -> int:
    return os.cpu_count() or 1


class Index:
    """The index of one ROOT. Not thread-safe: use it from one thread at a time."""

    def __init__(self, root: str, location: Path | None = None) -> None:
        self.root = os.path.realpath(root)
        self.location = location if location is not None else index_path(root)
        self.db = self._open()

    # --- opening ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(str(self.location))
        except (OSError, sqlite3.Error):
            # No usable cache dir: an index in memory still works, it just is not kept.
            return self._connect(":memory:")
        return db

    def _connect(self, where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            self._prepare(db)
        except sqlite3.DatabaseError:
            db.close()
            if where == ":memory:":
                raise
            self._discard()
            db = sqlite3.connect(where, timeout=10, isolation_level=None, check_same_thread=False)
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
        db.execute("SELECT count(*) FROM articles").fetchone()

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
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
        self, progress: Progress | None = None, fulltext: bool = True, words: bool = True
    ) -> UpdateStats:
        """Bring the index in line with the files under ROOT; see the module docstring.

        Phases: metadata (always; words are left uncounted), then the full text (`fulltext`, which
        counts words too) or, without it, only the word counts (`words`). With neither, articles
        read in this update have `words` None until a later phase runs."""
        try:
            return self._update(progress, fulltext, words)
        except sqlite3.DatabaseError:
            # A corrupt index: start again from nothing, once.
            self.db.close()
            self._discard()
            self.db = self._open()
            stats = self._update(progress, fulltext, words)
            stats.rebuilt = True
            return stats

    def _update(self, progress: Progress | None, fulltext: bool, words: bool) -> UpdateStats:
        started = time.perf_counter()
        stats = UpdateStats()
        items: Iterable[Found | Problem] = scan(self.root)
        stored = self.db.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
        if stored is not None:
            # The last update's scan is known: if this one is the same, nothing changed and nothing
            # is read or written. (Otherwise the walk is over before reading starts: few files change.)
            items = list(items)
            if _fingerprint(items) == stored[0]:
                for item in items:
                    if isinstance(item, Problem):
                        stats.problems.append(_clean(item))
                stats.files = stats.unchanged = len(items) - len(stats.problems)
                self._later_phases(stats, progress, fulltext, words)
                stats.seconds = time.perf_counter() - started
                return stats
        known: dict[str, tuple[int, float]] = {
            path: (size, mtime)
            for path, size, mtime in self.db.execute(
                "SELECT file, size, mtime FROM articles UNION ALL SELECT path, size, mtime FROM bad_files"
            )
        }
        reader = _Reader(progress)
        changed: list[str] = []
        seen: set[str] = set()
        scanned: list[Found | Problem] = []
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
                reader.add((relpath, item.abspath, item.size, item.mtime))
            unchanged_known = stats.changed + stats.unchanged == len(known)
            gone = [] if unchanged_known else [path for path in known if path not in seen]
            stats.removed = len(gone)
            bulk = not known and reader.total >= PARALLEL_MIN
            with self._transaction() as db:
                self._forget(db, gone + changed)
                if bulk:
                    # A first build: fill the tables, then index them (faster than row by row). Should
                    # it stop half-way, opening the index creates them again.
                    for statement in _DROP_INDEXES:
                        db.execute(statement)
            # Rows are stored as chunks come back, while the workers read the rest; one short
            # transaction each, so that the index is never locked for long.
            reader.finish(self._store)
        finally:
            reader.close()
        with self._transaction() as db:
            if bulk:
                for statement in _CREATE_INDEXES:
                    db.execute(statement)
            db.execute("DELETE FROM scan_problems")
            db.executemany(
                "INSERT INTO scan_problems VALUES (?, ?, ?, ?)",
                [(p.path, p.kind, p.message, p.severity) for p in stats.problems],
            )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('scan', ?)", (_fingerprint(scanned),))
        self._later_phases(stats, progress, fulltext, words)
        stats.seconds = time.perf_counter() - started
        return stats

    def _later_phases(
        self, stats: UpdateStats, progress: Progress | None, fulltext: bool, words: bool
    ) -> None:
        if fulltext:
            stats.indexed = self.update_fulltext(progress)
        elif words:
            self.update_words(progress)

    def _forget(self, db: sqlite3.Connection, paths: Iterable[str]) -> None:
        """Drop what the index knows of `paths` (their full-text rows stay behind, unreachable)."""
        for batch in _batches(list(paths), 500):
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

    def _store(self, rows: list[Row]) -> None:
        with self._transaction() as db:
            self._insert(db, rows)

    def _insert(self, db: sqlite3.Connection, rows: list[Row]) -> None:
        """Insert the rows the metadata phase read, in bulk. Ids are given here (AUTOINCREMENT's
        sequence carries on, so an id is never reused: the full-text index may still hold old ones)."""
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
        next_id = (row[0] if row else 0) + 1
        articles: list[Row] = []
        bad: list[Row] = []
        tags: list[tuple[int, str]] = []
        categories: list[tuple[int, str]] = []
        for values in rows:
            if len(values) == _BAD_ROW:
                bad.append(values)
                continue
            articles.append((next_id, *values))
            if values[_TAGS]:
                tags += [(next_id, name) for name in values[_TAGS].split(SEP)]
            if values[_CATEGORIES]:
                categories += [(next_id, name) for name in values[_CATEGORIES].split(SEP)]
            next_id += 1
        db.executemany(_INSERT, articles)
        db.executemany("INSERT INTO article_tags VALUES (?, ?)", tags)
        db.executemany("INSERT INTO article_categories VALUES (?, ?)", categories)
        db.executemany("INSERT OR REPLACE INTO bad_files VALUES (?, ?, ?, ?, ?)", bad)

    def pending_fulltext(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0])

    def update_fulltext(self, progress: Progress | None = None) -> int:
        """Index the bodies of articles not yet in the full-text index (counting their words on the
        way); returns how many."""
        self._rebuild_fulltext_if_stale()
        rows = self.db.execute(
            "SELECT id, file, title, tags, categories, summary FROM articles WHERE indexed = 0"
        )
        todo: list[FulltextSource] = rows.fetchall()
        total = len(todo)
        done = 0
        for batch in _in_workers(_fulltext_chunk, self.root, todo):
            with self._transaction() as db:
                db.executemany(
                    "INSERT INTO fulltext(rowid, title, labels, summary, body) VALUES (?, ?, ?, ?, ?)",
                    [row for row, _ in batch],
                )
                db.executemany(_SET_WORDS_INDEXED, [counted for _, counted in batch])
            done += len(batch)
            if progress is not None:
                progress("indexing", done, total)
        return total

    def update_words(self, progress: Progress | None = None) -> int:
        """Count the words of articles whose count the metadata phase left out; returns how many."""
        todo: list[tuple[int, str]] = self.db.execute(
            "SELECT id, file FROM articles WHERE words IS NULL"
        ).fetchall()
        total = len(todo)
        done = 0
        for batch in _in_workers(_count_chunk, self.root, todo):
            with self._transaction() as db:
                db.executemany(_SET_WORDS, batch)
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

        return search(self, text, limit, snippets, keep)

    def articles(self, limit: int | None = None) -> list[Article]:
        """Articles newest first (undated last); the first `limit` of them come off an index quickly."""
        if limit is None:
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM articles ORDER BY date_ts IS NULL, date_ts DESC, path"
            ).fetchall()
        else:
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM articles WHERE date_ts IS NOT NULL"
                " ORDER BY date_ts DESC, path LIMIT ?",
                (limit,),
            ).fetchall()
            if len(rows) < limit:
                rows += self.db.execute(
                    f"SELECT {COLUMNS} FROM articles WHERE date_ts IS NULL ORDER BY path LIMIT ?",
                    (limit - len(rows),),
                ).fetchall()
        return [row_to_article(row) for row in rows]

    def json_lines(self) -> list[str]:
        """Every article as its `list --json` item, newest first, straight from the index."""
        return [line.decode("utf-8") for line in self.json_bytes()]

    def json_bytes(self) -> list[bytes]:
        """`json_lines` as UTF-8, as stored: nothing to decode before it is written out."""
        # Two queries, so that both follow an index instead of sorting every row's JSON.
        db = self.db
        dated = db.execute(
            "SELECT CAST(json AS BLOB) FROM articles WHERE date_ts IS NOT NULL ORDER BY date_ts DESC, path"
        ).fetchall()
        undated = db.execute(
            "SELECT CAST(json AS BLOB) FROM articles WHERE date_ts IS NULL ORDER BY path"
        ).fetchall()
        return [row[0] for row in dated] + [row[0] for row in undated]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def problems(self) -> list[Problem]:
        found = [
            # The stored path is the file system's (to match the next scan); show it cleaned.
            Problem(sanitise(path), kind, message, "error")
            for path, kind, message in self.db.execute("SELECT path, kind, message FROM bad_files")
        ]
        found += [
            Problem(path, kind, message, severity)
            for path, kind, message, severity in self.db.execute("SELECT * FROM scan_problems")
        ]
        return found

    def archive(self, limit: int | None = None) -> Archive:
        """The archive as the index knows it (its newest `limit` articles only, when given);
        bodies are read from the files when asked for."""
        from reader.load import read_body

        articles = self.articles(limit)
        bad = int(self.db.execute("SELECT count(*) FROM bad_files").fetchone()[0])
        root = self.root
        return Archive.build(
            root,
            articles,
            self.problems(),
            files=len(articles) + bad,
            read_body=lambda article: read_body(root, article),
        )


def _clean(problem: Problem) -> Problem:
    return Problem(sanitise(problem.path), problem.kind, sanitise(problem.message), problem.severity)


def _fingerprint(items: list[Found | Problem]) -> str:
    """A digest of what a scan found (paths, sizes, mtimes and problems), to tell an unchanged tree.
    marshal's version 2 writes no back-references, so equal lists give equal bytes."""
    listing = [
        (item.path, item.kind, item.message, item.severity) if isinstance(item, Problem) else tuple(item)
        for item in items
    ]
    return hashlib.blake2b(marshal.dumps(listing, 2), digest_size=16).hexdigest()


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The secondary indexes, to drop and create again around a first build. (Statement by statement:
# `executescript` would commit the transaction they belong to.)
_CREATE_INDEXES = [line for line in _SCHEMA.splitlines() if line.startswith("CREATE INDEX IF NOT EXISTS")]
_DROP_INDEXES = [f"DROP INDEX IF EXISTS {line.split()[5]}" for line in _CREATE_INDEXES]
_INSERT = f"INSERT INTO articles(id, file, json, {COLUMNS.split(', ', 1)[1]}) VALUES ({','.join('?' * 22)})"
# A count arrives for a row whose `json` says `"words": null`. That text can only be the key and its
# value: inside a JSON string every `"` is escaped.
_SET_WORDS = (
    "UPDATE articles SET words = ?2, json = replace(json, '\"words\": null', '\"words\": ' || ?2) "
    "WHERE id = ?1 AND words IS NULL"
)
_SET_WORDS_INDEXED = (
    "UPDATE articles SET indexed = 1, words = ?2, json = CASE WHEN words IS NULL "
    "THEN replace(json, '\"words\": null', '\"words\": ' || ?2) ELSE json END WHERE id = ?1"
)


class _Reader:
    """The metadata phase's reading. Chunks of files go to worker processes while the scan is still
    walking (a pool starts once there are enough of them); this process reads chunks too, while the
    pool starts and whenever the workers have enough queued. Few files are read here alone."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.pending: list[ToRead] = []
        self.queue: deque[tuple[int, list[ToRead]]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        self.sent: dict[int, tuple[list[ToRead], Future[list[Row]]]] = {}
        self.done: dict[int, list[Row]] = {}
        self.chunks = 0
        self.stored = 0  # chunks handed to the store so far (in order)
        self.starting: threading.Thread | None = None
        self.total = 0
        self.read = 0

    def add(self, item: ToRead) -> None:
        self.pending.append(item)
        self.total += 1
        if len(self.pending) >= CHUNK:
            self._queue()
            self._send()

    def _queue(self) -> None:
        if self.pending:
            self.queue.append((self.chunks, self.pending))
            self.chunks += 1
            self.pending = []

    def _send(self) -> None:
        """Keep each worker two chunks ahead; start the pool once there is enough work for one."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is None:
            if self.total < PARALLEL_MIN or _workers() < 2:
                return
            try:
                self.pool = ProcessPoolExecutor(max_workers=_workers(), mp_context=_pool_context())
            except OSError:
                return
            # Starting the workers blocks until the fork server has imported the parsers: let a
            # thread wait for that while this one goes on scanning and reading.
            self.starting = threading.Thread(target=_start_workers, args=(self.pool,), daemon=True)
            self.starting.start()
        if self.starting is not None and self.starting.is_alive():
            return
        while self.queue and sum(not future.done() for _, future in self.sent.values()) < 2 * _workers():
            number, chunk = self.queue.popleft()
            try:
                self.sent[number] = (chunk, self.pool.submit(_read_rows, chunk))
            except (BrokenProcessPool, OSError, RuntimeError):
                self.queue.appendleft((number, chunk))
                return

    def _collect(self, wait: bool) -> None:
        from concurrent.futures.process import BrokenProcessPool

        for number, (chunk, future) in list(self.sent.items()):
            if not (wait or future.done()):
                continue
            try:
                rows = future.result()
            except (BrokenProcessPool, OSError, RuntimeError):
                # No worker processes here (a sandbox, an odd __main__): read in this process instead.
                rows = _read_rows(chunk)
            del self.sent[number]
            self._keep(number, rows)

    def _keep(self, number: int, rows: list[Row]) -> None:
        self.done[number] = rows
        self.read += len(rows)
        if self.progress is not None:
            self.progress("reading", self.read, self.total)

    def finish(self, store: Callable[[list[Row]], None]) -> None:
        """Read what is left (here and in the workers), handing rows to `store` in file order."""
        self._queue()
        self._send()
        while self.queue:
            number, chunk = self.queue.popleft()
            self._keep(number, _read_rows(chunk))
            self._collect(wait=False)
            self._send()
            self._store_ready(store)
        while self.sent:
            self._collect(wait=False)
            self._store_ready(store)
            if self.sent:
                self._wait_any()
        self._store_ready(store)

    def _store_ready(self, store: Callable[[list[Row]], None]) -> None:
        while self.stored in self.done:
            store(self.done.pop(self.stored))
            self.stored += 1

    def _wait_any(self) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait

        wait([future for _, future in self.sent.values()], return_when=FIRST_COMPLETED)

    def close(self) -> None:
        if self.starting is not None:
            self.starting.join()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _ready() -> None:
    """Nothing: submitted once per worker to have the pool start them."""


def _start_workers(pool: ProcessPoolExecutor) -> None:
    with contextlib.suppress(Exception):  # a pool that cannot start shows when chunks are sent
        for _ in range(_workers()):
            pool.submit(_ready)


def _in_workers(
    work: Callable[[tuple[str, list[Any]]], list[Any]], root: str, todo: list[Any]
) -> Iterator[list[Any]]:
    """`work` over `todo` in chunks, in worker processes when there is much to do; results in order."""
    if len(todo) < PARALLEL_MIN or _workers() < 2:
        for batch in _batches(todo, BATCH):
            yield work((root, batch))
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [(root, chunk) for chunk in _batches(todo, CHUNK)]
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=_workers(), mp_context=_pool_context()) as pool:
            for batch in pool.map(work, chunks):
                done += 1
                yield batch
    except (BrokenProcessPool, OSError):
        for args in chunks[done:]:
            yield work(args)
