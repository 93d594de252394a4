"""`show` into a pipe: plain lines without padding, FORCE_COLOR for `less -R`, $COLUMNS for the width."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.cli import main
from reader.paths import sample_articles
from reader.render.console import TrimmedLines

SAMPLES = sorted(sample_articles().rglob("*.md"))
LONG = SAMPLES[0]


def show(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> str:
    code = main(["show", str(path), *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_plain_lines_carry_no_padding(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    out = show(capsys, path, "--color", "never", "--width", "100")
    assert out.endswith("\n")
    assert [line for line in out.splitlines() if line.endswith(" ")] == []
    assert "\x1b" not in out


def test_force_color_colours_a_pipe_unless_no_color_or_never(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b[" not in show(capsys, LONG)  # a pipe, as the tests capture it
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in show(capsys, LONG)
    assert "\x1b[" not in show(capsys, LONG, "--color", "never")
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert "\x1b[" not in show(capsys, LONG)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in show(capsys, LONG)


def widest(out: str) -> int:
    from rich.cells import cell_len

    return max(cell_len(line) for line in out.splitlines())


def test_columns_sets_the_width_off_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 70 < widest(show(capsys, LONG)) <= 80  # no $COLUMNS: 80
    monkeypatch.setenv("COLUMNS", "60")
    assert 50 < widest(show(capsys, LONG)) <= 60
    assert 100 < widest(show(capsys, LONG, "--width", "120")) <= 120  # --width wins
    monkeypatch.setenv("COLUMNS", "nonsense")
    assert 70 < widest(show(capsys, LONG)) <= 80


def test_padding_is_trimmed_across_writes() -> None:
    out = io.StringIO()
    stream = TrimmedLines(out)
    for piece in ("one  ", "  \ntw", "o   \n  three", "  "):
        stream.write(piece)
    assert out.getvalue() == "one\ntwo\n"
    stream.flush()
    assert out.getvalue() == "one\ntwo\n  three"
