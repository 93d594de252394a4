"""The file watcher: in a process of its own (watchfiles holds the GIL while it sets its watches up,
which froze the UI on a big archive), and in this one where that cannot be started. Both say the
same things: up, then a change to an article or a folder, never a hidden or unrelated file."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import reader.ui.indexing as indexing

QUIET = 1.6  # seconds: longer than the watcher's debounce and tick together


@pytest.fixture(params=["own process", "this process"])
def where(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "this process":
        monkeypatch.setattr(indexing, "_start_watcher", lambda root: None)
    return str(request.param)


def watching(root: Path, stop: threading.Event) -> queue.Queue[object]:
    """What `watch_archive` yields (then "ended", or the exception it raised), from a thread."""
    said: queue.Queue[object] = queue.Queue()

    def run() -> None:
        try:
            for changed in indexing.watch_archive(str(root), stop):
                said.put(changed)
            said.put("ended")
        except Exception as error:
            said.put(error)

    threading.Thread(target=run, daemon=True).start()
    return said


def children() -> Iterator[int]:
    import os

    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == os.getpid():
                yield int(pid)


def test_up_then_articles_and_folders_but_not_hidden_or_other_files(tmp_path: Path, where: str) -> None:
    (tmp_path / "old.md").write_text("# Old\n", encoding="utf-8")
    stop = threading.Event()
    said = watching(tmp_path, stop)
    try:
        assert said.get(timeout=20) is False  # up, nothing changed
        (tmp_path / ".draft.md").write_text("# Hidden\n", encoding="utf-8")
        (tmp_path / "notes.txt").write_text("not an article\n", encoding="utf-8")
        with pytest.raises(queue.Empty):
            said.get(timeout=QUIET)
        (tmp_path / "new.md").write_text("# New\n", encoding="utf-8")
        assert said.get(timeout=20) is True
        (tmp_path / "2024").mkdir()
        assert said.get(timeout=20) is True
        (tmp_path / "old.md").unlink()
        assert said.get(timeout=20) is True
    finally:
        stop.set()
    assert said.get(timeout=10) == "ended"
    assert not list(children())  # the watcher's process is gone with the watch


def test_the_watchers_error_is_raised_here_as_it_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = indexing.WATCHER.replace(
        "try:\n", "try:\n    raise OSError(28, 'inotify watch limit reached')\n"
    )
    assert failing != indexing.WATCHER
    monkeypatch.setattr(indexing, "WATCHER", failing)
    stop = threading.Event()
    said = watching(tmp_path, stop)
    try:
        error = said.get(timeout=20)
    finally:
        stop.set()
    assert isinstance(error, OSError)
    assert (error.errno, error.strerror) == (28, "inotify watch limit reached")
    assert not list(children())


def test_an_unknown_error_keeps_its_name_and_words() -> None:
    line = b'{"error": ["WatcherPanic", [], "the watcher panicked: oops"]}'
    error = indexing._watcher_error(line, 1)
    assert type(error).__name__ == "WatcherPanic"
    assert str(error) == "the watcher panicked: oops"
    assert isinstance(indexing._watcher_error(b'{"error": ["OSError", [28, "no room"], "x"]}', 1), OSError)
    silent = indexing._watcher_error(b"garbage", 9)
    assert isinstance(silent, OSError)
    assert "status 9" in str(silent)


def test_a_watcher_that_cannot_run_leaves_the_watch_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that dies without a word (say, its interpreter cannot import watchfiles) is not a
    failure to report again and again: the app watches by itself, as it did before."""
    monkeypatch.setattr(indexing, "WATCHER", "import sys; sys.exit(3)")
    stop = threading.Event()
    said = watching(tmp_path, stop)
    try:
        assert said.get(timeout=20) is False
        (tmp_path / "new.md").write_text("# New\n", encoding="utf-8")
        assert said.get(timeout=20) is True
    finally:
        stop.set()
    assert said.get(timeout=10) == "ended"
