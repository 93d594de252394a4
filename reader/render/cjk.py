"""Line breaking that Chinese readers and terminal purists both accept.

Rich breaks lines at spaces only, so a Chinese paragraph (which has none) is chopped wherever the
width runs out: Latin words split (`iPh|one`), tickers split (`09988.|HK`), lines start with `，`.
Here text is cut into *units* that may not be broken, and lines are filled unit by unit:

* a CJK character is a unit of its own: a line may break before or after it;
* a run of anything else that is not a space (a Latin word, a number, a ticker, a URL) is one unit;
* opening punctuation (`（「“《`) sticks to the unit after it, closing punctuation (`，。、）」”》…`)
  to the unit before it, so no line starts with a closing mark nor ends with an opening one;
* spaces stick to the unit before them and may overhang the line end, as Rich does.

This is the core of UAX #14's rules for CJK (classes ID, OP, CL, AL) in a single regular expression
pass; a unit wider than the line is folded by cells, so no line is ever wider than the width.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rich._pick import pick_bool
from rich._wrap import divide_line as rich_divide_line  # rich is pinned below 16 for this
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

from reader.text import CJK_CLASS

OPENING = "（「『“‘《〈【〔［｛〖〘｢"
CLOSING = "，。、；：？！）」』”’》〉】〕］｝〗〙｣…‥・·ー〜～％‰℃゛゜ゝゞヽヾ々〻"
# Ideographs, kana and CJK symbols, less the punctuation handled above; emoji break like ideographs.
# Hangul is left out on purpose: Korean breaks between words (at spaces), as `word-break: keep-all`.
IDEOGRAPHIC = CJK_CLASS.replace("\uac00-\ud7af", "") + "\u3000-\u303f\U0001f300-\U0001faff\u2600-\u27bf"
# What may follow an ideograph or emoji inside one unit: variation selectors, skin tones, and a ZWJ
# with the next emoji (👨‍👩‍👧 is one picture and one unit).
_JOINED = rf"(?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d[{IDEOGRAPHIC}])*+"

_O = re.escape(OPENING)
_C = re.escape(CLOSING)
_OTHER = rf"[^\s{IDEOGRAPHIC}{_O}{_C}\u200d]"
# Every repeated group is possessive (`*+`, `++`): each part of a unit is taken whole, so nothing
# is ever given back, and the engine keeps no backtracking state per character (a plain `+` kept
# ~120 bytes a character: a 7 MB word needed 900 MB).
UNIT = (
    rf"(?:[{_O}]+[^\S\n]*)*+"  # opening marks lean forward, even over a space: `（ 记者`
    # a closing-mark run, one ideograph, or a run of anything else (`’` inside it is an apostrophe: don’t)
    rf"(?:[{_C}]+|(?![{_C}{_O}])[{IDEOGRAPHIC}]{_JOINED}|(?:’?{_OTHER})++)?"
    rf"(?:[^\S\n]*[{_C}]+)*+"  # closing marks lean back, even over a space: `Rust ，`
    r"\s*"
)


@functools.cache
def _unit() -> re.Pattern[str]:
    """`UNIT`, compiled when a line first needs it: its classes of ideographs take ~3 ms to compile,
    which a `show` of English text never needs (ASCII lines break at spaces, as Rich does)."""
    return re.compile(UNIT)


# The cells of a unit with and without its trailing spaces, and its length, for the units seen
# lately (Chinese text repeats a few thousand characters): measuring each afresh was most of the
# line breaker's time. Short units only, and cleared when full, so it stays small.
_MEASURES: dict[str, tuple[int, int, int]] = {}
MEASURES_KEPT = 8192


def _plain_words_that_fit(text: str, width: int) -> bool:
    """ASCII text whose every word fits a line, not starting with a space: there Rich's breaking at
    spaces gives exactly our breaks. (Rich counts leading spaces into the first word and folds long
    words differently, so not with those.)"""
    if not text.isascii() or text[:1].isspace() or "\n" in text or "\t" in text:
        return False
    return max(map(len, text.split(" ")), default=0) <= width


def units(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, unit) for each unbreakable unit of `text`, trailing spaces included."""
    position, length = 0, len(text)
    match = _unit().match
    while position < length:
        found = match(text, position)
        end = found.end() if found else position
        if end == position:  # a lone opening mark at the end, or a character no branch takes
            end = position + 1
        yield position, end, text[position:end]
        position = end


