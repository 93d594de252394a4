"""Helpers for the end-to-end tests: `broadsheet serve` on a free port, stopped with its app processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

SERVE_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    url: str
    page: str  # the first answer to GET /
    log: Path  # the server's stderr (textual-serve's log and the app's errors)

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text("utf-8", "replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextmanager
def serving(root: Path, workdir: Path) -> Iterator[Served]:
    """`python -m reader serve ROOT` on 127.0.0.1, once it answers GET / with 200.

    The server and the app processes textual-serve starts share one process group, which is killed on
    the way out, also when the test fails. BROADSHEET_CACHE_DIR / _STATE_DIR / _CONFIG_DIR come from the
    environment, which tests/conftest.py points at temporary folders for every test.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = workdir / "serve.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", str(root), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        page = ""
        deadline = time.monotonic() + SERVE_TIMEOUT
        while not page and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8", "replace")
            except OSError:
                time.sleep(0.2)
        served = Served(url, page, log)
        assert page, (
            f"`broadsheet serve` gave no answer within {SERVE_TIMEOUT} s; its log:\n{served.log_tail()}"
        )
        yield served
    finally:
        stop(server)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group started with `start_new_session`, then SIGKILL to what is left."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever outlived the group's leader
    process.wait(timeout=10)
