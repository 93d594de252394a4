"""Small terminals (60×20, 80×24): the sidebar, the article header, full-screen reading, the footer."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import BroadsheetApp

from .helpers import main_screen, settle

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "snapshot_archive"
SMALL = [(60, 20), (80, 24)]
SMALL_IDS = ["60x20", "80x24"]


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
async def test_a_narrow_screen_starts_without_the_sidebar_and_b_shows_it(size: tuple[int, int]) -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert not screen.sidebar.display
        assert screen.article_list.region.x == 0  # the list takes the width
        await pilot.press("b")
        await settle(pilot)
        assert screen.sidebar.display
        assert screen.article_list.region.x > 0


async def test_the_sidebar_follows_the_width_until_b_says_otherwise() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sidebar = main_screen(pilot).sidebar
        assert sidebar.display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not sidebar.display
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert sidebar.display
        await pilot.press("b")  # hidden by hand: it stays hidden at any width
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not sidebar.display
        await pilot.resize_terminal(70, 24)
        await pilot.press("b")  # shown by hand on a narrow screen: it stays
        await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert sidebar.display
