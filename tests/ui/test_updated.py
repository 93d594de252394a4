"""Articles changed since they were read, in the app: the list's mark, the Updated view, and
reading one again."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.load import load_archive
from reader.model import Mark
from reader.readcopies import ReadCopies, copies_path
from reader.state import ReadingState
from reader.ui.app import BroadsheetApp
from reader.ui.screens.changes import ChangesScreen

from .helpers import article_list, main_screen, settle, sidebar, wait_until

SIZE = (110, 30)
PATHS = ["b/beta.md", "a/alpha.md"]  # newest first


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """Two articles, both read (no copy of them kept); then `b/beta.md` was edited."""
    return _archive(tmp_path, copies=False)


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """As `changed`, with copies of both as they were read."""
    return _archive(tmp_path, copies=True)


def _archive(tmp_path: Path, copies: bool) -> Path:
    root = tmp_path / "changed"
    for number, path in enumerate(PATHS):
        target = root / path
        target.parent.mkdir(parents=True)
        target.write_text(
            f"---\ntitle: {path}\ndate: 2024-0{5 - number}-01\n---\nThe old words stay here.\n",
            encoding="utf-8",
        )
    with ReadingState(str(root)) as state:
        state.set(load_archive(str(root)).articles, read=True)
    if copies:
        with ReadCopies(str(root)) as kept:
            kept.keep(load_archive(str(root)).articles)
    target = root / PATHS[0]
    target.write_text(target.read_text(encoding="utf-8").replace("old words", "new words"), encoding="utf-8")
    return root


def stored(root: Path) -> dict[str, Mark]:
    with ReadingState(str(root)) as state:
        return state.marks(load_archive(str(root)).articles)


def row(pilot: Pilot[None], index: int) -> str:
    return article_list(pilot).render_line(index).text


async def test_updated_mark_view_and_reading_again(changed: Path) -> None:
    app = BroadsheetApp(str(changed))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [article.path for article in article_list(pilot).articles] == PATHS
        assert row(pilot, 0).startswith("◆")
        assert row(pilot, 1).startswith(" ")
        updated = sidebar(pilot).get_option("view:updated").prompt
        assert updated.plain.split() == ["Updated", "1"]
        tags = sidebar(pilot)
        tags.highlighted = tags.get_option_index("view:updated")
        tags.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [article.path for article in article_list(pilot).articles] == [PATHS[0]]
        article_list(pilot).focus()
        await pilot.press("enter")  # reading it again: read as it is now
        await settle(pilot)
        assert main_screen(pilot).marks[PATHS[0]] == Mark(read=True)
        assert stored(changed) == {path: Mark(read=True) for path in PATHS}
        # The view in force stays listed, at 0, so that it can be turned off.
        assert sidebar(pilot).get_option("view:updated").prompt.plain.split() == ["●", "Updated", "0"]


def kept_copies(root: Path) -> list[tuple[str]]:
    with ReadCopies(str(root)) as copies:
        return copies.db.execute("SELECT path FROM copies").fetchall()


def notes(app: BroadsheetApp) -> str:
    return " ".join(str(note.message) for note in app._notifications)


async def test_d_shows_the_words_that_changed_and_escape_goes_back(copied: Path) -> None:
    app = BroadsheetApp(str(copied))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChangesScreen))
        shown = app.screen.query_one("#changes-text").render()
        assert "The [-old-]{+new+} words stay here." in str(shown)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ChangesScreen)
        await pilot.press("down", "d")  # alpha: read, and unchanged since
        assert await wait_until(pilot, lambda: "Unchanged since you read it." in notes(app))
        assert not isinstance(app.screen, ChangesScreen)


async def test_d_says_when_no_copy_was_kept_and_opening_keeps_one(changed: Path) -> None:
    app = BroadsheetApp(str(changed))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: "no copy of it as you read it was kept" in notes(app))
        assert not isinstance(app.screen, ChangesScreen)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: kept_copies(changed) == [(PATHS[0],)])
    assert copies_path().is_file()
    assert not list(changed.rglob("*.sqlite3*"))  # nothing written into the archive


async def test_a_copy_that_cannot_be_kept_is_said_once(
    changed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: ReadCopies, articles: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ReadCopies, "keep", boom)
    app = BroadsheetApp(str(changed))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "escape", "down", "enter")
        assert await wait_until(pilot, lambda: "was not kept" in notes(app))
        await settle(pilot)
        assert app.is_running
        assert notes(app).count("was not kept") == 1
        assert "No space left on device" in notes(app)
