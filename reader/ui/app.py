"""The Textual application: one main screen, a help screen, and the keys that work everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.paths import styles
from reader.ui.screens.help import HelpScreen, HelpSection
from reader.ui.screens.main import MainScreen
from reader.ui.widgets import ArticleList, ArticleView, TagSidebar

# (title, help, screen action) for the command palette.
PALETTE: tuple[tuple[str, str, str], ...] = (
    ("Search the archive", "Words, phrases, tag:, category:, after:, before:, is:draft  ( / )", "search"),
    ("Find in this article", "Highlight every match; n / N to move  ( f )", "find"),
    ("Links of this article", "Follow one, or copy it to the clipboard  ( l )", "links"),
    ("Table of contents", "Jump to a heading of this article  ( o )", "outline"),
    ("Open or close folded callouts", "Callouts written as > [!note]-  ( z )", "toggle_folds"),
    ("Mark read / unread", "The highlighted or open article  ( u )", "toggle_read"),
    ("Star / unstar", "The highlighted or open article  ( s )", "toggle_star"),
    ("Next unread article", "( n )", "next_unread(1)"),
    ("Previous unread article", "( p )", "next_unread(-1)"),
    ("Mark every article in the view read", "( R )", "mark_all_read"),
    ("Show all articles", "Clear the tag, category and view filters  ( x in the tags )", "clear_filter"),
    ("Focus the tags", "( t )", "focus_tags"),
    ("Show or hide the sidebar", "( b )", "toggle_sidebar"),
    ("Keys", "Every key, by where it works  ( ? )", "app.help"),
)


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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then every broadsheet action (ctrl+p): keys are never the only way."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for title, help_text, action in PALETTE:
            yield SystemCommand(title, help_text, partial(screen.call_later, screen.run_action, action))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))
