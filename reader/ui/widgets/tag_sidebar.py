"""The tag sidebar: every tag and category with its count; choosing one filters the list. Above them
the saved searches, with the number each finds; below them the series and the timeline (years, and
the chosen year's months with a bar each). An archive with neither tags nor categories shows its
folders (as a tree) instead, so that the sidebar is never empty."""

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
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BAR_WIDTH = 6  # cells of a month's bar at the busiest month
_EIGHTHS = " ▏▎▍▌▋▊▉"


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
    bar: str = ""  # a month's bar, before its count (`bar`)

    @property
    def plain(self) -> str:
        bar = f" {self.bar}" if self.bar else ""
        return f"{'● ' if self.active else '  '}{' ' * self.indent}{self.name}{bar} {self.count}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        bar = f"{self.bar:<{BAR_WIDTH}} " if self.bar else ""
        room = max(1, width - 2 - self.indent - 1 - cell_len(bar) - cell_len(self.count))
        name = Text(self.name, style="bold" if self.active else "", no_wrap=True, end="")
        name.truncate(room, overflow="ellipsis", pad=True)
        line = Text.assemble(
            ("● " if self.active else "  ", "bold"),
            " " * self.indent,
            name,
            " ",
            bar,
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
        """The user chose a tag (`kind` "tag"), a category, a series, a folder, a year or a month
        (`kind` "month", `name` "2024-05"), or a reading view. Never replaced:
        two choices of the same tag turn it on and off again."""

        kind: str
        name: str

    class Cleared(Message):
        """The user asked for every article again."""

    class ProblemsChosen(Message):
        """The user chose the problems entry."""

    @dataclass
    class SavedChosen(Message):
        """The user chose the saved search `name`: run it."""

        name: str

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
        timeline: Mapping[str, Mapping[str, int]] | None = None,
        series: Mapping[str, int] | None = None,
        saved: Mapping[str, int | None] | None = None,
    ) -> None:
        """Rebuild the options; `active` holds the (kind, name) pairs in force; `views` the
        counts of the reading views ("unread", "starred"); `saved` those of the saved searches
        (None: not counted yet); `series` those of the series; `timeline` the months of each year
        (newest first: the chosen year shows its months); `folders` the archive's folders (a
        tree, in path order), shown only when there are no tags or categories."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option | None] = [Option(self._label("All articles", total, not active), id=ALL)]
        self._names = {}
        for name, count in (views or {}).items():
            key = option_id("view", name)
            self._names[key] = ("view", name)
            options.append(Option(self._label(name.capitalize(), count, ("view", name) in active), id=key))
        if saved:
            options += self._saved(saved)
        for kind, heading, counts in (
            ("category", "Categories", categories),
            ("tag", "Tags", tags),
            ("series", "Series", series or {}),
        ):
            if not counts:
                continue
            options.append(None)
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for name, count in counts.items():
                key = option_id(kind, name)
                self._names[key] = (kind, name)
                prefix = {"tag": "#", "category": "▸ ", "series": "≡ "}[kind]
                options.append(Option(self._label(prefix + name, count, (kind, name) in active), id=key))
        if not tags and not categories and folders:
            options += self._folders(folders, active)
            self.border_title = "Folders"
        else:
            self.border_title = "Tags"
        if timeline:
            options += self._timeline(timeline, active)
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

    def _saved(self, saved: Mapping[str, int | None]) -> list[Option | None]:
        """The saved searches: choosing one runs it (it is not a filter: never shown as chosen)."""
        options: list[Option | None] = [None, Option(Text("Saved searches", style="bold"), disabled=True)]
        for name, count in saved.items():
            key = option_id("saved", name)
            self._names[key] = ("saved", name)
            options.append(Option(Entry("⌕ " + name, "…" if count is None else _short(count)), id=key))
        return options

    def _folders(self, folders: Mapping[str, int], active: set[tuple[str, str]]) -> list[Option | None]:
        """The folders as a tree: each one's last part, indented by depth."""
        options: list[Option | None] = [None, Option(Text("Folders", style="bold"), disabled=True)]
        for name, count in folders.items():
            key = option_id("folder", name)
            self._names[key] = ("folder", name)
            entry = Entry(
                name.rsplit("/", 1)[-1] + "/", _short(count), ("folder", name) in active, 2 * name.count("/")
            )
            options.append(Option(entry, id=key))
        return options

    def _timeline(
        self, timeline: Mapping[str, Mapping[str, int]], active: set[tuple[str, str]]
    ) -> list[Option | None]:
        """The years; under the chosen one, its months, each with a bar as long as its count is
        next to the busiest month's (of any year)."""
        options: list[Option | None] = [None, Option(Text("Years", style="bold"), disabled=True)]
        busiest = max((count for months in timeline.values() for count in months.values()), default=0)
        for year, months in timeline.items():
            key = option_id("year", year)
            self._names[key] = ("year", year)
            chosen = ("year", year) in active
            options.append(Option(Entry(year, _short(sum(months.values())), chosen), id=key))
            if not chosen:
                continue
            for month, count in months.items():
                key = option_id("month", month)
                self._names[key] = ("month", month)
                name = _month_name(month)
                entry = Entry(name, _short(count), ("month", month) in active, 2, bar(count, busiest))
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
            self.tooltip = Text(("#" if kind == "tag" else "@" if kind == "saved" else "") + name)
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
            if kind == "saved":
                self.post_message(self.SavedChosen(name))
            else:
                self.post_message(self.Toggled(kind, name))

    def action_clear(self) -> None:
        self.post_message(self.Cleared())


def _short(count: int) -> str:
    """A count in at most four characters, so that "● All articles 12k" fits the default sidebar
    (five digits wrapped it onto a second line)."""
    if count >= 1_000_000:
        return f"{count // 1_000_000}M"
    return f"{count // 1000}k" if count >= 10_000 else str(count)


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar of Unicode blocks, `width` cells for `most`, in eighths of a cell; at least a sliver
    for any count above nothing."""
    if count <= 0 or most <= 0:
        return ""
    eighths = max(1, round(8 * width * min(count, most) / most))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _month_name(month: str) -> str:
    """`2024-05` → `May` (as written when it is not a month number)."""
    number = month[5:7]
    return MONTHS[int(number) - 1] if number.isdigit() and 1 <= int(number) <= 12 else month
