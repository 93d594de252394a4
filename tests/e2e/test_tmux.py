"""Journeys through the real app in a real terminal: tmux runs `python -m reader` on the samples."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.load import load_archive
from reader.paths import sample_articles

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

START_TIMEOUT = 15.0
EXIT_TIMEOUT = 5.0


class Tmux:
    """One detached tmux session on a private server socket, so no user session is touched."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        # os.environ, not the process's inherited environment: pytest imports readline, and GNU
        # readline puts LINES=24 and COLUMNS=80 there behind os.environ's back; the app in tmux
        # would then draw 80×24 whatever size the window has.
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
            env=dict(os.environ),
        )

    def start(self, command: str, width: int, height: int) -> None:
        self.run("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command)

    def screen(self) -> str:
        result = self.run("capture-pane", "-p", "-t", self.session, check=False)
        return result.stdout if result.returncode == 0 else ""

    def send(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def alive(self) -> bool:
        return self.run("has-session", "-t", self.session, check=False).returncode == 0

    def wait_for(self, found: Callable[[str], bool], timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if found(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{what} not seen within {timeout} s; the screen was:\n{screen}")

    def kill(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    name = f"broadsheet-e2e-{uuid.uuid4().hex[:10]}"
    session = Tmux(socket=name, session=name)
    try:
        yield session
    finally:
        session.kill()


@pytest.fixture
def command(tmp_path: Path) -> str:
    """The shell command that opens the app on the bundled samples, user folders kept in tmp_path."""
    env = [f"BROADSHEET_{kind}_DIR={tmp_path / kind.lower()}" for kind in ("CACHE", "STATE", "CONFIG")]
    words = ["env", *env, sys.executable, "-m", "reader", str(sample_articles())]
    return shlex.join(words)


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    archive = load_archive(str(sample_articles()))
    assert len(archive) >= 2
    top_tag = max(archive.tags, key=lambda tag: archive.tags[tag])
    return {"newest": archive.articles[0].title, "second": archive.articles[1].title, "tag": top_tag}


def test_journey_open_help_and_quit(tmux: Tmux, command: str, expected: dict[str, str]) -> None:
    tmux.start(command, 120, 40)
    screen = tmux.wait_for(lambda s: expected["newest"] in s, START_TIMEOUT, "the newest sample's title")
    assert f"#{expected['tag']}" in screen

    # The second title is in the list once; after opening it the pane's header shows it too.
    assert screen.count(expected["second"]) == 1
    tmux.send("Down")
    time.sleep(0.2)
    tmux.send("Enter")
    tmux.wait_for(lambda s: s.count(expected["second"]) >= 2, 5, "the second article in the pane")

    tmux.send("?")
    tmux.wait_for(lambda s: "Keys" in s and "Escape closes" in s, 5, "the help screen")
    tmux.send("Escape")
    tmux.wait_for(lambda s: "Escape closes" not in s, 5, "the help screen closing")
    time.sleep(0.3)  # tmux would merge Escape and the next key into Alt+key
    tmux.send("q")
    deadline = time.monotonic() + EXIT_TIMEOUT
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmux.alive(), f"the app was still running {EXIT_TIMEOUT} s after q:\n{tmux.screen()}"


def test_starts_in_a_small_terminal(tmux: Tmux, command: str, expected: dict[str, str]) -> None:
    tmux.start(command, 80, 24)
    # At 80×24 the pane is short: the article's header is one line, its title cut (…) so that the
    # date and the word count stay; the list cuts long titles too.
    start = expected["newest"][:4]

    def shows_newest(screen: str) -> bool:
        return any(start in line and " words" in line for line in screen.splitlines())

    screen = tmux.wait_for(shows_newest, START_TIMEOUT, "the newest sample's header line")
    assert f"#{expected['tag']}" in screen
    assert "Articles" in screen
    assert "All articles" not in screen  # under 90 columns the sidebar starts hidden
    assert screen.rstrip().splitlines()[-1].startswith("q Quit ? Help")
    tmux.send("b")
    tmux.wait_for(lambda s: "All articles" in s, 5, "the sidebar shown by b")


def _quit(tmux: Tmux) -> None:
    time.sleep(0.3)  # tmux would merge an Escape just before into Alt+q
    tmux.send("q")
    deadline = time.monotonic() + EXIT_TIMEOUT
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmux.alive()


def test_journey_filter_search_and_star(tmux: Tmux, command: str, tmp_path: Path) -> None:
    """Filter by the top tag, search, star an article; then the CLI sees the star (same state dir)."""
    archive = load_archive(str(sample_articles()))
    tag = max(archive.tags, key=lambda name: archive.tags[name])
    tmux.start(command, 120, 40)
    tmux.wait_for(lambda s: f"Articles {len(archive)}" in s, START_TIMEOUT, "the full list")

    # Filter: in the tags pane, try each option in turn (Enter toggles it) until the top tag is in force.
    tmux.send("t")
    time.sleep(0.3)
    for _ in range(60):
        tmux.send("Down")
        time.sleep(0.1)
        tmux.send("Enter")
        time.sleep(0.3)
        if f"· #{tag}" in tmux.screen():
            break
        tmux.send("Enter")  # another option: drop it again
        time.sleep(0.2)
    tmux.wait_for(lambda s: f"{archive.tags[tag]} of {len(archive)}" in s, 5, "the tag filter")
    tmux.send("x")  # clear the filter
    tmux.wait_for(lambda s: f"Articles {len(archive)}" in s, 5, "the filter cleared")

    # Search for a word of the newest article's title.
    word = next(w for w in archive.articles[0].title.split() if len(w) >= 3)
    tmux.send("/")
    time.sleep(0.3)
    tmux.send("-l", word)
    tmux.wait_for(lambda s: "found" in s and "Search" in s, 10, "search results")
    tmux.send("Escape")
    tmux.wait_for(lambda s: f"Articles {len(archive)}" in s, 5, "the full list again")

    # Open the newest article and star it.
    time.sleep(0.3)
    tmux.send("Enter")
    time.sleep(0.5)
    tmux.send("s")
    tmux.wait_for(lambda s: "★" in s, 5, "the star")
    tmux.send("Escape")
    _quit(tmux)

    env = {
        **os.environ,
        **{f"BROADSHEET_{k}_DIR": str(tmp_path / k.lower()) for k in ("CACHE", "STATE", "CONFIG")},
    }
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(sample_articles()), "--starred", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    starred = json.loads(done.stdout)
    assert [item["path"] for item in starred] == [archive.articles[0].path]
    assert starred[0]["read"] is True


def test_keys_sent_in_one_burst_edit_the_search_in_order(tmux: Tmux, command: str) -> None:
    """`a`, then Backspace t e a in one send-keys (one read for the app, as over SSH): `tea`."""
    tmux.start(command, 120, 40)
    tmux.wait_for(lambda s: "Articles" in s, START_TIMEOUT, "the list")
    tmux.send("/")
    time.sleep(0.3)
    tmux.send("a")
    tmux.wait_for(lambda s: "Search a ·" in s, 10, "the search for a")
    tmux.send("BSpace", "t", "e", "a")
    screen = tmux.wait_for(lambda s: "Search tea ·" in s or "Search ate ·" in s, 10, "the new search")
    assert "Search tea ·" in screen
    tmux.send("Escape")
    _quit(tmux)


def test_a_crash_is_one_line_and_a_report_not_a_traceback(tmux: Tmux, tmp_path: Path) -> None:
    """A bug in the UI thread ends the app, but the terminal shows one line, never a traceback."""
    script = tmp_path / "crash.py"
    script.write_text(
        "import sys\n"
        "from reader.ui.widgets import ArticleList\n"
        "def broken(self, event):\n"
        "    raise ZeroDivisionError('a bug on the UI thread')\n"
        "ArticleList.on_key = broken\n"
        "from reader.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    env = [f"BROADSHEET_{kind}_DIR={tmp_path / kind.lower()}" for kind in ("CACHE", "STATE", "CONFIG")]
    run = shlex.join(["env", *env, sys.executable, str(script), str(sample_articles())])
    tmux.start(f"{run}; echo exit=$?; sleep 30", 150, 30)
    tmux.wait_for(lambda s: "Articles" in s, START_TIMEOUT, "the app")
    tmux.send("j")
    screen = tmux.wait_for(lambda s: "exit=" in s, EXIT_TIMEOUT * 2, "the app ending")
    assert "exit=1" in screen
    assert "Traceback" not in screen
    report = tmp_path / "state" / "crash.txt"
    said = "".join(screen.splitlines())  # the line, wrapped at the terminal's width
    assert "exit=1" not in said.split("broadsheet:")[0]
    assert (
        f"broadsheet: unexpected error: ZeroDivisionError: a bug on the UI thread "
        f"(the details are in {report})exit=1" in said
    )
    assert "ZeroDivisionError" in report.read_text(encoding="utf-8")
