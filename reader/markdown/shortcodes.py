"""Hugo shortcodes that stand on lines of their own, as blocks.

`{{< code-toggle file=hugo >}}` … `{{< /code-toggle >}}` wraps lines that are not Markdown (TOML, HTML,
a tab's text); a paragraph would run them into one line. And a `{{< figure` whose `>}}` starts a line
would open a quote. So a shortcode that starts a line and ends one (over one line or several) is a
`shortcode` block token: `info` is its name, `meta["title"]` its name and arguments; when a closing
`{{< /name >}}` line follows, it is `paired` and `content` holds the lines between, verbatim;
otherwise `content` is the shortcode as written. A shortcode inside a line of text stays inline
text (the renderer shows it dim).
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

BLOCK = "shortcode"  # the token type
# How many lines one shortcode's own tag may take (a `figure` with its attributes takes a few).
MAX_TAG_LINES = 50
_NAME = re.compile(r"\{\{([<%])\s*(/?)\s*(?:/\*\s*)?([^\s<>%/{}*\"']*)")
# A closing tag alone on its line, after any indent or quote marks: its name.
_CLOSING_LINE = re.compile(r"^[ \t>]*\{\{[<%]\s*/\s*([^\s<>%/{}]+)\s*[%>]\}\}[ \t]*$", re.MULTILINE)
_CLOSERS = "broadsheet_shortcode_closers"  # in a parse's env: (src, {name: [line, …]})


def use(md: MarkdownIt) -> None:
    """Add the `shortcode` block rule to `md`, before tables; it may end a paragraph."""
    md.block.ruler.before(
        "table", BLOCK, shortcode_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def _closers(state: StateBlock) -> dict[str, list[int]]:
    """The lines of `state.src` that hold a closing tag alone, by name (found once per source)."""
    cached = state.env.get(_CLOSERS)
    if cached is not None and cached[0] is state.src:
        found: dict[str, list[int]] = cached[1]
        return found
    found = {}
    src = state.src
    if "{{" in src:
        line, position = 0, 0
        for match in _CLOSING_LINE.finditer(src):
            line += src.count("\n", position, match.start())
            position = match.start()
            found.setdefault(match.group(1), []).append(line)
    state.env[_CLOSERS] = (src, found)
    return found


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def shortcode_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    first = _line_text(state, startLine)
    if not first.startswith(("{{<", "{{%")):
        return False
    closing = ">}}" if first[2] == "<" else "%}}"
    # The tag's end: on this line or one of the next, none of them blank.
    last = startLine
    while True:
        text = _line_text(state, last)
        at = text.find(closing, 3 if last == startLine else 0)
        if at >= 0:
            if text[at + 3 :].strip():
                return False  # text after the tag: a shortcode inside a paragraph
            break
        last += 1
        if last >= endLine or last - startLine >= MAX_TAG_LINES or state.isEmpty(last):
            return False
    if silent:
        return True
    name_found = _NAME.match(first)
    name = name_found.group(3) if name_found else ""
    opening = name_found is not None and not name_found.group(2)
    tag = state.getLines(startLine, last + 1, state.blkIndent, False)
    end = last + 1
    paired_with = _closing_line(state, name, last, endLine) if opening and name else None
    token = state.push(BLOCK, "", 0)
    token.info = name
    token.block = True
    meta: dict[str, Any] = {"paired": paired_with is not None, "title": _title(tag, closing)}
    if paired_with is not None:
        token.content = state.getLines(last + 1, paired_with, state.blkIndent, False)
        end = paired_with + 1
    else:
        token.content = tag
    token.meta = meta
    token.map = [startLine, end]
    state.line = end
    return True


def _title(tag: str, closing: str) -> str:
    """`code-toggle file=hugo` of `{{< code-toggle file=hugo >}}`: the name and its arguments."""
    inner = tag.strip()[3:]
    inner = inner[: inner.rfind(closing)] if closing in inner else inner
    return " ".join(inner.split())


def _closing_line(state: StateBlock, name: str, after: int, endLine: int) -> int | None:
    """The first line after `after` (and before `endLine`) that closes `name` inside this container,
    or None. A line outside the container (indented less than it) ends the search."""
    for line in _closers(state).get(name, ()):
        if line <= after:
            continue
        if line >= endLine:
            return None
        text = _line_text(state, line)
        if not text.startswith(("{{<", "{{%")) or state.sCount[line] < state.blkIndent:
            return None  # (quote marks of another quote, or an outer list)
        for between in range(after + 1, line):
            if not state.isEmpty(between) and state.sCount[between] < state.blkIndent:
                return None
        return line
    return None
