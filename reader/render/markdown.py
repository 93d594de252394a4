"""Our Markdown: Rich's renderer fed by our parser, with images, callouts, headings and links of our own.

Rich's `Markdown` is kept for its token walk and its element map; we parse with the shared
CJK-friendly parser, then adjust the token stream before Rich sees it:

* links are numbered (`[3]`) and only http(s)/mailto keep a target Rich can turn into OSC 8;
* a soft break between two CJK characters becomes nothing rather than a space;
* a quote opening with `[!KIND]` is marked as a callout and loses its marker line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from markdown_it.token import Token
from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.containers import Renderables
from rich.markdown import (
    BlockQuote,
    Heading,
    HorizontalRule,
    ImageItem,
    Markdown,
    MarkdownContext,
    MarkdownElement,
    Paragraph,
)
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from reader.load import mdparse
from reader.model import Link
from reader.render.callouts import Callout, parse_marker
from reader.render.links import LinkKind, classify, shorten


class ImageElement(ImageItem):
    """An image where it stands: `▣ [2] alt text  host/path…`, the target clickable when it is on the web."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        element = cls(str(token.attrs.get("src", "")), markdown.hyperlinks)
        element.alt = str(token.meta.get("alt", ""))
        element.number = int(token.meta.get("number", 0))
        element.kind = token.meta.get("kind", "text")
        return element

    new_line = True
    alt: str = ""
    number: int = 0
    kind: LinkKind = "text"

    def line(self) -> Text:
        target = Text(shorten(self.destination), style="broadsheet.image.target")
        if self.kind == "web":
            target.stylize(Style(link=self.destination))
        return Text.assemble(
            ("▣ ", "broadsheet.image"),
            (f"[{self.number}] " if self.number else "", "broadsheet.link.number"),
            (self.alt or "image", "broadsheet.image.alt"),
            "  ",
            target,
            end="",
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.line()


class ParagraphElement(Paragraph):
    """A paragraph that keeps its images in place, each on a line of its own."""

    _after_image = False

    def on_text(self, context: MarkdownContext, text: str | Text) -> None:
        # The space (or soft break) that followed an image in the source would start the next line.
        if self._after_image and isinstance(text, str):
            text = text.lstrip(" ")
            if not text:
                return
        self._after_image = False
        super().on_text(context, text)

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        if isinstance(child, ImageElement):
            if self.text.plain and not self.text.plain.endswith("\n"):
                self.text.append("\n")
            self.text.append_text(child.line())
            self.text.append("\n")
            self._after_image = True
            return False
        return True

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.text.rstrip()
        yield from super().__rich_console__(console, options)


class HeadingElement(Heading):
    """Left-aligned headings; the first two levels in the accent colour, level one underlined by a rule."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        text.justify = "left"
        level = int(self.tag[1:]) if self.tag[1:].isdigit() else 6
        if level <= 2:
            text.stylize(f"broadsheet.heading.{level}")
        yield text
        if level == 1:
            yield Rule(style="broadsheet.heading.rule", characters="━", align="left")


class RuleElement(HorizontalRule):
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Rule(style="broadsheet.rule", characters="─")


class QuoteElement(BlockQuote):
    """A plain quote drawn with a quiet bar, or a callout drawn as a titled panel."""

    callout: Callout | None = None

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        element = cls()
        element.callout = token.meta.get("callout")
        return element

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.callout is not None:
            yield from self._panel(console, options)
            return
        lines = console.render_lines(
            self.elements, options.update(width=max(1, options.max_width - 2)), style=self.style
        )
        bar = Segment("│ ", console.get_style("broadsheet.quote.bar"))
        for line in lines:
            yield bar
            yield from line
            yield Segment.line()

    def _panel(self, console: Console, options: ConsoleOptions) -> RenderResult:
        callout = self.callout
        assert callout is not None
        title = Text.assemble(f"{callout.kind.icon} ", (callout.title, "bold"), style=callout.style)
        body: Renderables | Text = self.elements if self.elements._renderables else Text("")
        yield Panel(
            body,
            title=title,
            title_align="left",
            border_style=callout.style,
            box=box.ROUNDED,
            padding=(0, 1),
        )


class ArticleMarkdown(Markdown):
    """An article body as Rich renderables. `links` lists its links and images in number order."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "paragraph_open": ParagraphElement,
        "heading_open": HeadingElement,
        "blockquote_open": QuoteElement,
        "hr": RuleElement,
        "image": ImageElement,
    }
    inlines = Markdown.inlines | {"sup"}

    def __init__(
        self,
        markup: str,
        article_path: str = "",
        root: str | None = None,
        code_theme: str = "monokai",
    ) -> None:
        super().__init__("", code_theme=code_theme, hyperlinks=True)
        self.markup = markup
        tokens = mdparse.parse(markup)
        self.links: list[Link] = mdparse.links(tokens)
        numbers = {link.url: index for index, link in enumerate(self.links, 1)}
        self.parsed = _prepare(tokens, numbers, article_path, root)


