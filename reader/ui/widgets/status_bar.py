"""A one-line status: what the app is doing in the background (indexing), with a progress bar."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class StatusBar(Horizontal):
    """Hidden when idle; shows a message and, for long work, a progress bar."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-text")
        yield ProgressBar(id="status-progress", show_eta=False)

    def progress(self, message: str, done: int, total: int) -> None:
        self.display = True
        self.query_one(Label).update(Text(message))
        bar = self.query_one(ProgressBar)
        bar.display = total > 0
        bar.update(total=max(total, 1), progress=done)

    def idle(self) -> None:
        self.display = False
