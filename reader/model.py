"""The data model: articles, problems, the archive that indexes them, and the reader's marks on an
article. No IO here, and nothing else of broadsheet imported."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Literal

Severity = Literal["error", "warning"]
# How an article's `problems` name a local image that is not there (kind `image` in `check`).
MISSING_IMAGE = "image: not found: "
# What makes a file an article (any case): the loader walks for these, the jump leaves them out of paths.
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date as the source gave it: `iso` keeps its precision and offset, `timestamp` sorts it.

    Naive values are read as UTC for sorting (as Hugo does), so mixed forms always compare.
    """

    iso: str
    timestamp: float

    @property
    def has_time(self) -> bool:
        return "T" in self.iso

    def display(self) -> str:
        """Short human form: `2025-02-13 17:30` or `2025-02-13`."""
        if not self.has_time:
            return self.iso
        day, _, time = self.iso.partition("T")
        return f"{day} {time[:5]}"


_DIGITS = re.compile(r"[0-9]+")


def _number(found: re.Match[str]) -> str:
    digits = found.group().lstrip("0") or "0"
    return chr(0x30 + len(digits)) + digits


def natural_key(path: str) -> str:
    """`path` with every run of digits spelt so that comparing the keys as strings (code point by
    code point, as Python and SQLite's BINARY collation both do) compares the numbers as numbers:
    `issue-2` before `issue-10`. A run becomes its length as one character, then its digits without
    leading zeros. It is a string so that the index can store it and sort on it the same way
    (`articles.path_key`); equal keys (`a1`, `a01`) are told apart by the path itself."""
    return _DIGITS.sub(_number, path)


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image target found in an article body, in document order."""

    text: str
    url: str
    image: bool

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "url": self.url, "image": self.image}


@dataclass(frozen=True, slots=True)
class Article:
    """One article's normalised metadata. The body is read on demand (see `Archive.body`)."""

    path: str
    title: str
    date: Stamp | None = None
    lastmod: Stamp | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    # Front matter's `author` and `authors`, in that order, as tags are kept (see `normalise`).
    authors: tuple[str, ...] = ()
    summary: str = ""
    draft: bool = False
    # None until counted: an index reads bodies in a later phase (see `reader.index.store`).
    words: int | None = 0
    thumbnail: str | None = None
    source: str | None = None
    problems: tuple[str, ...] = ()
    size: int = 0
    mtime: float = 0.0
    # The path as the file system spells it, when that differs from the (sanitised) `path`.
    real_path: str | None = field(default=None, compare=False, repr=False)
    # A digest of the file's bytes: reading state follows an article that is moved or renamed.
    digest: str | None = field(default=None, compare=False, repr=False)

    @property
    def file_path(self) -> str:
        """Relative path to open: the real one, which may hold characters `path` had removed."""
        return self.real_path if self.real_path is not None else self.path

    @property
    def missing_images(self) -> frozenset[str]:
        """The local image targets (decoded, relative to the article) the loader did not find."""
        return frozenset(p[len(MISSING_IMAGE) :] for p in self.problems if p.startswith(MISSING_IMAGE))

    @property
    def sort_key(self) -> tuple[bool, float, str, str]:
        """Newest first, undated last, ties by path in natural order (`natural_key`). An archive
        where nothing is dated turns its undated articles round (`Archive`): newest number first."""
        if self.date is None:
            return (True, 0.0, natural_key(self.path), self.path)
        return (False, -self.date.timestamp, natural_key(self.path), self.path)

    @property
    def title_key(self) -> tuple[str, str]:
        """A to Z by title, compared as the reader sees it: full-width letters as their ASCII
        forms, case ignored; CJK titles in code-point (radical-stroke) order; ties by path."""
        return (unicodedata.normalize("NFKC", self.title).casefold(), self.path)

    def to_json(self, read: bool = False, starred: bool = False) -> dict[str, Any]:
        """The `list --json` shape of the CLI contract (`read`/`starred` come from reading state)."""
        return {
            "path": self.path,
            "title": self.title,
            "date": self.date.iso if self.date else None,
            "lastmod": self.lastmod.iso if self.lastmod else None,
            "tags": list(self.tags),
            "categories": list(self.categories),
            "series": list(self.series),
            "authors": list(self.authors),
            "summary": self.summary,
            "draft": self.draft,
            "words": self.words,
            "thumbnail": self.thumbnail,
            "problems": list(self.problems),
            "read": read,
            "starred": starred,
        }


