"""Issue 5: Chinese (and every other) article through `show --color never` reads cleanly at any width.

The fixtures in tests/fixtures/render are original texts written for these tests; `render_checks.problems`
is the independent oracle for what a clean rendering is.
"""

from __future__ import annotations

import io
import itertools
import re
import tracemalloc
from functools import cache
from pathlib import Path

import pytest
from hypothesis import example, given, reject, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment

from reader.cli import main
from reader.render import make_console
from reader.render.cjk import JOINED_LINES, CJKText, divide_line, units

from .render_checks import CLOSING, OPENING, problems, strip_front_matter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "render"
FILES = ["zh_news.md", "en_article.md", "mixed.md", "callouts.md", "extras.md"]
WIDTHS = [40, 60, 80, 120]


def show(path: Path, width: int, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["show", str(path), "--width", str(width), "--color", "never"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def flat(output: str) -> str:
    """The output's words with frames, bars and line breaks gone: for `is this sentence there` checks."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", output).split())


def pieces(text: str, width: int) -> list[str]:
    offsets = [0, *divide_line(text, width), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(offsets)]


# --- whole articles through `show` ------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", FILES)
def test_show_output_has_no_problems(name: str, width: int, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / name
    out = show(path, width, capsys)
    assert "\x1b" not in out
    assert problems(path.read_text(encoding="utf-8"), out, width) == []


def test_zh_news_fixture_has_what_the_issue_asks_for() -> None:
    source = (FIXTURES / "zh_news.md").read_text(encoding="utf-8")
    body = strip_front_matter(source)
    assert len(re.findall(r"[\u4e00-\u9fff]", body)) >= 1400
    assert re.search(r"\*\*[^*]+。\*\*下一句", body)
    for needle in ("**（记者", "iPhone", "Qwen2.5-Max", "09988.HK", "DeepSeek-R1", "40%"):
        assert needle in body
    for needle in ("2025年", "“", "《", "……", "——", "![图片](https://img.example.com/a/b/c.jpg)", "| ---"):
        assert needle in body
    assert body.count("\n> ") >= 3


def test_bold_next_to_full_width_punctuation_loses_its_asterisks(capsys: pytest.CaptureFixture[str]) -> None:
    out = show(FIXTURES / "zh_news.md", 80, capsys)
    assert "（记者 林晓舟）今天上午" in out
    assert "整句加粗，强调今日最重要的市场信号。下一句" in out


def test_plain_rich_markdown_fails_the_same_checks() -> None:
    """The oracle can fail: Rich's own Markdown chops the Chinese article at 40 columns."""
    source = (FIXTURES / "zh_news.md").read_text(encoding="utf-8")
    console = Console(file=io.StringIO(), width=40, color_system=None, legacy_windows=False)
    console.print(Markdown(strip_front_matter(source)))
    found = problems(source, console.file.getvalue(), 40)  # type: ignore[attr-defined]
    assert found
    assert any("**" in problem for problem in found)
    assert any("starts with closing" in problem or "Latin token" in problem for problem in found)


def test_header_title_wraps_by_cjk_rules(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "zh_news.md"
    assert problems(path.read_text(encoding="utf-8"), show(path, 37, capsys), 37) == []


# --- the oracle itself -------------------------------------------------------------------------

SOURCE = "---\ntitle: t\n---\n\n价格上涨**40%**，iPhone 销量。![图](https://img.example.com/x.jpg)\n"
GOOD = "t\n────\n\n价格上涨40%，iPhone 销量。\n▣ [1] 图  img.example.com/x.jpg\n"


@pytest.mark.parametrize(
    ("output", "complaint"),
    [
        (GOOD.replace("40%", "**40%**"), "literal **"),
        (GOOD.replace("iPhone", "iPh\none"), "Latin token 'iPhone'"),
        (GOOD.replace("40%，", "40%\n，"), "starts with closing"),
        (GOOD.replace("价格上涨", "价格上涨" + "x" * 40), "cells wide"),
        (GOOD.replace("销量", "销"), "lost"),
        (GOOD.replace("销量", "销量量"), "duplicated"),
        (GOOD.replace("img.example.com", "image"), "image host"),
        (GOOD.replace("▣ [1] 图", "▣ [1] 图（"), "ends with opening"),
    ],
)
def test_problems_notices_each_kind_of_fault(output: str, complaint: str) -> None:
    assert problems(SOURCE, GOOD, 40) == []
    assert any(complaint in problem for problem in problems(SOURCE, output, 40))


# --- units and divide_line --------------------------------------------------------------------


@pytest.mark.parametrize("token", ["iPhone", "09988.HK", "Qwen2.5-Max", "DeepSeek-R1", "40%", "don’t"])
@pytest.mark.parametrize("width", range(12, 30))
def test_latin_tokens_are_never_split(token: str, width: int) -> None:
    text = f"据报道，新款{token}今天发布，售价上涨{token}左右。{token} {token}"
    assert [unit for _, _, unit in units(text) if token in unit]
    for piece in pieces(text, width):
        assert cell_len(piece.rstrip()) <= width
    lines = pieces(text, width)
    assert sum(line.count(token) for line in lines) == 4, lines


@pytest.mark.parametrize("width", range(10, 30))  # the widest unit, `（ Go ）？`, has 10 cells
def test_closing_marks_never_start_a_line_and_opening_never_end_one(width: int) -> None:
    text = "他说：“今天（周四）的《报告》很好。”然后「离开」了……对吗？是的！ 用 Rust ，还是（ Go ）？"
    lines = pieces(text, width)
    for before, after in itertools.pairwise(lines):
        assert after[0] not in CLOSING, lines
        assert before.rstrip()[-1] not in OPENING, lines


@pytest.mark.parametrize("width", [4, 5, 7, 10, 13])
def test_wide_characters_and_emoji_respect_the_width(width: int) -> None:
    text = "中文🙂混排🚀测试🎉，宽度가나다かなカナ１２３。"
    lines = pieces(text, width)
    assert "".join(lines) == text
    assert all(cell_len(line.rstrip()) <= width for line in lines), lines


def test_a_unit_wider_than_the_line_is_folded() -> None:
    url = "https://example.com/" + "a" * 50
    text = f"见{url}。"
    lines = pieces(text, 20)
    assert "".join(lines) == text
    assert all(cell_len(line) <= 20 for line in lines)
    assert len(lines) >= 4


def test_narrower_than_one_character_gives_no_empty_lines() -> None:
    assert pieces("中文中文", 1) == ["中", "文", "中", "文"]


def test_emoji_zwj_sequence_is_never_split() -> None:
    family = "👨\u200d👩\u200d👧"
    text = f"家族{family}好"
    start, end = text.index(family), text.index(family) + len(family)
    for width in range(2, 10):
        assert not [offset for offset in divide_line(text, width) if start < offset < end], width


# --- a property over random text ---------------------------------------------------------------

_ATOMS = [
    *"中文测试港股科技模型数据市场记者今天。",
    *"かなカナ한국어",
    *"，。、；：？！）」』”》…（「『“《",
    *",.;:!?()\"'-",
    " ",
    " ",
    "  ",
    "\u3000",
    "🙂",
    "🚀",
    "🎉",
    "iPhone",
    "Qwen2.5-Max",
    "09988.HK",
    "DeepSeek-R1",
    "40%",
    "2025",
    "7",
    "don’t",
    "Supercalifragilisticexpialidocious",
]
# A Latin word, number or ticker (`don’t` included): no line may break inside one unless it was folded.
_LATIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._%+’\-]*[A-Za-z0-9%])?")


@cache
def _unit_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(units(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_ATOMS), max_size=120).map("".join),
    st.one_of(st.integers(4, 24), st.integers(4, 120)),  # narrow widths break more often
)
def test_divide_line_property(text: str, width: int) -> None:
    lines = pieces(text, width)
    assert "".join(lines) == text
    for line in lines:
        assert cell_len(line.rstrip()) <= width, (line, width)
    spans = _unit_spans(text)
    assert "".join(unit for _, _, unit in spans) == text

    def folded(offset: int) -> bool:
        """The character before `offset` belongs to a unit wider than the width (so it was folded)."""
        return any(start < offset <= end and cell_len(unit.rstrip()) > width for start, end, unit in spans)

    inside_latin = {
        offset for token in _LATIN.finditer(text) for offset in range(token.start() + 1, token.end())
    }
    for offset in divide_line(text, width):
        if folded(offset):
            continue
        assert text[offset] not in CLOSING, (text, width, offset)
        before = text[:offset].rstrip()
        assert not before or before[-1] not in OPENING, (text, width, offset)
        assert offset not in inside_latin, (text, width, offset)


