"""Saving and deleting saved searches: a prompt for the new search's name, and a pick of the one to
delete. What a name may be is the settings' rule (`reader.settings.check_search_name`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.settings import check_search_name
from reader.text import one_line
from reader.ui.screens.pickers import PickerScreen


class SaveSearchScreen(ModalScreen[str | None]):
    """Ask for a name for `query`; Enter saves under it (a wrong name is said, and asked again),
    Escape gives up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", show=False, id="save_search.cancel")
    ]

    def __init__(self, query: str, taken: set[str]) -> None:
        super().__init__()
        self.query_text = query
        self.taken = taken

    def compose(self) -> ComposeResult:
        with Vertical(id="save-search"):
            yield Static(Text.assemble(("Save this search: ", "bold"), one_line(self.query_text)))
            name = Input(placeholder="a name, one word (then @name on the command line)", id="search-name")
            name.border_title = "Name"
            name.border_subtitle = "Enter saves · Esc cancels"
            yield name

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one(Input)
        try:
            name = check_search_name(event.value.strip().removeprefix("@"))
        except ValueError as error:
            field.border_subtitle = Text(str(error))  # it quotes what was typed: never markup
            return
        self.dismiss(name)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        name = event.value.strip().removeprefix("@")
        field = self.query_one(Input)
        field.border_subtitle = (
            "Enter replaces the saved search of that name"
            if name in self.taken
            else "Enter saves · Esc cancels"
        )


class DeleteSearchScreen(PickerScreen[str]):
    """The saved searches; Enter deletes the one chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close", id="delete_search.close")]

    def __init__(self, searches: dict[str, str]) -> None:
        super().__init__()
        self.searches = searches

    def compose(self) -> ComposeResult:
        options = [
            Option(Text.assemble((f"@{name}", "bold"), "  ", (one_line(query), "dim")), id=name)
            for name, query in self.searches.items()
        ]
        yield self.picker(options, "Delete a saved search", "Enter deletes · Esc closes")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)