@dataclass(frozen=True, slots=True)
class Mark:
    """What the reader did with an article: read it, starred it (kept by `reader.state`).
    `updated`: it was read, and its file has changed since (the reading state keeps the file's
    digest as it was when read)."""

    read: bool = False
    starred: bool = False
    updated: bool = False

    def changed(self, read: bool | None = None, starred: bool | None = None) -> Mark:
        """This mark with `read` and `starred` set, where they are not None. Marking it read (or
        unread) again settles `updated`: it is read as it is now."""
        return Mark(
            self.read if read is None else read,
            self.starred if starred is None else starred,
            self.updated and read is None,
        )


UNMARKED = Mark()


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that went wrong: an `error` means it is not an article, a `warning` that it loaded oddly."""

    path: str
    kind: str
    message: str
    severity: Severity = "error"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "message": self.message, "severity": self.severity}


def _count(values: Iterable[str]) -> dict[str, int]:
    return by_count(Counter(values).items())


def by_count(counts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts, most used first, then by name (the order of `Archive.tags` and `.categories`)."""
    return dict(sorted(counts, key=lambda item: (-item[1], item[0])))


def newest_first(articles: Iterable[Article], dated: bool | None = None) -> tuple[Article, ...]:
    """`articles` in the archive's order: by `Article.sort_key`, except that when nothing is dated
    the highest number comes first (numbered issues are numbered as they come out). `dated`: whether
    anything in the archive they come from is dated (None: whether any of these is)."""
    # Sorted by date first; only runs of one date (all the undated, say) need the path's natural key,
    # which costs a regular expression an article: not paid for every one of 100k dated articles.
    ordered: list[Article] = []
    for _, same_date in groupby(sorted(articles, key=_by_date), key=_by_date):
        run = list(same_date)
        ordered += sorted(run, key=_natural) if len(run) > 1 else run
    if dated is None:
        dated = bool(ordered) and ordered[0].date is not None
    return tuple(ordered) if dated else tuple(reversed(ordered))


def _by_date(article: Article) -> tuple[bool, float]:
    return (True, 0.0) if article.date is None else (False, -article.date.timestamp)


def _natural(article: Article) -> tuple[str, str]:
    return (natural_key(article.path), article.path)


BodyReader = Callable[[Article], str]


@dataclass(frozen=True, slots=True)
class Archive:
    """The articles of one ROOT, newest first, with their tag and category counts. Undated ones come
    last in natural path order; when none is dated, in reverse natural order (`issue-10` before
    `issue-9`: numbered issues are usually numbered as they come out).

    `read_body` is supplied by whoever built the archive: the model itself never touches the disk.
    """

    root: str
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()
    files: int = 0
    read_body: BodyReader | None = field(default=None, compare=False, repr=False)
    tags: Mapping[str, int] = field(init=False, compare=False, repr=False)
    categories: Mapping[str, int] = field(init=False, compare=False, repr=False)
    size: int = field(init=False, compare=False, repr=False)  # bytes of every article's file

    def __post_init__(self) -> None:
        ordered = newest_first(self.articles)
        object.__setattr__(self, "articles", ordered)
        object.__setattr__(self, "tags", _count(tag for a in ordered for tag in a.tags))
        object.__setattr__(self, "categories", _count(c for a in ordered for c in a.categories))
        object.__setattr__(self, "size", sum(article.size for article in ordered))

    @classmethod
    def build(
        cls,
        root: str,
        articles: Iterable[Article],
        problems: Iterable[Problem] = (),
        files: int = 0,
        read_body: BodyReader | None = None,
    ) -> Archive:
        return cls(root, tuple(articles), tuple(problems), files, read_body)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def dated(self) -> bool:
        """Whether any article has a date (the dated ones come first)."""
        return bool(self.articles) and self.articles[0].date is not None

    def body(self, article: Article) -> str:
        """The article's Markdown body (front matter removed)."""
        if self.read_body is None:
            return ""
        return self.read_body(article)

    def filter(self, tags: Sequence[str] = (), categories: Sequence[str] = ()) -> tuple[Article, ...]:
        """Articles carrying every tag in `tags` and every category in `categories`, newest first."""
        if not tags and not categories:
            return self.articles
        wanted_tags, wanted_categories = set(tags), set(categories)
        return tuple(
            article
            for article in self.articles
            if wanted_tags.issubset(article.tags) and wanted_categories.issubset(article.categories)
        )

    def find(self, path: str) -> Article | None:
        for article in self.articles:
            if article.path == path:
                return article
        return None

    def all_problems(self) -> list[Problem]:
        """File-level problems plus every article's warnings, ordered by path."""
        found = list(self.problems)
        for article in self.articles:
            for message in article.problems:
                kind, _, detail = message.partition(": ")
                found.append(Problem(article.path, kind if detail else "warning", message, "warning"))
        return sorted(found, key=lambda problem: (problem.path, problem.severity))

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.severity == "error")
