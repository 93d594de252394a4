"""The one-line header of a short pane: one line at any width, the date and word count kept in view."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from reader.load.normalise import normalise
from reader.model import Article
from reader.render import THEME, RenderOptions, build_article
from reader.render.header import HeaderLine

LATIN = "The Lighthouse Keeper's Log Goes Online After Ninety Years in a Damp Cupboard"
CJK = "地铁4号线东延段今日开通 澄湾新城通勤时间缩短一半以上的变化从今天开始"


def article(title: str) -> Article:
    body = "One paragraph of text.\n"
    metadata = {"title": title, "date": "2025-03-14 09:30", "tags": ["history", "coast"]}
    return normalise("post.md", metadata, body)


def lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, theme=THEME, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(renderable)
    return [line.rstrip() for line in capture.get().splitlines()]


@pytest.mark.parametrize(
    "title", [LATIN, CJK, "Short", "Two\nlines"], ids=["latin", "cjk", "short", "newline"]
)
@pytest.mark.parametrize("width", [20, 36, 56, 76, 100])
def test_the_header_line_is_one_line_at_any_width(title: str, width: int) -> None:
    item = article(title)
    printed = lines(HeaderLine(item), width)
    assert len(printed) == 1
    assert cell_len(printed[0].rstrip()) <= width
    if width >= 56:  # room for the date and the words beside a cut title
        assert printed[0].rstrip().endswith(f"2025-03-14 09:30 · {item.words} words")
        assert printed[0].startswith(title.split()[0][:4])
        assert " …" not in printed[0]  # a cut title ends in its last character, then …


def test_a_short_pane_gets_the_header_line_and_show_the_whole_header() -> None:
    item = article(LATIN)
    short = lines(build_article(item, "Body.\n", options=RenderOptions(short_header=True)).renderable, 60)
    full = lines(build_article(item, "Body.\n").renderable, 60)
    assert "#history" not in "\n".join(short)
    assert short[1:3] == ["", "Body."]
    assert "#history" in "\n".join(full)
