"""`broadsheet serve` answers an HTTP request on 127.0.0.1 with the app's page."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from reader.paths import sample_articles
from reader.serve import offline_page

from .helpers import serving

pytestmark = pytest.mark.e2e


def test_serve_answers_with_the_app_page(tmp_path: Path) -> None:
    with serving(sample_articles(), tmp_path) as served:
        assert "broadsheet" in served.page
        page = served.page.lower()
        assert "ws://" in page or "websocket" in page or "textual" in page


def test_the_page_works_offline(tmp_path: Path) -> None:
    """No font from Google: the page loads textual-serve's bundled Roboto Mono from our server."""
    with serving(sample_articles(), tmp_path) as served:
        assert "googleapis" not in served.page
        fonts = re.findall(r'url\("([^"]+\.ttf)"\)', served.page)
        assert len(fonts) == 2
        for font in fonts:
            with urllib.request.urlopen(urllib.parse.urljoin(served.url, font), timeout=10) as answer:
                assert answer.status == 200
                assert len(answer.read()) > 10_000


def test_an_unexpected_page_is_served_unchanged(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "app_index.html").write_text("<html>no remote font here</html>", encoding="utf-8")
    assert offline_page(templates, tmp_path / "out") is None
    (templates / "app_index.html").write_text(
        '<head><link rel="stylesheet"\n href="https://fonts.googleapis.com/css?family=X" /></head>',
        encoding="utf-8",
    )
    out = offline_page(templates, tmp_path / "out")
    assert out is not None
    page = (out / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page
    assert "@font-face" in page


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
