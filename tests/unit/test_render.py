"""reader.render: what the pane and `show` print."""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.text import Text

from reader.load import load_archive, read_document
from reader.load.normalise import normalise
from reader.model import Link
from reader.paths import sample_articles
from reader.render import make_console, render_article
from reader.render.header import HeaderLine
from reader.render.markdown import RuleLine
from reader.render.picture import Picture

from .helpers import render_text

OSC8_TARGET = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\")


def plain_article(body: str, **metadata: object):  # type: ignore[no-untyped-def]
    return normalise("post.md", dict(metadata), body)


def test_image_is_a_line_with_alt_text_and_host() -> None:
    body = "Before.\n\n![A harbour at dusk](https://example.com/photos/harbour.jpg)\n\nAfter.\n"
    out = render_text(plain_article(body), body)
    lines = [line for line in out.splitlines() if "A harbour at dusk" in line]
    assert lines, out
    assert "example.com" in lines[0]


def test_text_after_an_inline_image_starts_its_line_without_a_space() -> None:
    body = (
        "Intro ![a cat](https://example.com/cat.png) text after.\n![dog](https://example.com/d.png)\nlast\n"
    )
    lines = render_text(plain_article(body), body).splitlines()
    assert any(line.startswith("text after.") for line in lines), lines
    assert any(line.startswith("last") for line in lines), lines


