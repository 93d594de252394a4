"""The real app on hostile articles, its raw terminal output recorded with `script` inside tmux.

Nothing an article carries may reach the terminal: no OSC 52 clipboard write, no `file:` hyperlink,
no screen clear of its own; and a title that looks like a Textual action must not run it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import time
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


def test_hostile_articles_never_drive_the_terminal(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    raw = tmp_path / "raw.log"
    env = [f"BROADSHEET_{kind}_DIR={tmp_path / kind.lower()}" for kind in ("CACHE", "STATE", "CONFIG")]
    app = shlex.join(["env", *env, sys.executable, "-m", "reader", str(root)])
    command = shlex.join(["script", "-q", "-f", "-c", app, str(raw)])

    tmux = Tmux(socket=f"broadsheet-hostile-{tmp_path.name}", session="hostile")
    try:
        tmux.start(command, 100, 30)
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
        tmux.send("q")
        deadline = time.monotonic() + 5
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux.kill()

    output = raw.read_bytes().decode("utf-8", "replace")
    assert "neighbour" in output, "nothing was recorded"
    assert "\x1b]52" not in output
    assert "\x9b" not in output
    hyperlinks = re.findall(r"\x1b\]8;[^;]*;([^\x1b\x07]*)", output)
    assert all(not target or target.startswith(("https://", "http://", "mailto:")) for target in hyperlinks)
    assert "https://example.com/ok" in hyperlinks
