"""The header above an article: title, dates, authors, tags, categories, thumbnail and source links; or, in a
short pane, all of it in one line (`HeaderLine`)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.style import Style
from rich.text import Text

from reader.model import Article
from reader.render.cjk import CJKText, cjk_text
from reader.render.links import classify, shorten


def link_text(label: str, url: str, style: str) -> Text:
    """`label  host/path`, the target clickable only when it is on the web."""
    target = Text(shorten(url, 60), style=style)
    if classify(url) == "web":
        target.stylize(Style(link=url))
    return Text.assemble((label, "broadsheet.meta"), "  ", target, no_wrap=True, overflow="ellipsis")


def meta_line(article: Article, authors: bool = True) -> Text:
    """`2025-02-13 17:30 · updated 2025-02-14 · by Ann, Bo · 1,234 words · draft`; the one-line
    header leaves the authors out (`authors=False`) to keep the date and count in view."""
    parts: list[Text] = []
    if article.date:
        parts.append(Text(article.date.display()))
    if article.lastmod and article.lastmod != article.date:
        parts.append(Text(f"updated {article.lastmod.display()}"))
    if authors and article.authors:
        parts.append(Text("by " + ", ".join(article.authors)))
    if article.words is not None:
        parts.append(Text(f"{article.words:,} words"))
    if article.draft:
        parts.append(Text("draft", style="broadsheet.draft"))
    return Text(" · ", style="broadsheet.meta").join(parts).copy()


def labels_line(article: Article) -> Text | None:
    """Tags as `#tag`, categories as `▸ category`; None when there are neither."""
    parts = [Text(f"▸ {name}", style="broadsheet.category") for name in article.categories]
    parts += [Text(f"#{name}", style="broadsheet.tag") for name in article.tags]
    if not parts:
        return None
    return Text("  ").join(parts)


def header(article: Article) -> RenderableType:
    rows: list[RenderableType] = [CJKText(article.title, style="broadsheet.title")]
    meta = meta_line(article)
    meta.stylize("broadsheet.meta")
    rows.append(cjk_text(meta))
    labels = labels_line(article)
    if labels is not None:
        rows.append(cjk_text(labels))
    if article.thumbnail:
        rows.append(link_text("▣ thumbnail", article.thumbnail, "broadsheet.image.target"))
    if article.source:
        rows.append(link_text("↗ source", article.source, "broadsheet.link.text"))
    rows.append(Rule(style="broadsheet.rule", characters="─"))
    return Group(*rows)


class HeaderLine:
    """The header in one line, for a pane too short to spend eight rows on it:
    `Title · 2025-02-13 17:30 · 1,234 words`. A long title is cut (…) first, so the date and the
    word count stay in view."""

    MIN_TITLE = 12  # cells of title kept before the line is simply cut at its end

    def __init__(self, article: Article) -> None:
        self.article = article

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        title = Text(" ".join(self.article.title.split()), style="broadsheet.title")
        meta = meta_line(self.article, authors=False)
        meta.stylize("broadsheet.meta")
        separator = Text(" · ", style="broadsheet.meta")
        room = width - meta.cell_len - separator.cell_len
        if meta.plain and title.cell_len > room >= self.MIN_TITLE:
            title.truncate(room - 1)  # (a wide character cut in half leaves a space: strip it)
            title.rstrip()
            title.append("…")
        line = Text.assemble(title, separator, meta) if meta.plain else title
        line.truncate(width, overflow="ellipsis")
        line.no_wrap = True
        yield line
