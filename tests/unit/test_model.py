"""reader.model: the archive's order, filters, counts and problem lists."""

from __future__ import annotations

from reader.load.normalise import parse_stamp
from reader.model import Archive, Article, Problem

from .helpers import CONTRACT_KEYS


def make(
    path: str, date: str | None = None, tags: tuple[str, ...] = (), cats: tuple[str, ...] = ()
) -> Article:
    return Article(
        path=path, title=path, date=parse_stamp(date) if date else None, tags=tags, categories=cats
    )


def sample_archive() -> Archive:
    return Archive.build(
        "/root",
        [
            make("a.md", "2024-01-01", ("x", "y"), ("news",)),
            make("b.md", "2025-01-01", ("x",), ("news", "tech")),
            make("c.md", None, ("y", "x"), ()),
        ],
        problems=[Problem("bad.md", "encoding", "binary file")],
        files=4,
    )


def test_to_json_has_every_contract_field_with_types() -> None:
    data = make("p/q.md", "2025-02-13 17:30:11", ("t",), ("c",)).to_json()
    assert data.keys() >= CONTRACT_KEYS
    assert data["date"] == "2025-02-13T17:30:11"
    assert data["tags"] == ["t"]
    assert data["categories"] == ["c"]
    assert data["read"] is False
    assert data["starred"] is False
    assert isinstance(data["problems"], list)


def test_filter_is_an_and_of_tags_and_categories() -> None:
    archive = sample_archive()
    assert [a.path for a in archive.filter(tags=["x"])] == ["b.md", "a.md", "c.md"]
    assert [a.path for a in archive.filter(tags=["x", "y"])] == ["a.md", "c.md"]
    assert [a.path for a in archive.filter(tags=["x"], categories=["news"])] == ["b.md", "a.md"]
    assert [a.path for a in archive.filter(categories=["news", "tech"])] == ["b.md"]
    assert archive.filter(tags=["missing"]) == ()


def test_counts_most_used_first_then_by_name() -> None:
    archive = sample_archive()
    assert list(archive.tags.items()) == [("x", 3), ("y", 2)]
    assert list(archive.categories.items()) == [("news", 2), ("tech", 1)]


def test_all_problems_merges_file_errors_and_article_warnings() -> None:
    warned = Article(path="w.md", title="w", problems=("date: could not read 'x' as a date",))
    archive = Archive.build("/root", [warned], problems=[Problem("bad.md", "encoding", "binary file")])
    problems = archive.all_problems()
    assert [(p.path, p.kind, p.severity) for p in problems] == [
        ("bad.md", "encoding", "error"),
        ("w.md", "date", "warning"),
    ]
    assert archive.errors == 1


def test_find_and_body_without_reader() -> None:
    archive = sample_archive()
    found = archive.find("a.md")
    assert found is not None
    assert found.title == "a.md"
    assert archive.find("nope.md") is None
    assert archive.body(found) == ""
