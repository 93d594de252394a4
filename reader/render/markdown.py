"""Our Markdown: Rich's renderer fed by our parser, with elements of our own.

Rich's `Markdown` is kept for its token walk and its element map. We parse with the shared
CJK-friendly parser, rewrite the token stream (`tokens.py`), and replace the elements that need it:
text that wraps by CJK rules, images where they stand, callouts, quiet headings and rules.
"""

from __future__ import annotations

import weakref
from typing import ClassVar, NamedTuple

from markdown_it.token import Token
from rich import box
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
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
    TableDataElement,
    TableElement,
    UnknownElement,
)
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reader.render.callouts import Callout, Folds
from reader.render.cjk import CJKText, cjk_text
from reader.render.links import LinkKind, shorten
from reader.render.picture import Picture
from reader.render.tokens import Body


class ImageElement(ImageItem):
    """An image where it stands: `▣ [2] alt text  host/path…`, the target clickable when it is on the web.

    The line never wraps: at a given width the alt text is cut first, then the target (see `line`)."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        element = cls(str(token.attrs.get("src", "")), markdown.hyperlinks)
        element.alt = str(token.meta.get("alt", ""))
        element.number = int(token.meta.get("number", 0))
        element.kind = token.meta.get("kind", "text")
        element.picture = token.meta.get("picture")
        element.missing = bool(token.meta.get("missing"))
        return element

    new_line = True
    alt: str = ""
    number: int = 0
    kind: LinkKind = "text"
    picture: Picture | None = None
    missing: bool = False

    def line(self, width: int | None = None) -> Text:
        """The image's line, fitted to `width` cells when given: the alt text is cut (to `MIN_ALT`
        cells, with `…`) before the target is shortened further; a line never wraps."""
        mark = Text.assemble(
            ("▣ ", "broadsheet.image") if not self.missing else ("▢ missing ", "broadsheet.image.missing"),
            (f"[{self.number}] " if self.number else "", "broadsheet.link.number"),
        )
        alt = Text(self.alt or "image", style="broadsheet.image.alt")
        limit = 48
        if width is not None:
            # What the target may take once the mark and a short alt text have theirs.
            limit = min(limit, max(MIN_TARGET, width - mark.cell_len - 2 - min(alt.cell_len, MIN_ALT)))
        target = Text(shorten(self.destination, limit), style="broadsheet.image.target")
        if self.kind == "web":
            target.stylize(Style(link=self.destination))
        if width is not None:
            room = width - mark.cell_len - 2 - target.cell_len
            if alt.cell_len > room:
                alt.truncate(max(1, room - 1))
                alt.rstrip()  # (a wide character cut in half leaves a space)
                alt.append("…")
        line = Text.assemble(mark, alt, "  ", target, end="", no_wrap=True, overflow="ellipsis")
        if width is not None:
            line.truncate(width, overflow="ellipsis")
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.picture is not None:
            yield self.picture
        yield self.line(options.max_width)


MIN_ALT = 8  # cells of alt text kept before the target is shortened below its usual length
MIN_TARGET = 12


class ImageLine:
    """An image's line, fitted to the width it is drawn at."""

    def __init__(self, image: ImageElement) -> None:
        self.image = image

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = self.image.line(options.max_width)
        line.end = "\n"
        yield line


class ParagraphElement(Paragraph):
    """A paragraph that wraps by CJK rules and keeps its images in place, each on a line of its own:
    text, (the picture of a local image,) the image's line, text.
    """

    _after_image = False

    def on_enter(self, context: MarkdownContext) -> None:
        super().on_enter(context)
        self.text = CJKText(justify="left")
        self.blocks: list[RenderableType] = []

    def on_text(self, context: MarkdownContext, text: str | Text) -> None:
        # The space (or soft break) that followed an image in the source would start the next line.
        if self._after_image and isinstance(text, str):
            text = text.lstrip(" ")
            if not text:
                return
        self._after_image = False
        super().on_text(context, text)

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        if not isinstance(child, ImageElement):
            return True
        self._flush()
        if child.picture is not None:
            self.blocks.append(child.picture)
        self.blocks.append(ImageLine(child))
        self._after_image = True
        return False

    def _flush(self) -> None:
        self.text.rstrip()
        if self.text.plain:
            self.text.justify = self.justify
            self.blocks.append(self.text)
        self.text = CJKText(justify="left")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self._flush()
        yield from self.blocks


