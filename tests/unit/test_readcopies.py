"""Copies of articles as read, for `d`: kept in the state dir, found again, bounded, and a
damaged file set aside."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.load import load_archive
from reader.model import Article
from reader.paths import state_dir
from reader.readcopies import ReadCopies, copies_path

from .helpers import Tree

FILES: Tree = {
    "a.md": "---\ntitle: Alpha\n---\nThe first text.\n",
    "b.md": "---\ntitle: Beta\n---\nThe second text.\n",
}


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(FILES)


def article(root: Path, path: str) -> Article:
    return next(a for a in load_archive(str(root)).articles if a.path == path)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    files = [path for path in root.rglob("*") if path.is_file()]
    return {str(path): (path.stat().st_size, path.stat().st_mtime_ns) for path in files}


def test_the_text_as_read_is_found_once_the_file_changed(archive: Path) -> None:
    before = snapshot(archive)
    with ReadCopies(str(archive)) as copies:
        assert copies.keep([article(archive, "a.md")]) == 1
        assert copies.keep([article(archive, "a.md")]) == 0  # the same text: kept already
    assert snapshot(archive) == before  # the archive is never written
    assert copies_path().parent == state_dir()
    (archive / "a.md").write_text(FILES["a.md"].replace("first", "changed"), encoding="utf-8")
    with ReadCopies(str(archive)) as copies:
        found = copies.changes(article(archive, "a.md"))
        assert found.old == FILES["a.md"]
        assert found.new == FILES["a.md"].replace("first", "changed")
        assert copies.changes(article(archive, "b.md")).old is None  # never copied


def test_no_earlier_version_while_unchanged(archive: Path) -> None:
    with ReadCopies(str(archive)) as copies:
        copies.keep([article(archive, "a.md")])
        assert copies.changes(article(archive, "a.md")).old is None


def test_a_file_changed_since_it_was_loaded_is_not_copied(archive: Path) -> None:
    stale = article(archive, "a.md")
    (archive / "a.md").write_text("---\ntitle: Alpha\n---\nNewer.\n", encoding="utf-8")
    with ReadCopies(str(archive)) as copies:
        assert copies.keep([stale]) == 0


def test_an_unreadable_file_is_said(archive: Path) -> None:
    gone = article(archive, "b.md")
    (archive / "b.md").unlink()
    with ReadCopies(str(archive)) as copies:
        found = copies.changes(gone)
    assert found.new is None
    assert found.error


def test_the_least_recently_read_copies_go_beyond_the_limit(make_archive: Callable[[Tree], Path]) -> None:
    # Text that does not compress: each copy is about 2 KB.
    root = make_archive({f"{n}.md": os.urandom(1500).hex() + "\n" for n in range(5)})
    with ReadCopies(str(root), limit=7000) as copies:
        for n in range(5):
            copies.keep([article(root, f"{n}.md")])
        copies.keep([article(root, "0.md")])  # read again: now the most recent
        kept = {row[0] for row in copies.db.execute("SELECT path FROM copies")}
        size = copies.db.execute("SELECT SUM(size) FROM copies").fetchone()[0]
    assert size <= 7000
    assert "0.md" in kept
    assert "1.md" not in kept
    assert "4.md" in kept


def test_a_damaged_file_is_moved_aside_and_a_new_one_started(archive: Path) -> None:
    path = copies_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all" * 100)
    with ReadCopies(str(archive)) as copies:
        assert copies.keep([article(archive, "a.md")]) == 1
    aside = [p.name for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert aside[0].startswith(path.name)
