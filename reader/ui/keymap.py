"""The reader's own keys: `[keys]` in settings.toml maps binding ids to keys (Textual's keymap).

Every binding of the app has an id (`area.name`: `main.search`, `pane.find`); one id may appear in
several places when it is the same command there (`app.quit` in modal screens too), so one line of
settings moves it everywhere. The help screen and the palette show the keys as the reader set them.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys, _character_to_key, key_to_character

Keymap = Mapping[str, str]

MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
_NAMED = frozenset(key.value for key in Keys) | frozenset(KEY_TO_UNICODE_NAME) | frozenset(REPLACED_KEYS)


@dataclass(frozen=True, slots=True)
class Bound:
    """One binding of the app, and where it lives (the class that declares it)."""

    place: str
    binding: Binding


def every_binding() -> list[Bound]:
    """Each binding of every screen and widget of reader.ui, in a stable order (module, class)."""
    _import_all()
    found: list[Bound] = []
    for cls in sorted(_subclasses(DOMNode), key=lambda cls: (cls.__module__, cls.__qualname__)):
        if not cls.__module__.startswith("reader.ui"):
            continue
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            found.append(Bound(cls.__qualname__, binding))
    return found


def _import_all() -> None:
    """Screens imported lazily still count: the keys of a modal opened later are the reader's too."""
    import reader.ui

    for module in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def is_key(key: str) -> bool:
    """True when Textual can name `key`: modifiers, then a character, a key name or a character's name."""
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    if base in _NAMED:
        return True
    try:
        character = unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return False
    return _character_to_key(character) == base


def check_keymap(keys: Keymap) -> tuple[dict[str, str], list[str]]:
    """The part of the reader's `[keys]` the app can apply, and a line for each entry it cannot."""
    known = {bound.binding.id for bound in every_binding()}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if binding_id not in known:
            problems.append(
                f"keys: no command is called {binding_id!r} (the names are listed under "
                '"Your own keys" in the settings documentation); ignored'
            )
            continue
        wrong = [key for key in value.split(",") if not is_key(key)]
        if wrong:
            problems.append(f"keys.{binding_id}: {wrong[0]!r} is not a key Textual knows; ignored")
            continue
        keymap[binding_id] = value
    problems.extend(_clashes(keymap))
    return keymap, problems


def _clashes(keymap: Keymap) -> list[str]:
    """A key of the reader's that another command holds in the same place: the reader's wins there
    (Textual drops the other); say which command lost its key, so it can be given another."""
    holders: dict[tuple[str, str], set[str]] = {}  # (place, key) → ids with that key by default
    for bound in every_binding():
        if bound.binding.id not in keymap:
            holders.setdefault((bound.place, bound.binding.key), set()).add(str(bound.binding.id))
    said: list[str] = []
    for bound in every_binding():
        binding_id = bound.binding.id
        for key in keymap.get(binding_id or "", "").split(","):
            for loser in sorted(holders.get((bound.place, _normal(key)), set()) - {binding_id}):
                line = f"keys.{binding_id}: {key!r} was {loser}'s key; {loser} now has none there"
                if line not in said:
                    said.append(line)
    return said


def _normal(key: str) -> str:
    """`?` as Textual names it in bindings (`question_mark`)."""
    return _character_to_key(key) if len(key) == 1 else key


def rebound(bindings: Iterable[BindingType], keymap: Keymap) -> list[Binding]:
    """`bindings` with the reader's keys in place of the defaults, as the app applies them."""
    result: list[Binding] = []
    moved: set[str] = set()  # `down,j` is two bindings of one id: the reader's keys replace both once
    for binding in Binding.make_bindings(bindings):
        keys = keymap.get(binding.id) if binding.id else None
        if keys is None or binding.id is None:
            result.append(binding)
        elif binding.id not in moved:
            moved.add(binding.id)
            result.extend(binding.with_key(key, key_display=None) for key in keys.split(","))
    return result


def names_table() -> str:
    """The Markdown table of docs/settings.md: each name, its default keys, what it does.
    (`python -m reader.ui.keymap` prints it.)"""
    rows: dict[str, tuple[list[str], str]] = {}
    for bound in every_binding():
        binding = bound.binding
        assert binding.id is not None  # a test holds every binding to having one
        keys, _ = rows.setdefault(binding.id, ([], binding.tooltip or binding.description))
        named = binding.key in KEY_TO_UNICODE_NAME or binding.key in REPLACED_KEYS
        shown = f"`{key_to_character(binding.key) if named else binding.key}`".replace("`|`", r"`\|`")
        if shown not in keys:
            keys.append(shown)
    lines = ["| name | default keys | what it does |", "|---|---|---|"]
    lines += [f"| `{name}` | {', '.join(keys)} | {what} |" for name, (keys, what) in rows.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(names_table())
