"""Callouts: GitHub alerts (`> [!NOTE]`) and Obsidian's callouts (`> [!tip]- Title`).

`parse_marker` reads the first line of a quote; the Markdown layer strips the marker from the tokens
and renders the quote as a titled panel.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKER = re.compile(r"^\[!(?P<kind>[A-Za-z][\w-]*)\](?P<fold>[+-]?)[ \t]*(?P<title>.*)$")


# NamedTuples rather than frozen dataclasses: the same immutable values, and a tenth of the cost
# to define (~0.45 ms each at every start of `show` and of the app).
class Kind(NamedTuple):
    name: str
    icon: str
    title: str


# The five GitHub kinds, then Obsidian's, each with its aliases mapped onto a style.
_KINDS: dict[str, Kind] = {
    "note": Kind("note", "ℹ", "Note"),
    "tip": Kind("tip", "✱", "Tip"),
    "important": Kind("important", "❖", "Important"),
    "warning": Kind("warning", "▲", "Warning"),
    "caution": Kind("caution", "✖", "Caution"),
}
_ALIASES: dict[str, tuple[str, str]] = {
    # alias: (style kind, title)
    "info": ("note", "Info"),
    "abstract": ("note", "Abstract"),
    "summary": ("note", "Summary"),
    "tldr": ("note", "TL;DR"),
    "todo": ("note", "Todo"),
    "example": ("important", "Example"),
    "quote": ("note", "Quote"),
    "cite": ("note", "Quote"),
    "hint": ("tip", "Hint"),
    "success": ("tip", "Success"),
    "check": ("tip", "Check"),
    "done": ("tip", "Done"),
    "question": ("warning", "Question"),
    "help": ("warning", "Help"),
    "faq": ("warning", "FAQ"),
    "attention": ("warning", "Attention"),
    "failure": ("caution", "Failure"),
    "fail": ("caution", "Failure"),
    "missing": ("caution", "Missing"),
    "danger": ("caution", "Danger"),
    "error": ("caution", "Error"),
    "bug": ("caution", "Bug"),
}


class Callout(NamedTuple):
    """What a callout marker says: its style kind, the title to show, and how it folds."""

    kind: Kind
    title: str
    fold: str  # "", "+" (open, foldable) or "-" (folded)

    @property
    def style(self) -> str:
        return f"broadsheet.callout.{self.kind.name}"


def parse_marker(line: str) -> Callout | None:
    """A callout from the first line of a quote, or None for a plain quote."""
    found = _MARKER.match(line.strip())
    if not found:
        return None
    name = found["kind"].lower()
    if name in _KINDS:
        kind, default_title = _KINDS[name], _KINDS[name].title
    elif name in _ALIASES:
        style, default_title = _ALIASES[name]
        kind = _KINDS[style]
    else:
        # Unknown types are still callouts (Obsidian allows any name), drawn as notes.
        kind, default_title = _KINDS["note"], found["kind"].replace("-", " ").capitalize()
    return Callout(kind, found["title"].strip() or default_title, found["fold"])


class Folds(NamedTuple):
    """The callouts of an article that fold, by index: `[!x]-` ones start folded, `[!x]+` ones open.

    The reader flips single callouts (a click); `toggled` is the set of those flipped.
    """

    foldable: frozenset[int] = frozenset()
    folded: frozenset[int] = frozenset()  # folded until the reader flips them

    @classmethod
    def of(cls, markers: dict[int, str]) -> Folds:
        """From each callout's fold marker (`+`, `-` or none), by index."""
        return cls(
            frozenset(index for index, fold in markers.items() if fold),
            frozenset(index for index, fold in markers.items() if fold == "-"),
        )

    def __bool__(self) -> bool:
        return bool(self.foldable)

    def folded_with(self, toggled: frozenset[int]) -> frozenset[int]:
        """The callouts folded once those in `toggled` are flipped."""
        return (self.folded ^ toggled) & self.foldable

    def all_flipped(self, toggled: frozenset[int]) -> frozenset[int]:
        """What `toggled` becomes for `z`: every callout open when any is folded, else every one
        folded. (Flipping each would fold the open ones while opening the folded.)"""
        if self.folded_with(toggled):
            return self.folded
        return self.foldable - self.folded
