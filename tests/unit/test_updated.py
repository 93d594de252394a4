"""Articles changed since they were read: the reading state tells them apart, the rules and the
query language (`is:updated`) find them, and reading one again settles it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.index import parse_query
from reader.load import load_archive
from reader.model import UNMARKED, Article, Mark
from reader.rules import Filter, browse, view_counts
from reader.state import ReadingState

from .helpers import Tree

FILES: Tree = {
    "a.md": "---\ntitle: Alpha\ndate: 2024-03-03\n---\nThe first text.\n",
    "b.md": "---\ntitle: Beta\ndate: 2024-02-02\n---\nThe second text.\n",
    "c.md": "---\ntitle: Gamma\ndate: 2024-01-01\n---\nThe third text.\n",
}


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(FILES)


def articles_of(root: Path) -> dict[str, Article]:
    return {article.path: article for article in load_archive(str(root)).articles}


def edit(root: Path, path: str, text: str = "\nA new paragraph.\n") -> None:
    target = root / path
    target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_read_article_whose_file_changed_is_updated(archive: Path) -> None:
    before = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set([before["a.md"], before["b.md"]], read=True)
        state.set([before["c.md"]], starred=True)
    for path in ("a.md", "c.md"):  # c was never read: a change to it is nothing to tell
        edit(archive, path)
    with ReadingState(str(archive)) as state:
        marks = state.marks(articles_of(archive).values())
    assert marks == {
        "a.md": Mark(read=True, updated=True),
        "b.md": Mark(read=True),
        "c.md": Mark(starred=True),
    }


def test_a_moved_file_is_not_updated(archive: Path) -> None:
    before = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set([before["b.md"]], read=True)
    (archive / "b.md").rename(archive / "moved.md")
    with ReadingState(str(archive)) as state:
        assert state.marks(articles_of(archive).values()) == {"moved.md": Mark(read=True)}


def test_reading_it_again_settles_it_and_a_star_does_not(archive: Path) -> None:
    with ReadingState(str(archive)) as state:
        state.set([articles_of(archive)["a.md"]], read=True)
    edit(archive, "a.md")
    now = articles_of(archive)["a.md"]
    with ReadingState(str(archive)) as state:
        state.set([now], starred=True)  # a star keeps the digest the article was read at
        assert state.book()(now) == Mark(read=True, starred=True, updated=True)
        state.set([now], read=True)
        assert state.book()(now) == Mark(read=True, starred=True)


def test_read_digest_is_the_one_stored_when_read(archive: Path) -> None:
    before = articles_of(archive)["a.md"]
    with ReadingState(str(archive)) as state:
        state.set([before], read=True)
    edit(archive, "a.md")
    with ReadingState(str(archive)) as state:
        book = state.book()
    assert book.read_digest("a.md") == before.digest
    assert book.read_digest("b.md") is None


def test_changing_a_mark_settles_updated_only_when_read_is_set() -> None:
    updated = Mark(read=True, updated=True)
    assert updated.changed(starred=True) == Mark(read=True, starred=True, updated=True)
    assert updated.changed(read=True) == Mark(read=True)
    assert updated.changed(read=False) == UNMARKED


def test_the_updated_view_and_filter(archive: Path) -> None:
    loaded = load_archive(str(archive))
    marks = {"a.md": Mark(read=True, updated=True), "b.md": Mark(read=True)}
    assert [a.path for a in browse(loaded, Filter(updated=True), marks)] == ["a.md"]
    assert [a.path for a in browse(loaded, Filter(updated=False), marks)] == ["b.md", "c.md"]
    assert view_counts(loaded, marks) == {"unread": 1, "starred": 0, "updated": 1}
    assert "updated" not in view_counts(loaded, {"b.md": Mark(read=True)})
    chosen = Filter().toggled("view", "updated")
    assert chosen.view == "updated"
    assert chosen.describe() == "Updated"
    assert Filter(unread=True).toggled("view", "updated") == Filter(updated=True)
    assert chosen.toggled("view", "updated") == Filter()
    assert Filter.of_query(parse_query("is:updated")).updated is True
    assert Filter.of_query(parse_query("-is:updated")).updated is False


def test_list_query_is_updated(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ReadingState(str(archive)) as state:
        state.set(list(articles_of(archive).values()), read=True)
    edit(archive, "b.md")

    def query(text: str) -> list[str]:
        assert main(["list", str(archive), f"--query={text}", "--json"]) == 0
        return [item["path"] for item in json.loads(capsys.readouterr().out)]

    assert query("is:updated") == ["b.md"]
    assert query("-is:updated") == ["a.md", "c.md"]
    assert query("second is:updated") == ["b.md"]
    assert query("third is:updated") == []
