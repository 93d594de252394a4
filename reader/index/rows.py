"""What the index's modules share: the rows the metadata phase reads and the store keeps, the
shapes of the other phases' work, and how a stored row becomes an `Article` again.

Imports go one way: `build` and `search` import this module, `store` imports it and starts `build`
and `search` when it needs them; nothing here imports any of them. `ArticleRow` is the one
definition of the `articles` columns' order: the INSERT, the SELECTs (`COLUMNS`) and
`row_to_article` follow it by name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any, NamedTuple

from reader.model import Article, Mark, Stamp, natural_key
from reader.sqlite import db_name, os_name

SEP = "\x1f"  # joins list fields; sanitised text never holds it
Progress = Callable[[str, int, int], None]  # (phase, done, total)

# What the metadata phase sends a worker: (relpath, abspath, size, mtime) of each file.
ToRead = tuple[str, str, int, float]


class ArticleRow(NamedTuple):
    """An article as the metadata phase reads it: its `articles` row but for the store's `id` and
    `indexed`, each field the column of its name. It crosses from a worker process to the store."""

    path: str  # cleaned, as shown
    real_path: str | bytes | None  # the name on disk when it differs from `path` (`db_name`)
    size: int
    mtime: float
    title: str
    date_iso: str | None
    date_ts: float | None
    lastmod_iso: str | None
    lastmod_ts: float | None
    tags: str  # joined with SEP
    categories: str
    series: str
    authors: str
    summary: str
    draft: int
    words: int | None  # None until a later phase counts them
    thumbnail: str | None
    source: str | None
    problems: str
    digest: str | None
    # The store's own columns: what the next scan compares, and the `list --json` item ready to
    # print (see `json_parts`).
    file: str | bytes  # the name on disk (`db_name`)
    path_key: str  # `natural_key(path)`: the index sorts on it as `Article.sort_key` does
    json: str
    json_tail: str | None


class BadFileRow(NamedTuple):
    """A file that is not an article: its `bad_files` row."""

    path: str | bytes  # the name on disk (`db_name`)
    size: int
    mtime: float
    kind: str
    message: str


Row = ArticleRow | BadFileRow

# The `list --json` item is never read back as an article: NULL stands in for its parts.
_NOT_READ = frozenset({"json", "json_tail", "path_key"})
INSERT_ARTICLE = (
    f"INSERT INTO articles(id, {', '.join(ArticleRow._fields)}) "
    f"VALUES ({', '.join('?' * (1 + len(ArticleRow._fields)))})"
)
INSERT_BAD_FILE = (
    f"INSERT OR REPLACE INTO bad_files({', '.join(BadFileRow._fields)}) "
    f"VALUES ({', '.join('?' * len(BadFileRow._fields))})"
)
# An article's `list --json` item, whole or with its word count (null until counted) put in.
JSON_ITEM = "CASE WHEN json_tail IS NULL THEN json ELSE json || ifnull(words, 'null') || json_tail END"


def columns(table: str = "") -> str:
    """What a SELECT reads for `row_to_article`, in `ArticleRow`'s order (`table` is a prefix such as
    `a.`)."""
    return ", ".join("NULL" if name in _NOT_READ else table + name for name in ArticleRow._fields)


COLUMNS = columns()


def newest_first(dated: bool, table: str = "") -> str:
    """The `ORDER BY` of the archive's order (`reader.model.newest_first`): newest first, undated
    last in natural path order; or, when nothing in the archive is dated (`dated` False), in reverse
    natural path order. `table` is a prefix such as `a.`."""
    if not dated:
        return f"{table}path_key DESC, {table}path DESC"
    return f"{table}date_ts IS NULL, {table}date_ts DESC, {table}path_key, {table}path"


# `json.dumps(item, ensure_ascii=False)`, without making an encoder for each call (an item is flat:
# nothing to check for cycles).
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def json_parts(article: Article) -> tuple[str, str | None]:
    """`article`'s `list --json` item as the store keeps it: whole (and None) when its word count is
    known; otherwise in two parts, before and after the count, which comes in a later phase and
    which `JSON_ITEM` puts in between as the item is read, so that nothing stored is ever patched.
    Either way the item read is `json.dumps` of `article.to_json()`, byte for byte."""
    item = article.to_json()
    if article.words is not None:
        return _ENCODER.encode(item), None  # (one encoding, not two: `list` counts as it reads)
    at = list(item).index("words")
    pairs = iter(item.items())
    before = _ENCODER.encode(dict(islice(pairs, at)))[:-1]  # without its closing brace
    next(pairs)  # the count
    after = _ENCODER.encode(dict(pairs))[1:]  # without its opening one
    return (
        before + (", " if at else "") + '"words": ',
        (", " if at + 1 < len(item) else "") + after,
    )


# How every stored item ends: the fields that reading state fills in (`Article.to_json`'s last two).
_UNMARKED_END = b'"read": false, "starred": false}'


def with_mark(item: bytes, mark: Mark) -> bytes:
    """A stored `list --json` item (as `json_bytes` reads it) with `mark`'s read and starred: the
    same bytes as `json.dumps(article.to_json(mark.read, mark.starred))`."""
    if not item.endswith(_UNMARKED_END):
        raise ValueError("not a list --json item as the index stores it")
    end = f'"read": {"true" if mark.read else "false"}, "starred": {"true" if mark.starred else "false"}}}'
    return item[: -len(_UNMARKED_END)] + end.encode()


def article_row(relpath: str, article: Article) -> ArticleRow:
    """The row of `article`, read from the file at `relpath` (its name on disk)."""
    item, tail = json_parts(article)
    return ArticleRow(
        path=article.path,
        real_path=None if article.real_path is None else db_name(article.real_path),
        size=article.size,
        mtime=article.mtime,
        title=article.title,
        date_iso=article.date.iso if article.date else None,
        date_ts=article.date.timestamp if article.date else None,
        lastmod_iso=article.lastmod.iso if article.lastmod else None,
        lastmod_ts=article.lastmod.timestamp if article.lastmod else None,
        tags=SEP.join(article.tags),
        categories=SEP.join(article.categories),
        series=SEP.join(article.series),
        authors=SEP.join(article.authors),
        summary=article.summary,
        draft=int(article.draft),
        words=article.words,
        thumbnail=article.thumbnail,
        source=article.source,
        problems=SEP.join(article.problems),
        digest=article.digest,
        file=db_name(relpath),
        path_key=natural_key(article.path),
        json=item,
        json_tail=tail,
    )


def row_to_article(values: Sequence[Any]) -> Article:
    """The article of a row read with `COLUMNS` (or of an `ArticleRow`)."""
    row = ArticleRow._make(values)
    # (Inline, not helper functions: 100k rows go through here when the app opens a big archive.)
    return Article(
        path=row.path,
        title=row.title,
        date=None if row.date_iso is None or row.date_ts is None else Stamp(row.date_iso, row.date_ts),
        lastmod=(
            None
            if row.lastmod_iso is None or row.lastmod_ts is None
            else Stamp(row.lastmod_iso, row.lastmod_ts)
        ),
        tags=tuple(row.tags.split(SEP)) if row.tags else (),
        categories=tuple(row.categories.split(SEP)) if row.categories else (),
        series=tuple(row.series.split(SEP)) if row.series else (),
        authors=tuple(row.authors.split(SEP)) if row.authors else (),
        summary=row.summary,
        draft=bool(row.draft),
        words=row.words,
        thumbnail=row.thumbnail,
        source=row.source,
        problems=tuple(row.problems.split(SEP)) if row.problems else (),
        size=row.size,
        mtime=row.mtime,
        real_path=None if row.real_path is None else os_name(row.real_path),
        digest=row.digest,
    )


# The full-text phase: (id, file, title, tags, categories, summary, uncounted) of each article goes
# to a worker; (id, title, labels, summary, body) as the full-text index stores them comes back, and
# the article's word count (None when it was counted already: `uncounted` is 0).
FulltextSource = tuple[int, str, str, str, str, str, int]
FulltextRow = tuple[int, bytes, bytes, bytes, bytes]  # UTF-8 (FTS5 reads a blob as text)
Counted = tuple[int, int | None]  # (id, words)


def batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
