"""The reader's rules, written once: which articles a filter, a query and the reading state keep, and in
which order. The app and the command line both call these; neither filters or sorts on its own.

    browse(archive, filter, marks, order)   the archive's articles (tags, categories, read, starred)
    search(index, query, marks, ...)        search hits, narrowed by `is:unread` / `is:starred` too
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.model import UNMARKED, Archive, Article, Mark, natural_key

if TYPE_CHECKING:
    from reader.index import Hit, Index, Query

ORDERS = {"date": "newest first", "title": "by title", "unread": "unread first"}
UNDATED_ORDER = "by path, last first"  # "date" when nothing is dated (`reader.model.newest_first`)
VIEWS = ("unread", "starred", "updated")  # the reading views of the sidebar


@dataclass(frozen=True, slots=True)
class Filter:
    """Which articles to keep: those carrying every tag of `tags` and every category of `categories`,
    under `folder` (a path like `2024/news`) and dated in `year` (`2024`) when those are given, and
    whose reading state agrees with `unread`, `starred` and `updated` (changed since it was read)
    (True: only those; False: only the others; None: either)."""

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    unread: bool | None = None
    starred: bool | None = None
    folder: str | None = None
    year: str | None = None
    updated: bool | None = None

    @classmethod
    def of_query(cls, query: Query) -> Filter:
        """The filter a query asks for: its `tag:` and `category:` values and `is:unread` / `is:starred`
        / `is:updated` (negated with `-`). The rest of a query is the index's to match."""
        return cls(
            query.tags,
            query.categories,
            query.flag("unread"),
            query.flag("starred"),
            updated=query.flag("updated"),
        )

    @property
    def by_marks(self) -> bool:
        """Whether the reading state decides anything."""
        return self.unread is not None or self.starred is not None or self.updated is not None

    def keeps(self, mark: Mark) -> bool:
        """Whether an article with `mark` passes the reading conditions."""
        if self.unread is not None and self.unread == mark.read:
            return False
        if self.updated is not None and self.updated != mark.updated:
            return False
        return self.starred is None or self.starred == mark.starred

    def placed(self, articles: Iterable[Article]) -> tuple[Article, ...]:
        """`articles`, in their order, narrowed by folder and year only."""
        if self.folder is None and self.year is None:
            return tuple(articles)
        return tuple(
            article
            for article in articles
            if (self.folder is None or in_folder(article, self.folder))
            and (self.year is None or year_of(article) == self.year)
        )

    def marked(self, articles: Iterable[Article], marks: Mapping[str, Mark]) -> tuple[Article, ...]:
        """`articles`, in their order, narrowed by the reading conditions only."""
        if not self.by_marks:
            return tuple(articles)
        return tuple(article for article in articles if self.keeps(marks.get(article.path, UNMARKED)))

    # --- the sidebar's view of a filter ----------------------------------------------------

    @property
    def view(self) -> str | None:
        """The sidebar's reading view in force: "unread", "starred", "updated" or None."""
        if self.unread:
            return "unread"
        if self.updated:
            return "updated"
        return "starred" if self.starred else None

    def toggled(self, kind: str, name: str) -> Filter:
        """The filter with a sidebar entry switched: a tag, a category, or a reading view (the views
        exclude each other)."""
        if kind == "view":
            view = None if self.view == name else name
            return replace(
                self,
                unread=True if view == "unread" else None,
                starred=True if view == "starred" else None,
                updated=True if view == "updated" else None,
            )
        if kind == "folder":
            return replace(self, folder=None if self.folder == name else name)
        if kind == "year":
            return replace(self, year=None if self.year == name else name)
        field = self.tags if kind == "tag" else self.categories
        changed = tuple(item for item in field if item != name) if name in field else (*field, name)
        if kind == "tag":
            return replace(self, tags=changed)
        return replace(self, categories=changed)

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """The sidebar entries this filter selects, as (kind, name)."""
        pairs = {("tag", tag) for tag in self.tags} | {("category", c) for c in self.categories}
        if self.folder is not None:
            pairs.add(("folder", self.folder))
        if self.year is not None:
            pairs.add(("year", self.year))
        return pairs | {("view", self.view)} if self.view else pairs

    def describe(self) -> str:
        """`Unread ▸ news #城市`: the filter in a few words."""
        words = []
        if self.unread is not None:
            words.append("Unread" if self.unread else "Read")
        if self.starred is not None:
            words.append("Starred" if self.starred else "Unstarred")
        if self.updated is not None:
            words.append("Updated" if self.updated else "Not updated")
        if self.folder is not None:
            words.append(f"in {self.folder}/")
        if self.year is not None:
            words.append(self.year)
        return " ".join([*words, *(f"▸ {c}" for c in self.categories), *(f"#{t}" for t in self.tags)])


