"""Fuzzy jump to a title: fzf-style ranking over titles and paths, CJK and pinyin initials included.

A query's characters must appear in order (a subsequence) in the title, the path, or the title's
pinyin initials (`dtsx` finds 地铁4号线: 地 d, 铁 t, 4 sì, 号 h, 线 x). Words of a query separated
by spaces must each match. Matches score more when consecutive and at word starts, less across
gaps; equal scores go to the shorter title. Pure Python, no Textual: the app ranks in a worker.

Pinyin comes from pypinyin's table of single characters, read on first use (~70 ms and ~5 MiB:
never on the UI thread). Each character brings the initials of all its
readings (长 is c or z), and digits their Chinese reading's too (4 is also s).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.model import MARKDOWN_SUFFIXES
from reader.text import is_cjk

MATCH = 16  # a matched character
WORD_START = 8  # … at the start of a word (or of the text)
FIRST_CHAR = 2  # the word-start bonus counts this many times for the query's first character
CONSECUTIVE = 6  # … right after the previous matched character
GAP_START, GAP_EXTEND = 3, 1  # the cost of a gap, and of each character in it
PATH_SHARE = 0.75  # a match in the path is worth this share of the same match in the title
INITIALS_SHARE = 0.9  # a match of pinyin initials, this share of the title's
WORD_START_TRIES = 8  # occurrences of a term looked at for one at a word start
CHECK_EVERY = 2048  # candidates between two looks at "should I stop?"
DIGIT_READINGS = dict(zip("0123456789", "lyesswlqbj", strict=True))  # 零一二三四五六七八九

Initials = tuple[str, ...]  # per character of the title: every letter it may start with


@dataclass(frozen=True, slots=True)
class Candidate:
    """One article as the jump searches it: texts folded once, initials when the title is Chinese."""

    path: str
    title: str
    folded_title: str
    folded_path: str
    initials: Initials | None


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate that matched, with its score (higher is better)."""

    score: float
    candidate: Candidate


# --- pinyin initials --------------------------------------------------------------------------

_table: dict[int, str] | None = None
_table_lock = threading.Lock()
TABLE_FILE = "pinyin_dict.json"  # pypinyin's readings by code point: {"22320": "dì,de", …}


def _read_table() -> dict[int, str]:
    """pypinyin's character table, read from its data file without importing pypinyin itself:
    its package import also loads and trains its phrase segmenter (a second, ~45 MiB here), which
    initials do not need. Falls back on the import if the file has moved."""
    import importlib.util
    import json
    import os

    spec = importlib.util.find_spec("pypinyin")  # finds, does not import
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        try:
            with open(os.path.join(folder, TABLE_FILE), encoding="utf-8") as stream:
                readings = json.load(stream)
        except (OSError, ValueError):
            continue
        if isinstance(readings, dict):
            return {int(code): str(value) for code, value in readings.items() if str(code).isdigit()}
    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:  # a dependency; without it the jump still matches titles and paths
        return {}
    return dict(pinyin_dict)


def _pinyin_table() -> dict[int, str]:
    """The readings by code point, read once (thread-safe)."""
    global _table
    with _table_lock:
        if _table is None:
            _table = _read_table()
        return _table


def _letters(readings: str) -> str:
    """The distinct first letters of readings like "cháng,zhǎng", accents removed."""
    import unicodedata

    letters: list[str] = []
    for reading in readings.split(","):
        first = unicodedata.normalize("NFD", reading.strip()[:1])[:1].lower()
        if first.isascii() and first.isalpha() and first not in letters:
            letters.append(first)
    return "".join(letters)


