"""`broadsheet serve` answers an HTTP request on 127.0.0.1 with the app's page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.paths import sample_articles

from .helpers import serving

pytestmark = pytest.mark.e2e


def test_serve_answers_with_the_app_page(tmp_path: Path) -> None:
    with serving(sample_articles(), tmp_path) as served:
        assert "broadsheet" in served.page
        page = served.page.lower()
        assert "ws://" in page or "websocket" in page or "textual" in page


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