# --- callouts and the extras -------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_callouts_show_titles_and_bodies_never_markers(
    width: int, capsys: pytest.CaptureFixture[str]
) -> None:
    out = show(FIXTURES / "callouts.md", width, capsys)
    assert "[!" not in out
    text = flat(out)
    for title in ("Note", "Warning", "Read this first", "Why is this folded?", "Open foldable", "Custom"):
        assert title in text
    for line in (
        "Notes carry background the reader may skip.",
        "Warnings span several lines of text. This second line continues the same paragraph.",
        "And a second paragraph closes the warning.",
        "Tips come with their own title.",
        # the folded callout is printed open
        "Because the answer is long and most readers already know it.",
        "This one folds but starts open.",
        "The callout introduces a quotation:",
        "A nested quote lives inside the callout.",
        "Unknown kinds still render as a callout.",
        "A plain quote, with no marker at all.",
        "Its second paragraph stays inside the same quote.",
    ):
        assert line in text, line


def test_callouts_are_panels_and_the_plain_quote_is_not(capsys: pytest.CaptureFixture[str]) -> None:
    out = show(FIXTURES / "callouts.md", 80, capsys)
    assert out.count("╭─") == 7
    plain = next(line for line in out.splitlines() if "A plain quote" in line)
    assert plain.startswith("│ A plain quote")
    nested = next(line for line in out.splitlines() if "A nested quote" in line)
    assert nested.startswith("│ │ A nested quote")


