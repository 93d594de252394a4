"""The real app on hostile articles, its raw terminal output recorded with `script` inside tmux.

Nothing an article carries may reach the terminal: no OSC 52 clipboard write, no `file:` hyperlink,
no screen clear of its own; and a title that looks like a Textual action must not run it. The same
recording checks colour: no 24-bit colour unless COLORTERM says so, and only greys under NO_COLOR.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .test_tmux import START_TIMEOUT, Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("tmux") is None or shutil.which("script") is None, reason="tmux or script is missing"
    ),
]

ESCAPES = "\x1b]52;c;UFdORUQ=\x07\x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\\x1b[2J\x9b2J"
ARTICLES = {
    "a-escape.md": f"---\ntitle: 'Escape {ESCAPES} title'\ndate: 2025-01-03\n---\n\nBody {ESCAPES} end.\n"
    "\n[click me](file:///etc/passwd) and [web](https://example.com/ok)\n",
    "b-markup.md": "---\ntitle: '[@click=app.quit]Quit[/] now'\ndate: 2025-01-02\ntags: ['[b]x[/b]']\n---\n\n"
    "Text [@click=app.quit]quit[/] here.\n",
    "c-plain.md": "---\ntitle: Plain neighbour\ndate: 2025-01-01\n---\n\nNothing odd.\n",
}


@contextmanager
def recorded(tmp_path: Path, root: Path, **environ: str) -> Iterator[tuple[Tmux, Path]]:
    """The app on `root` in tmux (100×30), its raw output recorded by `script` into the returned
    file; `environ` is set (an empty value unsets the variable). The app is quit at the end."""
    raw = tmp_path / "raw.log"
    env = [f"BROADSHEET_{kind}_DIR={tmp_path / kind.lower()}" for kind in ("CACHE", "STATE", "CONFIG")]
    for name, value in environ.items():
        env = [*env, f"{name}={value}"] if value else ["-u", name, *env]
    app = shlex.join(["env", *env, sys.executable, "-m", "reader", str(root)])
    command = shlex.join(["script", "-q", "-f", "-c", app, str(raw)])
    tmux = Tmux(socket=f"broadsheet-raw-{tmp_path.name}", session="raw")
    try:
        tmux.start(command, 100, 30)
        yield tmux, raw
        tmux.send("q")
        deadline = time.monotonic() + 5
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux.kill()


def test_hostile_articles_never_drive_the_terminal(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    with recorded(tmp_path, root) as (tmux, raw):
        tmux.wait_for(lambda s: "Plain neighbour" in s, START_TIMEOUT, "the list")
        # Open every article in turn, the escape one first, the markup one second.
        for _ in range(3):
            tmux.send("Enter")
            time.sleep(0.6)
            tmux.send("Escape")
            time.sleep(0.4)
            tmux.send("Down")
            time.sleep(0.4)
        screen = tmux.screen()
        assert "[@click=app.quit]Quit[/] now" in screen  # shown literally in the list
        assert tmux.alive(), "the markup title quit the app"

    output = raw.read_bytes().decode("utf-8", "replace")
    assert "neighbour" in output, "nothing was recorded"
    assert "\x1b]52" not in output
    assert "\x9b" not in output
    hyperlinks = re.findall(r"\x1b\]8;[^;]*;([^\x1b\x07]*)", output)
    assert all(not target or target.startswith(("https://", "http://", "mailto:")) for target in hyperlinks)
    assert "https://example.com/ok" in hyperlinks


# --- colour over SSH: what the terminal says it can do, and NO_COLOR -------------------------------

TRUECOLOR = re.compile(r"\x1b\[[0-9;]*?[34]8;2;(\d+);(\d+);(\d+)")
PALETTE_256 = re.compile(r"\x1b\[[0-9;]*?[34]8;5;\d+")


def _colour_run(tmp_path: Path, **environ: str) -> str:
    root = tmp_path / "archive"
    root.mkdir(exist_ok=True)
    (root / "c-plain.md").write_text(ARTICLES["c-plain.md"], encoding="utf-8")
    with recorded(tmp_path, root, TERM="xterm-256color", **environ) as (tmux, raw):
        tmux.wait_for(lambda s: "Plain neighbour" in s, START_TIMEOUT, "the list")
        time.sleep(0.5)
    return raw.read_bytes().decode("utf-8", "replace")


def test_no_truecolor_unless_the_terminal_says_so(tmp_path: Path) -> None:
    """An SSH session without COLORTERM gets the 256-colour palette, never 24-bit colour."""
    output = _colour_run(tmp_path, COLORTERM="", NO_COLOR="")
    assert "Plain neighbour" in output
    assert not TRUECOLOR.search(output)
    assert PALETTE_256.search(output)


def test_no_color_leaves_only_greys(tmp_path: Path) -> None:
    """NO_COLOR: Textual draws in greys (light and dark are kept so the highlight stays visible)."""
    output = _colour_run(tmp_path, COLORTERM="truecolor", NO_COLOR="1")
    colours = {match.groups() for match in TRUECOLOR.finditer(output)}
    assert colours, "expected 24-bit greys with COLORTERM=truecolor"
    assert all(red == green == blue for red, green, blue in colours)
