"""The on-disk index: incremental updates agree with a fresh load, corruption rebuilds, location."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reader.index.build as build
import reader.index.store as store
from reader.index import Index, UpdateStats, index_path, open_index
from reader.index.rows import article_row
from reader.load import load_archive
from reader.load.scan import scan
from reader.model import Article, Problem, Stamp

from .helpers import Tree

MakeArchive = Callable[[Tree], Path]

FILES: dict[str, str | bytes] = {
    "2025/harbour.md": (
        "---\ntitle: Harbour lights\ndate: 2025-03-01 08:00:00\ntags: [sea, 港口]\n"
        "categories: [Travel]\n---\nThe ferries leave at dawn. 渡轮清晨出发。\n"
    ),
    "2024/orchard.md": (
        "---\ntitle: 果园\ndate: 2024-09-10\ntags: [farm]\n---\nApples ripen slowly in the valley.\n"
    ),
    "notes/undated.md": "# Loose notes\n\nA page without a date about kites.\n",
    "bad.md": "---\ntitle: [unclosed\n---\nBroken front matter.\n",
}

BROKEN = "---\ntitle: [unclosed\n---\nbroken again\n"


@pytest.fixture
def root(make_archive: MakeArchive) -> Path:
    return make_archive(FILES)


def assert_same_as_fresh(index: Index, root: Path) -> None:
    """What the index says is exactly what reading every file afresh says."""
    got, want = index.archive(), load_archive(str(root))
    assert [a.to_json() for a in got.articles] == [a.to_json() for a in want.articles]
    assert got.articles == want.articles  # size and mtime too
    assert sorted(p.to_json().items() for p in got.problems) == sorted(
        p.to_json().items() for p in want.problems
    )
    assert got.files == want.files
    assert got.root == want.root
    assert dict(got.tags) == dict(want.tags)


def counts(stats: UpdateStats) -> tuple[int, int, int, int]:
    return (stats.added, stats.changed, stats.removed, stats.unchanged)


def paths(index: Index, query: str) -> set[str]:
    return {hit.article.path for hit in index.search(query, limit=None)}


def fulltext_rows(index: Index) -> int:
    return int(index.db.execute("SELECT count(*) FROM fulltext").fetchone()[0])


def live_rows(index: Index) -> int:
    return int(index.db.execute("SELECT count(*) FROM articles").fetchone()[0])


def bump_mtime(path: Path, seconds: float = 100.0) -> None:
    info = path.stat()
    os.utime(path, (info.st_atime, info.st_mtime + seconds))


# --- incremental updates -------------------------------------------------------------------------


def test_first_update_reads_everything_and_matches_a_fresh_load(root: Path) -> None:
    with open_index(str(root)) as index:
        stats = index.update()
        assert counts(stats) == (4, 0, 0, 0)
        assert stats.files == 4
        assert stats.indexed == 3  # the broken file has no body to index
        assert not stats.rebuilt
        assert_same_as_fresh(index, root)
        assert [p.path for p in index.problems()] == ["bad.md"]


def test_added_file_is_picked_up(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        (root / "2024" / "kite.md").write_text("---\ntitle: Kites\ndate: 2024-04-04\n---\nString.\n")
        assert counts(index.update()) == (1, 0, 0, 4)
        assert_same_as_fresh(index, root)
        assert paths(index, "string") == {"2024/kite.md"}


def test_rewritten_file_with_new_size_is_changed(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        target = root / "2024" / "orchard.md"
        target.write_text("---\ntitle: 梨园\ndate: 2024-09-11\ntags: [farm, pears]\n---\nPears now.\n")
        assert counts(index.update()) == (0, 1, 0, 3)
        assert_same_as_fresh(index, root)
        assert index.archive().find("2024/orchard.md").title == "梨园"  # type: ignore[union-attr]


def test_same_size_with_new_mtime_is_changed(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        target = root / "2024" / "orchard.md"
        old = target.read_text()
        new = old.replace("Apples", "Quince")
        assert len(new.encode()) == len(old.encode())
        before = target.stat().st_mtime
        target.write_text(new)
        os.utime(target, (before + 50, before + 50))
        assert counts(index.update()) == (0, 1, 0, 3)
        assert_same_as_fresh(index, root)
        assert paths(index, "quince") == {"2024/orchard.md"}
        assert paths(index, "apples") == set()


def test_touched_file_without_new_content_is_reread(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        bump_mtime(root / "notes" / "undated.md")
        assert counts(index.update()) == (0, 1, 0, 3)
        assert_same_as_fresh(index, root)
        assert paths(index, "kites") == {"notes/undated.md"}


def test_deleted_file_is_removed(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        (root / "2025" / "harbour.md").unlink()
        assert counts(index.update()) == (0, 0, 1, 3)
        assert_same_as_fresh(index, root)
        assert paths(index, "ferries") == set()
        assert paths(index, "渡轮") == set()
        assert "sea" not in index.archive().tags


def test_deleted_broken_file_leaves_the_problems(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        (root / "bad.md").unlink()
        assert counts(index.update()) == (0, 0, 1, 3)
        assert index.problems() == []
        assert_same_as_fresh(index, root)


def test_renamed_file_moves(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        (root / "2024" / "orchard.md").rename(root / "2024" / "valley.md")
        assert counts(index.update()) == (1, 0, 1, 3)
        assert_same_as_fresh(index, root)
        archive = index.archive()
        assert archive.find("2024/orchard.md") is None
        assert archive.find("2024/valley.md") is not None
        assert paths(index, "apples") == {"2024/valley.md"}


def test_file_that_breaks_moves_to_problems_and_back(root: Path) -> None:
    target = root / "2024" / "orchard.md"
    good = target.read_text()
    with open_index(str(root)) as index:
        index.update()
        target.write_text(BROKEN)
        assert counts(index.update()) == (0, 1, 0, 3)
        assert_same_as_fresh(index, root)
        assert index.archive().find("2024/orchard.md") is None
        assert {p.path for p in index.problems()} == {"bad.md", "2024/orchard.md"}
        assert all(p.kind == "front-matter" and p.severity == "error" for p in index.problems())
        assert paths(index, "apples") == set()  # the old body's full-text row does not leak
        target.write_text(good)
        bump_mtime(target)
        assert counts(index.update()) == (0, 1, 0, 3)
        assert_same_as_fresh(index, root)
        assert [p.path for p in index.problems()] == ["bad.md"]
        assert paths(index, "apples") == {"2024/orchard.md"}
        (root / "bad.md").write_text("---\ntitle: Mended\n---\nFixed body.\n")
        assert counts(index.update()) == (0, 1, 0, 3)
        assert index.problems() == []
        assert_same_as_fresh(index, root)


def test_unchanged_update_reads_no_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_index(str(root)) as index:
        index.update()
    loads: list[object] = []
    bodies: list[object] = []
    real_read, real_row = build.read_rows, build._fulltext_row
    monkeypatch.setattr(build, "read_rows", lambda chunk: loads.extend(chunk) or real_read(chunk))
    monkeypatch.setattr(build, "_fulltext_row", lambda r, s: bodies.append(s) or real_row(r, s))
    with open_index(str(root)) as index:  # a new process would open it like this
        stats = index.update()
        assert counts(stats) == (0, 0, 0, 4)
        assert stats.indexed == 0
        assert_same_as_fresh(index, root)
    assert loads == []
    assert bodies == []


def test_update_then_fulltext_in_two_phases(root: Path) -> None:
    with open_index(str(root)) as index:
        stats = index.update(fulltext=False)
        assert stats.indexed == 0
        assert index.pending_fulltext() == 3
        assert len(index.archive()) == 3  # the list is there before any body is indexed
        assert paths(index, "ferries") == set()
        assert index.update_fulltext() == 3
        assert index.pending_fulltext() == 0
        assert paths(index, "ferries") == {"2025/harbour.md"}


def json_items(index: Index) -> list[object]:
    import json

    return [json.loads(line) for line in index.json_bytes()]


def fresh_items(root: Path) -> list[object]:
    return [a.to_json() for a in load_archive(str(root)).articles]


def test_metadata_phase_leaves_words_to_a_later_phase(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update(fulltext=False, words=False)
        assert {a.words for a in index.articles()} == {None}
        assert all(item["words"] is None for item in json_items(index))  # type: ignore[index]
        assert index.update_words() == 3
        assert json_items(index) == fresh_items(root)
        assert index.update_words() == 0
        assert_same_as_fresh(index, root)


def test_fulltext_phase_counts_words_too(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update(fulltext=False, words=False)
        assert index.update_fulltext() == 3
        assert json_items(index) == fresh_items(root)
        assert_same_as_fresh(index, root)


def test_metadata_only_update_counts_words_by_default(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update(fulltext=False)
        assert json_items(index) == fresh_items(root)
        assert index.pending_fulltext() == 3


def test_parallel_reading_matches_a_fresh_load(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: Tree = dict(FILES)
    for number in range(60):
        files[f"many/{number:03d}.md"] = (
            f"---\ntitle: Post {number}\ndate: 2024-01-{number % 28 + 1:02d}\n"
            f"tags: [t{number % 7}, 共]\n---\nBody {number} 正文。\n\nMore text.\n"
        )
    root = make_archive(files)
    monkeypatch.setattr(build, "PARALLEL_MIN", 10)
    monkeypatch.setattr(build, "CHUNK", 7)
    pools: list[bool] = []
    real_close = build.Reader.close

    def close(self: build.Reader) -> None:
        pools.append(self.pool is not None)
        real_close(self)

    monkeypatch.setattr(build.Reader, "close", close)
    with open_index(str(root)) as index:
        stats = index.update(fulltext=False, words=False)
        assert stats.added == 64
        assert pools == [True]
        assert index.update_fulltext() == 63
        assert json_items(index) == fresh_items(root)
        assert_same_as_fresh(index, root)
        assert paths(index, "共") == {f"many/{n:03d}.md" for n in range(60)}
        (root / "many" / "001.md").write_text("---\ntitle: Changed\n---\nNew body.\n", encoding="utf-8")
        (root / "many" / "002.md").unlink()
        assert counts(index.update()) == (0, 1, 1, 62)
        assert_same_as_fresh(index, root)


def test_newest_so_far_follows_a_first_index_as_it_stores(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: Tree = dict(FILES)
    for number in range(20):
        files[f"many/{number:02d}.md"] = (
            f"---\ntitle: Post {number}\ndate: 2024-{number % 12 + 1:02d}-01\n---\nBody.\n"
        )
    files["many/undated.md"] = "# Undated\n\nBody.\n"
    root = make_archive(files)
    monkeypatch.setattr(build, "CHUNK", 3)  # several chunks, stored one after another
    newest = store.NewestSoFar(5)
    seen: list[int] = []
    with open_index(str(root)) as index:
        index.update(lambda phase, done, total: seen.append(newest.stored), fulltext=False, newest=newest)
        whole = index.archive()
    assert newest.stored == len(whole)
    assert 0 < seen[-1] < len(whole)  # it grew while the update ran
    so_far = newest.archive(str(root))
    assert so_far.articles == whole.articles[:5]
    assert so_far.body(so_far.articles[0]) == whole.body(whole.articles[0])


def test_full_text_phase_keeps_within_an_old_sqlites_parameter_limit(make_archive: MakeArchive) -> None:
    """SQLite before 3.32 takes at most 999 parameters a statement."""
    root = make_archive(
        {f"{number:04d}.md": f"# Post {number}\n\nBody 正文 {number}.\n" for number in range(1200)}
    )
    with open_index(str(root)) as index:
        index.db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        index.update(fulltext=False, words=False)
        assert index.update_fulltext() == 1200
        assert len(index.search("正文", limit=None)) == 1200


def test_worker_processes_read_what_this_process_reads(root: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    chunk = [(f.relpath, f.abspath, f.size, f.mtime) for f in scan(str(root)) if not isinstance(f, Problem)]
    with ProcessPoolExecutor(max_workers=1, mp_context=build._pool_context()) as pool:
        assert pool.submit(build.read_rows, chunk).result() == build.read_rows(chunk)


def test_workers_run_only_a_few_chunks_ahead_of_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results wait in this process until the caller takes them: the pool must not race ahead
    (the full-text phase once piled 500 MB of bodies up at 100k). Threads stand in for the
    worker processes, which could not import this module's task."""
    import concurrent.futures
    import time

    class Threads(concurrent.futures.ThreadPoolExecutor):
        def __init__(self, max_workers: int, mp_context: object = None) -> None:
            super().__init__(max_workers)

    started: list[int] = []

    def task(args: tuple[str, list[int]]) -> list[int]:
        started.append(args[1][0])
        return args[1]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Threads)
    monkeypatch.setattr(build, "PARALLEL_MIN", 10)
    monkeypatch.setattr(build, "CHUNK", 2)
    batches = build.in_workers(task, "root", list(range(40)))
    assert next(batches) == [0, 1]
    time.sleep(0.2)
    assert len(started) <= build.AHEAD * build._workers() + 1
    assert [item for batch in batches for item in batch] == list(range(2, 40))
    assert sorted(started) == list(range(0, 40, 2))


