"""Small modal pickers: the shown article's links and its table of contents, and a yes-or-no
question (repairing a damaged reading state)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.model import Link
from reader.render.links import shorten
from reader.state import StateDamage

LinkChoice = tuple[str, Link]  # ("open" | "copy", link)
ResultType = TypeVar("ResultType")


class PickerScreen(ModalScreen[ResultType | None]):
    """A modal list to pick from, with j/k, and q still quitting (a modal stops the app's keys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Down", show=False, id="picker.down"),
        Binding("k", "move(-1)", "Up", show=False, id="picker.up"),
        Binding("q", "app.quit", "Quit", show=False, id="app.quit"),
    ]

    def picker(self, options: list[Option], title: str, subtitle: str) -> OptionList:
        picker = OptionList(*options, id="picker")
        picker.border_title = title
        picker.border_subtitle = subtitle
        return picker

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_move(self, step: int) -> None:
        picker = self.query_one(OptionList)
        if step > 0:
            picker.action_cursor_down()
        else:
            picker.action_cursor_up()


class LinksScreen(PickerScreen[LinkChoice]):
    """Every link and image of the article, numbered as in the text. Enter follows, `y` copies."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l", "dismiss", "Close", id="links.close"),
        Binding("y,c", "choose('copy')", "Copy", id="links.copy"),
    ]

    def __init__(self, links: list[Link]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        width = len(str(len(self.links)))
        options = [
            Option(
                Text.assemble(
                    (f"[{number:>{width}}] ", "dim"),
                    ("▣ " if link.image else "", "green"),
                    (link.text or "(no text)", "bold"),
                    "  ",
                    (shorten(link.url, 60), "underline"),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                id=str(number - 1),
            )
            for number, link in enumerate(self.links, 1)
        ]
        yield self.picker(options, f"Links ({len(self.links)})", "Enter follows · y copies · Esc closes")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("open")

    def action_choose(self, verb: str) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.links):
            self.dismiss((verb, self.links[index]))


class OutlineScreen(PickerScreen[int]):
    """The article's headings; Enter jumps to one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,o", "dismiss", "Close", id="outline.close")]

    def __init__(self, headings: list[tuple[int, str]]) -> None:
        super().__init__()
        self.headings = headings

    def compose(self) -> ComposeResult:
        top = min((level for level, _ in self.headings), default=1)
        options = [
            Option(
                Text.assemble(("  " * (level - top)), (text, "bold" if level == top else "")),
                id=str(index),
            )
            for index, (level, text) in enumerate(self.headings)
        ]
        yield self.picker(options, "Contents", "Enter jumps · Esc closes")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)


class RepairStateScreen(PickerScreen[bool]):
    """The reading-state file is damaged: move it aside and start anew (True), or not now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Not now", id="repair.not_now")
    ]

    def __init__(self, damage: StateDamage) -> None:
        super().__init__()
        self.damage = damage

    def compose(self) -> ComposeResult:
        with Vertical(id="question"):
            yield Static(
                Text.assemble(
                    ("Reads and stars cannot be saved. ", "bold"),
                    f"The reading state ({self.damage.path}) is unreadable: {self.damage.reason}. "
                    "Until it is repaired, marks last only until you quit.",
                )
            )
            yield self.picker(
                [
                    Option(
                        "Move the damaged file aside (it is kept) and start a new reading state", id="yes"
                    ),
                    Option("Not now: keep marks in memory until I quit", id="no"),
                ],
                "Reading state",
                "Enter chooses · Esc: not now",
            )

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id == "yes")
