"""A damaged reading state is reported, never lost in silence, never written, and repaired on request."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import statefile
from reader.cli import main
from reader.load import load_archive
from reader.model import Article, Mark
from reader.sqlite import is_busy
from reader.state import ReadingState, StateError, inspect_state, repair_state, state_path

from .helpers import Tree

FILES: dict[str, str | bytes] = {
    f"2024/0{n}/day-{n}.md": f"---\ntitle: Day {n}\ndate: 2024-0{n}-0{n}\n---\nText {n}.\n"
    for n in range(1, 6)
}
CORRUPT_NAME = re.compile(r"reading-state\.sqlite3\.corrupt-\d{8}-\d{6}(-wal|-shm)?$")


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(FILES)


def articles_of(root: Path) -> list[Article]:
    return list(load_archive(str(root)).articles)


def healthy_state(root: Path, filler: int = 0) -> Path:
    """A real state file with the first two articles marked, and `filler` marks of another archive
    (so that the file spans many pages), fully checkpointed (no -wal left)."""
    found = articles_of(root)
    with ReadingState(str(root)) as state:
        state.set(found[:1], read=True)
        state.set(found[1:2], starred=True)
        if filler:
            state.db.executemany(
                "INSERT INTO marks VALUES ('/elsewhere', ?, ?, 1, 0, 0)",
                [(f"filler/{n:05}.md" * 3, f"{n:040}") for n in range(filler)],
            )
    assert not Path(f"{state_path()}-wal").exists()
    return state_path()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the state folder: its bytes and mtime."""
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.iterdir())}


# --- the damaged forms ---------------------------------------------------------------------------
# Each makes the state damaged in one way and returns what the report must mention.


def random_bytes(root: Path) -> str:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    state_path().write_bytes(os.urandom(8192))
    return "not a database"


def cut_in_header(root: Path) -> str:
    path = healthy_state(root)
    path.write_bytes(path.read_bytes()[:60])
    return "truncated"


def cut_mid_page(root: Path) -> str:
    path = healthy_state(root, filler=2000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 1000])
    return "truncated"


def cut_in_last_page(root: Path) -> str:
    """SQLite itself rounds a cut last page up and would notice only on reading it."""
    path = healthy_state(root, filler=2000)
    path.write_bytes(path.read_bytes()[:-100])
    return "truncated"


def marks_with_other_columns(root: Path) -> str:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(state_path()) as db:
        db.execute("CREATE TABLE marks(id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO marks(title) VALUES ('somebody else''s')")
    db.close()
    return "other columns"


def other_tables_only(root: Path) -> str:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(state_path()) as db:
        db.execute("CREATE TABLE notes(body TEXT)")
        db.execute("INSERT INTO notes VALUES ('not ours')")
    db.close()
    return "other tables"


def garbage_log(root: Path) -> str:
    path = healthy_state(root)
    Path(f"{path}-wal").write_bytes(os.urandom(4096))
    return "write-ahead log"


def folder_is_a_file(root: Path) -> str:
    state_path().parent.rmdir()
    state_path().parent.write_text("a file where the state folder should be", encoding="utf-8")
    return "folder is a file"


FORMS = [
    random_bytes,
    cut_in_header,
    cut_mid_page,
    cut_in_last_page,
    marks_with_other_columns,
    other_tables_only,
    garbage_log,
    folder_is_a_file,
]


@pytest.fixture(params=FORMS, ids=[form.__name__ for form in FORMS])
def damaged(request: pytest.FixtureRequest, archive: Path) -> tuple[Path, str]:
    """An archive whose reading state is damaged one way, and the word the report must use."""
    state_path().parent.mkdir(parents=True, exist_ok=True)
    return archive, request.param(archive)


def state_files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """The state folder's files, or the file that stands in its place."""
    if folder.is_file():
        return {folder.name: (folder.read_bytes(), folder.stat().st_mtime_ns)}
    return snapshot(folder)


# --- ReadingState --------------------------------------------------------------------------------


def test_damage_is_reported_and_marks_work_in_memory(damaged: tuple[Path, str]) -> None:
    archive, word = damaged
    before = state_files(state_path().parent)
    found = articles_of(archive)
    with ReadingState(str(archive)) as state:
        assert state.damage is not None
        assert word in state.damage.reason
        assert "\n" not in state.damage.reason
        assert state.damage.repairable
        # Nothing of the damaged state shows; new marks last in memory.
        assert state.marks(found) == {}
        state.set(found[2:3], read=True, starred=True)
        assert state.marks(found) == {found[2].path: Mark(read=True, starred=True)}
    # For this run: the next ReadingState of the same file sees them (the app opens one per change).
    with ReadingState(str(archive)) as again:
        assert again.damage is not None
        assert again.marks(found) == {found[2].path: Mark(read=True, starred=True)}
    assert state_files(state_path().parent) == before


