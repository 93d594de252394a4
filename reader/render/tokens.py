"""The token stream, adjusted before Rich's Markdown walks it.

markdown-it gives us tokens Rich either mishandles or drops; each function here rewrites one kind:

* links are numbered (`[3]`) and only http(s)/mailto keep a target Rich can turn into OSC 8;
* a soft break between two CJK characters becomes nothing rather than a space;
* a quote opening with `[!KIND]` is marked as a callout and loses its marker line;
* footnote references and task-list boxes become visible text; footnotes follow a rule;
* Hugo shortcodes (`{{< note >}}`) and raw HTML blocks become dim, readable text;
* a first `# H1` that repeats the article's title is dropped (the header shows the title).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from reader.markdown import parse, stream
from reader.model import Link
from reader.render.callouts import parse_marker
from reader.render.links import classify, local_target
from reader.render.picture import Picture

SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_DROPPED = ("footnote_close", "footnote_block_close", "footnote_anchor")


class Context:
    """What the rewrites need to know about the article, and what they found in it.

    A plain class: a dataclass costs ~0.45 ms to define, at every start of `show` and of the app."""

    __slots__ = (
        "article_path",
        "callouts",
        "folds",
        "headings",
        "missing",
        "numbers",
        "opening",
        "pictures",
        "root",
        "title",
    )

    def __init__(
        self,
        numbers: dict[str, int],
        article_path: str = "",
        root: str | None = None,
        title: str = "",
        pictures: bool = False,
        missing: frozenset[str] = frozenset(),
    ) -> None:
        self.numbers = numbers
        self.article_path = article_path
        self.root = root
        self.title = title
        self.pictures = pictures  # attach a Picture to local images
        self.missing = missing  # local image targets the loader did not find (decoded)
        self.headings: list[tuple[int, str]] = []
        self.callouts = 0
        self.folds: dict[int, str] = {}  # each callout's fold marker, by index
        self.opening = True  # the next tokens open the document


class Body:
    """An article body as prepared token batches (`stream.stream`), with its links numbered in
    document order as they are met: each batch knows the numbers of every link up to its end."""

    def __init__(
        self,
        markdown: str,
        article_path: str = "",
        root: str | None = None,
        title: str = "",
        pictures: bool = False,
        batch_chars: int = stream.BATCH_CHARS,
        missing: frozenset[str] = frozenset(),
    ) -> None:
        self._links = parse.Links()
        self.context = Context(self._links.numbers, article_path, root, title, pictures, missing)
        self._batches = stream.stream(markdown, batch_chars)

    @property
    def links(self) -> list[Link]:
        """The links met so far (all of them once the batches are consumed)."""
        return self._links.found

    def batches(self) -> Iterator[list[Token]]:
        for tokens in self._batches:
            _read_plain(tokens)
            self._links.add(tokens)
            prepared = prepare(tokens, self.context)
            if prepared:
                yield prepared


def _read_plain(tokens: list[Token]) -> None:
    """Give the paragraphs `stream.stream` left unparsed their children. A paragraph at the top
    level gets one text token: Rich adds the text of a top-level paragraph without any style, so
    one string prints as its lines and breaks would, in a fraction of the tokens and memory."""
    for token in tokens:
        if token.type != "inline" or token.children or not token.content:
            continue
        if token.level == 1 and "{{" not in token.content:  # shortcodes would need their own tokens
            token.children = [Token("text", "", 0, content=_shown_text(token.content))]
        else:
            parse.children(token)


def _shown_text(content: str) -> str:
    """What Rich shows of `parse.is_plain` content: a soft break is a space (nothing between two
    CJK characters, see `_between_cjk`), a hard break a newline."""
    parts: list[str] = []
    glue = ""
    for text, end in parse.plain_lines(content):
        if glue == "softbreak":
            parts.append("" if parse.joins_without_space(parts[-1], text) else " ")
        parts.append(text)
        if end == "hardbreak":
            parts.append("\n")
        glue = end
    return "".join(parts)


def prepare(tokens: list[Token], context: Context) -> list[Token]:
    """A rewritten copy of the block token stream (inline children are rewritten in place)."""
    prepared: list[Token] = []
    skip = _title_heading(tokens, context.title) if context.opening else 0
    context.opening = False
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        kind = token.type
        if kind == "blockquote_open":
            skip = _mark_callout(tokens, index)
            if "callout" in token.meta:
                token.meta["callout_index"] = context.callouts
                context.folds[context.callouts] = token.meta["callout"].fold
                context.callouts += 1
        elif kind == "heading_open" and index + 1 < len(tokens):
            token.meta = {**token.meta, "heading": len(context.headings)}
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 6
            context.headings.append((level, parse.inline_text(tokens[index + 1].children)))
        elif kind in _DROPPED:
            continue
        elif kind == "footnote_block_open":
            prepared.append(Token("hr", "hr", 0, markup="---"))
            continue
        elif kind == "footnote_open":
            _label_footnote(tokens, index)
            continue
        elif kind == "html_block":
            prepared.extend(_html_block(token))
            continue
        if token.children:
            token.children = list(_prepare_inline(token.children, context))
        prepared.append(token)
    return prepared


def styled(tag: str, text: str) -> Iterator[Token]:
    """An inline run Rich styles as `markdown.<tag>` (the tag must be in `ArticleMarkdown.inlines`)."""
    yield Token(f"{tag}_open", tag, 1)
    yield Token("text", "", 0, content=text)
    yield Token(f"{tag}_close", tag, -1)


def _prepare_inline(children: list[Token], context: Context) -> Iterator[Token]:
    open_links: list[int] = []
    for index, child in enumerate(children):
        kind = child.type
        if kind == "link_open":
            href = str(child.attrs.get("href", ""))
            if classify(href, context.article_path, context.root) != "web":
                child.attrs["href"] = ""
            open_links.append(context.numbers.get(href, 0))
        elif kind == "link_close" and open_links:
            yield child
            number = open_links.pop()
            if number:
                yield from styled("sup", f"[{number}]")
            continue
        elif kind == "image":
            src = str(child.attrs.get("src", ""))
            kind = classify(src, context.article_path, context.root)
            child.meta = {
                **child.meta,
                "alt": parse.inline_text(child.children),
                "number": context.numbers.get(src, 0),
                "kind": kind,
            }
            if context.missing and _local_name(src) in context.missing:
                child.meta["missing"] = True
            elif kind == "local" and context.pictures and context.root is not None:
                target = local_target(src, context.article_path, context.root)
                if target is not None:
                    child.meta["picture"] = Picture(os.path.join(context.root, target))
        elif kind == "softbreak" and _between_cjk(children, index):
            child = Token("text", "", 0, content="")
        elif kind == "footnote_ref":
            yield from styled("sup", f"[^{child.meta.get('label', '')}]")
            continue
        elif kind == "html_inline":
            yield from _html_inline(child)
            continue
        elif kind == "text" and "{{" in child.content:
            yield from _shortcodes(child)
            continue
        yield child


def _local_name(src: str) -> str | None:
    """A relative image target decoded, as the loader names the ones it did not find."""
    parts = urlsplit(src)
    return None if parts.scheme or parts.netloc else unquote(parts.path)


def _html_inline(token: Token) -> Iterator[Token]:
    content = token.content
    if "task-list-item-checkbox" in content:
        yield Token("text", "", 0, content="☑ " if "checked" in content else "☐ ")
    elif _BREAK.fullmatch(content.strip()):
        yield Token("hardbreak", "br", 0)
    elif content.lower() in ("<kbd>", "</kbd>"):
        yield token  # Rich styles these itself


def _shortcodes(token: Token) -> Iterator[Token]:
    position = 0
    for found in SHORTCODE.finditer(token.content):
        if found.start() > position:
            yield Token("text", "", 0, content=token.content[position : found.start()])
        yield from styled("shortcode", found.group())
        position = found.end()
    if position < len(token.content):
        yield Token("text", "", 0, content=token.content[position:])


def _html_block(token: Token) -> list[Token]:
    """Raw HTML as its text, dim; comments (`<!--more-->`) vanish."""
    text = _TAG.sub("", _COMMENT.sub("", token.content)).strip()
    if not text:
        return []
    inline = Token("inline", "", 0, content=text, children=list(styled("html", text)))
    return [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]


def _label_footnote(tokens: list[Token], index: int) -> None:
    """Put `[^label]` in front of a footnote's first line."""
    label = tokens[index].meta.get("label", "")
    for token in tokens[index + 1 :]:
        if token.type == "inline":
            token.children = [*styled("sup", f"[^{label}] "), *(token.children or [])]
            return
        if token.type == "footnote_close":
            return


def _title_heading(tokens: list[Token], title: str) -> int:
    """3 when the document opens with an H1 that says the title again, else 0."""
    if (
        title
        and len(tokens) >= 3
        and tokens[0].type == "heading_open"
        and tokens[0].tag == "h1"
        and parse.inline_text(tokens[1].children) == title
    ):
        return 3
    return 0


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
    return parse.joins_without_space(
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
    callout = parse_marker(parse.inline_text(children[:first_break]))
    if callout is None:
        return 0
    tokens[index].meta = {**tokens[index].meta, "callout": callout}
    rest = children[first_break + 1 :]
    if not rest:
        return 3
    inline.children = rest
    inline.content = inline.content.split("\n", 1)[-1]
    return 0