def _prepare(
    tokens: list[Token], numbers: dict[str, int], article_path: str, root: str | None
) -> list[Token]:
    prepared: list[Token] = []
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if token.type == "blockquote_open":
            skip = _mark_callout(tokens, index)
        if token.children:
            token.children = list(_prepare_inline(token.children, numbers, article_path, root))
        prepared.append(token)
    return prepared


def _prepare_inline(
    children: list[Token], numbers: dict[str, int], article_path: str, root: str | None
) -> Iterator[Token]:
    open_links: list[int] = []
    for index, child in enumerate(children):
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if classify(href, article_path, root) != "web":
                child.attrs["href"] = ""
            open_links.append(numbers.get(href, 0))
        elif child.type == "link_close" and open_links:
            yield child
            number = open_links.pop()
            if number:
                yield from _superscript(f"[{number}]")
            continue
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            child.meta = {
                **child.meta,
                "alt": mdparse.inline_text(child.children),
                "number": numbers.get(src, 0),
                "kind": classify(src, article_path, root),
            }
        elif child.type == "softbreak" and _between_cjk(children, index):
            child = Token("text", "", 0, content="")
        yield child


def _superscript(label: str) -> Iterator[Token]:
    yield Token("sup_open", "sup", 1)
    yield Token("text", "", 0, content=label)
    yield Token("sup_close", "sup", -1)


def _neighbour_text(children: list[Token], start: int, step: int) -> str:
    index = start + step
    while 0 <= index < len(children):
        child = children[index]
        if child.type in ("text", "code_inline") and child.content:
            return child.content
        if child.type in ("softbreak", "hardbreak", "image"):
            return ""
        index += step
    return ""


def _between_cjk(children: list[Token], index: int) -> bool:
    return mdparse.joins_without_space(
        _neighbour_text(children, index, -1), _neighbour_text(children, index, 1)
    )


def _mark_callout(tokens: list[Token], index: int) -> int:
    """If the quote at `index` opens with `[!KIND] title`, mark it and remove the marker line.

    Returns how many following tokens to drop: 3 when the marker was a paragraph of its own.
    """
    if index + 3 >= len(tokens) or tokens[index + 1].type != "paragraph_open":
        return 0
    inline = tokens[index + 2]
    children = inline.children or []
    first_break = next(
        (i for i, child in enumerate(children) if child.type in ("softbreak", "hardbreak")), len(children)
    )
    callout = parse_marker(mdparse.inline_text(children[:first_break]))
    if callout is None:
        return 0
    tokens[index].meta = {**tokens[index].meta, "callout": callout}
    rest = children[first_break + 1 :]
    if not rest:
        return 3
    inline.children = rest
    inline.content = inline.content.split("\n", 1)[-1]
    return 0
