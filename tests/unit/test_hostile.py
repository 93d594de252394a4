"""Issue 4: a hostile, messy archive loads everything readable, reports the rest, leaks nothing."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from reader.cli import main
from reader.load import load_archive

from . import hostile
from .helpers import deadline

OSC8_TARGET = re.compile(r"\x1b\]8;[^;]*;([^\x1b\x07]*)")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, hostile.Expected]:
    root = tmp_path_factory.mktemp("hostile")
    return root, hostile.build(root)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with deadline(30):
        code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def state_of(root: Path) -> dict[str, tuple[int, int, int, bytes]]:
    """mode, size, mtime and (for regular files) contents of everything under root, links not followed."""
    found: dict[str, tuple[int, int, int, bytes]] = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder, name)
            info = path.lstat()
            content = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
            found[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns, content)
    return found


def test_every_good_file_loads_with_its_title(hostile_root: tuple[Path, hostile.Expected]) -> None:
    root, expected = hostile_root
    with deadline(30):
        archive = load_archive(str(root))
    titles = {article.path: article.title for article in archive.articles}
    for path, title in expected.good.items():
        assert titles.get(path) == title, path
    for path in expected.skipped:
        assert path not in titles


def test_every_bad_file_is_an_error_with_its_kind(hostile_root: tuple[Path, hostile.Expected]) -> None:
    root, expected = hostile_root
    archive = load_archive(str(root))
    errors = {p.path: p for p in archive.problems if p.severity == "error"}
    for path, kind in expected.bad.items():
        assert path in errors, path
        assert errors[path].kind == kind
        assert errors[path].message
    assert set(errors) == set(expected.bad)
    warned = {p.path for p in archive.all_problems() if p.severity == "warning"}
    assert expected.warned <= warned


def test_front_matter_errors_name_the_file_line(hostile_root: tuple[Path, hostile.Expected]) -> None:
    root, _ = hostile_root
    errors = {p.path: p.message for p in load_archive(str(root)).problems}
    assert re.match(r"line \d+: YAML", errors["bad/yaml.md"])
    assert errors["bad/toml.md"].startswith("line 3: TOML")
    assert errors["bad/json.md"].startswith("line 4: JSON")
    assert "aliases" in errors["bad/bomb.md"]


def test_no_control_character_in_any_field(hostile_root: tuple[Path, hostile.Expected]) -> None:
    root, _ = hostile_root
    archive = load_archive(str(root))
    for article in archive.articles:
        text = json.dumps(article.to_json(), ensure_ascii=False) + archive.body(article)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), article.path
    for problem in archive.all_problems():
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", problem.path + problem.message)


def test_odd_fields_are_normalised(hostile_root: tuple[Path, hostile.Expected]) -> None:
    root, _ = hostile_root
    archive = load_archive(str(root))
    odd = archive.find("good/odd-fields.md")
    assert odd is not None
    assert odd.tags == ("1", "2.5", "true", "dup")
    assert odd.categories == ("single",)
    assert odd.date is None
    assert any(p.startswith("date:") for p in odd.problems)
    epoch = archive.find("good/epoch.md")
    assert epoch is not None
    assert epoch.date is not None
    assert epoch.date.iso == "2023-11-14T22:13:20+00:00"


def test_real_archive_shapes(hostile_root: tuple[Path, hostile.Expected]) -> None:
    root, _ = hostile_root
    archive = load_archive(str(root))
    weekly = archive.find("good/weekly/issue-42.md")
    assert weekly is not None
    assert weekly.title == "第42期：城市科技周刊"
    assert weekly.summary.startswith("本期导读")
    docs = archive.find("good/docs/shortcodes.md")
    assert docs is not None
    assert docs.title == "Shortcodes"
    assert docs.categories == ("content management",)
    assert docs.summary == "Use shortcodes to insert templates into your content."


def test_check_lists_problems_and_exits_1(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, expected = hostile_root
    code, out, err = run(capsys, "check", str(root), "--json")
    assert code == 1
    assert err == ""
    data = json.loads(out)
    reported = {p["path"]: p for p in data["problems"]}
    for path, kind in expected.bad.items():
        assert reported[path]["kind"] == kind
        assert reported[path]["severity"] == "error"


def test_list_json_has_every_good_file(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, expected = hostile_root
    code, out, _ = run(capsys, "list", str(root), "--json")
    assert code == 0
    listed = {item["path"] for item in json.loads(out)}
    assert set(expected.good) <= listed
    assert not listed & set(expected.bad)


@pytest.mark.parametrize("name", ["escape.md", "raw-escape.md", "markup.md", "links.md"])
@pytest.mark.parametrize("color", ["never", "always"])
def test_show_leaks_no_control_sequence(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected], name: str, color: str
) -> None:
    root, _ = hostile_root
    code, out, err = run(capsys, "show", str(root / "good" / name), "--color", color, "--width", "60")
    assert code == 0, err
    for sequence in ("\x1b]52", "\x1b[2J", "\x1b[?1049h", "\x9b", "\x07", "\x1b]8;;file:"):
        assert sequence not in out
    targets = OSC8_TARGET.findall(out)
    assert all(t == "" or t.startswith(("https://", "http://", "mailto:")) for t in targets), targets
    if color == "never":
        assert "\x1b" not in out


def test_markup_is_printed_literally(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, _ = hostile_root
    _, out, _ = run(capsys, "show", str(root / "good" / "markup.md"), "--color", "never", "--width", "120")
    assert hostile.MARKUP_TITLE in out
    assert "#[b]bold[/b]" in out


def test_links_only_web_targets_are_clickable(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, _ = hostile_root
    _, out, _ = run(capsys, "show", str(root / "good" / "links.md"), "--color", "always")
    targets = set(OSC8_TARGET.findall(out)) - {""}
    assert targets == {"https://example.com/a", "mailto:someone@example.com"}


def test_shortcodes_render_as_readable_text(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, _ = hostile_root
    code, out, _ = run(capsys, "show", str(root / "good/docs/shortcodes.md"), "--color", "never")
    assert code == 0
    assert "A shortcode is a template invoked" in out
    assert "Shortcodes are ignored in template files." in out


def test_show_of_bad_files_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, expected = hostile_root
    for path in [*expected.bad, "special/fifo.md"]:
        code, out, err = run(capsys, "show", str(root / path))
        assert code == 1, path
        assert out == ""
        assert err.startswith("broadsheet: "), err
        assert err.count("\n") == 1, err
        assert "Traceback" not in err


def test_every_command_leaves_the_archive_untouched(
    capsys: pytest.CaptureFixture[str], hostile_root: tuple[Path, hostile.Expected]
) -> None:
    root, expected = hostile_root
    before = state_of(root)
    for argv in (["list"], ["list", "--json"], ["tags"], ["tags", "--json"], ["check"], ["check", "--json"]):
        run(capsys, argv[0], str(root), *argv[1:])
    for path in list(expected.good)[:6]:
        run(capsys, "show", str(root / path))
        run(capsys, "show", str(root / path), "--json")
    assert state_of(root) == before


def test_a_file_that_vanishes_mid_scan_is_an_io_problem(tmp_path: Path) -> None:
    from reader.load import load_file
    from reader.load.scan import Found, scan

    (tmp_path / "gone.md").write_text("# Soon gone\n", encoding="utf-8")
    (found,) = [item for item in scan(str(tmp_path)) if isinstance(item, Found)]
    (tmp_path / "gone.md").unlink()
    problem = load_file(found)
    assert not hasattr(problem, "title")
    assert problem.kind == "io"  # type: ignore[union-attr]
    assert "No such file" in problem.message  # type: ignore[union-attr]


def test_an_unreadable_file_is_an_io_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, which reads files whatever their mode: refuse the open instead.
    (tmp_path / "secret.md").write_text("# Secret\n", encoding="utf-8")
    (tmp_path / "open.md").write_text("# Open\n", encoding="utf-8")
    real_open = os.open

    def refusing_open(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("secret.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    archive = load_archive(str(tmp_path))
    (problem,) = archive.problems
    assert problem.kind == "io"
    assert "Permission denied" in problem.message
    assert [article.title for article in archive.articles] == ["Open"]
