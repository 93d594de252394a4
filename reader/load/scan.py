"""Find the article files under a ROOT without ever opening anything that is not a regular file."""

from __future__ import annotations

import marshal
import os
import stat
from collections.abc import Iterator
from operator import attrgetter
from typing import NamedTuple

from reader.model import MARKDOWN_SUFFIXES as SUFFIXES
from reader.model import Problem


class Found(NamedTuple):
    """A regular file that looks like an article: its path relative to ROOT and its stat.
    (A named tuple: a warm update makes one per file, and a tuple is the cheapest to make.)"""

    relpath: str
    abspath: str
    size: int
    mtime: float


_NAME = attrgetter("name")
_new_found = tuple.__new__
_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
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
        # Listed through a descriptor where the platform allows it: each entry's stat is then an
        # fstatat() relative to the folder, not a walk of its whole path (a warm update is mostly stats).
        fd = -1
        try:
            if _BY_FD:
                fd = os.open(folder, _DIR_FLAGS)
            with os.scandir(fd if fd >= 0 else folder) as entries:
                listing = sorted(entries, key=_NAME)
        except OSError as error:
            if fd >= 0:
                os.close(fd)
            yield Problem(prefix.rstrip("/") or ".", "io", f"cannot list the folder: {error.strerror}")
            continue
        try:
            yield from _entries(listing, folder, prefix, real_root, visited, stack)
        finally:
            if fd >= 0:
                os.close(fd)


def _entries(
    listing: list[os.DirEntry[str]],
    folder: str,
    prefix: str,
    real_root: str,
    visited: set[tuple[int, int]],
    stack: list[tuple[str, str]],
) -> Iterator[Found | Problem]:
    """One folder's entries, in name order; its subfolders go on `stack`."""
    subfolders: list[tuple[str, str]] = []
    base = folder if folder.endswith(os.sep) else folder + os.sep
    for entry in listing:
        name = entry.name
        if name[0] == ".":
            continue
        relpath = prefix + name
        path = base + name
        if entry.is_symlink() and not _inside(os.path.realpath(path), real_root):
            if is_article_name(name) or entry.is_dir():
                yield Problem(
                    relpath, "io", "symbolic link leads outside the archive; not followed", "warning"
                )
            continue
        try:
            info = entry.stat()  # follows symlinks
        except FileNotFoundError:
            if is_article_name(name):
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
                subfolders.append((path, relpath + "/"))
        elif is_article_name(name):
            if S_ISREG(mode):
                # tuple.__new__ skips the named tuple's Python-level __new__: one per file.
                yield _new_found(Found, (relpath, path, info.st_size, info.st_mtime))
            else:
                yield Problem(relpath, "io", f"skipped: {_kind_of(mode)}", "warning")
    stack.extend(reversed(subfolders))


Listed = tuple[str, int, float]  # a file's path relative to ROOT, size and mtime


def quick_listing(root: str, in_two: bool = False) -> list[Listed] | None:
    """What `scan(root)` finds, as (relpath, size, mtime) in the same order, when it would find no
    problem; None as soon as anything would need a closer look (a symbolic link, an article name on
    something that is not a regular file, an error), for `scan` to walk again; None too where
    folders cannot be listed through a descriptor.

    A warm start compares this with the last scan to see that nothing changed. It stats what `scan`
    stats (a file edited in place shows only in its stat), but makes no DirEntry, Found or path
    string it does not need: at 100k files ~0.77x the CPU time of `scan` (~310 ms against ~400 in
    one run), of which the stats alone are ~210.

    `in_two`: half of the folders are walked by a forked child process, for a big archive on a
    machine with a second core. Only for a caller with no other thread (a fork copies one thread
    and whatever locks the others held): the command line."""
    if not _BY_FD:
        return None
    try:
        top = os.stat(root)
    except OSError:
        return None
    visited = {(top.st_dev, top.st_ino)}
    if in_two and fork_safe():
        return _listing_in_two(root, visited)
    return _walk(root, "", visited)


def fork_safe() -> bool:
    """Whether this process may fork without exec: on Linux (macOS's system libraries are not
    fork-safe), with no thread but this one (a lock another thread holds would stay held in the
    child)."""
    import sys
    import threading

    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def _walk(folder: str, prefix: str, visited: set[tuple[int, int]]) -> list[Listed] | None:
    """The quick listing of `folder` and everything under it (see `quick_listing`)."""
    found: list[Listed] = []
    stack: list[tuple[str, str]] = [(folder, prefix)]
    while stack:
        folder, prefix = stack.pop()
        subfolders = _list_folder(folder, prefix, visited, found)
        if subfolders is None:
            return None
        stack.extend(reversed(subfolders))
    return found