# The rules each console has drawn, by width, style and characters (see `RuleLine`).
_RULES: weakref.WeakKeyDictionary[Console, dict[tuple[object, ...], list[Segment]]] = (
    weakref.WeakKeyDictionary()
)


class RuleLine:
    """Rich's `Rule` without a title, drawn once per console, width and style: laying one out
    takes ~70 µs, half the time of a `# heading` in `show`, and an article may have 100,000."""

    def __init__(self, style: str, characters: str) -> None:
        self.style = style
        self.characters = characters

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.ascii_only, options.legacy_windows, self.style, self.characters)
        drawn = _RULES.setdefault(console, {})
        if key not in drawn:
            rule = Rule(style=self.style, characters=self.characters, align="left")
            drawn[key] = list(console.render(rule, options))
        yield from drawn[key]


class HeadingElement(Heading):
    """Left-aligned headings; the first two levels in the accent colour, level one underlined by a rule."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> Heading:
        element = cls(token.tag)
        # The pane finds its headings by a mark; `show` has no use for one.
        if isinstance(markdown, ArticleMarkdown) and markdown.options.interactive:
            element.index = token.meta.get("heading")
        return element

    index: int | None = None

    def on_enter(self, context: MarkdownContext) -> None:
        super().on_enter(context)
        self.text = CJKText()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        text.justify = "left"
        if self.index is not None:
            # The pane finds where each heading landed by this mark (for the table of contents).
            text.stylize(Style(meta={"heading": self.index}))
        level = int(self.tag[1:]) if self.tag[1:].isdigit() else 6
        if level <= 2:
            text.stylize(f"broadsheet.heading.{level}")
        yield text
        if level == 1:
            yield RuleLine("broadsheet.heading.rule", "━")


class RuleElement(HorizontalRule):
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield RuleLine("broadsheet.rule", "─")


class QuoteElement(BlockQuote):
    """A plain quote drawn with a quiet bar, or a callout drawn as a titled panel."""

    callout: Callout | None = None
    index: int = 0
    folded: bool = False
    foldable: bool = False

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        element = cls()
        element.callout = callout = token.meta.get("callout")
        if callout is not None and isinstance(markdown, ArticleMarkdown):
            element.index = token.meta.get("callout_index", 0)
            element.foldable = markdown.options.interactive and callout.fold != ""
            flipped = element.index in markdown.options.toggled
            element.folded = element.foldable and ((callout.fold == "-") != flipped)
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
        if self.foldable:
            title = Text.assemble("▸ " if self.folded else "▾ ", title)
            title.stylize(Style(meta={"fold": self.index}))
        if self.folded:
            body = Text("folded: z or a click opens it", style="broadsheet.meta")
        yield Panel(
            body,
            title=title,
            title_align="left",
            border_style=callout.style,
            box=box.ROUNDED,
            padding=(0, 1),
        )


class TableCellElement(TableDataElement):
    """A table cell that wraps by CJK rules and keeps its images."""

    def __init__(self, justify: JustifyMethod) -> None:
        super().__init__(justify)
        self.content = CJKText("", justify=justify)

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        if isinstance(child, ImageElement):
            self.content.append_text(child.line())
            return False
        return True


class TableOfCells(TableElement):
    """Rich's table, with CJK-wrapping headers and a lighter frame."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table(
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            style="markdown.table.border",
            show_edge=True,
            collapse_padding=True,
        )
        if self.header is not None and self.header.row is not None:
            for column in self.header.row.cells:
                heading = cjk_text(column.content)
                heading.stylize("markdown.table.header")
                table.add_column(heading, justify=column.justify)
        if self.body is not None:
            for row in self.body.rows:
                table.add_row(*(cell.content for cell in row.cells))
        yield table


