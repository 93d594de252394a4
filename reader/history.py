"""Back and forward through the articles opened, as a browser does: pure, no Textual.

Each entry is an article's path and how far down it the reader was. Opening an article after going
back drops what was ahead (the forward part); the oldest entries go once there are `limit` of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

HISTORY_LIMIT = 200  # entries kept: a day's reading, never a growing memory


@dataclass(frozen=True, slots=True)
class Place:
    """An opened article (its path in the archive) and the first line shown of it."""

    path: str
    scroll: int = 0


@dataclass(frozen=True, slots=True)
class Move:
    """Where back or forward leads (`place`, None: nowhere), and the paths passed over on the way
    because their article has gone (the reader is told)."""

    place: Place | None
    skipped: tuple[str, ...] = ()


class History:
    """The places visited, oldest first, and which of them is the current one."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self.limit = max(1, limit)
        self._places: list[Place] = []
        self._at = -1  # index of the current place; -1 while empty

    @property
    def places(self) -> tuple[Place, ...]:
        return tuple(self._places)

    @property
    def current(self) -> Place | None:
        return self._places[self._at] if self._places else None

    @property
    def can_go_back(self) -> bool:
        return self._at > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._at < len(self._places) - 1

    def remember_scroll(self, scroll: int) -> None:
        """The reader scrolled the current article to `scroll`: going back to it returns there."""
        if self._places:
            self._places[self._at] = replace(self._places[self._at], scroll=max(0, scroll))

    def visit(self, path: str, scroll: int = 0) -> None:
        """An article was opened other than by back / forward: it becomes the current place and the
        forward part goes. Opening the current article again changes nothing."""
        current = self.current
        if current is not None and current.path == path:
            return
        del self._places[self._at + 1 :]
        self._places.append(Place(path, max(0, scroll)))
        overflow = len(self._places) - self.limit
        if overflow > 0:
            del self._places[:overflow]
        self._at = len(self._places) - 1

    def back(self, exists: Callable[[str], bool]) -> Move:
        """Step back to the newest earlier place whose article `exists` (and is not the current
        one again); gone ones are dropped."""
        return self._step(-1, exists)

    def forward(self, exists: Callable[[str], bool]) -> Move:
        """Step forward to the next place whose article `exists`; gone ones are dropped."""
        return self._step(1, exists)

    def _step(self, step: int, exists: Callable[[str], bool]) -> Move:
        skipped: list[str] = []
        here = self.current.path if self.current is not None else None
        index = self._at + step
        while 0 <= index < len(self._places):
            place = self._places[index]
            if place.path == here:  # next to it once what stood between has gone: no step at all
                index += step
                continue
            if exists(place.path):
                self._at = index
                return Move(place, tuple(skipped))
            skipped.append(place.path)
            del self._places[index]  # gone for good: never offered again
            if index < self._at:
                self._at -= 1
            if step < 0:
                index -= 1
        return Move(None, tuple(skipped))
