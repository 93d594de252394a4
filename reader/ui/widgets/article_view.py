"""The article view: a rendered article drawn line by line, its text width capped and centred, with
find's highlights. It draws what it is given; the reading pane decides what to render."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.render.find import Match
from reader.ui.lines import PaneContent, text_width


class ArticleView(ScrollView, can_focus=True):
    """Shows one rendered article (`show`), or a placeholder line when there is none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll", show=False, id="view.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="view.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="view.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="view.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="view.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="view.bottom"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--placeholder",
        "article-view--match",
        "article-view--current-match",
    }

    @dataclass
    class Resized(Message):
        """The view changed size: the shown article may have to be rendered again, at another
        text `width` or, in a pane that became short (or tall), with another header."""

        width: int

    @dataclass
    class FoldClicked(Message):
        """The reader clicked the title of foldable callout number `index`."""

        index: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.content = PaneContent(None, [], 0)
        self._placeholder = "Nothing to show yet."
        self._matches: list[Match] = []
        self._by_line: dict[int, list[tuple[int, int, int]]] = {}
        self.current_match = -1

    @property
    def key(self) -> object:
        return self.content.key

    @property
    def rendered_width(self) -> int:
        return self.content.width

    @property
    def text_width(self) -> int:
        return text_width(self.scrollable_content_region.width or self.size.width)

    @property
    def matches(self) -> list[Match]:
        return self._matches

    def show(self, content: PaneContent, *, keep_scroll: bool = False) -> None:
        """Display `content`; the scroll position is kept when it shows the same thing again."""
        same = content.key == self.content.key
        self.content = content
        width = max((line.cell_length for line in content.lines), default=0)
        self.virtual_size = Size(width, len(content.lines))
        if not (same and keep_scroll):
            self.scroll_to(0, 0, animate=False)
        if self._matches:
            self.set_matches([])
        self.refresh()

    def show_placeholder(self, message: str) -> None:
        self._placeholder = message
        self.show(PaneContent(None, [], 0))

    # --- find ------------------------------------------------------------------------------

    def set_matches(self, matches: list[Match]) -> None:
        """Highlight `matches` and move to the first one at or below the top of the view."""
        self._matches = matches
        by_line: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for index, (line, start, end) in enumerate(matches):
            by_line[line].append((start, end, index))
        self._by_line = dict(by_line)
        top = self.scroll_offset.y
        self.current_match = next((i for i, m in enumerate(matches) if m[0] >= top), 0) if matches else -1
        self._reveal_match()
        self.refresh()

    def next_match(self, step: int) -> bool:
        """Move to the next (+1) or previous (-1) match, round the ends; False when there are none."""
        if not self._matches:
            return False
        self.current_match = (self.current_match + step) % len(self._matches)
        self._reveal_match()
        self.refresh()
        return True

    def _reveal_match(self) -> None:
        if 0 <= self.current_match < len(self._matches):
            line = self._matches[self.current_match][0]
            height = self.scrollable_content_region.height
            if not self.scroll_offset.y <= line < self.scroll_offset.y + height:
                self.scroll_to(y=max(0, line - height // 3), animate=False)

    def scroll_to_line(self, line: int) -> None:
        self.scroll_to(y=line, animate=False)

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        style = self.rich_style
        lines = self.content.lines
        if not lines:
            if y == 1:
                placeholder = self.get_component_rich_style("article-view--placeholder")
                return Strip([Segment("  " + self._placeholder, placeholder)]).crop_extend(0, width, style)
            return Strip.blank(width, style)
        if index >= len(lines):
            return Strip.blank(width, style)
        line = lines[index]
        if index in self._by_line:
            line = self._highlight(line, self._by_line[index])
        margin = max(0, (width - self.rendered_width) // 2)
        if margin:
            line = Strip([Segment(" " * margin), *line], margin + line.cell_length)
        return line.crop_extend(scroll_x, scroll_x + width, style).apply_style(style)

    def _highlight(self, line: Strip, spans: list[tuple[int, int, int]]) -> Strip:
        cuts = sorted(({cut for start, end, _ in spans for cut in (start, end)} | {line.cell_length}) - {0})
        pieces = line.divide(cuts)
        marks: dict[int, Style] = {}
        for start, _end, index in spans:
            name = "article-view--current-match" if index == self.current_match else "article-view--match"
            marks[start] = self.get_component_rich_style(name)
        segments: list[Segment] = []
        position = 0
        for piece in pieces:
            mark = marks.get(position)
            if mark is not None:
                segments.extend(Segment.apply_style(piece, post_style=mark))
            else:
                segments.extend(piece)
            position += piece.cell_length
        return Strip(segments, line.cell_length)

    # --- events ----------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self.key is not None:
            self.post_message(self.Resized(self.text_width))

    def on_click(self, event: events.Click) -> None:
        fold = event.style.meta.get("fold") if event.style else None
        if isinstance(fold, int):
            self.post_message(self.FoldClicked(fold))
