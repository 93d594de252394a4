"""A body parsed and printed a batch of blocks at a time is the body parsed and printed whole.

`stream.stream` cuts a body between top-level blocks and parses each batch alone; `article_parts`
prints what `render_article` prints, a batch at a time. These tests hold both to the whole parse
(markdown-it's own rules, without our `plain_paragraph` shortcut) and to the whole rendering.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import cli
from reader.load import read_document
from reader.markdown import parse, stream
from reader.model import Article
from reader.render import article_parts, make_console, render_article

from .helpers import shape

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([*ROOT.glob("tests/fixtures/render/*.md"), *ROOT.glob("sample_articles/**/*.md")], key=str)
STOCK = parse.build_parser().disable("plain_paragraph")

# Lines to build documents from: every kind of block, lazy continuations, references and footnotes
# defined after their use (and over several lines), things that look like blocks and are not.
LINES = [
    "",
    "",
    "Plain words, a sentence.",
    "中文段落，没有空格。",
    "继续的一行",
    "trailing two spaces  ",
    "tab\tinside and at the end\t",
    "    indented four",
    "\tindented by a tab",
    "2024 was a year",
    "1. first",
    "2) second",
    "- item",
    "* star item",
    "  continued item text",
    "# Heading",
    "Setext",
    "===",
    "---",
    "***",
    "> quoted",
    "> > nested quote",
    "> [!NOTE] Title",
    "```",
    "```python",
    "~~~",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "<div>",
    "</div>",
    "<!-- comment -->",
    "A [link](https://example.com/a) and ![img](pic.png) and `code`",
    "*emphasis across",
    "two lines*",
    "A [reference][r1] and [another][r2] and a note[^n] and ^[inline note]",
    "[r1]: https://example.com/r1 'Title'",
    "[r2]:",
    "  https://example.com/r2",
    '  "a title"',
    "[^n]: The note, with [a link](https://example.com/n).",
    "    More of the note.",
    "- [ ] a task",
    "- [x] done",
    "{{< note >}}shortcode{{< /note >}}",
    "  leading spaces",
]
DOCUMENT = st.lists(st.sampled_from(LINES), max_size=40).map("\n".join)


def streamed(markdown: str, batch_chars: int) -> list[tuple[Any, ...]]:
    return [shape(token) for batch in stream.stream(markdown, batch_chars) for token in batch]


def printed(parts: Any, color: str, width: int) -> str:
    out = io.StringIO()
    console = make_console(color, width, file=out)  # type: ignore[arg-type]
    for part in parts:
        console.print(part)
    return re.sub(r"id=\d+", "id=N", out.getvalue())  # OSC 8 link ids are random


def whole_and_streamed(
    article: Article, body: str, batch_chars: int, color: str, width: int
) -> tuple[str, str]:
    root = str(ROOT / "tests/fixtures/render")
    whole = printed([render_article(article, body, root)], color, width)
    return whole, printed(article_parts(article, body, root, batch_chars), color, width)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown=DOCUMENT, batch_chars=st.sampled_from([1, 16, 120, 100_000]))
def test_batches_are_the_whole_parse(markdown: str, batch_chars: int) -> None:
    assert streamed(markdown, batch_chars) == [shape(token) for token in STOCK.parse(markdown)]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
@pytest.mark.parametrize("batch_chars", [1, 300, 5000])
def test_show_in_batches_prints_what_the_whole_article_prints(path: Path, batch_chars: int) -> None:
    document = read_document(str(path), path.name)
    for color in ("never", "always"):
        for width in (40, 100):
            whole, streamed_ = whole_and_streamed(document.article, document.body, batch_chars, color, width)
            assert streamed_ == whole


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown=DOCUMENT, batch_chars=st.sampled_from([1, 40]))
def test_any_document_prints_the_same_in_batches(markdown: str, batch_chars: int) -> None:
    article = Article(path="doc.md", title="Setext")
    whole, streamed_ = whole_and_streamed(article, markdown, batch_chars, "always", 60)
    assert streamed_ == whole


def test_links_are_numbered_across_batches_and_footnotes_come_last() -> None:
    body = (
        "See [late][r] and a note[^n].\n\n"
        + "".join(f"Paragraph {n} with [a link](https://example.com/{n % 3}).\n\n" for n in range(40))
        + "[^n]: The note links [here](https://example.com/note).\n\n[r]: https://example.com/late\n"
    )
    gathered = parse.Links()
    batches = list(stream.stream(body, 200))
    for batch in batches:
        gathered.add(batch)
    assert len(batches) > 5
    assert [link.url for link in gathered.found] == [
        "https://example.com/late",
        *(f"https://example.com/{n}" for n in range(3)),
        "https://example.com/note",
    ]
    assert gathered.found == parse.links(STOCK.parse(body))


def test_a_batch_holds_a_few_blocks_not_the_whole_body() -> None:
    body = "".join(f"# Heading {n}\n" for n in range(20_000))  # no blank line to cut at
    sizes = [len(batch) for batch in stream.stream(body)]
    assert len(sizes) >= len(body) // stream.BATCH_CHARS
    assert max(sizes) < 2 * 3 * stream.BATCH_CHARS // len("# Heading 1234\n")  # 3 tokens a heading


def test_show_of_a_long_article_needs_memory_for_a_batch_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, first = tmp_path / "long.md", tmp_path / "first.md"
    path.write_text("".join(f"Paragraph number {n}, *short*.\n\n" for n in range(6000)))  # 200 KB
    first.write_text("A *short* one.\n")
    with open(os.devnull, "w") as sink:
        monkeypatch.setattr(sys, "stdout", sink)  # what is printed is not kept anywhere
        assert cli.main(["show", str(first)]) == 0  # imports what `show` needs before measuring
        tracemalloc.start()
        try:
            assert cli.main(["show", str(path), "--width", "80", "--color", "never"]) == 0
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, f"{peak / 1e6:.1f} MB"  # printed whole: about 23 MB
