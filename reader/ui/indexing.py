"""What the app's workers run against the index: plain functions, each opening its own connection.

SQLite connections are not shared between threads; the index file (WAL) is shared between them.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import select
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping

from reader import rules
from reader.index import Hit, NewestSoFar, Progress, UpdateStats, is_article_name, open_index, parse_query
from reader.model import Archive, Article, Mark
from reader.state import ReadingState, StateDamage


def first_page(root: str, size: int) -> tuple[tuple[Archive, int] | None, str | None]:
    """The newest `size` articles the index holds, and how many it holds (None unless it holds
    more: a big archive is on screen from these while the rest is read); and why the index is not
    in the cache dir (`Index.trouble`), if it is not."""
    with open_index(root) as index:
        total = index.count()
        return ((index.archive(limit=size), total) if total > size else None), index.trouble


def warm_archive(root: str) -> Archive | None:
    """What the index already holds, without looking at the files; None for a new index."""
    with open_index(root) as index:
        archive = index.archive()
    return archive if archive.files else None


def refreshed_archive(
    root: str,
    progress: Progress | None = None,
    words: bool = True,
    base: Archive | None = None,
    newest: NewestSoFar | None = None,
) -> tuple[Archive, UpdateStats]:
    """The archive after a stat walk and the re-reading of what changed, with what changed.
    With `words=False` new articles come without a word count (the full-text phase counts them).
    Given `base`, the archive as it was, only the changed rows are read from the index; `newest`
    learns of each article as it is stored."""
    with open_index(root) as index:
        stats = index.update(progress, fulltext=False, words=words, newest=newest)
        if base is None:
            return index.archive(), stats
        return (index.patched(base, stats) if changed(stats) else base), stats


def changed(stats: UpdateStats) -> bool:
    return bool(stats.added or stats.changed or stats.removed or stats.rebuilt)


WATCH_TICK = 250  # ms: how soon the watcher answers when nothing changes (its first answer says it is up)
WATCH_DEBOUNCE = 800  # ms: changes this close together come as one

# The watcher's own process. watchfiles sets its watches up holding the GIL (190-430 ms for the
# 1,400 folders of a 100k archive), which froze the app's UI thread meanwhile, though it ran in a
# worker thread; in a process of its own it holds only its own. It prints one JSON line for every
# batch of changes (the paths; first of all `[]`: the watch is up), or one `{"error": …}` line
# before it ends, and ends when its stdin closes (the app is gone). It imports nothing of ours:
# the app filters the paths (`_relevant`), and the hidden ones never come.
WATCHER = r"""
import json, os, signal, sys, threading
signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the app's to handle
os.nice(10)  # setting the watch up is not urgent: the app's UI thread comes first for a CPU
from watchfiles import watch
stop = threading.Event()
def orphaned():
    sys.stdin.buffer.read()
    stop.set()
threading.Thread(target=orphaned, daemon=True).start()
root, debounce, tick = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
up = None
try:
    for changes in watch(
        root, watch_filter=lambda change, path: not os.path.basename(path).startswith("."),
        stop_event=stop, debounce=debounce, rust_timeout=tick, yield_on_timeout=True,
        ignore_permission_denied=True, raise_interrupt=False,
    ):
        if changes or up is None:
            print(json.dumps(sorted(path for _, path in changes)), flush=True)
        up = True
except Exception as error:
    described = [type(error).__name__, list(error.args), str(error)]
    print(json.dumps({"error": described}, default=str), flush=True)
    sys.exit(1)
