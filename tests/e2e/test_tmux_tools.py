"""The user's tools in a real terminal (tmux): the editor and a piped command get the terminal while
the app is suspended, and the app comes back as it was, the edit shown."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_tmux import START_TIMEOUT, Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

READING = Path(__file__).resolve().parents[1] / "fixtures" / "reading_archive"
TITLE = "Field notes from the ridge walk"


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    name = f"broadsheet-tools-{uuid.uuid4().hex[:10]}"
    session = Tmux(socket=name, session=name)
    try:
        yield session
    finally:
        session.kill()


def test_editor_and_pipe_get_the_terminal_and_the_app_comes_back(tmux: Tmux, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(READING, archive)
    editor = tmp_path / "editor.sh"
    # An editor that shows it has the terminal, waits for Enter, then saves a line.
    editor.write_text(
        '#!/bin/sh\necho "EDITING $1"\nread answer\nprintf "\\n\\nSaved by the editor: QUOKKA.\\n" >> "$1"\n'
    )
    editor.chmod(0o755)
    env = [f"BROADSHEET_{kind}_DIR={tmp_path / kind.lower()}" for kind in ("CACHE", "STATE", "CONFIG")]
    words = ["env", *env, f"EDITOR={editor}", "VISUAL=", sys.executable, "-m", "reader", str(archive)]
    tmux.start(shlex.join(words), 110, 40)
    tmux.wait_for(lambda s: TITLE in s, START_TIMEOUT, "the list")
    tmux.send("Enter")
    time.sleep(0.5)

    tmux.send("e")
    screen = tmux.wait_for(lambda s: "EDITING" in s, 5, "the editor on the terminal")
    assert f"EDITING {archive / 'field-notes.md'}" in screen
    assert "Articles" not in screen  # the app stepped aside
    tmux.send("Enter")
    tmux.wait_for(lambda s: "Archive updated: 1 changed" in s, 10, "the app back, the change brought in")

    def at_the_end(screen: str) -> bool:
        tmux.send("G")
        return "QUOKKA" in screen

    tmux.wait_for(at_the_end, 10, "the edit shown")

    tmux.send("|")
    tmux.wait_for(lambda s: "Pipe the article" in s, 5, "the pipe form")
    tmux.send("-l", "wc -l")
    tmux.send("Enter")
    screen = tmux.wait_for(lambda s: "Press Enter to return" in s, 5, "the command's output")
    assert "Articles" not in screen
    lines = (archive / "field-notes.md").read_text(encoding="utf-8").count("\n")
    assert str(lines) in screen.split()
    tmux.send("Enter")
    tmux.wait_for(lambda s: "Articles" in s and "QUOKKA" in s, 5, "the app back after the command")
    assert tmux.alive()
