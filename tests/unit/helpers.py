"""Helpers for building small archives on disk and guarding calls that could block."""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markdown_it.token import Token

Tree = Mapping[str, str | bytes]

# The fields every `list --json` item has, by the CLI contract.
CONTRACT_KEYS = {
    "path",
    "title",
    "date",
    "tags",
    "categories",
    "authors",
    "summary",
    "draft",
    "words",
    "problems",
    "read",
    "starred",
}


def write_tree(root: Path, files: Tree) -> Path:
    """Write `files` (relative path -> text or bytes) under `root` and return `root`."""
    for relpath, content in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) when the body blocks, e.g. by opening a FIFO."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_text(article: object, body: str, color: str = "never", width: int = 80) -> str:
    """What `show` would print for this article at `width` columns."""
    from reader.render import make_console, render_article

    out = io.StringIO()
    console = make_console(color, width, file=out)  # type: ignore[arg-type]
    console.print(render_article(article, body))  # type: ignore[arg-type]
    return out.getvalue()


def shape(token: Token) -> tuple[Any, ...]:
    """Everything about a token, children included (children a stream left unparsed are parsed)."""
    from reader.markdown import parse

    if token.type == "inline":
        parse.children(token)
    return (
        token.type,
        token.tag,
        token.nesting,
        token.content,
        token.markup,
        token.info,
        repr(token.meta),
        repr(token.attrs),
        token.map,
        token.level,
        token.block,
        token.hidden,
        tuple(shape(child) for child in token.children or ()),
    )
