"""The reading pane: the article view and its find bar, and everything that acts on the article shown
(its render worker, find, links, contents, folds).

The screen says what to show (`show`, `show_report`, `show_placeholder`) and hears what the reader
asked for that is not the pane's to do: another article (`Follow`, `Step`), or why one could not be
shown (`Failed`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Self

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from reader.index import open_index
from reader.model import Archive, Article, Link
from reader.related import Related, related
from reader.render.find import find_matches, find_terms
from reader.render.links import classify, local_target
from reader.text import describe_error
from reader.ui.lines import PaneContent, Shown, pane_content, render_steps, short_pane
from reader.ui.screens.pickers import LinkChoice, LinksScreen, OutlineScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.bars import FindBar
from reader.ui.widgets.related_list import RelatedList
from reader.ui.workers import gc_paused

RELATED_DELAY = 0.3  # seconds after an article is shown before its related articles are looked for


def has_browser() -> bool:
    """A browser to hand links to: the one $BROWSER names (Python's `webbrowser` honours it), else a
    graphical one; never a console one we picked, which would take over our terminal."""
    if os.environ.get("BROWSER", "").strip():
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class ReadingPane(Vertical):
    """Shows one article of `archive`, rendered off the UI thread: the newest request wins."""

    ALLOW_MAXIMIZE = True  # full-screen reading (m) maximizes the pane, find bar included
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous",
            show=False,
            tooltip="Previous article",
            id="pane.previous",
        ),
        Binding(
            "right_square_bracket", "step(1)", "Next", show=False, tooltip="Next article", id="pane.next"
        ),
        Binding(
            "l", "links", "Links", tooltip="Links of the article: follow one, or copy it (y)", id="pane.links"
        ),
        Binding(
            "o", "outline", "Contents", tooltip="Table of contents: jump to a heading", id="pane.contents"
        ),
        Binding("f", "find", "Find", tooltip="Find in the article", id="pane.find"),
        Binding("n", "next_match(1)", "Next match", show=False, id="pane.next_match"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="pane.previous_match"),
        Binding(
            "z",
            "toggle_folds",
            "Open all folds, or close all",
            show=False,
            tooltip="Folded callouts: open them all (close them all when none is folded)",
            id="pane.folds",
        ),
    ]

    @dataclass
    class Follow(Message):
        """A followed link leads to `article` of the archive: the screen opens it."""

        article: Article

    @dataclass
    class Step(Message):
        """The reader asks for the previous (-1) or next (+1) article of the list."""

        step: int

    @dataclass
    class Failed(Message):
        """The article could not be shown; the pane says so, `text` in words for the reader."""

        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.archive: Archive | None = None  # the screen sets it; links are followed within it
        self.shown: Shown | None = None
        self.terms: tuple[str, ...] = ()  # search terms highlighted in what is shown (see `highlight`)
        self.wanted: str | None = None  # the path of the article last asked for (shown or coming)
        self._restore: tuple[str, int] | None = None  # (path, line) to scroll to once it is shown
        self._jumped_to: int | None = None  # the line the last heading jump put at the top
        self._place_after_resize: int | None = None  # where the view goes once the related list shows

    def compose(self) -> ComposeResult:
        yield ArticleView(id="reader")
        yield RelatedList(id="related")
        yield FindBar(id="find")

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    @property
    def related_list(self) -> RelatedList:
        return self.query_one(RelatedList)

    def on_mount(self) -> None:
        self.related_list.display = False
        self.watch(self.view, "scroll_y", self._reveal_related, init=False)

    @property
    def key(self) -> object:
        """What the view shows: an article's path, a report's key, or None."""
        return self.view.key

    @property
    def short(self) -> bool:
        """Too short for the whole article header (`lines.short_pane`), counting the rows the article
        has with the find bar closed: opening it must not redraw the header and move the text."""
        return short_pane(self.size.height - self.view.styles.gutter.height)

    @property
    def reading(self) -> bool:
        """The reader is in the article (the view has focus)."""
        return self.view.has_focus

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus goes to the article, never to the container."""
        self.view.focus(scroll_visible)
        return self

    # --- what to show ----------------------------------------------------------------------

    def show(
        self, article: Article, *, delay: float = 0.0, keep_scroll: bool = False, scroll: int | None = None
    ) -> None:
        """Render `article` in a worker and show it (after `delay` seconds, unless a newer request
        came meanwhile); `keep_scroll` keeps the place when it is the article already shown;
        `scroll` is a line to return to (back, forward, where the reader left off)."""
        self.wanted = article.path
        if scroll is not None:
            self._restore = (article.path, scroll)
        elif self._restore is not None and self._restore[0] != article.path:
            self._restore = None
        if self.related_list.for_path != article.path:
            self.related_list.clear_related()
            self._jumped_to = None
        # A search for the related articles of the article before must not compete with this one.
        self.workers.cancel_group(self, "related")
        self._render_article(article, self.view.text_width, self.short, delay, keep_scroll, frozenset())

    def show_part(self, title: Text | None) -> None:
        """Say on the pane's border where the article stands in its series ("Part 3 of 7 — …")."""
        self.view.border_title = title

    @property
    def scroll_line(self) -> int:
        """The first line of the article in view."""
        return round(self.view.scroll_offset.y)

    def show_report(self, key: str, renderable: RenderableType) -> None:
        """Show something that is not an article (the problems report)."""
        self.shown = None
        self.wanted = self._restore = None
        self.related_list.clear_related()
        self.view.show(pane_content(key, renderable, self.view.text_width))

    def show_placeholder(self, text: str) -> None:
        self.shown = None
        self.wanted = self._restore = None
        self.related_list.clear_related()
        self.view.show_placeholder(text)

    def page_down(self) -> None:
        self.view.scroll_page_down()

    # --- rendering -------------------------------------------------------------------------

    def _alive(self) -> bool:
        """Still on screen: a worker finishing after the app closed must not touch widgets."""
        return self.is_attached and self.app.is_running

    @work(thread=True, exclusive=True, group="render", exit_on_error=False, description="render")
    def _render_article(
        self,
        article: Article,
        width: int,
        short: bool,
        delay: float,
        keep_scroll: bool,
        toggled: frozenset[int],
    ) -> None:
        """Read and render `article` at `width` (read on the UI thread) off the UI thread; `short`:
        the pane is short, the header takes one line."""
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
                self._render_body(article, body, archive.root, toggled, width, short, keep_scroll, cancelled)
        except (NoMatches, RuntimeError):  # the app closed under the worker
            if self._alive():
                raise  # a real failure: the worker error handler reports it

    def _render_body(
        self,
        article: Article,
        body: str,
        root: str,
        toggled: frozenset[int],
        width: int,
        short: bool,
        keep_scroll: bool,
        cancelled: Callable[[], bool],
    ) -> None:
        for shown, content in render_steps(article, body, root, toggled, width, short):
            if cancelled():
                return
            self.app.call_from_thread(self._show, shown, content, keep_scroll)
            keep_scroll = True
        self.app.call_from_thread(self._restored, article.path)
        if not cancelled():  # the article is on screen: its related articles next, in their worker
            self.app.call_from_thread(self._find_related, article, body)

    # --- related articles ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="related", exit_on_error=False, description="related")
    def _find_related(self, article: Article, body: str) -> None:
        """Related articles by labels and dates, and by text where the index can be read (when it
        cannot, the keeper has said so already: labels alone then). It waits a moment first: a
        reader moving on (holding `j`, `]`) cancels it before it takes CPU from the next render."""
        worker = get_current_worker()
        time.sleep(RELATED_DELAY)
        archive = self.archive
        if archive is None or worker.is_cancelled:
            return
        text = article.title + "\n" + body
        try:
            with open_index(archive.root) as index:
                found = related(article, archive, index, text=text)
        except Exception:
            found = related(article, archive)
        if not get_current_worker().is_cancelled and self._alive():
            self.app.call_from_thread(self._related_found, article, found)

    def _related_found(self, article: Article, found: list[Related]) -> None:
        if self.shown is None or self.shown.article.path != article.path:
            return  # another article is shown by now
        self.related_list.show_related(article.path, found)
        self._reveal_related()

    def _reveal_related(self) -> None:
        """The list appears once the reader reaches the end of the article (at once for one that
        fits), and stays until another article is shown: it must not eat the reading space."""
        listing, view = self.related_list, self.view
        if listing.display or not listing.items:
            return
        if view.scroll_y >= view.max_scroll_y:
            # The view gets shorter: the line at its top stays there, or comes up to the heading a
            # jump asked for (one near the end could not reach the top before).
            self._place_after_resize = max(round(view.scroll_y), self._jumped_to or 0)
            listing.display = True

    @on(RelatedList.Chosen)
    def _related_chosen(self, event: RelatedList.Chosen) -> None:
        event.stop()
        self.post_message(self.Follow(event.article))

    def _show(self, shown: Shown, content: PaneContent, keep_scroll: bool) -> None:
        self.shown = shown
        self.view.show(content, keep_scroll=keep_scroll)
        self._restore_scroll(shown.article.path)
        if self.find_bar.active:
            self._find(self.find_bar.value)
        elif self.terms:
            self._find_terms()

    def _restore_scroll(self, path: str) -> None:
        """Scroll to the line asked for, at each step of a long article's rendering (the early
        steps may not reach it: as far down as they go)."""
        restore = self._restore
        if restore is None or restore[0] != path:
            return
        # Forced: coming from a short article, the view does not allow scrolling until its next layout.
        self.view.scroll_to(y=restore[1], animate=False, force=True)

    def _restored(self, path: str) -> None:
        """The whole article is shown: the line asked for is reached, or as near as it goes."""
        if self._restore is not None and self._restore[0] == path:
            self._restore = None

    @on(Worker.StateChanged)
    def _render_failed(self, event: Worker.StateChanged) -> None:
        """The article could not be rendered: the pane says so; the list and the app stay."""
        worker = event.worker
        if worker.group == "related" and worker.state == WorkerState.ERROR and worker.error is not None:
            self.post_message(
                self.Failed(f"Related articles could not be found: {describe_error(worker.error)}")
            )
            return
        if worker.group == "render" and worker.state == WorkerState.ERROR and worker.error is not None:
            text = f"This article could not be shown: {describe_error(worker.error)}"
            self.show_placeholder(text)
            self.post_message(self.Failed(text))

    @on(ArticleView.Resized)
    def _resized(self, event: ArticleView.Resized) -> None:
        """Render again when the text width changed, or the pane became short (or tall) enough
        to change the header."""
        place, self._place_after_resize = self._place_after_resize, None
        if place is not None:
            self.view.scroll_to(y=place, animate=False)
        shown = self.shown
        if shown is None or self.key != shown.article.path:
            return
        if event.width != self.view.rendered_width or self.short != shown.short_header:
            self.show(shown.article, keep_scroll=True)

    def _refold(self, toggled: frozenset[int]) -> None:
        if self.shown is not None:
            view = self.view
            self._render_article(self.shown.article, view.text_width, self.short, 0.0, True, toggled)

    @on(ArticleView.FoldClicked)
    def _fold_clicked(self, event: ArticleView.FoldClicked) -> None:
        if self.shown is not None:
            self._refold(self.shown.toggled ^ {event.index})

    def action_toggle_folds(self) -> None:
        """z: open every folded callout when any is folded, else fold them all."""
        if self.shown is None or not self.shown.rendered.folds:
            self.notify("Nothing to fold here.", timeout=2, markup=False)
            return
        self._refold(self.shown.rendered.folds.all_flipped(self.shown.toggled))

    def action_step(self, step: int) -> None:
        self.post_message(self.Step(step))

    # --- links and contents ----------------------------------------------------------------

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
        """Web links open in the browser (copied where there is none); local articles open here.
        Under `serve` the visitor's browser opens it, in a new tab."""
        kind = classify(link.url, article.path, archive.root)
        if kind == "web":
            if self.app.is_web or has_browser():
                self._open_url(link.url)
                self.notify(f"Opening {link.url}", timeout=3, markup=False)
            else:
                self._copy(link.url)
            return
        target = local_target(link.url, article.path, archive.root) if kind == "local" else None
        found = archive.find(target) if target is not None else None
        if found is not None:
            self.post_message(self.Follow(found))
        elif target is not None:
            self.notify(f"{target} is not an article of this archive.", timeout=3, markup=False)
        else:
            self.notify("Only web links and files of this archive can be followed.", timeout=3, markup=False)

    def _open_url(self, url: str) -> None:
        """`App.open_url`: the driver hands it to the visitor's browser under `serve`, else to
        Python's `webbrowser` ($BROWSER first). A browser named by $BROWSER may be a console one
        that needs the terminal (w3m, lynx), as newsboat runs it: it gets the terminal, the app
        suspended, until it returns."""
        if self.app.is_web or not os.environ.get("BROWSER", "").strip():
            self.app.open_url(url)
            return
        try:
            with self.app.suspend():
                self.app.open_url(url)
        except SuspendNotSupported:
            self.app.open_url(url)

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
        view = self.view
        if index is not None and index in view.content.headings:
            self._jumped_to = view.content.headings[index]
            view.scroll_to_line(self._jumped_to)
            view.focus()

    # --- find ------------------------------------------------------------------------------

    @property
    def finding(self) -> bool:
        """The find bar is open (it may be empty)."""
        return bool(self.find_bar.display)

    def action_find(self) -> None:
        self.find_bar.open()

    async def action_next_match(self, step: int) -> None:
        if not self.view.next_match(step):
            # No find in force: n is "next unread article" (the screen's key).
            await self.screen.run_action(f"next_unread({step})")
            return
        self._count_matches()

    def _count_matches(self) -> None:
        """The find bar's `2 of 4`, kept on the match the view highlights."""
        self.find_bar.show_count(self.view.current_match, len(self.view.matches))

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._find(event.value)

    def _find(self, query: str) -> None:
        matches = find_matches(self.view.content.texts, query)
        self.view.set_matches(matches)
        self._count_matches()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.view.focus()

    def close_find(self) -> None:
        self.find_bar.close()
        self.view.set_matches([])
        self._find_terms()  # the search's terms again, if any
        self.view.focus()

    # --- search terms ----------------------------------------------------------------------

    def highlight(self, terms: tuple[str, ...]) -> None:
        """Highlight the search `terms` (a query's words and phrases, `word*` a prefix) in every
        article shown from now on, as find does: `n` / `N` step through them. `()` stops it."""
        if terms == self.terms:
            return
        self.terms = terms
        if not self.find_bar.active:
            if terms:
                self._find_terms()
            else:
                self.view.set_matches([])

    @property
    def highlighting(self) -> bool:
        """Search terms are highlighted in the article (find is not in force)."""
        return bool(self.terms) and not self.find_bar.active

    def _find_terms(self) -> None:
        if self.terms and self.shown is not None:
            self.view.set_matches(find_terms(self.view.content.texts, self.terms))
            self._count_matches()
