"""Where the reader left off in each archive: the article open, how far down it, the filter and the
search. Kept in a small JSON file of its own in the user state dir (never in the archive, never in
the reading-state database), keyed by the archive's resolved root and written atomically.

A missing file means nothing to restore; a damaged one is reported by the caller and replaced at
the next save. Pure file work: the app calls it from workers.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
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
    the reader was in it (focus in the pane) rather than browsing the list."""

    path: str | None = None
    scroll: int = 0
    opened: bool = False
    query: str = ""
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    unread: bool | None = None
    starred: bool | None = None
    folder: str | None = None
    year: str | None = None
    series: str | None = None
    month: str | None = None
    updated: bool | None = None
    saved: float = field(default=0.0, compare=False)  # time.time() of the save: the oldest go first

    @property
    def filter(self) -> Filter:
        return Filter(
            self.tags,
            self.categories,
            self.unread,
            self.starred,
            self.folder,
            self.year,
            self.series,
            self.month,
            self.updated,
        )

    @classmethod
    def of(cls, path: str | None, scroll: int, opened: bool, query: str, where: Filter) -> Resume:
        return cls(
            path,
            max(0, scroll),
            opened,
            query,
            where.tags,
            where.categories,
            where.unread,
            where.starred,
            where.folder,
            where.year,
            where.series,
            where.month,
            where.updated,
        )


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
        "unread": (bool, type(None)),
        "starred": (bool, type(None)),
        "folder": (str, type(None)),
        "year": (str, type(None)),
        "series": (str, type(None)),
        "month": (str, type(None)),
        "updated": (bool, type(None)),
        "saved": (int, float),
    }
    values: dict[str, Any] = {}
    for name, kind in kinds.items():
        value = raw.get(name)
        if isinstance(value, kind) and not (name in ("scroll", "saved") and isinstance(value, bool)):
            values[name] = value
    for name in ("tags", "categories"):
        items = raw.get(name)
        if isinstance(items, list):
            values[name] = tuple(item for item in items if isinstance(item, str))
    known = {f.name for f in fields(Resume)}
    return Resume(**{name: value for name, value in values.items() if name in known})


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
    entry = asdict(Resume(**{**asdict(resume), "saved": saved}))
    roots[root_key(root)] = entry
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