def divide_line(text: str, width: int) -> list[int]:
    """Offsets at which to break `text` so no line is wider than `width` cells."""
    return _divide(text, width)[0]


def _divide(text: str, width: int) -> tuple[list[int], list[int] | None]:
    """`divide_line`'s offsets, and the cells of each line they make (None when not counted): the
    breaker adds them up anyway, and `CJKText.wrap` would otherwise measure every line twice."""
    if len(text) <= width:
        cells = cell_len(text)
        if cells <= width:
            return [], [cells]  # fits already: most table cells, list items and headings
    if _plain_words_that_fit(text, width):
        # Breaking at spaces is all there is, and Rich does that in half the time. Printable ASCII
        # takes a cell a character.
        offsets = rich_divide_line(text, width, fold=True)
        if not text.isprintable():
            return offsets, None
        ends = [*offsets, len(text)]
        return offsets, [end - start for start, end in zip([0, *offsets], ends, strict=True)]
    breaks: list[int] = []
    lines: list[int] = []  # the cells of each line ended so far
    line = 0
    measures = _MEASURES
    if len(measures) > MEASURES_KEPT:
        measures.clear()
    start, length = 0, len(text)
    # One findall for the whole line (a generator of matches cost a quarter of the time). The units
    # are contiguous: an empty match stands for a character no branch takes (a lone ZWJ), which is
    # a unit of its own, as in `units`; the last empty match, at the end, stands for nothing.
    for unit in _unit().findall(text):
        known = measures.get(unit)  # never "": that is not kept
        if known is None:
            if not unit:
                unit = text[start : start + 1]
                if not unit:
                    break
            full = cell_len(unit)
            known = (full, cell_len(unit.rstrip()) if unit[-1].isspace() else full, len(unit))
            if len(unit) <= 32:
                measures[unit] = known
        full, visible, size = known
        if line + visible <= width:
            line += full
        elif visible <= width:
            if start:
                breaks.append(start)
                lines.append(line)
            line = full
        else:  # wider than any line: fold it by cells
            if start and line:
                breaks.append(start)
                lines.append(line)
            pieces = _chop(unit.rstrip(), width)
            offset = start
            for piece in pieces[:-1]:
                offset += len(piece)
                breaks.append(offset)
                lines.append(cell_len(piece))  # a line of its own (what came before it has no cells)
            line = cell_len(pieces[-1]) + (full - visible)
        start += size
    lines.append(line)
    kept = [offset for offset in breaks if 0 < offset < length]
    return kept, (lines if len(kept) == len(breaks) else None)


def _chop(unit: str, width: int) -> list[str]:
    """A unit wider than a line, cut into lines of at most `width` cells (none empty), each cut moved
    back where a closing mark would start a line or an opening one end it (`https://…[2]，，` at 30
    cells left the last `，` alone on a line): what has to go down takes the characters before it."""
    lines: list[str] = []
    start, size = 0, len(unit)
    while start < size:
        end, cells = start, 0
        while end < size and cells + (cell := cell_len(unit[end])) <= width:
            cells += cell
            end += 1
        if cells == 0:  # a character wider than the line (after any zero-width ones) is a line
            end += 1
        if end >= size:
            lines.append(unit[start:])
            break
        cut = end
        while cut > start + 1 and _bad_cut(unit, cut):
            cut -= 1
        if _bad_cut(unit, cut):
            cut = end  # nowhere better (a run of closing marks): cut by cells
        lines.append(unit[start:cut])
        start = cut
    return lines


