"""The reading rules the app and the CLI share: which articles a filter, a query and the marks keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import rules
from reader.index import open_index, parse_query
from reader.model import Archive, Article, Mark, Stamp
from reader.rules import Filter, browse, view_counts

from .helpers import write_tree

DAY = 86_400.0
MARKS = {"a.md": Mark(read=True), "b.md": Mark(starred=True), "c.md": Mark(read=True, starred=True)}


def _archive() -> Archive:
    articles = [
        Article(f"{name}.md", title, date=Stamp(f"2024-01-0{day}", day * DAY), tags=tags)
        for name, title, day, tags in (
            ("a", "Delta", 4, ("x",)),
            ("b", "charlie", 3, ("x", "y")),
            ("c", "Bravo", 2, ("y",)),
            ("d", "alpha", 1, ()),
        )
    ]
    return Archive.build("/archive", articles)


def paths(articles: tuple[Article, ...] | list[Article]) -> list[str]:
    return [article.path for article in articles]


@pytest.mark.parametrize(
    ("filter", "order", "expected"),
    [
        (Filter(), "date", ["a.md", "b.md", "c.md", "d.md"]),
        (Filter(), "title", ["d.md", "c.md", "b.md", "a.md"]),
        (Filter(), "unread", ["b.md", "d.md", "a.md", "c.md"]),
        (Filter(unread=True), "date", ["b.md", "d.md"]),
        (Filter(unread=False), "date", ["a.md", "c.md"]),
        (Filter(starred=True), "date", ["b.md", "c.md"]),
        (Filter(starred=False), "title", ["d.md", "a.md"]),
        (Filter(unread=True, starred=True), "date", ["b.md"]),
        (Filter(tags=("x",), unread=True), "date", ["b.md"]),
        (Filter(tags=("x", "y")), "date", ["b.md"]),
    ],
)
def test_browse_keeps_tags_and_marks_in_order(filter: Filter, order: str, expected: list[str]) -> None:
    assert paths(browse(_archive(), filter, MARKS, order)) == expected


@given(
    st.sampled_from([None, True, False]),
    st.sampled_from([None, True, False]),
    st.booleans(),
    st.booleans(),
)
def test_keeps_is_the_conjunction_of_its_conditions(
    unread: bool | None, starred: bool | None, read: bool, star: bool
) -> None:
    kept = Filter(unread=unread, starred=starred).keeps(Mark(read, star))
    assert kept == ((unread is None or unread != read) and (starred is None or starred == star))


def test_a_query_gives_its_tags_categories_and_reading_words() -> None:
    query = parse_query('tag:x cat:"open source" -is:unread is:starred is:draft word')
    assert Filter.of_query(query) == Filter(("x",), ("open source",), unread=False, starred=True)
    assert not Filter.of_query(parse_query("word is:draft")).by_marks


def test_sidebar_views_exclude_each_other_and_toggle_off() -> None:
    unread = Filter(tags=("x",)).toggled("view", "unread")
    assert (unread.unread, unread.starred, unread.view) == (True, None, "unread")
    starred = unread.toggled("view", "starred")
    assert (starred.unread, starred.starred, starred.view) == (None, True, "starred")
    assert starred.toggled("view", "starred") == Filter(tags=("x",))
    assert starred.pairs == {("tag", "x"), ("view", "starred")}
    assert starred.toggled("tag", "x").toggled("category", "c") == Filter(categories=("c",), starred=True)
    assert Filter(("x",), ("c",), unread=False, starred=False).describe() == "Read Unstarred ▸ c #x"


def test_search_leaves_out_what_the_marks_exclude_before_the_limit(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "archive",
        {
            f"{name}.md": f"---\ntitle: {name}\ndate: 2024-01-0{day}\n---\nA lantern by the river.\n"
            for name, day in (("a", 4), ("b", 3), ("c", 2), ("d", 1))
        },
    )
    with open_index(str(root)) as index:
        index.update()

        def found(text: str, limit: int | None = 50) -> list[str]:
            return [hit.article.path for hit in rules.search(index, parse_query(text), MARKS, limit=limit)]

        assert found("lantern") == ["a.md", "b.md", "c.md", "d.md"]
        assert found("lantern is:unread") == ["b.md", "d.md"]
        assert found("lantern is:unread", limit=1) == ["b.md"]  # the limit counts kept articles
        assert found("-is:starred lantern") == ["a.md", "d.md"]
        assert found("is:starred -is:unread", limit=0) == ["c.md"]


def test_view_counts_take_articles_not_known_yet_as_unread() -> None:
    assert view_counts(_archive(), MARKS) == {"unread": 2, "starred": 2}
    assert view_counts(_archive(), MARKS, total=100) == {"unread": 98, "starred": 2}


@given(
    st.dictionaries(
        st.sampled_from(["a.md", "b.md", "c.md", "d.md", "gone.md", "e.md"]),
        st.builds(Mark, read=st.booleans(), starred=st.booleans()),
    ),
    st.one_of(st.none(), st.integers(min_value=4, max_value=1000)),
)
def test_view_counts_are_the_same_counted_through_the_marks(
    marks: dict[str, Mark], total: int | None
) -> None:
    archive = _archive()
    paths = frozenset(article.path for article in archive.articles)
    assert view_counts(archive, marks, total, paths) == view_counts(archive, marks, total)
