"""No command ever writes to the archive it reads."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main

from .helpers import Tree


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry under root (hidden ones too): size, mtime in ns, and file contents."""
    state: dict[str, tuple[int, int, bytes]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            state[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns, content)
    info = root.stat()
    state["."] = (info.st_size, info.st_mtime_ns, b"")
    return state


def test_every_command_leaves_the_archive_untouched(
    make_archive: Callable[[Tree], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_archive(
        {
            "a.md": "---\ntitle: A\ntags: [x]\ndate: 2025-01-01\n---\nBody with [a link](https://example.com).\n",
            "sub/b.md": "+++\ntitle = 'B'\n+++\n![pic](https://example.com/p.png)\n",
            "sub/bundle/index.md": "# Bundle\n",
            "bad.md": "---\nkey: a: b\n---\n",
            "bin.md": b"\x00\x01",
            ".hidden/c.md": "# hidden\n",
        }
    )
    before = snapshot(root)
    article = str(root / "a.md")
    commands = [
        ["list", str(root)],
        ["list", str(root), "--json"],
        ["list", str(root), "--tag", "x", "--sort", "title", "--json"],
        ["tags", str(root)],
        ["tags", str(root), "--json"],
        ["check", str(root)],
        ["check", str(root), "--json"],
        ["show", article],
        ["show", article, "--json"],
        ["show", article, "--color", "always", "--width", "60"],
        ["show", str(root / "bad.md")],
    ]
    for argv in commands:
        main(argv)
    capsys.readouterr()
    assert snapshot(root) == before
