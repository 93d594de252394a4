"""Moving around: back / forward, the title jump, where the reader left off, a file opened alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.history import History
from reader.resume import Resume, ResumeError, load_resume, resume_path, save_resume
from reader.rules import Filter
from reader.ui import navigator
from reader.ui.app import BroadsheetApp
from reader.ui.screens.jump import JumpScreen
from reader.ui.screens.main import MainScreen

from .conftest import NEWEST, SECOND
from .helpers import article_view, main_screen, settle, sidebar, wait_until

FERRY, TRAM = "2024/harbour-ferry.md", "2024/tram-depot.md"


def notices(app: BroadsheetApp) -> str:
    return " | ".join(str(notification.message) for notification in app._notifications)


def shown_path(pilot: Pilot[None]) -> str | None:
    shown = main_screen(pilot).pane.shown
    return shown.article.path if shown is not None else None


async def open_ferry_then_tram(pilot: Pilot[None]) -> MainScreen:
    """Open the newest article, scroll it to line 9, then open the second one from the list."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    article_view(pilot).scroll_to(y=9, animate=False)
    await pilot.pause()
    await pilot.press("escape", "down", "enter")
    await settle(pilot)
    screen = main_screen(pilot)
    assert shown_path(pilot) == TRAM
    return screen


async def test_back_returns_to_the_article_and_its_place_and_forward_comes_again(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_ferry_then_tram(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert shown_path(pilot) == FERRY
        assert screen.pane.scroll_line == 9
        assert app.focused is article_view(pilot)
        assert screen.article_list.highlighted is not None
        assert screen.article_list.highlighted.path == FERRY
        await pilot.press("alt+right")
        await settle(pilot)
        assert shown_path(pilot) == TRAM
        await pilot.press("alt+left")
        await settle(pilot)
        assert shown_path(pilot) == FERRY
        await pilot.press("alt+left")
        await settle(pilot)
        assert "Nothing further back" in notices(app)


async def test_opening_after_going_back_drops_the_forward_part(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_ferry_then_tram(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("escape", "end", "enter")  # another article, from the list
        await settle(pilot)
        paths = [place.path for place in screen.navigator.history.places]
        assert paths[:1] == [FERRY]
        assert TRAM not in paths
        await pilot.press("alt+right")
        await settle(pilot)
        assert "Nothing further forward" in notices(app)


async def test_an_article_that_has_gone_is_skipped_with_a_notice(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_ferry_then_tram(pilot)
        history = screen.navigator.history = History()
        for path in (FERRY, "2024/deleted.md", TRAM):  # as if it had been opened, then deleted
            history.visit(path)
        await pilot.press("backspace")
        await settle(pilot)
        assert shown_path(pilot) == FERRY
        assert "Skipped 1 article of the history" in notices(app)


async def test_backspace_in_the_tag_sidebar_still_clears_the_filter(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_ferry_then_tram(pilot)
        screen.filter = Filter(tags=("transport",))
        sidebar(pilot).focus()
        await pilot.pause()
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.filter == Filter()
        assert shown_path(pilot) == TRAM  # not a step back


async def test_the_jump_opens_a_title_as_enter_does(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("colon")
        await settle(pilot)
        assert isinstance(app.screen, JumpScreen)
        await pilot.press(*"tram")
        assert await wait_until(pilot, lambda: bool(app.screen._shown) and app.screen.query_text == "tram")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, JumpScreen)
        assert shown_path(pilot) == TRAM
        assert app.focused is article_view(pilot)
        assert screen.marks[TRAM].read
        assert screen.navigator.history.current is not None
        assert screen.navigator.history.current.path == TRAM


async def test_ctrl_o_opens_the_jump_and_escape_closes_it(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, JumpScreen)
        await pilot.press(*"zzzzqq")
        assert await wait_until(
            pilot, lambda: "No title matches" in str(app.screen.query_one("#jump-matches").border_title)
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert shown_path(pilot) == FERRY  # the start's preview, untouched


async def test_where_you_left_off_comes_back_on_the_next_start(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await open_ferry_then_tram(pilot)
        await pilot.press("backspace")  # back in the ferry article, at line 9
        await settle(pilot)
        main_screen(pilot).filter = Filter(tags=("transport",))
        await settle(pilot)
    saved = load_resume(str(archive))
    assert saved is not None
    assert (saved.path, saved.scroll, saved.filter.tags) == (FERRY, 9, ("transport",))

    again = BroadsheetApp(str(archive))
    async with again.run_test(size=(110, 36)) as pilot:
        assert await wait_until(pilot, lambda: main_screen(pilot).pane.scroll_line == 9)
        await settle(pilot)
        screen = main_screen(pilot)
        assert shown_path(pilot) == FERRY
        assert screen.pane.scroll_line == 9
        assert screen.filter == Filter(tags=("transport",))
        assert again.focused is article_view(pilot)
        assert not list(archive.rglob("*.json"))  # nothing written into the archive


async def test_the_search_comes_back_with_its_article(archive: Path) -> None:
    save_resume(str(archive), Resume(TRAM, 0, False, "depot"), 1.0)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        assert await wait_until(pilot, lambda: main_screen(pilot).searching == "depot")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.search_bar.value == "depot"
        assert [article.path for article in screen.article_list.articles] == [TRAM]
        assert shown_path(pilot) == TRAM


async def test_fresh_starts_at_the_newest_article(archive: Path) -> None:
    save_resume(str(archive), Resume(TRAM, 3, True, "", Filter(tags=("transport",))), 1.0)
    app = BroadsheetApp(str(archive), resume=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert shown_path(pilot) == FERRY
        assert main_screen(pilot).filter == Filter()


async def test_an_article_that_has_gone_since_is_said_and_the_start_is_the_usual(archive: Path) -> None:
    save_resume(str(archive), Resume("2024/deleted.md", 4, True), 1.0)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert shown_path(pilot) == FERRY
        assert "2024/deleted.md is no longer in the archive" in notices(app)


async def test_a_damaged_resume_file_is_a_notice_never_a_crash(archive: Path) -> None:
    path = resume_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert shown_path(pilot) == FERRY
        assert "could not be restored" in notices(app)
        await pilot.press("enter")
        await settle(pilot)
    document = json.loads(path.read_text(encoding="utf-8"))  # replaced by a good one on quit
    assert next(iter(document["roots"].values()))["path"] == FERRY


async def test_a_file_given_alone_opens_in_the_pane_and_is_read(archive: Path) -> None:
    app = BroadsheetApp(str(archive / "2024"), open_path="tram-depot.md")
    async with app.run_test(size=(110, 36)) as pilot:
        assert await wait_until(pilot, lambda: shown_path(pilot) == "tram-depot.md")
        await settle(pilot)
        screen = main_screen(pilot)
        assert shown_path(pilot) == "tram-depot.md"
        assert app.focused is article_view(pilot)
        assert screen.marks["tram-depot.md"].read
        assert screen.article_list.highlighted is not None
        assert screen.article_list.highlighted.title == SECOND


async def test_the_keys_are_in_help_and_the_palette(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        titles = [title for title, _, _ in app.palette_commands(main_screen(pilot))]
        assert any(title.startswith("Jump to an article") for title in titles)
        assert any(title.startswith("Back:") for title in titles)
        assert any(title.startswith("Forward:") for title in titles)
        everywhere = str(app.help_sections()[0][1])
        assert "history_back" in everywhere
        assert NEWEST  # the fixture archive's newest article is the one previewed at start


async def test_an_article_hidden_by_its_restored_filter_still_comes_back(archive: Path) -> None:
    save_resume(str(archive), Resume(TRAM, 0, True, "", Filter(tags=("gardens",))), 1.0)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        assert await wait_until(pilot, lambda: shown_path(pilot) == TRAM)
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.filter == Filter()
        assert screen.current is not None
        assert screen.current.path == TRAM


async def test_a_file_that_is_not_an_article_is_said(archive: Path) -> None:
    app = BroadsheetApp(str(archive / "2024"), open_path="broken.md")
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert "broken.md could not be read as an article" in notices(app)
        assert shown_path(pilot) == "harbour-ferry.md"


async def test_a_resume_that_cannot_be_saved_is_said_once(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ResumeError("resume.json could not be written: Read-only file system")

    monkeypatch.setattr(navigator, "save_resume", refuse)
    monkeypatch.setattr(navigator, "SAVE_DELAY", 0.01)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await open_ferry_then_tram(pilot)
        assert await wait_until(pilot, lambda: "will not be remembered" in notices(app))
        await pilot.press("escape", "down", "enter")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert notices(app).count("will not be remembered") == 1


async def test_under_serve_a_visitor_neither_restores_nor_saves_the_terminal_readers_place(
    archive: Path,
) -> None:
    class WebApp(BroadsheetApp):
        @property
        def is_web(self) -> bool:
            return True

    save_resume(str(archive), Resume(TRAM, 3, True, "", Filter(tags=("transport",))), 1.0)
    app = WebApp(str(archive))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        assert shown_path(pilot) == FERRY  # the usual start, not the terminal reader's place
        await pilot.press("enter")
        await settle(pilot)
    saved = load_resume(str(archive))
    assert saved is not None
    assert (saved.path, saved.filter.tags) == (TRAM, ("transport",))  # untouched by the visitor
