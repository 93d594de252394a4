"""The status line: the archive and the view on the left, background work (indexing) on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class StatusBar(Horizontal):
    """Always shown: a summary of what is on screen, and a progress bar while work runs."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-summary")
        yield Label(id="status-text")
        yield ProgressBar(id="status-progress", show_eta=False)

    @property
    def busy(self) -> bool:
        return bool(self.query_one("#status-text", Label).display)

    def summary(self, text: Text) -> None:
        self.query_one("#status-summary", Label).update(text)

    def progress(self, message: str, done: int, total: int) -> None:
        label = self.query_one("#status-text", Label)
        label.display = True
        label.update(Text(message))
        bar = self.query_one(ProgressBar)
        bar.display = total > 0
        bar.update(total=max(total, 1), progress=done)

    def idle(self) -> None:
        self.query_one("#status-text", Label).display = False
        self.query_one(ProgressBar).display = False
