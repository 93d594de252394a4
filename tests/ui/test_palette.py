"""Every broadsheet action is in the command palette (ctrl+p), made from the bindings themselves."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from reader.ui.app import EXTRA_COMMANDS, BroadsheetApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets import ReadingPane

from .helpers import article_list, main_screen, settle

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "reading_archive"


def test_every_command_without_a_key_names_an_action() -> None:
    for _title, _help, action in EXTRA_COMMANDS:
        name = action.split("(")[0]
        target = BroadsheetApp if name.startswith("app.") else MainScreen
        assert hasattr(target, f"action_{name.removeprefix('app.')}"), action


async def test_the_palette_holds_every_binding_with_a_tooltip_and_runs_them() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = list(app.palette_commands(main_screen(pilot)))
        titles = [title for title, _, _ in commands]
        bindings = [*BroadsheetApp.BINDINGS, *MainScreen.BINDINGS, *ReadingPane.BINDINGS]
        expected = {binding.tooltip for binding in Binding.make_bindings(bindings) if binding.tooltip}
        assert expected <= set(titles)
        assert len(titles) == len(set(titles)) == len(expected) + len(EXTRA_COMMANDS)
        assert "Star / unstar the article" in titles
        for title, help_text, _ in commands[: len(expected)]:
            assert help_text.startswith("( "), title
            assert help_text.endswith(" )"), title
        callbacks = {title: run for title, _, run in commands}
        callbacks["Sort by title"]()
        await settle(pilot)
        assert app.settings.sort == "title"


async def test_star_from_the_command_palette() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Star / unstar")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        highlighted = article_list(pilot).highlighted
        assert highlighted is not None
        assert main_screen(pilot).marks[highlighted.path].starred
