"""Reading state (read / starred): the SQLite store, and what `list` and `search` make of it."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.load import load_archive
from reader.model import Article, Mark
from reader.state import ReadingState, state_path

from .helpers import Tree

# Five dated articles, newest first as listed; "lantern" is in three of them.


def _article(title: str, date: str, tag: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\ntags: [{tag}]\n---\n{body}\n"


FILES: dict[str, str | bytes] = {
    "2024/05/lantern-market.md": _article(
        "Lantern Market", "2024-05-05", "city", "The lantern market opens."
    ),
    "2024/04/river-walk.md": _article("River Walk", "2024-04-04", "walks", "A walk by the lantern river."),
    "2024/03/tea-house.md": _article("Tea House", "2024-03-03", "food", "Green tea and cakes."),
    "2024/02/night-ferry.md": _article("Night Ferry", "2024-02-02", "city", "A lantern on the ferry."),
    "2024/01/old-mill.md": _article("Old Mill", "2024-01-01", "history", "The mill wheel turns."),
}
NEWEST_FIRST = list(FILES)


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(FILES)


def articles_of(root: Path) -> dict[str, Article]:
    return {article.path: article for article in load_archive(str(root)).articles}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def paths(items: list[dict[str, Any]]) -> list[str]:
    return [item["path"] for item in items]


def tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
    }


# --- the store -----------------------------------------------------------------------------------


def test_set_read_then_starred_then_unset(archive: Path) -> None:
    found = articles_of(archive)
    first, second = found[NEWEST_FIRST[0]], found[NEWEST_FIRST[1]]
    with ReadingState(str(archive)) as state:
        assert state.marks(found.values()) == {}
        assert not state.has_marks()
        state.set([first], read=True)
        assert state.marks(found.values()) == {first.path: Mark(read=True, starred=False)}
        assert state.has_marks()
        state.set([second], starred=True)
        assert state.marks(found.values()) == {
            first.path: Mark(read=True, starred=False),
            second.path: Mark(read=False, starred=True),
        }
        # Setting one field leaves the other alone.
        state.set([first], starred=True)
        assert state.marks([first]) == {first.path: Mark(read=True, starred=True)}
        state.set([first], read=False)
        assert state.marks([first]) == {first.path: Mark(read=False, starred=True)}
        state.set([first, second], starred=False)
        assert state.marks(found.values()) == {}
        assert not state.has_marks()


def test_state_lives_in_the_state_dir(archive: Path) -> None:
    found = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set(found.values(), read=True)
    assert state_path().is_file()
    assert state_path().parent == Path(os.environ["BROADSHEET_STATE_DIR"])


def test_two_connections_see_each_others_commits(archive: Path) -> None:
    found = articles_of(archive)
    first, second = found[NEWEST_FIRST[0]], found[NEWEST_FIRST[1]]
    one, two = ReadingState(str(archive)), ReadingState(str(archive))
    try:
        one.set([first], read=True)
        assert two.marks(found.values()) == {first.path: Mark(read=True)}
        two.set([second], starred=True)
        two.set([first], starred=True)
        assert one.marks(found.values()) == {
            first.path: Mark(read=True, starred=True),
            second.path: Mark(starred=True),
        }
    finally:
        one.close()
        two.close()


def test_moved_and_renamed_file_keeps_its_marks(archive: Path) -> None:
    before = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set([before["2024/03/tea-house.md"]], read=True)
        state.set([before["2024/03/tea-house.md"]], starred=True)
    target = archive / "elsewhere" / "green-tea.md"
    target.parent.mkdir()
    (archive / "2024/03/tea-house.md").rename(target)
    after = articles_of(archive)
    assert "2024/03/tea-house.md" not in after
    with ReadingState(str(archive)) as state:
        assert state.marks(after.values()) == {"elsewhere/green-tea.md": Mark(read=True, starred=True)}


def test_edited_file_at_the_same_path_keeps_its_marks(archive: Path) -> None:
    before = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set([before["2024/04/river-walk.md"]], read=True, starred=True)
    edited = archive / "2024/04/river-walk.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    after = articles_of(archive)
    assert after["2024/04/river-walk.md"].digest != before["2024/04/river-walk.md"].digest
    with ReadingState(str(archive)) as state:
        # Kept, and told apart as changed since it was read.
        assert state.marks(after.values()) == {
            "2024/04/river-walk.md": Mark(read=True, starred=True, updated=True)
        }


def test_roots_are_kept_apart(make_archive: Callable[[Tree], Path]) -> None:
    first, second = make_archive(FILES), make_archive(FILES)  # same paths, same bytes
    in_first = articles_of(first)
    in_second = articles_of(second)
    with ReadingState(str(first)) as state:
        state.set(in_first.values(), read=True, starred=True)
    with ReadingState(str(second)) as state:
        assert not state.has_marks()
        assert state.marks(in_second.values()) == {}
    # The same root by another spelling is the same archive.
    with ReadingState(str(first / "2024" / "..")) as state:
        assert len(state.marks(in_first.values())) == len(FILES)


def test_the_archive_folder_is_never_written(archive: Path) -> None:
    before = tree(archive)
    found = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set(found.values(), read=True)
        state.set(list(found.values())[:2], starred=True)
        state.marks(found.values())
    assert tree(archive) == before


def test_unusable_state_dir_keeps_marks_in_memory(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state dir should be", encoding="utf-8")
    monkeypatch.setenv("BROADSHEET_STATE_DIR", str(blocker / "state"))
    found = articles_of(archive)
    first = found[NEWEST_FIRST[0]]
    with ReadingState(str(archive)) as state:
        assert state.damage is not None  # said, not silent
        state.set([first], read=True, starred=True)
        assert state.has_marks()
        assert state.marks(found.values()) == {first.path: Mark(read=True, starred=True)}
    assert blocker.read_text(encoding="utf-8") == "a file where the state dir should be"
    # The command line still works: the marks of this run (this process) are kept in memory.
    items = run_json(capsys, "list", str(archive), "--unread")
    assert len(items) == len(FILES) - 1


def test_a_concurrent_change_is_not_lost(archive: Path) -> None:
    """Another connection commits between this one's look at the marks and its write: `set`
    must not write back the stale field (the app's `s` worker undoing the Enter worker's read)."""
    found = articles_of(archive)
    first = found[NEWEST_FIRST[0]]
    reader_state, starring_state = ReadingState(str(archive)), ReadingState(str(archive))
    original = starring_state._marks  # what `set` reads through, inside its transaction
    calls = 0

    def marks_then_other_writer(articles: Any) -> dict[str, Mark]:
        # The other process marks the article read right after this one looked at its marks.
        nonlocal calls
        seen = original(articles)
        calls += 1
        if calls == 1:
            if starring_state.db.in_transaction:
                # This connection holds the write lock already: the other writer waits for it.
                other = threading.Thread(target=lambda: reader_state.set([first], read=True))
                other.start()
                threads.append(other)
            else:
                reader_state.set([first], read=True)
        return seen

    threads: list[threading.Thread] = []
    starring_state._marks = marks_then_other_writer  # type: ignore[method-assign]
    try:
        starring_state.set([first], starred=True)
        for thread in threads:
            thread.join(timeout=15)
        with ReadingState(str(archive)) as fresh:
            assert fresh.marks([first]) == {first.path: Mark(read=True, starred=True)}
    finally:
        reader_state.close()
        starring_state.close()


# --- the command line ----------------------------------------------------------------------------


def test_list_json_shows_exactly_the_marks(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set([found[NEWEST_FIRST[1]], found[NEWEST_FIRST[3]]], read=True)
        state.set([found[NEWEST_FIRST[3]], found[NEWEST_FIRST[4]]], starred=True)
    items = run_json(capsys, "list", str(archive))
    assert paths(items) == NEWEST_FIRST
    assert {item["path"]: (item["read"], item["starred"]) for item in items} == {
        NEWEST_FIRST[0]: (False, False),
        NEWEST_FIRST[1]: (True, False),
        NEWEST_FIRST[2]: (False, False),
        NEWEST_FIRST[3]: (True, True),
        NEWEST_FIRST[4]: (False, True),
    }


def test_list_unread_and_starred(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(archive)
    found = articles_of(archive)
    with ReadingState(root) as state:
        state.set([found[NEWEST_FIRST[0]], found[NEWEST_FIRST[2]]], read=True)
        state.set([found[NEWEST_FIRST[2]], found[NEWEST_FIRST[4]]], starred=True)
    unread = run_json(capsys, "list", root, "--unread")
    assert paths(unread) == [NEWEST_FIRST[1], NEWEST_FIRST[3], NEWEST_FIRST[4]]
    assert all(item["read"] is False for item in unread)
    assert paths(run_json(capsys, "list", root, "--starred")) == [NEWEST_FIRST[2], NEWEST_FIRST[4]]
    assert paths(run_json(capsys, "list", root, "--unread", "--starred")) == [NEWEST_FIRST[4]]
    assert paths(run_json(capsys, "list", root, "--unread", "--limit", "2")) == [
        NEWEST_FIRST[1],
        NEWEST_FIRST[3],
    ]
    assert paths(run_json(capsys, "list", root, "--starred", "--tag", "history")) == [NEWEST_FIRST[4]]
    # Human output filters the same way.
    assert main(["list", root, "--starred"]) == 0
    out = capsys.readouterr().out
    assert "Tea House" in out
    assert "Old Mill" in out
    assert "Lantern Market" not in out


def test_list_query_reading_flags(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(archive)
    found = articles_of(archive)
    with ReadingState(root) as state:
        state.set([found[NEWEST_FIRST[0]], found[NEWEST_FIRST[1]]], read=True)
        state.set([found[NEWEST_FIRST[1]], found[NEWEST_FIRST[3]]], starred=True)

    def query(text: str) -> list[str]:
        # `=`: argparse would take a bare "-is:unread" for an option.
        return paths(run_json(capsys, "list", root, f"--query={text}"))

    assert query("is:unread") == [NEWEST_FIRST[2], NEWEST_FIRST[3], NEWEST_FIRST[4]]
    assert query("-is:unread") == [NEWEST_FIRST[0], NEWEST_FIRST[1]]
    assert query("is:starred") == [NEWEST_FIRST[1], NEWEST_FIRST[3]]
    assert query("-is:starred") == [NEWEST_FIRST[0], NEWEST_FIRST[2], NEWEST_FIRST[4]]
    assert query("lantern is:unread") == [NEWEST_FIRST[3]]
    assert query("tag:city is:starred") == [NEWEST_FIRST[3]]


def test_search_reading_flags_and_limit(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(archive)
    found = articles_of(archive)
    lantern = {NEWEST_FIRST[0], NEWEST_FIRST[1], NEWEST_FIRST[3]}
    assert set(paths(run_json(capsys, "search", "lantern", root))) == lantern
    with ReadingState(root) as state:
        state.set([found[path] for path in (NEWEST_FIRST[0], NEWEST_FIRST[3], NEWEST_FIRST[4])], starred=True)
        state.set([found[NEWEST_FIRST[0]]], read=True)
    starred = run_json(capsys, "search", "lantern is:starred", root)
    assert set(paths(starred)) == {NEWEST_FIRST[0], NEWEST_FIRST[3]}
    assert all(hit["starred"] is True for hit in starred)
    # The limit counts the kept hits only (it is applied after the reading filter).
    limited = run_json(capsys, "search", "lantern is:starred", root, "--limit", "1")
    assert len(limited) == 1
    assert paths(limited)[0] in {NEWEST_FIRST[0], NEWEST_FIRST[3]}
    assert set(paths(run_json(capsys, "search", "lantern is:unread", root))) == {
        NEWEST_FIRST[1],
        NEWEST_FIRST[3],
    }
    assert paths(run_json(capsys, "search", "lantern -is:unread", root)) == [NEWEST_FIRST[0]]


def test_without_marks_every_path_prints_the_same(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(archive)
    assert main(["list", root, "--json"]) == 0
    plain = capsys.readouterr().out
    # `--unread` with nothing read takes the slow path and must print the very same text.
    assert main(["list", root, "--unread", "--json"]) == 0
    assert capsys.readouterr().out == plain
    # Marks set and then all cleared leave nothing behind: the output is unchanged.
    found = articles_of(archive)
    with ReadingState(root) as state:
        state.set(found.values(), read=True, starred=True)
        state.set(found.values(), read=False, starred=False)
        assert not state.has_marks()
    assert main(["list", root, "--json"]) == 0
    assert capsys.readouterr().out == plain
    # With one mark the slow path prints the same items, that one field aside.
    with ReadingState(root) as state:
        state.set([found[NEWEST_FIRST[2]]], read=True)
    expected = json.loads(plain)
    expected[2]["read"] = True
    assert run_json(capsys, "list", root) == expected
