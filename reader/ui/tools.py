"""The user's own tools, on the article shown: their editor (`e`), a shell command to pipe it to (`|`)
and a file to export it into (`E`).

A widget with nothing to show, like the keeper: the screen asks it to act on an article, and it
runs the user's programs with the app suspended (they have the terminal to themselves meanwhile),
reads and renders in workers, and says in a notification whatever went wrong. It never writes an
article: the editor is the user's program; we only start it.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import ClassVar, cast

from textual import work
from textual.app import SuspendNotSupported
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.external import (
    ToolError,
    command_failure,
    default_export_name,
    export_target,
    read_source,
    run_editor,
    run_shell,
    wait_for_enter,
    write_export,
)
from reader.model import Archive, Article
from reader.render.export import EXPORT_WIDTH, SUFFIXES, ExportFormat, article_text, render_for
from reader.text import describe_error, one_line
from reader.ui.screens.tools import ExportRequest, ExportScreen, OverwriteScreen, PipeRequest, PipeScreen

NOT_HERE = "{what} needs the terminal, and this session runs in a browser."
CANNOT_SUSPEND = "{what} needs a terminal broadsheet can hand over, and this one cannot be."
FAILURES = {
    "pipe": "The article could not be piped",
    "export": "The article could not be exported",
}


class ArticleTools(Widget):
    """Runs the editor, a pipe or an export on an article of `archive`, and says how it went."""

    DEFAULT_CSS: ClassVar[str] = "ArticleTools { display: none; }"

    @dataclass
    class Edited(Message):
        """The editor was closed on `article`: the screen brings the change in at once, without
        waiting for the file watcher."""

        article: Article

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Remembered for the session: the last command and source of `|`, the last export format.
        self.pipe_command = ""
        self.pipe_source = "source"
        self.export_format: ExportFormat = "text"

    def _refused(self, what: str) -> bool:
        """Under `serve` nothing can take the terminal over: say so (True) and do nothing."""
        if self.app.is_web:
            self.notify(NOT_HERE.format(what=what), severity="warning", timeout=6, markup=False)
            return True
        return False

    def _say(self, text: str, *, error: bool = False) -> None:
        """A notification of `text` (plain, never markup); from a worker, `_say_from_worker`."""
        if error:
            self.notify(text, severity="error", timeout=10, markup=False)
        else:
            self.notify(text, timeout=5, markup=False)

    def _say_from_worker(self, text: str, *, error: bool = False) -> None:
        self.app.call_from_thread(self._say, text, error=error)

    # --- editor ------------------------------------------------------------------------------

    def edit(self, article: Article, root: str) -> None:
        """Open `article` in the user's editor, the app suspended until it closes; then tell the
        screen, which brings the change in (the editor may have saved before it failed)."""
        what = "The editor"
        if self._refused(what):
            return
        try:
            with self.app.suspend():
                run_editor(os.path.join(root, article.file_path))
        except SuspendNotSupported:
            self._say(CANNOT_SUSPEND.format(what=what), error=True)
            return
        except ToolError as error:
            self._say(one_line(str(error)), error=True)
        except Exception as error:  # whatever else: said, never a closed app
            self._say(f"The editor failed: {describe_error(error)}", error=True)
        self.post_message(self.Edited(article))

    # --- pipe --------------------------------------------------------------------------------

    def pipe(self, article: Article, archive: Archive, width: int) -> None:
        """Ask for a command, then send it the article (its source, or its text as shown)."""
        if self._refused("Piping to a command"):
            return

        def chosen(request: PipeRequest | None) -> None:
            if request is not None:
                self.pipe_command, self.pipe_source = request
                self._pipe(article, archive, width, *request)

        self.app.push_screen(PipeScreen(self.pipe_command, self.pipe_source), chosen)

    @work(thread=True, exclusive=True, group="pipe", exit_on_error=False, description="pipe")
    def _pipe(self, article: Article, archive: Archive, width: int, command: str, source: str) -> None:
        if source == "rendered":
            text = article_text(article, archive.body(article), archive.root, width)
        else:
            text = read_source(archive.root, article.file_path)
        self.app.call_from_thread(self._run_piped, command, text)

    def _run_piped(self, command: str, text: str) -> None:
        try:
            with self.app.suspend():
                status = run_shell(command, text)
                wait_for_enter()
        except SuspendNotSupported:
            self._say(CANNOT_SUSPEND.format(what="Piping to a command"), error=True)
            return
        except ToolError as error:
            self._say(one_line(str(error)), error=True)
            return
        except Exception as error:  # whatever else: said, never a closed app
            self._say(f"The command failed: {describe_error(error)}", error=True)
            return
        failure = command_failure(command, status)
        if failure is not None:
            self._say(one_line(failure), error=True)

    # --- export ------------------------------------------------------------------------------

    def export(self, article: Article, archive: Archive) -> None:
        """Ask for a file name and a format, then write the article there (asking before replacing
        a file). Under `serve` the file is the visitor's: their browser downloads it."""
        name = default_export_name(article.path, SUFFIXES[self.export_format])
        web = self.app.is_web

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                name, fmt = request
                self.export_format = cast(ExportFormat, fmt)
                if web:
                    self._download(article, archive, name, self.export_format)
                else:
                    self._export(article, archive, name, self.export_format, False)

        self.app.push_screen(ExportScreen(name, self.export_format, download=web), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export")
    def _download(self, article: Article, archive: Archive, name: str, fmt: ExportFormat) -> None:
        text = render_for(fmt, article, archive.body(article), archive.root, EXPORT_WIDTH)
        filename = os.path.basename(name.replace("\\", "/")) or default_export_name(
            article.path, SUFFIXES[fmt]
        )
        self.app.call_from_thread(self._deliver, text, filename, fmt)

    def _deliver(self, text: str, filename: str, fmt: ExportFormat) -> None:
        mime = "text/html" if fmt == "html" else "text/plain"
        self.app.deliver_text(io.StringIO(text), save_filename=filename, mime_type=mime, encoding="utf-8")
        self._say(f"{one_line(filename)} is on its way to your browser's downloads.")

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export")
    def _export(
        self, article: Article, archive: Archive, name: str, fmt: ExportFormat, overwrite: bool
    ) -> None:
        try:
            target = export_target(name, archive.root)
            if target.exists and not overwrite:
                self.app.call_from_thread(self._ask_overwrite, article, archive, name, fmt, str(target.path))
                return
            text = render_for(fmt, article, archive.body(article), archive.root, EXPORT_WIDTH)
            write_export(target, text)
        except ToolError as error:
            self._say_from_worker(f"Not exported: {one_line(str(error))}", error=True)
            return
        self._say_from_worker(f"Exported to {one_line(str(target.path))}")

    def _ask_overwrite(
        self, article: Article, archive: Archive, name: str, fmt: ExportFormat, path: str
    ) -> None:
        def answered(replace: bool | None) -> None:
            if replace:
                self._export(article, archive, name, fmt, True)
            else:
                self.notify("Not exported: the file was kept.", timeout=3, markup=False)

        self.app.push_screen(OverwriteScreen(one_line(path)), answered)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A pipe or an export that failed unforeseen: say so; the app goes on."""
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            job = event.worker.group
            self._say(f"{FAILURES.get(job, 'Something went wrong')}: {describe_error(error)}", error=True)
