"""Reading files for the index: the rows the metadata phase stores, the bodies the full-text phase
indexes, the word counts; in worker processes when there are many files.

Imported by `reader.index.store` only when something is to be read. The rows' shapes are in
`reader.index.rows`.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from reader.index.rows import (
    SEP,
    BadFileRow,
    Counted,
    FulltextRow,
    FulltextSource,
    Progress,
    Row,
    ToRead,
    article_row,
    batches,
)
from reader.load.scan import Found, fork_safe
from reader.model import Problem
from reader.sqlite import db_name, os_name
from reader.text import count_words

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_MIN = 2000  # fewer changed files than this are read in this process
CHUNK = 500
AHEAD = 2  # chunks in flight per worker
BATCH = 2000


def read_rows(chunk: list[ToRead], words: bool = False) -> list[Row]:
    """Read a chunk of files for the metadata phase (in a worker process): rows ready to insert.
    Words (a pass over every body) are counted only with `words`; otherwise `update_words` or
    `update_fulltext` counts them later."""
    from reader.load import load_file

    rows: list[Row] = []
    for relpath, abspath, size, mtime in chunk:
        result = load_file(Found(relpath, abspath, size, mtime), words=words)
        if isinstance(result, Problem):
            rows.append(BadFileRow(db_name(relpath), size, mtime, result.kind, result.message))
        else:
            rows.append(article_row(relpath, result))
    return rows


def _body(root: str, path: str | bytes) -> str:
    """The body of the file at `path` as the loader splits it; a file that went bad (or became a
    FIFO, or grew past the size limit) has none."""
    from reader.load import read_text
    from reader.load.blocks import body_of

    try:
        return body_of(read_text(os.path.join(root, os_name(path))))
    except Exception:  # one file's failure (a LoadError or worse) never stops a phase
        return ""


def _fulltext_row(root: str, source: FulltextSource) -> tuple[FulltextRow, Counted]:
    """An article as the full-text index stores it, and its word count."""
    from reader.index.fulltext import BARRIER, index_text

    article_id, path, title, tags, categories, summary, uncounted = source
    body = _body(root, path)
    # One tag's last character and the next one's first are no phrase.
    labels = f" {BARRIER} ".join(name for field in (tags, categories) for name in field.split(SEP) if name)
    # As UTF-8 bytes, which FTS5 reads as the text they encode: they cross to the store as they are,
    # where a str is encoded to cross and decoded on arrival, then encoded again for SQLite.
    row: FulltextRow = (
        article_id,
        _utf8(index_text(title)),
        _utf8(index_text(labels)),
        _utf8(index_text(summary)),
        _utf8(index_text(body)),
    )
    # A count the metadata or word phase made stays as it is (`_SET_WORDS_INDEXED`): not made again.
    return row, (article_id, count_words(body) if uncounted else None)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "replace")


def fulltext_chunk(args: tuple[str, list[FulltextSource]]) -> list[tuple[FulltextRow, Counted]]:
    root, sources = args
    return [_fulltext_row(root, source) for source in sources]


def count_chunk(args: tuple[str, list[tuple[int, str]]]) -> list[Counted]:
    root, sources = args
    return [(article_id, count_words(_body(root, path))) for article_id, path in sources]


# Imported once by the fork server, so that each worker starts with them instead of importing them.
_PRELOAD = [
    "reader.index.build",
    "reader.load.frontmatter",
    "reader.load.yamlfast",
    "reader.load.yamlfull",
    "reader.load.normalise",
    "reader.markdown.parse",
]


def _pool_context() -> Any:
    """How worker processes start. A process running no other thread (the CLI) forks them: they
    start at once, with the parsers this process imported (a fork server costs a new interpreter
    importing them again, ~0.1 s of a 1 s first `list` at 10k, before any file is read). Never fork
    a process that may be running threads (the app): it starts clean workers from a fork server."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if _may_fork(methods):
        import importlib

        for name in _PRELOAD:
            importlib.import_module(name)
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    _start_resource_tracker()
    return context


def _may_fork(methods: list[str]) -> bool:
    """Whether forking is safe here (`reader.load.scan.fork_safe`) and multiprocessing offers it."""
    return "fork" in methods and fork_safe()


def _start_resource_tracker() -> None:
    """multiprocessing starts its resource tracker with `sys.stderr.fileno()` among the descriptors
    to pass on; inside the app sys.stderr is Textual's capture, whose fileno() is -1, and the start
    fails ("bad value(s) in fds_to_keep"). Start it with the real stderr in place."""
    import sys
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    except (OSError, ValueError):
        pass  # the pool's own start then fails too, and reading happens in this process
    finally:
        sys.stderr = captured


def _workers() -> int:
    return os.cpu_count() or 1


