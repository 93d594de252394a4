"""Settings: reading a forgiving TOML file, writing it back without losing a reader's text, and the
short date forms the list uses."""

from __future__ import annotations

import os
import threading
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.cli import main
from reader.dates import format_date, relative_date
from reader.model import Archive, Article, Mark, Problem, Stamp
from reader.rules import Filter, sort_articles
from reader.settings import (
    SIDEBAR_WIDTHS,
    Settings,
    SettingsError,
    load_settings,
    parse_settings,
    save_settings,
    settings_path,
)
from reader.ui.status import human_size, status_line

DAY = 86400.0
NOW = 1_750_000_000.0


# --- reading ----------------------------------------------------------------------------------------


def test_a_missing_file_gives_the_defaults() -> None:
    assert not settings_path().exists()
    assert load_settings() == (Settings(), [])


def test_the_file_lives_in_the_config_dir() -> None:
    assert settings_path() == Path(os.environ["BROADSHEET_CONFIG_DIR"]) / "settings.toml"


def test_every_setting_is_read() -> None:
    text = (
        'theme = "nord"\nroot = "~/news"\nsort = "title"\nsidebar_width = 40\n'
        'date_format = "%d %b %Y"\nanimation = "none"\n'
    )
    settings, problems = parse_settings(text)
    assert problems == []
    assert settings == Settings("nord", "~/news", "title", 40, "%d %b %Y", "none")
    assert settings.root_path == Path("~/news").expanduser()


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ('sort = "size"', "sort should be one of date, title, unread"),
        ("sidebar_width = 500", "sidebar_width should be a whole number from 12 to 60"),
        ("sidebar_width = true", "sidebar_width should be a whole number"),
        ('sidebar_width = "30"', "sidebar_width should be a whole number"),
        ('date_format = "weekly"', 'date_format should be "relative", "iso" or a strftime pattern'),
        ('theme = ""', "theme should be a non-empty string"),
        ("root = 3", "root should be a non-empty string"),
        ('animation = "fast"', "animation should be one of auto, none, basic, full"),
        ('colour = "red"', "unknown setting 'colour' (ignored)"),
    ],
)
def test_a_wrong_value_is_reported_and_the_default_used(line: str, complaint: str) -> None:
    settings, problems = parse_settings(f'sort = "unread"\n{line}\n' if "sort" not in line else line)
    assert len(problems) == 1
    assert complaint in problems[0]
    name = line.split(" ")[0]
    if name in Settings.__dataclass_fields__:
        assert getattr(settings, name) == getattr(Settings(), name)


def test_control_characters_in_strings_are_removed() -> None:
    settings, _ = parse_settings('theme = "no\\u001b[2Jrd"\n')
    assert settings.theme == "no[2Jrd"


def test_a_file_that_is_not_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('sort = "title"\nthis is not toml\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"settings\.toml"):
        load_settings(path)
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(SettingsError, match="not UTF-8"):
        load_settings(path)


@given(st.text(max_size=200))
def test_any_text_gives_settings_or_a_settings_error(text: str) -> None:
    try:
        settings, problems = parse_settings(text)
    except SettingsError:
        return
    assert isinstance(settings, Settings)
    assert all(isinstance(problem, str) for problem in problems)
    assert settings.sort in ("date", "title", "unread")
    assert settings.sidebar_width in SIDEBAR_WIDTHS


# --- writing ----------------------------------------------------------------------------------------


def test_saving_creates_a_commented_file_that_reads_back() -> None:
    path = save_settings({"sort": "unread", "sidebar_width": 30})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# broadsheet settings")
    assert load_settings()[0] == Settings(sort="unread", sidebar_width=30)


def test_saving_keeps_the_readers_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('# my archive\nroot = "~/news"  # at home\nsort = "date"\n', encoding="utf-8")
    save_settings({"sort": "title", "theme": "nord"}, path)
    text = path.read_text(encoding="utf-8")
    assert "# my archive" in text
    assert "# at home" in text
    assert tomllib.loads(text) == {"root": "~/news", "sort": "title", "theme": "nord"}
    assert [entry.name for entry in tmp_path.iterdir()] == ["settings.toml"]  # no temporary left


def test_a_broken_file_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("sort = [unclosed\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not written over"):
        save_settings({"sort": "title"}, path)
    assert path.read_text(encoding="utf-8") == "sort = [unclosed\n"


def test_a_wrong_value_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    with pytest.raises(ValueError, match="whole number"):
        save_settings({"sidebar_width": 2}, path)
    assert not path.exists()


def test_an_unwritable_folder_is_a_settings_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SettingsError):
        save_settings({"sort": "title"}, blocker / "settings.toml")


