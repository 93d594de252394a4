"""The user's settings: a small TOML file in the user config dir (`BROADSHEET_CONFIG_DIR` overrides).

Reading is forgiving: a missing file means the defaults, a wrong value is reported and replaced by its
default, and a file that is not TOML at all is reported and never written over (the reader's own
text is not lost). Writing changes only the keys given, keeps the rest of the file (comments included)
and replaces the file atomically, so a crash or a second instance never leaves half a file.
"""

from __future__ import annotations

import os
import re
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from reader.paths import config_dir, replace_file
from reader.rules import ORDERS
from reader.text import sanitise

FILE_NAME = "settings.toml"
SORTS = tuple(ORDERS)
ANIMATIONS = ("auto", "none", "basic", "full")
SIDEBAR_WIDTHS = range(12, 61)
_SAVE_LOCK = threading.Lock()

TEMPLATE = """\
# broadsheet settings. The app writes here when you change one of them (keys, command palette);
# your comments and layout are kept. Every key is optional.

# theme = "textual-dark"      # any Textual theme; ctrl+p → "Theme" to try them
# root = "~/news"             # the archive opened when no ROOT is given
# sort = "date"               # date | title | unread  (newest first within each)
# sidebar_width = 24          # cells, 12–60
# date_format = "relative"    # relative ("3 days ago") | iso (2025-02-13 17:30) | a strftime pattern
# animation = "auto"          # auto (none over SSH) | none | basic | full

# [keys]                      # your own keys by command name (docs: "Your own keys"): "key" or "k1,k2"
# "main.search" = "ctrl+f,slash"

# Saved searches go in a [searches] table at the end of the file, one name = "query" a line
# (the sidebar lists them with their counts; `broadsheet list --query @name` runs one).
"""


