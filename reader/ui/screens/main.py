"""The main screen: tag sidebar, article list and reading pane, and the state that ties them together.

The screen owns the archive and the filter, has the keeper load and search it in workers, and tells
each widget what to show. What acts on the article shown is the reading pane's (widgets/reading_pane.py).
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input

from reader.history import Move
from reader.index import Hit, parse_query
from reader.model import UNMARKED, Archive, Article, Mark
from reader.render import problems_report
from reader.resume import Resume
from reader.rules import (
    Filter,
    Places,
    UnknownSearch,
    browse,
    part_of,
    places,
    saved_query,
    series_parts,
    view_counts,
)
from reader.settings import Settings
from reader.state import StateDamage
from reader.text import counted
from reader.textdiff import changed
from reader.ui.keeper import ArchiveKeeper
from reader.ui.navigator import Navigator
from reader.ui.screens.changes import ChangesScreen
from reader.ui.screens.jump import JumpScreen
from reader.ui.screens.pickers import RepairStateScreen
from reader.ui.screens.saved import DeleteSearchScreen, SaveSearchScreen
from reader.ui.status import status_line
from reader.ui.tools import ArticleTools
from reader.ui.widgets import ArticleList, ReadingPane, TagSidebar
from reader.ui.widgets.bars import SearchBar
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.status_bar import StatusBar

PREVIEW_DELAY = 0.06  # seconds: holding a key down previews only where the highlight stops
NARROW = 90  # columns: a narrower screen starts with the sidebar hidden (styles/app.tcss, `-narrow`)


class MainScreen(Screen[None]):
    """Browse on the left, read on the right."""

    # A binding with a tooltip is also a command in the palette (ctrl+p), titled by its tooltip.
    BINDINGS: ClassVar[list[BindingType]] = [
        # First of the screen's keys in the footer: on a narrow screen it is the one that matters.
        Binding(
            "m",
            "full_screen",
            "Full screen",
            tooltip="Full-screen reading: the article alone (m again)",
            id="main.full_screen",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            key_display="/",
            tooltip='Search the archive: words, "phrases", tag:, category:, after:, before:, is:draft',
            id="main.search",
        ),
        Binding(
            "d",
            "what_changed",
            "What changed",
            show=False,
            id="main.what_changed",
            tooltip="What changed: the article's words since you last read it (◆ in the list)",
        ),
        Binding(
            "u",
            "toggle_read",
            "Read/unread",
            show=False,
            tooltip="Mark the article read / unread",
            id="main.toggle_read",
        ),
        Binding(
            "s", "toggle_star", "Star", show=False, tooltip="Star / unstar the article", id="main.toggle_star"
        ),
        Binding(
            "n",
            "next_unread(1)",
            "Next unread",
            show=False,
            tooltip="Next unread article",
            id="main.next_unread",
        ),
        Binding(
            "p",
            "next_unread(-1)",
            "Previous unread",
            show=False,
            tooltip="Previous unread article",
            id="main.previous_unread",
        ),
        Binding(
            "R",
            "mark_all_read",
            "Mark all read",
            show=False,
            tooltip="Mark every article in the view read",
            id="main.mark_all_read",
        ),
        Binding("t", "focus_tags", "Tags", tooltip="Tags: focus the tag sidebar", id="main.tags"),
        Binding(
            "ctrl+s",
            "save_search",
            "Save this search",
            show=False,
            id="main.save_search",
            tooltip="Save this search… under a name (sidebar, and @name on the command line)",
        ),
        Binding(
            "b",
            "toggle_sidebar",
            f"Sidebar on / off (starts off under {NARROW} columns; b holds until you quit)",
            show=False,
            tooltip="Sidebar: show or hide it",
            id="main.sidebar",
        ),
        Binding(
            "ctrl+o,colon",
            "jump",
            "Jump to a title",
            key_display=":",
            show=False,
            id="main.jump",
            tooltip="Jump to an article: type part of its title, its path or pinyin initials",
        ),
        Binding(
            "backspace,alt+left",
            "history_back",
            "Back (history)",
            show=False,
            id="main.history_back",
            tooltip="Back: the article opened before this one, where you were in it",
        ),
        Binding(
            "alt+right",
            "history_forward",
            "Forward (history)",
            show=False,
            id="main.history_forward",
            tooltip="Forward: the article you went back from",
        ),
        Binding(
            "e",
            "edit",
            "Edit in your editor",
            show=False,
            id="main.editor",
            tooltip="Edit the article in your editor ($VISUAL, else $EDITOR, else vi)",
        ),
        Binding(
            "vertical_line",
            "pipe",
            "Pipe to a command",
            show=False,
            key_display="|",
            id="main.pipe",
            tooltip="Pipe the article (its source or its text) to a shell command",
        ),
        Binding(
            "E",
            "export",
            "Export as text or HTML",
            show=False,
            id="main.export",
            tooltip="Export the article to a file, as plain text or HTML",
        ),
        Binding("space", "page_article", "Page", key_display="space", show=False, id="main.page"),
        Binding("escape", "back", "Back to list", show=False, id="main.back"),
    ]

    # The screen is `-narrow` below NARROW columns: the sidebar is hidden there by the stylesheet,
    # until `b` (or `t`) shows or hides it by hand; that choice then holds at any width.
    # (Textual types it as an instance attribute: a ClassVar here would not type-check.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]  # noqa: RUF012

    # Full-screen reading (m) is Textual's maximize of the pane: the footer stays, Escape is ours.
    ALLOW_IN_MAXIMIZED_VIEW = "Footer"
    ESCAPE_TO_MINIMIZE = False

    archive: var[Archive | None] = var(None)
    filter: var[Filter] = var(Filter)

    def __init__(self, root: str, *, open_path: str | None = None, resume: bool = True) -> None:
        """`open_path`: an article (relative to `root`) to open once loaded; `resume`: come back to
        where the reader left off in this archive (when `open_path` is not given)."""
        super().__init__()
        self.root = root
        # What start-up restores: a Resume, read by the navigator (or made of `open_path`); None
        # once done or when there is nothing to restore.
        self._restore: Resume | None = Resume(open_path, opened=True) if open_path else None
        self._restore_stage = "article" if open_path else "view"  # then "results", then "article"
        self._resuming = resume and open_path is None  # the navigator is reading what was saved
        self._open_path = open_path is not None
        self.searching: str | None = None
        self._reported_errors = 0
        self.marks: dict[str, Mark] = {}
        # While a big archive loads, `archive` is its newest articles of this many; else None.
        self._loading_total: int | None = None
        self.state_damage: StateDamage | None = None  # the reading state cannot be saved
        self._places_of: tuple[Archive, Places] | None = None
        self.saved_counts: dict[str, int] = {}  # what each saved search finds, as last counted
        self._parts_of: tuple[Archive | None, dict[str, tuple[Article, ...]]] = (None, {})
        self._paths_of: tuple[Archive, frozenset[str]] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield TagSidebar(id="sidebar")
            with Vertical(id="main"):
                yield SearchBar(id="search")
                yield ArticleList(id="articles")
                yield ReadingPane(id="pane")
        yield StatusBar(id="status")
        yield KeyFooter(narrow=NARROW)
        yield ArchiveKeeper(self.root, id="keeper")
        yield Navigator(self.root, id="navigator")
        yield ArticleTools(id="tools")

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def sidebar(self) -> TagSidebar:
        return self.query_one(TagSidebar)

    @property
    def keeper(self) -> ArchiveKeeper:
        return self.query_one(ArchiveKeeper)

    @property
    def navigator(self) -> Navigator:
        return self.query_one(Navigator)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        self.article_list.border_title = "Articles"
        self.pane.show_placeholder("Loading the archive…")
        self.article_list.focus()
        self.watch(self.app, "settings", self._apply_settings)
        self.watch(self.pane.view, "scroll_y", self._scrolled, init=False)
        self.keeper.load()
        if self._resuming:
            self.navigator.read_resume()

    @property
    def settings(self) -> Settings:
        settings = getattr(self.app, "settings", None)
        return settings if isinstance(settings, Settings) else Settings()

    def _apply_settings(self, old: Settings, settings: Settings) -> None:
        self.sidebar.styles.width = settings.sidebar_width
        if self.article_list.date_style != settings.date_format:
            self.article_list.date_style = settings.date_format
            self.article_list.refresh_rows()
        if settings.sort != old.sort:  # a new theme or width must not re-sort 100k articles
            self._refresh_view()
        elif settings.searches != old.searches and self.archive is not None:
            self._refresh_sidebar(self.archive)
        if settings.searches != old.searches:
            self._count_saved()

    # --- the archive, from the keeper ------------------------------------------------------

    @on(ArchiveKeeper.Loaded)
    def _loaded(self, event: ArchiveKeeper.Loaded) -> None:
        self._set_archive(event.archive, event.marks, event.total, event.paths, event.places)
        if event.total is None:
            self._count_saved()
            self.navigator.prepare(event.archive)  # the title jump's candidates, ahead of ctrl+o
        self._try_restore()

    @on(ArchiveKeeper.Busy)
    def _busy(self, event: ArchiveKeeper.Busy) -> None:
        self.status.progress(event.text, event.done, event.total)

    @on(ArchiveKeeper.Idle)
    def _idle(self) -> None:
        self.status.idle()
        self._count_saved()  # the full text is indexed now: searches with words count it all

    @on(ArchiveKeeper.Trouble)
    def _trouble(self, event: ArchiveKeeper.Trouble) -> None:
        self.notify(event.text, severity="warning", markup=False)

    @on(ArchiveKeeper.StateDamaged)
    def _state_damaged(self, event: ArchiveKeeper.StateDamaged) -> None:
        self.state_damage = event.damage
        self.action_repair_state()

    def action_repair_state(self) -> None:
        """Offer to repair a damaged reading state (ctrl+p → Repair reading state asks again)."""
        damage = self.state_damage
        if damage is None:
            self.notify("The reading state is healthy: nothing to repair.", timeout=3, markup=False)
        elif not damage.repairable:
            self.notify(
                f"Reads and stars cannot be saved: {damage.reason} ({damage.path}). "
                "They last until you quit.",
                title="Reading state",
                severity="error",
                timeout=15,
                markup=False,
            )
        elif not isinstance(self.app.screen, RepairStateScreen):
            self.app.push_screen(RepairStateScreen(damage), self._repair_chosen)

    def _repair_chosen(self, repair: bool | None) -> None:
        if repair:
            self.keeper.repair()
        else:
            self.notify(
                "Reads and stars last until you quit. To repair later: ctrl+p → Repair reading state, "
                "or `broadsheet state --repair`.",
                title="Reading state",
                severity="warning",
                timeout=10,
                markup=False,
            )

    @on(ArchiveKeeper.StateRepaired)
    def _state_repaired(self, event: ArchiveKeeper.StateRepaired) -> None:
        self.state_damage = None
        moved = "; ".join(f"{source.name} → {target.name}" for source, target in event.repair.moved)
        kept = event.repair.kept
        self.notify(
            f"A new reading state was started; the damaged file was kept ({moved})."
            + (f" {kept:,} mark{'s' * (kept != 1)} saved in it." if kept else ""),
            title="Reading state repaired",
            timeout=10,
            markup=False,
        )

    @on(ArchiveKeeper.Updated)
    def _live_update(self, event: ArchiveKeeper.Updated) -> None:
        shown = self.pane.shown.article if self.pane.shown is not None else None
        self._set_archive(event.archive, event.marks, paths=event.paths, places=event.places)
        self._count_saved()
        stats = event.stats
        parts = [
            f"{count} {word}"
            for count, word in ((stats.added, "new"), (stats.changed, "changed"), (stats.removed, "removed"))
            if count
        ]
        self.notify("Archive updated: " + ", ".join(parts) + ".", timeout=4, markup=False)
        if shown is not None:
            fresh = event.archive.find(shown.path)
            if fresh is not None and (fresh.mtime, fresh.size) != (shown.mtime, shown.size):
                self.pane.show(fresh, keep_scroll=True)

    def _set_archive(
        self,
        archive: Archive,
        marks: dict[str, Mark] | None = None,
        total: int | None = None,
        paths: frozenset[str] | None = None,
        places: Places | None = None,
    ) -> None:
        if paths is not None:
            self._paths_of = (archive, paths)
        if places is not None:
            self._places_of = (archive, places)
        if marks is not None:
            self.marks = marks
            self.article_list.marks = marks
        self._loading_total = total
        self.archive = archive

    @on(ArchiveKeeper.Failed)
    def _failed(self, event: ArchiveKeeper.Failed) -> None:
        """A keeper's job failed: say so, and keep what is on screen (a list that loaded stays)."""
        if event.job == "load" and self.archive is None:
            self.article_list.empty_text = "The archive could not be read."
            self.pane.show_placeholder(event.text)
        self.notify(event.text, title="Something went wrong", severity="error", timeout=10, markup=False)

    def watch_archive(self, archive: Archive | None) -> None:
        if archive is None:
            return
        self.pane.archive = archive
        self.article_list.empty_text = "No articles here."
        if not len(archive):
            self.pane.show_placeholder("No Markdown articles were found in this folder.")
        self._refresh_view()
        errors = archive.errors
        if errors and errors != self._reported_errors:
            self._reported_errors = errors
            self.notify(
                f"{errors} file{'s' * (errors != 1)} could not be read: see Problems in the sidebar.",
                severity="warning",
                markup=False,
            )

    def watch_filter(self) -> None:
        self._refresh_view()
        self._remember()

    def _refresh_view(self) -> None:
        archive = self.archive
        if archive is None or self.searching is not None:
            return
        current = self.article_list.highlighted
        order = self.settings.sort
        articles = browse(archive, self.filter, self.marks, order)
        self.article_list.set_articles(articles, keep=current)
        self._nothing_matches(articles, archive)
        title = Text.assemble("Articles ", (f"{len(articles):,}", "bold"))
        total = self._loading_total
        if self.filter.pairs:
            title.append(f" of {len(archive):,} · ")
            title.append(self.filter.describe())
        elif total is not None:
            title.append(f" of {total:,}")
        self.article_list.border_title = title
        problems = self._refresh_sidebar(archive)
        self.status.summary(status_line(archive, len(articles), self.filter, order, problems, total))

    def _nothing_matches(self, articles: tuple[Article, ...], archive: Archive) -> None:
        """A filter or a search that keeps nothing: the pane must not go on showing an article the
        list no longer holds."""
        if articles or not len(archive):
            return
        if self.searching is not None:
            self.pane.show_placeholder("Nothing matches this search.")
        else:
            self.pane.show_placeholder(f"No article matches: {self.filter.describe()}")

    def _refresh_sidebar(self, archive: Archive) -> int:
        """Counts in the sidebar; returns the number of problems. While a big archive loads, its tags
        wait for the whole of it: those of the newest few would mislead, and rebuilding a couple of
        hundred options every second is UI work for nothing."""
        problems = len(archive.all_problems())
        loading = self._loading_total is not None
        counted = None if loading else self._places(archive)
        saved = self.settings.saved
        self.sidebar.show_counts(
            self._loading_total or len(archive),
            {} if loading else archive.tags,
            {} if loading else archive.categories,
            self.filter.pairs,
            problems=problems,
            views=self._views(archive),
            folders=counted.folders if counted else None,
            timeline=counted.timeline if counted else None,
            series=counted.series if counted else None,
            saved={name: self.saved_counts.get(name) for name in saved},
        )
        return problems

    def _views(self, archive: Archive) -> dict[str, int]:
        """The reading views' counts; a view in force stays listed at 0 (so it can be turned off)."""
        views = view_counts(archive, self.marks, self._loading_total, self._paths(archive))
        view = self.filter.view
        return views if view is None or view in views else views | {view: 0}

    def _paths(self, archive: Archive) -> frozenset[str]:
        """The archive's paths, gathered once an archive (the keeper sends those of a big one): the
        views are counted at every refresh."""
        if self._paths_of is None or self._paths_of[0] is not archive:
            self._paths_of = (archive, frozenset(article.path for article in archive.articles))
        return self._paths_of[1]

    def _places(self, archive: Archive) -> Places:
        """The sidebar's timeline, series and folders: counted once an archive, not at every mark
        (the keeper sends those of the archives it loads, counted off the UI thread)."""
        if self._places_of is None or self._places_of[0] is not archive:
            self._places_of = (archive, places(archive))
        return self._places_of[1]

    # --- filtering -------------------------------------------------------------------------

    @on(TagSidebar.Toggled)
    def _toggle(self, event: TagSidebar.Toggled) -> None:
        self.filter = self.filter.toggled(event.kind, event.name)

    @on(TagSidebar.Cleared)
    def _clear(self) -> None:
        self.filter = Filter()

    def action_clear_filter(self) -> None:
        self.filter = Filter()

    @on(TagSidebar.SavedChosen)
    def _run_saved(self, event: TagSidebar.SavedChosen) -> None:
        """A saved search chosen in the sidebar: it is typed into the search bar and runs there."""
        query = self.settings.saved.get(event.name)
        if query is None:
            return
        self._leave_full_screen()
        self.search_bar.open()
        self.search_bar.value = query
        self.article_list.focus()

    @on(TagSidebar.ProblemsChosen)
    def _show_problems(self) -> None:
        if self.archive is not None:
            self.pane.show_report("problems", problems_report(self.archive.all_problems()))

    # --- reading ---------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if event.article.path == self.pane.wanted:
            return  # already shown (or coming): rendering it again would lose the reader's place
        self.pane.show(event.article, delay=PREVIEW_DELAY)
        self._show_part(event.article)
        self._remember()

    @on(ArticleList.Selected)
    def _open(self, event: ArticleList.Selected) -> None:
        if self.pane.key != event.article.path:
            self.pane.show(event.article)
            self._show_part(event.article)
        self.pane.focus()
        self._mark([event.article], read=True)  # opening reads it; a preview never does
        self._visited(event.article)
        self.keeper.keep_copies([event.article])  # its text as read, for `d` once it changes

    @on(ReadingPane.Step)
    def _step(self, event: ReadingPane.Step) -> None:
        """`[` / `]` in the pane: the previous / next article of the list, opened as Enter opens it
        (and so marked read)."""
        listing = self.article_list
        before = listing.cursor
        listing.cursor = listing.validate_cursor(before + event.step)
        if listing.cursor == before:
            self.notify("No more articles this way.", timeout=2, markup=False)
        elif listing.highlighted is not None:
            self._open(ArticleList.Selected(listing.highlighted))

    @on(ReadingPane.Follow)
    def _follow(self, event: ReadingPane.Follow) -> None:
        """Show the article a link leads to (clearing the filter if it hides it) and move to the pane."""
        self._go_to(event.article)
        self._visited(event.article)

    def _go_to(self, article: Article, scroll: int | None = None) -> None:
        """Show `article` in the pane (at line `scroll`) and highlight it in the list, clearing the
        filter when it hides it; the reader is moved to the pane."""
        if article not in self.article_list.articles:
            self.filter = Filter()
        self.article_list.select_article(article)
        self.pane.show(article, scroll=scroll)
        self._show_part(article)
        self.pane.focus()
        self._remember()

    def _show_part(self, article: Article) -> None:
        """ "Part 3 of 7 — Learning Rust" over an article of a series (the chosen series, else its
        first); the parts of each series are gathered once an archive."""
        archive = self.archive
        name = self.filter.series if self.filter.series in article.series else None
        name = name or (article.series[0] if article.series else None)
        if archive is None or name is None:
            self.pane.show_part(None)
            return
        if self._parts_of[0] is not archive:
            self._parts_of = (archive, {})
        known = self._parts_of[1]
        if name not in known:
            known[name] = series_parts(archive, name)
        parts = known[name]
        place = part_of(parts, article)
        title = Text.assemble(f"Part {place[0]} of {place[1]} — ", (name, "bold")) if place else None
        self.pane.show_part(title)

    @on(ReadingPane.Failed)
    def _not_shown(self, event: ReadingPane.Failed) -> None:
        self.notify(event.text, title="Something went wrong", severity="error", timeout=10, markup=False)

    def action_page_article(self) -> None:
        self.pane.page_down()

    # --- full-screen reading ---------------------------------------------------------------

    @property
    def full_screen(self) -> bool:
        """The reading pane alone on screen (list, sidebar and search hidden)."""
        return self.maximized is self.pane

    def action_full_screen(self) -> None:
        """m: the pane alone, or everything back. The article has the keys while it is alone."""
        if self.maximized is not None:
            self.minimize()
            return
        self.maximize(self.pane, container=False)
        if not self.pane.has_focus_within:
            self.pane.focus()

    def _leave_full_screen(self) -> None:
        """Keys that need the list, the sidebar or the search bring them back first."""
        if self.maximized is not None:
            self.minimize()

    # --- actions ---------------------------------------------------------------------------

    def action_focus_tags(self) -> None:
        self._leave_full_screen()
        sidebar = self.sidebar
        if not sidebar.display:
            sidebar.display = True
        sidebar.focus()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the sidebar; set by hand, it no longer follows the screen's width."""
        if self.full_screen:
            self.minimize()
            if self.sidebar.display:
                return  # b from full screen brings back the page as it was, sidebar included
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.article_list.focus()

    def action_back(self) -> None:
        """Escape: close the find bar, then the search terms' highlight, then full-screen reading, then
        the search, then return to the list."""
        if self.pane.finding and not self.search_bar.has_focus:
            self.pane.close_find()
        elif self.pane.highlighting and self.pane.reading:
            self.pane.highlight(())
        elif self.maximized is not None:
            self.minimize()
        elif self.search_bar.display:
            self._close_search()
        else:
            self.article_list.focus()

    # --- the user's tools: editor, pipe, export ---------------------------------------------

    @property
    def tools(self) -> ArticleTools:
        return self.query_one(ArticleTools)

    def _acted_on(self, what: str) -> tuple[Article, Archive] | None:
        """The article the tools act on (the highlighted one, which is the one in the pane)."""
        article, archive = self.current, self.archive
        if article is None or archive is None:
            self.notify(f"No article to {what}.", timeout=2, markup=False)
            return None
        return article, archive

    def action_edit(self) -> None:
        found = self._acted_on("edit")
        if found is not None:
            self.tools.edit(found[0], found[1].root)

    def action_pipe(self) -> None:
        found = self._acted_on("pipe")
        if found is not None:
            self.tools.pipe(*found, self.pane.view.text_width)

    def action_export(self) -> None:
        found = self._acted_on("export")
        if found is not None:
            self.tools.export(*found)

    @on(ArticleTools.Edited)
    def _edited(self) -> None:
        self.keeper.bring_in_changes()

    # --- reading state ---------------------------------------------------------------------

    @property
    def current(self) -> Article | None:
        """The article `u` and `s` act on: the highlighted one, which is also the one opened in the
        pane (opening, [ ] and followed links all move the highlight) even before it has rendered."""
        return self.article_list.highlighted

    def _mark(
        self, articles: list[Article], *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        changed = False
        for article in articles:
            old = self.marks.get(article.path, UNMARKED)
            new = old.changed(read, starred)
            if new != old:
                self.marks[article.path] = new
                changed = True
        if changed:
            self.keeper.save(articles, read, starred)
            self.article_list.refresh_rows()
            if self.archive is not None:
                self._refresh_sidebar(self.archive)

    def action_toggle_read(self) -> None:
        article = self.current
        if article is not None:
            read = not self.marks.get(article.path, UNMARKED).read
            self._mark([article], read=read)
            if read:
                self.keeper.keep_copies([article])

    def action_what_changed(self) -> None:
        """d: what changed in the article since it was last read (the keeper compares, in a worker)."""
        article = self.current
        if article is None:
            self.notify("No article to compare.", timeout=2, markup=False)
        else:
            self.keeper.what_changed(article)

    @on(ArchiveKeeper.WhatChanged)
    def _what_changed(self, event: ArchiveKeeper.WhatChanged) -> None:
        article, found = event.article, event.found
        mark = self.marks.get(article.path, UNMARKED)
        if found.new is None:
            self.notify(
                f"It cannot be read now: {found.error}", title="What changed", severity="error", markup=False
            )
        elif event.pieces is not None and changed(event.pieces):
            self.app.push_screen(ChangesScreen(article.title, event.pieces))
        elif mark.updated:
            self.notify(
                "It changed since you read it, but no copy of it as you read it was kept "
                "(you read it before broadsheet kept copies).",
                title="What changed",
                timeout=6,
                markup=False,
            )
        elif not mark.read:
            self.notify("You have not read it yet: nothing to compare.", timeout=3, markup=False)
        else:
            self.notify("Unchanged since you read it.", timeout=3, markup=False)

    def action_toggle_star(self) -> None:
        article = self.current
        if article is not None:
            starred = not self.marks.get(article.path, UNMARKED).starred
            self._mark([article], starred=starred)
            self.notify("Starred." if starred else "Star removed.", timeout=2, markup=False)

    def action_next_unread(self, step: int) -> None:
        listing = self.article_list
        articles = listing.articles
        index = listing.cursor + step
        while 0 <= index < len(articles):
            if not self.marks.get(articles[index].path, UNMARKED).read:
                listing.cursor = index
                if self.pane.reading:
                    self._open(ArticleList.Selected(articles[index]))
                return
            index += step
        self.notify("No more unread articles this way.", timeout=2, markup=False)

    def action_mark_all_read(self) -> None:
        articles = list(self.article_list.articles)
        self._mark(articles, read=True)
        self.notify(f"Marked {counted(len(articles), 'article')} read.", timeout=3, markup=False)

    # --- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        self._leave_full_screen()
        self.search_bar.open()

    @on(SearchBar.Query)
    def _search(self, event: SearchBar.Query) -> None:
        self.keeper.search(self._expanded(event.query), dict(self.marks))

    def _expanded(self, text: str) -> str:
        """`@name` typed in the search bar runs that saved search; an unknown name is searched for."""
        try:
            return saved_query(text, self.settings.saved)
        except UnknownSearch:
            return text

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.article_list.focus()

    @on(ArchiveKeeper.Results)
    def _results(self, event: ArchiveKeeper.Results) -> None:
        if event.query == self._expanded(self.search_bar.value) or event.hits is None:
            self._show_results(event.query, event.hits)
            if self._restore_stage == "results":
                self._restore_stage = "article"
                self._try_restore()

    def _show_results(self, query: str, hits: list[Hit] | None) -> None:
        if hits is None or self.archive is None:
            self.searching = None
            self.pane.highlight(())
            self._refresh_view()
            self._remember()
            return
        self.searching = query
        self.pane.highlight(parse_query(query).terms)
        articles = tuple(hit.article for hit in hits)
        snippets = {hit.article.path: (hit.snippet, hit.match) for hit in hits}
        self.article_list.set_articles(articles, snippets=snippets)
        self._nothing_matches(articles, self.archive)
        title = Text.assemble("Search ", (query, "bold"), " · ", (f"{len(hits)}", "bold"), " found")
        if self.status.busy:
            title.append(" so far (still indexing)")
        self.article_list.border_title = title
        self._remember()

    # --- saved searches --------------------------------------------------------------------

    def _count_saved(self) -> None:
        """Count the saved searches again (in the keeper's worker), once the archive is whole."""
        searches = self.settings.saved
        if searches and self.archive is not None and self._loading_total is None:
            self.keeper.count(searches, dict(self.marks))

    @on(ArchiveKeeper.Counted)
    def _counted(self, event: ArchiveKeeper.Counted) -> None:
        self.saved_counts = event.counts
        if self.archive is not None:
            self._refresh_sidebar(self.archive)

    def action_save_search(self) -> None:
        """ctrl+s: save the search in force under a name the reader gives."""
        query = self.search_bar.value.strip() if self.search_bar.display else ""
        if not query:
            self.notify("Search first (/), then save the search.", timeout=3, markup=False)
            return
        query = self._expanded(query)

        def chosen(name: str | None) -> None:
            if name is not None:
                self._save_searches({**self.settings.saved, name: query})
                self.notify(f"Saved as @{name}.", timeout=3, markup=False)

        self.app.push_screen(SaveSearchScreen(query, set(self.settings.saved)), chosen)

    def action_delete_search(self) -> None:
        """Palette: choose a saved search to delete."""
        saved = self.settings.saved
        if not saved:
            self.notify("No saved searches: ctrl+s saves the search in force.", timeout=3, markup=False)
            return

        def chosen(name: str | None) -> None:
            if name is not None:
                self._save_searches({key: value for key, value in saved.items() if key != name})
                self.notify(f"Deleted @{name}.", timeout=3, markup=False)

        self.app.push_screen(DeleteSearchScreen(saved), chosen)

    def _save_searches(self, searches: dict[str, str]) -> None:
        """Change the saved searches: the app applies it at once and writes the settings file."""
        change = getattr(self.app, "change_settings", None)
        if change is not None:
            change(searches=tuple(searches.items()))

    def _close_search(self) -> None:
        self.search_bar.close()
        self.searching = None
        self.pane.highlight(())
        self._refresh_view()
        self.article_list.focus()
        self._remember()

    # --- moving around: history, the title jump, where the reader left off -----------------

    def _visited(self, article: Article) -> None:
        """`article` was opened (not by back / forward): it joins the history."""
        self.navigator.history.visit(article.path)
        self._remember(opened=True)

    def _scrolled(self, line: float) -> None:
        """The article scrolled: back / forward and the next start return here."""
        history = self.navigator.history
        current = history.current
        if current is not None and self.pane.key == current.path:
            history.remember_scroll(round(line))
        self._remember(save=False)

    def _remember(self, *, opened: bool | None = None, save: bool = True) -> None:
        """Tell the navigator where the reader is (saved shortly after; `save` False: on quit).
        Nothing is said before what was saved has come back, or it would be written over."""
        if self._restore is not None or self._resuming:
            return
        pane = self.pane
        reading = pane.reading if opened is None else opened
        here = Resume.of(pane.wanted, pane.scroll_line, reading, self.searching or "", self.filter)
        self.navigator.update(here, save=save)

    def action_history_back(self) -> None:
        self._travel(-1)

    def action_history_forward(self) -> None:
        self._travel(1)

    def _travel(self, step: int) -> None:
        """Back (-1) or forward (+1) in the history; articles that have gone are skipped, said."""
        archive = self.archive
        if archive is None:
            return
        history = self.navigator.history
        current = history.current

        def exists(path: str) -> bool:
            return archive.find(path) is not None

        if step < 0 and current is not None and self.pane.wanted != current.path and exists(current.path):
            move = Move(current)  # a preview is not history: back to the article opened last
        else:
            move = history.back(exists) if step < 0 else history.forward(exists)
        if move.skipped:
            gone = counted(len(move.skipped), "article")
            self.notify(f"Skipped {gone} of the history: no longer in the archive.", timeout=3, markup=False)
        article = archive.find(move.place.path) if move.place is not None else None
        if article is None:
            further = "back" if step < 0 else "forward"
            self.notify(f"Nothing further {further} in the history.", timeout=2, markup=False)
            return
        self._go_to(article, move.place.scroll if move.place is not None else None)

    def action_jump(self) -> None:
        """ctrl+o or `:`: the title jump."""
        archive = self.archive
        if archive is None:
            self.notify("The archive is still loading.", timeout=2, markup=False)
        elif not isinstance(self.app.screen, JumpScreen):
            self.app.push_screen(JumpScreen(partial(self.navigator.pool, archive)), self._jumped)

    def _jumped(self, path: str | None) -> None:
        """Open the article chosen in the jump, as Enter in the list does."""
        archive = self.archive
        article = archive.find(path) if path is not None and archive is not None else None
        if article is None:
            if path is not None:
                self.notify(f"{path} is no longer in the archive.", timeout=3, markup=False)
            return
        self._go_to(article)
        self._mark([article], read=True)
        self._visited(article)

    @on(Navigator.Restore)
    def _resume_read(self, event: Navigator.Restore) -> None:
        if event.trouble is not None:
            self.notify(event.trouble, title="Where you left off", severity="warning", markup=False)
        self._resuming = False
        if self._restore is None and event.resume is not None:
            self._restore = event.resume
            self._restore_stage = "view"
        self._try_restore()

    @on(Navigator.Trouble)
    def _navigator_trouble(self, event: Navigator.Trouble) -> None:
        self.notify(event.text, severity="warning", timeout=6, markup=False)

    def _try_restore(self) -> None:
        """Bring back the filter, then the search (once its results are in), then the article,
        once the archive that holds it is loaded. An article that has gone is said, and the start
        is then the usual one (the newest article previewed)."""
        restore, archive = self._restore, self.archive
        if restore is None or self._resuming or archive is None:
            return
        if self._restore_stage == "view":
            self._restore_stage = "article"
            if restore.filter != self.filter:
                self.filter = restore.filter
            if restore.query:
                self._restore_stage = "results"
                self.search_bar.open()
                self.search_bar.value = restore.query
                return
        if self._restore_stage != "article" or restore.path is None:
            self._restore = None if restore.path is None else restore
            return
        article = archive.find(restore.path)
        if article is None and self._loading_total is not None:
            return  # perhaps among the articles still loading
        self._restore = None
        if article is None:
            if self._open_path:
                text = f"{restore.path} could not be read as an article: see Problems in the sidebar."
            else:
                text = f"{restore.path} is no longer in the archive."
            self.notify(text, timeout=6, markup=False)
            self._remember()
            return
        self._open_restored(article, restore)

    def _open_restored(self, article: Article, restore: Resume) -> None:
        """The article wins over the filter restored with it (say, the unread view of an article
        read since): a filter that hides it is cleared, as a followed link does, so the list's
        highlight is the article shown, the one `u` and `s` act on."""
        if article not in self.article_list.articles:
            self.filter = Filter()
        self.article_list.select_article(article)
        self.pane.show(article, scroll=restore.scroll or None)
        if restore.opened:
            self.pane.focus()
        else:
            self.article_list.focus()
        if self._open_path:
            self._mark([article], read=True)
            self._visited(article)
        else:
            self.navigator.history.visit(article.path, restore.scroll)
            self._remember(opened=restore.opened)
