"""markdown-it helpers shared by the loader (titles, summaries, links) and the renderer.

One parser configuration for the whole program, so what the list shows and what the pane
renders never disagree about where a paragraph starts or what a link is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline.linkify import SCHEME_RE
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly
from mdit_py_plugins.footnote import footnote_plugin

from reader.markdown import shortcodes
from reader.model import Link
from reader.text import collapse_space, is_cjk_or_punct

# Quotes, list items and footnotes nested deeper than this are shown flattened.
NESTING_SHOWN = 20
# How deep `nesting_depth` measures before it says only "deeper than this".
NESTING_MEASURED = 100


@functools.cache
def parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough (as GitHub and Hugo write them), CJK-friendly emphasis,
    bare `https://…` URLs as links (see `_linkify`).

    Without the CJK rule `**（编辑）**近日` keeps its asterisks: CommonMark's flanking rules treat
    full-width punctuation next to a letter as a closed door.
    """
    return build_parser()


def build_parser(nesting: int = NESTING_SHOWN) -> MarkdownIt:
    """A new parser configured as `parser()` is; containers nested deeper than `nesting` are
    flattened (see `_guard_nesting`)."""
    md = (
        MarkdownIt("commonmark", {"linkify": True})
        .enable("table")
        .enable("strikethrough")
        .use(cjk_friendly)
        .use(footnote_plugin)
        .use(_tasklists)
    )
    md.inline.ruler2.at("fragments_join", _fragments_join)
    md.inline.ruler.at("text", _text)
    _enable_linkify(md)
    if md.block.ruler.get_active_rules() == _BLOCK_RULES:  # what `_plain_paragraph` was written for
        md.block.ruler.before("table", "plain_paragraph", _plain_paragraph)
    shortcodes.use(md)
    _guard_nesting(md, nesting)
    return md


def _tasklists(md: MarkdownIt) -> None:
    """mdit-py-plugins' task lists (`- [ ] item`), with the plugin's module imported only when a
    document has a box: it imports `uuid`, and that `platform` (~2 ms at every start of `show`
    and of every process that parses Markdown). Its rule takes the plugin's place in the chain."""
    md.core.ruler.after("inline", "github-tasklists", _tasklist_boxes)


# Where a task box may be: the plugin's own test is a box at the start of a list item's text.
_TASK_BOX = re.compile(r"\[[ xX]\]")


def _tasklist_boxes(state: StateCore) -> None:
    if _TASK_BOX.search(state.src):
        _tasklists_rule()(state)


@functools.cache
def _tasklists_rule() -> Callable[[StateCore], None]:
    """The core rule `tasklists_plugin` adds to a parser (it adds nothing else)."""
    from mdit_py_plugins.tasklists import tasklists_plugin

    scratch = MarkdownIt("zero")
    tasklists_plugin(scratch)
    ruler = scratch.core.ruler
    rule: Callable[[StateCore], None] = dict(zip(ruler.get_active_rules(), ruler.getRules(""), strict=True))[
        "github-tasklists"
    ]
    return rule


_DEPTH = "broadsheet_depth"  # on a StateBlock: how many containers hold the lines being parsed
_DEEPEST = "broadsheet_deepest"  # in the env of a parse: the deepest nesting met


def _guard_nesting(md: MarkdownIt, limit: int) -> None:
    """Show what is nested deeper than `limit` containers flattened, instead of losing it.

    A container (quote, list item, footnote) has its content parsed by a new call of the block
    tokenizer. Past `maxNesting` (20 levels of tokens, so 10 of lists) markdown-it drops the rest
    silently; without a limit both its recursion and Rich's rendering overflow on a file nested
    a thousand deep. Here the content of a container deeper than `limit` becomes paragraphs of its
    lines' text, quote and list markers gone; `maxNesting` is raised to let `limit` containers
    (two levels for a list and its item) hold anything.
    """
    md.options["maxNesting"] = 2 * limit + 10
    tokenize = md.block.tokenize

    def guarded(state: StateBlock, startLine: int, endLine: int) -> None:
        depth = getattr(state, _DEPTH, -1) + 1
        state.env[_DEEPEST] = max(depth, state.env.get(_DEEPEST, 0))
        if depth > limit:
            _flatten(state, startLine, endLine)
            return
        setattr(state, _DEPTH, depth)
        try:
            tokenize(state, startLine, endLine)
        finally:
            setattr(state, _DEPTH, depth - 1)

    md.block.tokenize = guarded  # type: ignore[method-assign]


# The quote and list markers a line of flattened content starts with (possessive: no backtracking).
_MARKERS = re.compile(r"(?:[ \t]*+(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))*+[ \t]*+")


