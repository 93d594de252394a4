"""The command line contract: `list`, `tags`, `check`, `show`, exit codes and error lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from reader import __version__
from reader.cli import main
from reader.paths import sample_articles

from .helpers import CONTRACT_KEYS, Tree, deadline

ARCHIVE: dict[str, str | bytes] = {
    "2025/02/alibaba.md": (
        "---\ntitle: 阿里巴巴发布财报\ndate: 2025-02-13 17:30:11\ntags: [tech, 财经]\n"
        "categories: [Business]\nauthor: 某某\n---\n**（编辑 某某）**近日，公司发布了季度财报。\n"
    ),
    "2024/harbour/index.md": (
        "---\ndate: 2024-07-01\ntags: [tech, photo]\ncategories: [Culture]\ndraft: true\n---\n"
        "Lanterns on the quay.\n\n![Harbour](https://example.com/h.jpg)\n"
    ),
    "2023-03-03-old-news.md": "# Zebra crossings\n\nAn old story.\n",
    "undated.md": "---\ntags: photo\ndate: not a date\n---\n# Apple orchard\n\nNo date here.\n",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(ARCHIVE)


def assert_one_error_line(err: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("broadsheet: ")


# --- list ----------------------------------------------------------------------------------------


def test_list_json_fields_and_order(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    items = run_json(capsys, "list", str(archive))
    assert [item["path"] for item in items] == [
        "2025/02/alibaba.md",
        "2024/harbour/index.md",
        "2023-03-03-old-news.md",
        "undated.md",
    ]
    for item in items:
        assert item.keys() >= CONTRACT_KEYS
        assert isinstance(item["tags"], list)
        assert isinstance(item["categories"], list)
        assert isinstance(item["words"], int)
    first, bundle, jekyll, undated = items
    assert first["title"] == "阿里巴巴发布财报"
    assert first["date"] == "2025-02-13T17:30:11"
    assert first["tags"] == ["tech", "财经"]
    assert first["categories"] == ["Business"]
    assert first["authors"] == ["某某"]
    assert bundle["authors"] == []
    assert first["summary"].startswith("（编辑 某某）近日")
    assert "*" not in first["summary"]
    assert first["draft"] is False
    assert (first["read"], first["starred"]) == (False, False)
    assert bundle["title"] == "harbour"
    assert bundle["draft"] is True
    assert jekyll["date"] == "2023-03-03"
    assert jekyll["title"] == "Zebra crossings"
    assert undated["date"] is None
    assert undated["tags"] == ["photo"]
    assert undated["problems"]
    assert "date" in undated["problems"][0]


def test_list_filters_sort_and_limit(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    root = str(archive)

    def paths(*flags: str) -> list[str]:
        return [item["path"] for item in run_json(capsys, "list", root, *flags)]

    assert paths("--tag", "tech") == ["2025/02/alibaba.md", "2024/harbour/index.md"]
    assert paths("--tag", "tech", "--tag", "photo") == ["2024/harbour/index.md"]
    assert paths("--tag", "photo") == ["2024/harbour/index.md", "undated.md"]
    assert paths("--category", "Culture") == ["2024/harbour/index.md"]
    assert paths("--tag", "tech", "--category", "Culture") == ["2024/harbour/index.md"]
    assert paths("--tag", "nothing") == []
    assert paths("--sort", "title") == [
        "undated.md",  # Apple orchard
        "2024/harbour/index.md",  # harbour
        "2023-03-03-old-news.md",  # Zebra crossings
        "2025/02/alibaba.md",  # CJK sorts after Latin
    ]
    assert paths("--limit", "2") == ["2025/02/alibaba.md", "2024/harbour/index.md"]
    assert paths("--limit", "0") == paths()  # 0 means all, as for `search`
    assert len(paths()) == 4
    assert paths("--starred") == []
    assert len(paths("--unread")) == 4


def test_list_human_output_is_plain_text(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, out, _ = run(capsys, "list", str(archive))
    assert code == 0
    assert "\x1b" not in out
    assert "阿里巴巴发布财报" in out
    assert "2025-02-13 17:30" in out
    assert out.index("阿里巴巴发布财报") < out.index("Zebra crossings")


def test_list_on_bundled_samples(capsys: pytest.CaptureFixture[str]) -> None:
    items = run_json(capsys, "list", str(sample_articles()))
    assert len(items) >= 12
    cjk_titles = [i["title"] for i in items if any("\u4e00" <= ch <= "\u9fff" for ch in i["title"])]
    assert len(cjk_titles) >= 4
    assert len({tag for item in items for tag in item["tags"]}) >= 6
    for item in items:
        assert item.keys() >= CONTRACT_KEYS
        assert not item["path"].startswith("/")
        assert "\\" not in item["path"]
    stamps = [item["date"] for item in items if item["date"]]
    assert stamps
    assert [s[:10] for s in stamps] == sorted((s[:10] for s in stamps), reverse=True)
    assert run_json(capsys, "list") == items  # ROOT defaults to the samples


def test_json_is_utf8_with_real_cjk_characters(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    _, out, _ = run(capsys, "list", str(archive), "--json")
    assert "阿里巴巴" in out
    assert "\\u" not in out


def test_json_is_utf8_even_with_an_ascii_locale(archive: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(archive), "--json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "阿里巴巴".encode() in done.stdout
    assert json.loads(done.stdout.decode("utf-8"))[0]["title"] == "阿里巴巴发布财报"


# --- tags ----------------------------------------------------------------------------------------


def test_tags_json_shape_and_counts(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    data = run_json(capsys, "tags", str(archive))
    assert set(data) == {"tags", "categories"}
    assert data["tags"] == {"photo": 2, "tech": 2, "财经": 1}
    assert data["categories"] == {"Business": 1, "Culture": 1}


def test_tags_human_output(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, out, _ = run(capsys, "tags", str(archive))
    assert code == 0
    assert "财经" in out
    assert "Culture" in out
    assert "\x1b" not in out


# --- check ---------------------------------------------------------------------------------------


def test_check_json_with_a_broken_file_exits_1(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[Tree], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = make_archive({**ARCHIVE, "broken/bad.md": "---\ntitle: x\nkey: a: b\n---\n", "bin.md": b"\x00"})
    link = real.parent / "link-to-archive"
    link.symlink_to(real)
    monkeypatch.chdir(real.parent)
    code, out, _ = run(capsys, "check", "link-to-archive", "--json")
    assert code == 1
    data = json.loads(out)
    assert set(data) >= {"root", "files", "articles", "problems"}
    assert data["root"] == os.path.realpath(real)
    assert os.path.isabs(data["root"])
    assert data["files"] == 6
    assert data["articles"] == 4
    by_path = {p["path"]: p for p in data["problems"]}
    for problem in data["problems"]:
        assert set(problem) == {"path", "kind", "message", "severity"}
    assert by_path["broken/bad.md"]["kind"] == "front-matter"
    assert by_path["broken/bad.md"]["severity"] == "error"
    assert by_path["broken/bad.md"]["message"].startswith("line 3:")
    assert by_path["bin.md"]["kind"] == "encoding"
    assert by_path["undated.md"]["severity"] == "warning"


def test_check_with_only_warnings_exits_0(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    os.mkfifo(archive / "pipe.md")
    with deadline(10):
        code, out, _ = run(capsys, "check", str(archive), "--json")
    assert code == 0
    severities = {p["path"]: p["severity"] for p in json.loads(out)["problems"]}
    assert severities == {"pipe.md": "warning", "undated.md": "warning"}


def test_check_human_output_and_exit_code(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    (archive / "bad.md").write_bytes(b"abc \xc3\x28 \xff\xff")
    code, out, _ = run(capsys, "check", str(archive))
    assert code == 1
    assert "bad.md" in out
    assert "encoding" in out
    assert "\x1b" not in out


def test_check_root_of_samples_is_the_real_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["root"] == os.path.realpath(sample_articles())
    assert data["articles"] >= 12


# --- show ----------------------------------------------------------------------------------------


def test_show_json_has_metadata_and_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.md").write_text(
        "---\ntitle: A story\ntags: [one]\n---\n"
        "![The pier](https://example.com/pier.jpg)\n\n"
        "Read the [original report](https://news.example.com/report) or [again](https://news.example.com/report).\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    data = run_json(capsys, "show", "sub/story.md")
    assert data.keys() >= CONTRACT_KEYS
    assert data["path"] == "sub/story.md"
    assert data["title"] == "A story"
    assert data["links"] == [
        {"text": "The pier", "url": "https://example.com/pier.jpg", "image": True},
        {"text": "original report", "url": "https://news.example.com/report", "image": False},
    ]


def test_show_prints_the_article(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    target = archive / "2024" / "harbour" / "index.md"
    code, out, _ = run(capsys, "show", str(target), "--width", "50", "--color", "never")
    assert code == 0
    assert "Lanterns on the quay." in out
    assert "example.com" in out
    assert "\x1b" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 50


def test_show_color_always_emits_osc8(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    target = archive / "2024" / "harbour" / "index.md"
    code, out, _ = run(capsys, "show", str(target), "--color", "always")
    assert code == 0
    assert "\x1b]8;" in out
    assert "https://example.com/h.jpg" in out


@pytest.mark.parametrize("name", ["missing.md", "folder", "binary.md", "pipe.md"])
def test_show_of_an_unreadable_file_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary.md").write_bytes(b"\x00\x01")
    os.mkfifo(tmp_path / "pipe.md")
    with deadline(5):
        code, out, err = run(capsys, "show", str(tmp_path / name))
    assert code == 1
    assert out == ""
    assert_one_error_line(err)


# --- usage errors, version -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--bogus"],
        ["--bogus"],
        ["list", "/no/such/folder/anywhere"],
        ["tags", "/no/such/folder/anywhere"],
        ["check", "/no/such/folder/anywhere", "--json"],
        ["list", "--limit", "-1"],
        ["list", "--sort", "size"],
        ["show"],
        ["show", "x.md", "--width", "3"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert_one_error_line(err)


def test_root_that_is_a_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    code, _, err = run(capsys, "list", str(archive / "undated.md"))
    assert code == 2
    assert_one_error_line(err)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code in (0, None)
    assert capsys.readouterr().out.strip() == f"broadsheet {__version__}"
    assert __version__.count(".") == 2


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["--version"], 0), (["list", "--bogus"], 2), (["list", "/no/such/folder/anywhere"], 2)],
)
def test_python_dash_m_reader(argv: list[str], code: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", *argv], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == code
    if code == 0:
        assert done.stdout.strip() == f"broadsheet {__version__}"
    else:
        assert_one_error_line(done.stderr)


def test_control_characters_in_file_names_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[Tree], Path]
) -> None:
    root = make_archive(
        {
            "e\x1b[31mvil.md": b"\x00binary",
            "w\x1b]0;title\x07arn.md": "---\ndate: nope\n---\nText.\n",
        }
    )
    os.mkfifo(root / "p\x1b[2Jipe.md")
    for argv in (["check", str(root)], ["check", str(root), "--json"], ["list", str(root)]):
        with deadline(10):
            _, out, err = run(capsys, *argv)
        assert not any(ch in out + err for ch in "\x1b\x07"), argv
    _, out, err = run(capsys, "show", str(root / "e\x1b[31mvil.md"))
    assert not any(ch in err for ch in "\x1b\x07")
    assert_one_error_line(err)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("argv", [["list", "--json"], ["search", "harbour", "--json"], ["tags"]])
def test_indexing_shows_a_progress_line_on_a_terminal_and_wipes_it(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    from reader.progress import ProgressLine

    monkeypatch.setattr(ProgressLine, "DELAY", 0.0)
    monkeypatch.setattr(ProgressLine, "EVERY", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    command, *rest = argv
    assert main([command, *rest[:1], str(archive), *rest[1:]]) == 0
    shown = terminal.getvalue()
    assert "\rbroadsheet: reading files: " in shown
    assert "%)" in shown
    assert shown.endswith("\r")
    assert shown.rsplit("\r", 2)[-2].strip() == ""  # the line is wiped at the end
    assert "\x1b" not in shown
    assert capsys.readouterr().out  # the command's own output is untouched


def test_no_progress_line_when_stderr_is_not_a_terminal(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.progress import ProgressLine

    monkeypatch.setattr(ProgressLine, "DELAY", 0.0)
    assert main(["list", str(archive), "--json"]) == 0
    assert capsys.readouterr().err == ""
