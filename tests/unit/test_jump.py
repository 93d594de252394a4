"""The title jump's ranking (reader.jump): fzf-style, CJK by characters, pinyin initials."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.jump import InitialsTable, Ranker, candidates, rank, score_text


def titles(query: str, pairs: list[tuple[str, str]]) -> list[str]:
    result = rank(query, candidates(pairs))
    assert result is not None
    return [ranked.candidate.title for ranked in result[0]]


def test_pinyin_initials_find_a_chinese_title() -> None:
    pairs = [("a.md", "澄湾春季马拉松"), ("b.md", "地铁4号线东延段今日开通"), ("c.md", "Dates to Save")]
    assert titles("dtsx", pairs)[0] == "地铁4号线东延段今日开通"  # 4 is read sì
    assert titles("dt4hx", pairs) == ["地铁4号线东延段今日开通"]
    assert titles("mls", pairs)[0] == "澄湾春季马拉松"


def test_a_character_with_two_readings_is_found_by_either() -> None:
    pairs = [("a.md", "重庆火锅"), ("b.md", "重要通知")]
    assert titles("cq", pairs) == ["重庆火锅"]
    assert titles("zy", pairs) == ["重要通知"]


def test_a_chinese_query_matches_characters_in_order() -> None:
    pairs = [("a.md", "地铁4号线东延段今日开通"), ("b.md", "线路图与地铁站"), ("c.md", "天气")]
    assert titles("地线", pairs) == ["地铁4号线东延段今日开通"]
    assert titles("线地", pairs) == ["线路图与地铁站"]
    assert titles("地铁", pairs)[:2] == ["地铁4号线东延段今日开通", "线路图与地铁站"]


def test_consecutive_letters_beat_scattered_ones() -> None:
    pairs = [("a.md", "Fast Early Risers Report"), ("b.md", "The Ferry Timetable")]
    assert titles("ferry", pairs)[0] == "The Ferry Timetable"


def test_word_starts_beat_the_middle_of_words() -> None:
    pairs = [("a.md", "Scaffolding Costs"), ("b.md", "Folding Bicycles")]
    assert titles("fold", pairs)[0] == "Folding Bicycles"
    assert score_text("ty", "tram year") > score_text("ty", "thirty")  # type: ignore[operator]


def test_shorter_titles_come_first_among_equals() -> None:
    pairs = [("a.md", "Harbour Ferry Timetable Changes"), ("b.md", "Harbour Ferry")]
    assert titles("harbour", pairs) == ["Harbour Ferry", "Harbour Ferry Timetable Changes"]


def test_paths_match_too_below_an_equal_title_match() -> None:
    pairs = [("2024/ferry.md", "Boats"), ("b.md", "Ferry")]
    assert titles("ferry", pairs) == ["Ferry", "Boats"]
    assert titles("2024/", pairs) == ["Boats"]


def test_every_word_of_the_query_must_match() -> None:
    pairs = [("a.md", "Open Source Tools"), ("b.md", "Open Doors"), ("c.md", "Source Code")]
    assert titles("op so", pairs) == ["Open Source Tools"]
    assert titles("SOURCE open", pairs) == ["Open Source Tools"]


def test_an_empty_query_keeps_the_given_order() -> None:
    pairs = [("a.md", "Newest"), ("b.md", "Older")]
    assert titles("  ", pairs) == ["Newest", "Older"]


def test_a_stop_request_ends_the_ranking() -> None:
    assert rank("a", candidates([("a.md", "a")]), stop=lambda: True) is None


def test_latin_titles_carry_no_initials() -> None:
    table = InitialsTable()
    assert table.of("Plain English") is None
    assert table.of("地铁A") == ("d", "t", "a")


TEXT = st.text(alphabet="abcxyz 地铁线号4-/", max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=25), st.text(alphabet="abcxyz 地线4s", max_size=5))
def test_typing_a_query_key_by_key_ranks_as_typing_it_at_once(
    pairs: list[tuple[str, str]], query: str
) -> None:
    pool = candidates(pairs)
    ranker = Ranker(pool)
    for end in range(1, len(query) + 1):
        ranker.rank(query[:end])
    at_once = rank(query, pool)
    typed = ranker.rank(query)
    assert at_once is not None
    assert typed is not None
    assert [r.candidate for r in typed] == [r.candidate for r in at_once[0]]


@given(st.text(max_size=20), st.text(max_size=20))
def test_a_score_means_the_query_is_a_subsequence(term: str, text: str) -> None:
    found = score_text(term, text)
    if found is None:
        return
    position = 0
    for char in term:
        position = text.index(char, position) + 1