class ShortcodeElement(MarkdownElement):
    """A Hugo shortcode on lines of its own (`reader.markdown.shortcodes`): the lines a paired one
    wraps, verbatim and dim in a frame titled by its name and arguments; a single one as written, dim."""

    new_line = True

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        return cls(str(token.meta.get("title", token.info)), token.content, bool(token.meta.get("paired")))

    def __init__(self, title: str, content: str, paired: bool) -> None:
        self.title = title
        self.content = content
        self.paired = paired

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = CJKText(self.content.rstrip("\n"), style="broadsheet.shortcode", overflow="fold")
        if not self.paired:
            yield text
            return
        yield Panel(
            text,
            title=Text(self.title, style="broadsheet.shortcode.name"),
            title_align="left",
            border_style="broadsheet.shortcode.frame",
            box=box.ROUNDED,
            padding=(0, 1),
        )


class GapElement(MarkdownElement):
    """Draws nothing; it leaves Rich's walk expecting a blank line before the next block, as the end
    of the batch before did."""

    new_line = True


_GAP = "broadsheet_gap"


class ArticleMarkdown(Markdown):
    """An article body as Rich renderables. `links` lists its links and images in number order.

    `of_batch` makes one for a batch of a body's blocks: printed in turn, the batches print what
    the whole body prints.
    """

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "paragraph_open": ParagraphElement,
        "heading_open": HeadingElement,
        "blockquote_open": QuoteElement,
        "hr": RuleElement,
        "image": ImageElement,
        "table_open": TableOfCells,
        "td_open": TableCellElement,
        "shortcode": ShortcodeElement,
        "th_open": TableCellElement,
        _GAP: GapElement,
    }
    inlines = Markdown.inlines | {"sup", "shortcode", "html"}

    def __init__(
        self,
        markup: str,
        article_path: str = "",
        root: str | None = None,
        code_theme: str = "monokai",
        title: str = "",
        options: RenderOptions | None = None,
        missing: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__("", code_theme=code_theme, hyperlinks=True)
        self.markup = markup
        self.options = options or RenderOptions()
        body = Body(markup, article_path, root, title, self.options.interactive, missing=missing)
        self.parsed = [token for batch in body.batches() for token in batch]
        self.links = body.links
        self.headings = body.context.headings
        self.folds = Folds.of(body.context.folds)

    @classmethod
    def of_batch(cls, tokens: list[Token], options: RenderOptions, after_gap: bool) -> ArticleMarkdown:
        """A batch of prepared tokens (`Body.batches`); `after_gap` when the batch before it
        `ends_with_gap`."""
        markdown = cls("", options=options)
        markdown.parsed = [Token(_GAP, "", 0), *tokens] if after_gap else tokens
        return markdown

    @classmethod
    def ends_with_gap(cls, tokens: list[Token]) -> bool:
        """Whether Rich would put a blank line between the last block of `tokens` and a block after it
        (it does after most blocks, not after a rule): the `new_line` of that block's element."""
        depth, opening, last = 0, "", ""
        for token in tokens:
            if depth == 0:
                opening = token.type
            depth += token.nesting
            if depth == 0:
                last = opening
        return bool(last) and (cls.elements.get(last) or UnknownElement).new_line


class RenderOptions(NamedTuple):  # a NamedTuple: a tenth of a frozen dataclass's cost to define
    """How to draw: `interactive` (the app) folds `[!x]-` callouts and draws local pictures;
    `toggled` holds the callouts whose fold the reader flipped. `show` prints everything open.
    `short_header`: the pane is short, the header takes one line (`show` keeps the whole header)."""

    interactive: bool = False
    toggled: frozenset[int] = frozenset()
    short_header: bool = False
