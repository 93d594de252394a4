"""Find in an article: where a query occurs in rendered lines, in cells (wide characters count two)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from reader.text import term_spans

Match = tuple[int, int, int]  # line, first cell, cell after the last


def find_matches(lines: Sequence[str], query: str, limit: int = 10_000) -> list[Match]:
    """Every case-insensitive occurrence of `query` in `lines`, in reading order (at most `limit`)."""
    needle = query.casefold()
    if not needle.strip():
        return []
    found: list[Match] = []
    for number, line in enumerate(lines):
        folded = line.casefold()
        if needle not in folded:
            continue
        # casefold can change lengths (ß → ss); search the folded text only when it kept them.
        haystack = folded if len(folded) == len(line) else line.lower()
        start = haystack.find(needle)
        while start != -1:
            end = start + len(needle)
            found.append((number, cell_len(line[:start]), cell_len(line[:end])))
            if len(found) >= limit:
                return found
            start = haystack.find(needle, end)
    return found


def find_terms(lines: Sequence[str], terms: Sequence[str], limit: int = 10_000) -> list[Match]:
    """Every occurrence in `lines` of the search `terms` (a query's words and phrases), matched as
    the index matches them (`reader.text.term_spans`), in reading order (at most `limit`)."""
    found: list[Match] = []
    if not terms:
        return found
    for number, line in enumerate(lines):
        for start, end in term_spans(line, terms):
            found.append((number, cell_len(line[:start]), cell_len(line[:end])))
            if len(found) >= limit:
                return found
    return found