def _marker_end(line: str) -> int:
    found = _MARKERS.match(line)
    return found.end() if found else 0  # it always matches, if only the empty string


def _flatten(state: StateBlock, startLine: int, endLine: int) -> None:
    """The container's lines from `startLine` as paragraphs of text: a blank line or a list marker
    starts a new one. They end where the tokenizer would stop: at `endLine` or at a line indented
    less than the container (a list item's), blank lines aside."""
    end = startLine
    while end < endLine and (state.isEmpty(end) or state.sCount[end] >= state.blkIndent):
        end += 1
    lines = state.getLines(startLine, end, state.blkIndent, False).split("\n")
    paragraph: list[str] = []
    first = startLine

    def close(end: int) -> None:
        if paragraph:
            token = state.push("paragraph_open", "p", 1)
            token.map = [first, end]
            token = state.push("inline", "", 0)
            token.content = "\n".join(paragraph)
            token.map = [first, end]
            token.children = []
            state.push("paragraph_close", "p", -1)
            paragraph.clear()

    for line, raw in enumerate(lines, startLine):
        prefix = _marker_end(raw)
        text = raw[prefix:].strip()
        if not text or any(ch not in " \t>" for ch in raw[:prefix]):  # blank, or a list item
            close(line)
        if text:
            if not paragraph:
                first = line
            paragraph.append(text)
    close(end)
    state.tight = not any(not line.strip() for line in lines)
    state.line = end


_BLOCK_RULES = [
    *("table", "code", "fence", "blockquote", "hr", "list", "footnote_def", "reference", "html_block"),
    *("heading", "lheading", "paragraph"),
]
# The first characters (after the indent) of lines that may start a block other than a paragraph (a
# digit: an ordered list; `{`: a shortcode), end a paragraph, or underline one (setext headings, table
# delimiter rows).
_NOT_PLAIN = frozenset("`~>*-_+#=<[|:{0123456789")


def _plain_paragraph(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """markdown-it's `paragraph` rule, first, for a top-level paragraph whose lines all start with
    a character in no other rule's way (a letter, an ideograph…): none of them can start, end or
    underline a block, so the paragraph runs to the next blank line. The stock rules try every
    other rule on each line of a paragraph, twice (a 1M-line paragraph spent ~8 s there).
    """
    if silent or state.parentType != "root" or state.blkIndent != 0 or state.sCount[startLine] > 3:
        return False
    src, begins, shifts, ends, indents = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount
    line = startLine
    while line < state.lineMax:
        first = begins[line] + shifts[line]
        if first >= ends[line]:
            break  # a blank line
        # A line indented four or more continues the paragraph whatever it says.
        if indents[line] <= 3 and src[first] in _NOT_PLAIN:
            return False
        line += 1
    # What `paragraph` pushes; at the top level its `getLines` is one slice of the source.
    content = src[begins[startLine] : ends[line - 1]].strip()
    state.line = line
    token = state.push("paragraph_open", "p", 1)
    token.map = [startLine, line]
    token = state.push("inline", "", 0)
    token.content = content
    token.map = [startLine, line]
    token.children = []
    state.push("paragraph_close", "p", -1)
    return True


@functools.cache
def _measuring_parser() -> MarkdownIt:
    """Our block rules, no inline parse, nesting measured up to `NESTING_MEASURED`."""
    return build_parser(NESTING_MEASURED).disable("inline")


# A run of six or more of the characters quotes, lists and their indents are made of, starting a line
# (after a newline: a literal first character makes the search several times faster than `^`).
_NESTING_RUN = re.compile(r"[ \t>*+\-\d.)]{6,}")
_NESTING_LINE = re.compile(r"\n([ \t>*+\-\d.)]{6,})")


def nesting_depth(markdown: str) -> int:
    """How deep quotes, list items and footnotes nest in `markdown`, when deeper than
    `NESTING_SHOWN` (at most `NESTING_MEASURED` + 1: deeper still); 0 otherwise.

    Each level of nesting takes at least one character at the start of the line that opens it (`>`,
    `- `, an indent of two or more; a tab counts four), so a body without such a run longer than
    `NESTING_SHOWN` cannot nest deeper: a regular expression tells (~2 µs for a 3 KB body), and
    only a body with a long run is parsed (its blocks only)."""
    first = _NESTING_RUN.match(markdown)
    runs = [first.group()] if first else []
    runs += _NESTING_LINE.findall(markdown)
    if not any(len(run) + 3 * run.count("\t") > NESTING_SHOWN for run in runs):
        return 0
    env: dict[str, Any] = {}
    _measuring_parser().parse(markdown, env)
    depth: int = env.get(_DEEPEST, 0)
    return depth if depth > NESTING_SHOWN else 0


def _enable_linkify(md: MarkdownIt) -> None:
    """Bare URLs with a scheme (`https://…`) become links, as GitHub's autolinks do.

    Only the inline rule: the core one would also take bare names (`README.md` is in Moldova). No
    fuzzy links (`www.x.org`, `x.org`) either, for the same reason."""
    md.inline.ruler.at("linkify", _linkify)
    md.inline.ruler.enable("linkify")
    if md.linkify is not None:
        md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})