@pytest.mark.parametrize("width", WIDTHS)
def test_extras_are_readable(width: int, capsys: pytest.CaptureFixture[str]) -> None:
    out = show(FIXTURES / "extras.md", width, capsys)
    text = flat(out)
    assert "automated in 1987[^1]," in text
    assert "[^1] According to the harbour board's annual report." in text
    assert "☐ repaint the railings" in text
    assert "☑ replace the lamp" in text
    assert "{{< note >}}Shortcodes are shown as text, not executed.{{< /note >}}" in text
    assert "{{% notice tip %}}Bring a torch for the stairs.{{% /notice %}}" in text
    assert "Hello world" in text
    for hidden in ("<div", "<b>", "</b>", "class=", "<!--", "more-->"):
        assert hidden not in out
    assert "def beam(angle: float) -> str:" in out
    assert "sweeping at" in out
    assert "```" not in out


def test_korean_breaks_between_words_only() -> None:
    text = "한국어 문장은 띄어쓰기 단위로 줄을 바꿉니다 만들었다고 합니다"
    for width in range(12, 40):
        for offset in divide_line(text, width):
            assert text[offset - 1] == " ", (width, text[:offset])


def test_a_ticker_after_a_leading_space_is_not_folded() -> None:
    # Found by hypothesis: Rich counts the leading space into the first word and folded `09988.HK`.
    assert divide_line(" 09988.HK", 8) == [1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "iPhone", "09988.HK", " ", "  ", "Qwen2.5-Max", ",", "x" * 30]), max_size=40
    ).map("".join),
    st.integers(4, 60),
)
def test_the_rich_shortcut_breaks_exactly_where_the_units_do(text: str, width: int) -> None:
    from unittest import mock

    import reader.render.cjk as cjk

    fast = divide_line(text, width)
    with mock.patch.object(cjk, "_plain_words_that_fit", return_value=False):
        assert divide_line(text, width) == fast


def test_a_word_longer_than_the_line_is_broken_in_little_memory() -> None:
    word = "a" * 300_000
    tracemalloc.start()
    try:
        breaks = divide_line(word, 80)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(breaks) == (len(word) - 1) // 80
    assert peak < 8 * len(word), f"{peak / 1e6:.1f} MB"  # ~120 bytes a character before


def test_a_long_paragraph_is_rendered_in_pieces_of_lines() -> None:
    console = make_console("never", 40, file=io.StringIO())
    segments: list[Segment] = list(console.render(CJKText("word " * 20_000)))
    assert sum(segment.text.count("\n") for segment in segments) == 20_000 * 5 // 40
    assert max(segment.text.count("\n") for segment in segments) <= JOINED_LINES


