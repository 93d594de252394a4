"""The on-disk index (SQLite in the user cache dir) and search. Imports neither Rich nor Textual."""

from __future__ import annotations

from reader.index.query import Query, parse_query
from reader.index.search import Hit, search
from reader.index.store import Index, UpdateStats, index_path

__all__ = ["Hit", "Index", "Query", "UpdateStats", "index_path", "open_index", "parse_query", "search"]


def open_index(root: str) -> Index:
    """The index of `root`, opened (and created when there is none). Call `update()` next."""
    return Index(root)
