"""A progress line on stderr for the command line, while the index is brought up to date.

A first `broadsheet list` or `search` of a big archive reads every file (10 s or more at 100k); on a
terminal it says so on one line, rewritten in place and wiped at the end. Only when stderr is a
terminal, and only once the work has taken half a second: a warm command prints nothing. The line
holds nothing from an article, and only a carriage return moves the cursor (no escape sequences).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from reader.index import Progress

_PHASES = {"reading": "reading files", "counting": "counting words", "indexing": "indexing for search"}


class ProgressLine:
    """A `Progress` callback that rewrites one line of `stream`."""

    DELAY = 0.5  # seconds of work before the line appears
    EVERY = 0.1  # seconds between rewrites

    def __init__(self, stream: TextIO, prog: str) -> None:
        self.stream = stream
        self.prog = prog
        self.started = time.monotonic()
        self.written = 0.0
        self.width = 0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.DELAY or (now - self.written < self.EVERY and done < total):
            return
        self.written = now
        what = _PHASES.get(phase, phase)
        text = f"{self.prog}: {what}: {done:,} of {total:,} ({done * 100 // max(total, 1)}%)"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


@contextlib.contextmanager
def indexing_progress(prog: str) -> Iterator[Progress | None]:
    """A `ProgressLine` on stderr when it is a terminal, else None; the line is wiped on the way out."""
    stream = sys.stderr
    try:
        terminal = stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal:
        yield None
        return
    line = ProgressLine(stream, prog)
    try:
        yield line
    finally:
        line.clear()
