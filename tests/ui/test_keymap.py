"""The reader's own keys: `[keys]` in settings.toml moves a command to other keys, and the footer,
the help screen and the palette all show the keys as moved."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.ui.app import BroadsheetApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.key_footer import KeyFooter

from .helpers import lines, main_screen, settle
from .test_settings import app_as_started, write_settings

SIZE = (110, 30)


def search_focused(pilot: Pilot[None]) -> bool:
    focused = pilot.app.focused
    return isinstance(focused, Input) and focused.id == "search"


def footer_text(pilot: Pilot[None]) -> str:
    footer = main_screen(pilot).query_one(KeyFooter)
    return " ".join(str(getattr(key, "key_display", "")) for key in footer.children)


def notices(app: BroadsheetApp) -> str:
    return "\n".join(str(notice.message) for notice in app._notifications)


async def test_a_command_moved_to_another_key_answers_only_there(archive: Path) -> None:
    write_settings('[keys]\nmain.search = "ctrl+f"\n"main.full_screen" = ["M", "f9"]\n')
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert not search_focused(pilot)  # `/` is no longer search
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert search_focused(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert "^f" in footer_text(pilot)
        assert "M" in footer_text(pilot)
        pane = main_screen(pilot).pane
        await pilot.press("f9")
        await pilot.pause()
        assert pane.is_maximized


async def test_help_and_palette_show_the_readers_keys(archive: Path) -> None:
    write_settings('[keys]\nmain.search = "ctrl+f"\n')
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {title: keys for title, keys, _ in app.palette_commands(main_screen(pilot))}
        search = next(keys for title, keys in commands.items() if title.startswith("Search the archive"))
        assert search == "( ^f )"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = "\n".join(lines(app.screen.query_one("#help-table", Static)))
        assert "^f" in table
        assert "Search" in table


async def test_wrong_keys_are_reported_and_the_rest_apply(archive: Path) -> None:
    write_settings('[keys]\nmain.nothing = "x"\nmain.search = "ctrl+bogus_key"\napp.help = "h"\n')
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = notices(app)
        assert "'main.nothing'" in said
        assert "bogus_key" in said
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")  # a key whose entry was wrong keeps its default
        await pilot.pause()
        assert search_focused(pilot)


async def test_a_key_taken_from_another_command_is_said(archive: Path) -> None:
    write_settings('[keys]\nmain.search = "u"\n')  # `u` is Read/unread by default
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert search_focused(pilot)
        assert "main.toggle_read" in notices(app)