def _divide_line_by_units(text: str, width: int) -> list[int]:
    """`divide_line` as first written, unit by unit from `units` (the reference for the faster one;
    a unit wider than a line is cut as the breaker cuts it)."""
    from reader.render.cjk import _chop

    if len(text) <= width and cell_len(text) <= width:
        return []
    breaks: list[int] = []
    line = 0
    for start, _end, unit in units(text):
        full = cell_len(unit)
        visible = cell_len(unit.rstrip()) if unit[-1:].isspace() else full
        if line + visible <= width:
            line += full
            continue
        if visible <= width:
            if start:
                breaks.append(start)
            line = full
            continue
        if start and line:
            breaks.append(start)
        pieces = _chop(unit.rstrip(), width)
        for piece in pieces[:-1]:
            start += len(piece)
            breaks.append(start)
        line = cell_len(pieces[-1]) + (full - visible)
    return [offset for offset in breaks if 0 < offset < len(text)]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_ATOMS, "\u200d", "\u200d中", "a\u200d", "’", " ’", "\n", "（", "\t"]), max_size=80
    ).map("".join),
    st.integers(1, 40),
)
def test_divide_line_breaks_where_the_units_do(text: str, width: int) -> None:
    """The line breaker reads units with one `findall` (a lone ZWJ is an empty match there): it must
    break exactly where breaking unit by unit does."""
    from unittest import mock

    import reader.render.cjk as cjk

    with mock.patch.object(cjk, "_plain_words_that_fit", return_value=False):
        assert divide_line(text, width) == _divide_line_by_units(text, width)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_ATOMS, "’", "’’", "a’", "’a", " ’", "\u200d", "（", "\n", "\t"]), max_size=60
    ).map("".join)
)
def test_unit_pattern_matches_as_first_written(text: str) -> None:
    """`(?:’?OTHER)++` (one class of ideographs fewer to compile) takes what `(?:OTHER|’(?=OTHER))++`
    took, at every position."""
    import reader.render.cjk as cjk

    first = re.compile(
        rf"(?:[{cjk._O}]+[^\S\n]*)*+"
        rf"(?:[{cjk._C}]+|(?![{cjk._C}{cjk._O}])[{cjk.IDEOGRAPHIC}]{cjk._JOINED}|(?:{cjk._OTHER}|’(?={cjk._OTHER}))++)?"
        rf"(?:[^\S\n]*[{cjk._C}]+)*+"
        r"\s*"
    )
    now = re.compile(cjk.UNIT)
    for position in range(len(text) + 1):
        assert first.match(text, position).end() == now.match(text, position).end(), (text, position)  # type: ignore[union-attr]


def test_kept_unit_measures_change_no_break() -> None:
    """The measures kept between lines (and cleared when full) give the breaks measured afresh."""
    from unittest import mock

    import reader.render.cjk as cjk

    texts = [
        "本报讯（记者 张伟）iPhone 16 发布，“09988.HK”上涨 3.5%。" * 9,
        "家族👨\u200d👩\u200d👧好。" * 20,
        "A mixed 中文 and English line with 　ideographic spaces　 and  double  spaces " * 5,
    ]
    for width in (7, 20, 41, 100):
        fresh = []
        for text in texts:
            cjk._MEASURES.clear()
            fresh.append(divide_line(text, width))
        with mock.patch.object(cjk, "MEASURES_KEPT", 3):  # cleared at almost every line
            assert [divide_line(text, width) for text in texts] == fresh
        assert [divide_line(text, width) for text in texts] == fresh  # measured and kept


_LAYOUT_ATOMS = [
    *_ATOMS,
    *(
        "\u200d",
        "\ufe0f",
        "\u0301",
        "e\u0301",
        "☺\ufe0f",
        "a\u200d☺",
        "👨\u200d👩\u200d👧",
    ),  # cells that do not add up
    *("\t", "\n", "   ", "x" * 30, "中" * 20, "ＡＢＣＤＥＦＧＨＩＪＫＬ"),  # tabs, breaks, words to fold
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_LAYOUT_ATOMS), max_size=80).map("".join),
    st.integers(1, 50),
    st.sampled_from(["left", "default", "center", "right", "full", None]),
    st.sampled_from(["fold", "crop", "ellipsis"]),
    st.lists(
        st.tuples(st.integers(0, 200), st.integers(1, 30), st.sampled_from(["bold", "red"])), max_size=4
    ),
)
@example("（中", 3, "left", "fold", [])  # a folded unit: its pieces narrower than the width
@example("A harbour city council report, with words and spaces.  " * 4, 21, "left", "fold", [])  # ASCII
@example("ＡＢＣＤＥＦＧＨＩＪＫＬ", 7, "left", "fold", [])
@example("」\ufe0f中文" * 8, 9, "left", "crop", [(2, 5, "bold")])
def test_wrap_with_counted_cells_prints_as_rich_steps_do(
    text: str, width: int, justify: str | None, overflow: str, spans: list[tuple[int, int, str]]
) -> None:
    """`CJKText.wrap` pads and keeps lines by the cells the breaker counted; it must print what
    Rich's own steps (rstrip_end, Lines.justify, truncate, each measuring again) print."""
    from unittest import mock

    from rich.console import Group
    from rich.text import Span

    import reader.render.cjk as cjk

    def printed() -> str:
        body = CJKText(text, justify=justify, overflow=overflow)  # type: ignore[arg-type]
        body.spans = [
            Span(start, min(start + length, len(body)), style)
            for start, length, style in spans
            if start < len(body)
        ]
        out = io.StringIO()
        Console(file=out, width=width, color_system="truecolor", force_terminal=True).print(Group(body))
        return out.getvalue()

    counted = printed()
    measured = cjk._divide
    with mock.patch.object(cjk, "_divide", lambda line, size: (measured(line, size)[0], None)):
        try:
            reference = printed()
        except ZeroDivisionError:  # Rich's own steps cannot cut a line that starts with ZWJs: no reference
            reject()
        assert counted == reference
