"""The reader's rules, written once: which articles a filter, a query and the reading state keep, and in
which order. The app and the command line both call these; neither filters or sorts on its own.

    browse(archive, filter, marks, order)   the archive's articles (tags, categories, read, starred,
                                            folder, year or month, series: in reading order)
    search(index, query, marks, ...)        search hits, narrowed by `is:unread` / `is:starred` too
    count(index, query, marks)              how many a query finds (a saved search's count)
    saved_query(text, searches)             `@name` expanded to the saved search it names
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.model import UNMARKED, Archive, Article, Mark, by_count, natural_key

if TYPE_CHECKING:
    from reader.index import Hit, Index, Query

ORDERS = {"date": "newest first", "title": "by title", "unread": "unread first"}
SERIES_ORDER = "in reading order (oldest first)"  # a series chosen: its parts as they are read
UNDATED_ORDER = "by path, last first"  # "date" when nothing is dated (`reader.model.newest_first`)
VIEWS = ("unread", "starred", "updated")  # the reading views of the sidebar


@dataclass(frozen=True, slots=True)
class Filter:
    """Which articles to keep: those carrying every tag of `tags` and every category of `categories`,
    under `folder` (a path like `2024/news`), dated in `year` (`2024`) and `month` (`2024-05`), and
    part of `series` when those are given, and whose reading state agrees with `unread`, `starred`
    and `updated` (changed since it was read) (True: only those; False: only the others; None:
    either). Plain fields: it is saved as it is."""

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    unread: bool | None = None
    starred: bool | None = None
    folder: str | None = None
    year: str | None = None
    series: str | None = None
    month: str | None = None  # `2024-05`; its year is `year` too
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
        """`articles`, in their order, narrowed by folder, year, month and series only."""
        if self.folder is None and self.year is None and self.month is None and self.series is None:
            return tuple(articles)
        return tuple(
            article
            for article in articles
            if (self.folder is None or in_folder(article, self.folder))
            and (self.year is None or year_of(article) == self.year)
            and (self.month is None or month_of(article) == self.month)
            and (self.series is None or self.series in article.series)
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
        if kind == "year":  # a month belongs to its year: it goes with it
            return replace(self, year=None if self.year == name else name, month=None)
        if kind == "month":
            if self.month == name:
                return replace(self, month=None)
            return replace(self, year=name[:4], month=name)
        if kind == "series":
            return replace(self, series=None if self.series == name else name)
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
        if self.month is not None:
            pairs.add(("month", self.month))
        if self.series is not None:
            pairs.add(("series", self.series))
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
        if self.month is not None:
            words.append(self.month)
        elif self.year is not None:
            words.append(self.year)
        if self.series is not None:
            words.append(f"series {self.series}")
        return " ".join([*words, *(f"▸ {c}" for c in self.categories), *(f"#{t}" for t in self.tags)])


def in_folder(article: Article, folder: str) -> bool:
    """Whether `article` is somewhere under `folder` (`2024` holds `2024/05/x.md`, not `2024-old/y.md`)."""
    return article.path.startswith(folder + "/")


def year_of(article: Article) -> str | None:
    """The year of the article's date as written (`2024`), or None when it has none."""
    return article.date.iso[:4] if article.date is not None else None


def month_of(article: Article) -> str | None:
    """The year and month of the article's date as written (`2024-05`), or None when it has none."""
    return article.date.iso[:7] if article.date is not None else None


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


def timeline(archive: Archive) -> dict[str, dict[str, int]]:
    """How many articles are dated in each month, by year: `{"2024": {"2024-06": 3, "2024-05": 1}}`,
    newest year and month first. One pass over the archive (the sidebar's timeline, at 100k too)."""
    months: dict[str, int] = {}
    for article in archive.articles:
        if article.date is not None:
            month = article.date.iso[:7]
            months[month] = months.get(month, 0) + 1
    years: dict[str, dict[str, int]] = {}
    for month in sorted(months, reverse=True):
        years.setdefault(month[:4], {})[month] = months[month]
    return years


@dataclass(frozen=True, slots=True)
class Places:
    """What the sidebar counts once an archive (not at every mark): its timeline, its series, and
    its folders when it has no tags or categories (else none: the sidebar shows them only then)."""

    timeline: dict[str, dict[str, int]]
    series: dict[str, int]
    folders: dict[str, int]


def places(archive: Archive) -> Places:
    """The archive's `Places`: ~20 ms at 100k articles, so the app counts them in a worker."""
    folders = {} if archive.tags or archive.categories else folder_counts(archive)
    return Places(timeline(archive), series_counts(archive), folders)


def series_counts(archive: Archive) -> dict[str, int]:
    """How many articles each series holds, the longest first, then by name (as tags are)."""
    return by_count(Counter(name for article in archive.articles for name in article.series).items())


def reading_order(articles: Iterable[Article]) -> tuple[Article, ...]:
    """A series' parts as they are read: oldest first (Hugo's order by date), ties and undated parts
    (last) by path in natural order (`part-2` before `part-10`)."""
    return tuple(sorted(articles, key=_part_key))


def _part_key(article: Article) -> tuple[bool, float, str, str]:
    stamp = article.date.timestamp if article.date is not None else 0.0
    return (article.date is None, stamp, natural_key(article.path), article.path)


def series_parts(archive: Archive, name: str) -> tuple[Article, ...]:
    """The articles of series `name`, in reading order."""
    return reading_order(article for article in archive.articles if name in article.series)


def part_of(articles: Sequence[Article], article: Article) -> tuple[int, int] | None:
    """Where `article` is among a series' `articles` (in reading order): (number from 1, how many)."""
    for number, part in enumerate(articles, 1):
        if part.path == article.path:
            return number, len(articles)
    return None


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


def order_name(order: str, archive: Archive, filter: Filter | None = None) -> str:
    """How `order` sorts `archive`, in words: "newest first" is not said of an archive without dates,
    nor of a series, which is listed in reading order (`browse`)."""
    if filter is not None and filter.series is not None and order != "title":
        return SERIES_ORDER
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
    """The articles of `archive` that `filter` keeps, in `order`; a series in its reading order
    (`reading_order`) unless "title" is asked for, so that `[` / `]` go from part to part."""
    articles = filter.marked(filter.placed(archive.filter(filter.tags, filter.categories)), marks)
    if filter.series is not None and order != "title":
        return reading_order(articles)
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


def count(index: Index, query: Query, marks: Mapping[str, Mark] | Callable[[Article], Mark]) -> int:
    """How many articles `query` finds: counted by the index, unless the reading state decides
    (`is:unread`, `is:starred`), when the hits are gathered without snippets and counted."""
    if Filter.of_query(query).by_marks:
        return len(search(index, query, marks, limit=None, snippets=False))
    return index.count_matches(query)


class UnknownSearch(LookupError):
    """`@name` names no saved search."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"no saved search named {self.name!r} (settings.toml, [searches])"


def saved_query(text: str, searches: Mapping[str, str]) -> str:
    """`text` with a leading `@name` replaced by the saved search it names (`@name more words`
    adds to it); any other text as it is. Raises UnknownSearch for a name not saved."""
    stripped = text.strip()
    if not stripped.startswith("@"):
        return text
    name, *rest = stripped[1:].split(maxsplit=1) or [""]
    if name not in searches:
        raise UnknownSearch(name)
    return " ".join([searches[name], *rest])