class Reader:
    """The metadata phase's reading. Chunks of files go to worker processes while the scan is still
    walking (a pool starts once there are enough of them); this process reads chunks too, while the
    pool starts and whenever the workers have enough queued. Few files are read here alone.
    With `words`, the word counts are read too (when no later phase reads the bodies anyway)."""

    def __init__(self, progress: Progress | None, words: bool = False) -> None:
        self.progress = progress
        self.words = words
        self.pending: list[ToRead] = []
        self.queue: deque[tuple[int, list[ToRead]]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        self.sent: dict[int, tuple[list[ToRead], Future[list[Row]]]] = {}
        self.done: dict[int, list[Row]] = {}
        self.chunks = 0
        self.stored = 0  # chunks handed to the store so far (in order)
        self.starting: threading.Thread | None = None
        self.broken = False
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
                context = _pool_context()
                self.pool = ProcessPoolExecutor(max_workers=_workers(), mp_context=context)
            except (OSError, ValueError):
                return
            if context.get_start_method() == "fork":
                _start_workers(self.pool)  # forked at once, before any thread starts
            else:
                # Starting the workers blocks until the fork server has imported the parsers: let
                # a thread wait for that while this one goes on scanning and reading.
                self.starting = threading.Thread(target=_start_workers, args=(self.pool,), daemon=True)
                self.starting.start()
        if self.broken or (self.starting is not None and self.starting.is_alive()):
            return
        while self.queue and sum(not future.done() for _, future in self.sent.values()) < AHEAD * _workers():
            number, chunk = self.queue.popleft()
            try:
                self.sent[number] = (chunk, self.pool.submit(read_rows, chunk, self.words))
            except (BrokenProcessPool, OSError, RuntimeError, ValueError):
                # No worker processes here (a sandbox, an odd __main__): read in this process instead.
                self.queue.appendleft((number, chunk))
                self.broken = True
                return

    def _collect(self, wait: bool) -> None:
        from concurrent.futures.process import BrokenProcessPool

        for number, (chunk, future) in list(self.sent.items()):
            if not (wait or future.done()):
                continue
            try:
                rows = future.result()
            except (BrokenProcessPool, OSError, RuntimeError, ValueError):
                # No worker processes here (a sandbox, an odd __main__): read in this process instead.
                rows = read_rows(chunk, self.words)
            del self.sent[number]
            self._keep(number, rows)

    def _keep(self, number: int, rows: list[Row]) -> None:
        self.done[number] = rows
        self.read += len(rows)
        if self.progress is not None:
            self.progress("reading", self.read, self.total)

    def finish(self, store: Callable[[list[Row]], None]) -> None:
        """Read what is left, handing rows to `store` in file order. This process reads only while
        there are no workers (yet): once they run, storing what they send is its share of the work."""
        self._queue()
        while self.queue or self.sent:
            self._send()
            if self.queue and not self._workers_ready():
                number, chunk = self.queue.popleft()
                self._keep(number, read_rows(chunk, self.words))
            elif self.sent:
                self._wait_any()
            self._collect(wait=False)
            self._store_ready(store)

    def _workers_ready(self) -> bool:
        running = self.pool is not None and not self.broken
        return running and not (self.starting is not None and self.starting.is_alive())

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


def _as_is(chunk: list[Any]) -> list[Any]:
    return chunk


def in_workers(
    work: Callable[[tuple[str, list[Any]]], list[Any]],
    root: str,
    todo: list[Any],
    load: Callable[[list[Any]], list[Any]] = _as_is,
) -> Iterator[list[Any]]:
    """`work` over `todo` in chunks, in worker processes when there is much to do; results in order.
    `load` turns a chunk of `todo` into what `work` is given, in this process, as the chunk is sent
    (so that only the chunks in flight are ever in memory whole)."""
    if len(todo) < PARALLEL_MIN or _workers() < 2:
        for batch in batches(todo, BATCH):
            yield work((root, load(batch)))
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = list(batches(todo, CHUNK))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=_workers(), mp_context=_pool_context()) as pool:
            # Only a few chunks ahead of the caller: a result waits in this process until the
            # caller has stored it, and the full-text phase's results are whole bodies (with every
            # chunk sent at once, 500 MB piled up at 100k while SQLite was the slower side).
            ahead: deque[Future[list[Any]]] = deque()
            for chunk in chunks:
                ahead.append(pool.submit(work, (root, load(chunk))))
                if len(ahead) > AHEAD * _workers():
                    batch = ahead.popleft().result()
                    done += 1
                    yield batch
            while ahead:
                batch = ahead.popleft().result()
                done += 1
                yield batch
    except (BrokenProcessPool, OSError, ValueError):
        for chunk in chunks[done:]:
            yield work((root, load(chunk)))
