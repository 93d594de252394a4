"""Where the reader left off (reader.resume): per archive, atomic, forgiving of a damaged file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.resume import ROOTS_KEPT, Resume, ResumeError, load_resume, resume_path, save_resume
from reader.rules import Filter


def test_a_saved_place_comes_back_for_its_archive_only(tmp_path: Path) -> None:
    place = Resume.of("2024/a.md", 12, True, "ferry", Filter(tags=("city",), year="2024"))
    save_resume(str(tmp_path / "news"), place, 1.0)
    assert load_resume(str(tmp_path / "news")) == place
    assert load_resume(str(tmp_path / "other")) is None
    assert load_resume(str(tmp_path / "news")).filter == Filter(tags=("city",), year="2024")  # type: ignore[union-attr]


def test_the_archive_is_known_by_its_resolved_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "news").mkdir()
    monkeypatch.chdir(tmp_path)
    save_resume("./news/", Resume("a.md"), 1.0)
    assert load_resume(str(tmp_path / "news")) == Resume("a.md")


def test_it_lives_in_the_state_dir_never_in_the_archive(tmp_path: Path) -> None:
    archive = tmp_path / "news"
    archive.mkdir()
    save_resume(str(archive), Resume("a.md"), 1.0)
    assert list(archive.iterdir()) == []
    assert resume_path().is_file()


def test_no_file_means_nothing_to_restore() -> None:
    assert not resume_path().exists()
    assert load_resume("/somewhere") is None


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"roots": 3}'])
def test_a_damaged_file_is_reported_then_replaced_by_the_next_save(content: bytes) -> None:
    path = resume_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with pytest.raises(ResumeError, match="damaged"):
        load_resume("/news")
    save_resume("/news", Resume("a.md"), 1.0)
    assert load_resume("/news") == Resume("a.md")


def test_wrong_fields_are_dropped_not_trusted() -> None:
    path = resume_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"path": 3, "scroll": True, "opened": "yes", "query": "x", "tags": ["a", 1], "year": 2024}
    path.write_text(json.dumps({"roots": {"/news": entry}}), encoding="utf-8")
    assert load_resume("/news") == Resume(query="x", filter=Filter(tags=("a",)))


def test_only_the_most_recent_archives_are_kept() -> None:
    for n in range(ROOTS_KEPT + 5):
        save_resume(f"/archive{n}", Resume(f"{n}.md"), float(n))
    assert load_resume("/archive0") is None
    assert load_resume(f"/archive{ROOTS_KEPT + 4}") == Resume(f"{ROOTS_KEPT + 4}.md")


def test_a_save_that_cannot_be_written_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ResumeError, match="could not be written"):
        save_resume("/news", Resume("a.md"), 1.0, path=blocker / "resume.json")


def test_every_field_of_the_filter_comes_back(tmp_path: Path) -> None:
    """A field added to Filter must be saved too: a series or a month chosen comes back on start."""
    from dataclasses import fields

    where = Filter(("a",), ("b",), True, False, "2024/x", "2024", "Learning Rust", "2024-05", True)
    assert all(getattr(where, field.name) != getattr(Filter(), field.name) for field in fields(Filter))
    save_resume(str(tmp_path / "news"), Resume.of("2024/a.md", 3, False, "", where), 1.0)
    place = load_resume(str(tmp_path / "news"))
    assert place is not None
    assert place.filter == where
