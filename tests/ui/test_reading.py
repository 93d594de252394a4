"""Reading-pane journeys: links, contents, find, folded callouts (tests/fixtures/reading_archive)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import BroadsheetApp
from reader.ui.screens.pickers import LinksScreen, OutlineScreen

from .helpers import all_text, article_view, main_screen, settle

READING = Path(__file__).resolve().parent.parent / "fixtures" / "reading_archive"


async def open_notes(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_links_picker_follows_a_local_article() -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        screen = main_screen(pilot)
        assert screen.pane.shown is not None
        assert [link.url for link in screen.pane.shown.rendered.links] == [
            "images/hills.png",
            "spring-walk.md",
        ]
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.path == "spring-walk.md"
        assert app.focused is article_view(pilot)


async def test_links_picker_copies_with_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    app = BroadsheetApp(str(READING))
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("l", "y")
        await settle(pilot)
        assert copied == ["images/hills.png"]
        assert not isinstance(app.screen, LinksScreen)


async def test_contents_jumps_to_a_heading() -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        view = article_view(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OutlineScreen)
        await pilot.press("down", "enter")  # "On the ridge"
        await settle(pilot)
        target = view.content.headings[1]
        assert view.scroll_offset.y == min(target, view.max_scroll_y)
        assert view.scroll_offset.y > 0
        assert "On the ridge" in view.content.texts[target]


async def test_find_highlights_and_cycles() -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        view = article_view(pilot)
        await pilot.press("f", *"LANTERN")
        await settle(pilot)
        assert len(view.matches) == 3  # case-insensitive
        assert main_screen(pilot).pane.find_bar.border_subtitle == "1 of 3"
        await pilot.press("enter", "n")
        assert view.current_match == 1
        assert main_screen(pilot).pane.find_bar.border_subtitle == "2 of 3"
        await pilot.press("N", "N")
        assert view.current_match == 2  # wraps around
        assert main_screen(pilot).pane.find_bar.border_subtitle == "3 of 3"
        await pilot.press("escape")
        await settle(pilot)
        assert view.matches == []
        assert not main_screen(pilot).pane.find_bar.display


async def test_typing_in_find_never_triggers_keys() -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_notes(pilot)
        await pilot.press("f", *"quit tags q b ?")
        await settle(pilot)
        assert app.is_running
        assert main_screen(pilot).pane.find_bar.value == "quit tags q b ?"
        assert main_screen(pilot).sidebar.display


async def test_folded_callout_opens_with_z_and_a_click() -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        view = article_view(pilot)
        assert "something sweet" not in all_text(view)
        await pilot.press("z")
        await settle(pilot)
        assert "something sweet" in all_text(view)
        await pilot.press("z")
        await settle(pilot)
        assert "something sweet" not in all_text(view)
        # Click the folded title: find its line and column in the pane.
        line = next(i for i, text in enumerate(view.content.texts) if "Packing list" in text)
        view.scroll_to(y=line, animate=False)
        await settle(pilot)
        column = view.content.texts[line].index("Packing")
        margin = max(0, (view.scrollable_content_region.width - view.rendered_width) // 2)
        await pilot.click(view, offset=(column + margin + 1 + view.styles.padding.left, 1))
        await settle(pilot)
        assert "something sweet" in all_text(view)


def test_show_prints_folded_callouts_open(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    assert main(["show", str(READING / "field-notes.md"), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "something sweet" in out
    assert "[!" not in out
    assert "images/hills.png" in out


async def test_an_article_opened_from_search_highlights_the_terms() -> None:
    """The search's words are highlighted as find highlights (whole words, any case), `n` / `N`
    step through them, and Escape clears them before it leaves the search."""
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash", *"lantern tarn")
        await settle(pilot)
        await pilot.press("enter")  # from the search box to the results
        await pilot.press("enter")  # open the first result
        await settle(pilot)
        view = article_view(pilot)
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.path == "field-notes.md"
        found = [view.content.texts[line][start:end].lower() for line, start, end in view.matches]
        assert sorted(set(found)) == ["lantern", "tarn"]
        assert found.count("lantern") == 3
        assert view.current_match == 0
        await pilot.press("n")
        assert view.current_match == 1
        await pilot.press("N", "N")
        assert view.current_match == len(view.matches) - 1  # wraps around
        assert screen.pane.shown.article.path == "field-notes.md"  # n stepped matches, not articles
        await pilot.press("escape")
        await settle(pilot)
        assert view.matches == []
        assert screen.search_bar.display  # the first Escape cleared the highlight only
