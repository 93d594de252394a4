"""`broadsheet serve` answers an HTTP request on 127.0.0.1 with the app's page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from reader.paths import sample_articles

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_with_the_app_page(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, **{f"BROADSHEET_{k}_DIR": str(tmp_path / k) for k in ("CACHE", "STATE", "CONFIG")}}
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", str(sample_articles()), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8", "replace")
            except OSError:
                time.sleep(0.2)
        assert page, "no answer within 30 s"
        assert "broadsheet" in page
        assert "ws://" in page or "websocket" in page.lower() or "textual" in page.lower()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_serve_rejects_a_missing_root(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "serve", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("broadsheet: ")
    assert "Traceback" not in done.stderr
