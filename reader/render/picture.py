"""Local images drawn as pictures with half blocks (`▀`): two pixels a cell, in any colour terminal.

Kitty and Sixel graphics cannot live inside a line-based view, and tmux or a browser would not show
them; half blocks work everywhere colour does. Remote images are never fetched. A picture that cannot
be read draws nothing: the image's link line below it says what it was.
"""

from __future__ import annotations

import functools
import os
import stat
import warnings

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

MAX_PICTURE_WIDTH = 64
MAX_PICTURE_ROWS = 24
MAX_IMAGE_BYTES = 20 * 1024 * 1024


@functools.lru_cache(maxsize=32)
def _pixels(path: str, mtime: float, width: int, rows: int) -> tuple[tuple[tuple[int, int, int], ...], ...]:
    """The image scaled to fit `width` × `rows*2` pixels, as rows of RGB tuples ((), on failure)."""
    try:
        from PIL import Image  # imported here: only pictures need Pillow
    except ImportError:
        return ()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. DecompressionBombWarning: never print over the app
            with Image.open(path) as image:
                image.draft("RGB", (width * 4, rows * 8))  # JPEG: decode small, cheaply
                picture = image.convert("RGB")
    except Exception:  # any unreadable, truncated or hostile image: no picture
        return ()
    picture.thumbnail((width, rows * 2))
    columns, height = picture.size
    data = picture.tobytes()  # RGB, row after row
    pixels = [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]
    return tuple(tuple(pixels[row * columns : (row + 1) * columns]) for row in range(height))


class Picture:
    """A Rich renderable of a local image file, at most `MAX_PICTURE_WIDTH` cells wide."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _load(self, width: int) -> tuple[tuple[tuple[int, int, int], ...], ...]:
        try:
            info = os.stat(self.path)
        except OSError:
            return ()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_IMAGE_BYTES:
            return ()  # a FIFO would block Pillow's open; a huge file is not worth decoding
        return _pixels(self.path, info.st_mtime, max(1, min(width, MAX_PICTURE_WIDTH)), MAX_PICTURE_ROWS)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = min(options.max_width, MAX_PICTURE_WIDTH)
        return Measurement(1, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = self._load(options.max_width)
        for top in range(0, len(rows), 2):
            upper = rows[top]
            lower = rows[top + 1] if top + 1 < len(rows) else None
            for column, pixel in enumerate(upper):
                below = lower[column] if lower is not None else None
                style = Style(
                    color=Color.from_rgb(*pixel),
                    bgcolor=Color.from_rgb(*below) if below is not None else None,
                )
                yield Segment("▀", style)
            yield Segment.line()
