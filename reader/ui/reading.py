"""The reading side of the main screen, without widgets: what is shown, the filter, and the steps
by which an article is rendered for the pane (run in a worker thread)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from rich.text import Text

from reader.model import Archive, Article
from reader.render import RenderedArticle, RenderOptions, build_article
from reader.state import UNMARKED, Mark
from reader.text import count_words
from reader.ui.widgets.article_view import PaneContent, index_lines, render_progressively

FIRST_LINES = 150  # lines rendered before the pane first shows an article
HEAD_CHARS = 12_000  # a body over twice this long is shown from its head first


@dataclass(frozen=True, slots=True)
class Shown:
    """The article in the pane, as rendered, and which of its folds the reader flipped."""

    article: Article
    rendered: RenderedArticle
    toggled: frozenset[int]


@dataclass(frozen=True, slots=True)
class Filter:
    """The tags and categories in force (an article must carry all of them), and a reading view:
    "unread" or "starred" articles only."""

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    view: str | None = None

    def toggled(self, kind: str, name: str) -> Filter:
        if kind == "view":
            return replace(self, view=None if self.view == name else name)
        field = self.tags if kind == "tag" else self.categories
        changed = tuple(item for item in field if item != name) if name in field else (*field, name)
        if kind == "tag":
            return replace(self, tags=changed)
        return replace(self, categories=changed)

    @property
    def pairs(self) -> set[tuple[str, str]]:
        pairs = {("tag", tag) for tag in self.tags} | {("category", c) for c in self.categories}
        return pairs | {("view", self.view)} if self.view else pairs

    def describe(self) -> str:
        views = [self.view.capitalize()] if self.view else []
        return " ".join([*views, *(f"▸ {c}" for c in self.categories), *(f"#{t}" for t in self.tags)])

    def apply(self, articles: tuple[Article, ...], marks: Mapping[str, Mark]) -> tuple[Article, ...]:
        """`articles` (already filtered by tag and category) narrowed to the reading view."""
        if self.view == "unread":
            return tuple(a for a in articles if not marks.get(a.path, UNMARKED).read)
        if self.view == "starred":
            return tuple(a for a in articles if marks.get(a.path, UNMARKED).starred)
        return articles


def sort_articles(
    articles: tuple[Article, ...], order: str, marks: Mapping[str, Mark]
) -> tuple[Article, ...]:
    """`articles` (newest first) in the reader's `order`: "date", "title", or "unread" first."""
    if order == "title":
        return tuple(sorted(articles, key=lambda article: article.title_key))
    if order == "unread":  # a stable sort keeps newest first within each group
        return tuple(sorted(articles, key=lambda article: marks.get(article.path, UNMARKED).read))
    return articles


SORT_NAMES = {"date": "newest first", "title": "by title", "unread": "unread first"}


def human_size(size: int) -> str:
    """`430 MiB`, `62 KiB`, `900 B`."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" or value >= 10 else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def status_line(
    archive: Archive, shown: int, filter: Filter, order: str, problems: int, total: int | None = None
) -> Text:
    """The permanent status line: what is in the archive, what is shown and how, what is wrong.
    `total`: the archive holds only the newest articles of that many (while a big one loads)."""
    if total is not None:
        line = Text.assemble(f"the newest {len(archive):,} of ", (f"{total:,}", "bold"), " articles")
    else:
        line = Text.assemble((f"{len(archive):,}", "bold"), f" articles · {human_size(archive.size)}")
    if filter.pairs:
        line.append(f" · showing {shown:,}: ")
        line.append(filter.describe())
    line.append(f" · {SORT_NAMES[order]}")
    if problems:
        line.append(" · ")
        line.append(f"{problems:,} problem{'s' * (problems != 1)}", "bold")
    return line


def article_head(body: str) -> str | None:
    """The first blocks of a long body (cut at a blank line), or None when the body is short."""
    if len(body) < 2 * HEAD_CHARS:
        return None
    cut = body.find("\n\n", HEAD_CHARS)
    return body[:cut] if cut != -1 else None


def has_browser() -> bool:
    """A graphical browser to hand links to: never a console one that would take over our terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def render_steps(
    article: Article, body: str, root: str, toggled: frozenset[int], width: int
) -> Iterator[tuple[Shown, PaneContent]]:
    """What the pane shows, step by step: a long article's head first (parsed on its own), then the
    whole article's first screenful, then all of it (the same rendering pass)."""
    options = RenderOptions(interactive=True, toggled=toggled)
    if article.words is None:
        # Not counted yet (the index counts words after it has listed everything): count now.
        article = replace(article, words=count_words(body))
    head = article_head(body)
    if head is not None:
        early = build_article(article, head, root, options)
        lines = next(iter(render_progressively(early.renderable, width, FIRST_LINES)))
        yield Shown(article, early, toggled), index_lines(article.path, lines, width)
    rendered = build_article(article, body, root, options)
    shown = Shown(article, rendered, toggled)
    for lines in render_progressively(rendered.renderable, width, FIRST_LINES):
        yield shown, index_lines(article.path, lines, width)
