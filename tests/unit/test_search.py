"""Search over the index: CJK substrings, Latin words, filters, ranking, snippets, and the CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.index import Hit, Index, open_index
from reader.index.search import SNIPPET_CHARS
from reader.text import CJK_CLASS

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]

CORPUS: dict[str, str] = {
    "tech/alibaba.md": (
        "---\ntitle: 阿里巴巴H股上市首日\ndate: 2025-02-13 17:30:11\ntags: [科技, 财经]\n"
        "categories: [商业]\n---\n"
        "阿里巴巴H股今日在香港挂牌，云计算业务增长明显。\n\n"
        "The cloud market in Asia keeps growing, analysts said on Thursday.\n"
    ),
    "tech/tencent.md": (
        "---\ntitle: 腾讯发布新游戏\ndate: 2025-01-10\ntags: [科技, 游戏]\ncategories: [商业]\n---\n"
        "腾讯今天发布了一款新游戏，玩家反响热烈。\n\n"
        "Market analysts expect cloud revenue to rise next year.\n"
    ),
    "travel/kyoto.md": (
        "---\ntitle: Autumn in Kyoto\ndate: 2024-11-02\ntags: [travel, photo]\ncategories: [Culture]\n"
        "summary: A walk under red maples.\n---\n"
        "We walked through Arashiyama. Cloudy mornings, clear afternoons.\n\n"
        "Maple leaves everywhere, and a small temple by the river.\n"
    ),
    "notes/essay.md": (
        "---\ntitle: 随笔\ndate: 2023-06-15\ntags: [生活]\ncategories: [散文]\n"
        "summary: 关于梧桐树的回忆\n---\n今天下雨了。窗外很安静。\n"
    ),
    "drafts/idea.md": (
        "---\ntitle: 'Draft: pricing thoughts'\ndate: 2024-01-01\ntags: [draft]\ndraft: true\n---\n"
        "Ideas about CLOUD pricing for small teams.\n"
    ),
    "undated.md": "# No date here\n\nA cloud without a date. 下午又下起小雨。\n",
    "edge/late.md": (
        "---\ntitle: Year end\ndate: 2023-12-31T23:59:59\n---\nYear end notes about the market.\n"
    ),
    "edge/offset.md": (
        "---\ntitle: Offset\ndate: 2024-01-01T01:00:00+02:00\n---\nA timezone note, still 2023 in UTC.\n"
    ),
}
ALL = set(CORPUS)
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")


@pytest.fixture
def root(make_archive: MakeArchive) -> Path:
    return make_archive(CORPUS)


@pytest.fixture
def index(root: Path) -> Iterator[Index]:
    with open_index(str(root)) as opened:
        opened.update()
        yield opened


def found(index: Index, query: str) -> set[str]:
    return {hit.article.path for hit in index.search(query, limit=None)}


def order(index: Index, query: str, limit: int | None = None) -> list[str]:
    return [hit.article.path for hit in index.search(query, limit=limit)]


# --- CJK: substrings, one character included -----------------------------------------------------


def test_punctuation_and_block_breaks_end_a_cjk_phrase(make_archive: MakeArchive) -> None:
    """FTS5 drops punctuation: without a barrier `年今` would find `2021年，今天` and `技房` two tags."""
    root = make_archive(
        {
            "comma.md": "---\ntitle: 一\n---\n2021年，今天开始。\n",
            "blank.md": "---\ntitle: 二\n---\n说到阿\n\n里面\n",
            "list.md": "---\ntitle: 三\n---\n- 阿\n- 里\n",
            "bold.md": "---\ntitle: 四\n---\n**阿**里巴巴\n",
            "wrapped.md": "---\ntitle: 五\n---\n他说阿\n里巴巴\n",
            "link.md": "---\ntitle: 六\n---\n[阿](https://example.com/a)里\n",
            "tags.md": "---\ntitle: 七\ntags: [科技, 房地产]\n---\nbody\n",
        }
    )
    with open_index(str(root)) as index:
        index.update()
        assert found(index, "年今") == set()
        assert found(index, "今天") == {"comma.md"}
        assert found(index, "阿里") == {"bold.md", "wrapped.md", "link.md"}
        assert found(index, "技房") == set()
        assert found(index, "科技") == {"tags.md"}
        # Typed with its punctuation, a phrase finds the text across punctuation again.
        assert found(index, '"年，今天"') == {"comma.md"}


def test_every_single_cjk_character_finds_exactly_the_articles_holding_it(index: Index) -> None:
    characters = {char for text in CORPUS.values() for run in CJK_RUN.findall(text) for char in run}
    assert len(characters) > 60
    for char in sorted(characters):
        assert found(index, char) == {path for path, text in CORPUS.items() if char in text}, char


def test_cjk_substrings_inside_longer_runs(index: Index) -> None:
    assert found(index, "阿里") == {"tech/alibaba.md"}
    assert found(index, "巴巴H股") == {"tech/alibaba.md"}
    assert found(index, "里巴巴") == {"tech/alibaba.md"}
    assert found(index, "计算业") == {"tech/alibaba.md"}
    assert found(index, "雨") == {"notes/essay.md", "undated.md"}
    assert found(index, "下雨") == {"notes/essay.md"}
    assert found(index, "小雨") == {"undated.md"}
    assert found(index, "发布") == {"tech/tencent.md"}
    assert found(index, "巴阿") == set()  # the characters, but not in that order
    assert found(index, "阿里腾讯") == set()


def test_every_cjk_substring_of_two_and_three_characters(index: Index) -> None:
    for text in CORPUS.values():
        for run in CJK_RUN.findall(text):
            for size in (2, 3):
                for start in range(len(run) - size + 1):
                    piece = run[start : start + size]
                    want = {path for path, other in CORPUS.items() if piece in other}
                    assert found(index, piece) == want, piece


def test_cjk_in_title_tags_categories_and_summary(index: Index) -> None:
    assert found(index, "首日") == {"tech/alibaba.md"}  # title only
    assert found(index, "财经") == {"tech/alibaba.md"}  # tag only
    assert found(index, "游戏") == {"tech/tencent.md"}  # tag and body
    assert found(index, "商业") == {"tech/alibaba.md", "tech/tencent.md"}  # category only
    assert found(index, "散文") == {"notes/essay.md"}
    assert found(index, "梧桐") == {"notes/essay.md"}  # front matter summary only
    assert found(index, "随笔") == {"notes/essay.md"}


# --- Latin: whole words, case-insensitive, prefixes, phrases ------------------------------------


def test_latin_whole_words_case_insensitive(index: Index) -> None:
    clouds = {"tech/alibaba.md", "tech/tencent.md", "drafts/idea.md", "undated.md"}
    assert found(index, "cloud") == clouds
    assert found(index, "Cloud") == clouds
    assert found(index, "CLOUD") == clouds
    assert found(index, "clou") == set()
    assert found(index, "clou*") == clouds | {"travel/kyoto.md"}
    assert found(index, "Cloudy") == {"travel/kyoto.md"}
    assert found(index, "maples") == {"travel/kyoto.md"}  # summary only
    assert found(index, "photo") == {"travel/kyoto.md"}  # tag
    assert found(index, "culture") == {"travel/kyoto.md"}  # category, other case


def test_phrases_keep_word_order(index: Index) -> None:
    assert found(index, '"cloud market"') == {"tech/alibaba.md"}
    assert found(index, '"Cloud Market"') == {"tech/alibaba.md"}
    assert found(index, '"market cloud"') == set()
    assert found(index, "cloud market") == {"tech/alibaba.md", "tech/tencent.md"}
    assert found(index, '"the market"') == {"edge/late.md"}
    assert found(index, '"THE cloud market in"') == {"tech/alibaba.md"}


def test_all_terms_must_match_and_minus_drops(index: Index) -> None:
    assert found(index, "cloud 腾讯") == {"tech/tencent.md"}
    assert found(index, "cloud 腾讯 maple") == set()
    assert found(index, "cloud -腾讯") == {"tech/alibaba.md", "drafts/idea.md", "undated.md"}
    assert found(index, 'cloud -"cloud market"') == {"tech/tencent.md", "drafts/idea.md", "undated.md"}
    assert found(index, "-cloud") == ALL - found(index, "cloud")
    assert found(index, "-雨 -cloud") == ALL - found(index, "cloud") - {"notes/essay.md"}


# --- filters -------------------------------------------------------------------------------------


def test_tag_and_category_filters(index: Index) -> None:
    assert found(index, "tag:科技") == {"tech/alibaba.md", "tech/tencent.md"}
    assert found(index, "-tag:科技") == ALL - {"tech/alibaba.md", "tech/tencent.md"}
    assert found(index, "tag:科技 tag:财经") == {"tech/alibaba.md"}
    assert found(index, "tag:科 tag:Travel") == set()  # exact tag names
    assert found(index, "category:Culture") == {"travel/kyoto.md"}
    assert found(index, "cat:商业 -tag:游戏") == {"tech/alibaba.md"}
    assert found(index, "-category:商业 cloud") == {"drafts/idea.md", "undated.md"}
    assert found(index, 'tag:"科技"') == {"tech/alibaba.md", "tech/tencent.md"}


def test_tag_with_spaces(make_archive: MakeArchive) -> None:
    root = make_archive(
        {"a.md": "---\ntags: [open source]\n---\nx\n", "b.md": "---\ntags: [open, source]\n---\ny\n"}
    )
    with open_index(str(root)) as index:
        index.update()
        assert found(index, 'tag:"open source"') == {"a.md"}
        assert found(index, "tag:open") == {"b.md"}


def test_after_is_inclusive_before_is_exclusive_undated_dropped(index: Index) -> None:
    dated_2024_on = {"tech/alibaba.md", "tech/tencent.md", "travel/kyoto.md", "drafts/idea.md"}
    assert found(index, "after:2024") == dated_2024_on
    assert found(index, "after:2024-01") == dated_2024_on
    assert found(index, "after:2024-01-01") == dated_2024_on  # a date-only article on the day is kept
    before_2024 = {"notes/essay.md", "edge/late.md", "edge/offset.md"}  # offset: 2023-12-31 23:00 UTC
    assert found(index, "before:2024") == before_2024
    assert found(index, "before:2024-01-01") == before_2024
    assert found(index, "after:2025-01-10") == {"tech/alibaba.md", "tech/tencent.md"}
    assert found(index, "before:2025-01-10") == ALL - {"tech/alibaba.md", "tech/tencent.md", "undated.md"}
    assert found(index, "after:2024-02 before:2025") == {"travel/kyoto.md"}
    assert found(index, "after:2026") == set()
    assert "undated.md" not in found(index, "after:1000") | found(index, "before:9999")


def test_draft_flag(index: Index) -> None:
    assert found(index, "is:draft") == {"drafts/idea.md"}
    assert found(index, "-is:draft") == ALL - {"drafts/idea.md"}
    assert found(index, "cloud -is:draft") == {"tech/alibaba.md", "tech/tencent.md", "undated.md"}
    assert found(index, "is:unread") == ALL  # kept for the app; no filter here


def test_combined_query(index: Index) -> None:
    assert found(index, "cloud tag:科技 after:2025-02 -is:draft") == {"tech/alibaba.md"}
    assert found(index, '"cloud market" cat:商业 before:2025-02') == set()
    assert found(index, "clou* -tag:科技 after:2024 -is:draft") == {"travel/kyoto.md"}


def test_filter_only_query_is_newest_first(index: Index) -> None:
    assert order(index, "-is:draft") == [
        "tech/alibaba.md",
        "tech/tencent.md",
        "travel/kyoto.md",
        "edge/late.md",
        "edge/offset.md",
        "notes/essay.md",
        "undated.md",
    ]


# --- odd and hostile queries ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["!!!", "。，、", "-", "**", '"..."', "()", "“”"])
def test_punctuation_only_finds_nothing(index: Index, query: str) -> None:
    assert index.search(query) == []


HOSTILE = [
    "tag:",
    '"',
    '""',
    "AND",
    "OR",
    "NOT cloud",
    "NEAR(",
    "NEAR(cloud market, 2)",
    "*",
    "cloud*",
    "^cloud",
    "col:x",
    "title:cloud",
    "body : cloud",
    "' OR 1=1 --",
    "'; DROP TABLE articles; --",
    "cloud) OR (1",
    '"cloud" "',
    "-",
    "--",
    "tag:'x'",
    "after:",
    "after:9999-99-99",
    "before:-1",
    "is:",
    "\x00\x1b[31m",
    "{title}: cloud",
    "rowid=1",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(index: Index, query: str) -> None:
    hits = index.search(query, limit=None)
    assert all(isinstance(hit, Hit) for hit in hits)
    assert index.db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(CORPUS)


def test_fts_operators_are_plain_words(index: Index) -> None:
    assert found(index, "AND") == found(index, "and") == {"travel/kyoto.md"}  # a word, not an operator
    assert found(index, "cloud AND maple") == set()
    assert found(index, "NOT cloud") == set()  # no article has the word "not"
    assert found(index, "cloud OR maple") == set()
    assert found(index, "title:cloud") == set()  # not an FTS5 column filter


def test_arbitrary_queries_never_raise(index: Index) -> None:
    @settings(max_examples=150, deadline=None)
    @given(
        st.text(alphabet=st.sampled_from(list("cloud阿里 -:\"*()^'tag:is+NEAR{}")), max_size=30) | st.text()
    )
    def check(text: str) -> None:
        for hit in index.search(text, limit=5):
            assert isinstance(hit.snippet, str)

    check()


# --- ranking and limits --------------------------------------------------------------------------


def test_title_match_ranks_above_body_match(make_archive: MakeArchive) -> None:
    root = make_archive(
        {
            "body.md": "---\ntitle: Harbour notes\ndate: 2025-05-05\n---\nOld lanterns. More lanterns.\n",
            "title.md": "---\ntitle: Lanterns\ndate: 2020-01-01\n---\nSomething else entirely here.\n",
            "neither.md": "---\ntitle: Other\ndate: 2026-01-01\n---\nNothing at all.\n",
        }
    )
    with open_index(str(root)) as index:
        index.update()
        assert order(index, "lanterns") == ["title.md", "body.md"]
        assert order(index, "灯笼 lanterns") == []


def test_ties_go_newer_first(make_archive: MakeArchive) -> None:
    body = "---\ntitle: Same\n{date}---\nIdentical text about tides.\n"
    root = make_archive(
        {
            "a.md": body.format(date="date: 2021-01-01\n"),
            "b.md": body.format(date="date: 2023-01-01\n"),
            "c.md": body.format(date=""),
            "d.md": body.format(date="date: 2022-01-01\n"),
        }
    )
    with open_index(str(root)) as index:
        index.update()
        assert order(index, "tides") == ["b.md", "d.md", "a.md", "c.md"]


def test_limit(index: Index) -> None:
    everything = order(index, "cloud", limit=None)
    assert len(everything) == 4
    assert order(index, "cloud", limit=2) == everything[:2]
    assert order(index, "cloud", limit=0) == everything
    assert len(index.search("-is:draft", limit=3)) == 3
    assert len(index.search("雨")) == 2  # the default limit is 50


# --- snippets ------------------------------------------------------------------------------------


def assert_span(hit: Hit, term: str) -> None:
    assert hit.match is not None, hit
    start, end = hit.match
    assert hit.snippet[start:end].casefold() == term.casefold(), (hit.snippet, hit.match)


@pytest.mark.parametrize(
    ("query", "term", "path"),
    [
        ("market", "market", "tech/alibaba.md"),
        ("ASIA", "Asia", "tech/alibaba.md"),
        ("阿里", "阿里", "tech/alibaba.md"),
        ("挂", "挂", "tech/alibaba.md"),
        ("云计算", "云计算", "tech/alibaba.md"),
        ('"cloud market"', "cloud market", "tech/alibaba.md"),
        ("pric*", "pric", "drafts/idea.md"),
        ("小雨", "小雨", "undated.md"),
        ("temple", "temple", "travel/kyoto.md"),
    ],
)
def test_snippet_holds_the_match(index: Index, query: str, term: str, path: str) -> None:
    hits = {hit.article.path: hit for hit in index.search(query, limit=None)}
    hit = hits[path]
    assert term.casefold() in hit.snippet.casefold()
    assert_span(hit, term)
    assert len(hit.snippet) <= SNIPPET_CHARS + 2


def test_snippet_of_a_match_deep_in_a_long_body(make_archive: MakeArchive) -> None:
    filler = "Filler sentence number {n} about nothing much. "
    body = "".join(filler.format(n=n) for n in range(40))
    root = make_archive(
        {
            "long.md": f"---\ntitle: Long\n---\n{body}The 灯塔守护人 kept the lighthouse. {body}\n",
        }
    )
    with open_index(str(root)) as index:
        index.update()
        for term in ("lighthouse", "Lighthouse", "守护", "灯"):
            (hit,) = index.search(term)
            assert hit.snippet.startswith("…")
            assert hit.snippet.endswith("…")
            assert_span(hit, term)


def test_snippet_without_body_match_falls_back_to_the_summary(index: Index) -> None:
    (hit,) = index.search("梧桐")
    assert hit.snippet == "关于梧桐树的回忆"
    assert hit.match in (None, (2, 4))
    (hit,) = index.search("首日")
    assert hit.match is None
    assert hit.snippet == hit.article.summary[:SNIPPET_CHARS]
    (hit,) = index.search("maples", limit=1)
    assert hit.snippet == "A walk under red maples."


def test_no_snippets_when_not_asked(index: Index) -> None:
    hits = index.search("cloud", snippets=False)
    assert hits
    assert all(hit.snippet == "" and hit.match is None for hit in hits)


def test_latin_snippet_highlights_a_whole_word(make_archive: MakeArchive) -> None:
    root = make_archive({"w.md": "# Weather\n\nCloudy skies at first. Later the cloud lifted.\n"})
    with open_index(str(root)) as index:
        index.update()
        (hit,) = index.search("cloud")
        assert hit.match is not None
        start, end = hit.match
        assert hit.snippet[start:end] == "cloud"
        assert not hit.snippet[end : end + 1].isalnum()


def test_long_phrase_span_stays_inside_the_snippet(make_archive: MakeArchive) -> None:
    phrase = " ".join(f"word{n}" for n in range(20))  # 129 characters
    root = make_archive({"p.md": f"# P\n\nIntro text. {phrase} and the end.\n"})
    with open_index(str(root)) as index:
        index.update()
        (hit,) = index.search(f'"{phrase}"')
        assert_span(hit, phrase)


PLAIN_SNIPPETS = (
    "---\ntitle: Templates\n---\n"
    "## Lookup order\n\n"
    "> [!NOTE]\n> The _template_ lookup order is in the **[source code][]** of the `layouts` folder.\n\n"
    "[source code]: https://example.com/source\n"
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lookup", "Lookup order · The template lookup order is in the source code of the layouts folder."),
        ("source", "Lookup order · The template lookup order is in the source code of the layouts folder."),
    ],
)
def test_snippet_is_plain_rendered_text(make_archive: MakeArchive, query: str, expected: str) -> None:
    """No callout marker, emphasis marks, reference brackets or heading hashes; a heading is set
    off from the text after it."""
    root = make_archive({"t.md": PLAIN_SNIPPETS})
    with open_index(str(root)) as index:
        index.update()
        (hit,) = index.search(query)
        assert hit.snippet == expected
        assert_span(hit, query)


def test_snippet_skips_a_match_only_in_a_url(make_archive: MakeArchive) -> None:
    root = make_archive({"u.md": "# U\n\nSee [the page](https://example.com/zebra) for zebra facts.\n"})
    with open_index(str(root)) as index:
        index.update()
        (hit,) = index.search("zebra")
        assert "https" not in hit.snippet
        assert_span(hit, "zebra")
        assert hit.snippet[hit.match[1] :].startswith(" facts")  # type: ignore[index]


def test_snippet_is_longer_than_a_row_of_the_old_width(make_archive: MakeArchive) -> None:
    """Views cut the snippet to the width they have: the index gives them enough to fill a wide row."""
    sentence = "Words that come after the match fill the rest of the row. "
    root = make_archive({"w.md": f"# W\n\nThe lighthouse stood. {sentence * 8}\n"})
    with open_index(str(root)) as index:
        index.update()
        (hit,) = index.search("lighthouse")
        assert len(hit.snippet) > 200
        assert_span(hit, "lighthouse")


# --- the command line ----------------------------------------------------------------------------

CONTRACT_KEYS = {"path", "title", "date", "tags", "categories", "summary", "draft", "words", "problems"}


def many_articles() -> dict[str, str]:
    files = {
        f"notes/{n:02d}.md": (
            f"---\ntitle: Note {n:02d}\ndate: 2024-03-{n % 28 + 1:02d}T{n // 28:02d}:00:00\n"
            f"tags: [{'even' if n % 2 == 0 else 'odd'}]\n---\nThe lighthouse keeper wrote again.\n"
        )
        for n in range(60)
    }
    files["other.md"] = "---\ntitle: Other\ndate: 2030-01-01\n---\nNothing to see.\n"
    return files


def newest_first(paths: list[str]) -> list[str]:
    files = many_articles()
    return sorted(paths, key=lambda path: files[path].split("date: ")[1][:19], reverse=True)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], command: str, *argv: str) -> Any:
    code, out, err = run(capsys, command, "--json", *argv)
    assert code == 0, err
    assert err == ""
    return json.loads(out)


@pytest.fixture
def many(make_archive: MakeArchive) -> Path:
    return make_archive(many_articles())


def test_cli_search_json_default_limit_and_order(capsys: pytest.CaptureFixture[str], many: Path) -> None:
    items = run_json(capsys, "search", "lighthouse", str(many))
    assert len(items) == 50
    for item in items:
        assert item.keys() >= CONTRACT_KEYS | {"snippet"}
        assert "lighthouse" in item["snippet"]
    everything = run_json(capsys, "search", "lighthouse", str(many), "--limit", "0")
    paths = [item["path"] for item in everything]
    assert len(paths) == 60
    assert paths == newest_first(paths)  # equal relevance: newer first
    assert [item["path"] for item in items] == paths[:50]
    assert len(run_json(capsys, "search", "lighthouse", str(many), "--limit", "7")) == 7
    assert run_json(capsys, "search", "zeppelin", str(many)) == []


def test_cli_list_query_prints_every_match_newest_first(
    capsys: pytest.CaptureFixture[str], many: Path
) -> None:
    items = run_json(capsys, "list", str(many), "--query", "lighthouse")
    paths = [item["path"] for item in items]
    assert len(paths) == 60
    assert paths == newest_first(paths)
    assert all("snippet" not in item for item in items)
    assert items[0].keys() >= CONTRACT_KEYS
    evens = [
        item["path"] for item in run_json(capsys, "list", str(many), "--query", "lighthouse", "--tag", "even")
    ]
    assert evens == [path for path in paths if int(path[6:8]) % 2 == 0]
    assert len(evens) == 30
    assert run_json(capsys, "list", str(many), "--query", "tag:odd", "--tag", "even") == []
    assert len(run_json(capsys, "list", str(many), "--query", "lighthouse", "--limit", "5")) == 5
    assert [item["path"] for item in run_json(capsys, "list", str(many), "--query=-lighthouse")] == [
        "other.md"
    ]


def test_cli_list_query_agrees_with_search(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    for query in ("cloud", "雨", "tag:科技", "after:2024 -is:draft", '"cloud market"'):
        listed = [item["path"] for item in run_json(capsys, "list", str(root), "--query", query)]
        searched = {item["path"] for item in run_json(capsys, "search", query, str(root), "--limit", "0")}
        assert set(listed) == searched, query


def test_cli_search_human_output_shows_titles(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, out, err = run(capsys, "search", "阿里", str(root))
    assert code == 0, err
    assert "阿里巴巴H股上市首日" in out
    assert "tech/alibaba.md" in out
    assert "Autumn in Kyoto" not in out
    code, out, err = run(capsys, "search", "clou*", str(root))
    assert code == 0
    assert "Autumn in Kyoto" in out
    assert "No date here" in out
    assert "\x1b" not in out  # not a terminal: plain text


@pytest.mark.parametrize("query", [*HOSTILE[:20], "", "   "])
def test_cli_odd_queries_exit_cleanly(capsys: pytest.CaptureFixture[str], root: Path, query: str) -> None:
    commands = [["search", "--", query, str(root)]]
    if query != "--":  # see test_cli_list_query_double_dash
        commands.append(["list", str(root), f"--query={query}"])
    for argv in commands:
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        assert "Traceback" not in out + err
        assert err == ""


def test_cli_list_query_double_dash(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, _out, err = run(capsys, "list", str(root), "--query=--")
    assert (code, err) == (0, "")


def test_cli_negated_query_needs_the_double_dash(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    items = run_json(capsys, "search", "--", "-tag:科技", str(root))
    assert {item["path"] for item in items} == ALL - {"tech/alibaba.md", "tech/tencent.md"}
    code, _, err = run(capsys, "search", "-tag:科技", str(root))
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("broadsheet: ")


@given(st.text(st.sampled_from(list("ab 1\n中文軟體かな한，。-_](")) | st.characters(), max_size=80))
def test_index_text_makes_each_cjk_character_a_token(text: str) -> None:
    """The full-text index's tokens (runs of letters and digits, as unicode61 cuts them): every CJK
    character one of its own (in its simplified form: search folds the two scripts), the rest as
    they were, barriers aside."""
    from reader.chinese import fold
    from reader.index.fulltext import _AUTOLINK, _LINK_TARGET, _TOKEN, BARRIER, index_text

    without_links = _AUTOLINK.sub(" ", _LINK_TARGET.sub("]", text))
    spaced = fold(re.sub(f"([{CJK_CLASS}])", r" \1 ", without_links))
    tokens = [token for token in _TOKEN.findall(index_text(text)) if token != BARRIER]
    assert tokens == [token for token in _TOKEN.findall(spaced) if token != BARRIER]


def test_index_text_drops_nothing_but_separators_for_a_barrier() -> None:
    from reader.index.fulltext import _TOKEN, BARRIER, index_text

    assert _TOKEN.findall(index_text("㐀\x1b㐀")) == ["㐀", BARRIER, "㐀"]
    assert _TOKEN.findall(index_text("年，_今")) == ["年", BARRIER, "今"]
    assert _TOKEN.findall(index_text("阿_里")) == ["阿", "里"]


def test_query_terms_are_the_words_and_phrases() -> None:
    from reader.index import parse_query

    assert parse_query('lantern "old quay" pric* tag:x -cloud').terms == ("lantern", "pric*", "old quay")
