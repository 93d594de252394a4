"""The tag sidebar: every tag and category with its count; choosing one filters the list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

ALL = "all"
PROBLEMS = "problems"


def option_id(kind: str, name: str) -> str:
    return f"{kind}:{name}"


class TagSidebar(OptionList):
    """Tags and categories as options. Every label is a `Text`: tag names are never markup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("x,backspace", "clear", "Clear filter"),
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
        self._names: dict[str, tuple[str, str]] = {}

    def show_counts(
        self,
        total: int,
        tags: Mapping[str, int],
        categories: Mapping[str, int],
        active: set[tuple[str, str]],
        problems: int = 0,
        views: Mapping[str, int] | None = None,
    ) -> None:
        """Rebuild the options; `active` holds the (kind, name) pairs in force; `views` the
        counts of the reading views ("unread", "starred")."""
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

    @staticmethod
    def _label(name: str, count: int, active: bool) -> Text:
        return Text.assemble(
            ("● " if active else "  ", "bold"),
            (name, "bold" if active else ""),
            (f" {_short(count)}", "dim"),
            no_wrap=True,
            overflow="ellipsis",
        )

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
