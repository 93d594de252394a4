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
