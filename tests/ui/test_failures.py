"""Nothing takes the app down: a worker that raises, a watcher that fails, a file that is odd.

Each of the app's workers is made to raise; the app must still run, say what failed, and keep what
it was showing. (Textual's workers end the app on an error unless told otherwise.)
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import reader.ui.app as app_module
import reader.ui.keeper as keeper_module
import reader.ui.widgets.reading_pane as pane_module
from reader.state import ReadingState
from reader.ui.app import BroadsheetApp

from .conftest import NEWEST
from .helpers import article_list, article_view, lines, main_screen, settle, wait_until

pytestmark = pytest.mark.worker_failures

GOOD = '---\ntitle: "{title}"\ndate: 2024-07-{day:02d}\n---\n\nBody of {title}.\n'


def boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("disk on fire")


def notices(app: BroadsheetApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def titles(pilot: Pilot[None]) -> list[str]:
    return [article.title for article in article_list(pilot).articles]


async def test_loading_that_fails_is_reported(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("first_page", "refreshed_archive", "archive_from_files"):  # the index and the fallback
        monkeypatch.setattr(keeper_module, name, boom)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert "The archive could not be read: RuntimeError: disk on fire" in notices(app)
        assert article_list(pilot).empty_text == "The archive could not be read."
        assert any("disk on fire" in line for line in lines(article_view(pilot)))
        await pilot.press("slash", "f")  # the app still answers keys
        await settle(pilot)
        assert app.is_running


async def test_a_failing_search_keeps_the_list(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = titles(pilot)
        monkeypatch.setattr(keeper_module, "search_index", boom)
        await pilot.press("slash", *"ferry")
        assert await wait_until(pilot, lambda: "Search failed: RuntimeError: disk on fire" in notices(app))
        await settle(pilot)
        assert app.is_running
        assert titles(pilot) == before


async def test_a_failing_save_is_reported_and_kept(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_set = ReadingState.set
    monkeypatch.setattr(ReadingState, "set", boom)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # opening an article marks it read
        assert await wait_until(pilot, lambda: any("Reading state not saved" in n for n in notices(app)))
        assert app.is_running
        screen = main_screen(pilot)
        newest = article_list(pilot).articles[0]
        assert screen.marks[newest.path].read  # still read on screen
        monkeypatch.setattr(ReadingState, "set", real_set)
        await pilot.press("s")  # the next change writes the one that failed too
        await settle(pilot)
    with ReadingState(str(archive)) as state:
        mark = state.marks([newest])[newest.path]
    assert mark.read
    assert mark.starred


async def test_a_failing_render_says_so_in_the_pane(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pane_module, "render_steps", boom)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert titles(pilot)[0] == NEWEST  # the list stays
        text = "\n".join(lines(article_view(pilot)))
        assert "This article could not be shown: RuntimeError: disk on fire" in text
        await pilot.press("down")
        await settle(pilot)
        assert app.is_running


async def test_a_failing_settings_save_is_reported(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "save_settings", boom)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")  # dates: relative or full, saved in the settings file
        assert await wait_until(
            pilot, lambda: "Settings not saved: RuntimeError: disk on fire" in notices(app)
        )
        assert app.is_running
        assert app.settings.date_format == "iso"


async def test_a_failing_watcher_is_reported_and_starts_again(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = keeper_module.watch_archive
    calls = 0

    def flaky(root: str, stop: threading.Event) -> Iterator[bool]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError(28, "inotify watch limit reached")
        return real(root, stop)

    monkeypatch.setattr(keeper_module, "watch_archive", flaky)
    monkeypatch.setattr(keeper_module, "RETRY_FIRST", 0.2)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert await wait_until(pilot, lambda: any("Watching for changes failed" in n for n in notices(app)))
        (archive / "late.md").write_text(GOOD.format(title="Written later", day=9), encoding="utf-8")
        assert await wait_until(pilot, lambda: "Written later" in titles(pilot))
        assert app.is_running


async def test_the_watcher_survives_odd_files_and_its_own_failures(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Values that once killed the watcher: a 30th of February, an integer of 5,000 digits.
        (archive / "feb.md").write_text(
            '---\ntitle: "Leap day mistake"\ndate: 2024-02-30\nexpiryDate: 2024-13-01\n---\n\nBody.\n',
            encoding="utf-8",
        )
        (archive / "big.md").write_text(f'+++\ntitle = "Big"\nweight = {"9" * 5000}\n+++\n\nB.\n', "utf-8")
        assert await wait_until(pilot, lambda: "Leap day mistake" in titles(pilot))
        archive_now = main_screen(pilot).archive
        assert archive_now is not None
        assert any(problem.path == "big.md" for problem in archive_now.problems)

        # Something going wrong in the watcher itself: reported, and the next change comes in.
        real = keeper_module.refreshed_archive
        failures = 0

        def once(*args: Any, **kwargs: Any) -> Any:
            nonlocal failures
            if failures == 0:
                failures += 1
                raise sqlite3.OperationalError("disk I/O error")
            return real(*args, **kwargs)

        monkeypatch.setattr(keeper_module, "refreshed_archive", once)
        (archive / "one.md").write_text(GOOD.format(title="First after failure", day=10), encoding="utf-8")
        assert await wait_until(
            pilot, lambda: any("A change could not be brought in" in n for n in notices(app))
        )
        (archive / "two.md").write_text(GOOD.format(title="Second after failure", day=11), encoding="utf-8")
        assert await wait_until(
            pilot, lambda: {"First after failure", "Second after failure"} <= set(titles(pilot))
        )
        assert app.is_running


def start_up_archive(root: Path) -> Path:
    root.mkdir()
    for number in range(300):
        folder = root / f"f{number % 12}"
        folder.mkdir(exist_ok=True)
        (folder / f"a{number}.md").write_text(GOOD.format(title=f"Old {number}", day=1), encoding="utf-8")
    return root


async def test_a_file_written_as_the_first_title_shows_appears(tmp_path: Path) -> None:
    """Open, quit, open again, and write a new article as soon as the first title shows."""
    root = start_up_archive(tmp_path / "archive")
    async with BroadsheetApp(str(root)).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    async with BroadsheetApp(str(root)).run_test(size=(100, 30)) as pilot:
        assert await wait_until(pilot, lambda: bool(titles(pilot)), seconds=20)
        (root / "f3" / "fresh.md").write_text(GOOD.format(title="Fresh", day=3), encoding="utf-8")
        assert await wait_until(pilot, lambda: "Fresh" in titles(pilot), seconds=10)


@pytest.mark.parametrize("moment", [0.0, 0.15, 0.3, 0.5, 0.8, 1.2])
async def test_a_file_written_at_any_moment_of_start_up_appears(tmp_path: Path, moment: float) -> None:
    """One file, written at a given moment of start-up: before, during or after the first walk of
    the files, before or after the watch is up. (One file a run: a later one would hide a miss.)"""
    root = start_up_archive(tmp_path / "archive")
    jitter = random.Random(moment).uniform(0.0, 0.1)

    def write_later(started: float) -> None:
        time.sleep(max(0.0, started + moment + jitter - time.monotonic()))
        (root / "f5" / "fresh.md").write_text(GOOD.format(title="Fresh", day=3), encoding="utf-8")

    async with BroadsheetApp(str(root)).run_test(size=(100, 30)) as pilot:
        writer = threading.Thread(target=write_later, args=(time.monotonic(),))
        writer.start()
        try:
            assert await wait_until(pilot, lambda: "Fresh" in titles(pilot), seconds=15)
        finally:
            writer.join()


# --- a damaged reading state -------------------------------------------------------------------


def damage_state(form: str) -> Path:
    """Damage the reading state the way `form` says; returns the path that must stay untouched."""
    from reader.state import state_path

    path = state_path()
    if form == "folder is a file":
        path.parent.rmdir()
        path.parent.write_bytes(b"not a folder")
        return path.parent
    path.parent.mkdir(parents=True, exist_ok=True)
    if form == "random bytes":
        path.write_bytes(random.Random(7).randbytes(8192))
    else:  # another program's database
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE marks(id INTEGER, note TEXT)")
        db.commit()
        db.close()
    return path


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("form", ["random bytes", "wrong schema", "folder is a file"])
async def test_a_damaged_state_is_said_and_repaired_on_the_readers_word(archive: Path, form: str) -> None:
    from reader.state import state_path
    from reader.ui.screens.pickers import RepairStateScreen

    damaged = damage_state(form)
    before = fingerprint(damaged)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, RepairStateScreen))
        await pilot.press("down", "enter")  # "Not now"
        await settle(pilot)
        assert any("last until you quit" in notice for notice in notices(app))
        await pilot.press("enter", "s")  # read and starred, in memory
        await settle(pilot)
        assert fingerprint(damaged) == before  # nothing written over without the reader's word
        newest = article_list(pilot).articles[0]

        main_screen(pilot).action_repair_state()  # ctrl+p → Repair reading state
        assert await wait_until(pilot, lambda: isinstance(app.screen, RepairStateScreen))
        await pilot.press("enter")  # "Move the damaged file aside…"
        assert await wait_until(pilot, lambda: any("new reading state" in n for n in notices(app)))
        assert app.is_running
    kept = [p for p in damaged.parent.iterdir() if p.name.startswith(f"{damaged.name}.corrupt-")]
    assert len(kept) == 1
    assert fingerprint(kept[0]) == before  # moved aside, not changed
    assert state_path().is_file()
    with ReadingState(str(archive)) as state:
        assert state.damage is None
        mark = state.marks([newest])[newest.path]
    assert mark.read
    assert mark.starred


async def test_an_unusable_cache_folder_still_searches(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every worker opens the index afresh: they must all find the same one (not an empty one in
    memory each, which made every article "new" at start-up and every search come back empty)."""
    import tempfile

    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BROADSHEET_CACHE_DIR", str(blocked))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("the cache folder cannot be used" in notice.lower() for notice in notices(app))
        await asyncio.sleep(1.0)  # the watcher is up and has looked again
        await pilot.press("slash", *"ferry")
        assert await wait_until(pilot, lambda: titles(pilot) == [NEWEST])
        assert not any(notice.startswith("Archive updated") for notice in notices(app))


async def test_a_repair_that_fails_is_reported(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.ui.screens.pickers import RepairStateScreen

    damaged = damage_state("random bytes")
    before = fingerprint(damaged)
    monkeypatch.setattr(keeper_module, "repair_state", boom)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, RepairStateScreen))
        await pilot.press("enter")
        failed = "The reading state could not be repaired: RuntimeError: disk on fire"
        assert await wait_until(pilot, lambda: failed in notices(app))
        assert app.is_running
    assert fingerprint(damaged) == before
