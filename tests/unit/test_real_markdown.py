"""Markdown as real archives write it: bare URLs, Hugo shortcodes, image lines, CJK breaks across markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.cli import main
from reader.load.normalise import normalise
from reader.markdown import parse
from reader.render.tokens import Body

from .helpers import render_text

OSC8_TARGET = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\")


def links_of(body: str) -> list[tuple[str, str]]:
    return [(link.text, link.url) for link in parse.links(parse.parse(body))]


def show(body: str, color: str = "never", width: int = 80) -> str:
    return render_text(normalise("post.md", {"title": "T"}, body), body, color=color, width=width)


# --- bare URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "url"),
    [
        ("See https://example.com/page for more.", "https://example.com/page"),
        ("见https://x.org。下一句", "https://x.org"),
        ("地址 https://x.org/a，同样适用", "https://x.org/a"),
        ("（https://x.org/a）", "https://x.org/a"),
        ("（见 https://x.org/（注））", "https://x.org/"),
        ("See https://example.com/path?q=1.", "https://example.com/path?q=1"),
        ("中文 https://zh.wikipedia.org/wiki/北京 页面", "https://zh.wikipedia.org/wiki/%E5%8C%97%E4%BA%AC"),
    ],
)
def test_a_bare_url_is_a_link_that_stops_before_cjk_punctuation(body: str, url: str) -> None:
    assert [found for _, found in links_of(body)] == [url]


@pytest.mark.parametrize("body", ["README.md and www.example.com", "abchttps://x.org", "https:// nothing"])
def test_names_and_urls_without_a_scheme_stay_text(body: str) -> None:
    assert links_of(body) == []


def test_a_bare_url_is_numbered_with_the_other_links_and_clickable() -> None:
    body = "[First](https://one.example.com) then https://two.example.com/x，然后 [First](https://one.example.com).\n"
    out = show(body, width=100)
    assert "https://two.example.com/x[2]，然后" in out, out
    assert "First[1]" in out
    assert re.search(r"\[2\] https://two\.example\.com/x\n", out), out
    assert "https://two.example.com/x" in OSC8_TARGET.findall(show(body, color="always", width=100))


def test_bare_urls_are_found_in_a_long_body_parsed_in_batches() -> None:
    paragraphs = [f"Paragraph {n} points to https://example.com/{n} and goes on." for n in range(300)]
    body = Body("\n\n".join(paragraphs), batch_chars=1024)
    for _ in body.batches():
        pass
    assert [link.url for link in body.links] == [f"https://example.com/{n}" for n in range(300)]


def test_show_json_lists_bare_urls(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text("# A\n\n来源：https://news.example.com/a。完\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["show", "a.md", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["links"] == [
        {"text": "https://news.example.com/a", "url": "https://news.example.com/a", "image": False}
    ]


# --- Hugo shortcodes ------------------------------------------------------------------------------

TOGGLE = '{{< code-toggle file=hugo >}}\n[params]\n  foo = "bar"\n  baz = 1\n{{< /code-toggle >}}\n'
FIGURE = '{{< figure\n    src="https://pics.example.net/a.jpg"\n    caption="站台"\n>}}\n'


def test_a_paired_shortcode_keeps_its_lines_in_a_frame_titled_by_it() -> None:
    lines = show("Before.\n\n" + TOGGLE + "\nAfter.\n").splitlines()
    assert any(re.match(r"╭─ code-toggle file=hugo ─+╮$", line) for line in lines), lines
    body = [line.strip("│ ") for line in lines if line.startswith("│")]
    assert body == ["[params]", 'foo = "bar"', "baz = 1"]
    assert not any("{{" in line for line in lines)


def test_a_single_shortcode_over_lines_is_one_block_never_a_quote() -> None:
    out = show("Intro text.\n" + FIGURE + "\nAfter.\n")
    assert "│" not in out, out
    assert '{{< figure\n    src="https://pics.example.net/a.jpg"\n    caption="站台"\n>}}\n' in out, out
    assert "Intro text.\n\n{{< figure" in out


def test_a_shortcode_alone_on_a_line_is_a_block_one_inside_text_stays_inline() -> None:
    out = show('{{< youtube abc >}}\nText with {{< ref "x.md" >}} inline.\n')
    assert '{{< youtube abc >}}\n\nText with {{< ref "x.md" >}} inline.' in out, out


def test_a_paired_shortcode_inside_a_list_item() -> None:
    body = "- one\n  {{% notice tip %}}\n  inside\n    indented\n  {{% /notice %}}\n- two\n"
    lines = show(body).splitlines()
    assert any("╭─ notice tip ─" in line for line in lines), lines
    assert [line.strip(" │") for line in lines if line.strip().startswith("│")] == ["inside", "indented"]
    assert any(line.strip() == "• two" for line in lines)


def test_shortcodes_are_blocks_for_the_loader_too() -> None:
    body = FIGURE + "\n" + TOGGLE + "\nThe first real paragraph.\n"
    article = normalise("post.md", {}, body)
    assert article.summary == "The first real paragraph."
    assert normalise("post.md", {}, "{{< youtube abc >}}\n\nReal text.\n").summary == "Real text."


def test_shortcode_tags_are_not_counted_as_words() -> None:
    assert normalise("post.md", {}, '{{< figure src="a b c d" >}}\n\n一二 three\n').words == 3
    assert normalise("post.md", {}, TOGGLE).words == 5  # the lines it wraps count: [params] foo "bar" baz 1


# --- image lines ----------------------------------------------------------------------------------

LONG_IMAGE = (
    "Text before ![部署架构 with a rather long alternative text that goes on and on]"
    "(https://pics.example.net/chengwan/2024/very/long/path/line4-platform-photograph-final.jpg) after.\n"
)


@pytest.mark.parametrize("width", [24, 40, 56, 80, 120])
def test_an_image_line_is_one_line_at_any_width_alt_text_cut_first(width: int) -> None:
    lines = show(LONG_IMAGE, width=width).splitlines()
    (line,) = [line for line in lines if line.startswith("▣")]
    assert cell_len(line) <= width
    after = lines[lines.index(line) + 1]
    assert after == "after.", lines
    if width >= 56:
        assert "pics.example.net/" in line
        assert ("…  pics" in line) == (width < 120)  # the alt text was cut, not the line


def test_local_image_names_are_shown_decoded() -> None:
    out = show("![架构](images/%E9%83%A8%E7%BD%B2%E6%9E%B6%E6%9E%84.jpg)\n\n![x](a%1b%5b31m.png)\n")
    assert "▣ [1] 架构  images/部署架构.jpg" in out, out
    assert "\x1b" not in out


def test_a_missing_local_image_is_a_warning_for_check_and_drawn_as_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "posts" / "images").mkdir(parents=True)
    (tmp_path / "posts" / "images" / "ok.png").write_bytes(b"x")
    body = (
        "![ok](images/ok.png) ![gone](images/%E9%83%A8%E7%BD%B2.jpg) ![up](../../x.png)"
        " ![abs](/static/x.png) ![web](https://example.com/x.png)\n"
    )
    (tmp_path / "posts" / "b.md").write_text("---\ntitle: B\n---\n" + body, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["check", str(tmp_path), "--json"]) == 0  # warnings alone
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert problems == [
        {
            "path": "posts/b.md",
            "kind": "image",
            "message": "image: not found: images/部署.jpg",
            "severity": "warning",
        }
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created in the archive
    assert main(["show", str(tmp_path / "posts" / "b.md"), "--color", "never"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "▢ missing [2] gone  images/部署.jpg" in lines, lines
    assert "▣ [1] ok  images/ok.png" in lines


# --- CJK line breaking across inline markup -------------------------------------------------------

CLOSING = "，。、；：？！）」』”》…"
OPENING = "（「『“《"
PIECE = st.one_of(
    st.text(alphabet="中文字链接测试换行规则", min_size=1, max_size=6),
    st.sampled_from([*CLOSING, *OPENING, " ", "word", "iPhone"]),
    st.builds(
        "[{}](https://e.com/{})".format, st.sampled_from(["链接", "官方文档", "docs"]), st.integers(1, 9)
    ),
    st.sampled_from(["**加粗**", "*强调*", "`代码`", "**bold**", "~~删除~~", "https://x.org/a"]),
)


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(PIECE, min_size=1, max_size=40), width=st.integers(30, 90))
@example(pieces=["参见", "[官方文档](https://e.com/1)", "，", "同样适用于", "**加粗**", "。"] * 4, width=56)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation_across_markup(
    pieces: list[str], width: int
) -> None:
    body = "".join(pieces).strip() + "\n"
    out = show(body, width=width)
    prose = out[out.index("─" * 10) :].split("\nLinks ")[0]  # the body: after the header, before the links
    lines = [line.strip() for line in prose.splitlines()[1:] if line.strip()]  # one paragraph
    for line in lines[1:]:  # (the paragraph itself may start with a closing mark)
        assert line[0] not in CLOSING, (line, out)
    for line in lines[:-1]:
        assert line[-1] not in OPENING, (line, out)