def _bad_cut(text: str, cut: int) -> bool:
    return text[cut - 1] in OPENING or text[cut] in CLOSING


def _fit(piece: Text, cells: int, width: int, justify: JustifyMethod, overflow: OverflowMethod) -> None:
    """What Rich's wrap does to a wrapped line (`rstrip_end`, `Lines.justify`, `truncate`), knowing
    its cells: a line that fits is only padded (`left`) or left alone (`default`). The rest, and text
    whose cells do not simply add up (a ZWJ, a variation selector), take Rich's own steps."""
    plain = piece.plain
    if len(plain) > width or cells > width or "\u200d" in plain or "\ufe0f" in plain:
        piece.rstrip_end(width)
        try:
            if justify == "left":
                piece.truncate(width, overflow=overflow, pad=True)
            piece.truncate(width, overflow=overflow)
        except ZeroDivisionError:  # Rich 15 cannot cut a line that starts with ZWJs ("\u200d\u200d中")
            while piece.cell_len > width and len(piece) > 1:
                piece.right_crop(1)
    elif justify == "left" and cells < width:
        piece._text = [plain + " " * (width - cells)]  # as Rich's truncate(pad=True) pads
        piece._length = len(piece._text[0])


JOINED_LINES = 64  # wrapped lines rendered as one piece


class CJKText(Text):
    """A Rich `Text` that wraps by the rules above instead of at spaces only."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or (no_wrap is None and self.no_wrap) or overflow == "ignore":
            return super().wrap(
                console,
                width,
                justify=justify,
                overflow=overflow,
                tab_size=tab_size,
                no_wrap=no_wrap,
            )
        wrap_justify: JustifyMethod = justify or self.justify or "default"
        wrap_overflow: OverflowMethod = overflow or self.overflow or "fold"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            offsets, cells = _divide(line.plain, width)
            new_lines = line.divide(offsets)
            if cells is not None and wrap_justify in ("left", "default"):
                for piece, piece_cells in zip(new_lines, cells, strict=True):
                    _fit(piece, piece_cells, width, wrap_justify, wrap_overflow)
            else:
                for piece in new_lines:
                    piece.rstrip_end(width)
                if wrap_justify:
                    new_lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
                for piece in new_lines:
                    piece.truncate(width, overflow=wrap_overflow)
            lines.extend(new_lines)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        """Rich's rendering, `JOINED_LINES` lines at a time. Rich joins all the wrapped lines into one
        string, which the Console then splits at each newline, copying the rest each time: quadratic
        in the paragraph's length (a 7 MB paragraph spent ~17 s there). The segments are the same."""
        tab_size: int = console.tab_size if self.tab_size is None else self.tab_size
        lines = self.wrap(
            console,
            options.max_width,
            justify=self.justify or options.justify or DEFAULT_JUSTIFY,
            overflow=self.overflow or options.overflow or DEFAULT_OVERFLOW,
            tab_size=tab_size or 8,
            no_wrap=pick_bool(self.no_wrap, options.no_wrap, False),
        )
        for start in range(0, max(len(lines), 1), JOINED_LINES):
            last = start + JOINED_LINES >= len(lines)
            chunk = Text("\n").join(lines[start : start + JOINED_LINES])
            yield from chunk.render(console, end=self.end if last else "\n")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The narrowest width is that of the widest unit, not of the longest space-free run."""
        text = self.plain
        if not text.strip():
            return Measurement(0, 0)
        widest = max((cell_len(unit.rstrip()) for _, _, unit in units(text)), default=0)
        longest = max(cell_len(line) for line in text.splitlines()) if text else 0
        return Measurement(widest, longest).with_maximum(options.max_width)


def cjk_text(text: Text) -> CJKText:
    """A `CJKText` with the same content, spans and settings as `text`."""
    copy = CJKText(
        text.plain,
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        no_wrap=text.no_wrap,
        end=text.end,
        tab_size=text.tab_size,
    )
    copy._spans[:] = text._spans
    return copy
