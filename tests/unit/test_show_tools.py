"""`show -` (standard input), `show --pager`, the export renderings and the rules for the user's
programs (editor, pager, export targets) in `reader.external`."""

from __future__ import annotations

import html
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.external import (
    ToolError,
    command_failure,
    default_export_name,
    editor_command,
    export_target,
    pager_command,
    write_export,
)
from reader.load import read_bytes
from reader.render.export import article_html, article_text

ARTICLE = (
    "---\ntitle: Ferry <b>news</b>\ntags: [harbour]\n---\n\n"
    'The *first* boat leaves at six. [Timetable](https://example.com/t?a=1&b="2") and '
    "[evil](javascript:alert(1)) and [local](other.md).\n"
)


def show(
    *argv: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "show", *argv],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


# --- show - ------------------------------------------------------------------------------------


def test_show_reads_markdown_from_standard_input() -> None:
    done = show("-", "--color", "never", "--width", "60", stdin=ARTICLE.encode())
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.startswith("Ferry <b>news</b>\n")
    assert "The first boat leaves at six." in out
    assert b"\x1b" not in done.stdout


def test_show_stdin_json_keeps_the_path_as_given_and_resolves_no_local_link() -> None:
    done = show("-", "--json", stdin=b"# From a pipe\n\n[a](notes.md)\n")
    assert done.returncode == 0, done.stderr
    import json

    data = json.loads(done.stdout)
    assert data["path"] == "-"
    assert data["title"] == "From a pipe"
    assert [link["url"] for link in data["links"]] == ["notes.md"]


def test_show_stdin_decodes_as_files_do_and_fails_in_one_line() -> None:
    gbk = "---\ntitle: 测试\n---\n\n中文正文，用来测试编码。\n".encode("utf-16")
    done = show("-", "--color", "never", stdin=gbk)
    assert done.returncode == 0, done.stderr
    assert "测试" in done.stdout.decode()
    bad = show("-", stdin=b"\x00\x01binary")
    assert bad.returncode == 1
    assert bad.stderr.decode().strip().startswith("broadsheet: cannot show -: binary file")
    assert len(bad.stderr.decode().strip().splitlines()) == 1


def test_standard_input_past_the_size_limit_is_refused() -> None:
    from reader.load import MAX_BYTES

    done = show("-", stdin=b"a" * (MAX_BYTES + 10))
    assert done.returncode == 1
    assert done.stderr.decode().strip() == "broadsheet: cannot show -: larger than 8 MiB; not read"


def test_untitled_standard_input_is_called_stdin() -> None:
    document = read_bytes(b"just a line\n", "<stdin>")
    assert document.article.title == "<stdin>"
    assert document.body.strip() == "just a line"


# --- show --pager ------------------------------------------------------------------------------


def _recording_pager(tmp_path: Path) -> tuple[Path, Path]:
    """A pager that writes what it was given, and its LESS, into files."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\necho "$LESS" > "{record}.less"\ncat > "{record}"\n')
    script.chmod(0o755)
    return script, record


def _show_on_a_terminal(argv: list[str], env: dict[str, str], file: Path) -> tuple[int, bytes]:
    """Run `show` with standard output on a pseudo-terminal; its status and what reached it."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reader", "show", str(file), *argv],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
            timeout=60,
            check=False,
        )
        os.close(follower)
        follower = -1
        out = b""
        try:
            while chunk := os.read(leader, 65536):
                out += chunk
        except OSError:
            pass
        return done.returncode, out + done.stderr
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)


def test_pager_gets_the_article_in_colour(tmp_path: Path) -> None:
    script, record = _recording_pager(tmp_path)
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE)
    env = {"PAGER": str(script), "TERM": "xterm-256color"}
    code, _ = _show_on_a_terminal(["--pager", "--width", "70"], env, article)
    assert code == 0
    paged = record.read_bytes()
    assert b"\x1b[" in paged  # colour, though the pager's input is a pipe
    assert "The first boat leaves at six." in _plain(paged.decode())
    assert Path(f"{record}.less").read_text().strip() == "FRX"  # as git tells less


def test_broadsheet_pager_wins_over_pager_and_less_is_left_alone(tmp_path: Path) -> None:
    script, record = _recording_pager(tmp_path)
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE)
    env = {"BROADSHEET_PAGER": str(script), "PAGER": "/no/such/pager", "LESS": "-S"}
    code, _ = _show_on_a_terminal(["--pager"], env, article)
    assert code == 0
    assert "first boat" in _plain(record.read_text())
    assert Path(f"{record}.less").read_text().strip() == "-S"


def test_pager_that_cannot_start_is_one_line(tmp_path: Path) -> None:
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE)
    code, out = _show_on_a_terminal(["--pager"], {"PAGER": "/no/such/pager -x"}, article)
    assert code == 1
    text = out.decode().strip()
    assert text.splitlines() == [
        "broadsheet: cannot start the pager /no/such/pager: No such file or directory"
    ]


def test_a_pager_quit_before_the_end_is_no_error(tmp_path: Path) -> None:
    article = tmp_path / "long.md"
    article.write_text("# Long\n\n" + "\n\n".join(f"Paragraph {n} " * 20 for n in range(2000)))
    code, out = _show_on_a_terminal(["--pager"], {"PAGER": "true"}, article)
    assert code == 0
    assert out == b""


