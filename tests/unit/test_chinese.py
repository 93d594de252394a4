"""Script-insensitive search: simplified and traditional Chinese folded at index and query time,
regional vocabulary (`软件` / `軟體`) expanded at query time, snippets and highlights on the original."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reader
from reader.chinese import fold, same_words, variants
from reader.cli import main
from reader.index import Index, open_index
from reader.text import is_cjk, term_spans

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]

CORPUS: Tree = {
    "cn.md": "---\ntitle: 软件开发\ndate: 2025-01-03\n---\n我们的软件在网络上发布。\n",
    "tw.md": "---\ntitle: 軟體開發\ndate: 2025-01-02\n---\n我們的軟體在網路上發佈。\n",
    "hk.md": "---\ntitle: 軟件開發\ndate: 2025-01-01\n---\n我們的軟件在網絡上發佈。\n",
    "other.md": "---\ntitle: 天气\ndate: 2024-12-31\n---\n今天下雨，硬件坏了。Software news.\n",
}


@pytest.fixture
def index(make_archive: MakeArchive) -> Iterator[Index]:
    with open_index(str(make_archive(CORPUS))) as opened:
        opened.update()
        yield opened


def found(index: Index, query: str) -> set[str]:
    return {hit.article.path for hit in index.search(query, limit=None)}


# --- folding --------------------------------------------------------------------------------------


def test_fold_writes_traditional_characters_as_simplified_ones() -> None:
    assert fold("軟體開發與網路") == "软体开发与网路"
    assert fold("为爲為") == "为为为"
    assert fold("软件") == "软件"
    assert fold("plain text, café") == "plain text, café"


CHINESE = st.text(
    alphabet=st.sampled_from("軟體软件網路网络發发髮乾干後后於于著着裡裏里爲為为豈 ,.a\n"), max_size=30
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(CHINESE, st.text(max_size=30)))
def test_fold_keeps_positions_and_is_stable(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)  # a match in the folded text is at the same place in the original
    assert fold(folded) == folded
    changed = [a for a, b in zip(text, folded, strict=True) if a != b]
    assert all(is_cjk(char) for char in changed)  # only Chinese characters change


def test_variants_add_the_regional_vocabulary_both_ways() -> None:
    assert variants("软件")[0] == "软件"
    assert set(variants("软件")) == {"软件", "软体"}
    assert set(variants("軟體")) == {"软体", "软件"}
    assert "网路" in variants("网络")
    assert "网络" in variants("網路")
    assert variants("體") == ("体",)  # one character: no phrase to convert
    assert variants("鹍鹏") == ("鹍鹏",)


def test_same_words_meets_every_spelling_of_one_word() -> None:
    assert same_words("軟體") == same_words("软件") == same_words("軟件") == same_words("软体")
    assert same_words("開源") == same_words("开源")
    assert same_words("硬件") != same_words("软件")
    assert same_words("open source") == "open source"


# --- search -----------------------------------------------------------------------------------------


def test_either_script_and_either_vocabulary_finds_every_spelling(index: Index) -> None:
    every = {"cn.md", "tw.md", "hk.md"}
    for query in ("软件", "軟體", "軟件", "软体"):
        assert found(index, query) == every, query
    assert found(index, "網路") == found(index, "网络") == every
    assert found(index, "發佈") == found(index, "发布") == every
    assert found(index, "體") == {"tw.md"}  # one character: its script only, not the vocabulary
    assert found(index, "体") == {"tw.md"}
    assert found(index, "开发 -軟體") == set()
    assert found(index, "硬件") == {"other.md"}
    assert found(index, "software") == {"other.md"}


def test_snippets_show_and_mark_the_original_text(index: Index) -> None:
    hits = {hit.article.path: hit for hit in index.search("软件", limit=None)}
    for path, original in (("cn.md", "软件"), ("tw.md", "軟體"), ("hk.md", "軟件")):
        hit = hits[path]
        assert hit.match is not None, path
        assert hit.snippet[hit.match[0] : hit.match[1]] == original


def test_highlights_mark_every_spelling_in_the_original() -> None:
    line = "軟體、软件與軟件，不是硬件"
    assert [line[start:end] for start, end in term_spans(line, ["软件"])] == ["軟體", "软件", "軟件"]
    assert [line[start:end] for start, end in term_spans(line, ["硬件"])] == ["硬件"]


def test_cli_search_and_list_query_fold_alike(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive
) -> None:
    root = str(make_archive(CORPUS))
    assert main(["search", "軟體", root, "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert {item["path"] for item in items} == {"cn.md", "tw.md", "hk.md"}
    assert {item["path"]: item["snippet"] for item in items}["tw.md"] == "我們的軟體在網路上發佈。"
    assert main(["list", root, "--query", "网络", "--json"]) == 0
    assert {item["path"] for item in json.loads(capsys.readouterr().out)} == {"cn.md", "tw.md", "hk.md"}


def test_the_kept_vocabulary_is_what_the_installed_opencc_gives() -> None:
    """reader/chinese_data.py is written by `python -m reader.chinese_gen`: run it when this fails."""
    from reader.chinese_gen import build

    kept = (Path(reader.__file__).parent / "chinese_data.py").read_text(encoding="utf-8")
    assert build() == kept, "run: python -m reader.chinese_gen"


def test_text_in_simplified_characters_never_loads_the_library() -> None:
    code = (
        "import sys\n"
        "from reader.index.fulltext import index_text, match_expression\n"
        "from reader.text import term_spans\n"
        "index_text('今天软件网络发布。'); match_expression(['软件', '鹍鹏'])\n"
        "term_spans('我们的软件', ['软件'])\n"
        "print('opencc' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


# Simplified characters and their traditional forms, one for one.
PAIRS = {
    "软": "軟",
    "体": "體",
    "发": "發",
    "网": "網",
    "络": "絡",
    "开": "開",
    "为": "為",
    "里": "裡",
    "们": "們",
}


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*PAIRS, "件", "在", "天"]), min_size=1, max_size=12),
    st.data(),
    st.booleans(),
)
def test_any_part_of_an_article_is_found_in_the_other_script(
    text: str, data: st.DataObject, traditional: bool
) -> None:
    """The article written in one script, the query in the other: a substring of any length is found."""
    written = "".join(PAIRS.get(char, char) for char in text) if traditional else text
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    query = text[start:end] if traditional else "".join(PAIRS.get(char, char) for char in text[start:end])
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "a.md").write_text(f"---\ntitle: x\n---\n{written}\n", encoding="utf-8")
        with open_index(folder) as opened:
            opened.update()
            assert [hit.article.path for hit in opened.search(query)] == ["a.md"], (written, query)
