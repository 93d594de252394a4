"""Taxonomy hygiene: tags (or categories) that look like one, spelled several ways.

`Open Source`, `open-source` and `open_source`, `ＡＩ` and `AI`, `開源` and `开源`, `軟體` and `软件`
split one subject across several tags, and a reader filtering by one misses the others. `check`
reports each such group as one warning, every spelling with its count, so the author can pick one.

Tags are kept exactly as written (no folding when loading), so this is advice, never a change. It
is a pass over the label counts, not over the articles: cheap at any archive size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reader.text import is_cjk

# Word separators that spell one label several ways (NFKC has made full-width ones ASCII).
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u30fb\u00b7]+")
_SINGULAR = {"tags": "tag", "categories": "category"}


def label_key(name: str) -> str:
    """What two spellings of one label have in common: full-width forms made ASCII (NFKC), case
    folded, runs of spaces, hyphens and underscores made one space, and Chinese in one script and
    one vocabulary (`軟體` / `软件`)."""
    key = _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()
    if any(is_cjk(char) for char in key):
        from reader.chinese import same_words

        key = same_words(key)
    return key or name  # a label of separators only is its own


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    """Spellings of what looks like one tag (`field` "tags") or category ("categories"), most used
    first, each with how many articles carry it."""

    field: str
    spellings: tuple[tuple[str, int], ...]

    @property
    def message(self) -> str:
        """`tags "open-source" (5), "Open Source" (3) look like one tag`"""
        names = ", ".join(f'"{name}" ({count})' for name, count in self.spellings)
        return f"{self.field} {names} look like one {_SINGULAR.get(self.field, self.field)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "spellings": [{"name": name, "count": count} for name, count in self.spellings],
            "message": self.message,
            "severity": "warning",
        }


def near_duplicates(field: str, counts: Mapping[str, int]) -> list[NearDuplicates]:
    """The groups of `counts`' labels (name → articles) that share a `label_key`, two spellings or
    more each; the biggest groups first, then by key."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for name, count in counts.items():
        groups.setdefault(label_key(name), []).append((name, count))
    found = [
        (key, sorted(spellings, key=lambda spelling: (-spelling[1], spelling[0])))
        for key, spellings in groups.items()
        if len(spellings) > 1
    ]
    found.sort(key=lambda group: (-sum(count for _, count in group[1]), group[0]))
    return [NearDuplicates(field, tuple(spellings)) for _, spellings in found]


def taxonomy_warnings(tags: Mapping[str, int], categories: Mapping[str, int]) -> list[NearDuplicates]:
    """Near-duplicate tags, then near-duplicate categories."""
    return near_duplicates("tags", tags) + near_duplicates("categories", categories)
