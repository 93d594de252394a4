"""The scripting commands' plain output off a terminal: written without Rich, byte for byte what
Rich's plain console (`make_console`) prints, and without importing it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import cli
from reader.index import open_index
from reader.model import Archive
from reader.paths import sample_articles
from reader.render import make_console

from . import hostile

# Text with everything Rich might treat specially: tabs, control codes, CJK, spaces at the ends.
_TEXT = st.text(
    alphabet=st.sampled_from([*"ab c  \t\n\r\x07\x08\x0b\x0c\x1b", "鹍", "鹏", "…", "e", "\u0301", "\ufe0f"]),
    max_size=40,
)
_PIECES = st.lists(st.tuples(_TEXT, st.sampled_from(["", "bold", "broadsheet.meta"])), min_size=1, max_size=4)


def _through_rich(lines: list[list[cli.Piece]], soft_wrap: bool) -> str:
    from rich.text import Text

    out = io.StringIO()
    console = make_console("auto", None, file=out)
    for pieces in lines:
        console.print(Text.assemble(*pieces), soft_wrap=soft_wrap)
    console.file.flush()
    return out.getvalue()


def _through_printer(lines: list[list[cli.Piece]], soft_wrap: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    printer = cli._Printer()
    assert printer.plain
    for pieces in lines:
        printer.print(pieces, soft_wrap=soft_wrap)
    printer.close()
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=5), st.booleans(), st.sampled_from([None, "20", "33"]))
def test_plain_printer_prints_what_rich_prints(
    lines: list[list[cli.Piece]], soft_wrap: bool, columns: str | None
) -> None:
    monkeypatch = pytest.MonkeyPatch()
    try:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        assert _through_printer(lines, soft_wrap, monkeypatch) == _through_rich(lines, soft_wrap)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("forced", [None, "", "0", "false", "NO", "1", "yes"])
@pytest.mark.parametrize("columns", [None, "40", "19", "abc", "1001"])
def test_plain_rule_and_width_match_the_console(
    forced: str | None, columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in (("FORCE_COLOR", forced), ("COLUMNS", columns)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    console = make_console()
    assert cli._plain_stdout() == (console.color_system is None)
    if cli._plain_stdout():
        assert cli._plain_width() == console.width


_HEAVY = ("rich.console", "reader.render", "yaml", "frontmatter", "reader.load.frontmatter")


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys, reader.cli; code = reader.cli.main(sys.argv[1:]);"
         f" print(sorted(m for m in sys.modules if m.startswith({_HEAVY!r})), file=sys.stderr);"
         " sys.exit(code)", *argv],
        capture_output=True, text=True, env=os.environ | env, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "argv", [["search", "the"], ["list"], ["tags"], ["list", "--query", "the"], ["search", "the", "--json"]]
)
def test_warm_pipe_output_imports_neither_the_console_nor_the_parsers(
    argv: list[str], tmp_path: Path
) -> None:
    """Off a terminal, a warm `search`, `list` or `tags` imports neither Rich's console nor the
    renderer, nor PyYAML and python-frontmatter (search cuts a hit's front matter itself)."""
    env = {f"BROADSHEET_{name}_DIR": str(tmp_path / name) for name in ("CACHE", "STATE", "CONFIG")}
    where = [*argv[:2], str(sample_articles()), *argv[2:]] if argv[0] == "search" else [
        argv[0], str(sample_articles()), *argv[1:]]  # fmt: skip
    assert _run(where, env).returncode == 0  # the index built
    done = _run(where, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_tag_counts_from_the_index_are_the_archives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROADSHEET_CACHE_DIR", str(tmp_path / "cache"))
    with open_index(str(sample_articles())) as index:
        index.update(fulltext=False)
        archive: Archive = index.archive()
        tags, categories = index.label_counts()
    assert list(tags.items()) == list(archive.tags.items())
    assert list(categories.items()) == list(archive.categories.items())
    assert tags
    assert categories


def _all_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


@pytest.mark.parametrize(
    "root",
    [sample_articles(), Path(__file__).parent.parent / "fixtures" / "snapshot_archive"],
    ids=["samples", "snapshot"],
)
def test_snippet_bodies_are_read_bodies(root: Path) -> None:
    """Search reads a hit's body without parsing its front matter: the same body `read_body` gives."""
    from reader.index.search import _body
    from reader.load import read_body
    from reader.model import Article

    for path in _all_files(Path(root)):
        article = Article(path=str(path.relative_to(root)), title="t")
        assert _body(str(root), article) == read_body(str(root), article), path


def test_snippet_bodies_of_odd_files(tmp_path: Path) -> None:
    from reader.index.search import _body
    from reader.load import read_body
    from reader.model import Article

    files = {
        "unclosed.md": "---\ntitle: x\nbody\n",
        "bad-yaml.md": "---\ntitle: [x\n---\nbody\n",
        "toml.md": "+++\ntitle = 'x'\n+++\n\n\nbody\n",
        "json.md": '{\n"title": "x"\n}\nbody\n',
        "crlf.md": "---\r\ntitle: x\r\n---\r\nbody\r\n",
        "control.md": "---\ntitle: x\n---\nbo\x1bdy\n",
        "none.md": "# Title\n\nbody\n",
        "binary.md": "\x00\x01\x02",
    }
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode())
    for name in [*files, "missing.md"]:
        article = Article(path=name, title="t")
        expected = read_body(str(tmp_path), article)
        if name == "bad-yaml.md":  # the index holds no article for it; the body is all search wants
            assert _body(str(tmp_path), article) == "body\n"
            continue
        assert _body(str(tmp_path), article) == expected, name


def test_snippet_bodies_of_the_hostile_archive(tmp_path: Path) -> None:
    from reader.index.search import _body
    from reader.load import read_body
    from reader.model import Article

    expected = hostile.build(tmp_path)
    for path in _all_files(tmp_path):
        relpath = path.relative_to(tmp_path).as_posix()
        if relpath in expected.bad:  # never an article of the index: never a hit
            continue
        article = Article(path=relpath, title="t")
        assert _body(str(tmp_path), article) == read_body(str(tmp_path), article), relpath


@pytest.mark.parametrize("out", ["file", "pipe"])
def test_warm_list_json_is_the_kept_document_sent_whole(out: str, tmp_path: Path) -> None:
    env = {f"BROADSHEET_{name}_DIR": str(tmp_path / name) for name in ("CACHE", "STATE", "CONFIG")}
    argv = [sys.executable, "-m", "reader", "list", str(sample_articles()), "--json"]
    cold = subprocess.run(argv, capture_output=True, env=os.environ | env, timeout=60, check=True).stdout
    if out == "pipe":
        warm = subprocess.run(argv, capture_output=True, env=os.environ | env, timeout=60, check=True).stdout
    else:
        with open(tmp_path / "out.json", "wb") as handle:
            handle.write(b"kept: ")  # sendfile writes at the descriptor's offset, as a write would
            handle.flush()
            subprocess.run(argv, stdout=handle, env=os.environ | env, timeout=60, check=True)
        warm = (tmp_path / "out.json").read_bytes().removeprefix(b"kept: ")
    assert warm == cold
    assert len(json.loads(warm)) >= 12


def test_warm_list_json_without_sendfile_writes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("CACHE", "STATE", "CONFIG"):
        monkeypatch.setenv(f"BROADSHEET_{name}_DIR", str(tmp_path / name))
    root = str(sample_articles())
    assert cli.main(["list", root, "--json"]) == 0
    expected = capsys.readouterr().out.encode()

    def refuse(*args: object) -> int:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "sendfile", refuse)
    for attempt in range(2):
        with open(tmp_path / f"out{attempt}", "w", encoding="utf-8") as handle:
            monkeypatch.setattr(sys, "stdout", handle)
            assert cli.main(["list", root, "--json"]) == 0
        monkeypatch.setattr(os, "sendfile", getattr(os, "sendfile"))  # noqa: B009
        assert (tmp_path / f"out{attempt}").read_bytes() == expected


def test_a_command_parser_built_alone_is_the_same() -> None:
    """A run builds only its command's parser: the same one `_build_parsers()` builds with the rest."""
    _, every = cli._build_parsers()
    assert set(every) == set(cli.COMMANDS)
    for name in cli.COMMANDS:
        top, alone = cli._build_parsers(name)
        assert list(alone) == [name]
        assert alone[name].format_help() == every[name].format_help()
        assert top.format_help() == cli._build_parsers()[0].format_help()
