"""`search` and `list --query` look up the marks of their hits alone (not of every article first):
the same marks, a moved article's included, and the same reading filters."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader import rules
from reader.cli import main
from reader.index import json_document, open_index, parse_query
from reader.load import load_archive
from reader.model import UNMARKED
from reader.state import ReadingState

from .helpers import Tree

FILES: Tree = {
    f"2024/{month:02d}/post-{month}.md": (
        f"---\ntitle: Post {month}\ndate: 2024-{month:02d}-01\n---\n"
        f"A lantern {'and a kite ' * (month % 3)}.\n"
    )
    for month in range(1, 10)
}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([argv[0], "--json", *argv[1:]])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def marked(make_archive: Callable[[Tree], Path]) -> Path:
    """Some articles read, some starred, and one of them moved since it was marked."""
    root = make_archive(FILES)
    found = {article.path: article for article in load_archive(str(root)).articles}
    with ReadingState(str(root)) as state:
        state.set([found[f"2024/0{n}/post-{n}.md"] for n in (1, 2, 5, 7)], read=True)
        state.set([found[f"2024/0{n}/post-{n}.md"] for n in (2, 3, 7)], starred=True)
    (root / "2024/07/post-7.md").rename(root / "2024/07/moved.md")
    return root


def expected_marks(root: Path) -> dict[str, tuple[bool, bool]]:
    """Every article's marks, looked up the old way: over the whole archive."""
    articles = load_archive(str(root)).articles
    with ReadingState(str(root)) as state:
        marks = state.marks(articles)
    return {a.path: (marks.get(a.path, UNMARKED).read, marks.get(a.path, UNMARKED).starred) for a in articles}


@pytest.mark.parametrize(
    "query", ["lantern", "kite", "lantern is:unread", "lantern is:starred", "-is:unread"]
)
@pytest.mark.parametrize("command", ["search", "list"])
def test_hits_carry_the_marks_of_the_whole_archive(
    command: str, query: str, marked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = (
        ["search", "--", query, str(marked)]
        if command == "search"
        else ["list", str(marked), f"--query={query}"]
    )
    items = run_json(capsys, *argv)
    assert items
    expected = expected_marks(marked)
    assert expected["2024/07/moved.md"] == (True, True)  # found by its digest
    for item in items:
        assert (item.get("read", False), item.get("starred", False)) == expected[item["path"]]
    wanted = rules.Filter.of_query(parse_query(query))
    every = [path for path, (read, starred) in expected.items() if wanted.keeps(rules.Mark(read, starred))]
    assert {item["path"] for item in items} <= set(every)


def test_search_with_a_book_equals_search_with_every_mark(marked: Path) -> None:
    with open_index(str(marked)) as index, ReadingState(str(marked)) as state:
        index.update()
        every = state.marks(index.articles())
        book = state.book()
        for query in ("lantern is:unread", "lantern is:starred", "lantern -is:starred", "kite"):
            parsed = parse_query(query)
            old = rules.search(index, parsed, every, limit=None, snippets=False)
            new = rules.search(index, parsed, book, limit=None, snippets=False)
            assert [hit.article.path for hit in new] == [hit.article.path for hit in old]
            assert book.marks(hit.article for hit in new) == {
                hit.article.path: every[hit.article.path] for hit in old if hit.article.path in every
            }


@pytest.mark.parametrize("limit", [None, "3"])
def test_list_json_with_marks_is_the_stored_items_marked(
    limit: str | None, marked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list --json` in an archive with marks prints the stored items with the marks put in: the
    same bytes as building every article and encoding it with its marks."""
    argv = ["list", str(marked), "--json", *(["--limit", limit] if limit else [])]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    archive = load_archive(str(marked))
    with ReadingState(str(marked)) as state:
        marks = state.marks(archive.articles)
    articles = list(rules.browse(archive, rules.Filter(), marks, "date"))[: int(limit) if limit else None]
    expected = [
        a.to_json(**({"read": m.read, "starred": m.starred} if (m := marks.get(a.path)) else {}))
        for a in articles
    ]
    assert printed.encode() == json_document(
        [json.dumps(item, ensure_ascii=False).encode() for item in expected]
    )
    if limit is None:
        assert sum(item["read"] for item in json.loads(printed)) == 4  # one of them found by its digest


def test_with_mark_gives_the_bytes_of_an_encoded_marked_item() -> None:
    from reader.index.rows import with_mark
    from reader.model import Article, Mark

    article = Article(path="a/b.md", title='"read": false, "starred": false}', tags=("x",))
    stored = json.dumps(article.to_json(), ensure_ascii=False).encode()
    for read in (False, True):
        for starred in (False, True):
            expected = json.dumps(article.to_json(read, starred), ensure_ascii=False).encode()
            assert with_mark(stored, Mark(read, starred)) == expected
    with pytest.raises(ValueError, match="not a list --json item"):
        with_mark(b'{"path": "a"}', Mark(True))
