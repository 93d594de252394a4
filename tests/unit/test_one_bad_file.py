"""One file never stops the archive: whatever a file holds, it becomes that file's problem.

PyYAML raises a plain ValueError (not a YAMLError) while it builds `2024-02-30`, an hour of 25 or an
offset of +24:00, in any key; Python's int() refuses more than 4,300 digits in YAML, TOML and JSON
alike. Each of these once failed `list`, `tags`, `check`, `search` and the app for the whole archive.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.index.build import read_rows
from reader.index.rows import BadFileRow
from reader.index.store import Index
from reader.load import load_archive, load_file
from reader.load.scan import Found
from reader.model import Article, Problem
from reader.text import describe_error

from .helpers import Tree

BIG = "9" * 5000
GOOD = "---\ntitle: Good one\ndate: 2024-02-03\ntags: [fine]\n---\n\nA good body with a needle.\n"

# (front matter lines, what the file should become: an article with a warning, or an error)
BAD_VALUES = {
    "yaml-day-31-feb": ("---\ntitle: T\ndate: 2024-02-30\n---\n", "warning"),
    "yaml-year-0": ("---\ntitle: T\ndate: 0000-01-01\n---\n", "warning"),
    "yaml-month-13-any-key": ("---\ntitle: T\nexpiryDate: 2024-13-01 10:00:00\n---\n", "warning"),
    "yaml-hour-25": ("---\ntitle: T\npublishDate: 2024-01-01 25:00:00\n---\n", "warning"),
    "yaml-offset-24": ("---\ntitle: T\ndate: 2024-01-01T10:00:00+24:00\n---\n", "warning"),
    "yaml-offset-99": ("---\ntitle: T\nlastmod: 2024-01-01 10:00:00 -99:00\n---\n", "warning"),
    "yaml-big-int": (f"---\ntitle: T\nweight: {BIG}\n---\n", "warning"),
    "yaml-big-int-in-list": (f"---\ntitle: T\ntags: [a, {BIG}]\n---\n", "warning"),
    "yaml-nested-bad-date": ("---\ntitle: T\nmenu:\n  main:\n    at: 2024-02-30\n---\n", "warning"),
    "yaml-alias-and-bad-date": ("---\ntitle: T\nx: &a 2024-02-30\ny: *a\n---\n", "warning"),
    "yaml-bad-timestamp-tag": ("---\ntitle: T\nx: !!timestamp 2020\n---\n", "warning"),
    "json-big-int": (f'{{\n"title": "T",\n"weight": {BIG}\n}}\n', "warning"),
    "json-big-negative-int": (f'{{\n"title": "T",\n"weight": -{BIG}\n}}\n', "warning"),
    "toml-big-int": (f'+++\ntitle = "T"\nweight = {BIG}\n+++\n', "error"),
    "toml-bad-date": ('+++\ntitle = "T"\ndate = 2024-02-30\n+++\n', "error"),
}


@pytest.fixture
def bad_archive(make_archive: Callable[[Tree], Path]) -> Path:
    files: dict[str, str] = {"good.md": GOOD}
    files.update(
        {f"bad/{name}.md": head + "\nBody of a bad one.\n" for name, (head, _) in BAD_VALUES.items()}
    )
    return make_archive(files)


def expected_errors() -> set[str]:
    return {f"bad/{name}.md" for name, (_, kind) in BAD_VALUES.items() if kind == "error"}


def test_every_bad_value_is_that_files_problem_only(bad_archive: Path) -> None:
    archive = load_archive(str(bad_archive))
    listed = {article.path for article in archive.articles}
    errors = {problem.path for problem in archive.problems if problem.severity == "error"}
    assert "good.md" in listed
    assert errors == expected_errors()
    for name, (_, kind) in BAD_VALUES.items():
        path = f"bad/{name}.md"
        if kind == "warning":
            article = archive.find(path)
            assert article is not None, path
            assert article.title == "T"
            assert article.problems, path


def test_a_bad_date_is_kept_as_text_with_its_line(bad_archive: Path) -> None:
    article = load_archive(str(bad_archive)).find("bad/yaml-month-13-any-key.md")
    assert article is not None
    assert "front-matter: line 3: '2024-13-01 10:00:00' is not a valid date; kept as text" in article.problems
    day = load_archive(str(bad_archive)).find("bad/yaml-day-31-feb.md")
    assert day is not None
    assert day.date is None
    assert any(problem.startswith("date: ") for problem in day.problems)


def test_a_huge_number_names_its_line(bad_archive: Path) -> None:
    archive = load_archive(str(bad_archive))
    toml = next(problem for problem in archive.problems if problem.path == "bad/toml-big-int.md")
    assert toml.kind == "front-matter"
    assert toml.message == "line 3: TOML: a number of more than 4,300 digits"
    article = archive.find("bad/json-big-int.md")
    assert article is not None
    assert article.problems == ("front-matter: line 3: a number of 5,000 digits; kept as text",)


@pytest.mark.parametrize("command", ["list", "tags", "check", "search"])
def test_every_command_lists_the_rest(
    bad_archive: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    argv = [command, str(bad_archive), "--json"]
    if command == "search":
        argv = ["search", "needle", str(bad_archive), "--json"]
    code = main(argv)
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    if command == "list":
        assert code == 0
        assert {item["path"] for item in data} >= {"good.md", "bad/yaml-day-31-feb.md"}
    elif command == "tags":
        assert code == 0
        assert data["tags"]["fine"] == 1
    elif command == "check":
        assert code == 1  # some files are not articles
        errors = {p["path"] for p in data["problems"] if p["severity"] == "error"}
        assert errors == expected_errors()
        assert data["articles"] == 1 + len(BAD_VALUES) - len(expected_errors())
    else:
        assert code == 0
        assert [item["path"] for item in data] == ["good.md"]


def test_an_unforeseen_exception_is_that_files_problem(
    make_archive: Callable[[Tree], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not only the failures we know: anything one file raises stays with that file."""
    from reader.load import normalise as normalise_module

    real = normalise_module.normalise

    def fussy(path: str, *args: object, **kwargs: object) -> Article:
        if "cursed" in path:
            raise KeyError("a bug we have not met yet")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(normalise_module, "normalise", fussy)
    root = make_archive({"good.md": GOOD, "cursed.md": GOOD})
    archive = load_archive(str(root))
    assert [article.path for article in archive.articles] == ["good.md"]
    (problem,) = archive.problems
    assert (problem.path, problem.kind, problem.severity) == ("cursed.md", "unexpected", "error")
    assert problem.message == "could not be read: KeyError: 'a bug we have not met yet'"
    assert main(["check", str(root)]) == 1
    out, err = capsys.readouterr()
    assert "cursed.md" in out
    assert "unexpected" in out
    assert err == ""


