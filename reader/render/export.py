"""An article as a document of its own: printed by `show`, written by the app's export (plain text or
HTML) and piped to a command. One function lays the article out (`print_article`), so what `show`
prints and what the app exports never drift apart.

The HTML is built here from the rendered lines rather than by Rich's `export_html`, which writes a
link's target into `href` unescaped: every piece of text is escaped, and only http(s) and mailto
targets become links.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from typing import Literal

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

from reader.model import Article
from reader.render import article_parts, make_console
from reader.render.console import screen_console
from reader.render.links import classify
from reader.text import one_line

ExportFormat = Literal["text", "html"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("text", "html")
SUFFIXES: dict[ExportFormat, str] = {"text": ".txt", "html": ".html"}
EXPORT_WIDTH = 80  # columns of an exported article: what `show` prints off a terminal

_PAGE = """<!DOCTYPE html>
<html lang="">
<head>
<meta charset="utf-8">
<meta name="generator" content="broadsheet">
<title>{title}</title>
<style>
body {{ color: {foreground}; background-color: {background}; margin: 2em auto; max-width: {width}ch; }}
pre {{ font-family: Menlo, "DejaVu Sans Mono", Consolas, monospace; line-height: 1.3; }}
pre {{ white-space: pre-wrap; }}
a {{ color: inherit; }}
</style>
</head>
<body>
<pre>{lines}</pre>
</body>
</html>
"""


def print_article(console: Console, article: Article, body: str, root: str | None) -> None:
    """Print `article` as `show` does: a batch of blocks at a time, so a huge body needs little
    memory."""
    for part in article_parts(article, body, root):
        console.print(part)


def article_text(article: Article, body: str, root: str | None, width: int = EXPORT_WIDTH) -> str:
    """The article as plain text, exactly what `show --color never --width WIDTH` prints."""
    out = io.StringIO()
    console = make_console("never", width, file=out)
    print_article(console, article, body, root)
    console.file.flush()  # the last line's trailing spaces are trimmed on the flush
    return out.getvalue()


def article_html(article: Article, body: str, root: str | None, width: int = EXPORT_WIDTH) -> str:
    """The article as a standalone HTML page, in the colours the terminal shows it in."""
    console = screen_console(width)
    lines: list[str] = []
    for part in article_parts(article, body, root):
        for line in console.render_lines(part, console.options, pad=False):
            lines.append(_html_line(line))
    theme = DEFAULT_TERMINAL_THEME
    return _PAGE.format(
        title=html.escape(one_line(article.title)),
        foreground=theme.foreground_color.hex,
        background=theme.background_color.hex,
        width=width + 4,
        lines="\n".join(lines),
    )


def _html_line(segments: Iterable[Segment]) -> str:
    """One rendered line: each run of text escaped and styled; a link only to a web target."""
    pieces: list[str] = []
    for text, style, control in segments:
        if control or not text:
            continue
        piece = html.escape(text)
        if style is not None:
            piece = _styled(piece, style)
        pieces.append(piece)
    return "".join(pieces).rstrip()


def _styled(piece: str, style: Style) -> str:
    css = style.get_html_style(DEFAULT_TERMINAL_THEME)
    if css:
        piece = f'<span style="{html.escape(css)}">{piece}</span>'
    link = style.link
    if link and classify(link) == "web":
        piece = f'<a href="{html.escape(link, quote=True)}">{piece}</a>'
    return piece


def render_for(fmt: ExportFormat, article: Article, body: str, root: str | None, width: int) -> str:
    """The article in `fmt`."""
    if fmt == "html":
        return article_html(article, body, root, width)
    return article_text(article, body, root, width)
