"""A cache dir that cannot be used: the index moves to a private temporary folder, and says so."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.index.store import Index

from .helpers import Tree

GOOD = "---\ntitle: Kept\ndate: 2024-02-03\n---\n\nA needle in the body.\n"


@pytest.fixture
def no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache dir is a file; the system's temporary folder is a fresh one."""
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BROADSHEET_CACHE_DIR", str(blocked))
    spare = tmp_path / "tmp"
    spare.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spare))
    return spare


def test_every_open_finds_the_same_index(make_archive: Callable[[Tree], Path], no_cache: Path) -> None:
    root = make_archive({"a.md": GOOD})
    with Index(str(root)) as index:
        assert index.trouble is not None
        assert "the cache folder cannot be used" in index.trouble
        index.update()
    with Index(str(root)) as index:  # a second open (the app's search worker) sees what was built
        assert [hit.article.title for hit in index.search("needle")] == ["Kept"]
        assert index.location.parent == no_cache / f"broadsheet-{os.getuid()}" / "index"
    for folder in (no_cache / f"broadsheet-{os.getuid()}", index.location.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_spare_folder_that_others_could_touch_is_not_used(
    make_archive: Callable[[Tree], Path], no_cache: Path
) -> None:
    planted = no_cache / f"broadsheet-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    with Index(str(make_archive({"a.md": GOOD}))) as index:
        assert not index.on_disk
        assert index.trouble is not None
        assert "kept in memory" in index.trouble


def test_the_cli_says_where_the_index_went(
    make_archive: Callable[[Tree], Path], no_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_archive({"a.md": GOOD})
    assert main(["search", "needle", str(root), "--json"]) == 0
    out, err = capsys.readouterr()
    assert [item["title"] for item in json.loads(out)] == ["Kept"]
    assert err.startswith("broadsheet: the cache folder cannot be used (")
    assert err.count("\n") == 1
