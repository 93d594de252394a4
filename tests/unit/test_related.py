"""Related articles: Hugo's rules (series, tags, categories, date; a threshold) and full-text
similarity from the index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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
