"""Saved searches, series and the timeline: the rules, the settings file and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import rules
from reader.cli import main
from reader.index import open_index, parse_query
from reader.model import Archive, Article, Stamp
from reader.paths import config_dir
from reader.rules import Filter, UnknownSearch, browse, part_of, saved_query, timeline
from reader.settings import load_settings, parse_settings, save_settings

from .helpers import Tree


def article(path: str, iso: str | None = None, series: tuple[str, ...] = ()) -> Article:
    import datetime as dt

    stamp = None
    if iso is not None:
        stamp = Stamp(iso, dt.datetime.fromisoformat(iso).replace(tzinfo=dt.UTC).timestamp())
    return Article(path=path, title=path, date=stamp, series=series)


ARCHIVE = Archive.build(
    "/x",
    [
        article("rust/part-2.md", "2024-03-01", ("Learning Rust",)),
        article("rust/part-1.md", "2024-02-01", ("Learning Rust",)),
        article("rust/part-3.md", "2024-03-01", ("Learning Rust", "Systems")),
        article("rust/part-10.md", None, ("Learning Rust",)),
        article("news/a.md", "2024-03-15"),
        article("news/b.md", "2023-12-31"),
        article("news/c.md", "2023-12-01T10:00:00"),
    ],
)


def paths(articles: tuple[Article, ...] | list[Article]) -> list[str]:
    return [a.path for a in articles]


# --- the rules ---------------------------------------------------------------------------


def test_a_series_is_browsed_oldest_first_ties_by_path_undated_last() -> None:
    chosen = Filter(series="Learning Rust")
    expected = ["rust/part-1.md", "rust/part-2.md", "rust/part-3.md", "rust/part-10.md"]
    assert paths(browse(ARCHIVE, chosen, {}, "date")) == expected
    assert paths(browse(ARCHIVE, chosen, {}, "unread")) == expected
    assert paths(browse(ARCHIVE, chosen, {}, "title"))[0] == "rust/part-1.md"  # asked for: by title
    assert part_of(browse(ARCHIVE, chosen, {}), ARCHIVE.find("rust/part-3.md")) == (3, 4)  # type: ignore[arg-type]
    assert part_of((), ARCHIVE.articles[0]) is None
    assert paths(rules.series_parts(ARCHIVE, "Learning Rust")) == expected


def test_a_series_is_said_to_be_in_reading_order() -> None:
    assert rules.order_name("date", ARCHIVE, Filter(series="S")) == rules.SERIES_ORDER
    assert rules.order_name("unread", ARCHIVE, Filter(series="S")) == rules.SERIES_ORDER
    assert rules.order_name("title", ARCHIVE, Filter(series="S")) == "by title"
    assert rules.order_name("date", ARCHIVE, Filter()) == "newest first"


def test_series_counts_longest_first() -> None:
    assert rules.series_counts(ARCHIVE) == {"Learning Rust": 4, "Systems": 1}


def test_the_timeline_counts_months_by_year_newest_first() -> None:
    assert timeline(ARCHIVE) == {
        "2024": {"2024-03": 3, "2024-02": 1},
        "2023": {"2023-12": 2},
    }


def test_choosing_a_month_keeps_its_year_and_dropping_the_year_drops_the_month() -> None:
    chosen = Filter().toggled("month", "2023-12")
    assert chosen == Filter(year="2023", month="2023-12")
    assert paths(browse(ARCHIVE, chosen, {})) == ["news/b.md", "news/c.md"]
    assert chosen.pairs == {("year", "2023"), ("month", "2023-12")}
    assert chosen.describe() == "2023-12"
    assert chosen.toggled("month", "2023-12") == Filter(year="2023")
    assert chosen.toggled("year", "2023") == Filter()
    assert Filter().toggled("series", "S").toggled("series", "S") == Filter()
    assert Filter(series="S").describe() == "series S"


def test_saved_queries_expand_and_an_unknown_name_is_an_error() -> None:
    searches = {"rust": "series:Rust is:unread"}
    assert saved_query("@rust", searches) == "series:Rust is:unread"
    assert saved_query("  @rust  borrow ", searches) == "series:Rust is:unread borrow"
    assert saved_query("plain words", searches) == "plain words"
    with pytest.raises(UnknownSearch, match="'nope'"):
        saved_query("@nope", searches)


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc", "Zl", "Zp")), min_size=1),
    st.text(max_size=20),
)
def test_a_saved_name_expands_to_its_query_and_what_follows(name: str, rest: str) -> None:
    expanded = saved_query(f"@{name} {rest}", {name: "tag:x"})
    assert expanded.split() == ["tag:x", *rest.split()]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_a_series_term_parses_and_never_raises(name: str) -> None:
    value = name.replace('"', "")
    query = parse_query(f'series:"{value}" -series:other')
    assert query.not_series == ("other",)
    if value:
        assert query.series == (value,)


# --- settings ----------------------------------------------------------------------------


def test_saved_searches_are_read_from_their_table_and_bad_entries_reported() -> None:
    text = '[searches]\nrust = "series:Rust"\n"two words" = "x"\nempty = ""\nnumber = 3\n'
    settings, problems = parse_settings(text)
    assert settings.saved == {"rust": "series:Rust"}
    assert len(problems) == 3
    assert any("'two words'" in problem for problem in problems)
    settings, problems = parse_settings('searches = "not a table"\n')
    assert settings.searches == ()
    assert len(problems) == 1
    assert "table" in problems[0]


def test_saving_searches_keeps_comments_and_other_entries(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('sort = "title"  # mine\n\n[searches]\n# kept\nold = "tag:x"\n', encoding="utf-8")
    save_settings({"searches": {"old": "tag:x", "new": "is:unread"}}, path)
    save_settings({"sidebar_width": 30}, path)  # a top-level key still goes above the table
    text = path.read_text(encoding="utf-8")
    assert "# mine" in text
    assert "# kept" in text
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.saved == {"old": "tag:x", "new": "is:unread"}
    assert settings.sidebar_width == 30
    save_settings({"searches": (("new", "is:unread"),)}, path)
    assert load_settings(path)[0].saved == {"new": "is:unread"}


def test_a_bad_name_is_not_saved(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a name"):
        save_settings({"searches": {"two words": "x"}}, tmp_path / "settings.toml")
    assert not (tmp_path / "settings.toml").exists()


# --- the index and the command line ------------------------------------------------------

FILES: Tree = {
    "rust/part-2.md": "---\ntitle: Two\ndate: 2024-03-01\nseries: Learning Rust\ntags: [rust]\n---\nBorrow\n",
    "rust/part-1.md": "---\ntitle: One\ndate: 2024-02-01\nseries: [Learning Rust]\ntags: [rust]\n---\nOwn.\n",
    "rust/part-3.md": "---\ntitle: Three\ndate: 2024-04-01\nseries: [Learning Rust]\n---\nBorrow more.\n",
    "news/a.md": "---\ntitle: News\ndate: 2024-05-01\nseries: [Learning Rusty]\ntags: [rust]\n---\nBorrow.\n",
}


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(FILES)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def titles(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return [item["title"] for item in json.loads(out)]


def save(searches: str) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text(f"[searches]\n{searches}\n", encoding="utf-8")


def test_the_index_counts_and_finds_a_series_whole(archive: Path) -> None:
    with open_index(str(archive)) as index:
        index.update()
        query = parse_query('series:"Learning Rust" borrow')
        assert {hit.article.title for hit in index.search(query)} == {"Two", "Three"}
        assert index.count_matches(query) == 2
        assert index.count_matches(parse_query('-series:"Learning Rust"')) == 1
        assert rules.count(index, parse_query("tag:rust"), {}) == 3
        assert rules.count(index, parse_query("tag:rust is:unread"), {}) == 3
        assert index.count_matches(parse_query("...")) == 0


def test_list_series_in_reading_order(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    assert titles(capsys, "list", str(archive), "--series", "Learning Rust") == ["One", "Two", "Three"]
    with_query = titles(capsys, "list", str(archive), "--series", "Learning Rust", "--query", "borrow")
    assert with_query == ["Two", "Three"]
    by_title = titles(capsys, "list", str(archive), "--series", "Learning Rust", "--sort", "title")
    assert by_title == ["One", "Three", "Two"]
    newest_first = titles(capsys, "list", str(archive), "--query", 'series:"Learning Rust"')
    assert newest_first == ["Three", "Two", "One"]


def test_list_and_search_run_a_saved_search(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    save('rust = "tag:rust -series:Learning*"\nborrow = "borrow tag:rust"')
    assert titles(capsys, "list", str(archive), "--query", "@borrow") == ["News", "Two"]
    found = titles(capsys, "search", "@borrow", str(archive))
    assert sorted(found) == ["News", "Two"]
    assert titles(capsys, "list", str(archive), "--query", "@borrow -tag:nothing") == ["News", "Two"]


@pytest.mark.parametrize("command", [["list", "--query", "@nope"], ["search", "@nope"]])
def test_an_unknown_saved_search_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], archive: Path, command: list[str]
) -> None:
    save('rust = "tag:rust"')
    code, out, err = run(capsys, *command, str(archive))
    assert code == 2
    assert out == ""
    assert err.splitlines() == ["broadsheet: no saved search named 'nope' (settings.toml, [searches])"]
