"""Local images an article shows that are not there: stat only, never a byte read or written."""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

from reader.model import MISSING_IMAGE
from reader.text import sanitise

# An inline image's target: `![alt](target "title")` or `![alt](<target with spaces>)`.
_IMAGE = re.compile(r"!\[(?:[^\]\\\n]|\\.){0,500}\]\(\s*(?:<([^>\n]*)>|([^\s)]+))")
MAX_CHECKED = 200  # images stat-ed per article, at most


def missing_images(body: str, abspath: str, relpath: str) -> list[str]:
    """Warnings (`image: not found: images/x.png`) for the relative image targets of `body` that
    name no file. Targets leaving the archive (the folder `relpath` is relative to), absolute ones
    (`/images/x.png`: a site generator's static folder) and web addresses are not checked."""
    if "![" not in body:
        return []
    if abspath != relpath and abspath.endswith(relpath):
        root, folder = abspath[: len(abspath) - len(relpath)], posixpath.dirname(relpath)
    else:  # `show FILE`: the file's folder stands for the archive
        root, folder = os.path.dirname(os.path.abspath(abspath)), ""
    found: dict[str, None] = {}
    for match in _IMAGE.finditer(body):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        name = unquote(parts.path)
        inside = posixpath.normpath(posixpath.join(folder, name))
        if inside == ".." or inside.startswith("../") or name in found:
            continue
        if len(found) >= MAX_CHECKED:
            break
        found[name] = None
    missing = []
    for name in found:
        try:
            os.stat(os.path.join(root, folder, name))
        except (OSError, ValueError):  # (ValueError: a NUL in the name)
            missing.append(f"{MISSING_IMAGE}{sanitise(name)}")
    return missing
