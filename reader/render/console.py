"""The console `show`, `list` and the other commands print with: colour and hyperlinks on a terminal,
and plain text without a single escape byte (or a padding space) everywhere else."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from typing import IO, Any, Literal, cast

from rich.console import Console

from reader.render.theme import THEME
from reader.terminal import DEFAULT_WIDTH, width_off_terminal
from reader.terminal import plain as is_plain

ColorMode = Literal["auto", "always", "never"]
_PADDING = re.compile(r"[ ]+\n")


class TrimmedLines(io.TextIOBase):
    """A text stream that writes to `out` without the spaces Rich pads plain lines with."""

    def __init__(self, out: Any) -> None:
        super().__init__()
        self._out = out
        self._tail = ""  # the end of a line not finished yet: its padding may still come

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._out, "encoding", None) or "utf-8")

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        whole, newline, self._tail = (self._tail + text).rpartition("\n")
        if newline:
            self._out.write(_PADDING.sub("\n", whole + newline))
        return len(text)

    def flush(self) -> None:
        if self._tail:
            self._out.write(self._tail.rstrip(" "))
            self._tail = ""
        self._out.flush()


def _width(out: Any, is_tty: bool) -> int:
    """The terminal's width; off a terminal, `reader.terminal.width_off_terminal`."""
    if is_tty:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            return os.get_terminal_size(out.fileno()).columns
        return DEFAULT_WIDTH
    return width_off_terminal()


class PagerConsole(Console):
    """A Console writing into a pager's input: a pager quit before the end is a BrokenPipeError
    for the writer to catch, not Rich's way (stdout sent to /dev/null, and exit status 1)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def screen_console(width: int) -> Console:
    """The console the reading pane renders with (and the HTML export, so that it has the pane's
    colours): true colour, the theme, no markup, emoji or highlighting. It writes nowhere: its
    callers take the lines (`render_lines`)."""
    return Console(
        file=io.StringIO(),
        width=width,
        theme=THEME,
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


def make_console(
    color: ColorMode = "auto", width: int | None = None, file: Any = None, *, pager: bool = False
) -> Console:
    """A Console that prints with colour and hyperlinks, or with no escape byte at all.

    `never` and NO_COLOR mean plain; `always` means colour; `auto` means colour on a terminal, or
    into a pipe when FORCE_COLOR asks for it. The width is `width`, else the terminal's, else (off a
    terminal) $COLUMNS, else 80. Plain lines carry no trailing padding. `pager`: `file` is a pager's
    input, a pipe that ends on the terminal (so `auto` means colour).
    """
    out = file if file is not None else sys.stdout
    is_tty = pager or bool(getattr(out, "isatty", lambda: False)())
    plain = is_plain(color, is_tty)
    truecolor = os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit")
    stream = cast("IO[str]", TrimmedLines(out)) if plain else out
    return (PagerConsole if pager else Console)(
        file=stream,
        width=width or _width(out, is_tty),
        theme=THEME,
        color_system=None if plain else ("truecolor" if truecolor else "256"),
        force_terminal=not plain,
        no_color=plain,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
