"""Related articles: what else in the archive an article's reader may want next.

Hugo's related-content rules: indices with weights (series, tags, categories, date) and a threshold
under which a candidate is not shown, plus full-text similarity from the index (the article's most
distinctive terms, ranked by BM25: `Index.similar`). The app shows them under an article; the rules
live here once.
"""

from __future__ import annotations

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
    kept: list[Related] = []
    series, tags, categories = set(article.series), set(article.tags), set(article.categories)
    for other in archive.articles:  # the archive's own articles: the index's may be a moment older
        # Most articles share nothing: a date alone never reaches the threshold, so they are passed
        # over with three set checks (at 100k, scoring each one cost the worker ~150 ms).
        if (
            other.path not in closeness
            and series.isdisjoint(other.series)
            and tags.isdisjoint(other.tags)
            and categories.isdisjoint(other.categories)
        ):
            continue
        if other.path == article.path:
            continue
        score, why = label_score(article, other)
        close = closeness.get(other.path)
        if close is not None:
            score += WEIGHTS["text"] * close
            why.append("similar text")
        if score >= THRESHOLD:
            kept.append(Related(other, score, " · ".join(why)))
    kept.sort(key=lambda item: (-item.score, item.article.sort_key))
    return kept[:limit]


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
    if article.date is not None and other.date is not None:
        if article.date.iso[:7] == other.date.iso[:7]:
            score += WEIGHTS["date"]
        elif article.date.iso[:4] == other.date.iso[:4]:
            score += WEIGHTS["date"] / 2
    return score, why
