"""Find the article files under a ROOT without ever opening anything that is not a regular file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from operator import attrgetter
from typing import NamedTuple

from reader.model import Problem

SUFFIXES = (".md", ".markdown")


class Found(NamedTuple):
    """A regular file that looks like an article: its path relative to ROOT and its stat.
    (A named tuple: a warm update makes one per file, and a tuple is the cheapest to make.)"""

    relpath: str
    abspath: str
    size: int
    mtime: float


_NAME = attrgetter("name")
S_ISDIR, S_ISREG = stat.S_ISDIR, stat.S_ISREG


def is_article_name(name: str) -> bool:
    if name.startswith("."):
        return False
    return name.endswith(SUFFIXES) or name.lower().endswith(SUFFIXES)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan(root: str) -> Iterator[Found | Problem]:
    """Walk `root` depth-first in name order, yielding article files and the problems met on the way.

    Each real folder is entered once (by device and inode), so symlink loops end; a symbolic link is
    followed only when it stays inside ROOT (a link to `/` must not turn a scan into a crawl); hidden
    folders and files are skipped; FIFOs, sockets and devices are reported, never opened.
    """
    visited: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)
    try:
        top = os.stat(root)
    except OSError as error:
        yield Problem(".", "io", f"cannot read the folder: {error.strerror}")
        return
    visited.add((top.st_dev, top.st_ino))
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=_NAME)
        except OSError as error:
            yield Problem(prefix.rstrip("/") or ".", "io", f"cannot list the folder: {error.strerror}")
            continue
        subfolders: list[tuple[str, str]] = []
        for entry in listing:
            name = entry.name
            if name[0] == ".":
                continue
            relpath = prefix + name
            if entry.is_symlink() and not _inside(os.path.realpath(entry.path), real_root):
                if is_article_name(entry.name) or entry.is_dir():
                    yield Problem(
                        relpath, "io", "symbolic link leads outside the archive; not followed", "warning"
                    )
                continue
            try:
                info = entry.stat()  # follows symlinks
            except FileNotFoundError:
                if is_article_name(entry.name):
                    yield Problem(relpath, "io", "broken symbolic link", "warning")
                continue
            except OSError as error:
                yield Problem(relpath, "io", f"cannot stat: {error.strerror}")
                continue
            mode = info.st_mode
            if S_ISDIR(mode):
                key = (info.st_dev, info.st_ino)
                if key not in visited:
                    visited.add(key)
                    subfolders.append((entry.path, relpath + "/"))
            elif name.endswith(SUFFIXES) or name.lower().endswith(SUFFIXES):  # is_article_name
                if S_ISREG(mode):
                    yield Found(relpath, entry.path, info.st_size, info.st_mtime)
                else:
                    yield Problem(relpath, "io", f"skipped: {_kind_of(mode)}", "warning")
        stack.extend(reversed(subfolders))
