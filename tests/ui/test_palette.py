"""Every broadsheet action is in the command palette (ctrl+p)."""

from __future__ import annotations

from pathlib import Path

from reader.ui.app import PALETTE, BroadsheetApp
from reader.ui.screens.main import MainScreen

from .helpers import article_list, main_screen, settle

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "reading_archive"


def test_every_palette_action_exists() -> None:
    for _title, _help, action in PALETTE:
        name = action.split("(")[0]
        target = BroadsheetApp if name.startswith("app.") else MainScreen
        assert hasattr(target, f"action_{name.removeprefix('app.')}"), action


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
