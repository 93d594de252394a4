"""Snapshots of the main and help screens on a fixed archive (tests/fixtures/snapshot_archive).

Regenerate after a deliberate change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the SVGs in the report before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import BroadsheetApp

from .helpers import settle

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "snapshot_archive"


async def _settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def _help_open(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_screen(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(BroadsheetApp(str(ARCHIVE)), terminal_size=size, run_before=_settled)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(BroadsheetApp(str(ARCHIVE)), terminal_size=(80, 24), run_before=_help_open)
