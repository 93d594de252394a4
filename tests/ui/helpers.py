"""Helpers for the Pilot tests: waiting for workers, reading what a widget draws."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from reader.ui.screens.main import MainScreen
from reader.ui.widgets import ArticleList, ArticleView, TagSidebar


async def finished(pilot: Pilot[None]) -> None:
    """Wait for every worker but the file watcher, which runs for as long as the app does. (A
    worker that fails is the app's to report: see the `_no_worker_fails_unnoticed` fixture.)"""
    pending = [worker for worker in pilot.app.workers if worker.group != "watch"]
    await asyncio.gather(*(worker.wait() for worker in pending), return_exceptions=True)


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Let the app run until `condition` holds (or `seconds` pass); whether it holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
        await pilot.pause()
    return condition()


async def settle(pilot: Pilot[None]) -> None:
    """Let pending messages run and every worker (load, debounced preview render) finish."""
    await pilot.pause()
    await finished(pilot)
    await pilot.pause()
    # A finished render worker hands its result back with call_from_thread; give it a turn.
    await finished(pilot)
    await pilot.pause()
    # Scrollbars follow a layout pass after the content changes: let that one run too.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.05)


def main_screen(pilot: Pilot[None]) -> MainScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def article_list(pilot: Pilot[None]) -> ArticleList:
    return main_screen(pilot).query_one(ArticleList)


def article_view(pilot: Pilot[None]) -> ArticleView:
    return main_screen(pilot).query_one(ArticleView)


def sidebar(pilot: Pilot[None]) -> TagSidebar:
    return main_screen(pilot).query_one(TagSidebar)


def lines(widget: Widget) -> list[str]:
    """The plain text of every line `widget` draws right now."""
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file and folder under `root`, by relative path."""
    state: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            info = path.lstat()
            state[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return state


def screen_text(pilot: Pilot[None]) -> str:
    """The whole terminal as plain text, borders and their titles included, as the user sees it."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def all_text(view: ArticleView) -> str:
    """Every line the reading pane holds (not only the visible ones), with control characters kept."""
    return "\n".join("".join(segment.text for segment in strip) for strip in view.content.lines)
