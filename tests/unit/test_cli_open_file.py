"""`broadsheet FILE.md`: the reader on the file's folder with that article open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.ui.app import BroadsheetApp

from .helpers import write_tree


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[BroadsheetApp]:
    """The apps `main` would run, recorded instead of run."""
    apps: list[BroadsheetApp] = []

    def run(self: BroadsheetApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(BroadsheetApp, "run", run)
    return apps


def test_a_markdown_file_opens_its_folder_with_it_open(tmp_path: Path, opened: list[BroadsheetApp]) -> None:
    write_tree(tmp_path / "news", {"2024/a.md": "# A\n", "2024/b.markdown": "# B\n"})
    assert main([str(tmp_path / "news" / "2024" / "b.markdown")]) == 0
    (app,) = opened
    assert app.root == str(tmp_path / "news" / "2024")
    assert app.open_path == "b.markdown"
    assert app.resume


def test_a_relative_file_and_a_folder_still_work(
    tmp_path: Path, opened: list[BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"news/a.md": "# A\n"})
    monkeypatch.chdir(tmp_path / "news")
    assert main(["a.md"]) == 0
    assert main(["--fresh", str(tmp_path / "news")]) == 0
    assert (opened[0].root, opened[0].open_path) == (str(tmp_path / "news"), "a.md")
    assert (opened[1].root, opened[1].open_path, opened[1].resume) == (str(tmp_path / "news"), None, False)


@pytest.mark.parametrize("name", ["missing.md", "missing.markdown"])
def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main([str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"broadsheet: no such file: {tmp_path / name}\n"


def test_python_dash_m_reader_says_the_same(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", str(tmp_path / "gone.md")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"broadsheet: no such file: {tmp_path / 'gone.md'}\n"