def in_folder(article: Article, folder: str) -> bool:
    """Whether `article` is somewhere under `folder` (`2024` holds `2024/05/x.md`, not `2024-old/y.md`)."""
    return article.path.startswith(folder + "/")


def year_of(article: Article) -> str | None:
    """The year of the article's date as written (`2024`), or None when it has none."""
    return article.date.iso[:4] if article.date is not None else None


def folder_counts(archive: Archive) -> dict[str, int]:
    """How many articles each folder holds, its subfolders' included, as a tree in path order:
    `2024`, `2024/05`, `2024/06`, `notes`. The archive's top level itself is not a folder here."""
    counts: dict[str, int] = {}
    for article in archive.articles:
        parts = article.path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            counts[folder] = counts.get(folder, 0) + 1
    by_part = sorted(counts, key=lambda folder: tuple(map(natural_key, folder.split("/"))))
    return {folder: counts[folder] for folder in by_part}


def year_counts(archive: Archive) -> dict[str, int]:
    """How many articles are dated in each year, newest year first."""
    counts: dict[str, int] = {}
    for article in archive.articles:
        year = year_of(article)
        if year is not None:
            counts[year] = counts.get(year, 0) + 1
    return dict(sorted(counts.items(), reverse=True))


def view_counts(
    archive: Archive,
    marks: Mapping[str, Mark],
    total: int | None = None,
    paths: AbstractSet[str] | None = None,
) -> dict[str, int]:
    """How many articles each reading view holds. `total`: the archive is the newest articles of that
    many (while a big one loads); those not known yet count as unread. `paths`, the archive's paths
    as a set (a caller that counts often keeps one), lets it go through the marks rather than the
    articles when there are fewer: the app counts at every refresh, and a loop over 100k articles
    held its UI thread ~40 ms. "updated" is there only when it is not 0."""
    if paths is not None and len(marks) < len(archive):
        read = sum(1 for path, mark in marks.items() if mark.read and path in paths)
    else:
        read = sum(1 for article in archive.articles if marks.get(article.path, UNMARKED).read)
    starred = sum(1 for mark in marks.values() if mark.starred)
    counts = {"unread": (total or len(archive)) - read, "starred": starred}
    # "Updated" only when some article changed since it was read: most archives never have one.
    updated = sum(1 for mark in marks.values() if mark.updated)
    return counts | {"updated": updated} if updated else counts


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
    articles = filter.marked(filter.placed(archive.filter(filter.tags, filter.categories)), marks)
    return sort_articles(articles, order, marks)


def search(
    index: Index,
    query: Query,
    marks: Mapping[str, Mark] | Callable[[Article], Mark],
    *,
    limit: int | None = 50,
    snippets: bool = True,
) -> list[Hit]:
    """Articles matching `query`, best first, those its `is:unread` / `is:starred` / `is:updated`
    exclude left out before the limit is taken; `limit` None or 0 means all.

    `marks`: by path, or a function from an article to its mark (`ReadingState.book()`): with it,
    only the candidates are looked up, and no mark of the whole archive is needed first."""
    wanted = Filter.of_query(query)
    keep: Callable[[Article], bool] | None = None
    if wanted.by_marks:
        mark_of = marks if callable(marks) else lambda article: marks.get(article.path, UNMARKED)
        keep = lambda article: wanted.keeps(mark_of(article))  # noqa: E731
    return index.search(query, limit=limit or None, snippets=snippets, keep=keep)
