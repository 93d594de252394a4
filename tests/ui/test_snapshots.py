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


async def _reading(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_reading_at_80_columns_keeps_quit_and_help_in_the_footer(snap_compare) -> None:
    assert snap_compare(BroadsheetApp(str(ARCHIVE)), terminal_size=(80, 24), run_before=_reading)


def test_reading_at_60_by_20(snap_compare) -> None:
    """No sidebar, the header in one line, and q / ? / m first in the footer."""
    assert snap_compare(BroadsheetApp(str(ARCHIVE)), terminal_size=(60, 20), run_before=_reading)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(BroadsheetApp(str(ARCHIVE)), terminal_size=(80, 24), run_before=_help_open)


READING = Path(__file__).resolve().parent.parent / "fixtures" / "reading_archive"


async def _opened(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def _contents_open(pilot: Pilot[None]) -> None:
    await _opened(pilot)
    await pilot.press("o")
    await settle(pilot)


async def _found(pilot: Pilot[None]) -> None:
    await _opened(pilot)
    await pilot.press("f", *"lantern", "enter")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)


async def _at_callouts(pilot: Pilot[None]) -> None:
    await _opened(pilot)
    await pilot.press("o", "enter")  # jump to the first heading, "Before you go"
    await settle(pilot)


async def _unfolded(pilot: Pilot[None]) -> None:
    await _at_callouts(pilot)
    await pilot.press("z")
    await settle(pilot)


def test_local_picture(snap_compare) -> None:
    """A local image drawn as a half-block picture above its link line."""
    assert snap_compare(BroadsheetApp(str(READING)), terminal_size=(100, 40), run_before=_opened)


def test_callouts(snap_compare) -> None:
    """A warning, a folded tip and a titled note, each with its icon and colour."""
    assert snap_compare(BroadsheetApp(str(READING)), terminal_size=(100, 40), run_before=_at_callouts)


def test_folded_callout_opens(snap_compare) -> None:
    assert snap_compare(BroadsheetApp(str(READING)), terminal_size=(100, 40), run_before=_unfolded)


def test_table_of_contents(snap_compare) -> None:
    assert snap_compare(BroadsheetApp(str(READING)), terminal_size=(100, 30), run_before=_contents_open)


def test_find_highlights_matches(snap_compare) -> None:
    assert snap_compare(BroadsheetApp(str(READING)), terminal_size=(100, 30), run_before=_found)
