"""Moving around in a real terminal: a file opened alone, the jump, back, and the next start."""

from __future__ import annotations

import shlex
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.paths import sample_articles

from .test_tmux import START_TIMEOUT, Tmux, _quit

pytestmark = pytest.mark.e2e

METRO = "地铁4号线东延段今日开通 澄湾新城通勤时间缩短约25分钟"  # whole: the list would cut it
SEDGE = "Sedge 4.0 Brings Multiple Cursors and a Plugin Sandbox to the Tiny Terminal Editor"


@pytest.fixture
def terminal() -> Iterator[Tmux]:
    name = f"broadsheet-nav-{uuid.uuid4().hex[:10]}"
    session = Tmux(socket=name, session=name)
    try:
        yield session
    finally:
        session.kill()


def command(tmp_path: Path, *arguments: str) -> str:
    env = [f"BROADSHEET_{kind}_DIR={tmp_path / kind.lower()}" for kind in ("CACHE", "STATE", "CONFIG")]
    return shlex.join(["env", *env, sys.executable, "-m", "reader", *arguments])


def jump(terminal: Tmux, query: str) -> None:
    terminal.send(":")
    terminal.wait_for(lambda s: "Jump to" in s, 5, "the jump")
    terminal.send("-l", query)
    terminal.wait_for(lambda s: "shown" in s, 10, "the matches")
    time.sleep(0.3)
    terminal.send("Enter")


def test_a_file_given_alone_opens_in_its_folder(terminal: Tmux, tmp_path: Path) -> None:
    article = sample_articles() / "2024" / "metro-line-4-extension.md"
    terminal.start(command(tmp_path, str(article)), 120, 40)
    screen = terminal.wait_for(lambda s: METRO in s and "words" in s, START_TIMEOUT, "the article")
    folder = len(list(article.parent.rglob("*.md")))  # its subfolders too
    assert f"Articles {folder}" in screen
    _quit(terminal)


def test_jump_back_and_the_next_start(terminal: Tmux, tmp_path: Path) -> None:
    terminal.start(command(tmp_path, str(sample_articles())), 120, 40)
    terminal.wait_for(lambda s: "Articles" in s and "words" in s, START_TIMEOUT, "the first article")
    jump(terminal, "dtsx")
    terminal.wait_for(lambda s: METRO in s and "Jump to" not in s, 10, "the metro article")
    jump(terminal, "sedge")
    terminal.wait_for(lambda s: SEDGE in s and "Jump to" not in s, 10, "the Sedge article")
    terminal.send("BSpace")
    terminal.wait_for(lambda s: METRO in s, 10, "the metro article again")
    terminal.send("M-Right")
    terminal.wait_for(lambda s: SEDGE in s, 10, "the Sedge article again")
    _quit(terminal)

    terminal.start(command(tmp_path, str(sample_articles())), 120, 40)
    terminal.wait_for(lambda s: SEDGE in s, START_TIMEOUT, "the Sedge article, where we left off")
    _quit(terminal)
