"""The reading pane's half of the main screen: the article rendered in a worker, and what acts on
it (find, links, contents, folds, paging).

`MainScreen` builds on this: it owns the archive and the list, and says which article to show.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import RenderableType
from textual import on, work
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from reader.model import Archive, Article, Link
from reader.render.find import find_matches
from reader.render.links import classify, local_target
from reader.text import describe_error
from reader.ui.reading import Shown, has_browser, render_steps
from reader.ui.screens.pickers import LinkChoice, LinksScreen, OutlineScreen
from reader.ui.widgets import ArticleView
from reader.ui.widgets.article_view import PaneContent, pane_content
from reader.ui.widgets.bars import FindBar
from reader.ui.workers import gc_paused


class ReadingScreen(Screen[None]):
    """A screen with an `ArticleView` and a `FindBar`; subclasses compose them and open articles."""

    archive: var[Archive | None] = var(None)

    def __init__(self) -> None:
        super().__init__()
        self.shown: Shown | None = None

    @property
    def reader(self) -> ArticleView:
        return self.query_one(ArticleView)

    def open_article(self, article: Article) -> None:
        """Show `article` and move to the pane (a followed link asks for this)."""
        raise NotImplementedError

    def _alive(self) -> bool:
        """Still on screen: a worker finishing after the app closed must not touch widgets."""
        return self.is_attached and self.app.is_running

    # --- rendering -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="render", exit_on_error=False)
    def render_article(
        self,
        article: Article,
        delay: float = 0.0,
        keep_scroll: bool = False,
        toggled: frozenset[int] = frozenset(),
    ) -> None:
        """Read and render `article` off the UI thread; the newest request wins."""
        worker = get_current_worker()

        def cancelled() -> bool:  # a function: the flag changes under our feet
            return worker.is_cancelled

        if delay:
            time.sleep(delay)
        archive = self.archive
        if cancelled() or archive is None:
            return
        body = archive.body(article)
        try:
            with gc_paused():
                self._render_body(article, body, archive.root, toggled, keep_scroll, cancelled)
        except (NoMatches, RuntimeError):
            if self._alive():
                raise  # a real failure: the worker error handler reports it

    @on(Worker.StateChanged)
    def _render_failed(self, event: Worker.StateChanged) -> None:
        """The article could not be rendered: the pane says so; the list and the app stay."""
        worker = event.worker
        if worker.group == "render" and worker.state == WorkerState.ERROR and worker.error is not None:
            text = f"This article could not be shown: {describe_error(worker.error)}"
            self.shown = None
            self.reader.show_placeholder(text)
            self.notify(text, title="Something went wrong", severity="error", timeout=10, markup=False)

    def _render_body(
        self,
        article: Article,
        body: str,
        root: str,
        toggled: frozenset[int],
        keep_scroll: bool,
        cancelled: Callable[[], bool],
    ) -> None:
        for shown, content in render_steps(article, body, root, toggled, self.reader.text_width):
            if cancelled():
                return
            self.app.call_from_thread(self._show, shown, content, keep_scroll)
            keep_scroll = True

    def _show(self, shown: Shown, content: PaneContent, keep_scroll: bool) -> None:
        self.shown = shown
        self.reader.show(content, keep_scroll=keep_scroll)
        if self.finding:
            self._find(self.find_bar.value)

    def _display(self, key: str, renderable: RenderableType) -> None:
        self.shown = None
        self.reader.show(pane_content(key, renderable, self.reader.text_width))

    def _refold(self, toggled: frozenset[int]) -> None:
        if self.shown is not None:
            self.render_article(self.shown.article, keep_scroll=True, toggled=toggled)

    @on(ArticleView.FoldClicked)
    def _fold_clicked(self, event: ArticleView.FoldClicked) -> None:
        if self.shown is not None:
            self._refold(self.shown.toggled ^ {event.index})

    def action_page_article(self) -> None:
        self.reader.scroll_page_down()

    # --- links, contents, folds ------------------------------------------------------------

    def action_links(self) -> None:
        if self.shown is None or not self.shown.rendered.links:
            self.notify("This article has no links.", timeout=2, markup=False)
            return
        self.app.push_screen(LinksScreen(self.shown.rendered.links), self._link_chosen)

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is None or self.shown is None or self.archive is None:
            return
        verb, link = choice
        if verb == "copy":
            self._copy(link.url)
            return
        self._follow(self.archive, self.shown.article, link)

    def _follow(self, archive: Archive, article: Article, link: Link) -> None:
        """Web links open in the browser (copied where there is none); local articles open here."""
        kind = classify(link.url, article.path, archive.root)
        if kind == "web":
            if has_browser():
                self.app.open_url(link.url)
                self.notify(f"Opening {link.url}", timeout=3, markup=False)
            else:
                self._copy(link.url)
            return
        target = local_target(link.url, article.path, archive.root) if kind == "local" else None
        found = archive.find(target) if target is not None else None
        if found is not None:
            self.open_article(found)
        elif target is not None:
            self.notify(f"{target} is not an article of this archive.", timeout=3, markup=False)
        else:
            self.notify("Only web links and files of this archive can be followed.", timeout=3, markup=False)

    def _copy(self, url: str) -> None:
        # OSC 52: the terminal puts it on the clipboard, over SSH too.
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", timeout=3, markup=False)

    def action_outline(self) -> None:
        if self.shown is None or not self.shown.rendered.headings:
            self.notify("This article has no headings.", timeout=2, markup=False)
            return
        self.app.push_screen(OutlineScreen(self.shown.rendered.headings), self._heading_chosen)

    def _heading_chosen(self, index: int | None) -> None:
        if index is not None and index in self.reader.content.headings:
            self.reader.scroll_to_line(self.reader.content.headings[index])
            self.reader.focus()

    def action_toggle_folds(self) -> None:
        if self.shown is None or not self.shown.rendered.foldable:
            self.notify("Nothing to fold here.", timeout=2, markup=False)
            return
        self._refold(self.shown.toggled ^ frozenset(range(self.shown.rendered.foldable)))

    # --- find ------------------------------------------------------------------------------

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    @property
    def finding(self) -> bool:
        return self.find_bar.active

    def action_find(self) -> None:
        self.find_bar.open()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        self._find(event.value)

    def _find(self, query: str) -> None:
        matches = find_matches(self.reader.content.texts, query)
        self.reader.set_matches(matches)
        self.find_bar.show_count(self.reader.current_match, len(matches))

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        self.reader.focus()

    def _close_find(self) -> None:
        self.find_bar.close()
        self.reader.set_matches([])
        self.reader.focus()
