"""`reader.index.fulltext.index_text` against the plain definition it replaced (two substitutions with
a function a match), on text made to hit every branch: CJK runs, the gaps between them, Latin words,
links, text without CJK and text whose only high characters are not CJK."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.chinese import fold
from reader.index.fulltext import BARRIER, _may_hold_cjk, index_text
from reader.text import CJK_CLASS

_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<https?://[^>\s]*>|https?://\S+")
_CJK_GAP = re.compile(f"(?<=[{CJK_CLASS}])[\\W_]+(?=[{CJK_CLASS}])")
_JOINING = re.compile(r"[ \t*_~`\[\]]*\n?[ \t*_~`\[\]]*")


def reference(text: str) -> str:
    """index_text as it was written first, with Chinese folded to simplified characters since."""
    text = _AUTOLINK.sub(" ", _LINK_TARGET.sub("]", text))
    text = _CJK_GAP.sub(lambda m: m.group() if _JOINING.fullmatch(m.group()) else f" {BARRIER} ", text)
    return _CJK_RUN.sub(lambda m: " " + " ".join(fold(m.group())) + " ", text)


PIECES = st.sampled_from(
    [
        "阿",
        "里巴巴",
        "軟體",
        "乾隆",
        "한국",
        "カタカナ",
        "\U00020000",
        "\uf900",
        "〇",
        "々",
        "，",
        "。",
        "、",
        "「",
        "」",
        "：",
        " ",
        "\n",
        "\n\n",
        "\t",
        "*",
        "**",
        "_",
        "~",
        "`",
        "[",
        "]",
        "(",
        ")",
        "-",
        "—",
        "“",
        "é",
        "Ж",
        "ａ",
        "word",
        "H股",
        "09988.HK",
        "[链接](http://x.cn/a)",
        "<https://a.b/c>",
        "https://x.y/z ",
        "\x00",
        "\ud800",
        "\u3000",
        "\ue000",
        "\U0001f600",
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join))
@example("")
@example("年，今天**阿**里\n巴巴 H股 。")
@example("plain ascii text with [a link](http://example.com) only")
@example("“quoted” café — naïve")
def test_index_text_is_the_plain_definition(text: str) -> None:
    assert index_text(text) == reference(text)


@given(st.text(max_size=30))
def test_no_cjk_is_ever_missed(text: str) -> None:
    if _CJK_RUN.search(text):
        assert _may_hold_cjk(text)
