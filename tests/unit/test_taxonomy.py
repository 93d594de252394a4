"""Taxonomy hygiene: near-duplicate tags and categories, as `check` reports them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.taxonomy import NearDuplicates, label_key, near_duplicates, taxonomy_warnings

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]


def groups(counts: dict[str, int]) -> list[list[str]]:
    return [[name for name, _ in group.spellings] for group in near_duplicates("tags", counts)]


def test_case_width_separators_and_script_make_one_key() -> None:
    assert label_key("Open Source") == label_key("open-source") == label_key("open_source")
    assert label_key("OPEN  -  SOURCE") == label_key("open source")
    assert label_key("ＡＩ") == label_key("ai") == label_key("Ai")
    assert label_key("開源") == label_key("开源")
    assert label_key("軟體") == label_key("软件")
    assert label_key("opensource") != label_key("open source")  # a missing separator is a new word
    assert label_key("硬件") != label_key("软件")
    assert label_key("-") == "-"


def test_one_group_per_label_with_every_spelling_and_its_count() -> None:
    counts = {"open-source": 5, "Open Source": 3, "python": 9, "open_source": 1, "Python": 2, "rust": 4}
    found = near_duplicates("tags", counts)
    assert [group.spellings for group in found] == [
        (("python", 9), ("Python", 2)),
        (("open-source", 5), ("Open Source", 3), ("open_source", 1)),
    ]
    assert (
        found[1].message == 'tags "open-source" (5), "Open Source" (3), "open_source" (1) look like one tag'
    )


def test_chinese_spellings_are_grouped() -> None:
    assert groups({"開源": 3, "开源": 5, "軟體": 2, "软件": 7, "硬件": 1}) == [
        ["软件", "軟體"],
        ["开源", "開源"],
    ]


def test_no_warning_without_near_duplicates() -> None:
    assert near_duplicates("tags", {"python": 3, "rust": 2, "科技": 1}) == []
    assert taxonomy_warnings({}, {}) == []


def test_categories_are_their_own_field() -> None:
    (group,) = taxonomy_warnings({"news": 1}, {"News": 2, "news": 1})
    assert group == NearDuplicates("categories", (("News", 2), ("news", 1)))
    assert group.message.endswith("look like one category")
    assert group.to_json() == {
        "field": "categories",
        "spellings": [{"name": "News", "count": 2}, {"name": "news", "count": 1}],
        "message": group.message,
        "severity": "warning",
    }


WORDS = st.lists(
    st.sampled_from(["open", "source", "Data", "AI", "開源", "软件", "x"]), min_size=1, max_size=3
)


def respell(words: list[str], separator: str, upper: bool, wide: bool) -> str:
    text = separator.join(word.upper() if upper else word.lower() for word in words)
    if wide:  # full-width forms of ASCII letters and separators
        text = "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)
    return text


@settings(max_examples=150, deadline=None)
@given(WORDS, st.sampled_from([" ", "-", "_", "  ", " - "]), st.booleans(), st.booleans())
def test_respelled_labels_land_in_one_group(
    words: list[str], separator: str, upper: bool, wide: bool
) -> None:
    plain = " ".join(word.lower() for word in words)
    other = respell(words, separator, upper, wide)
    if other == plain:
        return
    assert groups({plain: 2, other: 1}) == [[plain, other]]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(1, 50), max_size=25))
def test_groups_partition_the_labels_that_share_a_key(counts: dict[str, int]) -> None:
    found = near_duplicates("tags", counts)
    named = [name for group in found for name, _ in group.spellings]
    assert len(named) == len(set(named))  # a label is in one group at most
    for group in found:
        assert len(group.spellings) >= 2
        assert len({label_key(name) for name, _ in group.spellings}) == 1
        assert all(counts[name] == count for name, count in group.spellings)
    alone = [name for name in counts if name not in named]
    assert len({label_key(name) for name in alone}) == len(alone)  # nothing left out that shares a key


def test_near_duplicates_at_scale_is_a_pass_over_the_counts() -> None:
    counts = {f"tag {number}": number for number in range(1, 20_001)}
    counts.update({f"Tag-{number}": 1 for number in range(1, 20_001, 1000)})
    found = near_duplicates("tags", counts)
    assert len(found) == 20
    assert found[0].spellings == (("tag 19001", 19001), ("Tag-19001", 1))


ARCHIVE: Tree = {
    "a.md": "---\ntitle: A\ntags: [Open Source, 開源]\ncategories: [Tech]\n---\nx\n",
    "b.md": "---\ntitle: B\ntags: [open-source, 开源]\ncategories: [tech]\n---\ny\n",
    "c.md": "---\ntitle: C\ntags: [open-source, rust]\ncategories: [tech]\n---\nz\n",
}


def test_check_json_reports_near_duplicates_and_still_exits_0(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive
) -> None:
    assert main(["check", str(make_archive(ARCHIVE)), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    assert [(item["field"], item["spellings"]) for item in data["near_duplicates"]] == [
        ("tags", [{"name": "open-source", "count": 2}, {"name": "Open Source", "count": 1}]),
        ("tags", [{"name": "开源", "count": 1}, {"name": "開源", "count": 1}]),
        ("categories", [{"name": "tech", "count": 2}, {"name": "Tech", "count": 1}]),
    ]
    assert (
        data["near_duplicates"][0]["message"] == 'tags "open-source" (2), "Open Source" (1) look like one tag'
    )


def test_check_prints_one_warning_a_group(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive
) -> None:
    assert main(["check", str(make_archive(ARCHIVE))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "look like one" in line] == [
        'warning taxonomy     tags "open-source" (2), "Open Source" (1) look like one tag',
        'warning taxonomy     tags "开源" (1), "開源" (1) look like one tag',
        'warning taxonomy     categories "tech" (2), "Tech" (1) look like one category',
    ]
    assert lines[-1] == "3 files, 3 articles, 0 errors, 3 warnings"


def test_check_json_has_an_empty_list_when_the_labels_are_clean(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive
) -> None:
    assert (
        main(["check", str(make_archive({"a.md": "---\ntitle: A\ntags: [x, y]\n---\nz\n"})), "--json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["near_duplicates"] == []
