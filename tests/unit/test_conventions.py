"""Command-line conventions: `--limit 0` means all, and `--debug` shows what went wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader import cli
from reader.paths import state_dir
from reader.state import ReadingState

from .helpers import Tree

FILES: Tree = {
    f"2024/post-{n}.md": f"---\ntitle: Post {n}\ndate: 2024-01-{n:02d}\n---\nA kite.\n" for n in range(1, 6)
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("more", [[], ["--query", "kite"], ["--sort", "title"], ["--starred"]])
@pytest.mark.parametrize("marked", [False, True])
def test_list_limit_zero_means_all(
    more: list[str],
    marked: bool,
    make_archive: Callable[[Tree], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_archive(FILES)
    if marked or "--starred" in more:
        with ReadingState(str(root)) as state:
            from reader.load import load_archive

            state.set(load_archive(str(root)).articles, starred=True)
    code, out, err = run(capsys, "list", str(root), "--json", "--limit", "0", *more)
    assert code == 0, err
    assert len(json.loads(out)) == 5
    code, out, _ = run(capsys, "list", str(root), "--json", "--limit", "2", *more)
    assert len(json.loads(out)) == 2


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(args: object) -> int:
        raise RuntimeError("the kite string snapped")

    monkeypatch.setitem(cli.HANDLERS, "tags", fails)


@pytest.mark.usefixtures("broken")
def test_an_unexpected_error_is_one_line_without_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BROADSHEET_DEBUG", raising=False)
    code, _, err = run(capsys, "tags")
    assert code == 1
    assert err == "broadsheet: unexpected error: RuntimeError: the kite string snapped\n"
    assert not (state_dir() / cli.DEBUG_LOG).exists()


@pytest.mark.usefixtures("broken")
@pytest.mark.parametrize("how", ["flag", "environment"])
def test_debug_prints_the_traceback_and_logs_it(
    how: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "flag":
        monkeypatch.delenv("BROADSHEET_DEBUG", raising=False)
        argv = ["tags", "--debug"]
    else:
        monkeypatch.setenv("BROADSHEET_DEBUG", "1")
        argv = ["tags"]
    code, _, err = run(capsys, *argv)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "broadsheet: unexpected error: RuntimeError: the kite string snapped"
    assert lines[1] == "Traceback (most recent call last):"
    assert "RuntimeError: the kite string snapped" in lines[-2]
    log = state_dir() / cli.DEBUG_LOG
    assert lines[-1] == f"broadsheet: the traceback was added to {log}"
    logged = log.read_text(encoding="utf-8")
    assert logged.startswith("--- ")
    assert f"broadsheet {' '.join(argv)}\nTraceback (most recent call last):" in logged
    run(capsys, *argv)
    assert log.read_text(encoding="utf-8").count("Traceback") == 2  # added to, never replaced


def test_every_command_documents_debug(capsys: pytest.CaptureFixture[str]) -> None:
    for command in [*cli.COMMANDS, None]:
        with pytest.raises(SystemExit):
            cli.main([command, "--help"] if command else ["--help"])
        assert "--debug" in capsys.readouterr().out, command
