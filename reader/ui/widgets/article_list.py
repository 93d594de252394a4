"""The article list: a Line-API view that draws only the visible rows, so 100k articles cost nothing extra."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.dates import format_date
from reader.model import UNMARKED, Article, Mark, Stamp
from reader.text import fit_snippet

Snippet = tuple[str, tuple[int, int] | None]  # text, and where the match is in it
TAGS_MAX = 28
SAMPLE_DATE = Stamp("2025-12-31T23:59:59", 1767225599.0)  # sizes the column for a strftime pattern


@lru_cache(maxsize=16)
def date_width(style: str, short: bool) -> int:
    """Cells for the date column: the longest form `style` writes."""
    if style == "relative":
        return 8 if short else 13  # "11mo ago", "11 months ago"
    if style == "iso":
        return 10 if short else 16  # "2025-02-13", "2025-02-13 17:30"
    return min(24, cell_len(format_date(SAMPLE_DATE, style)))


def _position(articles: tuple[Article, ...], keep: Article | None) -> int:
    """Where `keep` (or an article at its path, if it was re-read) is in `articles`; else 0."""
    if keep is None:
        return 0
    for index, article in enumerate(articles):
        if article.path == keep.path:
            return index
    return 0


class ArticleList(ScrollView, can_focus=True):
    """Titles, dates and tags, newest first; one row per article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("home", "first", "First", show=False, id="list.first"),
        Binding("end", "last", "Last", show=False, id="list.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "open", "Open", id="list.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--date",
        "article-list--tags",
        "article-list--draft",
        "article-list--empty",
        "article-list--snippet",
        "article-list--unread",
        "article-list--starred",
        "article-list--updated",
        "article-list--match",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The highlight moved to `article` (a preview, not an open)."""

        article: Article

        def can_replace(self, message: Message) -> bool:
            """Only where the highlight ended up is worth a preview (holding a key down, a new list)."""
            return isinstance(message, ArticleList.Highlighted)

    @dataclass
    class Selected(Message):
        """The user opened `article` (Enter or click). Never replaced: each open marks it read."""

        article: Article

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._articles: tuple[Article, ...] = ()
        self.marks: Mapping[str, Mark] = {}  # reading state, set by the screen
        self._snippets: dict[str, Snippet] = {}
        self._longest_title = 0  # cells, among search results: their title column fits it
        self._cache: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        self.empty_text = "Loading…"
        self.date_style = "relative"  # see reader.dates.format_date; set by the screen

    @property
    def articles(self) -> tuple[Article, ...]:
        return self._articles

    @property
    def highlighted(self) -> Article | None:
        if 0 <= self.cursor < len(self._articles):
            return self._articles[self.cursor]
        return None

    def set_articles(
        self,
        articles: tuple[Article, ...],
        keep: Article | None = None,
        snippets: dict[str, Snippet] | None = None,
    ) -> None:
        """Show `articles`, keeping `keep` highlighted when it is still among them.

        With `snippets` (search results) each row shows its snippet, the match highlighted, where
        the tags would be.
        """
        self._articles = articles
        self._snippets = snippets or {}
        self._longest_title = max(
            (cell_len(article.title) + (6 if article.draft else 0) for article in articles if snippets),
            default=0,
        )
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(articles))
        index = _position(articles, keep)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        self.cursor = index
        if not (keep is not None and top <= index < top + height):
            # Only move the view when the highlighted article is not in it already.
            self.scroll_to(y=max(0, index - self.size.height // 2), animate=False)
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if not self._articles:
            if y == 0:
                style = self.get_component_rich_style("article-list--empty")
                return Strip([Segment(self.empty_text, style)]).crop_extend(0, width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        if index >= len(self._articles):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(self._articles[index], width, index == self.cursor)
            self._cache[key] = strip
        return strip.apply_offsets(scroll_x, index)

    def _render_row(self, article: Article, width: int, is_cursor: bool) -> Strip:
        short = width < 72
        column = date_width(self.date_style, short)
        written = format_date(article.date, self.date_style, short=short) if article.date else ""
        date = Text(written, no_wrap=True, end="")
        date.truncate(column, overflow="ellipsis", pad=True)
        snippet = self._snippets.get(article.path)
        if snippet is not None and width >= 64:
            # Search results: titles in a column as wide as the longest needs (up to a third), the
            # snippet in all the rest of the row.
            title_width = max(16, min(self._longest_title, (width - column - 6) // 3))
            tags_width = width - column - title_width - 6
            tags_text = self._snippet_text(*snippet, width=tags_width)
        else:
            tags_text = Text(" ".join(f"#{tag}" for tag in article.tags), no_wrap=True, end="")
            tags_text.stylize(self.get_component_rich_style("article-list--tags", partial=True))
            shown = width >= 64 and snippet is None
            tags_width = min(tags_text.cell_len, TAGS_MAX, width // 4) if shown else 0
            title_width = max(1, width - column - tags_width - 6)

        row = Text(no_wrap=True, end="")
        row.append_text(self._marks(self.marks.get(article.path, UNMARKED)))
        row.append(" ")
        date.stylize(self.get_component_rich_style("article-list--date", partial=True))
        row.append_text(date)
        row.append(" ")
        title = Text(article.title, no_wrap=True, end="")
        if article.draft:
            title = Text.assemble(("draft ", self.get_component_rich_style("article-list--draft")), title)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        row.append_text(title)
        if tags_width:
            row.append(" ")
            tags_text.truncate(tags_width, overflow="ellipsis", pad=True)
            row.append_text(tags_text)
        base = self.rich_style
        if is_cursor:
            base += self.get_component_rich_style("article-list--cursor")
        segments = [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in row.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base)

    def _marks(self, mark: Mark) -> Text:
        """Two cells, one for each state, so that a starred unread article shows both: `●★`. An
        article changed since it was read (never unread) has `◆` where the unread dot would be."""
        unread = self.get_component_rich_style("article-list--unread", partial=True)
        starred = self.get_component_rich_style("article-list--starred", partial=True)
        if mark.updated:
            first = ("◆", self.get_component_rich_style("article-list--updated", partial=True))
        else:
            first = ("●" if not mark.read else " ", unread)
        return Text.assemble(first, ("★" if mark.starred else " ", starred))

    def _snippet_text(self, snippet: str, match: tuple[int, int] | None, width: int) -> Text:
        """The snippet cut to `width` cells, started near its match so the match is in view, the
        match highlighted."""
        cut, match = fit_snippet(snippet, match, width)
        text = Text(cut, no_wrap=True, end="")
        text.stylize(self.get_component_rich_style("article-list--snippet", partial=True))
        if match is not None:
            text.stylize(self.get_component_rich_style("article-list--match", partial=True), *match)
        return text

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_mount(self) -> None:
        self.set_interval(60, self._tick)

    def _tick(self) -> None:
        """Relative dates age: draw the rows again once a minute."""
        if self.date_style == "relative":
            self.refresh_rows()

    def refresh_rows(self) -> None:
        """Draw every row again (their reading marks changed)."""
        self._cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, len(self._articles))

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    # --- cursor ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        self._scroll_cursor_into_view()
        article = self.highlighted
        if article is not None:
            self.post_message(self.Highlighted(article))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._articles) - 1))

    def _scroll_cursor_into_view(self) -> None:
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _move(self, step: int) -> None:
        if self._articles:
            self.cursor = self.validate_cursor(self.cursor + step)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-len(self._articles))

    def action_last(self) -> None:
        self._move(len(self._articles))

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 1))

    def action_open(self) -> None:
        article = self.highlighted
        if article is not None:
            self.post_message(self.Selected(article))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:  # the border, not a row
            return None
        index = self.scroll_offset.y + offset.y
        return index if 0 <= index < len(self._articles) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None:
            self.cursor = index
            self.post_message(self.Selected(self._articles[index]))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hovering a row shows its full date, as the source wrote it (the list may say "3 days ago")."""
        index = self._row_at(event)
        article = self._articles[index] if index is not None else None
        self.tooltip = Text(article.date.display()) if article is not None and article.date else None

    def select_article(self, article: Article) -> None:
        """Move the highlight to `article` if it is listed."""
        if article in self._articles:
            self.cursor = self._articles.index(article)
