"""The word diff behind `d`: words and CJK characters, folded context, the plain marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from reader.render.diff import diff_text
from reader.textdiff import Piece, changed, plain, tokens, word_diff


def sides(pieces: list[Piece]) -> tuple[str, str]:
    old = "".join(piece.text for piece in pieces if piece.op in ("same", "gone"))
    new = "".join(piece.text for piece in pieces if piece.op in ("same", "new"))
    return old, new


def test_words_change_not_lines() -> None:
    pieces = word_diff("The quick brown fox jumps.\n", "The quick red fox jumps high.\n")
    assert plain(pieces) == "The quick [-brown-]{+red+} fox jumps{+ high+}.\n"


def test_cjk_changes_one_character_at_a_time() -> None:
    assert tokens("地铁4号线, ok") == ["地", "铁", "4", "号", "线", ",", " ", "ok"]
    pieces = word_diff("地铁四号线今天开通。\n", "地铁五号线今天开通。\n")
    assert plain(pieces) == "地铁[-四-]{+五+}号线今天开通。\n"


def test_unchanged_stretches_are_folded_around_changes() -> None:
    old = "".join(f"line {n}\n" for n in range(20))
    new = old.replace("line 10\n", "line ten\n")
    text = plain(word_diff(old, new))
    assert text.startswith("⋯ 8 unchanged lines ⋯\nline 8\nline 9\nline [-10-]{+ten+}\nline 11\nline 12\n")
    assert text.endswith("⋯ 7 unchanged lines ⋯\n")
    assert plain(word_diff(old, new, context=None)).count("\n") == 20


def test_nothing_changed() -> None:
    assert not changed(word_diff("same\n", "same\n"))
    assert changed(word_diff("same\n", "same\nmore\n"))


texts = st.lists(st.sampled_from(["a", "b", "word", " ", "\n", "地", "铁", ".", "x y\n"]), max_size=30).map(
    "".join
)


@given(texts, texts)
def test_the_full_diff_gives_back_both_texts(old: str, new: str) -> None:
    assert sides(word_diff(old, new, context=None)) == (old, new)


def test_rich_text_styles_and_keeps_the_plain_marks() -> None:
    pieces = word_diff("one [b]two\x1b[31m\n", "one three\n")
    text = diff_text(pieces)
    assert isinstance(text, Text)
    assert "\x1b" not in text.plain
    assert text.plain == "one [-[b]two[31m-]{+three+}\n"  # the escape byte alone goes
    styles = {str(span.style) for span in text.spans}
    assert {"red strike", "green bold"} <= styles
