"""Keys that must act as typed: z on folds, inputs typed in one burst, the palette's Keys entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from reader.ui.app import BroadsheetApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.bars import QueryBar

from .helpers import all_text, main_screen, settle

READING = Path(__file__).resolve().parent.parent / "fixtures" / "reading_archive"

CALLOUTS = """---
title: Callouts of every kind
date: 2025-01-01
---

> [!faq]- Folded at first
> The answer is folded.

> [!info]+ Open at first
> The detail is open.

> [!note] Never folds
> Plain note.
"""


def callout_archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    (root / "callouts.md").write_text(CALLOUTS, encoding="utf-8")
    return root


async def test_z_opens_every_fold_when_any_is_folded_then_folds_them_all(tmp_path: Path) -> None:
    app = BroadsheetApp(str(callout_archive(tmp_path)))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = main_screen(pilot).pane.view

        def shown() -> tuple[bool, bool]:
            text = all_text(view)
            return "The answer is folded." in text, "The detail is open." in text

        assert shown() == (False, True)
        await pilot.press("z")
        await settle(pilot)
        assert shown() == (True, True)  # any folded: all open (the open one stays open)
        await pilot.press("z")
        await settle(pilot)
        assert shown() == (False, False)  # none folded: all fold
        assert "Plain note." in all_text(view)  # a callout without +/- never folds
        await pilot.press("z")
        await settle(pilot)
        assert shown() == (True, True)


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys arriving in one read from the terminal (fast typing, SSH, tmux send-keys): the driver
    posts them all before the app handles any, where `pilot.press` waits after each."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)


@pytest.mark.parametrize("opener", ["slash", "f"], ids=["search", "find"])
async def test_a_burst_of_keys_edits_the_input_in_the_order_typed(opener: str) -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", opener, "a")
        await settle(pilot)
        bar = app.focused
        assert isinstance(bar, QueryBar)
        burst(pilot, "backspace", "t", "e", "a")
        await settle(pilot)
        assert bar.value == "tea"
        burst(pilot, "left", "left", "backspace", "x", "end", "s")
        await settle(pilot)
        assert bar.value == "xeas"
        burst(pilot, "home", "delete", "delete", "backspace", "p")
        await settle(pilot)
        assert bar.value == "pas"


async def test_the_palette_has_one_keys_entry_and_it_opens_our_help() -> None:
    app = BroadsheetApp(str(READING))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = [c for c in app.get_system_commands(app.screen) if c.title.split(":")[0] == "Keys"]
        assert [command.title for command in commands] == ["Keys: every key, by where it works"]
        commands[0].callback()
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
