"""Browsing beyond tags: saved searches, series and the timeline in the sidebar."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input

from reader.rules import Filter
from reader.settings import Settings, settings_path
from reader.ui.app import BroadsheetApp
from reader.ui.screens.saved import DeleteSearchScreen, SaveSearchScreen
from reader.ui.widgets.tag_sidebar import BAR_WIDTH, bar

from .helpers import article_list, lines, main_screen, settle, sidebar, wait_until

SIZE = (110, 40)

RUST = "series: Learning Rust\ntags: [rust]"
FILES = {
    "rust/part-2.md": f"---\ntitle: Part Two\ndate: 2024-03-01\n{RUST}\n---\nBorrow.\n",
    "rust/part-1.md": f"---\ntitle: Part One\ndate: 2024-01-10\n{RUST}\n---\nOwn.\n",
    "rust/part-3.md": "---\ntitle: Part Three\ndate: 2024-03-20\nseries: [Learning Rust]\n---\nLifetimes.\n",
    "news/a.md": "---\ntitle: Harbour\ndate: 2024-03-25\ntags: [city]\n---\nBorrow a boat.\n",
    "news/b.md": "---\ntitle: Tram\ndate: 2023-11-02\ntags: [city]\n---\nTrams.\n",
}


def write(root: Path) -> Path:
    for relpath, text in FILES.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def titles(pilot: Pilot[None]) -> list[str]:
    return [article.title for article in article_list(pilot).articles]


def drawn(pilot: Pilot[None]) -> list[str]:
    return [" ".join(line.split()) for line in lines(sidebar(pilot))]


async def choose(pilot: Pilot[None], option: str) -> None:
    bar = sidebar(pilot)
    bar.focus()
    bar.highlighted = bar.get_option_index(option)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_series_lists_in_reading_order_and_brackets_go_part_to_part(tmp_path: Path) -> None:
    app = BroadsheetApp(str(write(tmp_path / "a")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Series" in drawn(pilot)
        assert "≡ Learning Rust 3" in drawn(pilot)
        await choose(pilot, "series:Learning Rust")
        screen = main_screen(pilot)
        assert screen.filter == Filter(series="Learning Rust")
        assert titles(pilot) == ["Part One", "Part Two", "Part Three"]
        article_list(pilot).focus()
        await pilot.press("enter")  # opens Part One
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.title == "Part Two"
        title = Text.from_markup(str(screen.pane.view.border_title)).plain  # Textual keeps it as markup
        assert title == "Part 2 of 3 — Learning Rust"
        screen.filter = Filter()
        await settle(pilot)
        article_list(pilot).select_article(next(a for a in article_list(pilot).articles if a.title == "Tram"))
        await settle(pilot)
        assert screen.pane.view.border_title is None  # not part of a series


async def test_years_open_into_months_with_bars_and_a_month_filters(tmp_path: Path) -> None:
    app = BroadsheetApp(str(write(tmp_path / "a")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = drawn(pilot)
        assert "Years" in shown  # an archive with tags has its timeline too
        assert "2024 4" in shown
        assert "2023 1" in shown
        assert not any(line.startswith("Mar") for line in shown)  # months only under a chosen year
        await choose(pilot, "year:2024")
        shown = drawn(pilot)
        first = next(line for line in shown if line.startswith(("● 2024", "Mar")))
        assert first.startswith("● 2024")  # the months come under their year
        months = [line for line in shown if line[:3] in ("Jan", "Mar")]
        assert months == ["Mar ██████ 3", "Jan ██ 1"]  # the busiest month has the whole bar
        await choose(pilot, "month:2024-01")
        assert main_screen(pilot).filter == Filter(year="2024", month="2024-01")
        assert titles(pilot) == ["Part One"]
        await choose(pilot, "year:2024")  # the year again: the month goes with it
        assert main_screen(pilot).filter == Filter()
        assert len(titles(pilot)) == 5


async def test_a_saved_search_shows_its_count_and_runs_when_chosen(tmp_path: Path) -> None:
    settings = Settings(searches=(("borrowing", "borrow tag:rust"), ("city", "tag:city")))
    app = BroadsheetApp(str(write(tmp_path / "a")), settings, save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await wait_until(pilot, lambda: "⌕ city 2" in drawn(pilot))
        assert "Saved searches" in drawn(pilot)
        assert "⌕ borrowing 1" in drawn(pilot)
        await choose(pilot, "saved:borrowing")
        await wait_until(pilot, lambda: titles(pilot) == ["Part Two"])
        assert titles(pilot) == ["Part Two"]
        assert main_screen(pilot).search_bar.value == "borrow tag:rust"


async def test_typing_at_name_runs_the_saved_search(tmp_path: Path) -> None:
    settings = Settings(searches=(("city", "tag:city"),))
    app = BroadsheetApp(str(write(tmp_path / "a")), settings, save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"@city")
        assert await wait_until(pilot, lambda: sorted(titles(pilot)) == ["Harbour", "Tram"])


async def test_ctrl_s_saves_the_search_under_a_name_and_the_palette_deletes_it(tmp_path: Path) -> None:
    app = BroadsheetApp(str(write(tmp_path / "a")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # no search yet: said, nothing asked
        await pilot.pause()
        assert not isinstance(app.screen, SaveSearchScreen)
        assert any("Search first" in str(n.message) for n in app._notifications)
        await pilot.press("slash", *"borrow")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveSearchScreen)
        await pilot.press(*"two words", "enter")  # not a name: asked again
        await pilot.pause()
        assert isinstance(app.screen, SaveSearchScreen)
        assert "not a name" in str(app.screen.query_one(Input).border_subtitle)
        app.screen.query_one(Input).value = ""
        await pilot.press(*"lend", "enter")
        await settle(pilot)
        assert app.settings.saved == {"lend": "borrow"}
        assert tomllib.loads(settings_path().read_text(encoding="utf-8"))["searches"] == {"lend": "borrow"}
        assert await wait_until(pilot, lambda: "⌕ lend 2" in drawn(pilot))
        main_screen(pilot).action_delete_search()
        await pilot.pause()
        assert isinstance(app.screen, DeleteSearchScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.settings.saved == {}
        assert "Saved searches" not in drawn(pilot)
        assert tomllib.loads(settings_path().read_text(encoding="utf-8")).get("searches", {}) == {}


def test_a_month_bar_is_in_eighths_of_a_cell_and_never_empty_for_a_count() -> None:
    assert bar(10, 10) == "█" * BAR_WIDTH
    assert bar(0, 10) == ""
    assert bar(1, 10_000) == "▏"  # a sliver, not nothing
    assert bar(5, 10, width=3) == "█▌"
    assert all(len(bar(n, 97)) <= BAR_WIDTH for n in range(98))


async def test_saved_search_counts_and_the_timeline_follow_the_archive(tmp_path: Path) -> None:
    root = write(tmp_path / "a")
    settings = Settings(searches=(("city", "tag:city"),))
    app = BroadsheetApp(str(root), settings, save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await wait_until(pilot, lambda: "⌕ city 2" in drawn(pilot))
        await asyncio.sleep(1.0)  # the watcher starts after the first load
        (root / "news" / "c.md").write_text(
            "---\ntitle: Ferry\ndate: 2022-05-05\ntags: [city]\n---\nFerries.\n", encoding="utf-8"
        )
        assert await wait_until(pilot, lambda: "⌕ city 3" in drawn(pilot))
        assert "2022 1" in drawn(pilot)
