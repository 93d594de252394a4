"""The tag sidebar: every tag and category with its count; choosing one filters the list. An archive
with neither shows its folders (as a tree) and its years instead, so that the sidebar is never empty."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

ALL = "all"
PROBLEMS = "problems"


def option_id(kind: str, name: str) -> str:
    return f"{kind}:{name}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One sidebar entry on one line at any width: the mark, the name cut with `…` where it does
    not fit, the count right-aligned. (A `Text` would wrap a long tag onto a second line.)"""

    name: str
    count: str
    active: bool = False
    indent: int = 0  # cells before the name: a folder's depth in the tree

    @property
    def plain(self) -> str:
        return f"{'● ' if self.active else '  '}{' ' * self.indent}{self.name} {self.count}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        room = max(1, width - 2 - self.indent - 1 - cell_len(self.count))
        name = Text(self.name, style="bold" if self.active else "", no_wrap=True, end="")
        name.truncate(room, overflow="ellipsis", pad=True)
        line = Text.assemble(
            ("● " if self.active else "  ", "bold"),
            " " * self.indent,
            name,
            " ",
            (self.count, "dim"),
            no_wrap=True,
        )
        line.truncate(width, overflow="ellipsis")
        yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, cell_len(self.plain))


class TagSidebar(OptionList):
    """Tags and categories as options. Every label is a `Text`: tag names are never markup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("x,backspace", "clear", "Clear filter", id="sidebar.clear"),
    ]

    @dataclass
    class Toggled(Message):
        """The user chose a tag (`kind` "tag") or a category (`kind` "category"). Never replaced:
        two choices of the same tag turn it on and off again."""

        kind: str
        name: str

    class Cleared(Message):
        """The user asked for every article again."""

    class ProblemsChosen(Message):
        """The user chose the problems entry."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = "Tags"
        self._names: dict[str, tuple[str, str]] = {}

    def show_counts(
        self,
        total: int,
        tags: Mapping[str, int],
        categories: Mapping[str, int],
        active: set[tuple[str, str]],
        problems: int = 0,
        views: Mapping[str, int] | None = None,
        folders: Mapping[str, int] | None = None,
        years: Mapping[str, int] | None = None,
    ) -> None:
        """Rebuild the options; `active` holds the (kind, name) pairs in force; `views` the
        counts of the reading views ("unread", "starred"); `folders` and `years` those of the
        archive's folders (a tree, in path order) and years, shown when there are no tags or
        categories."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option | None] = [Option(self._label("All articles", total, not active), id=ALL)]
        self._names = {}
        for name, count in (views or {}).items():
            key = option_id("view", name)
            self._names[key] = ("view", name)
            options.append(Option(self._label(name.capitalize(), count, ("view", name) in active), id=key))
        for kind, heading, counts in (("category", "Categories", categories), ("tag", "Tags", tags)):
            if not counts:
                continue
            options.append(None)
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for name, count in counts.items():
                key = option_id(kind, name)
                self._names[key] = (kind, name)
                prefix = "#" if kind == "tag" else "▸ "
                options.append(Option(self._label(prefix + name, count, (kind, name) in active), id=key))
        if not tags and not categories and (folders or years):
            options += self._places(folders or {}, years or {}, active)
            self.border_title = "Folders"
        else:
            self.border_title = "Tags"
        if problems:
            options.append(None)
            label = Text.assemble(("⚠ Problems", "bold"), (f" {problems}", "dim"))
            options.append(Option(label, id=PROBLEMS))
        self.set_options(options)
        if highlighted is not None:
            try:
                self.highlighted = self.get_option_index(highlighted)
            except OptionDoesNotExist:
                self.highlighted = 0
        elif self.option_count:
            self.highlighted = 0

    def _places(
        self, folders: Mapping[str, int], years: Mapping[str, int], active: set[tuple[str, str]]
    ) -> list[Option | None]:
        """The folders as a tree (each one's last part, indented by depth) and the years."""
        options: list[Option | None] = []
        for kind, heading, counts in (("folder", "Folders", folders), ("year", "Years", years)):
            if not counts:
                continue
            options += [None, Option(Text(heading, style="bold"), disabled=True)]
            for name, count in counts.items():
                key = option_id(kind, name)
                self._names[key] = (kind, name)
                depth = name.count("/") if kind == "folder" else 0
                shown = name.rsplit("/", 1)[-1] + "/" if kind == "folder" else name
                entry = Entry(shown, _short(count), (kind, name) in active, indent=2 * depth)
                options.append(Option(entry, id=key))
        return options

    @staticmethod
    def _label(name: str, count: int, active: bool) -> Entry:
        return Entry(name, _short(count), active)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hovering an entry shows its whole name (a long one is cut with `…`)."""
        index = event.style.meta.get("option")
        if not isinstance(index, int) or not 0 <= index < self.option_count:
            self.tooltip = None
            return
        option = self.get_option_at_index(index)
        kind_name = self._names.get(option.id or "")
        if kind_name is not None and kind_name[0] != "view":
            kind, name = kind_name
            self.tooltip = Text(("#" if kind == "tag" else "") + name)
        else:
            self.tooltip = None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id
        if key == ALL:
            self.post_message(self.Cleared())
        elif key == PROBLEMS:
            self.post_message(self.ProblemsChosen())
        elif key in self._names:
            kind, name = self._names[key]
            self.post_message(self.Toggled(kind, name))

    def action_clear(self) -> None:
        self.post_message(self.Cleared())


def _short(count: int) -> str:
    """A count in at most four characters, so that "● All articles 12k" fits the default sidebar
    (five digits wrapped it onto a second line)."""
    if count >= 1_000_000:
        return f"{count // 1_000_000}M"
    return f"{count // 1000}k" if count >= 10_000 else str(count)
