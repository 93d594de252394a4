"""The navigator: a widget with nothing to show that keeps the reader's way around the archive:
back / forward history, where the reader left off (read and saved in workers), and the title
jump's candidates (prepared in a worker, pinyin initials included).

The rules are the core's (`reader.history`, `reader.resume`, `reader.jump`); the screen asks, and
hears back by message.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.history import History
from reader.jump import Candidate, InitialsTable, candidates
from reader.model import Archive
from reader.resume import Resume, ResumeError, load_resume, save_resume
from reader.text import describe_error

SAVE_DELAY = 1.0  # seconds: a burst of opens (holding `]`) is saved once


class Navigator(Widget):
    """History, resume and jump candidates for the archive at `root`."""

    DEFAULT_CSS: ClassVar[str] = "Navigator { display: none; }"

    @dataclass
    class Restore(Message):
        """Where the reader left off (None: nothing saved); `trouble`: why it could not be read."""

        resume: Resume | None
        trouble: str | None = None

    @dataclass
    class Trouble(Message):
        """Saving where the reader is failed (said once, not at every save)."""

        text: str

    def __init__(self, root: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.root = root
        self.history = History()
        self._snapshot: Resume | None = None  # where the reader is now, as the screen last said
        self._saved: Resume | None = None
        self._save_lock = threading.Lock()
        self._told_failure = False
        self._pool: tuple[Archive, list[Candidate]] | None = None
        self._pool_lock = threading.Lock()
        self._initials = InitialsTable()
        self._to_prepare: Archive | None = None
        self._save_timer_running = False

    # --- where the reader left off ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="resume-read", exit_on_error=False)
    def read_resume(self) -> None:
        if self.app.is_web:  # under `serve` each visitor starts fresh: the place is the terminal's
            self.post_message(self.Restore(None))
            return
        try:
            resume = load_resume(self.root)
        except ResumeError as error:
            self.post_message(self.Restore(None, f"Where you left off could not be restored: {error}"))
            return
        self.post_message(self.Restore(resume))

    def update(self, resume: Resume, *, save: bool = True) -> None:
        """Where the reader is now; written after a short pause when it changed (`save` False:
        only on quit, as for each line scrolled)."""
        if resume == self._snapshot:
            return
        self._snapshot = resume
        if save and not self._save_timer_running:
            self._save_timer_running = True
            self.set_timer(SAVE_DELAY, self._save_soon)

    def _save_soon(self) -> None:
        self._save_timer_running = False
        self._save()

    @work(thread=True, exclusive=True, group="resume-save", exit_on_error=False)
    def _save(self) -> None:
        try:
            self._write()
        except ResumeError as error:
            if not self._told_failure:
                self._told_failure = True
                self.post_message(self.Trouble(f"Where you are will not be remembered: {error}"))

    def _write(self) -> None:
        if self.app.is_web:  # a visitor's place must not become the terminal reader's
            return
        with self._save_lock:
            snapshot = self._snapshot
            if snapshot is not None and snapshot != self._saved:
                save_resume(self.root, snapshot, time.time())
                self._saved = snapshot

    def on_unmount(self) -> None:
        """Quitting: the newest place is written now (nobody is left to hear of a failure)."""
        with contextlib.suppress(ResumeError):
            self._write()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of ours raised what we did not foresee: say so once; the app goes on."""
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        if event.worker.group == "resume-read":  # the screen waits for this answer: give it one
            text = f"Where you left off could not be restored: {describe_error(error)}"
            self.post_message(self.Restore(None, text))
        elif not self._told_failure:
            self._told_failure = True
            self.post_message(self.Trouble(f"Moving around: {describe_error(error)}"))

    # --- the jump's candidates -------------------------------------------------------------

    def pool(self, archive: Archive) -> list[Candidate]:
        """The jump's candidates for `archive`, prepared once an archive (call from a worker)."""
        with self._pool_lock:
            if self._pool is None or self._pool[0] is not archive:
                pairs = ((article.path, article.title) for article in archive.articles)
                self._pool = (archive, candidates(pairs, self._initials))
            return self._pool[1]

    def prepare(self, archive: Archive) -> None:
        """Prepare the candidates ahead of the first ctrl+o (pypinyin's table is read then)."""
        self._to_prepare = archive
        self._prepare()

    @work(thread=True, exclusive=True, group="jump-pool", exit_on_error=False)
    def _prepare(self) -> None:
        # No argument: a worker's description is the repr of its arguments, and that of 100k
        # articles took the UI thread a quarter of a second.
        archive = self._to_prepare
        if archive is not None:
            self.pool(archive)
