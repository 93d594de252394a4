"""The app stays interactive while the index is built in the background."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import reader.ui.keeper as main_module
from reader.ui.app import BroadsheetApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.status_bar import StatusBar

from .helpers import article_list, settle


def write_archive(root: Path, count: int) -> None:
    for number in range(count):
        folder = root / f"{number // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{number:04d}.md").write_text(
            f'---\ntitle: "Article {number}"\ndate: 2024-01-{number % 28 + 1:02d}\n'
            f"tags: [t{number % 7}]\n---\n\nBody of article {number}, with the word harbour in it.\n",
            encoding="utf-8",
        )


async def test_keys_work_while_the_full_text_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(tmp_path, 600)
    release = threading.Event()
    real = main_module.index_fulltext

    def slow_fulltext(root: str, progress: main_module.Progress | None = None) -> int:
        if progress is not None:
            progress("indexing", 0, 600)  # show the bar, then hold the worker until the test is done
        release.wait(10)
        return real(root, progress)

    monkeypatch.setattr(main_module, "index_fulltext", slow_fulltext)
    app = BroadsheetApp(str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if len(article_list(pilot).articles) == 600 and app.screen.query_one(StatusBar).busy:
                break
        listing = article_list(pilot)
        assert len(listing.articles) == 600
        assert app.screen.query_one(StatusBar).busy  # the progress bar is up
        assert any(worker.group == "load" and worker.is_running for worker in app.workers)
        await pilot.press("down", "down")
        assert listing.cursor == 2
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert not app.screen.query_one(StatusBar).busy
