"""Undated articles sort by the natural order of their paths (numbers as numbers), in the model and in
the index alike; an archive where nothing is dated lists the highest number first."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.index import open_index
from reader.model import Archive, Article, Stamp, natural_key, newest_first
from reader.rules import UNDATED_ORDER, Filter
from reader.ui.status import status_line

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]

ISSUES = ["issue-1", "issue-2", "issue-10", "issue-11", "issue-100"]


def undated(path: str) -> Article:
    return Article(path=path, title=path)


def dated(path: str, timestamp: float) -> Article:
    return Article(path=path, title=path, date=Stamp("2024-01-01", timestamp))


def test_numbers_compare_as_numbers() -> None:
    shuffled = ["issue-100.md", "issue-11.md", "issue-2.md", "issue-10.md", "issue-1.md"]
    assert sorted(shuffled, key=natural_key) == [f"{name}.md" for name in ISSUES]
    assert sorted(["b/3", "a/20", "a/3", "a/003x"], key=natural_key) == ["a/3", "a/003x", "a/20", "b/3"]


def test_an_archive_without_dates_lists_the_highest_number_first() -> None:
    archive = Archive.build("/r", [undated(f"{name}.md") for name in ISSUES])
    assert [a.path for a in archive.articles] == [f"{name}.md" for name in reversed(ISSUES)]
    assert not archive.dated


def test_undated_come_last_in_natural_order_when_some_are_dated() -> None:
    articles = [undated(f"{name}.md") for name in ISSUES] + [dated("z.md", 5.0), dated("a.md", 9.0)]
    archive = Archive.build("/r", articles)
    assert [a.path for a in archive.articles] == ["a.md", "z.md", *(f"{name}.md" for name in ISSUES)]
    assert archive.dated


def test_status_line_does_not_say_newest_first_without_dates() -> None:
    archive = Archive.build("/r", [undated("issue-1.md")])
    line = status_line(archive, 1, Filter(), "date", 0).plain
    assert "newest first" not in line
    assert UNDATED_ORDER in line
    line = status_line(Archive.build("/r", [dated("a.md", 1.0)]), 1, Filter(), "date", 0).plain
    assert "newest first" in line


PATHS = st.lists(
    st.text(alphabet="ab-/0123456789é文", min_size=1, max_size=12), min_size=1, max_size=30, unique=True
)


@given(PATHS)
def test_natural_order_is_a_total_order(paths: list[str]) -> None:
    """(key, path) tells every two paths apart, and sorting gives one order whatever the input order."""
    key = lambda path: (natural_key(path), path)  # noqa: E731
    once = sorted(paths, key=key)
    for left, right in itertools.pairwise(once):
        assert key(left) < key(right)


NUMBERS = st.integers(0, 10**30)


@given(st.text(alphabet="ab-/", max_size=5), NUMBERS, NUMBERS, st.integers(0, 3))
def test_digit_runs_compare_as_numbers(stem: str, one: int, two: int, zeros: int) -> None:
    left, right = natural_key(f"{stem}{'0' * zeros}{one}.md"), natural_key(f"{stem}{two}.md")
    assert (left < right) == (one < two)
    assert (left == right) == (one == two)


@given(PATHS)
def test_sql_order_agrees_with_the_model(paths: list[str]) -> None:
    """SQLite's BINARY collation orders the stored keys as Python orders the strings."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t(path TEXT, path_key TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(p, natural_key(p)) for p in paths])
    from_sql = [row[0] for row in db.execute("SELECT path FROM t ORDER BY path_key, path")]
    assert from_sql == [a.path for a in newest_first([undated(p) for p in paths], dated=True)]
    from_sql = [row[0] for row in db.execute("SELECT path FROM t ORDER BY path_key DESC, path DESC")]
    assert from_sql == [a.path for a in Archive.build("/r", [undated(p) for p in paths]).articles]


def test_the_index_lists_in_the_models_order(make_archive: MakeArchive) -> None:
    root = make_archive({f"{name}.md": f"# {name}\n\nBody.\n" for name in ISSUES})
    want = [f"{name}.md" for name in reversed(ISSUES)]
    with open_index(str(root)) as index:
        index.update()
        assert [a.path for a in index.articles()] == want
        assert [a.path for a in index.articles(limit=2)] == want[:2]  # the first page too
        assert [a.path for a in index.archive().articles] == want
        assert [h.article.path for h in index.search("body", limit=None)] == want
        json = b"".join(index.json_bytes()).decode()
        assert [json.index(f'"{path}"') for path in want] == sorted(json.index(f'"{p}"') for p in want)


def test_the_index_puts_undated_last_in_natural_order(make_archive: MakeArchive) -> None:
    files: Tree = {f"{name}.md": f"# {name}\n\nBody.\n" for name in ISSUES}
    files["new.md"] = "---\ndate: 2024-05-01\n---\nBody.\n"
    root = make_archive(files)
    want = ["new.md", *(f"{name}.md" for name in ISSUES)]
    with open_index(str(root)) as index:
        index.update()
        assert [a.path for a in index.articles()] == want
        assert [a.path for a in index.articles(limit=4)] == want[:4]


def test_the_first_page_of_a_first_index_is_the_highest_numbers(make_archive: MakeArchive) -> None:
    import reader.index.store as store

    root = make_archive({f"n/{number}.md": f"# {number}\n\nBody.\n" for number in range(12)})
    newest = store.NewestSoFar(3)
    with open_index(str(root)) as index:
        index.update(fulltext=False, newest=newest)
        whole = index.archive()
    assert [a.path for a in newest.archive(str(root)).articles] == ["n/11.md", "n/10.md", "n/9.md"]
    assert newest.archive(str(root)).articles == whole.articles[:3]
