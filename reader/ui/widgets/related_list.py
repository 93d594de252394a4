"""Related articles under the article in the reading pane: title, date and why, one a line.
`Enter` or a click on one asks for it (`Chosen`); the pane decides what to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Article
from reader.related import Related


def related_label(item: Related) -> Text:
    """`Title  2024-05-01  tags: x, y`; article data is text, never markup."""
    date = item.article.date.iso[:10] if item.article.date is not None else ""
    return Text.assemble(
        (item.article.title, "bold"),
        ("  " + date if date else "", "dim"),
        ("  " + item.why if item.why else "", "italic"),
        end="",
    )


@dataclass(frozen=True, slots=True)
class OneLine:
    """A label kept to one line at any width, cut with `…` (OptionList would wrap a `Text`)."""

    text: Text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = self.text.copy()
        line.no_wrap = True
        line.end = "\n"  # Textual counts an option's lines by its newlines: without one it is 0 high
        line.truncate(options.max_width, overflow="ellipsis")
        yield line


class RelatedList(OptionList):
    """The related articles of the article shown (hidden while there are none)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="related.down"),
        Binding("k", "cursor_up", "Up", show=False, id="related.up"),
    ]

    @dataclass
    class Chosen(Message):
        """The reader chose a related article."""

        article: Article

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Related"
        self.border_subtitle = "Enter opens"
        self.items: list[Related] = []
        self.for_path: str | None = None  # the article these are related to

    def show_related(self, path: str, items: list[Related]) -> None:
        self.for_path = path
        self.items = items
        options = [Option(OneLine(related_label(item)), id=str(number)) for number, item in enumerate(items)]
        self.set_options(options)

    def clear_related(self) -> None:
        self.for_path = None
        self.items = []
        self.clear_options()
        self.display = False

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self.items):
            self.post_message(self.Chosen(self.items[index].article))