@pytest.mark.parametrize("kind", ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"])
def test_github_alerts_show_their_title_not_the_marker(kind: str) -> None:
    body = f"> [!{kind}]\n> Alert body text.\n"
    out = render_text(plain_article(body), body)
    assert kind.capitalize() in out
    assert "Alert body text." in out
    assert "[!" not in out


def test_titled_alert_and_folded_callout_and_plain_quote() -> None:
    body = (
        "> [!TIP] Read this first\n> Tip body.\n\n"
        "> [!warning]- Folded away\n> Hidden body.\n\n"
        "> Just a plain quote.\n"
    )
    out = render_text(plain_article(body), body)
    assert "Read this first" in out
    assert "Tip body." in out
    assert "Folded away" in out
    assert "Hidden body." in out  # static output prints folded callouts open
    assert "Just a plain quote." in out
    assert "[!" not in out


LINKY = (
    "# Links\n\n"
    "See [the site](https://example.com/page) and [mail](mailto:desk@example.com).\n\n"
    "Also [local](other.md), [bad](file:///etc/passwd), [worse](javascript:alert(1)).\n\n"
    "![pic](https://img.example.org/p.png)\n"
)


def test_never_mode_has_no_escape_byte() -> None:
    article = plain_article(LINKY, title="T", source="https://example.com/src", tags=["x"])
    out = render_text(article, LINKY, color="never")
    assert "\x1b" not in out
    assert "the site" in out


def test_auto_mode_to_a_file_is_plain() -> None:
    out = io.StringIO()
    make_console("auto", 80, file=out).print(render_article(plain_article(LINKY), LINKY))
    assert "\x1b" not in out.getvalue()


def test_no_color_variable_wins_over_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in render_text(plain_article(LINKY), LINKY, color="always")


def test_always_mode_hyperlinks_only_web_targets() -> None:
    article = plain_article(LINKY, title="T", source="file:///etc/passwd", thumbnail="javascript:alert(1)")
    out = render_text(article, LINKY, color="always")
    targets = set(OSC8_TARGET.findall(out))
    assert "https://example.com/page" in targets
    assert "https://img.example.org/p.png" in targets
    assert all(t == "" or t.startswith(("https://", "http://", "mailto:")) for t in targets), targets
    assert "other.md" not in targets
    assert not any("file:" in t or "javascript:" in t for t in targets)


def test_local_relative_link_never_becomes_a_hyperlink(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    body = "Go to [the other one](other.md) or [up](../outside.md).\n"
    article = plain_article(body)
    out = io.StringIO()
    make_console("always", 80, file=out).print(render_article(article, body, str(tmp_path)))
    assert set(OSC8_TARGET.findall(out.getvalue())) <= {""}


def test_links_numbered_in_document_order_with_a_links_section() -> None:
    body = (
        "[first](https://one.example.com) then ![img](https://two.example.com/i.png) "
        "then [third](https://three.example.com) and [first again](https://one.example.com).\n"
    )
    out = render_text(plain_article(body), body, width=100)
    assert "first[1]" in out
    assert "third[3]" in out
    assert "first again[1]" in out
    section = out[out.index("Links") :]
    assert re.search(r"\[1\].*https://one\.example\.com", section)
    assert re.search(r"\[2\].*https://two\.example\.com/i\.png", section)
    assert re.search(r"\[3\].*https://three\.example\.com", section)
    assert "[4]" not in section


def test_authors_are_in_the_header_but_not_in_the_one_line_header() -> None:
    article = plain_article("Text.\n", title="T", date="2025-02-13", authors=["张三", "Ann Lee"])
    out = render_text(article, "Text.\n")
    assert "2025-02-13 · by 张三, Ann Lee · " in out, out
    console = Console(width=60, record=True, color_system=None)
    console.print(HeaderLine(article))
    assert "by" not in console.export_text()


def test_thumbnail_is_in_the_header_not_numbered() -> None:
    body = "Text with [a link](https://example.com/a).\n"
    article = plain_article(body, thumbnail="https://img.example.com/thumb.jpg")
    out = render_text(article, body)
    header, _, rest = out.partition("Text with")
    assert "img.example.com" in header
    assert "thumb.jpg" not in rest


def test_cjk_bold_renders_without_asterisks() -> None:
    body = "**（编辑 某某）**近日，某地发布通知。\n\n普通段落里的**粗体**文字。\n"
    out = render_text(plain_article(body), body)
    assert "（编辑 某某）近日" in out
    assert "粗体" in out
    assert "**" not in out


def test_cjk_soft_break_adds_no_space() -> None:
    body = "第一行文字\n第二行文字\n"
    assert "第一行文字第二行文字" in render_text(plain_article(body), body)


def test_markup_in_article_data_is_printed_literally() -> None:
    body = "Body with [bold]not bold[/bold] text.\n"
    article = plain_article(body, title="[@click=app.quit]Quit[/]", tags=["[red]x[/]"])
    out = render_text(article, body)
    assert "[@click=app.quit]Quit[/]" in out
    assert "#[red]x[/]" in out
    assert "[bold]not bold[/bold]" in out


def test_control_characters_never_reach_the_output(tmp_path: Path) -> None:
    path = tmp_path / "evil.md"
    path.write_text(
        '---\ntitle: "bad \\e[2J title"\ntags: ["\\x9b31m"]\n---\n'
        "Text \x1b]52;c;SGVsbG8=\x07 and \x1b[2J and \x9b31m.\n\n[x](https://example.com/\x1b[31m)\n",
        encoding="utf-8",
    )
    document = read_document(str(path), "evil.md")
    out = render_text(document.article, document.body, color="never")
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    assert "bad [2J title" in out


WIDE_BODY = (
    "# 一个很长的中文标题用于测试宽度是否会超出终端的限制范围而导致换行错误的问题\n\n"
    "A paragraph with averyveryverylongwordwithoutanyspaces" + "x" * 150 + " and "
    "[a link](https://example.com/" + "long/" * 30 + "end.html).\n\n"
    "![" + "图片说明" * 20 + "](https://images.example.org/" + "p/" * 40 + "photo.jpg)\n\n"
    "**（编辑 某某）**近日，" + "澄湾市发布通知，全市中小学将于下周起实行新的作息时间表。" * 4 + "\n\n"
    "> [!WARNING] " + "警告标题" * 15 + "\n> 警告内容 with English words " + "内容" * 40 + "\n\n"
    "> plain quote " + "引用" * 60 + "\n\n"
    "| 列一 | column two is long | 三 |\n|---|---|---|\n| " + "数据" * 10 + " | data " * 2 + "| 中文 |\n\n"
    "```python\nprint('" + "a long line of code " * 10 + "')\n```\n\n"
    "- item " + "项目" * 40 + "\n  1. nested " + "嵌套" * 40 + "\n\n---\n"
)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("color", ["never", "always"])
def test_no_line_is_wider_than_the_width(width: int, color: str) -> None:
    from rich.text import Text

    article = plain_article(
        WIDE_BODY,
        tags=["标签" * 15, "tag"],
        categories=["分类" * 30],
        source="https://news.example.com/" + "s" * 200,
        thumbnail="https://img.example.com/" + "t" * 200,
        date="2025-02-13 17:30:11 +0800",
    )
    out = render_text(article, WIDE_BODY, color=color, width=width)
    plain = Text.from_ansi(out).plain if color == "always" else out
    too_wide = [line for line in plain.split("\n") if cell_len(line) > width]
    assert not too_wide


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_bundled_samples_fit_the_width(width: int) -> None:
    archive = load_archive(str(sample_articles()))
    assert len(archive) > 0
    for article in archive.articles:
        out = render_text(article, archive.body(article), width=width)
        assert "\x1b" not in out
        too_wide = [line for line in out.split("\n") if cell_len(line) > width]
        assert not too_wide, (article.path, too_wide[:2])


def test_a_local_picture_that_is_a_fifo_is_never_opened(tmp_path: Path) -> None:
    """Pillow's open of a FIFO with no writer would block the render worker for good."""

    fifo = tmp_path / "photo.png"
    os.mkfifo(fifo)
    console = Console(width=40, color_system="truecolor")
    lines: list[object] = []
    worker = threading.Thread(
        target=lambda: lines.extend(console.render_lines(Picture(str(fifo)))), daemon=True
    )
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "rendering a FIFO picture blocked"
    assert lines == []  # no picture: the link line below it stands alone


@pytest.mark.parametrize("width", [10, 41, 100])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_rule_line_draws_what_a_rich_rule_draws(width: int, encoding: str) -> None:
    def drawn(rule: object) -> bytes:
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding=encoding, errors="replace")
        console = make_console("always", width, file=out)
        console.print(rule)
        console.print(rule)  # the second time from the console's kept lines
        out.flush()
        return raw.getvalue()

    for style, characters in (("broadsheet.rule", "─"), ("broadsheet.heading.rule", "━")):
        expected = drawn(Rule(style=style, characters=characters))
        assert drawn(RuleLine(style, characters)) == expected


def _links_section_as_rows(links: list[Link]) -> RenderableType:
    """`links_section` as first written, a `Text` per row (the reference for the one-`Text` form)."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.style import Style

    from reader.render.links import classify

    rows: list[RenderableType] = [
        Rule(Text("Links", style="broadsheet.meta"), style="broadsheet.rule", align="left")
    ]
    width = len(str(len(links)))
    for number, link in enumerate(links, 1):
        url = Text(link.url, style="broadsheet.link.text")
        if classify(link.url) == "web":
            url.stylize(Style(link=link.url))
        label = Text(f"[{number:>{width}}] ", style="broadsheet.link.number")
        if link.image:
            label.append("▣ ", style="broadsheet.image")
        if link.text and link.text != link.url:
            label.append(link.text)
            label.append(" ")
        rows.append(Text.assemble(label, url))
    return Group(*rows)


_LINK_PARTS = st.lists(
    st.sampled_from([*"ab 中文\t\n\x07\x1b\r😀é/:.", "https://", "mailto:x@y", "file:///etc", "word " * 6]),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(Link, url=_LINK_PARTS, text=_LINK_PARTS, image=st.booleans()), min_size=1, max_size=12
    ),
    st.sampled_from([12, 40, 60, 100]),
    st.sampled_from(["never", "always"]),
)
def test_links_section_prints_as_a_text_per_row_did(links: list[Link], width: int, color: str) -> None:
    from reader.render import links_section, make_console

    def printed(renderable: RenderableType) -> str:
        out = io.StringIO()
        make_console(color, width, file=out).print(renderable)  # type: ignore[arg-type]
        return re.sub(r"\x1b]8;id=[^;]*;", "", out.getvalue())  # OSC 8 ids are random

    assert printed(links_section(links)) == printed(_links_section_as_rows(links))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab 中😀\t\u0301", "word ", "  ", "https://x.org/a"]), max_size=40).map(
        "".join
    ),
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["bold", "dim", "underline"]))
    ),
    st.sampled_from([4, 10, 30, 80]),
    st.sampled_from([None, "left", "center", "full"]),
    st.sampled_from(["never", "always"]),
)
@example("e\u0301" * 20 + "  ", [], 30, None, "always")  # fits in cells, not in characters
def test_rows_print_as_a_text_does(
    line: str, spans: list[tuple[int, int, str]], width: int, justify: str | None, color: str
) -> None:
    """`Rows` skips Rich's layout when every line fits: it must print what a `Text` prints."""
    from rich.console import Group
    from rich.text import Span

    from reader.render import Rows

    plain = f"{line}\n{line[::-1]}\n{line[: len(line) // 2]}"
    outputs = []
    for kind in (Rows, Text):
        text = kind(plain)
        text.spans = [
            Span(start, min(start + length, len(plain)), style)
            for start, length, style in spans
            if length and start < len(plain)
        ]
        out = io.StringIO()
        # In a Group, as links_section prints it (print() would join a bare Text into a new one).
        make_console(color, width, file=out).print(Group(text), justify=justify)  # type: ignore[arg-type]
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
