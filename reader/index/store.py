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
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.index.fulltext import index_text
from reader.load import LoadError, decode, load_file, read_body
from reader.load.scan import Found, scan
from reader.model import Archive, Article, Problem, Stamp
from reader.text import sanitise

if TYPE_CHECKING:
    from reader.index.query import Query
    from reader.index.search import Hit

SCHEMA_VERSION = 4
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


def _load_chunk(chunk: list[Found]) -> list[Article | Problem]:
    """Read a chunk of files (in a worker process)."""
    return [load_file(found) for found in chunk]


# (id, path, title, tags, categories, summary) in; (id, title, labels, summary, body) out.
FulltextSource = tuple[int, str, str, str, str, str]
FulltextRow = tuple[int, str, str, str, str]


def _fulltext_row(root: str, source: FulltextSource) -> FulltextRow:
    """An article as the full-text index stores it; a file that went bad indexes without its body."""
    from reader.load.frontmatter import FrontMatterError, split

    article_id, path, title, tags, categories, summary = source
    try:
        with open(os.path.join(root, path), "rb") as handle:
            text = sanitise(decode(handle.read()).text)
        body = split(text).body
    except (OSError, LoadError, FrontMatterError):
        body = ""
    labels = " ".join(f"{tags} {categories}".split(SEP))
    return (article_id, index_text(title), index_text(labels), index_text(summary), index_text(body))


def _fulltext_chunk(args: tuple[str, list[FulltextSource]]) -> list[FulltextRow]:
    root, sources = args
    return [_fulltext_row(root, source) for source in sources]


def _pool_context() -> Any:
    # Never fork a process that may be running threads (the app): start clean workers instead.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


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

    def update(self, progress: Progress | None = None, fulltext: bool = True) -> UpdateStats:
        """Bring the index in line with the files under ROOT; see the module docstring."""
        try:
            return self._update(progress, fulltext)
        except sqlite3.DatabaseError:
            # A corrupt index: start again from nothing, once.
            self.db.close()
            self._discard()
            self.db = self._open()
            stats = self._update(progress, fulltext)
            stats.rebuilt = True
            return stats

    def _update(self, progress: Progress | None, fulltext: bool) -> UpdateStats:
        started = time.perf_counter()
        stats = UpdateStats()
        known: dict[str, tuple[int, float]] = {
            path: (size, mtime)
            for path, size, mtime in self.db.execute(
                "SELECT file, size, mtime FROM articles UNION ALL SELECT path, size, mtime FROM bad_files"
            )
        }
        todo: list[Found] = []
        seen: set[str] = set()
        for item in scan(self.root):
            if isinstance(item, Problem):
                stats.problems.append(
                    Problem(sanitise(item.path), item.kind, sanitise(item.message), item.severity)
                )
                continue
            stats.files += 1
            seen.add(item.relpath)
            previous = known.get(item.relpath)
            if previous is None:
                stats.added += 1
                todo.append(item)
            elif previous != (item.size, item.mtime):
                stats.changed += 1
                todo.append(item)
            else:
                stats.unchanged += 1
        gone = [path for path in known if path not in seen]
        stats.removed = len(gone)
        results = self._load(todo, progress)
        with self._transaction() as db:
            self._forget(db, gone + [found.relpath for found in todo])
            self._store(db, todo, results)
            db.execute("DELETE FROM scan_problems")
            db.executemany(
                "INSERT INTO scan_problems VALUES (?, ?, ?, ?)",
                [(p.path, p.kind, p.message, p.severity) for p in stats.problems],
            )
        if fulltext:
            stats.indexed = self.update_fulltext(progress)
        stats.seconds = time.perf_counter() - started
        return stats

    def _load(self, todo: list[Found], progress: Progress | None) -> list[Article | Problem]:
        total = len(todo)
        if total < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
            results: list[Article | Problem] = []
            for number, found in enumerate(todo, 1):
                results.append(load_file(found))
                if progress is not None and number % 500 == 0:
                    progress("reading", number, total)
            return results
        chunks = [todo[start : start + CHUNK] for start in range(0, total, CHUNK)]
        results = []
        try:
            with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=_pool_context()) as pool:
                for chunk_results in pool.map(_load_chunk, chunks):
                    results.extend(chunk_results)
                    if progress is not None:
                        progress("reading", len(results), total)
        except (BrokenProcessPool, OSError):
            # No worker processes here (a sandbox, an odd __main__): read in this process instead.
            results = [result for chunk in chunks for result in _load_chunk(chunk)]
        return results

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

    def _store(self, db: sqlite3.Connection, todo: list[Found], results: list[Article | Problem]) -> None:
        insert = (
            f"INSERT INTO articles(file, json, {COLUMNS.split(', ', 1)[1]}) VALUES ({','.join('?' * 21)})"
        )
        for found, result in zip(todo, results, strict=True):
            if isinstance(result, Problem):
                db.execute(
                    "INSERT OR REPLACE INTO bad_files VALUES (?, ?, ?, ?, ?)",
                    (found.relpath, found.size, found.mtime, result.kind, result.message),
                )
                continue
            # `file` is the name on disk (what the next scan compares); `path` the cleaned one shown.
            # `json` is the article's `list --json` item, ready to print (see `json_lines`).
            as_json = json.dumps(result.to_json(), ensure_ascii=False)
            cursor = db.execute(insert, (found.relpath, as_json, *_article_values(result)))
            article_id = cursor.lastrowid
            db.executemany("INSERT INTO article_tags VALUES (?, ?)", [(article_id, t) for t in result.tags])
            db.executemany(
                "INSERT INTO article_categories VALUES (?, ?)", [(article_id, c) for c in result.categories]
            )

    def pending_fulltext(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0])

    def update_fulltext(self, progress: Progress | None = None) -> int:
        """Index the bodies of articles not yet in the full-text index; returns how many."""
        self._rebuild_fulltext_if_stale()
        rows = self.db.execute(
            "SELECT id, file, title, tags, categories, summary FROM articles WHERE indexed = 0"
        )
        todo: list[FulltextSource] = rows.fetchall()
        total = len(todo)
        done = 0
        for batch in self._fulltext_batches(todo):
            with self._transaction() as db:
                db.executemany(
                    "INSERT INTO fulltext(rowid, title, labels, summary, body) VALUES (?, ?, ?, ?, ?)", batch
                )
                db.executemany("UPDATE articles SET indexed = 1 WHERE id = ?", [(row[0],) for row in batch])
            done += len(batch)
            if progress is not None:
                progress("indexing", done, total)
        return total

    def _fulltext_batches(self, todo: list[FulltextSource]) -> Iterator[list[FulltextRow]]:
        if len(todo) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
            for batch in _batches(todo, BATCH):
                yield _fulltext_chunk((self.root, batch))
            return
        work = [(self.root, chunk) for chunk in _batches(todo, CHUNK)]
        done = 0
        try:
            with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=_pool_context()) as pool:
                for batch in pool.map(_fulltext_chunk, work):
                    done += 1
                    yield batch
        except (BrokenProcessPool, OSError):
            for args in work[done:]:
                yield _fulltext_chunk(args)

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
        rows = self.db.execute("SELECT json FROM articles ORDER BY date_ts IS NULL, date_ts DESC, path")
        return [row[0] for row in rows]

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


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
