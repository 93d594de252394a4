"""A Markdown body parsed a batch of top-level blocks at a time, for bodies too long to hold as
one token list (`show` of a file with a million lines). Joined, the batches are `parse.parse`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from reader.markdown import parse
from reader.model import Link

# A body longer than this is parsed a batch of top-level blocks at a time (see `stream`).
BATCH_CHARS = 32_768
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Top-level blocks that a blank line always ends: nothing after one can belong to them.
_ENDS_AT_BLANK = frozenset({"paragraph_open", "heading_open", "hr", "table_open", "blockquote_open"})
# The core rules that run on block tokens, after the block rules, and the one that gathers footnotes.
_FOOTNOTE_TAIL = "footnote_tail"
_NOT_PER_BATCH = frozenset({"normalize", "block", _FOOTNOTE_TAIL})


def stream(markdown: str, batch_chars: int = BATCH_CHARS) -> Iterator[list[Token]]:
    """`parse(markdown)` in batches of whole top-level blocks, each about `batch_chars` long.

    Joined, the batches are the tokens `parse` gives, footnotes last; but only one batch (or one
    block, when a block is longer) is ever parsed at a time, so a huge body needs little memory.
    A body is cut at the end of a line, before a block that started before the cut; the block the
    cut falls in is parsed again with the next batch.

    When the body is cut, a paragraph whose text has no inline markup (`is_plain`) is not
    inline-parsed: its `inline` token has no children (`children` parses it, `plain_lines` reads
    it): a 1M-line paragraph would make two million tokens.
    """
    md = parse.parser()
    if len(markdown) <= batch_chars:
        yield md.parse(markdown)
        return
    env: dict[str, Any] = {}
    state = StateCore(markdown, md, env)
    rules = _core_rules(md)
    rules["normalize"](state)
    src = state.src
    if "]:" in src:
        # A link reference or footnote may be defined after its first use: collect them all first.
        for _ in _windows(src, md, env, batch_chars):
            pass
    rules["inline"] = _inline_unless_plain
    definitions: list[Token] = []
    for tokens in _windows(src, md, env, batch_chars):
        state.tokens = tokens
        for name, rule in rules.items():
            if name not in _NOT_PER_BATCH:
                rule(state)
        kept = _pull_footnotes(state.tokens, definitions)
        if kept:
            yield kept
    state.tokens = definitions
    if _FOOTNOTE_TAIL in rules:
        rules[_FOOTNOTE_TAIL](state)  # drops the definitions, appends the footnotes that are used
        if "text_join" in rules:
            rules["text_join"](state)
    if state.tokens:
        yield state.tokens


def _inline_unless_plain(state: StateCore) -> None:
    """The core `inline` rule, except for paragraphs without inline markup."""
    previous = ""
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            if previous != "paragraph_open" or not parse.is_plain(token.content):
                state.md.inline.parse(token.content, state.md, state.env, token.children)
        previous = token.type


def _core_rules(md: MarkdownIt) -> dict[str, Callable[[StateCore], None]]:
    """The parser's enabled core rules by name, in order."""
    return {rule.name: rule.fn for rule in md.core.ruler.__rules__ if rule.enabled}


def _windows(src: str, md: MarkdownIt, env: dict[str, Any], size: int) -> Iterator[list[Token]]:
    """Block tokens (no inline parse) of `src`, whole top-level blocks a window at a time; link
    reference definitions go into `env` once the window they end in is done with."""
    start, line = 0, 0
    references: dict[str, Any] = env.setdefault("references", {})
    while start < len(src):
        grow = size
        while True:
            end, at_blank = _window_end(src, start + grow, grow)
            tokens, marks, defined = _blocks(src[start:end], md, env)
            tops = [index for index, token in enumerate(tokens) if token.level == 0 and token.nesting >= 0]
            if end == len(src) or (at_blank and (not tops or tokens[tops[-1]].type in _ENDS_AT_BLANK)):
                cut, cut_line, following = len(tokens), len(marks), end
            elif len(tops) > 1:
                cut = tops[-1]  # the last block may go on after the window: parse it again next time
                cut_line = _first_line(tokens[cut])
                following = start + marks[cut_line]
            else:
                grow = _grown(src, start, end, grow)  # one block longer than the window
                continue
            break
        for label, reference in defined.items():
            if reference["map"][1] <= cut_line and label not in references:  # the first one counts
                reference["map"] = [reference["map"][0] + line, reference["map"][1] + line]
                references[label] = reference
        batch = tokens[:cut]
        for token in batch:
            if token.map is not None:
                token.map = [token.map[0] + line, token.map[1] + line]
        line += src.count("\n", start, following)
        start = following
        yield batch


def _grown(src: str, start: int, end: int, grow: int) -> int:
    """How far a window from `start` must reach to take in more than the block that filled it up
    to `end`: to the next blank line, where most blocks end, or twice as far."""
    blank = _BLANK_LINE.search(src, end)
    return max(blank.end() - start if blank else len(src), 2 * grow)


def _window_end(src: str, position: int, size: int) -> tuple[int, bool]:
    """Where a window reaching `position` ends: after a blank line within `size` characters if there
    is one (True), else at the end of the line."""
    if position >= len(src):
        return len(src), False
    blank = _BLANK_LINE.search(src, position, position + size)
    if blank is not None:
        return blank.end(), True
    newline = src.find("\n", position)
    return (len(src), False) if newline == -1 else (newline + 1, False)


def _first_line(token: Token) -> int:
    assert token.map is not None  # block tokens that open a top-level block always have one
    return token.map[0]


def _blocks(src: str, md: MarkdownIt, env: dict[str, Any]) -> tuple[list[Token], list[int], dict[str, Any]]:
    """Block tokens of `src`, the offset of each of its lines, and the link references it defines
    (kept apart: the last one may be cut short by the window's end).

    Parsing a block defines its footnote again (`-1`, unused); a footnote already given its number
    by an earlier batch keeps it, as it would in a parse of the whole body."""
    local = {**env, "references": {}}
    refs: dict[str, int] = env.get("footnotes", {}).get("refs", {})
    numbered = {label: number for label, number in refs.items() if number >= 0}
    tokens: list[Token] = []
    state = StateBlock(src, md, local, tokens)
    md.block.tokenize(state, state.line, state.lineMax)
    if "footnotes" in local:
        env["footnotes"] = local["footnotes"]
        local["footnotes"].get("refs", {}).update(numbered)
    return tokens, state.bMarks, local["references"]


def _pull_footnotes(tokens: list[Token], definitions: list[Token]) -> list[Token]:
    """`tokens` without footnote definitions, which go to `definitions` (as `footnote_tail` does)."""
    kept: list[Token] = []
    inside = False
    for token in tokens:
        if token.type in ("footnote_reference_open", "footnote_reference_close"):
            inside = token.nesting > 0
            definitions.append(token)
        else:
            (definitions if inside else kept).append(token)
    return kept


def body_links(markdown: str) -> list[Link]:
    """`parse.links(parse.parse(markdown))`, parsed a batch at a time (see `stream`)."""
    gathered = parse.Links()
    for tokens in stream(markdown):
        gathered.add(tokens)
    return gathered.found