def test_a_file_name_that_is_not_utf8_lists_and_opens(
    make_archive: Callable[[Tree], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Python keeps such a name as lone surrogates, which neither SQLite nor a terminal takes."""
    root = make_archive({"good.md": GOOD})
    name = os.fsdecode(b"caf\xe9-latin1.md")
    (root / name).write_text("---\ntitle: Legacy name\n---\n\nStill readable.\n", encoding="utf-8")
    assert main(["list", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {item["path"] for item in data} == {"good.md", "caf\ufffd-latin1.md"}
    with Index(str(root)) as index:
        index.update()
        archive = index.archive()
        legacy = archive.find("caf\ufffd-latin1.md")
        assert legacy is not None
        assert legacy.file_path == name
        assert "Still readable." in archive.body(legacy)
        assert [hit.article.path for hit in index.search("readable")] == ["caf\ufffd-latin1.md"]
    (root / name).write_text("---\ntitle: Renamed inside\n---\n\nChanged.\n", encoding="utf-8")
    os.utime(root / name, (1, 1))
    with Index(str(root)) as index:
        stats = index.update()
        assert stats.changed == 1
        assert index.archive().find("caf\ufffd-latin1.md").title == "Renamed inside"  # type: ignore[union-attr]


def test_plain_output_lines_cannot_be_forged_by_a_file_name(
    make_archive: Callable[[Tree], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "x\t.md\n2025-01-01 00:00   Forged title  forged.md"
    root = make_archive(
        {"real.md": GOOD, forged: GOOD.replace("Good one", "Fake"), "bad\nname.md": "---\n[\n---\n"}
    )
    for argv in (["list", str(root)], ["search", "needle", str(root)], ["check", str(root)]):
        main(argv)
        out = capsys.readouterr().out
        assert "Forged title" not in out.replace("\\n2025-01-01 00:00   Forged title", ""), argv
        assert "\nname.md" not in out
        for line in out.splitlines():
            assert not line.startswith("2025-01-01 00:00   Forged"), argv
    main(["list", str(root), "--json"])
    paths = {item["path"] for item in json.loads(capsys.readouterr().out)}
    assert forged in paths  # JSON keeps the name exact (its escapes cannot start a line)


# --- properties ---------------------------------------------------------------------------------


def _date_like(year: int, month: int, day: int, hour: int | None, zone: str | None) -> str:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if hour is not None:
        text += f" {hour:02d}:30:00"
        if zone is not None:
            text += zone
    return text


DATE_LIKE = st.builds(
    _date_like,
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.none() | st.integers(0, 99),
    st.none() | st.from_regex(r"\A(Z|[+-]\d\d:\d\d| [+-]\d\d:?\d\d)\Z"),
)
LONG_NUMBER = st.integers(1, 6000).map(lambda digits: "9" * digits) | st.integers(1, 6000).map(
    lambda digits: "-0x" + "f" * digits
)
RAW_VALUE = st.one_of(
    DATE_LIKE,
    LONG_NUMBER,
    st.from_regex(r"\A!!(timestamp|int|float|binary|set|omap|str) [0-9a-z:=-]{0,12}\Z"),
    st.text(max_size=30),
)
KEYS = st.sampled_from(["date", "lastmod", "expiryDate", "publishDate", "weight", "title", "tags", "x"])
FIELDS = st.lists(st.tuples(KEYS, RAW_VALUE), min_size=1, max_size=6)


def _yaml(fields: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n"


def _yaml_flow(fields: list[tuple[str, str]]) -> str:
    return "---\nvalues: [" + ", ".join(value for _, value in fields) + "]\n---\n"


def _toml(fields: list[tuple[str, str]]) -> str:
    return "+++\n" + "".join(f"{key} = {value}\n" for key, value in fields) + "+++\n"


def _json(fields: list[tuple[str, str]]) -> str:
    return "{\n" + ",\n".join(f'"{key}": {value}' for key, value in fields) + "\n}\n"


def read_one(data: bytes) -> Article | Problem:
    """The per-file boundary, as the archive loader and the index's workers cross it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "a.md")
        path.write_bytes(data)
        found = Found("a.md", str(path), len(data), 0.0)
        loaded = load_file(found)
        (row,) = read_rows([(found.relpath, found.abspath, found.size, found.mtime)])
    assert isinstance(loaded, Article | Problem)
    assert isinstance(row, BadFileRow) == isinstance(loaded, Problem)
    return loaded


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=FIELDS, shape=st.sampled_from([_yaml, _yaml_flow, _toml, _json]), body=st.text(max_size=80))
@example(fields=[("expiryDate", "2024-02-30")], shape=_yaml, body="")
@example(fields=[("weight", BIG)], shape=_toml, body="")
@example(fields=[("weight", BIG)], shape=_json, body="")
@example(fields=[("x", "!!timestamp 2020")], shape=_yaml, body="")
def test_raw_front_matter_values_only_ever_make_problems(
    fields: list[tuple[str, str]], shape: Callable[[list[tuple[str, str]]], str], body: str
) -> None:
    read_one((shape(fields) + body).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_only_ever_make_problems(data: bytes) -> None:
    read_one(data)


def test_describe_error_is_one_short_line() -> None:
    assert describe_error(ValueError("first\nsecond")) == "ValueError: first"
    assert describe_error(KeyError()) == "KeyError"
    assert len(describe_error(ValueError("x" * 1000))) < 220


def test_an_archive_folder_whose_name_is_not_utf8_keeps_its_reading_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.state import ReadingState

    root = tmp_path / os.fsdecode(b"archiv\xe9")
    root.mkdir()
    (root / "a.md").write_text(GOOD, encoding="utf-8")
    with ReadingState(str(root)) as state:
        article = load_archive(str(root)).articles[0]
        state.set([article], starred=True)
    assert main(["list", str(root), "--starred", "--json"]) == 0
    assert [item["path"] for item in json.loads(capsys.readouterr().out)] == ["a.md"]
    assert main(["search", "needle", str(root)]) == 0
    assert "Good one" in capsys.readouterr().out
