"""Rendering: an article (metadata and Markdown body) to Rich renderables.

One renderer serves the reading pane and `broadsheet show`, so they print the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import DEFAULT_JUSTIFY, Span, Text

from reader.markdown import stream
from reader.model import Article, Link, Problem
from reader.render.callouts import Folds
from reader.render.console import ColorMode, make_console, screen_console
from reader.render.header import HeaderLine, header
from reader.render.links import classify
from reader.render.markdown import ArticleMarkdown, RenderOptions
from reader.render.theme import THEME
from reader.render.tokens import Body
from reader.text import one_line

__all__ = [
    "THEME",
    "ArticleMarkdown",
    "ColorMode",
    "Folds",
    "RenderOptions",
    "RenderedArticle",
    "article_parts",
    "build_article",
    "links_section",
    "make_console",
    "problems_report",
    "render_article",
    "screen_console",
]


class Rows(Text):
    """Lines of text that Rich prints as they are when each fits the width: then laying them out
    (wrapping, justifying, truncating each) changes nothing, and is skipped."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        width = options.max_width
        justify = self.justify or options.justify or DEFAULT_JUSTIFY
        plain = self.plain
        if justify == "default" and "\t" not in plain and _widest(plain) <= width:
            yield from self.render(console, end=self.end)  # what Rich's layout gives, line for line
        else:
            yield from super().__rich_console__(console, options)


def _widest(plain: str) -> int:
    """The most characters or cells of any line of `plain` (Rich strips trailing spaces by
    characters, and wraps by cells)."""
    return max(max(len(line), cell_len(line)) for line in plain.split("\n"))


def links_section(links: list[Link]) -> RenderableType:
    """The numbered list of every link and image target at the end of an article.

    The rows are the lines of one `Text`, styled by spans, rather than a `Text` each: Rich lays a
    text out line by line, so the output is the same; and when every row fits the width, `Rows`
    prints them without a layout at all (an article of 500 links spent ~30 ms here, now ~5).
    Each row: `[n] ` and the link's text dim, an image's `▣ `, the URL."""
    rows = Rows()
    spans = rows.spans
    width = len(str(len(links)))
    for number, link in enumerate(links, 1):
        if number > 1:
            rows.append("\n")
        start = len(rows)
        label = f"[{number:>{width}}] "
        image = len(label)
        if link.image:
            label += "▣ "
        if link.text and link.text != link.url:
            label += link.text + " "
        rows.append(label)  # control codes stripped, so the spans are measured after
        url = len(rows)
        spans.append(Span(start, url, "broadsheet.link.number"))
        if link.image:
            spans.append(Span(start + image, start + image + 2, "broadsheet.image"))
        rows.append(link.url)
        if len(rows) > url:  # Rich adds no span for an empty text
            spans.append(Span(url, len(rows), "broadsheet.link.text"))
            if classify(link.url) == "web":
                spans.append(Span(url, len(rows), Style(link=link.url)))
    rule = Rule(Text("Links", style="broadsheet.meta"), style="broadsheet.rule", align="left")
    return Group(rule, rows)


def problems_report(problems: Sequence[Problem]) -> RenderableType:
    """Every file that could not be read, or loaded oddly, with its reason."""
    rows: list[RenderableType] = [
        Text(f"Problems ({len(problems)})", style="broadsheet.title"),
        Text(
            "Files that could not be read are listed with the reason; warnings loaded anyway.",
            style="broadsheet.meta",
        ),
        Rule(style="broadsheet.rule", characters="─"),
    ]
    for problem in problems:
        style = "bold red" if problem.severity == "error" else "yellow"
        rows.append(
            Text.assemble(
                (f"{problem.severity} ", style),
                (one_line(problem.kind), "broadsheet.meta"),
                "  ",
                one_line(problem.path),
            )
        )
        rows.append(Text("    " + one_line(problem.message)))
    return Group(*rows)


class RenderedArticle(NamedTuple):  # a NamedTuple: a tenth of a frozen dataclass's cost to define
    """An article ready to draw, with what the app needs to navigate it."""

    renderable: RenderableType
    links: list[Link]
    headings: list[tuple[int, str]]
    folds: Folds


def build_article(
    article: Article, body: str, root: str | None = None, options: RenderOptions | None = None
) -> RenderedArticle:
    """Header, body and the list of links, with the article's links, headings and foldable callouts."""
    markdown = ArticleMarkdown(
        body, article.path, root, title=article.title, options=options, missing=article.missing_images
    )
    top = HeaderLine(article) if options is not None and options.short_header else header(article)
    parts: list[RenderableType] = [top, Text(), markdown]
    if markdown.links:
        parts += [Text(), links_section(markdown.links)]
    return RenderedArticle(Group(*parts), markdown.links, markdown.headings, markdown.folds)


def render_article(article: Article, body: str, root: str | None = None) -> RenderableType:
    """What `show` prints: everything open, pictures as their link lines."""
    return build_article(article, body, root).renderable


def article_parts(
    article: Article, body: str, root: str | None = None, batch_chars: int = stream.BATCH_CHARS
) -> Iterator[RenderableType]:
    """What `render_article` shows, in parts to print one after the other: the header, the body a
    batch of blocks at a time, the links. Only one batch is parsed and rendered at a time, so a
    huge body prints with little memory; the output is the same, byte for byte (OSC 8 link ids
    aside: Rich draws new ones on every print)."""
    yield header(article)
    yield Text()
    options = RenderOptions()
    reading = Body(
        body, article.path, root, article.title, batch_chars=batch_chars, missing=article.missing_images
    )
    gap = False
    for tokens in reading.batches():
        yield ArticleMarkdown.of_batch(tokens, options, gap)
        gap = ArticleMarkdown.ends_with_gap(tokens)
    if reading.links:
        yield Text()
        yield links_section(reading.links)
