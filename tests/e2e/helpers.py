"""Helpers for the end-to-end tests: `broadsheet serve` on a free port, stopped with its app processes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

SERVE_TIMEOUT = 30.0
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


ADDRESS = re.compile(r"broadsheet: serving .* on (http://\S+)")


@dataclass(frozen=True)
class Served:
    url: str  # the address `broadsheet serve` printed (with its ?token= when it has one)
    page: str  # the first answer to GET that address
    log: Path  # the server's stdout and stderr (the address, textual-serve's log, the app's errors)
    port: int

    @property
    def token(self) -> str | None:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.url).query).get("token", [None])[0]

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text("utf-8", "replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextmanager
def serving(root: Path, workdir: Path, *options: str) -> Iterator[Served]:
    """`python -m reader serve ROOT --port P OPTIONS` (on 127.0.0.1 unless OPTIONS say otherwise), once
    it has printed its address and answers GET on it with 200.

    The server and the app processes textual-serve starts share one process group, which is killed on
    the way out, also when the test fails. BROADSHEET_CACHE_DIR / _STATE_DIR / _CONFIG_DIR come from the
    environment, which tests/conftest.py points at temporary folders for every test.
    """
    port = free_port()
    log = workdir / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", str(root), "--port", str(port), *options],
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        url, page = "", ""
        deadline = time.monotonic() + SERVE_TIMEOUT
        while not page and time.monotonic() < deadline and server.poll() is None:
            if not url and (printed := ADDRESS.search(log.read_text("utf-8", "replace"))):
                url = printed[1]
            if url:
                with suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8", "replace")
            if not page:
                time.sleep(0.2)
        served = Served(url, page, log, port)
        assert page, (
            f"`broadsheet serve` gave no answer within {SERVE_TIMEOUT} s; its log:\n{served.log_tail()}"
        )
        yield served
    finally:
        stop(server)


def screen_text(received: str) -> str:
    """A terminal's output without its escape sequences: the text it draws, in order."""
    return ESCAPES.sub("", received)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group started with `start_new_session`, then SIGKILL to what is left."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever outlived the group's leader
    process.wait(timeout=10)
