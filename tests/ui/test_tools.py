"""The user's tools on the article shown: the editor (`e`), a pipe (`|`), an export (`E`), and web
links handed to `$BROWSER` or, under `serve`, to the visitor's browser."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.model import Link
from reader.ui import tools as tools_module
from reader.ui.app import BroadsheetApp
from reader.ui.screens.pickers import LinksScreen
from reader.ui.screens.tools import ExportScreen, OverwriteScreen, PipeScreen

from .helpers import all_text, article_view, main_screen, settle, wait_until

READING = Path(__file__).resolve().parent.parent / "fixtures" / "reading_archive"
WEB = Link("the timetable", "https://example.com/timetable", False)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A copy of the reading archive: the editor writes into it."""
    root = tmp_path / "archive"
    shutil.copytree(READING, root)
    return root


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@contextlib.contextmanager
def handed_over() -> Iterator[None]:
    """What `App.suspend` does on a terminal, for a headless app (which cannot be suspended)."""
    yield


def suspendable(app: BroadsheetApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Let `app` suspend as on a terminal; skip the "press Enter" wait; return the calls made."""
    calls: list[str] = []

    def suspend() -> contextlib.AbstractContextManager[None]:
        calls.append("suspend")
        return handed_over()

    monkeypatch.setattr(app, "suspend", suspend)
    monkeypatch.setattr(tools_module, "wait_for_enter", lambda: calls.append("enter"))
    return calls


def notes(app: BroadsheetApp) -> str:
    return " | ".join(str(note.message) for note in app._notifications)


async def open_notes(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


# --- the editor ------------------------------------------------------------------------------


async def test_editor_runs_suspended_and_the_change_is_shown_at_once(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    editor = script(
        tmp_path, "ed.sh", f'echo "$@" > "{seen}"\nprintf "\\n\\nAn added line: ZEBRA.\\n" >> "$2"\n'
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{editor} --flag")
    app = BroadsheetApp(str(archive))
    calls = suspendable(app, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        screen = main_screen(pilot)
        assert screen.pane.shown is not None
        path = screen.pane.shown.article.path
        await pilot.press("e")
        assert calls == ["suspend"]
        assert seen.read_text().split() == ["--flag", str(archive / path)]
        assert await wait_until(pilot, lambda: "ZEBRA" in all_text(article_view(pilot)))
        assert app.is_running


async def test_editor_and_pipe_open_the_real_file_of_a_name_the_screen_shows_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name with a control character is shown without it (`path`); the tools must open the
    file itself (`file_path`), not a name that does not exist."""
    root = tmp_path / "odd"
    root.mkdir()
    real = root / "odd\x1bname.md"
    real.write_text("---\ntitle: Odd name\ndate: 2030-01-01\n---\nThe ODDBODY text.\n", encoding="utf-8")
    seen, piped = tmp_path / "seen.txt", tmp_path / "piped.txt"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script(tmp_path, "ed.sh", f'printf "%s" "$1" > "{seen}"\n')))
    app = BroadsheetApp(str(root))
    suspendable(app, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("e")
        assert await wait_until(pilot, seen.exists)
        assert seen.read_text(encoding="utf-8", errors="surrogateescape") == str(real)
        await pilot.press("vertical_line")
        await settle(pilot)
        assert isinstance(app.screen, PipeScreen)
        await pilot.press(*f"cat > {piped}", "enter")
        assert await wait_until(pilot, lambda: piped.exists() and "ODDBODY" in piped.read_text())
        assert "could not" not in notes(app)


async def test_editor_list_key_too_and_a_failing_editor_is_reported(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(script(tmp_path, "bad.sh", "exit 3\n")))
    app = BroadsheetApp(str(archive))
    suspendable(app, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)  # the list has focus: e works from there too
        await pilot.press("e")
        await settle(pilot)
        assert "exited with status 3" in notes(app)
        monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
        await pilot.press("e")
        await settle(pilot)
        assert "could not start" in notes(app)
        assert app.is_running


async def test_editor_says_so_where_the_app_cannot_be_suspended(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 40)) as pilot:  # a headless driver cannot suspend
        await open_notes(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "cannot be" in notes(app)
        assert app.is_running


# --- pipe ------------------------------------------------------------------------------------


async def test_pipe_sends_the_source_then_the_rendered_text_and_remembers(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "piped.txt"
    app = BroadsheetApp(str(archive))
    calls = suspendable(app, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("|")
        await settle(pilot)
        assert isinstance(app.screen, PipeScreen)
        await pilot.press(*f"cat > {out}", "enter")
        await settle(pilot)
        assert await wait_until(pilot, lambda: calls == ["suspend", "enter"])
        source = out.read_text(encoding="utf-8")
        assert source.startswith("---\n")  # the file, front matter included
        assert source == (archive / "field-notes.md").read_text(encoding="utf-8")
        # Again: the command is remembered; choose the rendered text.
        await pilot.press("|")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PipeScreen)
        assert form.query_one("#form-line").value == f"cat > {out}"  # type: ignore[attr-defined]
        await pilot.press("tab", "right", "enter", "shift+tab", "enter")
        await settle(pilot)
        assert await wait_until(pilot, lambda: calls.count("enter") == 2)
        rendered = out.read_text(encoding="utf-8")
        assert not rendered.startswith("---")
        assert "Field notes from the ridge walk" in rendered.splitlines()[0]
        assert "\x1b" not in rendered


async def test_a_failing_pipe_is_reported(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = BroadsheetApp(str(archive))
    suspendable(app, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("|", *"no-such-command-xyz", "enter")
        assert await wait_until(pilot, lambda: "command not found" in notes(app))
        await pilot.press("|", "ctrl+u", *"exit 4", "enter")
        assert await wait_until(pilot, lambda: "exited with status 4" in notes(app))
        assert app.is_running


# --- export ----------------------------------------------------------------------------------


async def test_export_writes_asks_before_replacing_and_never_into_the_archive(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("E")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExportScreen)
        assert form.query_one("#form-line").value == "field-notes.txt"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: (out / "field-notes.txt").exists())
        text = (out / "field-notes.txt").read_text(encoding="utf-8")
        assert text.startswith("Field notes from the ridge walk\n")
        assert "Exported to" in notes(app)
        # HTML, the name following the format.
        await pilot.press("E", "tab", "right", "enter")
        await settle(pilot)
        assert app.screen.query_one("#form-line").value == "field-notes.html"  # type: ignore[attr-defined]
        await pilot.press("shift+tab", "enter")
        assert await wait_until(pilot, lambda: (out / "field-notes.html").exists())
        assert "<pre>" in (out / "field-notes.html").read_text(encoding="utf-8")
        # The same name again: asked first; keeping it writes nothing.
        (out / "field-notes.html").write_text("mine")
        await pilot.press("E", "enter")
        await settle(pilot)
        assert isinstance(app.screen, OverwriteScreen)
        await pilot.press("enter")  # "Keep it" comes first
        await settle(pilot)
        assert (out / "field-notes.html").read_text() == "mine"
        await pilot.press("E", "enter")
        await settle(pilot)
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: (out / "field-notes.html").read_text() != "mine")
        # Into the archive: refused, nothing written there.
        before = sorted(p.name for p in archive.rglob("*"))
        await pilot.press("E", "ctrl+u", *str(archive / "x.txt"), "enter")
        assert await wait_until(pilot, lambda: "inside the archive" in notes(app))
        assert sorted(p.name for p in archive.rglob("*")) == before
        assert app.is_running


# --- under serve, and web links ---------------------------------------------------------------


class WebApp(BroadsheetApp):
    """The app as textual-serve runs it: a web driver, in a visitor's browser tab."""

    @property
    def is_web(self) -> bool:
        return True


async def test_under_serve_the_terminal_tools_refuse_and_links_open_in_the_visitor_tab(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = WebApp(str(archive))
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        for key in ("e", "|"):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, PipeScreen)
        assert notes(app).count("runs in a browser") == 2
        main_screen(pilot).pane._link_chosen(("open", WEB))
        assert opened == [WEB.url]
        assert copied == []


async def test_under_serve_an_export_is_the_visitors_download(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = WebApp(str(archive))
    delivered: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(app, "deliver_text", lambda file, **kw: delivered.append((file.read(), kw)))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("E", "ctrl+u", *"../../etc/notes.txt", "enter")
        assert await wait_until(pilot, lambda: bool(delivered))
        text, options = delivered[0]
        assert text.startswith("Field notes from the ridge walk")
        assert options["save_filename"] == "notes.txt"  # a name only: nothing is placed on the server
        assert options["mime_type"] == "text/plain"
        assert sorted(os.listdir(tmp_path)) == ["archive"]


async def test_links_honour_browser_and_it_gets_the_terminal(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = BroadsheetApp(str(archive))
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_notes(pilot)
        pane = main_screen(pilot).pane
        pane._link_chosen(("open", WEB))
        assert copied == [WEB.url]  # no browser: copied
        calls = suspendable(app, monkeypatch)
        monkeypatch.setenv("BROWSER", "w3m")
        pane._link_chosen(("open", WEB))
        assert opened == [WEB.url]
        assert calls == ["suspend"]
        assert not isinstance(app.screen, LinksScreen)


def test_every_new_key_has_an_id_and_a_palette_entry() -> None:
    from reader.ui.screens.main import MainScreen

    ids = {
        binding.key: (binding.id, binding.tooltip)
        for binding in MainScreen.BINDINGS
        if hasattr(binding, "id") and binding.key in ("e", "vertical_line", "E")
    }
    assert {key: value[0] for key, value in ids.items()} == {
        "e": "main.editor",
        "vertical_line": "main.pipe",
        "E": "main.export",
    }
    assert all(tooltip for _, tooltip in ids.values())