@dataclass(frozen=True, slots=True)
class Settings:
    """What a reader can choose. `None` means "not chosen": the app's own default applies."""

    theme: str | None = None
    root: str | None = None
    sort: str = "date"
    sidebar_width: int = 24
    date_format: str = "relative"
    animation: str = "auto"
    # Binding id → the keys the reader chose for it ("ctrl+f" or "ctrl+f,slash"), in the file's order;
    # pairs rather than a dict so that settings stay hashable. The app applies them.
    keys: tuple[tuple[str, str], ...] = ()
    # Saved searches (`[searches]`, name = "query"), in the file's order: a tuple, so that settings
    # stay hashable and comparable; `saved` is the mapping.
    searches: tuple[tuple[str, str], ...] = ()

    @property
    def saved(self) -> dict[str, str]:
        """The saved searches by name."""
        return dict(self.searches)

    @property
    def root_path(self) -> Path | None:
        return Path(self.root).expanduser() if self.root else None

    def animation_level(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """Textual's animation level, or None to leave Textual's own (`TEXTUAL_ANIMATIONS`) in place.

        "auto" turns animation off over SSH and on the Linux console, where every frame costs."""
        if self.animation != "auto":
            return self.animation
        remote = "SSH_CONNECTION" in environ or "SSH_TTY" in environ or environ.get("TERM") == "linux"
        if remote and "TEXTUAL_ANIMATIONS" not in environ:
            return "none"
        return None


class SettingsError(Exception):
    """The settings file exists but cannot be read or written."""


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def _check(name: str, value: Any) -> Any:
    """`value` if it is right for `name`, else raise ValueError with what is wrong."""
    if name in ("theme", "root", "date_format"):
        if not isinstance(value, str) or not value.strip():
            raise ValueError("should be a non-empty string")
        if name == "date_format" and value not in ("relative", "iso") and "%" not in value:
            raise ValueError('should be "relative", "iso" or a strftime pattern such as "%d %b %Y"')
        return sanitise(value).strip()
    if name == "sort":
        if value not in SORTS:
            raise ValueError(f"should be one of {', '.join(SORTS)}")
        return value
    if name == "animation":
        if value not in ANIMATIONS:
            raise ValueError(f"should be one of {', '.join(ANIMATIONS)}")
        return value
    if name == "searches":
        return _searches(value)
    if name == "sidebar_width":
        if isinstance(value, bool) or not isinstance(value, int) or value not in SIDEBAR_WIDTHS:
            raise ValueError(f"should be a whole number from {SIDEBAR_WIDTHS[0]} to {SIDEBAR_WIDTHS[-1]}")
        return value
    raise KeyError(name)


# One key: modifiers, then a character or a key name (`ctrl+f`, `alt+left`, `?`, `f5`, `question_mark`).
_KEY = re.compile(r"(?:(?:ctrl|alt|shift|super|meta|hyper)\+)*(?:[^\s,+]|[a-z][a-z0-9_]*|\+)")


def _keys_of(table: Any, where: str, problems: list[str]) -> dict[str, str]:
    """The `[keys]` table as binding id → "key,key", each entry checked on its own: a wrong one is
    reported and left out, the rest apply. Dotted ids may be written bare (`main.search = "ctrl+f"`
    is a nested table in TOML) or quoted; both mean the same id."""
    if not isinstance(table, Mapping):
        problems.append(f"{where}: keys should be a table ([keys]); ignored")
        return {}
    chosen: dict[str, str] = {}
    for binding_id, value in _flatten(table):
        shown = sanitise(binding_id)
        if isinstance(value, list) and value and all(isinstance(one, str) for one in value):
            value = ",".join(value)
        if not isinstance(value, str):
            problems.append(f'{where}: keys.{shown} should be a key or keys, such as "ctrl+f"; ignored')
            continue
        keys = [key.strip() for key in value.split(",")]  # the comma key itself is "comma"
        bad = [key for key in keys if not _KEY.fullmatch(key)]
        if bad:
            problems.append(f"{where}: keys.{shown}: {sanitise(bad[0])!r} is not a key; ignored")
            continue
        chosen[binding_id] = ",".join(keys)
    return chosen


def _flatten(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for name, value in table.items():
        if isinstance(value, Mapping):
            pairs.extend(_flatten(value, f"{prefix}{name}."))
        else:
            pairs.append((f"{prefix}{name}", value))
    return pairs


def _searches(value: Any) -> tuple[tuple[str, str], ...]:
    """Saved searches from a mapping (or pairs) of name → query; ValueError on any bad one."""
    pairs = value.items() if isinstance(value, Mapping) else value
    try:
        checked = tuple((check_search_name(name), _check_query(query)) for name, query in pairs)
    except (TypeError, ValueError) as error:
        raise ValueError(f'should be a table of name = "query" ({error})') from None
    return checked


def check_search_name(name: Any) -> str:
    """A saved search's name: a word without spaces or control characters (`@name` must reach it)."""
    if not isinstance(name, str) or not name or sanitise(name) != name or any(c.isspace() for c in name):
        raise ValueError(f"{sanitise(str(name))!r} is not a name: one word, no spaces")
    if name.startswith("@"):
        raise ValueError(f"{name!r}: leave out the @")
    return name


def _check_query(query: Any) -> str:
    if not isinstance(query, str) or not query.strip():
        raise ValueError("a query should be a non-empty string")
    return sanitise(query).strip()


def _read_searches(table: Any, where: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    """The `[searches]` table; a bad entry is reported and left out, the others kept."""
    if not isinstance(table, dict):
        problems.append(f'{where}: searches should be a table ([searches], name = "query"); ignored')
        return ()
    kept: list[tuple[str, str]] = []
    for name, query in table.items():
        try:
            kept.append((check_search_name(name), _check_query(query)))
        except ValueError as error:
            problems.append(f"{where}: saved search {sanitise(str(name))!r} left out: {error}")
    return tuple(kept)


KNOWN = tuple(setting.name for setting in fields(Settings))


def parse_settings(text: str, where: str = FILE_NAME) -> tuple[Settings, list[str]]:
    """Settings from TOML text, and a readable line for every problem (the defaults fill in)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{where}: {sanitise(str(error))}") from None
    problems: list[str] = []
    chosen: dict[str, Any] = {}
    for name, value in data.items():
        if name not in KNOWN:
            problems.append(f"{where}: unknown setting {sanitise(name)!r} (ignored)")
            continue
        if name == "keys":
            chosen[name] = tuple(_keys_of(value, where, problems).items())
            continue
        if name == "searches":
            chosen[name] = _read_searches(value, where, problems)
            continue
        try:
            chosen[name] = _check(name, value)
        except ValueError as error:
            problems.append(f"{where}: {name} {error}; the default is used")
    return replace(Settings(), **chosen), problems


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in `path` (default: the user's file). Raises SettingsError when it exists but is
    not readable TOML; a missing file gives the defaults."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        raise SettingsError(f"{path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text") from None
    return parse_settings(text, str(path))


def save_settings(changes: Mapping[str, Any], path: Path | None = None) -> Path:
    """Write `changes` into the settings file, keeping everything else in it. Atomic, and serialised
    between threads; between processes the last writer wins key by key (each re-reads the file)."""
    import tomlkit  # only the app writes settings

    path = path or settings_path()
    for name, value in changes.items():
        _check(name, value)
    with _SAVE_LOCK:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            text = TEMPLATE
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: {error}") from None
        try:
            document = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as error:
            raise SettingsError(f"{path}: {error}; not written over") from None
        for name, value in changes.items():
            if name == "searches":
                _write_searches(document, _searches(value))
            else:
                document[name] = value
        try:
            replace_file(path, tomlkit.dumps(document).encode("utf-8"))
        except OSError as error:
            raise SettingsError(f"{error.filename or path}: {error.strerror or error}") from None
    return path


def _write_searches(document: Any, searches: tuple[tuple[str, str], ...]) -> None:
    """Make the `[searches]` table hold `searches`, changing only the entries that differ, so the
    comments around the others stay."""
    import tomlkit

    table = document.get("searches")
    if not isinstance(table, dict):
        if not searches:
            return
        table = tomlkit.table()
        document["searches"] = table
        table = document["searches"]
    wanted = dict(searches)
    for name in [name for name in table if name not in wanted]:
        del table[name]
    for name, query in wanted.items():
        if table.get(name) != query:
            table[name] = query