"""


def _relevant(path: str) -> bool:
    """An article, or what may be a folder of them; never a hidden name."""
    name = os.path.basename(path)
    return not name.startswith(".") and (is_article_name(name) or "." not in name)


def watch_archive(root: str, stop: threading.Event) -> Iterator[bool]:
    """Once the watch is set up, yield False at once (nothing changed yet: the watch is up) and
    then True each time articles under `root` were created, changed or deleted, until `stop` is set.

    watchfiles sets its watches up synchronously, holding the GIL (slow on a big tree): it runs in
    a process of its own (`WATCHER`), and here only where that process cannot be started or ends
    without a word before the watch is up (an app without an interpreter that can import watchfiles
    on its own). One unreadable folder must not end the watch.
    """
    try:
        child = _start_watcher(root)
    except OSError:
        child = None
    if child is not None:
        try:
            up = False
            for paths in _batches(child, stop):
                relevant = any(_relevant(path) for path in paths)
                if relevant or not up:
                    yield relevant
                up = True
            return
        except _Silent:
            if up:
                raise
        finally:
            _end(child)
    yield from _watch_here(root, stop)


class _Silent(OSError):
    """The watcher's process ended without saying why."""


def _start_watcher(root: str) -> subprocess.Popen[bytes] | None:
    """The watcher's process (None where there is no interpreter to start, or no pipes to select)."""
    if not sys.executable or os.name == "nt":
        return None
    return subprocess.Popen(
        # -P: nothing is imported from the current folder, which may be the archive.
        [sys.executable, "-P", "-c", WATCHER, root, str(WATCH_DEBOUNCE), str(WATCH_TICK)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _batches(child: subprocess.Popen[bytes], stop: threading.Event) -> Iterator[list[str]]:
    """The watcher's batches of paths, until `stop` is set; raises what ended the watcher."""
    assert child.stdout is not None
    fd, pending, last = child.stdout.fileno(), b"", b""
    while not stop.is_set():
        if not select.select([fd], [], [], WATCH_TICK / 1000)[0]:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:  # the watcher ended
            raise _watcher_error(last, child.wait())
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            last = line
            message = json.loads(line)
            if isinstance(message, list):
                yield [path for path in message if isinstance(path, str)]


def _watcher_error(line: bytes, status: int) -> Exception:
    """The watcher's own error as it would have been raised here: the same built-in exception
    with the same arguments (`OSError(28, …)`, `FileNotFoundError(…)`), else one of that name."""
    try:
        name, args, text = json.loads(line)["error"]
    except (ValueError, TypeError, KeyError):
        return _Silent(f"the watcher ended (status {status})")
    kind = getattr(builtins, str(name), None)
    if isinstance(kind, type) and issubclass(kind, Exception) and isinstance(args, list):
        with contextlib.suppress(Exception):
            error: Exception = kind(*args)
            return error
    named: type[RuntimeError] = type(str(name), (RuntimeError,), {})
    return named(str(text))


def _end(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        child.terminate()
    child.wait()
    for pipe in (child.stdin, child.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


def _watch_here(root: str, stop: threading.Event) -> Iterator[bool]:
    """`watch_archive` in this process (where the watcher's own cannot be started)."""
    from watchfiles import watch

    up = False
    for changes in watch(
        root,
        watch_filter=lambda change, path: _relevant(path),
        stop_event=stop,
        debounce=WATCH_DEBOUNCE,
        rust_timeout=WATCH_TICK,
        yield_on_timeout=True,  # an empty answer now and then: the first one says the watch is up
        ignore_permission_denied=True,
        raise_interrupt=False,
    ):
        if changes or not up:
            yield bool(changes)
        up = True


def index_fulltext(root: str, progress: Progress | None = None) -> int:
    """Add every body not yet searchable to the full-text index; how many were added."""
    with open_index(root) as index:
        return index.update_fulltext(progress)


def load_marks(root: str, articles: tuple[Article, ...]) -> tuple[dict[str, Mark], StateDamage | None]:
    """Reading state of `articles`, by path, and the damage that keeps it in memory, if any."""
    with ReadingState(root) as state:
        return state.marks(articles), state.damage


def search(root: str, query: str, marks: Mapping[str, Mark], limit: int = 500) -> list[Hit]:
    with open_index(root) as index:
        return rules.search(index, parse_query(query), marks, limit=limit)


def count_saved(root: str, searches: Mapping[str, str], marks: Mapping[str, Mark]) -> dict[str, int]:
    """How many articles each saved search finds (by name), one index connection for them all."""
    with open_index(root) as index:
        return {name: rules.count(index, parse_query(query), marks) for name, query in searches.items()}
