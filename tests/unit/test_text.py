"""reader.text: sanitising, CJK detection, word counts, clipping."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.text import CJK_CLASS, clip, collapse_space, count_words, is_cjk, sanitise


def test_sanitise_removes_terminal_controls_but_keeps_tab_and_newline() -> None:
    dirty = "a\tb\nc\x1b]52;c;SGVsbG8=\x07d\x1b[2Je\x9b31mf\x00g\x7fh\x85i"
    clean = sanitise(dirty)
    assert clean == "a\tb\nc]52;c;SGVsbG8=d[2Je31mfghi"
    assert not any(ord(ch) < 32 and ch not in "\t\n" for ch in clean)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in clean)


def test_sanitise_turns_crlf_into_lf_and_drops_lone_cr() -> None:
    assert sanitise("one\r\ntwo\rthree") == "one\ntwothree"


@pytest.mark.parametrize(("text", "words"), [("Hello world 你好世界 foo", 7), ("— hello —", 1), ("", 0)])
def test_count_words_counts_each_cjk_character(text: str, words: int) -> None:
    assert count_words(text) == words


def _words_by_definition(text: str) -> int:
    """The count as first written: CJK characters become spaces and are counted one each, then every
    whitespace-separated token with a letter or digit is a word."""
    latin, cjk = re.subn(f"[{CJK_CLASS}]", " ", text)
    return cjk + sum(1 for token in latin.split() if re.search(r"[^\W_]", token))


# Words, CJK, full-width and ASCII punctuation, and every kind of space `str.split` knows.
_WORDY = st.text(
    st.sampled_from(list("ab9_-—.*#é中文かな한\u3000，。 \t\n\x0b\x0c\x1c\x1f\x85\xa0\u2028"))
    | st.characters(),
    max_size=60,
)


@given(_WORDY)
def test_count_words_matches_its_definition(text: str) -> None:
    assert count_words(text) == _words_by_definition(text)


@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_count_words_of_ascii_text_matches_its_definition(text: str) -> None:
    assert count_words(text) == _words_by_definition(text)


# Pieces that send `count_words` each way: few characters beyond ASCII (counted in bytes), many
# (Chinese, 200 accented letters) or many kinds of them (20 letters): by regular expression.
_PIECES = st.sampled_from(["word ", "中文" * 40, "“quoted” ", "é" * 200, "àáâãäåæçèéêëìíîïðñòó "])


@given(st.lists(_WORDY | _PIECES, max_size=12).map("".join))
def test_count_words_of_long_mixed_text_matches_its_definition(text: str) -> None:
    """Long enough for both ways of counting text beyond ASCII: character by character (a few
    kinds of such characters) and by regular expression (many, as in Chinese text)."""
    assert count_words(text) == _words_by_definition(text)


def test_is_cjk_covers_han_kana_hangul_not_latin_or_fullwidth_punctuation() -> None:
    assert all(is_cjk(ch) for ch in "中あア한")
    assert not any(is_cjk(ch) for ch in "a1，。")


def test_clip_cuts_to_limit_with_ellipsis_only_when_needed() -> None:
    assert clip("short", 200) == "short"
    assert clip("x" * 200, 200) == "x" * 200
    cut = clip("字" * 300, 200)
    assert len(cut) <= 200
    assert cut.endswith("…")


def test_collapse_space_joins_cjk_soft_breaks_only() -> None:
    assert collapse_space("第一行\n第二行") == "第一行第二行"
    assert collapse_space("first\n  second\t third") == "first second third"


# --- search terms and snippets -------------------------------------------------------------------


def test_term_spans_match_as_the_index_does() -> None:
    from reader.text import term_spans

    text = "Cloudy. The cloud, CLOUD and clouds; 云计算和云。"
    assert [text[a:b] for a, b in term_spans(text, ["cloud"])] == ["cloud", "CLOUD"]
    assert [text[a:b] for a, b in term_spans(text, ["cloud*"])] == ["Cloud", "cloud", "CLOUD", "cloud"]
    assert [text[a:b] for a, b in term_spans(text, ["云"])] == ["云", "云"]
    assert [text[a:b] for a, b in term_spans(text, ["the cloud", "cloud"])] == ["The cloud", "CLOUD"]
    assert term_spans(text, ["*", ""]) == []


def test_fit_snippet_counts_cells_and_keeps_the_match_in_view() -> None:
    from rich.cells import cell_len

    from reader.text import fit_snippet

    snippet = "云" * 60 + "灯塔" + "守" * 60
    cut, match = fit_snippet(snippet, (60, 62), 40)
    assert cell_len(cut) <= 40
    assert match is not None
    assert cut[match[0] : match[1]] == "灯塔"
    assert cut.startswith("…")
    assert cut.endswith("…")
    assert cell_len(cut[: match[0]]) <= 40 // 3
    assert fit_snippet("short", (0, 5), 40) == ("short", (0, 5))


def test_is_cjk_is_cjk_class_code_point_by_code_point() -> None:
    """`is_cjk` and `is_cjk_or_punct` compare code points (no pattern to compile at start-up): they
    must say what the character classes say, over the whole BMP and the ideographic planes."""
    from reader.text import is_cjk_or_punct

    cjk = re.compile(f"[{CJK_CLASS}]")
    punct = re.compile("[\u3000-\u303f\uff00-\uffef]")
    for code in range(0x31000):
        char = chr(code)
        assert is_cjk(char) == bool(cjk.match(char)), hex(code)
        assert is_cjk_or_punct(char) == bool(cjk.match(char) or punct.match(char)), hex(code)
    assert not is_cjk("")
    assert not is_cjk_or_punct("")
    assert is_cjk("中a")
    assert not is_cjk("a中")


def test_text_with_a_few_characters_beyond_ascii_is_counted_in_bytes() -> None:
    from reader import text

    assert text._others_replaced("“Café” 中\u3000x".encode()) == "“Cafa”  a  x".encode()
    assert count_words("“Café” — 中 x\u3000y") == 4
    assert text._others_replaced("àáâãäåæçèéêëìíîïðñòó".encode()) is None  # too many kinds