def test_pager_is_skipped_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    script, record = _recording_pager(tmp_path)
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE)
    done = show(str(article), "--pager", env={"PAGER": str(script)})
    assert done.returncode == 0
    assert "The first boat leaves at six." in done.stdout.decode()
    assert b"\x1b" not in done.stdout
    assert not record.exists()


def test_pager_variable_alone_does_not_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script, record = _recording_pager(tmp_path)
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE)
    code, _ = _show_on_a_terminal([], {"PAGER": str(script)}, article)
    assert code == 0
    assert not record.exists()


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", text)


# --- the export renderings ---------------------------------------------------------------------


def test_exported_text_is_what_show_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "ferry.md"
    article.write_text(ARTICLE)
    assert main(["show", str(article), "--color", "never", "--width", "64"]) == 0
    printed = capsys.readouterr().out
    document = read_bytes(ARTICLE.encode(), "ferry.md")
    assert article_text(document.article, document.body, str(tmp_path), 64) == printed


def test_exported_html_escapes_article_data_and_links_only_the_web() -> None:
    document = read_bytes(ARTICLE.encode(), "ferry.md")
    page = article_html(document.article, document.body, None)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Ferry &lt;b&gt;news&lt;/b&gt;</title>" in page
    assert "<b>" not in page
    assert 'href="https://example.com/t?a=1&amp;b=%222%22"' in page
    assert 'href="javascript' not in page
    assert 'href="other.md"' not in page
    assert "first" in html.unescape(page)


def test_html_lines_escape_a_link_target_and_drop_other_schemes() -> None:
    from rich.segment import Segment
    from rich.style import Style

    from reader.render.export import _html_line

    line = _html_line(
        [
            Segment("<x>", Style(link='https://e.com/"><script>')),
            Segment("y", Style(link="file:///etc/passwd")),
        ]
    )
    assert line == '<a href="https://e.com/&quot;&gt;&lt;script&gt;">&lt;x&gt;</a>y'


# --- the user's programs -----------------------------------------------------------------------


def test_editor_is_visual_then_editor_then_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    assert editor_command("/a b/x.md") == ["vi", "/a b/x.md"]
    monkeypatch.setenv("EDITOR", "nano -w")
    assert editor_command("x.md") == ["nano", "-w", "x.md"]
    monkeypatch.setenv("VISUAL", "code --wait 'my dir/'")
    assert editor_command("x.md") == ["code", "--wait", "my dir/", "x.md"]
    monkeypatch.setenv("VISUAL", "'unclosed")
    with pytest.raises(ToolError, match=r"\$VISUAL"):
        editor_command("x.md")


def test_pager_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROADSHEET_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    assert pager_command() == ["less", "-R"]
    monkeypatch.setenv("PAGER", "most -s")
    assert pager_command() == ["most", "-s"]
    monkeypatch.setenv("PAGER", "cat")
    assert pager_command() is None
    monkeypatch.setenv("BROADSHEET_PAGER", "")
    assert pager_command() is None


def test_command_failures_in_words() -> None:
    assert command_failure("wc -l", 0) is None
    assert command_failure("nosuch --x", 127) == "nosuch: command not found"
    assert command_failure("grep x", 1) == "grep exited with status 1"
    assert command_failure("sleep 9", -15) == "sleep was stopped by signal 15"


def test_default_export_names() -> None:
    assert default_export_name("2024/ferry.md", ".txt") == "ferry.txt"
    assert default_export_name("2024/harbour/index.md", ".html") == "harbour.html"
    assert default_export_name("notes/a/b\x1b.md", ".txt") == "b.txt"


def test_export_never_writes_under_the_archive(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "2024").mkdir(parents=True)
    outside = tmp_path / "out"
    outside.mkdir()
    with pytest.raises(ToolError, match="inside the archive"):
        export_target("2024/x.txt", str(archive), cwd=str(archive))
    with pytest.raises(ToolError, match="inside the archive"):
        export_target(str(outside / ".." / "archive" / "x.txt"), str(archive))
    (outside / "link").symlink_to(archive)
    with pytest.raises(ToolError, match="inside the archive"):
        export_target("link/x.txt", str(archive), cwd=str(outside))
    with pytest.raises(ToolError, match="is a folder"):
        export_target(".", str(archive), cwd=str(outside))
    with pytest.raises(ToolError, match="no folder"):
        export_target("nowhere/x.txt", str(archive), cwd=str(outside))
    target = export_target("x.txt", str(archive), cwd=str(outside))
    assert target.path == outside / "x.txt"
    assert not target.exists
    write_export(target, "héllo\n")
    assert (outside / "x.txt").read_text(encoding="utf-8") == "héllo\n"
    assert export_target("x.txt", str(archive), cwd=str(outside)).exists
    assert sorted(os.listdir(outside)) == ["link", "x.txt"]  # no temporary file left


def test_export_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    target = export_target("~/a.html", str(tmp_path / "archive"))
    assert target.path == tmp_path / "a.html"
