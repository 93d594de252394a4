"""The footer: Textual's, with Quit and Help always first, and packed tighter on a narrow screen."""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned in pyproject.toml

FIRST = ("quit", "help")  # the actions whose keys come first, whatever has focus


class KeyFooter(Footer):
    """Textual lists the focused widget's keys first and the app's last: at 60 columns the reading
    pane's keys pushed `q` and `?` out of sight. Here they come first. Under `narrow` columns the
    keys are packed tighter, only those that fit whole are shown, and the palette's hint goes
    (ctrl+p still opens it; help says so)."""

    def __init__(self, *, narrow: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.narrow = narrow

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:  # as Footer: nothing until the screen's bindings are known
            return
        room = self.size.width if self.compact and self.size.width else None
        for widget in self._keys():
            if room is not None and isinstance(widget, FooterKey):
                # Compact: `k Description` and a space after; a key cut in half reads as nonsense.
                width = cell_len(widget.key_display) + 1
                if widget.description:
                    width += cell_len(widget.description) + 1
                if width - 1 > room:
                    room = 0
                    continue
                room -= width
            yield widget

    def _keys(self) -> Iterator[Widget]:
        """Footer's keys, those of FIRST moved to the front."""
        first: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action in FIRST and binding.action not in first:
                first.add(binding.action)
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                ).data_bind(compact=Footer.compact)
        for widget in super().compose():
            if not (isinstance(widget, FooterKey) and widget.action in FIRST):
                yield widget

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < self.narrow
        if narrow or narrow != self.compact:
            self.compact = narrow
            self.show_command_palette = not narrow
            self.refresh(recompose=True)
