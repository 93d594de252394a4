"""The reading pane: a rendered article shown line by line, its text width capped and centred."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, RenderableType
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.render import THEME

MAX_TEXT_WIDTH = 100


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    """Render `renderable` at `width` cells into strips; safe to call from a worker thread."""
    console = Console(
        width=width,
        theme=THEME,
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return [Strip(line) for line in lines]


def text_width(view_width: int) -> int:
    """The width articles are rendered at in a pane `view_width` cells wide."""
    return max(20, min(view_width, MAX_TEXT_WIDTH))


class ArticleView(ScrollView, can_focus=True):
    """Shows one rendered article. It draws what it is given; the screen decides what to render."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll", show=False),
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("left_square_bracket", "step(-1)", "Previous"),
        Binding("right_square_bracket", "step(1)", "Next"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-view--placeholder"}

    class Step(Message):
        """Asks for the previous (-1) or next (+1) article in the list."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Resized(Message):
        """The text width changed: the shown article must be rendered again at `width`."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Strip] = []
        self._line_width = 0
        self._placeholder = "Nothing to show yet."
        self.rendered_width = 0
        self.key: object = None

    @property
    def text_width(self) -> int:
        return text_width(self.scrollable_content_region.width or self.size.width)

    def show(self, key: object, lines: list[Strip], width: int, *, keep_scroll: bool = False) -> None:
        """Display pre-rendered `lines` (rendered at `width`); `key` names what they show."""
        same = key == self.key
        self.key = key
        self._lines = lines
        self.rendered_width = width
        self._line_width = max((line.cell_length for line in lines), default=0)
        self.virtual_size = Size(self._line_width, len(lines))
        if not (same and keep_scroll):
            self.scroll_to(0, 0, animate=False)
        self.refresh()

    def show_placeholder(self, message: str) -> None:
        self.key = None
        self._placeholder = message
        self.show(None, [], 0)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        style = self.rich_style
        if not self._lines:
            if y == 1:
                placeholder = self.get_component_rich_style("article-view--placeholder")
                return Strip([Segment("  " + self._placeholder, placeholder)]).crop_extend(0, width, style)
            return Strip.blank(width, style)
        if index >= len(self._lines):
            return Strip.blank(width, style)
        margin = max(0, (width - self.rendered_width) // 2)
        line = self._lines[index]
        if margin:
            line = Strip([Segment(" " * margin), *line], margin + line.cell_length)
        return line.crop_extend(scroll_x, scroll_x + width, style).apply_style(style)

    def on_resize(self, event: events.Resize) -> None:
        if self.key is not None and self.text_width != self.rendered_width:
            self.post_message(self.Resized(self.text_width))

    def action_step(self, step: int) -> None:
        self.post_message(self.Step(step))
