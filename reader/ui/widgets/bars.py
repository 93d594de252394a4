"""The two one-line inputs the main screen opens on demand: search (the archive) and find (the
article). They only show, hide and report what was typed; the screen decides what it means."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

SEARCH_DELAY = 0.15  # seconds of quiet typing before a search runs


class QueryBar(Input):
    """Hidden until opened; closing empties and hides it."""

    TITLE = ""

    def on_mount(self) -> None:
        self.border_title = self.TITLE

    async def _on_key(self, event: events.Key) -> None:
        """Run the input's own keys (Backspace, arrows, Delete, Enter…) here, in the order typed.

        Textual runs an Input's bindings only once the key has bubbled up to the app, while the
        printable keys that followed it in the same burst (fast typing, SSH, tmux send-keys) are
        inserted as they come: `a`, then Backspace t e a, gave `ate` instead of `tea`
        (docs/upstream/textual-input-backspace.md).
        """
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.node is not self or not active.enabled or active.binding.priority:
            return  # text, or a key of the screen or the app: Input's own handling
        event.stop()
        event.prevent_default()  # Input's _on_key must not see it (and it must not bubble)
        await self.app.run_action(active.binding.action, self)

    @property
    def active(self) -> bool:
        """Open with something typed in it."""
        return bool(self.display and self.value)

    def open(self) -> None:
        self.display = True
        self.focus()

    def close(self) -> None:
        self.value = ""
        self.display = False


class SearchBar(QueryBar):
    """Search as you type: a `Query` once typing pauses, so each keystroke does not run a search."""

    TITLE = "Search"

    @dataclass
    class Query(Message):
        """Typing paused on `query`: search for it."""

        query: str

        def can_replace(self, message: Message) -> bool:
            """A newer query makes an older one not yet searched for pointless."""
            return isinstance(message, SearchBar.Query)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder='Search: words, "a phrase", tag:x, -tag:y, after:2024-01 …', id=id)
        self._timer: Timer | None = None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self.post_message(self.Query(query)))


class FindBar(QueryBar):
    """Find in the article; its subtitle says where the reader is among the matches."""

    TITLE = "Find"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Find in this article", id=id)

    def show_count(self, current: int, total: int) -> None:
        self.border_subtitle = f"{current + 1} of {total}" if total else "no match" if self.value else ""
