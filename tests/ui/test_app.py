"""Behaviour of the app driven through Pilot: focus, previews, filters, keys and hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets.option_list import OptionDoesNotExist

from reader.ui.app import BroadsheetApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets import ArticleList, ArticleView, TagSidebar

from .conftest import BOLD_TAG, CLICK_TITLE, LINK_TITLE, NEWEST, SECOND
from .helpers import (
    all_text,
    article_list,
    article_view,
    lines,
    screen_text,
    settle,
    sidebar,
    tree_state,
)

SIZE = (120, 40)


async def choose(pilot: Pilot[None], option_id: str) -> None:
    """Focus the sidebar, highlight the option `option_id` and press Enter on it."""
    await pilot.press("t")
    bar = sidebar(pilot)
    assert pilot.app.focused is bar
    bar.highlighted = bar.get_option_index(option_id)
    await pilot.press("enter")
    await settle(pilot)


def path_of(pilot: Pilot[None], title: str) -> str:
    return next(a.path for a in article_list(pilot).articles if a.title == title)


# --- start -------------------------------------------------------------------------------------


async def test_start_focuses_list_and_previews_newest(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        assert app.focused is listing
        assert listing.cursor == 0
        assert listing.highlighted is not None
        assert listing.highlighted.title == NEWEST
        assert article_view(pilot).key == listing.highlighted.path
        assert NEWEST in all_text(article_view(pilot))
        assert "Articles 6" in listing._border_title.plain
        assert "Articles 6" in screen_text(pilot)


# --- moving and opening ------------------------------------------------------------------------


async def test_the_loaded_archive_is_kept_out_of_the_collectors_way(archive: Path) -> None:
    """Full collections walking 100k articles held the GIL ~100 ms each: once loaded, the archive
    is frozen (gc.freeze), and thawed when the app is gone."""
    import gc

    app = BroadsheetApp(str(archive))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(("down", "up"), [("down", "up"), ("j", "k")])
async def test_moving_the_highlight_previews_without_leaving_the_list(
    archive: Path, down: str, up: str
) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing, view = article_list(pilot), article_view(pilot)
        first = view.key
        await pilot.press(down)
        await settle(pilot)
        assert listing.cursor == 1
        assert view.key == path_of(pilot, SECOND) != first
        assert SECOND in all_text(view)
        assert app.focused is listing
        await pilot.press(up)
        await settle(pilot)
        assert listing.cursor == 0
        assert view.key == first
        assert app.focused is listing


async def test_enter_opens_the_highlighted_article_in_the_pane(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.focused, ArticleView)
        assert app.focused.key == path_of(pilot, SECOND)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        assert article_list(pilot).cursor == 1


async def test_tab_and_shift_tab_cycle_the_three_panes(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        forward = []
        for _ in range(3):
            await pilot.press("tab")
            forward.append(type(app.focused))
        assert forward == [ArticleView, TagSidebar, ArticleList]
        backward = []
        for _ in range(3):
            await pilot.press("shift+tab")
            backward.append(type(app.focused))
        assert backward == [TagSidebar, ArticleView, ArticleList]


# --- filtering ---------------------------------------------------------------------------------


async def test_tags_filter_and_combine_then_all_clears(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        await choose(pilot, "tag:transport")
        assert [a.title for a in listing.articles] == [NEWEST, SECOND]
        assert "#transport" in listing._border_title.plain
        assert "Articles 2 of 6" in screen_text(pilot)
        await choose(pilot, "tag:city")
        assert [a.title for a in listing.articles] == [NEWEST]
        assert "#transport #city" in listing._border_title.plain
        await choose(pilot, "all")
        assert len(listing.articles) == 6
        assert "#" not in listing._border_title.plain


async def test_choosing_an_active_tag_again_drops_it(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "tag:city")
        await choose(pilot, "tag:transport")
        assert len(article_list(pilot).articles) == 1
        await choose(pilot, "tag:city")
        assert [a.title for a in article_list(pilot).articles] == [NEWEST, SECOND]


async def test_x_clears_the_filter(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "tag:city")
        assert len(article_list(pilot).articles) == 2
        await pilot.press("x")
        await settle(pilot)
        assert len(article_list(pilot).articles) == 6
        assert "of" not in article_list(pilot)._border_title.plain


async def test_filtering_out_the_highlighted_article_previews_the_new_first(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # the `[@click…]` article, tagged city only
        await settle(pilot)
        await choose(pilot, "tag:transport")
        listing = article_list(pilot)
        assert listing.cursor == 0
        assert article_view(pilot).key == listing.articles[0].path == path_of(pilot, NEWEST)


async def test_b_hides_and_shows_the_sidebar(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = sidebar(pilot)
        await pilot.press("t")
        assert app.focused is bar
        await pilot.press("b")
        assert bar.display is False
        assert app.focused is article_list(pilot)
        assert "All articles" not in screen_text(pilot)
        await pilot.press("b")
        assert bar.display is True
        assert "All articles" in screen_text(pilot)
        await pilot.press("b", "t")
        assert bar.display is True
        assert app.focused is bar


# --- reading pane ------------------------------------------------------------------------------


async def test_space_pages_the_pane_while_the_list_keeps_focus(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = article_view(pilot)
        assert view.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0
        assert app.focused is article_list(pilot)
        assert article_list(pilot).cursor == 0


async def test_pagedown_pages_the_focused_pane(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = article_view(pilot)
        assert app.focused is view
        await pilot.press("pagedown")
        await pilot.pause()
        first = view.scroll_y
        assert first > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > first
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        assert article_list(pilot).cursor == 0


async def test_brackets_step_through_articles_from_the_pane(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = article_view(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert article_list(pilot).cursor == 1
        assert view.key == path_of(pilot, SECOND)
        assert app.focused is view
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert view.key == path_of(pilot, NEWEST)
        await pilot.press("left_square_bracket")  # already the first: stays put
        await settle(pilot)
        assert article_list(pilot).cursor == 0
        assert view.key == path_of(pilot, NEWEST)


async def test_text_width_is_capped_and_follows_resizes(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        view = article_view(pilot)
        assert view.rendered_width == 100
        assert view.scrollable_content_region.width > 100
        first = next(line for line in lines(view) if NEWEST in line)
        assert first.startswith(" " * ((view.scrollable_content_region.width - 100) // 2))
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        assert view.key == path_of(pilot, NEWEST)
        assert view.rendered_width == view.scrollable_content_region.width < 100


async def test_home_end_and_page_keys_move_the_list_cursor(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert listing.cursor == 5
        assert article_view(pilot).key == listing.articles[5].path
        await pilot.press("home")
        assert listing.cursor == 0
        await pilot.press("pagedown")
        assert listing.cursor == 5
        await pilot.press("pageup")
        assert listing.cursor == 0


# --- help and quitting -------------------------------------------------------------------------


async def test_help_lists_the_keys_and_escape_closes_it(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for words in ("Keys", "Open", "Quit", "Tags", "Sidebar", "Next pane", "Clear filter", "Previous"):
            assert words in text, words
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused is article_list(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits_from_the_main_screen(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
        assert not app.is_running


async def test_q_quits_from_the_help_screen(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
        assert not app.is_running


# --- hostile text ------------------------------------------------------------------------------


async def test_markup_title_is_shown_literally_and_never_runs(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        listing = article_list(pilot)
        assert listing.highlighted is not None
        assert listing.highlighted.title == CLICK_TITLE
        assert any(CLICK_TITLE in line for line in lines(listing))
        await pilot.press("enter")
        await settle(pilot)
        view = article_view(pilot)
        assert app.is_running
        assert app.focused is view
        assert CLICK_TITLE in all_text(view)
        # Clicking the title in the pane must not trigger the embedded action.
        await pilot.click(ArticleView, offset=(4, 1))
        await pilot.pause()
        assert app.is_running
        assert not app._exit


async def test_link_markup_and_markup_tag_are_shown_literally(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(LINK_TITLE in line for line in lines(article_list(pilot)))
        assert any(f"#{BOLD_TAG} 1" in " ".join(line.split()) for line in lines(sidebar(pilot)))
        await choose(pilot, f"tag:{BOLD_TAG}")
        listing = article_list(pilot)
        assert [a.title for a in listing.articles] == [LINK_TITLE]
        assert f"#{BOLD_TAG}" in screen_text(pilot)  # the border title, as drawn
        view = article_view(pilot)
        assert LINK_TITLE in all_text(view)
        assert not any(
            segment.style and segment.style.link for strip in view.content.lines for segment in strip
        )


async def test_escape_sequences_in_a_title_never_reach_the_terminal(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down")
        await settle(pilot)
        listing, view = article_list(pilot), article_view(pilot)
        assert listing.highlighted is not None
        assert listing.highlighted.title.startswith("Clipboard")
        assert view.key == listing.highlighted.path
        shown = "\n".join(lines(listing)) + all_text(view) + screen_text(pilot)
        assert "Clipboard" in all_text(view)
        assert "an escape sequence" in all_text(view)
        assert "\x1b" not in shown
        assert "\x07" not in shown


# --- problems, safety, mouse -------------------------------------------------------------------


async def test_problems_entry_shows_the_report(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = sidebar(pilot)
        assert bar.get_option("problems") is not None
        await choose(pilot, "problems")
        view = article_view(pilot)
        assert view.key == "problems"
        text = all_text(view)
        assert "Problems (1)" in text
        assert "2024/broken.md" in text
        assert "front-matter" in text


async def test_no_problems_entry_without_problems(tmp_path: Path) -> None:
    root = tmp_path / "clean"
    root.mkdir()
    (root / "one.md").write_text("---\ntitle: One\ndate: 2024-01-01\n---\n\nFine.\n", encoding="utf-8")
    app = BroadsheetApp(str(root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with pytest.raises(OptionDoesNotExist):
            sidebar(pilot).get_option("problems")


async def test_the_app_never_writes_into_the_archive(archive: Path) -> None:
    before = tree_state(archive)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "right_square_bracket", "space", "escape")
        await settle(pilot)
        await choose(pilot, "tag:city")
        await choose(pilot, "problems")
        await pilot.press("question_mark", "escape", "q")
    assert tree_state(archive) == before


@pytest.mark.parametrize("row", [0, 1, 3])
async def test_clicking_a_row_opens_that_article(archive: Path, row: int) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        border = listing.content_region.y - listing.region.y
        await pilot.click(ArticleList, offset=(20, border + row))
        await settle(pilot)
        assert listing.cursor == row
        assert isinstance(app.focused, ArticleView)
        assert app.focused.key == listing.articles[row].path


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (9_999, "9999"),
        (10_000, "10k"),
        (21_500, "21k"),
        (123_456, "123k"),
        (999_999, "999k"),
        (2_345_678, "2M"),
    ],
)
def test_sidebar_counts_fit_its_default_width(count: int, shown: str) -> None:
    label = TagSidebar._label("All articles", count, True)
    assert label.plain == f"● All articles {shown}"
    assert cell_len(label.plain) <= 19  # the default sidebar's width inside its border and padding