def test_damage_that_shows_only_on_a_query_is_reported(archive: Path) -> None:
    path = healthy_state(archive, filler=2000)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = os.urandom(len(data) - page)  # every page after the first (which holds the schema)
    path.write_bytes(bytes(data))
    before = snapshot(path.parent)
    found = articles_of(archive)
    state = ReadingState(str(archive))
    try:
        assert state.damage is None  # the header and the schema are sound
        state.set(found[3:4], starred=True)  # reads the damaged table first: fails, then in memory
        assert state.damage is not None
        assert "malformed" in state.damage.reason
        assert state.marks(found) == {found[3].path: Mark(starred=True)}
    finally:
        state.close()
    # Every later open in this run knows, without having to reach the damaged page.
    with ReadingState(str(archive)) as again:
        assert again.damage is not None
        assert again.marks(found) == {found[3].path: Mark(starred=True)}
    assert snapshot(path.parent) == before
    # `state` reads every page: it finds the damage in a new process too.
    report = inspect_state()
    assert report.damage is not None
    assert "malformed" in report.damage.reason


def test_an_unwritable_state_folder_is_reported_and_not_repaired(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = healthy_state(archive)
    before = snapshot(path.parent)
    path.parent.chmod(0o555)
    try:
        if os.geteuid() == 0:  # root writes anywhere: make `access` answer as for anyone else
            real_access = os.access
            monkeypatch.setattr(
                statefile.os,
                "access",
                lambda where, mode: (
                    False if Path(where) == path.parent and mode & os.W_OK else real_access(where, mode)
                ),
            )
        with ReadingState(str(archive)) as state:
            assert state.damage is not None
            assert state.damage.reason == "its folder is not writable"
            assert not state.damage.repairable
            assert state.marks(articles_of(archive)) == {}
        with pytest.raises(StateError, match="not writable"):
            repair_state()
    finally:
        path.parent.chmod(0o755)
    assert snapshot(path.parent) == before


def test_a_state_folder_that_cannot_be_made_is_reported(archive: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file above the state folder", encoding="utf-8")
    location = blocker / "state" / "reading-state.sqlite3"
    with ReadingState(str(archive), location) as state:
        assert state.damage is not None
        assert "cannot be created" in state.damage.reason
        assert not state.damage.repairable
    assert inspect_state(location).damage == state.damage
    assert blocker.read_text(encoding="utf-8") == "a file above the state folder"


def test_a_busy_database_is_not_damage(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = healthy_state(archive)
    monkeypatch.setattr(statefile, "BUSY_TIMEOUT", 0.05)
    found = articles_of(archive)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another broadsheet is writing
        with ReadingState(str(archive)) as state:
            assert state.damage is None
            with pytest.raises(sqlite3.OperationalError) as raised:
                state.set(found[4:5], read=True)
            assert is_busy(raised.value)
            assert state.damage is None
        writer.execute("ROLLBACK")
        writer.execute("PRAGMA locking_mode = EXCLUSIVE")
        writer.execute("BEGIN EXCLUSIVE")  # not even a reader gets in
        with pytest.raises(sqlite3.OperationalError):
            ReadingState(str(archive))
    finally:
        writer.close()
    with ReadingState(str(archive)) as state:
        assert state.damage is None
        assert len(state.marks(found)) == 2


def test_an_empty_file_or_an_empty_database_becomes_the_state(archive: Path) -> None:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    found = articles_of(archive)
    for make in (lambda: state_path().write_bytes(b""), lambda: sqlite3.connect(state_path()).close()):
        state_path().unlink(missing_ok=True)
        make()
        with ReadingState(str(archive)) as state:
            assert state.damage is None
            state.set(found[:1], read=True)
        with ReadingState(str(archive)) as state:
            assert state.marks(found) == {found[0].path: Mark(read=True)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=(1 << 30)))
def test_every_truncation_is_found_when_the_file_is_opened(archive: Path, cut: int) -> None:
    """Whatever the length a file is cut to, the damage is known before any query runs."""
    whole = state_path().with_name("whole")
    if not whole.exists():
        healthy_state(archive, filler=300)
        state_path().rename(whole)
    data = whole.read_bytes()
    state_path().write_bytes(data[: cut % (len(data) - 1) + 1])
    state = ReadingState(str(archive))
    try:
        assert state.damage is not None
        assert state.damage.reason in ("file is truncated", "file is not a database")
    finally:
        state.close()
        state_path().unlink()


@given(header=st.binary(min_size=32, max_size=32), flip=st.integers(min_value=0, max_value=255))
def test_a_log_header_with_any_byte_changed_is_not_a_log(header: bytes, flip: int) -> None:
    valid = _real_log_header()
    assert statefile._valid_log_header(valid)
    assert not statefile._valid_log_header(header) or header == valid
    changed = bytearray(valid)
    changed[flip % 32] ^= 1 + flip // 32
    assert not statefile._valid_log_header(bytes(changed))


def _real_log_header() -> bytes:
    """The first 32 bytes of a -wal SQLite wrote, taken while a connection holds it."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "x.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE t(x)")
        header = (Path(folder) / "x.sqlite3-wal").read_bytes()[:32]
        db.close()
    return header


# --- repair --------------------------------------------------------------------------------------


def test_repair_moves_the_damage_aside_and_starts_a_new_state(damaged: tuple[Path, str]) -> None:
    archive, _ = damaged
    folder = state_path().parent
    before = state_files(folder)
    found = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set(found[4:5], starred=True)  # made in memory while damaged: carried over
    repair = repair_state()
    assert repair.found is not None
    assert repair.moved
    for old, new in repair.moved:
        assert new.parent == folder.parent if old == folder else new.parent == folder
        assert CORRUPT_NAME.match(new.name) or re.match(r"state\d*\.corrupt-\d{8}-\d{6}$", new.name)
    # Nothing is lost: every byte of what was there is in the moved-aside files.
    moved = {old.name: new for old, new in repair.moved}
    for name, (data, _mtime) in before.items():
        target = moved.get(name, moved.get(folder.name))
        assert target is not None, name
        assert (target.read_bytes() if target.is_file() else (target / name).read_bytes()) == data
    with ReadingState(str(archive)) as state:
        assert state.damage is None
        marks = state.marks(found)
        assert marks[found[4].path] == Mark(starred=True)
        state.set(found[3:4], read=True)
    with ReadingState(str(archive)) as state:
        assert state.marks(found)[found[3].path] == Mark(read=True)
    assert inspect_state().damage is None


def test_repair_of_a_damaged_log_keeps_the_marks_of_the_file_itself(archive: Path) -> None:
    garbage_log(archive)
    found = articles_of(archive)
    repair = repair_state()
    assert repair.salvaged
    assert repair.kept == 2
    with ReadingState(str(archive)) as state:
        assert state.damage is None
        assert state.marks(found) == {found[0].path: Mark(read=True), found[1].path: Mark(starred=True)}
    names = sorted(path.name for path in state_path().parent.iterdir())
    assert names[0] == "reading-state.sqlite3"
    assert all(CORRUPT_NAME.match(name) for name in names[1:])
    assert not [name for name in names if "salvage" in name]


def test_repair_of_a_healthy_state_changes_nothing(archive: Path) -> None:
    path = healthy_state(archive)
    before = snapshot(path.parent)
    repair = repair_state()
    assert repair.found is None
    assert repair.moved == ()
    assert {name: data for name, (data, _) in snapshot(path.parent).items() if name in before} == {
        name: data for name, (data, _) in before.items()
    }
    assert path.stat().st_mtime_ns == before[path.name][1]


def test_two_repairs_in_the_same_second_never_overwrite(archive: Path) -> None:
    random_bytes(archive)
    first = repair_state()
    random_bytes(archive)
    second = repair_state()
    first_targets = {new for _, new in first.moved}
    second_targets = {new for _, new in second.moved}
    assert not first_targets & second_targets
    assert all(target.exists() for target in first_targets | second_targets)


# --- the command line ----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize("command", [["list"], ["list", "--unread"], ["search", "text"]])
def test_commands_warn_once_and_do_their_job(
    damaged: tuple[Path, str], capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    archive, word = damaged
    before = state_files(state_path().parent)
    code, out, err = run(capsys, *command, str(archive), "--json")
    assert code == 0, err
    items = json.loads(out)
    assert len(items) == len(FILES)
    assert all(item["read"] is False and item["starred"] is False for item in items)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("broadsheet: reading state is unreadable (")
    assert word in lines[0]
    assert "'broadsheet state --repair'" in lines[0]
    assert state_files(state_path().parent) == before


def test_state_command_reports_then_repairs(
    damaged: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    archive, word = damaged
    code, out, err = run(capsys, "state")
    assert code == 1
    assert err == ""
    assert f"reading state: {state_path()}" in out
    assert "damaged:" in out
    assert word in out
    report = json.loads(run(capsys, "state", "--json")[1])
    assert report["healthy"] is False
    assert word in report["damage"]["reason"]
    code, out, err = run(capsys, "state", "--repair")
    assert code == 0, err
    assert err == ""
    assert re.search(r"^moved \S+ to \S+\.corrupt-\d{8}-\d{6}", out, re.MULTILINE)
    assert f"started a new reading state at {state_path()}" in out
    repaired = out
    # The new state works, keeps marks, and nothing warns any more.
    found = articles_of(archive)
    with ReadingState(str(archive)) as state:
        state.set(found[:1], starred=True)
    code, out, err = run(capsys, "list", str(archive), "--json")
    assert code == 0
    assert err == ""
    starred = {item["path"] for item in json.loads(out) if item["starred"]}
    if word == "write-ahead log":  # the file's own pages were sound: their marks are kept
        assert "with the 2 marks its own pages held" in repaired
        assert starred == {found[0].path, found[1].path}
    else:
        assert starred == {found[0].path}
        code, out, _ = run(capsys, "state")
        assert code == 0
        assert "healthy: 1 marked article in 1 archive (0 read, 1 starred)" in out


def test_state_command_on_a_healthy_and_on_a_missing_state(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "state")
    assert code == 0
    assert "not created yet" in out
    assert not state_path().exists()  # looking creates nothing
    healthy_state(archive)
    report = json.loads(run(capsys, "state", "--json")[1])
    assert report == {
        "path": str(state_path()),
        "exists": True,
        "healthy": True,
        "damage": None,
        "archives": 1,
        "marks": 2,
        "read": 1,
        "starred": 1,
    }
    before = state_path().read_bytes(), state_path().stat().st_mtime_ns
    code, out, _ = run(capsys, "state", "--repair")
    assert code == 0
    assert "healthy: nothing changed" in out
    assert (state_path().read_bytes(), state_path().stat().st_mtime_ns) == before
    repair = json.loads(run(capsys, "state", "--repair", "--json")[1])
    assert repair["repaired"] is False
    assert repair["moved"] == []


def test_state_command_that_cannot_repair_fails_with_one_line(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BROADSHEET_STATE_DIR", str(blocker / "state"))
    code, out, err = run(capsys, "list", str(archive), "--json")
    assert code == 0
    assert err.startswith("broadsheet: reading state is unusable (its folder cannot be created")
    code, out, err = run(capsys, "state")
    assert code == 1
    assert "unusable:" in out
    code, out, err = run(capsys, "state", "--repair")
    assert code == 1
    assert err.startswith("broadsheet: cannot repair the reading state: its folder cannot be created")
    assert len(err.strip().splitlines()) == 1


def test_state_command_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "state", "--bogus")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "broadsheet state" in capsys.readouterr().out


def test_a_busy_state_is_not_reported_as_damage(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = healthy_state(archive)
    monkeypatch.setattr(statefile, "BUSY_TIMEOUT", 0.05)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("PRAGMA locking_mode = EXCLUSIVE")
        writer.execute("BEGIN EXCLUSIVE")
        code, _, err = run(capsys, "list", str(archive), "--json")
        assert code == 1
        assert (
            err.strip()
            == "broadsheet: the reading state is busy (another broadsheet is writing it); try again"
        )
        code, _, err = run(capsys, "state")
        assert code == 1
        assert "busy" in err
        assert "damaged" not in err
    finally:
        writer.close()


def test_only_a_busy_state_is_called_busy(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Busy is told by SQLite's error code, never by the exception's class alone."""

    def fails(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ReadingState, "__init__", fails)
    code, _, err = run(capsys, "list", str(archive), "--json")
    assert code == 1
    assert err.strip() == "broadsheet: unexpected error: OperationalError: disk I/O error"


def test_an_empty_database_is_healthy_to_look_at(capsys: pytest.CaptureFixture[str]) -> None:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(state_path()).execute("PRAGMA user_version = 1").connection.close()  # no tables
    code, out, _ = run(capsys, "state")
    assert code == 0
    assert "healthy" in out


def test_a_log_left_without_its_database_is_not_replayed_into_a_new_one(archive: Path) -> None:
    path = healthy_state(archive)
    keeper = sqlite3.connect(path, isolation_level=None)  # holds the log open, with frames in it
    keeper.execute("UPDATE marks SET starred = 1")
    log = Path(f"{path}-wal").read_bytes()
    keeper.close()
    path.unlink()
    Path(f"{path}-wal").write_bytes(log)
    with ReadingState(str(archive)) as state:
        assert state.damage is not None
        assert "has no database" in state.damage.reason
    assert Path(f"{path}-wal").read_bytes() == log
    assert not path.exists()
    repair = repair_state()
    assert repair.moved
    assert all(CORRUPT_NAME.match(new.name) for _, new in repair.moved)
    with ReadingState(str(archive)) as state:
        assert state.damage is None
        assert state.marks(articles_of(archive)) == {}
