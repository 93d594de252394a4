"""Related articles: Hugo's rules (series, tags, categories, date; a threshold) and full-text
similarity from the index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import open_index
from reader.load import load_archive
from reader.model import Archive, Article
from reader.related import THRESHOLD, label_score, related

from .helpers import Tree


def _md(
    title: str, date: str, body: str, tags: str = "[]", categories: str = "[]", series: str = "[]"
) -> str:
    labels = f"tags: {tags}\ncategories: {categories}\nseries: {series}"
    return f"---\ntitle: {title}\ndate: {date}\n{labels}\n---\n{body}\n"


FILES: Tree = {
    "ferry.md": _md("Night ferry", "2024-05-05", "The ferry crosses the harbour at night.", "[boats, city]"),
    "harbour.md": _md("Harbour lights", "2024-05-01", "Lights on the water.", "[boats, city]"),
    "market.md": _md("Market day", "2024-05-02", "Apples and pears.", "[city]", "[news]"),
    "series1.md": _md("Part one", "2023-01-01", "Beginnings.", series="[trip]"),
    "series2.md": _md("Part two", "2023-02-01", "Middles.", series="[trip]"),
    "alone.md": _md("Alone", "2024-05-03", "Nothing shared at all."),
    "lighthouse.md": _md(
        "Lighthouse keeper",
        "2019-01-01",
        "The lighthouse keeper watched the harbour ferry crossing at night; the ferry crossing was late.",
    ),
    "cooking.md": _md("Cooking", "2018-01-01", "Slow soup with onions and garlic, stirred for hours."),
    "地铁.md": _md("地铁四号线", "2020-01-01", "地铁四号线今天开通，乘客很多。"),
    "地铁二.md": _md("新线路", "2021-01-01", "地铁四号线的乘客今天很满意。"),
}


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    root = make_archive(FILES)
    with open_index(str(root)) as index:
        index.update()
    return root


def by_path(loaded: Archive, path: str) -> Article:
    found = loaded.find(path)
    assert found is not None
    return found


def test_shared_labels_score_and_say_why() -> None:
    loaded = load_archive_from(FILES)
    ferry, harbour = by_path(loaded, "ferry.md"), by_path(loaded, "harbour.md")
    score, why = label_score(ferry, harbour)
    assert why == ["tags: boats, city"]
    assert score == 2 * 80 + 10  # two tags, the same month


def load_archive_from(files: Tree) -> Archive:
    # Labels alone need no files on disk: the articles are built once through a real archive.
    import tempfile

    from .helpers import write_tree

    with tempfile.TemporaryDirectory() as folder:
        return load_archive(str(write_tree(Path(folder), files)))


def test_labels_alone_with_a_threshold(archive: Path) -> None:
    loaded = load_archive(str(archive))
    found = related(by_path(loaded, "ferry.md"), loaded)
    assert [item.article.path for item in found] == ["harbour.md", "market.md"]
    assert found[0].why == "tags: boats, city"
    assert all(item.score >= THRESHOLD for item in found)
    # A date in the same month alone is not enough: "alone.md" is not there.
    assert related(by_path(loaded, "alone.md"), loaded) == []
    series = related(by_path(loaded, "series1.md"), loaded)
    assert [(item.article.path, item.why) for item in series] == [("series2.md", "series: trip")]


def test_full_text_similarity_from_the_index(archive: Path) -> None:
    loaded = load_archive(str(archive))
    with open_index(str(archive)) as index:
        found = related(by_path(loaded, "lighthouse.md"), loaded, index)
        paths = [item.article.path for item in found]
        assert paths[0] == "ferry.md"  # ferry, crossing, harbour, night: the closest text
        assert found[0].why == "similar text"
        assert "cooking.md" not in paths
        assert "lighthouse.md" not in paths
        # Labels and text add up: harbour shares tags with the ferry, and its text is not close.
        ferry = related(by_path(loaded, "ferry.md"), loaded, index, limit=1)
        assert ferry[0].article.path == "harbour.md"


def test_cjk_text_is_similar_character_by_character(archive: Path) -> None:
    loaded = load_archive(str(archive))
    with open_index(str(archive)) as index:
        index.update_fulltext()
        found = related(by_path(loaded, "地铁.md"), loaded, index)
    assert [item.article.path for item in found][:1] == ["地铁二.md"]


def test_limit(archive: Path) -> None:
    loaded = load_archive(str(archive))
    assert len(related(by_path(loaded, "ferry.md"), loaded, limit=1)) == 1


def _related_by_scanning(
    article: Article, archive: Archive, closeness: dict[str, float], limit: int = 5
) -> list[tuple[str, float, str]]:
    """`related` as first written: every article of the archive scored in turn, then sorted (the
    reference for the one that looks labels up)."""
    from reader.related import WEIGHTS

    kept = []
    for other in archive.articles:
        if other.path == article.path:
            continue
        score, why = label_score(article, other)
        if other.path in closeness:
            score += WEIGHTS["text"] * closeness[other.path]
            why.append("similar text")
        if score >= THRESHOLD:
            kept.append((other, score, " · ".join(why)))
    kept.sort(key=lambda item: (-item[1], item[0].sort_key))
    return [(other.path, score, why) for other, score, why in kept[:limit]]


class _Similar:
    """An index whose full-text neighbours are given."""

    def __init__(self, found: list[tuple[Article, float]]) -> None:
        self.found = found

    def similar(self, text: str, exclude: str, limit: int = 20) -> list[tuple[Article, float]]:
        return [(other, score) for other, score in self.found if other.path != exclude][:limit]


_LABEL = st.sampled_from(["a", "b", "c", "d"])
_DATES = st.sampled_from(
    [
        None,
        ("2024-05-01", 1714521600.0),
        ("2024-05-20", 1716163200.0),
        ("2024-01-02", 1704153600.0),
        ("2023-05-01", 1682899200.0),
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(_LABEL, max_size=3, unique=True),
            st.lists(_LABEL, max_size=2, unique=True),
            st.lists(_LABEL, max_size=1, unique=True),
            _DATES,
        ),
        min_size=1,
        max_size=25,
    ),
    st.data(),
)
def test_looking_labels_up_finds_what_scanning_every_article_found(
    shapes: list[tuple[list[str], list[str], list[str], tuple[str, float] | None]], data: st.DataObject
) -> None:
    from reader.model import Stamp

    articles = [
        Article(
            f"{number:02}.md",
            f"T{number}",
            date=None if date is None else Stamp(*date),
            tags=tuple(tags),
            categories=tuple(categories),
            series=tuple(series),
        )
        for number, (tags, categories, series, date) in enumerate(shapes)
    ]
    archive = Archive.build("/nowhere", articles)
    article = data.draw(st.sampled_from(archive.articles))
    near = data.draw(st.lists(st.sampled_from(archive.articles), max_size=4, unique=True))
    scores = data.draw(st.lists(st.floats(0.1, 9.0), min_size=len(near), max_size=len(near)))
    found = list(zip(near, scores, strict=True))
    best = max((score for other, score in found if other.path != article.path), default=0.0) or 1.0
    closeness = {other.path: score / best for other, score in found if other.path != article.path}
    got = related(article, archive, _Similar(found), text="")  # type: ignore[arg-type]
    assert [(item.article.path, item.score, item.why) for item in got] == _related_by_scanning(
        article, archive, closeness
    )


def test_ties_in_an_archive_without_dates_go_as_sort_key_has_them() -> None:
    articles = [Article(f"issue-{number}.md", f"Issue {number}", tags=("a",)) for number in range(1, 9)]
    archive = Archive.build("/nowhere", articles)
    assert not archive.dated
    got = [item.article.path for item in related(archive.articles[0], archive)]
    assert got == [path for path, _, _ in _related_by_scanning(archive.articles[0], archive, {})]
    assert got == ["issue-1.md", "issue-2.md", "issue-3.md", "issue-4.md", "issue-5.md"]
