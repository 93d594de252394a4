"""Keys that must act as typed: z on folds, find's counter, inputs typed in one burst, the palette."""

from __future__ import annotations

from pathlib import Path

from reader.ui.app import BroadsheetApp

from .helpers import all_text, main_screen, settle

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
