"""The title jump (ctrl+o or :): type a few letters of a title or path, or a Chinese title's pinyin
initials, and Enter opens the best match. Ranking runs in a worker; the newest query wins."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from reader.jump import Candidate, Ranked, Ranker
from reader.text import describe_error, sanitise
from reader.ui.widgets.bars import QueryBar

SHOWN = 50  # matches listed


class JumpInput(QueryBar):
    """The query: Backspace in a burst of keys is applied in order (see `QueryBar`)."""

    TITLE = "Jump to"


class JumpScreen(ModalScreen[str | None]):
    """A query and its best matches; dismissed with the chosen article's path (None: Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", show=False, id="jump.close"),
        Binding("down", "move(1)", "Down", show=False, id="jump.down"),
        Binding("up", "move(-1)", "Up", show=False, id="jump.up"),
    ]

    def __init__(self, pool: Callable[[], list[Candidate]]) -> None:
        """`pool` gives the candidates (slow the first time: called in the worker)."""
        super().__init__()
        self._pool = pool
        self._ranker: Ranker | None = None
        self._shown: list[Ranked] = []
        self.query_text = ""  # what is typed
        self.shown_query: str | None = None  # what the list shows the matches of

    def compose(self) -> ComposeResult:
        with Vertical(id="jump"):
            yield JumpInput(placeholder="A title, a path, or pinyin initials (dtsx)", id="jump-query")
            matches = OptionList(id="jump-matches")
            matches.can_focus = False
            yield matches

    def on_mount(self) -> None:
        self.query_one(JumpInput).open()
        self.matches.border_subtitle = "Enter opens · ↑↓ choose · Esc closes"
        self.matches.border_title = Text("Reading the titles…")  # the first time, at 100k: a second
        self._rank("")

    @property
    def matches(self) -> OptionList:
        return self.query_one("#jump-matches", OptionList)

    @on(Input.Changed, "#jump-query")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self._rank(event.value)

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False, description="rank")
    def _rank(self, query: str) -> None:
        worker = get_current_worker()
        if self._ranker is None:
            self._ranker = Ranker(self._pool())
        ranked = self._ranker.rank(query, SHOWN, stop=lambda: worker.is_cancelled)
        if ranked is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, ranked)

    def _show(self, query: str, ranked: list[Ranked]) -> None:
        if query != self.query_text:
            return  # an older query's answer
        self._shown = ranked
        self.shown_query = query
        matches = self.matches
        matches.clear_options()
        matches.add_options(self._option(entry.candidate) for entry in ranked)
        if ranked:
            matches.highlighted = 0
        matches.border_title = Text(f"{len(ranked)} shown" if ranked else "No title matches")

    @staticmethod
    def _option(candidate: Candidate) -> Option:
        return Option(
            Text.assemble(
                (sanitise(candidate.title), "bold"),
                "  ",
                (sanitise(candidate.path), "dim"),
                no_wrap=True,
                overflow="ellipsis",
            )
        )

    def action_move(self, step: int) -> None:
        matches = self.matches
        if step > 0:
            matches.action_cursor_down()
        else:
            matches.action_cursor_up()

    @on(Input.Submitted, "#jump-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.matches.highlighted
        if index is not None and 0 <= index < len(self._shown):
            self.dismiss(self._shown[index].candidate.path)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._shown):
            self.dismiss(self._shown[event.option_index].candidate.path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.matches.border_title = Text(f"The jump failed: {describe_error(error)}")
