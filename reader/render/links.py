"""Which link targets may become clickable, and how to show a long target in a few cells."""

from __future__ import annotations

import os
import posixpath
from typing import Literal
from urllib.parse import unquote, urlsplit

from reader.text import sanitise

LinkKind = Literal["web", "local", "text"]
WEB_SCHEMES = ("http", "https", "mailto")


def classify(url: str, article_path: str = "", root: str | None = None) -> LinkKind:
    """`web` for http(s)/mailto (clickable), `local` for a file inside the archive, else `text`.

    A local target is resolved against the article's folder and must stay inside `root`;
    `file:`, `javascript:`, `data:` and every other scheme stay plain text.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in WEB_SCHEMES:
        return "web" if (parts.netloc or scheme == "mailto") else "text"
    if scheme or parts.netloc or not parts.path:
        return "text"
    return "local" if local_target(url, article_path, root) is not None else "text"


def local_target(url: str, article_path: str, root: str | None) -> str | None:
    """The archive-relative path a relative link points to, or None if it leaves the archive."""
    path = unquote(urlsplit(url).path)
    if path.startswith("/"):
        candidate = posixpath.normpath(path.lstrip("/"))
    else:
        candidate = posixpath.normpath(posixpath.join(posixpath.dirname(article_path), path))
    if candidate == ".." or candidate.startswith("../") or candidate.startswith("/"):
        return None
    if root is not None:
        real_root = os.path.realpath(root)
        real = os.path.realpath(os.path.join(real_root, candidate))
        if os.path.commonpath([real_root, real]) != real_root:
            return None
    return candidate


def shorten(url: str, limit: int = 48) -> str:
    """`host/path` of a URL, middle elided to fit `limit` characters; local paths decoded."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return parts.path
    # A local name is shown decoded: `部署架构.jpg`, not `%E9%83%A8…` (controls it may hide removed).
    shown = (parts.netloc + parts.path) if parts.netloc else (url if parts.scheme else sanitise(unquote(url)))
    if parts.query and len(shown) < limit:
        shown += "?" + parts.query
    shown = shown.rstrip("/") or shown
    if len(shown) <= limit:
        return shown
    head, _, rest = shown.partition("/")
    last = rest.rsplit("/", 1)[-1]
    keep = max(8, limit - len(head) - 3)
    if len(last) > keep:
        last = last[: keep - 1] + "…"
    first = rest.split("/", 1)[0]
    middle = f"{first}/…/" if first != last and len(head) + len(first) + len(last) + 4 <= limit else "…/"
    return f"{head}/{middle}{last}"
