"""Helpers for the app's worker threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a worker builds a large article.

    Rendering a 1 MB article creates millions of objects; each full collection they trigger holds the
    GIL for ~100 ms and freezes the UI thread meanwhile. Reference counting still frees almost
    everything; the collector runs again as soon as the last worker is done.
    """
    global _paused
    with _lock:
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if not _paused:
                gc.enable()


OLD_FOREVER = 1 << 30  # a gen-2 threshold no load reaches: no full collection while it holds


@contextmanager
def young_collections_only() -> Iterator[None]:
    """Let the collector find young garbage but never start a full collection, while a worker loads
    a big archive. The worker freezes what it keeps (`gc.freeze`) before leaving, and no full
    collection need ever walk it.

    A full collection over 100k articles holds the GIL for 150–250 ms, and the UI thread waits that
    long: first the ones the loading set off, later the one that made room for the freeze. Cycles
    die young here (a full collection after such a load found nothing to free), so the young
    collections, ~1 ms each, free them as before; the whole process keeps collecting meanwhile.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], OLD_FOREVER)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
