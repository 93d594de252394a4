"""reader.load.normalise: dates, titles, tags, summaries and word counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reader.load import load_archive, read_document
from reader.load.normalise import SUMMARY_LIMIT, normalise, parse_stamp
from reader.model import Archive, Article, Stamp


def article(body: str = "", path: str = "post.md", **metadata: Any) -> Article:
    return normalise(path, metadata, body)


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-02-13 17:30:11", "2025-02-13T17:30:11"),
        ("2025-02-13T17:30:11", "2025-02-13T17:30:11"),
        ("2025-02-13T17:30:11+08:00", "2025-02-13T17:30:11+08:00"),
        ("2025-02-13 17:30:11 +0800", "2025-02-13T17:30:11+08:00"),
        ("2025-02-13T17:30:11Z", "2025-02-13T17:30:11+00:00"),
        ("2025-02-13", "2025-02-13"),
        (dt.datetime(2025, 2, 13, 17, 30, 11), "2025-02-13T17:30:11"),
        (dt.date(2025, 2, 13), "2025-02-13"),
        (1700000000, "2023-11-14T22:13:20+00:00"),
    ],
)
def test_parse_stamp_forms(value: object, iso: str) -> None:
    stamp = parse_stamp(value)
    assert stamp is not None
    assert stamp.iso == iso


@pytest.mark.parametrize("value", ["garbage", "2025-13-45", "yesterday", True, None, [2025], float("nan")])
def test_parse_stamp_rejects_what_is_not_a_date(value: object) -> None:
    assert parse_stamp(value) is None


def test_offset_is_used_for_sorting_and_naive_is_utc() -> None:
    hugo = parse_stamp("2025-02-13 17:30:11 +0800")
    naive = parse_stamp("2025-02-13 09:30:11")
    assert hugo is not None
    assert naive is not None
    assert hugo.timestamp == naive.timestamp == dt.datetime(2025, 2, 13, 9, 30, 11, tzinfo=dt.UTC).timestamp()


def test_yaml_date_forms_through_the_loader(tmp_path: Path) -> None:
    files = {
        "quoted.md": '---\ndate: "2025-02-13 17:30:11"\n---\nx\n',
        "unquoted.md": "---\ndate: 2025-02-13 17:30:11\n---\nx\n",
        "offset.md": "---\ndate: 2025-02-13T17:30:11+08:00\n---\nx\n",
        "dayonly.md": "---\ndate: 2025-02-13\n---\nx\n",
        "epoch.md": "---\ndate: 0\n---\nx\n",
        "toml.md": "+++\ndate = 2025-02-13T17:30:11+08:00\n+++\nx\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    dates = {a.path: a.to_json()["date"] for a in load_archive(str(tmp_path)).articles}
    assert dates == {
        "quoted.md": "2025-02-13T17:30:11",
        "unquoted.md": "2025-02-13T17:30:11",
        "offset.md": "2025-02-13T17:30:11+08:00",
        "dayonly.md": "2025-02-13",
        "epoch.md": "1970-01-01T00:00:00+00:00",
        "toml.md": "2025-02-13T17:30:11+08:00",
    }


def test_unreadable_date_is_null_with_a_problem() -> None:
    loaded = article("x", date="the day after tomorrow")
    assert loaded.date is None
    assert loaded.to_json()["date"] is None
    assert any("date" in problem and "the day after tomorrow" in problem for problem in loaded.problems)


def test_jekyll_file_name_gives_a_date_only_without_front_matter_date() -> None:
    assert article("x", path="_posts/2024-05-01-hello.md").date == parse_stamp("2024-05-01")
    assert article("x", path="2024-05-01-hello.md", date="2023-01-02").date == parse_stamp("2023-01-02")
    assert article("x", path="posts/hello-2024-05-01.md").date is None


def test_mixed_date_forms_sort_newest_first_ties_by_path_undated_last() -> None:
    def dated(path: str, value: object) -> Article:
        return Article(path=path, title=path, date=parse_stamp(value) if value is not None else None)

    archive = Archive.build(
        "/archive",
        [
            dated("undated-a.md", None),
            dated("day.md", dt.date(2025, 2, 13)),  # 00:00 UTC
            dated("hugo.md", "2025-02-13 17:00:00 +0800"),  # 09:00 UTC
            dated("naive.md", dt.datetime(2025, 2, 13, 10, 0)),  # 10:00, read as UTC
            dated("epoch.md", 1739440800),  # 2025-02-13T10:00:00Z: same moment as naive.md
            dated("undated-0.md", None),
            dated("zulu.md", "2024-12-31T23:59:59Z"),
        ],
    )
    assert [a.path for a in archive.articles] == [
        "epoch.md",
        "naive.md",
        "hugo.md",
        "day.md",
        "zulu.md",
        "undated-0.md",
        "undated-a.md",
    ]


# --- titles -------------------------------------------------------------------------------------


def test_front_matter_title_beats_heading() -> None:
    assert article("# Heading\n", title="From front matter").title == "From front matter"


def test_atx_heading_becomes_plain_text() -> None:
    body = "Intro line.\n\n# The *best* [guide](https://example.com) to `code` and **bold**\n"
    assert article(body).title == "The best guide to code and bold"


def test_setext_heading_is_a_title() -> None:
    assert article("Setext _Title_\n==============\n\nBody.\n").title == "Setext Title"


def test_heading_inside_a_code_fence_is_not_the_title() -> None:
    body = "```markdown\n# Not this one\n```\n\n## Second level\n\n# Real title\n"
    assert article(body).title == "Real title"


def test_hugo_bundle_uses_folder_name_then_file_stem() -> None:
    assert article("No heading.", path="2024/harbour-night/index.md").title == "harbour-night"
    assert article("No heading.", path="section/_index.md").title == "section"
    assert article("No heading.", path="2024/plain-stem.md").title == "plain-stem"


def test_link_title_is_not_the_title() -> None:
    assert article("No heading.", path="notes.md", linkTitle="Short").title == "notes"
    assert article("# Heading\n", linkTitle="Short").title == "Heading"


# --- tags and categories ------------------------------------------------------------------------


def test_string_tag_is_one_item() -> None:
    loaded = article(tags="one tag", categories="Only Category")
    assert loaded.tags == ("one tag",)
    assert loaded.categories == ("Only Category",)


def test_scalar_tags_use_yaml_spelling() -> None:
    assert article(tags=[1, 2.5, True, False, "x"]).tags == ("1", "2.5", "true", "false", "x")


def test_nulls_mappings_and_nested_lists_are_dropped_with_warnings() -> None:
    loaded = article(tags=["kept", None, {"a": 1}, ["nested"]], categories=[{"b": 2}, "c"])
    assert loaded.tags == ("kept",)
    assert loaded.categories == ("c",)
    joined = " | ".join(loaded.problems)
    assert "null" in joined
    assert "mapping" in joined
    assert "nested list" in joined
    assert sum(problem.startswith("tags") for problem in loaded.problems) == 3
    assert sum(problem.startswith("categories") for problem in loaded.problems) == 1


def test_tags_are_trimmed_deduplicated_in_order_without_case_folding() -> None:
    loaded = article(tags=["  b ", "a", "b", "A", "a", ""])
    assert loaded.tags == ("b", "a", "A")
    assert loaded.problems == ()


# --- authors ------------------------------------------------------------------------------------


def test_author_string_and_authors_list_become_one_tuple_of_names() -> None:
    assert article(author=" 张三 ").authors == ("张三",)
    assert article(authors=["Ann", "Bo", "Ann"]).authors == ("Ann", "Bo")
    assert article(author="Ann", authors=["Bo", "Ann"]).authors == ("Ann", "Bo")
    assert article().authors == ()


def test_authors_follow_the_rules_for_tags() -> None:
    loaded = article(authors=["kept", None, 7, ["nested"]])
    assert loaded.authors == ("kept", "7")
    assert [problem.split(":")[0] for problem in loaded.problems] == ["authors", "authors"]


def test_an_author_written_as_a_mapping_is_its_name() -> None:
    loaded = article(author={"name": "Ann Lee", "email": "ann@example.com"}, authors=[{"name": "Bo"}])
    assert loaded.authors == ("Ann Lee", "Bo")
    assert article(author={"email": "x@example.com"}).authors == ()


def test_authors_are_read_from_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\nauthors:\n  - 李四\n  - Ann\n---\nBody.\n")
    (tmp_path / "b.toml.md").write_text('+++\ntitle = "B"\nauthor = "Bo"\n+++\nBody.\n')
    found = {a.path: a.authors for a in load_archive(str(tmp_path)).articles}
    assert found == {"a.md": ("李四", "Ann"), "b.toml.md": ("Bo",)}


# --- summary ------------------------------------------------------------------------------------


def test_summary_precedence() -> None:
    body = "First paragraph.\n\nSecond paragraph.\n"
    assert article(body, summary="S", description="D").summary == "S"
    assert article(body, description="D").summary == "D"
    assert article("Lead one.\n\nLead *two*.\n<!--more-->\nRest.\n").summary == "Lead one. Lead two."
    assert article("<!-- not more -->\n\n" + body).summary == "First paragraph."


def test_summary_from_body_is_plain_text() -> None:
    body = "![cover](https://example.com/c.png)\n\nSome **bold**, _em_ and [a link](https://example.com).\n"
    assert article(body).summary == "Some bold, em and a link."


def test_cjk_bold_summary_has_no_asterisks() -> None:
    loaded = article("**（编辑 某某）**近日，某地发布了新规定。\n")
    assert "*" not in loaded.summary
    assert loaded.summary.startswith("（编辑 某某）近日")


@pytest.mark.parametrize("source", ["body", "front matter"])
def test_summary_is_clipped_to_limit_with_ellipsis(source: str) -> None:
    text = "word " * 100 + "字" * 100
    loaded = article(text) if source == "body" else article("x", summary=text)
    assert len(loaded.summary) <= SUMMARY_LIMIT
    assert loaded.summary.endswith("…")


# --- words --------------------------------------------------------------------------------------


def test_words_count_cjk_characters_and_latin_words() -> None:
    assert article("Hello world, 你好世界！ foo-bar\n").words == 7


# --- data is never markup and never a terminal command ------------------------------------------


def test_rich_markup_in_a_title_stays_literal() -> None:
    assert article(title="[@click=app.quit]Quit[/]").title == "[@click=app.quit]Quit[/]"
    assert article("# [bold red]Loud[/]\n").title == "[bold red]Loud[/]"


def test_control_characters_removed_from_every_field(tmp_path: Path) -> None:
    text = (
        "---\n"
        'title: "T\\e]52;c;SGVsbG8=\\a\\e[2Jitle\\x9b31m"\n'
        'tags: ["ta\\e[31mg", "\\x9b2Jx"]\n'
        'categories: ["c\\x07at"]\n'
        'summary: "sum\\e[2Jmary"\n'
        "---\n"
        "Body \x1b[2J with\ttab\nand \x9b31m 8-bit CSI and \x1b]52;c;AAAA\x07 OSC.\n"
    )
    path = tmp_path / "evil.md"
    path.write_text(text, encoding="utf-8")
    document = read_document(str(path), "evil.md")
    fields = [
        document.article.title,
        document.article.summary,
        *document.article.tags,
        *document.article.categories,
        document.body,
    ]
    for value in fields:
        assert not any(ch in value for ch in "\x1b\x07\x9b"), value
    assert document.article.title == "T]52;c;SGVsbG8=[2Jitle31m"
    assert document.article.tags == ("ta[31mg", "2Jx")
    assert document.article.categories == ("cat",)
    assert "with\ttab\nand" in document.body


def test_stamp_display() -> None:
    assert Stamp("2025-02-13T17:30:11+08:00", 0).display() == "2025-02-13 17:30"
    assert Stamp("2025-02-13", 0).display() == "2025-02-13"


def test_front_matter_summary_is_plain_text() -> None:
    from reader.load.normalise import normalise

    article = normalise("a.md", {"summary": "**Bold** and [a link](https://example.com) and `code`"}, "")
    assert article.summary == "Bold and a link and code"
