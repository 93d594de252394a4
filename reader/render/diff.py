"""A word diff (`reader.textdiff`) as Rich text: what went struck through in red, what came in
green, each also between wdiff's plain marks (`[-…-]`, `{+…+}`), which say the same without
colour (NO_COLOR, a screen reader, a copy of the text)."""

from __future__ import annotations

from rich.text import Text

from reader.text import sanitise
from reader.textdiff import Piece

GONE = "red strike"
NEW = "green bold"
MARK = "dim"


def diff_text(pieces: list[Piece]) -> Text:
    """The pieces as one text: article text is never markup, and control characters go."""
    text = Text(end="")
    for piece in pieces:
        if piece.op == "gone":
            text.append("[-", MARK)
            text.append(sanitise(piece.text), GONE)
            text.append("-]", MARK)
        elif piece.op == "new":
            text.append("{+", MARK)
            text.append(sanitise(piece.text), NEW)
            text.append("+}", MARK)
        elif piece.op == "fold":
            text.append(f"⋯ {piece.text} unchanged lines ⋯\n", "dim italic")
        else:
            text.append(sanitise(piece.text))
    return text
