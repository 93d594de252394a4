"""What the app's workers run against the index: plain functions, each opening its own connection.

SQLite connections are not shared between threads; the index file (WAL) is shared between them.
"""

from __future__ import annotations

import os
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


def watch_archive(root: str, stop: threading.Event) -> Iterator[bool]:
    """Once the watch is set up, yield False at once (nothing changed yet: the watch is up) and
    then True each time articles under `root` were created, changed or deleted, until `stop` is set.

    watchfiles sets its watches up synchronously (slow on a big tree), so this runs in a thread;
    one unreadable folder must not end the watch.
    """
    from watchfiles import watch

    def relevant(change: object, path: str) -> bool:
        name = os.path.basename(path)
        return not name.startswith(".") and (is_article_name(name) or "." not in name)

    up = False
    for changes in watch(
        root,
        watch_filter=relevant,
        stop_event=stop,
        debounce=800,
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