def kept_listing(index: Index) -> bytes | None:
    """The kept `list --json` document, when the index vouches for it."""
    row = index.db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
    if row is None:
        return None
    data = Path(f"{index.location}.list").read_bytes()
    header = f"{row[0]}\n".encode()
    assert data.startswith(header)
    return data[len(header) :]


def test_listing_is_kept_until_an_article_changes(root: Path) -> None:
    import json

    with open_index(str(root)) as index:
        index.update(fulltext=False, words=False)
        first = index.listing()
        assert json.loads(first) == json_items(index)
        assert kept_listing(index) == first
        assert index.listing() == first  # now from the file
        index.update_words()  # word counts change the JSON: the kept copy goes
        assert kept_listing(index) is None
        index.update_fulltext()
        assert json.loads(index.listing()) == fresh_items(root)
        index.update()  # nothing changed: the copy stays
        assert kept_listing(index) is not None
        (root / "2025" / "new.md").write_text("---\ntitle: New\ndate: 2026-01-01\n---\nFresh.\n", "utf-8")
        index.update()
        assert kept_listing(index) is None
        assert json.loads(index.listing()) == fresh_items(root)
        (root / "2025" / "new.md").unlink()
        index.update()
        assert json.loads(index.listing()) == fresh_items(root)


def test_a_listing_file_without_the_token_is_never_used(root: Path) -> None:
    import json

    with open_index(str(root)) as index:
        index.update()
        index.listing()
        Path(f"{index.location}.list").write_bytes(b"stale\n[]\n")
        assert json.loads(index.listing()) == fresh_items(root)
        Path(f"{index.location}.list").unlink()
        assert json.loads(index.listing()) == fresh_items(root)


