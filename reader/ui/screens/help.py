"""The help screen, generated from the bindings themselves so it can never drift from the keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Iterable[BindingType]]

SEARCH_LANGUAGE = (
    ("words", "every word must occur: Latin whole words, any case (term* for a prefix); Chinese anywhere"),
    ('"a phrase"', "the exact phrase"),
    ("-word", "leave out articles with the word"),
    ("tag:x  -tag:x", 'with / without tag x (tag:"two words")'),
    ("category:x", "in category x (also cat:x, -category:x)"),
    ("series:x  -series:x", 'part / not part of series x (series:"two words")'),
    ("after:2024-01", "dated on or after; also 2024 or 2024-01-31"),
    ("before:2025-06-30", "dated before"),
    ("is:draft  -is:draft", "drafts only / no drafts"),
    ("is:unread  is:starred", "by reading state (CLI; in the app, the sidebar's views)"),
)


def _search_help() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text("Search ( / )", style="bold underline"), Text("all parts combine; best match first"))
    for syntax, meaning in SEARCH_LANGUAGE:
        table.add_row(Text(syntax), Text(meaning))
    return table


class HelpScreen(ModalScreen[None]):
    """Every key, by where it works. Escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "dismiss", "Close help"),
        # A modal screen stops the search for bindings before the app's: `q` must still quit.
        Binding("q", "app.quit", "Quit", show=False),
        Binding("down,j", "scroll_down", "Scroll", show=False),
        Binding("up,k", "scroll_up", "Scroll", show=False),
    ]

    def __init__(self, sections: list[HelpSection], settings_file: str | None = None) -> None:
        super().__init__()
        self.sections = sections
        self.settings_file = settings_file

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Escape closes"
            yield Static(self._table(), id="help-table")
            yield Static(_search_help(), id="help-search")
            if self.settings_file:
                note = Text.assemble(
                    ("Settings ", "bold underline"),
                    "  theme, root, sort, sidebar_width, date_format, animation: ",
                    (self.settings_file, "italic"),
                )
                yield Static(note, id="help-settings")

    def _table(self) -> Table:
        """The sections in two columns, so the whole help fits a 24-line terminal's worth of keys."""
        half = (len(self.sections) + 1) // 2
        columns = Table.grid(padding=(0, 4))
        columns.add_row(self._column(self.sections[:half]), self._column(self.sections[half:]))
        return columns

    def _column(self, sections: list[HelpSection]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in sections:
            table.add_row(Text(title, style="bold underline"), Text(""))
            for keys, description in self._rows(bindings):
                table.add_row(Text(keys), Text(description))
            table.add_row(Text(""), Text(""))
        return table

    def _rows(self, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        """Keys sharing an action are listed together: `j / ↓  Down`."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for binding in Binding.make_bindings(bindings):
            if not binding.description:
                continue
            key = (binding.action, binding.description)  # the tooltip is the palette's longer title
            grouped.setdefault(key, []).append(self.app.get_key_display(binding))
        return [(" / ".join(keys), description) for (_, description), keys in grouped.items()]

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()
