"""The fast ways to a title and summary from the body give what the full parse gives.

`_from_prefix` parses only a prefix that ends at a blank line; `parse.token_text` skips the
inline parse for text without markup. Both are checked against the slow path on Markdown built
from the pieces that change block structure (fences, lists, quotes, HTML, tables, setext).
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.load.normalise import _from_body, _from_prefix
from reader.markdown import parse

WORDS = ["alpha", "beta", "中文", "记者", "AI", "x" * 40, "09988.HK", "a:b", "#tag", "$5", "%", "+1", "="]
WORDS += ["{x}", "1.", "2)", "12345", "-", "* x"]
MARKS = ["**b**", "*e*", "_u_", "`c`", "[l](u)", "![i](p)", "<b>", "&amp;", "~~s~~", "[^1]", "\\*", "<x@y.z>"]
LINES = [
    "# Title",
    "#  Spaced *title*",
    "## Sub",
    "Setext",
    "===",
    "---",
    "```",
    "~~~",
    "    indented code",
    "> quote",
    ">",
    "- item",
    "1. item",
    "  continued",
    "<div>",
    "</div>",
    "<!-- c -->",
    "<script>",
    "</script>",
    "| a | b |",
    "|---|---|",
    "[ref]: /url",
    "![only](image.png)",
    "<!--more-->",
    "",
    "",
    "",
    " \t",
]


@st.composite
def text_line(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(WORDS + MARKS), min_size=1, max_size=12))
    joiner = draw(st.sampled_from([" ", "", "  "]))
    return joiner.join(parts) + draw(st.sampled_from(["", "  ", " ", "\\"]))


@st.composite
def bodies(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(st.sampled_from(LINES), text_line()), min_size=0, max_size=40))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies(), st.sampled_from(["", "T"]), st.sampled_from(["", "S"]))
@example("```\n\n# Title\n\n" + "word " * 60 + "\n\nPara\n", "", "")
@example("- a\n\n  b " + "x " * 200 + "\n\nc\n", "T", "")
def test_prefix_gives_what_the_full_head_gives(body: str, title: str, summary: str) -> None:
    fast = _from_prefix(body, title, summary)
    if fast is not None:
        assert fast == _from_body(body, title, summary)


@settings(max_examples=2000, deadline=None)
@given(st.lists(text_line(), min_size=1, max_size=4).map("\n".join))
def test_text_without_markup_skips_the_inline_parse(paragraph: str) -> None:
    tokens = parse.parse_blocks(paragraph)
    for token in tokens:
        if token.type == "inline":
            fast = parse.token_text(token)
            token.children = None
            assert fast == parse.inline_text(parse.children(token))
