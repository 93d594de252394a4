"""The reader's rules, written once: which articles a filter, a query and the reading state keep, and in
which order. The app and the command line both call these; neither filters or sorts on its own.

    browse(archive, filter, marks, order)   the archive's articles (tags, categories, read, starred)
    search(index, query, marks, ...)        search hits, narrowed by `is:unread` / `is:starred` too
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.model import UNMARKED, Archive, Article, Mark

if TYPE_CHECKING:
    from reader.index import Hit, Index, Query

ORDERS = {"date": "newest first", "title": "by title", "unread": "unread first"}
UNDATED_ORDER = "by path, last first"  # "date" when nothing is dated (`reader.model.newest_first`)
VIEWS = ("unread", "starred")  # the reading views of the sidebar


@dataclass(frozen=True, slots=True)
class Filter:
    """Which articles to keep: those carrying every tag of `tags` and every category of `categories`,
    and whose reading state agrees with `unread` and `starred` (True: only those; False: only the
    others; None: either)."""

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    unread: bool | None = None
    starred: bool | None = None

    @classmethod
    def of_query(cls, query: Query) -> Filter:
        """The filter a query asks for: its `tag:` and `category:` values and `is:unread` / `is:starred`
        (negated with `-`). The rest of a query is the index's to match."""
        return cls(query.tags, query.categories, query.flag("unread"), query.flag("starred"))

    @property
    def by_marks(self) -> bool:
        """Whether the reading state decides anything."""
        return self.unread is not None or self.starred is not None

    def keeps(self, mark: Mark) -> bool:
        """Whether an article with `mark` passes the reading conditions."""
        if self.unread is not None and self.unread == mark.read:
            return False
        return self.starred is None or self.starred == mark.starred

    def marked(self, articles: Iterable[Article], marks: Mapping[str, Mark]) -> tuple[Article, ...]:
        """`articles`, in their order, narrowed by the reading conditions only."""
        if not self.by_marks:
            return tuple(articles)
        return tuple(article for article in articles if self.keeps(marks.get(article.path, UNMARKED)))

    # --- the sidebar's view of a filter ----------------------------------------------------

    @property
    def view(self) -> str | None:
        """The sidebar's reading view in force: "unread", "starred" or None."""
        if self.unread:
            return "unread"
        return "starred" if self.starred else None

    def toggled(self, kind: str, name: str) -> Filter:
        """The filter with a sidebar entry switched: a tag, a category, or a reading view (the views
        exclude each other)."""
        if kind == "view":
            view = None if self.view == name else name
            return replace(
                self, unread=True if view == "unread" else None, starred=True if view == "starred" else None
            )
        field = self.tags if kind == "tag" else self.categories
        changed = tuple(item for item in field if item != name) if name in field else (*field, name)
        if kind == "tag":
            return replace(self, tags=changed)
        return replace(self, categories=changed)

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """The sidebar entries this filter selects, as (kind, name)."""
        pairs = {("tag", tag) for tag in self.tags} | {("category", c) for c in self.categories}
        return pairs | {("view", self.view)} if self.view else pairs

    def describe(self) -> str:
        """`Unread ▸ news #城市`: the filter in a few words."""
        words = []
        if self.unread is not None:
            words.append("Unread" if self.unread else "Read")
        if self.starred is not None:
            words.append("Starred" if self.starred else "Unstarred")
        return " ".join([*words, *(f"▸ {c}" for c in self.categories), *(f"#{t}" for t in self.tags)])


def view_counts(archive: Archive, marks: Mapping[str, Mark], total: int | None = None) -> dict[str, int]:
    """How many articles each reading view holds. `total`: the archive is the newest articles of that
    many (while a big one loads); those not known yet count as unread."""
    read = sum(1 for article in archive.articles if marks.get(article.path, UNMARKED).read)
    starred = sum(1 for mark in marks.values() if mark.starred)
    return {"unread": (total or len(archive)) - read, "starred": starred}


def order_name(order: str, archive: Archive) -> str:
    """How `order` sorts `archive`, in words: "newest first" is not said of an archive without dates."""
    if order == "date" and archive.articles and not archive.dated:
        return UNDATED_ORDER
    return ORDERS[order]


def sort_articles(articles: Iterable[Article], order: str, marks: Mapping[str, Mark]) -> tuple[Article, ...]:
    """`articles` (newest first) in `order`: "date" (as they are), "title", or "unread" first."""
    if order == "title":
        return tuple(sorted(articles, key=lambda article: article.title_key))
    if order == "unread":  # a stable sort keeps newest first within each group
        return tuple(sorted(articles, key=lambda article: marks.get(article.path, UNMARKED).read))
    return tuple(articles)


def browse(
    archive: Archive, filter: Filter, marks: Mapping[str, Mark], order: str = "date"
) -> tuple[Article, ...]:
    """The articles of `archive` that `filter` keeps, in `order`."""
    articles = filter.marked(archive.filter(filter.tags, filter.categories), marks)
    return sort_articles(articles, order, marks)


def search(
    index: Index,
    query: Query,
    marks: Mapping[str, Mark],
    *,
    limit: int | None = 50,
    snippets: bool = True,
) -> list[Hit]:
    """Articles matching `query`, best first, those its `is:unread` / `is:starred` exclude left out
    before the limit is taken; `limit` None or 0 means all."""
    wanted = Filter.of_query(query)
    keep: Callable[[Article], bool] | None = None
    if wanted.by_marks:
        keep = lambda article: wanted.keeps(marks.get(article.path, UNMARKED))  # noqa: E731
    return index.search(query, limit=limit or None, snippets=snippets, keep=keep)