class InitialsTable:
    """Pinyin initials of characters, cached: a big archive repeats the same few thousand."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def of(self, title: str) -> Initials | None:
        """Per character of `title`, the letters it may be typed as; None when `title` has no CJK
        character (its plain text serves)."""
        if not any(is_cjk(char) for char in title):
            return None
        cache, table = self._cache, _pinyin_table()
        result: list[str] = []
        for char in title.casefold():
            letters = cache.get(char)
            if letters is None:
                readings = table.get(ord(char))
                letters = _letters(readings) if readings else char
                if char in DIGIT_READINGS:
                    letters = char + DIGIT_READINGS[char]
                cache[char] = letters
            result.append(letters)
        return tuple(result)


def searched_path(path: str) -> str:
    """The path as the jump searches it: folded, without `.md` (every path has one: `d` and `m`
    would match them all)."""
    folded = path.casefold()
    for suffix in MARKDOWN_SUFFIXES:
        if folded.endswith(suffix):
            return folded[: -len(suffix)]
    return folded


def _folded(text: str) -> str:
    folded = text.casefold()
    return text if folded == text else folded  # one string in memory, not two, when nothing changed


def candidates(articles: Iterable[tuple[str, str]], table: InitialsTable | None = None) -> list[Candidate]:
    """The jump's candidates for (path, title) pairs, initials computed once here (slow: a worker's)."""
    table = table or InitialsTable()
    return [
        Candidate(path, title, _folded(title), searched_path(path), table.of(title))
        for path, title in articles
    ]


# --- scoring ----------------------------------------------------------------------------------


def _word_start(text: str, position: int) -> bool:
    if position == 0:
        return True
    before = text[position - 1]
    if not before.isalnum():
        return True
    here = text[position]
    return is_cjk(here) != is_cjk(before) or (before.isdigit() != here.isdigit())


def _positions(term: str, text: str) -> list[int] | None:
    """Where `term`'s characters sit in `text`: the tightest window ending at the first place the
    whole term can end (fzf's forward then backward scan), or a word-start exact occurrence."""
    exact = text.find(term)
    if exact >= 0:
        # An occurrence at a word start beats an earlier one inside a word (among the first few:
        # `e` occurs dozens of times in an English title).
        start, tries = exact, WORD_START_TRIES
        while start >= 0 and tries and not _word_start(text, start):
            start, tries = text.find(term, start + 1), tries - 1
        first = start if start >= 0 and tries else exact
        return list(range(first, first + len(term)))
    end = -1
    for char in term:
        end = text.find(char, end + 1)
        if end < 0:
            return None
    positions = [end]
    for char in reversed(term[:-1]):
        positions.append(text.rfind(char, 0, positions[-1]))
    positions.reverse()
    return positions


def _score_positions(text: str, positions: Sequence[int]) -> int:
    score = 0
    previous = -2
    for index, position in enumerate(positions):
        score += MATCH
        if _word_start(text, position):
            score += WORD_START * (FIRST_CHAR if index == 0 else 1)
        if position == previous + 1:
            score += CONSECUTIVE
        elif index:
            score -= GAP_START + GAP_EXTEND * (position - previous - 1)
        previous = position
    return score


def score_text(term: str, text: str) -> int | None:
    """How well `term` (folded) matches `text` (folded); None: not a subsequence of it."""
    positions = _positions(term, text)
    return None if positions is None else _score_positions(text, positions)


def score_initials(term: str, initials: Initials) -> int | None:
    """`term` against a title's initials: each character may stand for any of a title character's
    letters. Greedy from the left, scored like text (consecutive letters count)."""
    score, previous, at = 0, -2, 0
    for index, char in enumerate(term):
        while at < len(initials) and char not in initials[at]:
            at += 1
        if at == len(initials):
            return None
        score += MATCH + (WORD_START * (FIRST_CHAR if index == 0 else 1) if at == 0 else 0)
        if at == previous + 1:
            score += CONSECUTIVE
        elif index:
            score -= GAP_START + GAP_EXTEND * (at - previous - 1)
        previous, at = at, at + 1
    return score


def score(terms: Sequence[str], candidate: Candidate) -> float | None:
    """The candidate's score for folded `terms` (each must match); None when one does not."""
    total = 0.0
    for term in terms:
        best: float | None = score_text(term, candidate.folded_title)
        ceiling = best_possible(len(term))
        # The path and the initials are looked at only when they could do better than the title.
        if best is None or best < ceiling * PATH_SHARE:
            in_path = score_text(term, candidate.folded_path)
            if in_path is not None and (best is None or in_path * PATH_SHARE > best):
                best = in_path * PATH_SHARE
        initials = candidate.initials
        if initials is not None and (best is None or best < ceiling * INITIALS_SHARE) and term.isascii():
            by_initials = score_initials(term, initials)
            if by_initials is not None and (best is None or by_initials * INITIALS_SHARE > best):
                best = by_initials * INITIALS_SHARE
        if best is None:
            return None
        total += best
    return total


def best_possible(length: int) -> int:
    """The highest score a term of `length` characters can get: every character consecutive and
    at a word start."""
    return length * MATCH + (length - 1) * CONSECUTIVE + WORD_START * (FIRST_CHAR + length - 1)


def query_terms(query: str) -> list[str]:
    """A query's terms, folded: words separated by spaces."""
    return query.casefold().split()


def rank(
    query: str,
    pool: Sequence[Candidate],
    limit: int = 50,
    stop: Callable[[], bool] | None = None,
) -> tuple[list[Ranked], list[Candidate]] | None:
    """The best `limit` candidates of `pool` for `query`, best first (ties: shorter title, then
    title, then path), and every candidate that matched: a longer query typed next only needs
    those. An empty query keeps `pool`'s order. None when `stop()` said to stop."""
    terms = query_terms(query)
    if not terms:
        return [Ranked(0.0, candidate) for candidate in pool[:limit]], list(pool)
    matched: list[Ranked] = []
    for index, candidate in enumerate(pool):
        if stop is not None and index % CHECK_EVERY == 0 and stop():
            return None
        found = score(terms, candidate)
        if found is not None:
            matched.append(Ranked(found, candidate))
    import heapq

    best = heapq.nsmallest(
        limit, matched, key=lambda r: (-r.score, len(r.candidate.title), r.candidate.title, r.candidate.path)
    )
    return best, [ranked.candidate for ranked in matched]


class Ranker:
    """Ranks one archive's candidates as a query is typed: a query that extends the previous one
    searches only what that one matched (as fzf does), so each key costs less than the one before."""

    def __init__(self, pool: Sequence[Candidate]) -> None:
        self.pool = pool
        self._last: tuple[str, list[Candidate]] | None = None

    def rank(
        self, query: str, limit: int = 50, stop: Callable[[], bool] | None = None
    ) -> list[Ranked] | None:
        pool: Sequence[Candidate] = self.pool
        last = self._last
        if last is not None and query_terms(query) and _extends(query, last[0]):
            pool = last[1]
        result = rank(query, pool, limit, stop)
        if result is None:
            return None
        best, matched = result
        self._last = (query, matched)
        return best


def _extends(query: str, before: str) -> bool:
    """Everything `query` matches, `before` matched too: `before`'s terms are a prefix of it."""
    old, new = query_terms(before), query_terms(query)
    if not old or len(new) < len(old):
        return False
    return all(a == b for a, b in zip(old[:-1], new, strict=False)) and new[len(old) - 1].startswith(old[-1])
