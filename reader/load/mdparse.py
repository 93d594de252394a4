"""markdown-it helpers shared by the loader (titles, summaries, links) and the renderer.

One parser configuration for the whole program, so what the list shows and what the pane
renders never disagree about where a paragraph starts or what a link is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from reader.model import Link
from reader.text import collapse_space, is_cjk_or_punct


@functools.cache
def parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough (as GitHub and Hugo write them), CJK-friendly emphasis.

    Without the CJK rule `**（编辑）**近日` keeps its asterisks: CommonMark's flanking rules treat
    full-width punctuation next to a letter as a closed door.
    """
    md = (
        MarkdownIt("commonmark")
        .enable("table")
        .enable("strikethrough")
        .use(cjk_friendly)
        .use(footnote_plugin)
        .use(tasklists_plugin)
    )
    md.inline.ruler2.at("fragments_join", _fragments_join)
    md.inline.ruler.at("text", _text)
    return md


# markdown-it's terminator characters: where another inline rule may start.
_TEXT_RUN = re.compile(r"[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~]+")


def _text(state: StateInline, silent: bool) -> bool:
    """markdown-it's `text` rule with one regex match instead of a Python loop over characters."""
    found = _TEXT_RUN.match(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if not silent:
        state.pending += found.group()
    state.pos = found.end()
    return True


def _fragments_join(state: StateInline) -> None:
    """markdown-it's `fragments_join`, in linear time.

    Upstream merges adjacent text tokens pairwise (`a + b`, then `ab + c`, …): a line of 100k
    unmatched `*a` took minutes and gigabytes. Here each run of text tokens is joined once.
    """
    level = 0
    merged: list[Token] = []
    run: list[str] = []
    for token in state.tokens:
        if token.nesting < 0:
            level -= 1
        token.level = level
        if token.nesting > 0:
            level += 1
        if token.type == "text" and merged and merged[-1].type == "text":
            if not run:
                run.append(merged[-1].content)
            run.append(token.content)
            continue
        if run:
            merged[-1].content = "".join(run)
            run = []
        merged.append(token)
    if run:
        merged[-1].content = "".join(run)
    state.tokens[:] = merged


def parse(markdown: str) -> list[Token]:
    return parser().parse(markdown)


@functools.cache
def _block_parser() -> MarkdownIt:
    """The same block rules, without inline parsing: finding the first heading or paragraph of a
    body only needs the blocks, and inline parsing is most of markdown-it's time."""
    return MarkdownIt("commonmark").enable("table").disable("inline")


def parse_blocks(markdown: str) -> list[Token]:
    """Block tokens only; `inline` tokens get their children on demand (see `children`)."""
    return _block_parser().parse(markdown)


def children(token: Token) -> list[Token]:
    """An inline token's children, parsed now if the block-only parser left them out."""
    if not token.children and token.content:
        parsed = parser().parseInline(token.content)
        token.children = parsed[0].children if parsed else []
    return token.children or []


# Characters with a meaning to an inline rule (escapes, code, emphasis, links, images, autolinks and
# HTML, entities, strikethrough, footnotes). Text without any of them parses to text and breaks only.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<>&~^]")


def token_text(token: Token) -> str:
    """Plain text of a block-parsed `inline` token; text without markup skips the inline parse."""
    if not token.children and not _INLINE_MARKUP.search(token.content):
        return collapse_space(token.content)
    return inline_text(children(token))


def inline_plain_text(content: str) -> str:
    """Plain text of a paragraph's content (as the block parser gives it)."""
    if not _INLINE_MARKUP.search(content):
        return collapse_space(content)
    parsed = parser().parseInline(content)
    return inline_text(parsed[0].children if parsed else [])


def inline_text(children: Sequence[Token] | None) -> str:
    """Plain text of an inline token's children: marks dropped, links kept as their text.

    A soft break between two CJK characters joins them; elsewhere it is a space.
    """
    parts: list[str] = []
    for child in children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            continue
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return collapse_space("".join(parts))


def first_heading(tokens: Sequence[Token]) -> str | None:
    """Plain text of the first level-1 heading (ATX or setext); code fences never count."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            text = token_text(tokens[index + 1])
            if text:
                return text
    return None


def first_paragraph(tokens: Sequence[Token]) -> str:
    """Plain text of the first paragraph that has any text (image-only paragraphs are skipped)."""
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open":
            text = token_text(tokens[index + 1])
            if text:
                return text
    return ""


def plain_text(tokens: Sequence[Token]) -> str:
    """All prose of a token stream as plain text, blocks separated by newlines."""
    parts = [inline_text(children(token)) for token in tokens if token.type == "inline"]
    return "\n".join(part for part in parts if part)


def _walk(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def links(tokens: Sequence[Token]) -> list[Link]:
    """Every link and image target in document order (a repeated URL is listed once)."""
    found: list[Link] = []
    seen: set[str] = set()
    stack: list[tuple[str, list[str]]] = []
    for token in _walk(tokens):
        if token.type == "link_open":
            stack.append((str(token.attrs.get("href", "")), []))
        elif token.type == "link_close" and stack:
            url, text = stack.pop()
            if url and url not in seen:
                seen.add(url)
                found.append(Link(collapse_space("".join(text)), url, image=False))
        elif token.type == "image":
            url = str(token.attrs.get("src", ""))
            alt = inline_text(token.children)
            if stack:
                stack[-1][1].append(alt)
            if url and url not in seen:
                seen.add(url)
                found.append(Link(alt, url, image=True))
        elif stack and token.type in ("text", "code_inline"):
            stack[-1][1].append(token.content)
    return found


def joins_without_space(left: str, right: str) -> bool:
    """A soft break between these two strings should vanish (CJK on both sides)."""
    return bool(left) and bool(right) and is_cjk_or_punct(left[-1]) and is_cjk_or_punct(right[0])
