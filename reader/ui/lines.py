"""An article turned into lines for the reading pane: rendered with Rich at the pane's text width, in
steps (a long article's head first), with the plain text and heading positions that find and the table
of contents need. Nothing here is a widget: the pane's render worker runs it in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from rich.console import RenderableType
from rich.segment import Segment
from textual.strip import Strip

from reader.model import Article
from reader.render import RenderedArticle, RenderOptions, build_article, screen_console
from reader.text import count_words

FIRST_LINES = 150  # lines rendered before the pane first shows an article
HEAD_CHARS = 12_000  # a body over twice this long is shown from its head first
MAX_TEXT_WIDTH = 100
SHORT_PANE = 15  # rows: a pane shorter than this shows the article's header in one line


@dataclass(frozen=True, slots=True)
class PaneContent:
    """Lines ready to draw, rendered at `width`, with what navigation needs to know about them."""

    key: object
    lines: list[Strip]
    width: int
    texts: list[str] = field(default_factory=list)  # plain text of each line, for find
    headings: dict[int, int] = field(default_factory=dict)  # heading index -> line


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    """Render `renderable` at `width` cells into strips; safe to call from a worker thread."""
    console = screen_console(width)
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return [Strip(line) for line in lines]


def render_progressively(renderable: RenderableType, width: int, first: int) -> Iterator[list[Strip]]:
    """The first `first` lines as soon as they exist, then all of them.

    Rich renders a Markdown document block by block, lazily: the top of a long article can be shown
    while the rest is still being laid out, in the same pass.
    """
    console = screen_console(width)
    rendered = console.render(renderable, console.options.update_width(width))
    lines = Segment.split_and_crop_lines(rendered, width, pad=False, include_new_lines=False)
    head = [Strip(line) for line in islice(lines, first)]
    yield head
    yield head + [Strip(line) for line in lines]


def pane_content(key: object, renderable: RenderableType, width: int) -> PaneContent:
    """Render for the pane and index the result (plain text, heading lines); for worker threads."""
    return index_lines(key, render_strips(renderable, width), width)


def index_lines(key: object, lines: list[Strip], width: int) -> PaneContent:
    """Lines for the pane with their plain text and where each heading landed."""
    headings: dict[int, int] = {}
    for number, line in enumerate(lines):
        for segment in line:
            style = segment.style
            if style is not None and style._meta is not None:
                index = style.meta.get("heading")
                if index is not None and index not in headings:
                    headings[index] = number
    return PaneContent(key, lines, width, [line.text for line in lines], headings)


def text_width(view_width: int) -> int:
    """The width articles are rendered at in a pane `view_width` cells wide."""
    return max(20, min(view_width, MAX_TEXT_WIDTH))


def short_pane(view_height: int) -> bool:
    """A pane `view_height` rows tall is short: the header then takes one line, not eight."""
    return 0 < view_height < SHORT_PANE


@dataclass(frozen=True, slots=True)
class Shown:
    """The article in the pane, as rendered, which of its folds the reader flipped, and whether its
    header was drawn in one line (a short pane)."""

    article: Article
    rendered: RenderedArticle
    toggled: frozenset[int]
    short_header: bool = False


def article_head(body: str) -> str | None:
    """The first blocks of a long body (cut at a blank line), or None when the body is short."""
    if len(body) < 2 * HEAD_CHARS:
        return None
    cut = body.find("\n\n", HEAD_CHARS)
    return body[:cut] if cut != -1 else None


def render_steps(
    article: Article, body: str, root: str, toggled: frozenset[int], width: int, short_header: bool = False
) -> Iterator[tuple[Shown, PaneContent]]:
    """What the pane shows, step by step: a long article's head first (parsed on its own), then the
    whole article's first screenful, then all of it (the same rendering pass)."""
    options = RenderOptions(interactive=True, toggled=toggled, short_header=short_header)
    if article.words is None:
        # Not counted yet (the index counts words after it has listed everything): count now.
        article = replace(article, words=count_words(body))
    head = article_head(body)
    if head is not None:
        early = build_article(article, head, root, options)
        lines = next(iter(render_progressively(early.renderable, width, FIRST_LINES)))
        yield Shown(article, early, toggled, short_header), index_lines(article.path, lines, width)
    rendered = build_article(article, body, root, options)
    shown = Shown(article, rendered, toggled, short_header)
    for lines in render_progressively(rendered.renderable, width, FIRST_LINES):
        yield shown, index_lines(article.path, lines, width)