def test_listing_is_not_kept_while_another_process_writes(root: Path) -> None:
    import json

    with open_index(str(root)) as index, open_index(str(root)) as other:
        index.update()
        other.db.execute("BEGIN IMMEDIATE")
        try:
            assert json.loads(index.listing()) == fresh_items(root)
            assert kept_listing(index) is None
        finally:
            other.db.execute("ROLLBACK")
        index.listing()
        assert kept_listing(index) is not None


def test_progress_reports_indexing(root: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    with open_index(str(root)) as index:
        index.update(progress=lambda phase, done, total: calls.append((phase, done, total)))
    assert calls
    assert calls[-1] == ("indexing", 3, 3)


def test_random_churn_always_matches_a_fresh_load(make_archive: MakeArchive) -> None:
    rng = random.Random(1234)
    root = make_archive({})
    names = [f"d{n % 3}/f{n}.md" for n in range(8)]
    words = ["amber", "birch", "cedar", "delta", "ember", "fjord", "琥珀", "桦树", "雪松"]
    live: dict[str, str] = {}  # path -> the one unique word its body holds
    done: Counter[str] = Counter()
    with open_index(str(root)) as index:
        archive = index.archive()
        for step in range(60):
            name = rng.choice(names)
            target = root / name
            action = rng.choice(["write", "write", "delete", "break", "rename"])
            word = f"{rng.choice(words)}{step}"
            if action == "write" or (name not in live and action != "delete"):
                target.parent.mkdir(parents=True, exist_ok=True)
                date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                tags = rng.sample(["x", "y", "标签"], rng.randint(0, 2))
                target.write_text(
                    f"---\ntitle: T{step}\ndate: {date}\ntags: {tags}\n---\nbody {word} {'pad ' * step}\n"
                )
                bump_mtime(target, step)
                live[name] = word
                done["write"] += 1
            elif action == "delete" and target.exists():
                target.unlink()
                live.pop(name, None)
                done["delete"] += 1
            elif action == "break":
                target.write_text(BROKEN + "x" * step)
                live.pop(name, None)
                done["break"] += 1
            elif action == "rename" and target.exists():
                new = rng.choice([n for n in names if n != name])
                (root / new).parent.mkdir(parents=True, exist_ok=True)
                target.replace(root / new)
                live[new] = live.pop(name)
                done["rename"] += 1
            stats = index.update()
            assert_same_as_fresh(index, root)
            # A live update patches the archive it had with the changed rows only: the same result.
            patched = index.patched(archive, stats)
            assert patched == index.archive()
            assert dict(patched.tags) == dict(index.archive().tags)
            archive = patched
            for path, unique in live.items():
                assert paths(index, unique) == {path}, (step, unique)
            assert paths(index, "body") == set(live)
    assert min(done[action] for action in ("write", "delete", "break", "rename")) >= 3, done


# --- the full-text index: orphans and rebuilds ---------------------------------------------------


def test_changed_files_leave_orphans_that_never_reach_results(root: Path) -> None:
    target = root / "notes" / "undated.md"
    with open_index(str(root)) as index:
        index.update()
        for n in range(5):
            target.write_text(f"# Loose notes\n\nVersion {n} mentions gliders{n}.{' ' * n}\n")
            index.update()
        assert fulltext_rows(index) > live_rows(index)  # stale rows linger (contentless FTS5)
        assert paths(index, "gliders4") == {"notes/undated.md"}
        for n in range(4):
            assert paths(index, f"gliders{n}") == set()
        assert paths(index, "kites") == set()
        assert paths(index, "version") == {"notes/undated.md"}  # one hit, not one per version
        assert paths(index, "version -gliders4") == set()
        assert paths(index, "loose -gliders0") == {"notes/undated.md"}


def test_orphans_up_to_the_floor_do_not_rebuild(root: Path) -> None:
    with open_index(str(root)) as index:
        index.update()
        before = fulltext_rows(index)
        index.db.execute("INSERT OR REPLACE INTO meta VALUES ('orphans', 1000)")
        assert index.update_fulltext() == 0
        assert fulltext_rows(index) == before


def test_orphans_beyond_the_threshold_rebuild_the_full_text(root: Path) -> None:
    target = root / "2024" / "orchard.md"
    with open_index(str(root)) as index:
        index.update()
        target.write_text(target.read_text().replace("Apples", "Plums and apricots"))
        index.update()
        assert fulltext_rows(index) == 4  # 3 live + 1 orphan
        index.db.execute("INSERT OR REPLACE INTO meta VALUES ('orphans', 1001)")
        assert index.update_fulltext() == 3  # every live article indexed again
        assert fulltext_rows(index) == 3
        assert index.db.execute("SELECT value FROM meta WHERE key = 'orphans'").fetchone() is None
        assert paths(index, "plums") == {"2024/orchard.md"}
        assert paths(index, "apples") == set()
        assert paths(index, "渡轮") == {"2025/harbour.md"}
        assert paths(index, "kites") == {"notes/undated.md"}


def test_churn_with_a_tiny_threshold_keeps_results_right(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `max(1000, live // 2)` looked up in the module: make every orphan trigger a rebuild.
    monkeypatch.setattr(store, "max", lambda *values: 0, raising=False)
    target = root / "2025" / "harbour.md"
    with open_index(str(root)) as index:
        index.update()
        for n in range(6):
            target.write_text(f"---\ntitle: Harbour {n}\ndate: 2025-03-0{n + 1}\n---\nboats{n} 船{n}\n")
            stats = index.update()
            assert stats.indexed == 3  # rebuilt: all three live articles indexed again
            assert fulltext_rows(index) == live_rows(index) == 3
            assert paths(index, f"boats{n}") == {"2025/harbour.md"}
            assert paths(index, "boats0" if n else "ferries") == set()
            assert paths(index, "船") == {"2025/harbour.md"}
            assert paths(index, "kites") == {"notes/undated.md"}
            assert_same_as_fresh(index, root)


# --- a corrupt or foreign index ------------------------------------------------------------------


def _build_and_close(root: Path) -> Path:
    with open_index(str(root)) as index:
        index.update()
        location = index.location
    assert location.exists()
    return location


@pytest.mark.parametrize(
    "garbage",
    [os.urandom(8192), b"not a database at all", b"SQLite format 3\x00" + bytes(range(256)) * 40],
    ids=["random", "text", "bad-pages"],
)
def test_garbage_index_file_is_rebuilt(root: Path, garbage: bytes) -> None:
    location = _build_and_close(root)
    location.write_bytes(garbage)
    with open_index(str(root)) as index:
        stats = index.update()
        assert stats.added == 4  # everything read again: nothing survived
        assert_same_as_fresh(index, root)
        assert paths(index, "ferries") == {"2025/harbour.md"}
    assert location.read_bytes()[:16] == b"SQLite format 3\x00"


def test_corrupted_pages_of_a_real_index_are_rebuilt(root: Path) -> None:
    location = _build_and_close(root)
    data = bytearray(location.read_bytes())
    for offset in range(100, len(data)):
        data[offset] = (offset * 7) & 0xFF
    location.write_bytes(bytes(data))
    with open_index(str(root)) as index:
        index.update()
        assert_same_as_fresh(index, root)
        assert paths(index, "apples") == {"2024/orchard.md"}


@pytest.mark.parametrize("version", [0, store.SCHEMA_VERSION + 1, 99])
def test_other_schema_version_is_rebuilt(root: Path, version: int) -> None:
    location = _build_and_close(root)
    db = sqlite3.connect(location)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("CREATE TABLE leftover(x)")
    db.close()
    with open_index(str(root)) as index:
        assert index.db.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert index.db.execute("SELECT name FROM sqlite_master WHERE name = 'leftover'").fetchone() is None
        assert index.update().added == 4
        assert_same_as_fresh(index, root)


def test_database_error_during_update_rebuilds_once(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Index._update
    failures = [sqlite3.DatabaseError("database disk image is malformed")]

    def flaky(self: Index, *args: Any) -> UpdateStats:
        if failures:
            raise failures.pop()
        return real(self, *args)

    monkeypatch.setattr(Index, "_update", flaky)
    newest = store.NewestSoFar(10)
    gone = Article(path="gone.md", title="Gone", date=Stamp("2030-01-01", 1.9e9))
    newest.add([article_row("gone.md", gone)])  # stored by the attempt that failed
    with open_index(str(root)) as index:
        stats = index.update(newest=newest)
        assert stats.rebuilt
        assert stats.added == 4
        assert_same_as_fresh(index, root)
        whole = index.archive()
    assert newest.stored == len(whole)
    # (Words are counted after the rows are stored: compare the rest.)
    assert [article.path for article in newest.archive(str(root)).articles] == [
        a.path for a in whole.articles
    ]


def test_unwritable_cache_dir_still_works_in_memory(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BROADSHEET_CACHE_DIR", str(blocker / "cache"))
    with open_index(str(root)) as index:
        assert counts(index.update()) == (4, 0, 0, 0)
        assert_same_as_fresh(index, root)
        assert paths(index, "渡轮") == {"2025/harbour.md"}
        assert counts(index.update()) == (0, 0, 0, 4)
    assert blocker.read_text() == "not a folder"
    assert not (root / "cache").exists()


# --- where the index lives -----------------------------------------------------------------------


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
    }


def test_index_is_never_inside_the_archive(root: Path) -> None:
    before = _tree(root)
    cache = Path(os.environ["BROADSHEET_CACHE_DIR"])
    with open_index(str(root)) as index:
        index.update()
        index.search("apples")
        index.archive().body(index.archive().articles[0])
        location = index.location
    assert _tree(root) == before
    assert location == index_path(str(root))
    assert location.is_relative_to(cache)
    assert not location.resolve().is_relative_to(root.resolve())
    assert location.exists()


def test_one_index_per_root_and_symlinks_share_it(make_archive: MakeArchive, tmp_path: Path) -> None:
    first, second = make_archive(FILES), make_archive({"x.md": "# X\n"})
    link = tmp_path / "link-to-first"
    link.symlink_to(first, target_is_directory=True)
    assert index_path(str(first)) != index_path(str(second))
    assert index_path(str(link)) == index_path(str(first))
    assert index_path(str(first) + "/") == index_path(str(first))
    with open_index(str(first)) as index:
        index.update()
    with open_index(str(link)) as index:
        assert counts(index.update()) == (0, 0, 0, 4)  # the same index, already up to date
        assert_same_as_fresh(index, first)
    with open_index(str(second)) as index:
        assert counts(index.update()) == (1, 0, 0, 0)
        assert len(index.archive()) == 1


# --- file names the index must keep apart from their display form --------------------------------


def test_control_characters_in_file_names(make_archive: MakeArchive) -> None:
    root = make_archive({"plain.md": "# Plain\n\nfirst body\n", "odd\x1b[31m.md": "# Odd\n\nsecret body\n"})
    with open_index(str(root)) as index:
        assert counts(index.update()) == (2, 0, 0, 0)
        assert counts(index.update()) == (0, 0, 0, 2)
        assert_same_as_fresh(index, root)
        (hit,) = index.search("secret")
        assert hit.article.path == "odd[31m.md"
        assert "secret" in hit.snippet
        (root / "odd\x1b[31m.md").rename(root / "odd\x07.md")
        assert counts(index.update()) == (1, 0, 1, 1)
        assert {a.path for a in index.archive().articles} == {"plain.md", "odd.md"}


def test_file_names_that_sanitise_alike(make_archive: MakeArchive) -> None:
    root = make_archive({"a.md": "# One\n\nfirst\n", "a\x07.md": "# Two\n\nsecond\n"})
    with open_index(str(root)) as index:
        assert index.update().added == 2
        assert_same_as_fresh(index, root)
        assert paths(index, "second") == {"a.md"}


def test_an_index_in_use_by_another_writer_is_not_rebuilt(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "database is locked" is a DatabaseError too: it must not be taken for corruption (which would
    delete the index another process is writing)."""
    location = _build_and_close(root)
    monkeypatch.setattr(store, "BUSY_MS", 50)
    (root / "2024" / "orchard.md").write_text("---\ntitle: Changed\n---\nNew apples.\n", encoding="utf-8")
    with open_index(str(root)) as index:
        assert index.on_disk
        other = sqlite3.connect(location, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                index.update()
        finally:
            other.execute("ROLLBACK")
            other.close()
        stats = index.update()
        assert (stats.changed, stats.unchanged, stats.rebuilt) == (1, 3, False)
        assert_same_as_fresh(index, root)


CAPTURED_STDERR_BUILD = """
import io, sys
from pathlib import Path
from typing import Any
from reader.index import open_index
from reader.index.build import PARALLEL_MIN

class Captured(io.StringIO):  # what Textual puts in sys.stderr while the app runs
    def fileno(self):
        return -1

root = Path(sys.argv[1])
for number in range(PARALLEL_MIN + 10):
    (root / f"a{number}.md").write_text(f"---\\ntitle: Article {number}\\n---\\nText.\\n", encoding="utf-8")
sys.stderr = Captured()
with open_index(str(root)) as index:
    stats = index.update()
sys.stdout.write(f"{stats.added}\\n")
"""


@pytest.mark.parametrize("other_thread", [False, True])
def test_worker_processes_start_while_stderr_is_captured(tmp_path: Path, other_thread: bool) -> None:
    """Inside the app sys.stderr.fileno() is -1, and multiprocessing's resource tracker refused to
    start ("bad value(s) in fds_to_keep"): a cold index of a big archive failed in the app. With
    another thread running (as in the app) the workers come from a fork server; without, forked."""
    root = tmp_path / "big"
    root.mkdir()
    script = CAPTURED_STDERR_BUILD
    if other_thread:
        script = script.replace(
            "sys.stderr = Captured()",
            "import threading\nthreading.Thread(target=threading.Event().wait, daemon=True).start()\n"
            "sys.stderr = Captured()",
        )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "BROADSHEET_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) == len(list(root.iterdir()))


def test_the_full_text_phase_never_opens_a_file_that_became_a_fifo(root: Path) -> None:
    """Between the phases a file can be replaced: the body is read as the loader reads files
    (regular files only), so a FIFO with no writer cannot block indexing."""

    with open_index(str(root)) as index:
        index.update(fulltext=False)
        target = root / "2024" / "orchard.md"
        target.unlink()
        os.mkfifo(target)
        done = threading.Event()
        worker = threading.Thread(target=lambda: (index.update_fulltext(), done.set()), daemon=True)
        worker.start()
        worker.join(20)
        assert done.is_set(), "the full-text phase blocked on a FIFO"


def test_workers_are_forked_only_where_no_other_thread_runs() -> None:
    """A fork copies locks other threads hold: the app (threads) starts its workers from a fork
    server; the CLI (no other thread) forks them, which saves a new interpreter's imports."""
    if not sys.platform.startswith("linux"):
        pytest.skip("workers are forked on Linux only")
    assert build._pool_context().get_start_method() == "fork"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert build._pool_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()


def test_a_new_full_text_index_merges_less_often(root: Path) -> None:
    """hashsize and automerge are set once, when the table is created (`store._FULLTEXT_CONFIG`)."""
    with open_index(str(root)) as index:
        config = dict(index.db.execute("SELECT k, v FROM fulltext_config").fetchall())
        assert config["hashsize"] == 8388608
        assert config["automerge"] == 16


def test_full_text_rows_are_committed_several_chunks_at_a_time(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: Tree = {
        f"a{number:02d}.md": f"---\ntitle: A{number}\n---\n正文 {number}。\n" for number in range(20)
    }
    root = make_archive(files)
    monkeypatch.setattr(build, "BATCH", 3)  # chunks of 3, a commit every 5 rows: after 6, 12, 18, 20
    monkeypatch.setattr(store, "FULLTEXT_TRANSACTION", 5)
    real_chunk = build.fulltext_chunk
    calls: list[int] = []

    def failing_chunk(args: tuple[str, list[Any]]) -> list[Any]:
        calls.append(len(args[1]))
        if len(calls) == 6:  # the 5th chunk's rows are written, not committed
            raise OSError("the disk went away")
        return real_chunk(args)

    with open_index(str(root)) as index:
        index.update(fulltext=False, words=False)
        monkeypatch.setattr(build, "fulltext_chunk", failing_chunk)
        with pytest.raises(OSError, match="went away"):
            index.update_fulltext()
        # The rows of the transaction that failed are gone; those committed before it stay.
        assert index.pending_fulltext() == 20 - 12
        assert fulltext_rows(index) == 12
        monkeypatch.setattr(build, "fulltext_chunk", real_chunk)
        assert index.update_fulltext() == 8
        assert index.pending_fulltext() == 0
        assert len(index.search("正文", limit=None)) == 20
        assert json_items(index) == fresh_items(root)
