"""What changed in an article since it was read (`d`): a word diff in a modal, Escape back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.render.diff import diff_text
from reader.textdiff import Piece


class ChangesScreen(ModalScreen[None]):
    """The diff of one article, scrollable; its title is the article's (a `Text`, never markup)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,d", "dismiss", "Close", id="changes.close"),
        Binding("j", "scroll(1)", "Down", show=False, id="changes.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="changes.up"),
        Binding("q", "app.quit", "Quit", show=False, id="app.quit"),
    ]

    def __init__(self, title: str, pieces: list[Piece]) -> None:
        super().__init__()
        self.title_text = title
        self.pieces = pieces

    def compose(self) -> ComposeResult:
        body = VerticalScroll(Static(diff_text(self.pieces), id="changes-text"), id="changes-body")
        body.border_title = Text.assemble("What changed: ", (self.title_text, "bold"))
        body.border_subtitle = Text("[-gone-] {+new+} · Esc closes")
        yield body

    def on_mount(self) -> None:
        self.query_one("#changes-body").focus()

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#changes-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)
