"""What changed between two versions of a text, word by word (one CJK character at a time).

Lines are compared first and only the lines that differ are compared word by word: the word diff
of a whole long article would be slow (difflib is quadratic at worst) and would match stray words
across paragraphs. Unchanged stretches are folded to a little context around each change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from reader.text import is_cjk

Op = Literal["same", "gone", "new", "fold"]
CONTEXT = 2  # unchanged lines shown before and after a change

# A run of letters or digits (no CJK), one CJK character, a run of spaces, or any other character.
_TOKEN = re.compile(r"[^\W_]+|\s+|.", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the diff: text that stayed, went, came, or `fold` (that many unchanged lines,
    in `text` as a number)."""

    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """Words, spaces and marks; a CJK character is a word of its own (Chinese has no spaces)."""
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if len(token) > 1 and any(is_cjk(char) for char in token):
            found.extend(_split_cjk(token))
        else:
            found.append(token)
    return found


def _split_cjk(token: str) -> list[str]:
    """`abc漢字def` → `abc`, `漢`, `字`, `def`."""
    parts: list[str] = []
    run = ""
    for char in token:
        if is_cjk(char):
            if run:
                parts.append(run)
                run = ""
            parts.append(char)
        else:
            run += char
    return [*parts, run] if run else parts


def word_diff(old: str, new: str, context: int | None = CONTEXT) -> list[Piece]:
    """The pieces that turn `old` into `new`, in order; `context` None shows every unchanged line."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    pieces: list[Piece] = []
    opcodes = matcher.get_opcodes()
    for number, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        if tag == "equal":
            lines = old_lines[a1:a2]
            first, last = number == 0, number == len(opcodes) - 1
            pieces += _context(lines, context, first, last)
        elif tag == "delete":
            pieces.append(Piece("gone", "".join(old_lines[a1:a2])))
        elif tag == "insert":
            pieces.append(Piece("new", "".join(new_lines[b1:b2])))
        else:
            pieces += _words("".join(old_lines[a1:a2]), "".join(new_lines[b1:b2]))
    return _merged(pieces)


def _context(lines: list[str], context: int | None, first: bool, last: bool) -> list[Piece]:
    """Unchanged lines: all of them, or `context` on the side of each change and a fold between."""
    if context is None:
        return [Piece("same", "".join(lines))]
    before = 0 if first else context
    after = 0 if last else context
    if len(lines) <= before + after + 1:
        return [Piece("same", "".join(lines))]
    head, tail = lines[:before], lines[len(lines) - after :]
    folded = len(lines) - before - after
    return [Piece("same", "".join(head)), Piece("fold", str(folded)), Piece("same", "".join(tail))]


def _words(old: str, new: str) -> list[Piece]:
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    pieces: list[Piece] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(old_tokens[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("gone", "".join(old_tokens[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("new", "".join(new_tokens[b1:b2])))
    return pieces


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbours of one kind joined, empty ones dropped."""
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].op == piece.op and piece.op != "fold":
            merged[-1] = Piece(piece.op, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def plain(pieces: list[Piece]) -> str:
    """The diff as plain text, wdiff's way: `[-gone-]{+new+}`, `⋯ 12 unchanged lines ⋯`."""
    parts = []
    for piece in pieces:
        if piece.op == "gone":
            parts.append(f"[-{piece.text}-]")
        elif piece.op == "new":
            parts.append(f"{{+{piece.text}+}}")
        elif piece.op == "fold":
            parts.append(f"⋯ {piece.text} unchanged lines ⋯\n")
        else:
            parts.append(piece.text)
    return "".join(parts)


def changed(pieces: list[Piece]) -> bool:
    return any(piece.op in ("gone", "new") for piece in pieces)