def url_end(url: str) -> int:
    """Where a bare URL really ends: before the first full-width or CJK punctuation mark.

    linkify-it takes `，然后` into `https://x.org/a，然后` (a comma followed by a letter is part of a
    path to it); a Chinese sentence often goes on right after a URL, and no URL a person writes
    ends in `，` or `。`. CJK letters stay: `https://zh.wikipedia.org/wiki/北京` is a link."""
    for index, char in enumerate(url):
        if ord(char) >= 0x2000 and (char == "\u3000" or unicodedata.category(char)[0] == "P"):
            return index
    return len(url)


def _linkify(state: StateInline, silent: bool) -> bool:
    """markdown-it's `linkify` rule, the URL cut where `url_end` says."""
    pos, src = state.pos, state.src
    if state.linkLevel > 0 or state.md.linkify is None or not src.startswith("://", pos):
        return False
    scheme = SCHEME_RE.search(state.pending)
    if scheme is None:
        return False
    proto = scheme.group(1)
    found = state.md.linkify.match_at_start(src[pos - len(proto) : state.posMax])
    if not found:
        return False
    url = str(found.url)
    url = url[: url_end(url)].rstrip("*")  # (`*` at the end: emphasis, as upstream says)
    if len(url) <= len(proto) + 3:
        return False
    href = state.md.normalizeLink(url)
    if not state.md.validateLink(href):
        return False
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos += len(url) - len(proto)
    return True


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
    md = MarkdownIt("commonmark").enable("table").disable("inline")
    shortcodes.use(md)
    return md


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
# HTML, entities, strikethrough, footnotes), and bare URLs. Text without any of them parses to text and
# breaks only.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<>&~^]|://")


def is_plain(content: str) -> bool:
    """Whether inline content has no markup: the parser makes only text and line breaks of it."""
    return not _INLINE_MARKUP.search(content)


_LINE_BREAK = re.compile(r"\n[ \t]*")


def plain_lines(content: str) -> Iterator[tuple[str, str]]:
    """The text of each line of `is_plain` content as the inline parser gives it, and the break that
    follows it: "softbreak", "hardbreak" (two spaces or more before the line end), "" for the last.
    A single trailing space and the next line's leading spaces and tabs are dropped, as it does."""
    position = 0
    for found in _LINE_BREAK.finditer(content):
        text = content[position : found.start()]
        if text.endswith("  "):
            yield text.rstrip(" "), "hardbreak"
        else:
            yield text[:-1] if text.endswith(" ") else text, "softbreak"
        position = found.end()
    yield content[position:], ""


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


class Links:
    """Every link and image target in document order (a repeated URL is listed once), gathered from
    one token list or from the batches of `stream` in turn."""

    def __init__(self) -> None:
        self.found: list[Link] = []
        self.numbers: dict[str, int] = {}  # URL -> its number, from 1

    def add(self, tokens: Sequence[Token]) -> None:
        stack: list[tuple[str, list[str]]] = []
        for token in _walk(tokens):
            if token.type == "link_open":
                stack.append((str(token.attrs.get("href", "")), []))
            elif token.type == "link_close" and stack:
                url, text = stack.pop()
                self._found(Link(collapse_space("".join(text)), url, image=False))
            elif token.type == "image":
                alt = inline_text(token.children)
                if stack:
                    stack[-1][1].append(alt)
                self._found(Link(alt, str(token.attrs.get("src", "")), image=True))
            elif stack and token.type in ("text", "code_inline"):
                stack[-1][1].append(token.content)

    def _found(self, link: Link) -> None:
        if link.url and link.url not in self.numbers:
            self.found.append(link)
            self.numbers[link.url] = len(self.found)


def links(tokens: Sequence[Token]) -> list[Link]:
    """Every link and image target in document order (a repeated URL is listed once)."""
    gathered = Links()
    gathered.add(tokens)
    return gathered.found


def joins_without_space(left: str, right: str) -> bool:
    """A soft break between these two strings should vanish (CJK on both sides)."""
    return bool(left) and bool(right) and is_cjk_or_punct(left[-1]) and is_cjk_or_punct(right[0])
