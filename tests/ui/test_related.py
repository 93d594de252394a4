"""Related articles under the article in the pane: found in a worker after the article is shown,
listed with why, and Enter on one opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import BroadsheetApp
from reader.ui.widgets.related_list import RelatedList

from .helpers import lines, main_screen, settle, wait_until

SIZE = (110, 30)


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    root = tmp_path / "tagged"
    root.mkdir()
    articles = {
        "ferry.md": ("Night Ferry", "2024-05-05", "[boats, city]"),
        "harbour.md": ("Harbour Lights", "2024-04-01", "[boats]"),
        "mill.md": ("Old Mill", "2023-01-01", "[history]"),
    }
    for name, (title, date, tags) in articles.items():
        text = f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\n---\n{title}, in a few words.\n"
        (root / name).write_text(text, encoding="utf-8")
    return root


async def test_related_articles_are_listed_and_open(tagged: Path) -> None:
    app = BroadsheetApp(str(tagged))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        related = screen.query_one(RelatedList)
        # The newest, previewed at start: short, so the list shows at once.
        assert await wait_until(pilot, lambda: bool(related.display) and related.for_path == "ferry.md")
        assert [item.article.path for item in related.items] == ["harbour.md"]
        assert related.items[0].why == "tags: boats"
        await settle(pilot)
        assert related.size.height == 1  # one line an article, seen (not a box of borders alone)
        assert "Harbour" in "".join(lines(related))
        await pilot.press("enter")  # open the ferry: focus in the pane
        await settle(pilot)
        related.focus()
        related.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert screen.pane.shown is not None
        assert screen.pane.shown.article.path == "harbour.md"
        assert await wait_until(pilot, lambda: related.for_path == "harbour.md")
        assert [item.article.path for item in related.items] == ["ferry.md"]


async def test_nothing_related_shows_no_list(tagged: Path) -> None:
    app = BroadsheetApp(str(tagged))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # the mill shares nothing
        await settle(pilot)
        related = main_screen(pilot).query_one(RelatedList)
        assert await wait_until(pilot, lambda: related.for_path == "mill.md")
        assert related.items == []
        assert not related.display
