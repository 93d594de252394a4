"""Live updates: files written, changed or deleted while the app runs appear within seconds."""

from __future__ import annotations

import asyncio
from pathlib import Path

from reader.ui.app import BroadsheetApp

from .helpers import article_list, main_screen, settle, wait_until

ARTICLE = '---\ntitle: "{title}"\ndate: 2024-0{month}-01\n---\n\nBody of {title}.\n'


async def test_new_changed_and_deleted_articles_appear(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(ARTICLE.format(title="One", month=1), encoding="utf-8")
    (tmp_path / "two.md").write_text(ARTICLE.format(title="Two", month=2), encoding="utf-8")
    app = BroadsheetApp(str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        titles = lambda: [article.title for article in listing.articles]  # noqa: E731
        assert titles() == ["Two", "One"]
        await pilot.press("down")  # highlight "One": the highlight must stay on it
        await asyncio.sleep(1.0)  # the watcher starts after the first load

        (tmp_path / "three.md").write_text(ARTICLE.format(title="Three", month=3), encoding="utf-8")
        assert await wait_until(pilot, lambda: titles() == ["Three", "Two", "One"])
        assert listing.highlighted is not None
        assert listing.highlighted.title == "One"

        (tmp_path / "two.md").write_text(ARTICLE.format(title="Two, revised", month=2), encoding="utf-8")
        assert await wait_until(pilot, lambda: "Two, revised" in titles())

        (tmp_path / "three.md").unlink()
        assert await wait_until(pilot, lambda: titles() == ["Two, revised", "One"])
        assert main_screen(pilot).archive is not None
