"""The warm start's quick walk: it finds what `scan` finds, hands anything unusual to `scan`, and an
update that takes it still notices every kind of change."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import reader.index.store as store
from reader.index import UpdateStats, open_index
from reader.load.scan import Found, quick_listing, scan

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]
# The module (`reader.load.scan` as an attribute is the function the package re-exports).
scan_module = importlib.import_module("reader.load.scan")

FILES: Tree = {
    "2025/03/harbour.md": "---\ntitle: Harbour\ndate: 2025-03-01\n---\nFerries at dawn.\n",
    "2025/03/bundle/index.md": "---\ntitle: Bundle\n---\nA bundle.\n",
    "2025/03/bundle/photo.jpg": "not an image",
    "2024/orchard.md": "---\ntitle: Orchard\ndate: 2024-09-10\n---\nApples ripen slowly.\n",
    "2024/Upper.MARKDOWN": "# Upper\n",
    "notes.txt": "not an article",
    ".hidden/skip.md": "# hidden\n",
    "a/b/c/deep.md": "# Deep\n",
    "z.md": "# Z\n",
}


def _scanned(root: Path) -> list[tuple[str, int, float]]:
    items = list(scan(str(root)))
    assert all(isinstance(item, Found) for item in items)
    return [(item.relpath, item.size, item.mtime) for item in items if isinstance(item, Found)]


def test_quick_listing_is_what_scan_finds(make_archive: MakeArchive) -> None:
    root = make_archive(FILES)
    listing = quick_listing(str(root))
    assert listing == _scanned(root)
    # A folder's files first, then its subfolders, each in name order.
    assert [path for path, _, _ in listing or []][:3] == ["z.md", "2024/Upper.MARKDOWN", "2024/orchard.md"]


def test_what_scan_ignores_quietly_the_quick_walk_ignores(make_archive: MakeArchive) -> None:
    root = make_archive(FILES)
    os.mkfifo(root / "2024" / "pipe.txt")  # not an article name: scan neither stats it into a problem
    os.mkfifo(root / ".hidden.md")
    assert list(scan(str(root))) == [item for item in scan(str(root)) if isinstance(item, Found)]
    assert quick_listing(str(root)) == _scanned(root)


def test_quick_listing_of_an_empty_folder(tmp_path: Path) -> None:
    assert quick_listing(str(tmp_path)) == []
    assert quick_listing(str(tmp_path / "missing")) is None


@pytest.mark.parametrize("odd", ["link-in", "link-out", "broken-link", "fifo", "unlistable"])
def test_anything_unusual_is_left_to_scan(
    odd: str, make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(FILES)
    if odd == "link-in":
        os.symlink("z.md", root / "alias.md")
    elif odd == "link-out":
        os.symlink(str(tmp_path), root / "outside")
    elif odd == "broken-link":
        os.symlink("missing.md", root / "broken.md")
    elif odd == "fifo":
        os.mkfifo(root / "pipe.md")
    else:
        (root / "locked").mkdir()
        os.chmod(root / "locked", 0)
    try:
        if odd == "unlistable" and os.access(root / "locked", os.R_OK):
            # Root can list any folder: refuse it the way the file system refuses other users.
            real_open = os.open

            def refusing(path: str, *args: object, **kwargs: object) -> int:
                if str(path).endswith("/locked"):
                    raise PermissionError(13, "Permission denied", str(path))
                return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(os, "open", refusing)
        assert quick_listing(str(root)) is None
    finally:
        if odd == "unlistable":
            os.chmod(root / "locked", 0o755)


def counts(stats: UpdateStats) -> tuple[int, int, int, int]:
    return (stats.added, stats.changed, stats.removed, stats.unchanged)


@pytest.fixture(params=["one process", "two processes"])
def forks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The walk in one process, or (as the command line walks a big archive) in two: every index
    opened in the test may fork, whatever its size; the list collects the forks made."""
    made: list[int] = []
    if request.param == "two processes":
        real_fork, real_init = os.fork, store.Index.__init__

        def fork() -> int:
            made.append(1)
            return real_fork()

        def init(self: store.Index, *args: object, **kwargs: object) -> None:
            real_init(self, *args, **kwargs)  # type: ignore[arg-type]
            self.walk_in_two = True

        monkeypatch.setattr(os, "fork", fork)
        monkeypatch.setattr(store.Index, "__init__", init)
        monkeypatch.setattr(store, "WALK_IN_TWO_FROM", 0)
        monkeypatch.setattr(scan_module, "fork_safe", lambda: True)  # pytest may hold other threads
    return made


