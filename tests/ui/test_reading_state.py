"""Reading state in the app: opening marks read, u / s / n / R, the Unread view, and persistence."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from reader.cli import main
from reader.load import load_archive
from reader.model import Mark
from reader.state import ReadingState
from reader.ui.app import BroadsheetApp
from reader.ui.widgets import ArticleList

from .helpers import article_list, article_view, main_screen, settle, sidebar, wait_until

SIZE = (110, 30)
# Five dated articles, newest first as listed.
TITLES = ["Lantern Market", "River Walk", "Tea House", "Night Ferry", "Old Mill"]
PATHS = [
    "2024/05/lantern-market.md",
    "2024/04/river-walk.md",
    "2024/03/tea-house.md",
    "2024/02/night-ferry.md",
    "2024/01/old-mill.md",
]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    for number, (path, title) in enumerate(zip(PATHS, TITLES, strict=True)):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"---\ntitle: {title}\ndate: 2024-0{5 - number}-0{5 - number}\ntags: [t{number}]\n---\n"
            f"{title} in a few words.\n",
            encoding="utf-8",
        )
    return root


def stored(root: Path) -> dict[str, Mark]:
    """What a fresh connection (another process) finds in the state database."""
    with ReadingState(str(root)) as state:
        return state.marks(load_archive(str(root)).articles)


def row(pilot: Pilot[None], index: int) -> str:
    listing = article_list(pilot)
    return listing.render_line(index - listing.scroll_offset.y).text


async def start(pilot: Pilot[None]) -> None:
    await settle(pilot)
    assert [article.path for article in article_list(pilot).articles] == PATHS


async def test_start_reads_nothing_and_previews_do_not_mark(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = main_screen(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.path == PATHS[2]  # previewed
        assert screen.marks == {}
        assert all(row(pilot, index).startswith("●") for index in range(5))
    assert stored(small) == {}


async def test_enter_marks_the_highlighted_article_read(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.marks == {PATHS[1]: Mark(read=True)}
        assert app.focused is article_view(pilot)
        assert row(pilot, 1).startswith(" ")
        assert row(pilot, 0).startswith("●")
        assert stored(small) == {PATHS[1]: Mark(read=True)}


async def test_a_click_opens_and_marks_read(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        listing = article_list(pilot)
        top = listing.content_region.y - listing.region.y
        await pilot.click(ArticleList, offset=(20, top + 3))
        await settle(pilot)
        assert listing.cursor == 3
        assert main_screen(pilot).marks == {PATHS[3]: Mark(read=True)}
        assert stored(small) == {PATHS[3]: Mark(read=True)}


async def test_u_toggles_read(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = main_screen(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert screen.marks[PATHS[0]] == Mark(read=True)
        assert stored(small) == {PATHS[0]: Mark(read=True)}
        await pilot.press("u")
        await settle(pilot)
        assert screen.marks.get(PATHS[0], Mark()) == Mark()
        assert row(pilot, 0).startswith("●")
        assert stored(small) == {}


async def test_s_stars_and_the_row_shows_it(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = main_screen(pilot)
        await pilot.press("down", "down", "s")
        await settle(pilot)
        assert screen.marks == {PATHS[2]: Mark(starred=True)}
        assert row(pilot, 2).startswith("●★")  # starred and still unread: both marks
        assert TITLES[2] in row(pilot, 2)
        assert stored(small) == {PATHS[2]: Mark(starred=True)}
        await pilot.press("s")
        await settle(pilot)
        assert row(pilot, 2).startswith("●")
        assert stored(small) == {}


async def test_a_starred_article_read_or_not_shows_both_states(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert row(pilot, 0).startswith("●★")
        await pilot.press("u")  # read
        await settle(pilot)
        assert row(pilot, 0).startswith(" ★")
        assert row(pilot, 1).startswith("● ")


async def test_brackets_open_the_next_article_and_mark_it_read(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.path == PATHS[1]
        assert screen.marks == {PATHS[0]: Mark(read=True), PATHS[1]: Mark(read=True)}
        await pilot.press("right_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert screen.marks.get(PATHS[2]) == Mark(read=True)
        assert app.focused is screen.pane.view


async def test_n_in_the_pane_opens_the_next_unread(small: Path) -> None:
    with ReadingState(str(small)) as state:
        state.set([a for a in load_archive(str(small)).articles if a.path == PATHS[1]], read=True)
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = main_screen(pilot)
        assert screen.marks == {PATHS[1]: Mark(read=True)}
        await pilot.press("enter")  # open the first one, focus moves to the pane
        await settle(pilot)
        assert app.focused is article_view(pilot)
        await pilot.press("n")  # skips the read second article
        await settle(pilot)
        assert article_list(pilot).cursor == 2
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.path == PATHS[2]
        assert screen.marks[PATHS[2]].read
        await pilot.press("p")  # previous unread: none left above
        await settle(pilot)
        assert article_list(pilot).cursor == 2
        assert stored(small) == {path: Mark(read=True) for path in PATHS[:3]}


async def test_n_in_the_pane_is_next_match_while_finding(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "f", *"few", "enter")
        await settle(pilot)
        view = article_view(pilot)
        assert app.focused is view
        assert len(view.matches) == 1
        await pilot.press("n")
        await settle(pilot)
        assert article_list(pilot).cursor == 0  # stayed on the article
        assert set(main_screen(pilot).marks) == {PATHS[0]}


async def test_capital_r_marks_everything_in_view_read(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert main_screen(pilot).marks == {path: Mark(read=True) for path in PATHS}
        assert not any(row(pilot, index).startswith("●") for index in range(5))
        assert stored(small) == {path: Mark(read=True) for path in PATHS}
        unread = sidebar(pilot).get_option("view:unread").prompt
        assert unread.plain.split() == ["Unread", "0"]


async def test_unread_view_in_the_sidebar(small: Path) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "escape", "down", "down", "enter", "escape")
        await settle(pilot)
        assert set(main_screen(pilot).marks) == {PATHS[0], PATHS[2]}
        await pilot.press("t")
        tags = sidebar(pilot)
        assert app.focused is tags
        tags.highlighted = tags.get_option_index("view:unread")
        await pilot.press("enter")
        await settle(pilot)
        assert [article.path for article in article_list(pilot).articles] == [PATHS[1], PATHS[3], PATHS[4]]
        # The same option again drops the view.
        tags.highlighted = tags.get_option_index("view:unread")
        await pilot.press("enter")
        await settle(pilot)
        assert [article.path for article in article_list(pilot).articles] == PATHS


async def test_quick_toggles_are_saved_in_order(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class LateFirstWrite(ReadingState):
        """The thread of the first change is scheduled late (as an OS may do)."""

        def set(self, articles: Any, *, read: bool | None = None, starred: bool | None = None) -> None:
            if read:
                time.sleep(0.3)
            super().set(articles, read=read, starred=starred)

    monkeypatch.setattr("reader.ui.keeper.ReadingState", LateFirstWrite)
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("u", "u")  # read, then unread again
        await settle(pilot)
        assert main_screen(pilot).marks.get(PATHS[0], Mark()) == Mark()
        assert stored(small) == {}


async def test_marks_survive_a_restart(small: Path) -> None:
    first = BroadsheetApp(str(small))
    async with first.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "escape", "down", "s")
        await settle(pilot)
    second = BroadsheetApp(str(small))
    async with second.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert main_screen(pilot).marks == {PATHS[0]: Mark(read=True), PATHS[1]: Mark(starred=True)}
        assert row(pilot, 0).startswith(" ")
        assert row(pilot, 1).startswith("●★")
        assert row(pilot, 2).startswith("● ")


async def test_issue_7_journey_open_star_quit_then_list(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("down", "enter", "s", "q")
    capsys.readouterr()
    assert main(["list", str(small), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    marks = {item["path"]: (item["read"], item["starred"]) for item in items}
    assert marks == {path: (path == PATHS[1], path == PATHS[1]) for path in PATHS}


async def test_keys_typed_in_one_breath_before_quitting_are_kept(small: Path) -> None:
    """`↓ Enter s q` at once: Enter's "opened" message is still on its way when q arrives, and the
    save worker would never run. Quitting waits for the one and writes what the other queued."""
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        # All four at once, as a terminal delivers a fast typist's keys (Pilot.press waits between).
        for key, character in (("down", None), ("enter", "\r"), ("s", "s"), ("q", "q")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
    assert not app.is_running
    assert stored(small) == {PATHS[1]: Mark(read=True, starred=True)}


async def test_search_keeps_to_is_unread_and_is_starred(small: Path) -> None:
    """`/` honours the reading-state words of the query, as `broadsheet search` does."""
    app = BroadsheetApp(str(small))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter", "s", "escape")  # the newest: read and starred
        await settle(pilot)
        for query, paths in (
            ("words is:unread", PATHS[1:]),
            ("words -is:unread", PATHS[:1]),
            ("is:starred", PATHS[:1]),
            ("words -is:starred", PATHS[1:]),
        ):
            assert await searched(pilot, query) == paths, query
            await pilot.press("escape")


async def searched(pilot: Pilot[None], query: str) -> list[str]:
    """Type `query` into the search bar; the paths listed once its results are in."""
    await pilot.press("slash", *query)
    assert await wait_until(pilot, lambda: main_screen(pilot).searching == query)
    await settle(pilot)
    return [article.path for article in article_list(pilot).articles]
