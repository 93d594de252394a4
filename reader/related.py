"""Related articles: what else in the archive an article's reader may want next.

Hugo's related-content rules: indices with weights (series, tags, categories, date) and a threshold
under which a candidate is not shown, plus full-text similarity from the index (the article's most
distinctive terms, ranked by BM25: `Index.similar`). The app shows them under an article; the rules
live here once.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.model import Archive, Article

if TYPE_CHECKING:
    from reader.index import Index

# Weights per index, as Hugo's `related.indices`: a shared series says most, then a shared tag, a
# shared category, a close text (scaled by how close it is to the closest), a date in the same
# month (same year: half). One shared tag is enough; a date alone never is.
WEIGHTS = {"series": 100, "tags": 80, "categories": 60, "text": 70, "date": 10}
THRESHOLD = 50
TEXT_CANDIDATES = 20  # articles the full-text query brings in


@dataclass(frozen=True, slots=True)
class Related:
    """A related article, its score, and why it is related in a few words (`tags: x, y`)."""

    article: Article
    score: float
    why: str


def related(
    article: Article, archive: Archive, index: Index | None = None, limit: int = 5, text: str | None = None
) -> list[Related]:
    """Up to `limit` articles of `archive` related to `article`, closest first (newer first on a
    tie). `index` adds full-text similarity, from `text` (the article's title and body; read from
    the archive when None); without it, labels and dates alone decide."""
    closeness: dict[str, float] = {}
    if index is not None:
        if text is None:
            text = article.title + "\n" + archive.body(article)
        similar = index.similar(text, article.path, TEXT_CANDIDATES)
        best = max((score for _, score in similar), default=0.0) or 1.0
        closeness = {other.path: score / best for other, score in similar}
    # Added in `label_score`'s order, then the text's (floating point sums depend on it).
    scores = _label_scores(article, archive)
    for position in scores:
        scores[position] += _date_part(article, archive.articles[position])
    places = _places_of(archive).paths
    for path, close in closeness.items():
        near = places.get(path)
        if near is not None:
            if near not in scores:
                scores[near] = _date_part(article, archive.articles[near])
            scores[near] += WEIGHTS["text"] * close
    mine = places.get(article.path)
    # Ties go newer first: the archive's order (reversed where nothing is dated, as `sort_key` has it).
    turn = 1 if archive.dated else -1
    chosen = heapq.nsmallest(
        limit,
        (position for position, score in scores.items() if score >= THRESHOLD and position != mine),
        key=lambda position: (-scores[position], turn * position),
    )
    kept: list[Related] = []
    for position in chosen:
        other = archive.articles[position]
        _, why = label_score(article, other)
        if other.path in closeness:
            why.append("similar text")
        kept.append(Related(other, scores[position], " · ".join(why)))
    return kept


def _label_scores(article: Article, archive: Archive) -> dict[int, float]:
    """`label_score`'s series, tags and categories part for every article sharing one with `article`,
    by position in the archive (a date alone never reaches the threshold: the others are not
    looked at). Summed through a map of labels built once an archive: scoring and sorting every
    candidate in turn held the worker 200–550 ms an article at 100k."""
    labels = _places_of(archive).labels
    scores: dict[int, float] = {}
    for kind, names in (
        ("series", article.series),
        ("tags", article.tags),
        ("categories", article.categories),
    ):
        weight = WEIGHTS[kind]
        for name in names:
            for position in labels.get((kind, name), ()):
                scores[position] = scores.get(position, 0.0) + weight
    return scores


def _date_part(article: Article, other: Article) -> float:
    """`label_score`'s date part: the same month, or else the same year."""
    if article.date is None or other.date is None:
        return 0.0
    if article.date.iso[:7] == other.date.iso[:7]:
        return WEIGHTS["date"]
    if article.date.iso[:4] == other.date.iso[:4]:
        return WEIGHTS["date"] / 2
    return 0.0


@dataclass(frozen=True, slots=True)
class _Places:
    """Where things are in an archive's articles: each (kind, label)'s positions (kinds `series`,
    `tags`, `categories`; compact arrays: a list of ints took ~18 MiB at 100k) and each path's."""

    labels: dict[tuple[str, str], array[int]]
    paths: dict[str, int]


_places: tuple[Archive, _Places] | None = None  # the last archive's: the one a reader has open
_places_lock = threading.Lock()


def _places_of(archive: Archive) -> _Places:
    global _places
    with _places_lock:
        if _places is not None and _places[0] is archive:
            return _places[1]
        labels: dict[tuple[str, str], array[int]] = {}
        for position, other in enumerate(archive.articles):
            for kind, names in (
                ("series", other.series),
                ("tags", other.tags),
                ("categories", other.categories),
            ):
                for name in names:
                    found = labels.get((kind, name))
                    if found is None:
                        labels[kind, name] = found = array("I")
                    found.append(position)
        paths = {other.path: position for position, other in enumerate(archive.articles)}
        _places = (archive, _Places(labels, paths))
        return _places[1]


def label_score(article: Article, other: Article) -> tuple[float, list[str]]:
    """What `other` shares with `article` by series, tags, categories and date: a score and the
    reasons that count (a date alone says nothing worth showing)."""
    score = 0.0
    why: list[str] = []
    for kind, mine, theirs in (
        ("series", article.series, other.series),
        ("tags", article.tags, other.tags),
        ("categories", article.categories, other.categories),
    ):
        if not mine or not theirs:
            continue
        shared = [name for name in theirs if name in mine]
        if shared:
            score += WEIGHTS[kind] * len(shared)
            why.append(f"{kind}: {', '.join(shared)}")
    return score + _date_part(article, other), why
