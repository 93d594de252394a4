"""Folder and year filters (rules), and the counts the sidebar shows for archives without tags."""

from __future__ import annotations

from reader.model import Archive, Article, Stamp
from reader.rules import Filter, browse, folder_counts, timeline
from reader.text import counted


def article(path: str, iso: str | None = None) -> Article:
    return Article(path=path, title=path, date=Stamp(iso, float(int(iso[:4]))) if iso else None)


ARCHIVE = Archive.build(
    "/r",
    [
        article("2023/01/a.md", "2023-01-02"),
        article("2023/02/b.md", "2023-02-02"),
        article("2023-old/c.md", "2022-05-05"),
        article("notes/10/d.md", "2024-03-03"),
        article("notes/9/e.md"),
        article("top.md"),
    ],
)


def test_folder_counts_are_a_tree_in_natural_order() -> None:
    assert folder_counts(ARCHIVE) == {
        "2023": 2,
        "2023/01": 1,
        "2023/02": 1,
        "2023-old": 1,
        "notes": 2,
        "notes/9": 1,
        "notes/10": 1,
    }


def test_the_timeline_counts_years_newest_first() -> None:
    years = [(year, sum(months.values())) for year, months in timeline(ARCHIVE).items()]
    assert years == [("2024", 1), ("2023", 2), ("2022", 1)]


def test_folder_and_year_filter_like_tags() -> None:
    paths = lambda f: [a.path for a in browse(ARCHIVE, f, {})]  # noqa: E731
    assert paths(Filter(folder="2023")) == ["2023/01/a.md", "2023/02/b.md"]  # not 2023-old
    assert paths(Filter(year="2022")) == ["2023-old/c.md"]
    assert paths(Filter(folder="notes", year="2024")) == ["notes/10/d.md"]
    toggled = Filter().toggled("folder", "notes").toggled("year", "2024")
    assert toggled == Filter(folder="notes", year="2024")
    assert toggled.pairs == {("folder", "notes"), ("year", "2024")}
    assert toggled.describe() == "in notes/ 2024"
    assert toggled.toggled("folder", "notes") == Filter(year="2024")


def test_counted_is_singular_for_one() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(12345, "file") == "12,345 files"
