"""The main screen: tag sidebar, article list and reading pane, and the state that ties them together.

The screen owns the archive and the filter, runs the slow work (loading, reading and rendering an
article) in workers, and tells each widget what to show.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState, get_current_worker

from reader.load import load_archive
from reader.model import Archive, Article
from reader.render import problems_report, render_article
from reader.ui.widgets import ArticleList, ArticleView, TagSidebar
from reader.ui.widgets.article_view import render_strips

PREVIEW_DELAY = 0.06  # seconds: holding a key down previews only where the highlight stops


@dataclass(frozen=True, slots=True)
class Filter:
    """The tags and categories in force; an article must carry all of them."""

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def toggled(self, kind: str, name: str) -> Filter:
        field = self.tags if kind == "tag" else self.categories
        changed = tuple(item for item in field if item != name) if name in field else (*field, name)
        if kind == "tag":
            return Filter(changed, self.categories)
        return Filter(self.tags, changed)

    @property
    def pairs(self) -> set[tuple[str, str]]:
        return {("tag", tag) for tag in self.tags} | {("category", c) for c in self.categories}

    def describe(self) -> str:
        return " ".join([*(f"▸ {c}" for c in self.categories), *(f"#{t}" for t in self.tags)])


class MainScreen(Screen[None]):
    """Browse on the left, read on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "focus_tags", "Tags"),
        Binding("b", "toggle_sidebar", "Sidebar"),
        Binding("space", "page_article", "Page", key_display="space"),
        Binding("escape", "focus_list", "Back to list", show=False),
    ]

    archive: var[Archive | None] = var(None)
    filter: var[Filter] = var(Filter)

    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield TagSidebar(id="sidebar")
            with Vertical(id="main"):
                yield ArticleList(id="articles")
                yield ArticleView(id="reader")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> TagSidebar:
        return self.query_one(TagSidebar)

    def on_mount(self) -> None:
        self.article_list.border_title = "Articles"
        self.sidebar.border_title = "Tags"
        self.reader.show_placeholder("Loading the archive…")
        self.article_list.focus()
        self.load()

    # --- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> Archive:
        return load_archive(self.root)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.state == WorkerState.SUCCESS and worker.group == "load":
            self.archive = worker.result
        elif worker.state == WorkerState.ERROR:
            error = worker.error
            message = f"{type(error).__name__}: {error}"
            if worker.group == "load":
                self.article_list.empty_text = "The archive could not be read."
                self.reader.show_placeholder(message)
            self.notify(message, title="Something went wrong", severity="error", markup=False)

    def watch_archive(self, archive: Archive | None) -> None:
        if archive is None:
            return
        self.article_list.empty_text = "No articles here."
        if not len(archive):
            self.reader.show_placeholder("No Markdown articles were found in this folder.")
        self._refresh_view()
        errors = archive.errors
        if errors:
            self.notify(
                f"{errors} file{'s' * (errors != 1)} could not be read: see Problems in the sidebar.",
                severity="warning",
                markup=False,
            )

    def watch_filter(self) -> None:
        self._refresh_view()

    def _refresh_view(self) -> None:
        archive = self.archive
        if archive is None:
            return
        current = self.article_list.highlighted
        articles = archive.filter(self.filter.tags, self.filter.categories)
        self.article_list.set_articles(articles, keep=current)
        title = Text.assemble("Articles ", (str(len(articles)), "bold"))
        if self.filter.pairs:
            title.append(f" of {len(archive)} · ")
            title.append(self.filter.describe())
        self.article_list.border_title = title
        self.sidebar.show_counts(
            len(archive),
            archive.tags,
            archive.categories,
            self.filter.pairs,
            problems=len(archive.all_problems()),
        )

    # --- filtering -------------------------------------------------------------------------

    @on(TagSidebar.Toggled)
    def _toggle(self, event: TagSidebar.Toggled) -> None:
        self.filter = self.filter.toggled(event.kind, event.name)

    @on(TagSidebar.Cleared)
    def _clear(self) -> None:
        self.filter = Filter()

    @on(TagSidebar.ProblemsChosen)
    def _show_problems(self) -> None:
        if self.archive is not None:
            self._display("problems", problems_report(self.archive.all_problems()))

    # --- reading ---------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        self.render_article(event.article, delay=PREVIEW_DELAY)

    @on(ArticleList.Selected)
    def _open(self, event: ArticleList.Selected) -> None:
        if self.reader.key != event.article.path:
            self.render_article(event.article)
        self.reader.focus()

    @on(ArticleView.Step)
    def _step(self, event: ArticleView.Step) -> None:
        listing = self.article_list
        before = listing.cursor
        listing.cursor = listing.validate_cursor(before + event.step)
        if listing.cursor == before:
            self.notify("No more articles this way.", timeout=2, markup=False)

    @on(ArticleView.Resized)
    def _resized(self) -> None:
        article = self.article_list.highlighted
        if article is not None and self.reader.key == article.path:
            self.render_article(article, keep_scroll=True)

    @work(thread=True, exclusive=True, group="render")
    def render_article(self, article: Article, delay: float = 0.0, keep_scroll: bool = False) -> None:
        """Read and render `article` off the UI thread; the newest request wins."""
        worker = get_current_worker()
        if delay:
            time.sleep(delay)
        if worker.is_cancelled or self.archive is None:
            return
        body = self.archive.body(article)
        renderable = render_article(article, body, self.archive.root)
        width = self.reader.text_width
        lines = render_strips(renderable, width)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.reader.show, article.path, lines, width, keep_scroll=keep_scroll)

    def _display(self, key: str, renderable: RenderableType) -> None:
        width = self.reader.text_width
        self.reader.show(key, render_strips(renderable, width), width)

    # --- actions ---------------------------------------------------------------------------

    def action_focus_tags(self) -> None:
        sidebar = self.sidebar
        if not sidebar.display:
            sidebar.display = True
        sidebar.focus()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.article_list.focus()

    def action_focus_list(self) -> None:
        self.article_list.focus()

    def action_page_article(self) -> None:
        self.reader.scroll_page_down()
