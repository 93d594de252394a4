"""Small terminals (60×20, 80×24): the sidebar, the article header, full-screen reading, the footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import BroadsheetApp
from reader.ui.widgets import ArticleView

from .helpers import main_screen, screen_text, settle

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


async def open_newest(pilot: Pilot[None]) -> ArticleView:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return main_screen(pilot).pane.view


def header_rows(view: ArticleView) -> list[str]:
    """The pane's lines above the first paragraph of the body."""
    texts = [text.strip() for text in view.content.texts]
    return texts[: next(i for i, text in enumerate(texts) if text.startswith("The volunteers"))]


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
async def test_a_short_pane_shows_the_header_in_one_line(size: tuple[int, int]) -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=size) as pilot:
        view = await open_newest(pilot)
        assert main_screen(pilot).pane.short
        top = header_rows(view)
        assert len([row for row in top if row]) == 1, top
        assert top[0].startswith("The Lighthouse Keeper")
        assert top[0].endswith("2025-03-14 09:30 · 87 words")


async def test_the_header_follows_the_pane_height() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(100, 24)) as pilot:
        view = await open_newest(pilot)
        assert len([row for row in header_rows(view) if row]) == 1
        await pilot.resize_terminal(100, 44)  # the same width, a taller pane
        await settle(pilot)
        assert not main_screen(pilot).pane.short
        rows = header_rows(view)
        assert "▸ Culture  #history  #archives  #coast" in rows
        assert rows[0] == "The Lighthouse Keeper's Log Goes Online"


async def test_opening_find_never_redraws_the_header() -> None:
    """The find bar takes three rows of the pane: the text must not jump under the reader."""
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_newest(pilot)
        before = header_rows(view)
        assert "▸ Culture  #history  #archives  #coast" in before
        await pilot.press("f", *"log")
        await settle(pilot)
        assert view.scrollable_content_region.height < 15
        assert header_rows(view) == before


def footer(pilot: Pilot[None]) -> str:
    return screen_text(pilot).splitlines()[-1]


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
async def test_the_footer_keeps_quit_help_and_full_screen_while_reading(size: tuple[int, int]) -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=size) as pilot:
        await open_newest(pilot)
        assert footer(pilot).startswith("q Quit ? Help l Links o Contents f Find m Full screen")
        await pilot.press("escape")  # back in the list
        await settle(pilot)
        assert footer(pilot).startswith("q Quit ? Help ⏎ Open m Full screen")


async def test_a_wide_footer_keeps_its_spacing_and_the_palette_hint() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(120, 30)) as pilot:
        await open_newest(pilot)
        assert footer(pilot).startswith(" q Quit  ? Help  l Links")
        assert footer(pilot).rstrip().endswith("^p palette")


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
async def test_m_reads_the_article_alone_and_m_or_escape_goes_back(size: tuple[int, int]) -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=size) as pilot:
        view = await open_newest(pilot)
        screen = main_screen(pilot)
        small_pane = view.region.height
        await pilot.press("m")
        await settle(pilot)
        assert screen.full_screen
        assert not screen.article_list.region  # the list (and all but the pane) is off screen
        assert view.region.height > small_pane
        assert view.region.width == size[0]
        assert app.focused is view
        assert "Articles" not in screen_text(pilot)
        assert footer(pilot).startswith("q Quit ? Help")
        await pilot.press("j", "m")  # the article keeps the keys; m again: everything is back
        await settle(pilot)
        assert not screen.full_screen
        assert view.region.height == small_pane
        assert "Articles" in screen_text(pilot)
        await pilot.press("m", "f", *"log")
        await settle(pilot)
        await pilot.press("escape")  # the find bar closes first, then full screen
        await settle(pilot)
        assert screen.full_screen
        assert not screen.pane.finding
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.full_screen


async def test_m_from_the_list_reads_the_highlighted_article_alone() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.full_screen
        assert app.focused is screen.pane.view
        await pilot.press("slash")  # search needs the list: full screen ends
        await settle(pilot)
        assert not screen.full_screen
        assert app.focused is screen.search_bar


async def test_a_taller_pane_in_full_screen_gets_the_whole_header() -> None:
    app = BroadsheetApp(str(ARCHIVE))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_newest(pilot)
        assert len([row for row in header_rows(view) if row]) == 1
        await pilot.press("m")
        await settle(pilot)
        assert "▸ Culture  #history  #archives  #coast" in header_rows(view)
