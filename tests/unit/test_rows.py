"""The index's rows: typed both ways through the store, and `list --json` items whose word count
goes in as they are read, never patched into stored JSON."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import json_document, open_index
from reader.index.rows import JSON_ITEM, ArticleRow, BadFileRow, article_row, json_parts, row_to_article
from reader.load import load_archive
from reader.model import Article, Problem, Stamp
from reader.sqlite import os_name
from reader.text import sanitise

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]

# Every field set, each to something no other field holds: a column read in the wrong place shows.
FULL = Article(
    path="2025/港口.md",
    title="Harbour 港口",
    date=Stamp("2025-03-01T08:00:00+08:00", 1740787200.0),
    lastmod=Stamp("2025-03-02", 1740873600.0),
    tags=("sea", "港口"),
    categories=("Travel",),
    series=("Coasts", "Ports"),
    authors=("Ann Lee", "李四"),
    summary="Ferries at dawn.",
    draft=True,
    words=1234,
    thumbnail="img/ferry.jpg",
    source="https://example.com/ferry",
    problems=("odd date", "odd tag"),
    size=4321,
    mtime=1700000000.5,
    real_path="2025/港口\udcff.md",  # a name that is not UTF-8: stored as bytes
    digest="d1g3st",
)


def test_an_article_row_gives_its_article_back() -> None:
    row = article_row("2025/港口\udcff.md", FULL)
    assert isinstance(row, ArticleRow)
    assert isinstance(row.file, bytes)
    assert isinstance(row.real_path, bytes)
    back = row_to_article(row)
    assert back == FULL
    assert (back.real_path, back.digest) == (FULL.real_path, FULL.digest)  # (not compared by ==)


def test_both_kinds_of_row_round_trip_through_the_store(tmp_path: Path) -> None:
    bad = BadFileRow("2025/bad\udcff.md".encode("utf-8", "surrogateescape"), 12, 3.5, "yaml", "broken")
    undated = Article(path="notes.md", title="Notes", words=None)
    with open_index(str(tmp_path)) as index:
        index._store([article_row("notes.md", undated), bad, article_row("2025/港口\udcff.md", FULL)])
        got = index.articles()
        assert got == [FULL, undated]
        assert (got[0].real_path, got[0].digest) == (FULL.real_path, FULL.digest)
        assert index.problems() == [Problem(sanitise(os_name(bad.path)), "yaml", "broken")]
        assert index.db.execute("SELECT path, size, mtime FROM bad_files").fetchall() == [(bad.path, 12, 3.5)]
        assert index.json_bytes() == [
            json.dumps(article.to_json(), ensure_ascii=False).encode() for article in (FULL, undated)
        ]


PLAIN = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # what SQLite can hold
ARTICLES = st.builds(
    Article,
    path=PLAIN,
    title=PLAIN,
    date=st.none() | st.builds(Stamp, PLAIN, st.floats(-1e10, 1e10)),
    tags=st.lists(PLAIN, max_size=3).map(tuple),
    authors=st.lists(PLAIN, max_size=2).map(tuple),
    summary=PLAIN,
    draft=st.booleans(),
    words=st.none() | st.integers(0, 10**12),
    thumbnail=st.none() | PLAIN,
    problems=st.lists(PLAIN, max_size=2).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(article=ARTICLES)
def test_an_item_read_with_its_count_is_the_whole_item_byte_for_byte(article: Article) -> None:
    stored, tail = json_parts(article)
    assert (tail is None) == (article.words is not None)
    db = sqlite3.connect(":memory:")
    (item,) = db.execute(
        f"SELECT {JSON_ITEM} FROM (SELECT ? AS json, ? AS words, ? AS json_tail)",
        (stored, article.words, tail),
    ).fetchone()
    assert item == json.dumps(article.to_json(), ensure_ascii=False)


FILES: Tree = {
    "2025/harbour.md": "---\ntitle: Harbour\ndate: 2025-03-01\ntags: [sea, 港口]\n---\nFerries 渡轮.\n",
    "notes/undated.md": '# Loose notes\n\nA page about kites, "quoted" and 引号.\n',
    "bad.md": "---\ntitle: [unclosed\n---\nBroken.\n",
}


def fresh_document(root: Path) -> bytes:
    items = [json.dumps(a.to_json(), ensure_ascii=False).encode() for a in load_archive(str(root)).articles]
    return json_document(items)


@pytest.mark.parametrize("count", ["update_words", "update_fulltext"])
def test_listing_after_counts_arrive_is_the_fresh_document(make_archive: MakeArchive, count: str) -> None:
    """Counted by the words phase or by the full-text phase, the `list --json` bytes are those of
    articles read afresh (words counted as they are read)."""
    root = make_archive(FILES)
    with open_index(str(root)) as index:
        index.update(fulltext=False, words=False)
        assert b'"words": null' in index.listing()
        getattr(index, count)()
        assert index.listing() == fresh_document(root)