def _list_folder(
    folder: str, prefix: str, visited: set[tuple[int, int]], found: list[Listed]
) -> list[tuple[str, str]] | None:
    try:
        fd = os.open(folder, _DIR_FLAGS)
    except OSError:
        return None
    try:
        return _quick_folder(fd, folder, prefix, visited, found)
    except OSError:
        return None
    finally:
        os.close(fd)


SPLIT_FOLDERS = (
    8  # folders to share out between the two processes (the top of the tree is opened to find them)
)


def _listing_in_two(root: str, visited: set[tuple[int, int]]) -> list[Listed] | None:
    """`quick_listing` with every other top folder walked by a forked child.

    The top of the tree is listed here, a level at a time, until it holds SPLIT_FOLDERS folders
    (at most three levels): the listing is then, in `scan`'s order, a run of pieces, each the files
    of one folder or the whole of one subtree. The child walks every other subtree and sends its
    listings back through a pipe. A folder both reached (a bind mount seen twice) gives None, as
    does anything the child could not do: `scan` then walks."""
    pieces: list[list[Listed] | tuple[str, str]] = [(root, "")]
    for _ in range(3):
        if sum(isinstance(piece, tuple) for piece in pieces) >= SPLIT_FOLDERS:
            break
        opened: list[list[Listed] | tuple[str, str]] = []
        for piece in pieces:
            if isinstance(piece, tuple):
                files: list[Listed] = []
                subfolders = _list_folder(*piece, visited, files)
                if subfolders is None:
                    return None
                opened += [files, *subfolders]
            else:
                opened.append(piece)
        pieces = opened
    subtrees = [number for number, piece in enumerate(pieces) if isinstance(piece, tuple)]
    walked = _walk_in_two(pieces, subtrees, visited)
    if walked is None:
        return None
    found: list[Listed] = []
    for number, piece in enumerate(pieces):
        found += walked[number] if isinstance(piece, tuple) else piece
    return found


def _walk_in_two(
    pieces: list[list[Listed] | tuple[str, str]], subtrees: list[int], visited: set[tuple[int, int]]
) -> dict[int, list[Listed]] | None:
    """The listings of the subtrees among `pieces` (by their numbers), the odd ones walked by a
    forked child; None when a walk gave None or the two met the same folder."""
    folders = {number: _folder_of(pieces[number]) for number in subtrees}
    theirs = subtrees[1::2]
    child = -1
    if theirs:
        reading, writing = os.pipe()
        try:
            child = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
    if child == 0:  # the child: walk, send, and leave without running any of the parent's cleanup
        code = 1
        try:
            os.close(reading)
            their_visited = set(visited)
            listings = {number: _walk(*folders[number], their_visited) for number in theirs}
            _send(writing, marshal.dumps((listings, list(their_visited - visited)), 4))
            code = 0
        finally:
            os._exit(code)
    mine = subtrees if child < 0 else subtrees[::2]
    listings = {number: _walk(*folders[number], visited) for number in mine}
    if child < 0:
        return _whole(listings)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    if status != 0:
        return None
    try:
        # Our own child's answer, through our own pipe.
        their_listings, their_folders = marshal.loads(data)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    if not visited.isdisjoint(map(tuple, their_folders)):
        return None  # one folder reached from both halves: `scan` walks it once
    return _whole({**listings, **their_listings})


def _folder_of(piece: list[Listed] | tuple[str, str]) -> tuple[str, str]:
    assert isinstance(piece, tuple)
    return piece


def _whole(listings: dict[int, list[Listed] | None]) -> dict[int, list[Listed]] | None:
    if any(listing is None for listing in listings.values()):
        return None
    return listings  # type: ignore[return-value]


def _send(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _quick_folder(
    fd: int, folder: str, prefix: str, visited: set[tuple[int, int]], found: list[Listed]
) -> list[tuple[str, str]] | None:
    """The folder open as `fd`: its files appended to `found` (as `_entries` yields them) and its
    subfolders returned; None when `scan` would report a problem here or follow a link."""
    names = os.listdir(fd)
    names.sort()  # code point order, as `scan` sorts its entries by name
    subfolders: list[tuple[str, str]] = []
    append = found.append
    lstat = os.lstat
    for name in names:
        if name[0] == ".":
            continue
        info = lstat(name, dir_fd=fd)  # a link shows as one: `scan` decides where it leads
        kind = info.st_mode & _S_IFMT
        if kind == _S_IFREG:
            if name.endswith(SUFFIXES) or name.lower().endswith(SUFFIXES):
                append((prefix + name, info.st_size, info.st_mtime))
        elif kind == _S_IFDIR:
            key = (info.st_dev, info.st_ino)
            if key not in visited:
                visited.add(key)
                subfolders.append((f"{folder}/{name}", f"{prefix}{name}/"))
        elif kind == _S_IFLNK or is_article_name(name):
            return None
    return subfolders


_S_IFMT = 0o170000  # the file type bits of st_mode (what stat.S_IFMT keeps)
_S_IFREG, _S_IFDIR, _S_IFLNK = stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK
