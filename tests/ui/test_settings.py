"""Settings in the app: read at start, changed with keys and the palette, written back, and a broken
settings file reported without being lost."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Label

from reader.cli import _settings
from reader.settings import Settings, settings_path
from reader.ui.app import BroadsheetApp

from .conftest import NEWEST, SECOND
from .helpers import article_list, lines, main_screen, settle, sidebar

SIZE = (110, 30)


def write_settings(text: str) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(text, encoding="utf-8")


def saved() -> dict[str, object]:
    return tomllib.loads(settings_path().read_text(encoding="utf-8"))


def app_as_started(root: Path) -> BroadsheetApp:
    """The app as `broadsheet ROOT` builds it: the settings file read by the CLI."""
    settings, problems, writable = _settings()
    return BroadsheetApp(str(root), settings, problems, save_settings=writable)


def titles(pilot: Pilot[None]) -> list[str]:
    return [article.title for article in article_list(pilot).articles]


def status(pilot: Pilot[None]) -> str:
    return str(main_screen(pilot).query_one("#status-summary", Label).render())


async def saved_when_settled(pilot: Pilot[None]) -> dict[str, object]:
    await settle(pilot)  # the settings worker is one of those it waits for
    return saved()


async def test_the_settings_file_shapes_the_app(archive: Path) -> None:
    write_settings('theme = "nord"\nsort = "title"\nsidebar_width = 40\ndate_format = "iso"\n')
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert titles(pilot) == sorted(titles(pilot), key=str.casefold)
        assert sidebar(pilot).outer_size.width == 40
        assert "2024-06-06" in "".join(lines(article_list(pilot)))
        assert "by title" in status(pilot)


async def test_keys_change_the_sort_dates_and_sidebar_and_are_saved(archive: Path) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert titles(pilot)[:2] == [NEWEST, SECOND]
        assert "months ago" in "".join(lines(article_list(pilot)))  # relative by default
        width = sidebar(pilot).outer_size.width
        await pilot.press("S")  # date → title
        await settle(pilot)
        assert titles(pilot) == sorted(titles(pilot), key=str.casefold)
        await pilot.press("D", "greater_than_sign")
        await settle(pilot)
        assert sidebar(pilot).outer_size.width == width + 4
        assert "2024-06-06" in "".join(lines(article_list(pilot)))
        assert await saved_when_settled(pilot) == {
            "sort": "title",
            "date_format": "iso",
            "sidebar_width": width + 4,
        }
        await pilot.press("S", "S")  # title → unread → date
        await settle(pilot)
        assert titles(pilot)[:2] == [NEWEST, SECOND]
        assert (await saved_when_settled(pilot))["sort"] == "date"


async def test_the_highlight_stays_on_its_article_when_the_sort_changes(archive: Path) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        before = article_list(pilot).highlighted
        await pilot.press("S")
        await settle(pilot)
        assert article_list(pilot).highlighted == before


async def test_a_theme_chosen_in_the_app_is_saved(archive: Path) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        await pilot.pause()
        assert (await saved_when_settled(pilot))["theme"] == "gruvbox"


async def test_a_broken_settings_file_is_reported_and_never_written_over(archive: Path) -> None:
    write_settings("sort = [\n")
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = [str(note.message) for note in app._notifications]
        assert any("settings.toml" in note and "defaults" in note for note in notes)
        await pilot.press("S")  # still works for this session
        await settle(pilot)
        assert titles(pilot) == sorted(titles(pilot), key=str.casefold)
    assert settings_path().read_text(encoding="utf-8") == "sort = [\n"


async def test_a_wrong_value_and_an_unknown_theme_are_reported(archive: Path) -> None:
    write_settings('theme = "no-such-theme"\nsidebar_width = 3\n')
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = " ".join(str(note.message) for note in app._notifications)
        assert "no-such-theme" in notes
        assert "sidebar_width" in notes
        assert app.theme == "textual-dark"
        assert sidebar(pilot).outer_size.width == Settings().sidebar_width


@pytest.mark.parametrize(("ssh", "level"), [(True, "none"), (False, "full")])
async def test_animation_is_off_over_ssh(
    archive: Path, monkeypatch: pytest.MonkeyPatch, ssh: bool, level: str
) -> None:
    if ssh:
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.animation_level == level


async def test_the_status_line_follows_the_filter(archive: Path) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(pilot).startswith("6 articles · ")
        assert "1 problem" in status(pilot)  # the broken file
        main_screen(pilot).filter = main_screen(pilot).filter.toggled("tag", "transport")
        await settle(pilot)
        assert "showing 2: #transport" in status(pilot)


async def test_while_a_big_archive_loads_the_status_line_counts_all_of_it(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest articles are shown first; the counts must not pretend they are the archive."""
    import threading

    from reader.index import open_index
    from reader.ui import keeper

    with open_index(str(archive)) as index:
        index.update()
    release = threading.Event()
    real_warm_archive = keeper.warm_archive

    def slow_warm_archive(root: str):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real_warm_archive(root)

    monkeypatch.setattr(keeper, "FIRST_PAGE", 2)
    monkeypatch.setattr(keeper, "warm_archive", slow_warm_archive)
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if len(article_list(pilot).articles) == 2:
                break
        assert len(article_list(pilot).articles) == 2
        assert status(pilot).startswith("the newest 2 of 6 articles")
        assert "All articles 6" in " ".join(" ".join(line.split()) for line in lines(sidebar(pilot)))
        assert "#" not in "".join(lines(sidebar(pilot)))  # no tags until the whole archive is known
        release.set()
        await settle(pilot)
        assert status(pilot).startswith("6 articles · ")
        assert "#transport" in "".join(lines(sidebar(pilot)))


async def test_a_first_index_shows_the_newest_articles_read_so_far(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing indexed yet: while the files are read, the newest of those read are listed."""
    import reader.index.build as build
    from reader.ui import keeper

    monkeypatch.setattr(build, "CHUNK", 2)
    monkeypatch.setattr(keeper, "SO_FAR_EVERY", 0.0)
    totals: list[int | None] = []
    real_post = keeper.ArchiveKeeper.post_message

    def post(self: keeper.ArchiveKeeper, message: object) -> bool:
        if isinstance(message, keeper.ArchiveKeeper.Loaded):
            totals.append(message.total)
        return real_post(self, message)  # type: ignore[arg-type]

    monkeypatch.setattr(keeper.ArchiveKeeper, "post_message", post)
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(pilot).startswith("6 articles · ")
    so_far = [total for total in totals if total is not None]
    assert so_far == sorted(so_far)
    assert 0 < so_far[0] < 6
    assert totals[-1] is None  # then the whole archive


async def test_a_setting_changed_just_before_quitting_is_saved(archive: Path) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, character in (("S", "S"), ("q", "q")):  # at once, as a fast typist's keys arrive
            app.post_message(events.Key(key, character))
        await pilot.pause()
    assert not app.is_running
    assert saved() == {"sort": "title"}


async def test_hovering_a_row_shows_its_full_date(archive: Path) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        await pilot.hover(listing, offset=(4, 2))  # inside the border: the second row
        await pilot.pause()
        assert str(listing.tooltip) == "2024-06-05"
        assert "ago" in lines(listing)[1]


async def test_a_theme_or_width_change_does_not_sort_the_list_again(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_as_started(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        calls: list[None] = []
        refresh = screen._refresh_view
        monkeypatch.setattr(screen, "_refresh_view", lambda: (calls.append(None), refresh())[1])
        app.theme = "nord"
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert calls == []
        await pilot.press("S")
        await settle(pilot)
        assert len(calls) == 1