def test_threads_saving_at_once_leave_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    widths = list(range(20, 40))
    threads = [threading.Thread(target=save_settings, args=({"sidebar_width": w}, path)) for w in widths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.sidebar_width in widths


# --- the default ROOT -------------------------------------------------------------------------------


def test_the_cli_opens_the_settings_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "news"
    archive.mkdir()
    (archive / "only.md").write_text("---\ntitle: The only one\n---\nText.\n", encoding="utf-8")
    save_settings({"root": str(archive)})
    assert main(["list"]) == 0
    assert "The only one" in capsys.readouterr().out


def test_a_settings_root_that_is_gone_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings({"root": str(tmp_path / "gone")})
    assert main(["list"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "no such folder" in error
    assert "settings.toml" in error


def test_a_broken_settings_file_does_not_stop_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("root = [\n", encoding="utf-8")
    assert main(["list", "--json"]) == 0  # the bundled samples
    assert capsys.readouterr().out.startswith("[")


# --- animation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("animation", "environ", "level"),
    [
        ("auto", {}, None),
        ("auto", {"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, "none"),
        ("auto", {"TERM": "linux"}, "none"),
        ("auto", {"SSH_TTY": "/dev/pts/1", "TEXTUAL_ANIMATIONS": "full"}, None),
        ("full", {"SSH_TTY": "/dev/pts/1"}, "full"),
        ("none", {}, "none"),
    ],
)
def test_animation_is_off_over_ssh_unless_chosen(
    animation: str, environ: dict[str, str], level: str | None
) -> None:
    assert Settings(animation=animation).animation_level(environ) == level


# --- dates in the list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ago", "long", "short"),
    [
        (5, "just now", "now"),
        (5 * 60, "5 min ago", "5m ago"),
        (3 * 3600, "3 hours ago", "3h ago"),
        (1.5 * DAY, "yesterday", "1d ago"),
        (3 * DAY, "3 days ago", "3d ago"),
        (15 * DAY, "2 weeks ago", "2w ago"),
        (70 * DAY, "2 months ago", "2mo ago"),
        (400 * DAY, "1 year ago", "1y ago"),
        (-2 * DAY, "in 2 days", "in 2d"),
        (-1.2 * DAY, "tomorrow", "in 1d"),
    ],
)
def test_relative_dates(ago: float, long: str, short: str) -> None:
    assert relative_date(NOW - ago, NOW) == long
    assert relative_date(NOW - ago, NOW, short=True) == short


def test_date_formats() -> None:
    stamp = Stamp("2025-02-13T17:30:11+08:00", 1739439011.0)
    assert format_date(stamp, "iso") == "2025-02-13 17:30"
    assert format_date(stamp, "iso", short=True) == "2025-02-13"
    assert format_date(stamp, "%d %b %Y %H:%M") == "13 Feb 2025 17:30"  # as written, not as UTC
    assert format_date(stamp, "relative", now=stamp.timestamp + 3 * DAY) == "3 days ago"
    assert format_date(Stamp("2025-02-13", 0.0), "%Y\x1b") == "2025"  # control characters go


# --- sorting and the status line --------------------------------------------------------------------


def _article(path: str, title: str, day: int) -> Article:
    return Article(path, title, date=Stamp(f"2024-01-{day:02d}", day * DAY), size=1000)


def test_sorting_by_title_folds_case_and_width_and_keeps_cjk_in_code_point_order() -> None:
    articles = (
        _article("a.md", "banana", 5),
        _article("b.md", "Ａpple", 4),  # full-width A
        _article("c.md", "中国", 3),
        _article("d.md", "Cherry", 2),
        _article("e.md", "一月", 1),
    )
    titles = [article.title for article in sort_articles(articles, "title", {})]
    assert titles == ["Ａpple", "banana", "Cherry", "一月", "中国"]


def test_sorting_unread_first_keeps_newest_first_within() -> None:
    articles = tuple(_article(f"{day}.md", f"t{day}", day) for day in (5, 4, 3, 2, 1))
    marks = {"4.md": Mark(read=True, starred=False), "2.md": Mark(read=True, starred=True)}
    assert [a.path for a in sort_articles(articles, "unread", marks)] == [
        "5.md",
        "3.md",
        "1.md",
        "4.md",
        "2.md",
    ]
    assert sort_articles(articles, "date", marks) == articles


def test_the_status_line_says_size_filter_order_and_problems() -> None:
    archive = Archive.build(
        "/x",
        [_article("a.md", "A", 1), _article("b.md", "B", 2)],
        [Problem("bad.md", "yaml", "line 2: oops")],
    )
    line = status_line(archive, 1, Filter(tags=("城市",), unread=True), "title", problems=1)
    assert line.plain == "2 articles · 2.0 KiB · showing 1: Unread #城市 · by title · 1 problem"
    assert (
        status_line(archive, 2, Filter(), "date", problems=0).plain == "2 articles · 2.0 KiB · newest first"
    )
    loading = status_line(archive, 2, Filter(), "date", problems=0, total=100_000)
    assert loading.plain == "the newest 2 of 100,000 articles · newest first"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (900, "900 B"),
        (2048, "2.0 KiB"),
        (53_000, "52 KiB"),
        (450 * 2**20, "450 MiB"),
        (3 * 2**40, "3072 GiB"),
    ],
)
def test_human_sizes(size: int, text: str) -> None:
    assert human_size(size) == text
