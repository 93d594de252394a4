"""Front matter that `reader.load.yamlfast` does not read: PyYAML's safe loaders, refusing alias
bombs and keeping a value that does not construct as text (imported only for such a block)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from reader.load.frontmatter import FrontMatterError

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

# What a parser raises beyond its own error class while it builds values from a block that scanned
# fine: PyYAML's constructors and tomllib/json's int() raise plain ValueError for `2024-02-30`, an
# hour of 25, an offset of +24:00 or an integer of more than 4,300 digits (and PyYAML an
# AttributeError for `!!timestamp 2020`). Any of them is that file's problem, never the archive's.
_VALUE_ERRORS = (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError)


# A YAML alias (`*name`) where a value or item may start; only such blocks take the slow, counted path.
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]")
MAX_ALIASES = 64


def load(block: str, first_line: int, notes: list[str]) -> Any:
    """The YAML `block` (whose first line is line `first_line` of its file) as data; values that
    could be read only as text leave a warning in `notes`. Raises FrontMatterError for YAML that
    does not parse, with its line counted from the top of the file."""
    try:
        try:
            if _ALIAS.search(block):
                return _single_data(_AliasCountingLoader(block))
            return yaml.load(block, Loader=SafeLoader)  # a safe loader: CSafeLoader when available
        except _VALUE_ERRORS:
            loader = _TolerantLoader(block, first_line)
            data = _single_data(loader)
            notes += loader.notes
            return data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f"line {mark.line + first_line}: " if mark else ""
        raise FrontMatterError(f"{line}YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"YAML: {error}") from None


class _AliasCountingLoader(yaml.SafeLoader):
    """The pure-Python safe loader, refusing documents that use more than a few aliases.

    An alias bomb (`a: &a [x, x]`, `b: &b [*a, *a]`, …) parses in microseconds into shared objects
    and explodes only when walked; we refuse it at the door instead.
    """

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise FrontMatterError(f"YAML: more than {MAX_ALIASES} aliases; refused")
        return super().compose_node(parent, index)


class _TolerantLoader(_AliasCountingLoader):
    """The safe loader, keeping as text the values that would not construct (`2024-02-30`, an hour
    of 25, an integer of 5,000 digits) and noting each with its line: one odd value in any key must
    not cost the whole article. Used only once the fast loaders have failed on such a value."""

    def __init__(self, stream: str, first_line: int) -> None:
        super().__init__(stream)
        self.first_line = first_line
        self.notes: list[str] = []

    def _as_text(self, node: yaml.ScalarNode, what: str) -> str:
        text = str(self.construct_scalar(node))
        shown = text if len(text) <= 40 else f"{text[:20]}…({len(text):,} characters)"
        line = node.start_mark.line + self.first_line
        self.notes.append(f"front-matter: line {line}: {shown!r} is not a valid {what}; kept as text")
        return text

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except _VALUE_ERRORS:
            return self._as_text(node, "date")

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except _VALUE_ERRORS:
            return self._as_text(node, "number")


_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", _TolerantLoader.construct_yaml_timestamp)
_TolerantLoader.add_constructor("tag:yaml.org,2002:int", _TolerantLoader.construct_yaml_int)


def _single_data(loader: yaml.SafeLoader) -> Any:
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
