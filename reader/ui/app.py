"""The Textual application: one main screen, a help screen, and the keys that work everywhere."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.model import Archive
from reader.paths import crash_report_path, styles
from reader.rules import ORDERS, order_name
from reader.settings import SIDEBAR_WIDTHS, SORTS, Settings, SettingsError, save_settings, settings_path
from reader.text import describe_error
from reader.ui.keymap import check_keymap, rebound
from reader.ui.screens.help import HelpScreen, HelpSection
from reader.ui.screens.main import MainScreen
from reader.ui.widgets import ArticleList, ArticleView, ReadingPane, TagSidebar


def write_crash_report(error: BaseException) -> Path | None:
    """The traceback of `error`, written for a bug report; where it went (None: nowhere we could)."""
    import time
    import traceback

    path = crash_report_path()
    text = f"broadsheet crashed at {time.strftime('%Y-%m-%d %H:%M:%S')}\n" + "".join(
        traceback.format_exception(error)
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError:
        return None
    return path


QUIT_SETTLE_TURNS = 200  # event-loop turns quitting waits, at most, for typed keys to take effect

# Palette commands with no key of their own; every binding with a tooltip is one too.
EXTRA_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Sort by date", "Newest first", "app.sort('date')"),
    ("Sort by title", "A to Z; Chinese titles in radical-stroke order", "app.sort('title')"),
    ("Sort unread first", "Unread articles newest first, then the rest", "app.sort('unread')"),
    ("Show all articles", "Clear the tag, category and view filters", "clear_filter"),
    ("Repair reading state", "Start a new reading state when the file is damaged", "repair_state"),
    ("Delete a saved search", "Choose one of the saved searches in the sidebar to delete", "delete_search"),
)


class BroadsheetApp(App[None]):
    """Read a folder of Markdown articles with the keyboard."""

    CSS_PATH = str(styles() / "app.tcss")
    TITLE = "broadsheet"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            tooltip="Keys: every key, by where it works",
            id="app.help",
        ),
        Binding(
            "S",
            "sort",
            "Sort: date, title, unread",
            show=False,
            tooltip="Sort: by date, by title, unread first (in turn)",
            id="app.sort",
        ),
        Binding(
            "D",
            "toggle_dates",
            "Dates: relative or full",
            show=False,
            tooltip="Dates in the list: relative or full",
            id="app.dates",
        ),
        Binding(
            "greater_than_sign",
            "sidebar_width(4)",
            "Wider sidebar",
            show=False,
            key_display=">",
            tooltip="Wider sidebar",
            id="app.sidebar_wider",
        ),
        Binding(
            "less_than_sign",
            "sidebar_width(-4)",
            "Narrower sidebar",
            show=False,
            key_display="<",
            tooltip="Narrower sidebar",
            id="app.sidebar_narrower",
        ),
    ]

    settings: var[Settings] = var(Settings, init=False)

    def __init__(
        self,
        root: str,
        settings: Settings | None = None,
        problems: Sequence[str] = (),
        *,
        save_settings: bool = True,
        open_path: str | None = None,
        resume: bool = True,
    ) -> None:
        """`settings` as read from the settings file (with the `problems` found in it); changes made
        in the app are written back unless `save_settings` is False (a file we could not read).
        `open_path`: the article to open at start (relative to `root`); `resume` False: start at
        the newest article rather than where the reader left off."""
        super().__init__()
        self.root = root
        self.open_path = open_path
        self.resume = resume
        self.set_reactive(BroadsheetApp.settings, settings or Settings())
        self._setting_problems = list(problems)
        self._may_save = save_settings
        self._changed: set[str] = set()
        self._unsaved = False
        self._save_lock = threading.Lock()
        # An exception nothing handled (it ends the app), and where its traceback was written.
        self.failure: tuple[BaseException, Path | None] | None = None
        self.keymap: dict[str, str] = {}  # the reader's own keys ([keys] in settings), by binding id

    def on_mount(self) -> None:
        settings, problems = self.settings, self._setting_problems
        if settings.theme:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                problems.append(f"theme {settings.theme!r} is not one of Textual's; the default is used")
        level = settings.animation_level()
        if level is not None:
            self.animation_level = level  # type: ignore[assignment]
        if settings.keys:
            self.keymap, wrong = check_keymap(dict(settings.keys))
            problems.extend(wrong)
            self.set_keymap(self.keymap)
        for problem in problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    # --- settings ----------------------------------------------------------------------------

    def change_settings(self, **changes: Any) -> None:
        """Apply `changes` now (screens watch `settings`) and write them to the settings file."""
        self.settings = replace(self.settings, **changes)
        self._changed.update(changes)
        if self._may_save:
            self._unsaved = True
            self._save_settings()

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_settings(self) -> None:
        try:
            self._write_settings()
        except SettingsError as error:
            self.call_from_thread(
                self.notify, f"Settings not saved: {error}", severity="warning", markup=False
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Saving settings failed in a way `save_settings` did not foresee: say so, and go on."""
        error = event.worker.error
        if event.worker.group == "settings" and event.state is WorkerState.ERROR and error is not None:
            self.notify(f"Settings not saved: {describe_error(error)}", severity="warning", markup=False)

    def _write_settings(self) -> None:
        with self._save_lock:  # the newest values, written by one thread at a time
            if self._unsaved:
                self._unsaved = False
                settings = self.settings
                save_settings({name: getattr(settings, name) for name in sorted(self._changed)})

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.change_settings(theme=theme.name)

    def action_sort(self, order: str | None = None) -> None:
        """Sort the list by `order`, or by the next one after the current."""
        if order is None:
            order = SORTS[(SORTS.index(self.settings.sort) + 1) % len(SORTS)]
        self.change_settings(sort=order)
        archive = getattr(self.screen, "archive", None)
        said = order_name(order, archive) if isinstance(archive, Archive) else ORDERS[order]
        self.notify(f"Sorting {said}.", timeout=2, markup=False)

    def action_toggle_dates(self) -> None:
        self.change_settings(date_format="iso" if self.settings.date_format == "relative" else "relative")

    def action_sidebar_width(self, step: int) -> None:
        width = self.settings.sidebar_width + step
        self.change_settings(sidebar_width=min(max(width, SIDEBAR_WIDTHS[0]), SIDEBAR_WIDTHS[-1]))

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.root, open_path=self.open_path, resume=self.resume)

    def help_sections(self) -> list[HelpSection]:
        """What the help screen lists, straight from the bindings of each place."""
        sections: list[tuple[str, list[BindingType]]] = [
            (
                "Everywhere",
                [
                    *self.BINDINGS,
                    *MainScreen.BINDINGS,
                    ("tab", "focus_next", "Next pane"),
                    ("ctrl+p", "command_palette", "Commands: every action by name"),
                ],
            ),
            ("Article list", ArticleList.BINDINGS),
            ("Reading pane", [*ArticleView.BINDINGS, *ReadingPane.BINDINGS]),
            ("Tag sidebar", [("enter", "select", "Filter by it (again to drop it)"), *TagSidebar.BINDINGS]),
        ]
        return [(title, rebound(bindings, self.keymap)) for title, bindings in sections]

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then every broadsheet action (ctrl+p): keys are never the only way.
        Textual's "Keys" (its key panel) goes: our help (`?`) lists every key by where it works."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
        if isinstance(screen, MainScreen):
            for title, help_text, run in self.palette_commands(screen):
                yield SystemCommand(title, help_text, run)

    def palette_commands(self, screen: MainScreen) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """(title, help, callback): each binding with a tooltip, then the commands without a key."""
        places: list[tuple[App[None] | Widget, list[BindingType]]] = [
            (self, self.BINDINGS),
            (screen, screen.BINDINGS),
            (screen.pane, ReadingPane.BINDINGS),
        ]
        seen: set[str] = set()
        for node, bindings in places:
            for binding in rebound(bindings, self.keymap):
                if binding.tooltip and binding.action not in seen:
                    seen.add(binding.action)
                    run = partial(screen.call_later, node.run_action, binding.action)
                    yield binding.tooltip, f"( {self.get_key_display(binding)} )", run
        for title, help_text, action in EXTRA_COMMANDS:
            yield title, help_text, partial(screen.call_later, screen.run_action, action)

    def _handle_exception(self, error: Exception) -> None:
        """An exception no handler caught ends the app, as in Textual, but the reader gets one line
        (see `reader.cli.cmd_open`) and the traceback goes to a file, never to the terminal."""
        if self.failure is None:
            self.failure = (error, write_crash_report(error))
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self.bell()
        self._close_messages_no_wait()  # what Textual does, without the traceback on screen

    async def action_quit(self) -> None:
        """Quit once keys already typed have had their effect: `Enter s q` typed in one breath must
        still mark the article read and starred (their messages are still bubbling up)."""
        for _ in range(QUIT_SETTLE_TURNS):
            if not any(node.message_queue_size for node in self.screen.walk_children(with_self=True)):
                break
            await asyncio.sleep(0)
        with contextlib.suppress(SettingsError):  # a change whose worker has not run yet
            self._write_settings()
        self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), str(settings_path())))
