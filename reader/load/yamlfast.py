"""A fast path for the YAML front matter most files have, with exactly PyYAML's meaning.

PyYAML's CSafeLoader scans in C but builds every node in Python: ~60 µs for a 20-line Hugo block,
most of a cold index. This module reads only a strict subset: `key: value` lines at column 0, whose
value is a plain scalar, a quoted scalar without escapes or line breaks, a one-line flow list of
such scalars (`[a, "b"]`), or nothing, optionally followed by a block list (`- item` lines). It
returns `None` (the caller then runs the real loader) for anything else: comments, blank lines,
nesting, anchors, tags, block scalars, escapes, tabs, line breaks YAML knows and we do not, keys
that are not simple names.

Plain scalars are resolved by PyYAML's own resolver and built by its own SafeConstructor, so
`no` is False, `10:30` is 630 and an unquoted date is a date, exactly as CSafeLoader gives them;
`tests/unit/test_yamlfast.py` checks the whole subset against CSafeLoader.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

_STR = "tag:yaml.org,2002:str"
_BUILT = frozenset(f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null", "timestamp"))
# Characters YAML reads but this subset refuses: tabs, BOMs, YAML's extra line breaks, and what
# libyaml calls non-printable.
_REFUSED = re.compile(
    "[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(\S.*))?")
_ITEM_LINE = re.compile(r"( *)- (\S.*)")
# A plain scalar in block context: no indicator first, no comment, no `: `, not ending in `:` or blank.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#:\t]|:(?=[^\s]))*(?<![\s:])")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
# Flow list items: quoted, or plain without any of `,[]{}#:` and no indicator first.
_FLOW_ITEM = r"""(?:"[^"\\]*"|'(?:[^']|'')*'|[^\s\-?:,\[\]{}#&*!|>'"%@`][^,\[\]{}#:]*?)"""
_FLOW = re.compile(rf"\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\]")
_FLOW_ITEMS = re.compile(rf" *({_FLOW_ITEM}) *(?:,|$)")

_resolver = Resolver()
_constructor = SafeConstructor()


class _Refused(Exception):
    """Outside the subset: let the real loader read it."""


def _plain(text: str) -> Any:
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return text
    if tag not in _BUILT:
        raise _Refused
    return _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, text))


def _scalar(text: str) -> Any:
    first = text[0]
    if first == '"':
        found = _DOUBLE.fullmatch(text)
        if found is None:
            raise _Refused
        return found.group(1)
    if first == "'":
        found = _SINGLE.fullmatch(text)
        if found is None:
            raise _Refused
        return found.group(1).replace("''", "'")
    if _PLAIN.fullmatch(text) is None:
        raise _Refused
    return _plain(text)


def _value(text: str) -> Any:
    if text[0] != "[":
        return _scalar(text)
    if _FLOW.fullmatch(text) is None:
        raise _Refused
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    items: list[Any] = []
    for item in _FLOW_ITEMS.findall(inner):
        if item[0] not in "\"'" and (item.endswith(" ") or ":" in item or "#" in item):
            raise _Refused
        items.append(_scalar(item))
    return items


# Lines repeat across an archive (`toc: false`, `  - "search"`, `categories:`): each distinct line is
# read once. Values are immutable (lists are kept as tuples), so sharing them is safe.
_CACHE_SIZE = 8192
_KEY, _ITEM = 0, 1
Line = tuple[int, Any, Any]  # (_KEY, key, value | tuple | _OPEN) or (_ITEM, indent, value)
_OPEN = object()  # `key:` with nothing after it: a null, or the start of a block list
_lines: dict[str, Line] = {}


def _line(line: str) -> Line:
    found = _KEY_LINE.fullmatch(line)
    if found is not None:
        value = found.group(2)
        if value is None:
            return (_KEY, _scalar(found.group(1)), _OPEN)
        read = _value(value)
        return (_KEY, _scalar(found.group(1)), tuple(read) if isinstance(read, list) else read)
    item = _ITEM_LINE.fullmatch(line)
    if item is None or item.group(2)[0] == "[":
        raise _Refused
    return (_ITEM, item.group(1), _scalar(item.group(2)))


def load(block: str) -> dict[Any, Any] | None:
    """`block` as CSafeLoader reads it, or None when it is outside the subset (or not YAML)."""
    if _REFUSED.search(block):
        return None
    lines = block.split("\n")
    if lines and not lines[0]:
        lines.pop(0)
    if lines and not lines[-1]:
        lines.pop()
    if not lines:
        return None
    data: dict[Any, Any] = {}
    key: Any = None
    items: list[Any] | None = None  # the block list being read, if any
    indent = ""
    for line in lines:
        read = _lines.get(line)
        if read is None:
            try:
                read = _line(line)
            except (_Refused, yaml.YAMLError, ValueError, OverflowError):
                return None
            if len(_lines) >= _CACHE_SIZE:
                _lines.clear()
            _lines[line] = read
        kind, first, value = read
        if kind == _KEY:
            key = first
            if value is _OPEN:
                items = []
                data[key] = None
            else:
                items = None
                data[key] = list(value) if isinstance(value, tuple) else value
            continue
        if items is None:
            return None
        if not items:
            indent = first
            data[key] = items
        elif first != indent:
            return None
        items.append(value)
    return data