@pytest.fixture
def warm(make_archive: MakeArchive, forks: list[int]) -> Path:
    """An archive indexed once, so that the next update compares with the last scan (walked in one
    process or two: see `forks`)."""
    root = make_archive(FILES)
    with open_index(str(root)) as index:
        index.update()
    return root


def _update(root: Path) -> UpdateStats:
    with open_index(str(root)) as index:
        return index.update()


def test_nothing_changed_takes_the_quick_walk_alone(
    warm: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_scan(root: str) -> None:
        raise AssertionError("scan walked an unchanged archive")

    monkeypatch.setattr(store, "scan", no_scan)
    forked = len(forks)
    stats = _update(warm)
    assert len(forks) == forked + (1 if forks else 0)  # the second process did walk
    assert counts(stats) == (0, 0, 0, 6)
    assert stats.files == 6
    assert stats.problems == []


def test_an_edit_in_place_same_size_new_mtime_is_noticed(warm: Path) -> None:
    target = warm / "2024" / "orchard.md"
    old = target.read_text()
    new = old.replace("Apples", "Quince")
    assert len(new) == len(old)
    before = target.stat()
    target.write_text(new)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000))  # one microsecond later
    assert counts(_update(warm)) == (0, 1, 0, 5)


def test_a_new_file_is_noticed(warm: Path) -> None:
    (warm / "2024" / "kite.md").write_text("# Kite\n")
    assert counts(_update(warm)) == (1, 0, 0, 6)


def test_a_deleted_file_is_noticed(warm: Path) -> None:
    (warm / "z.md").unlink()
    assert counts(_update(warm)) == (0, 0, 1, 5)


def test_a_renamed_folder_is_noticed(warm: Path) -> None:
    (warm / "a" / "b").rename(warm / "a" / "renamed")
    stats = _update(warm)
    assert counts(stats) == (1, 0, 1, 5)
    assert stats.read_files == ["a/renamed/c/deep.md"]
    assert stats.gone_files == ["a/b/c/deep.md"]


def test_a_new_link_goes_back_to_scan_and_is_found(warm: Path) -> None:
    os.symlink("z.md", warm / "alias.md")
    assert counts(_update(warm)) == (1, 0, 0, 6)
    assert counts(_update(warm)) == (0, 0, 0, 7)  # the link keeps it on `scan`, and unchanged


# Years, months and bundles: enough folders for the walk to share out between two processes.
MANY: Tree = {
    **FILES,
    **{
        f"{year}/{month:02d}/{name}": f"# {year} {month} {name}\n"
        for year in range(2015, 2026)
        for month in range(1, 13, 3)
        for name in ("a.md", "b.md", f"bundle-{month}/index.md")
    },
}


@pytest.mark.parametrize("tree", [FILES, MANY, {"only.md": "# Only\n"}, {}])
def test_the_walk_in_two_processes_is_the_walk_in_one(
    tree: Tree, make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(tree)
    monkeypatch.setattr(scan_module, "fork_safe", lambda: True)
    assert quick_listing(str(root), in_two=True) == quick_listing(str(root)) == _scanned(root)


@pytest.mark.parametrize("where", ["2015/01", "2025/10", "2020/04/bundle-4"])
def test_a_link_in_either_half_goes_back_to_scan(
    where: str, make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(MANY)
    os.symlink("a.md", root / where / "alias.md")
    monkeypatch.setattr(scan_module, "fork_safe", lambda: True)
    assert quick_listing(str(root), in_two=True) is None


def test_no_fork_while_another_thread_runs(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    def no_fork() -> int:
        raise AssertionError("forked beside another thread")

    root = make_archive(MANY)
    monkeypatch.setattr(os, "fork", no_fork)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert quick_listing(str(root), in_two=True) == _scanned(root)
    finally:
        stop.set()
        other.join()
