"""The Textual application: one main screen, a help screen, and the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.paths import styles
from reader.ui.screens.help import HelpScreen, HelpSection
from reader.ui.screens.main import MainScreen
from reader.ui.widgets import ArticleList, ArticleView, TagSidebar


class BroadsheetApp(App[None]):
    """Read a folder of Markdown articles with the keyboard."""

    CSS_PATH = str(styles() / "app.tcss")
    TITLE = "broadsheet"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.root)

    def help_sections(self) -> list[HelpSection]:
        """What the help screen lists, straight from the bindings of each place."""
        return [
            ("Everywhere", [*self.BINDINGS, *MainScreen.BINDINGS, ("tab", "focus_next", "Next pane")]),
            ("Article list", ArticleList.BINDINGS),
            ("Reading pane", ArticleView.BINDINGS),
            ("Tag sidebar", [("enter", "select", "Filter by it (again to drop it)"), *TagSidebar.BINDINGS]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))
