"""Where the reader left off in each archive: the article open, how far down it, the filter and the
search. Kept in a small JSON file of its own in the user state dir (never in the archive, never in
the reading-state database), keyed by the archive's resolved root and written atomically.

A missing file means nothing to restore; a damaged one is reported by the caller and replaced at
the next save. Pure file work: the app calls it from workers.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from reader.paths import replace_file, state_dir
from reader.rules import Filter

FILE_NAME = "resume.json"
FORMAT = 1
ROOTS_KEPT = 50  # archives remembered; the least recently used go first
MAX_BYTES = 1 << 20  # a bigger file is not ours: it is damaged


class ResumeError(Exception):
    """The resume file could not be read or written (one line, for the reader)."""


@dataclass(frozen=True, slots=True)
class Resume:
    """What comes back on start. `path` is the article shown (relative to the root), `opened` whether
    the reader was in it (focus in the pane) rather than browsing the list; `filter` is kept whole,
    so a field the filter gains comes back too (the file holds its fields beside the others)."""

    path: str | None = None
    scroll: int = 0
    opened: bool = False
    query: str = ""
    filter: Filter = field(default_factory=Filter)
    saved: float = field(default=0.0, compare=False)  # time.time() of the save: the oldest go first

    @classmethod
    def of(cls, path: str | None, scroll: int, opened: bool, query: str, where: Filter) -> Resume:
        return cls(path, max(0, scroll), opened, query, where)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "scroll": self.scroll,
            "opened": self.opened,
            "query": self.query,
            **asdict(self.filter),
            "saved": self.saved,
        }


def resume_path() -> Path:
    return state_dir() / FILE_NAME


def root_key(root: str) -> str:
    """The archive's key: its resolved path, so `./news` and `~/news` are the same archive."""
    return os.path.realpath(os.path.expanduser(root))


def _read_all(path: Path) -> dict[str, Any]:
    """Every archive's entry in the file; {} when there is no file. Raises ResumeError when the
    file is there but unusable."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ResumeError(f"{path} could not be read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ResumeError(f"{path} is too large to be ours")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ResumeError(f"{path} is damaged (not JSON)") from None
    roots = document.get("roots") if isinstance(document, dict) else None
    if not isinstance(roots, dict):
        raise ResumeError(f"{path} is damaged (no archives in it)")
    return roots


def _entry(raw: Any) -> Resume | None:
    """An archive's entry, checked field by field: a wrong field is dropped, never trusted."""
    if not isinstance(raw, dict):
        return None
    kinds: dict[str, tuple[type, ...]] = {
        "path": (str, type(None)),
        "scroll": (int,),
        "opened": (bool,),
        "query": (str,),
        "saved": (int, float),
    }
    values: dict[str, Any] = {}
    for name, kind in kinds.items():
        value = raw.get(name)
        if isinstance(value, kind) and not (name in ("scroll", "saved") and isinstance(value, bool)):
            values[name] = value
    return Resume(**values, filter=_filter_of(raw))


# The filter's fields by their declared type: a field of a new type fails loudly here (and in tests).
_FILTER_KINDS: dict[str, tuple[type, ...]] = {
    "bool | None": (bool, type(None)),
    "str | None": (str, type(None)),
}


def _filter_of(raw: dict[str, Any]) -> Filter:
    values: dict[str, Any] = {}
    for field_ in fields(Filter):
        value = raw.get(field_.name)
        if field_.type == "tuple[str, ...]":
            if isinstance(value, list):
                values[field_.name] = tuple(item for item in value if isinstance(item, str))
        elif isinstance(value, _FILTER_KINDS[str(field_.type)]):
            values[field_.name] = value
    return Filter(**values)


def load_resume(root: str, path: Path | None = None) -> Resume | None:
    """Where the reader left off in the archive at `root`; None when nothing was saved for it.
    Raises ResumeError when the file is damaged."""
    return _entry(_read_all(path or resume_path()).get(root_key(root)))


def save_resume(root: str, resume: Resume, saved: float, path: Path | None = None) -> None:
    """Write `resume` for the archive at `root`, keeping the other archives' entries (the
    `ROOTS_KEPT` most recent). A damaged file is replaced. Raises ResumeError."""
    path = path or resume_path()
    try:
        roots = _read_all(path)
    except ResumeError:
        roots = {}
    roots[root_key(root)] = replace(resume, saved=saved).to_json()
    newest = sorted(roots.items(), key=lambda item: _saved(item[1]), reverse=True)[:ROOTS_KEPT]
    document = {"format": FORMAT, "roots": dict(newest)}
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        replace_file(path, data, durable=False)
    except OSError as error:
        raise ResumeError(f"{path} could not be written: {error.strerror or error}") from None


def _saved(entry: Any) -> float:
    value = entry.get("saved") if isinstance(entry, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
