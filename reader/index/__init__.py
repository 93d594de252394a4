"""The on-disk index (SQLite in the user cache dir) and search. Imports neither Rich nor Textual.

Searching is imported when first asked for (`broadsheet list` needs only the store); the search
function itself is `Index.search`, or `reader.index.search.search`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.index.store import Index, UpdateStats, index_path

if TYPE_CHECKING:
    from reader.index.query import Query, parse_query
    from reader.index.search import Hit

__all__ = ["Hit", "Index", "Query", "UpdateStats", "index_path", "open_index", "parse_query"]


def __getattr__(name: str) -> Any:
    if name in ("Query", "parse_query"):
        from reader.index import query

        return getattr(query, name)
    if name == "Hit":
        from reader.index.search import Hit

        return Hit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_index(root: str) -> Index:
    """The index of `root`, opened (and created when there is none). Call `update()` next."""
    return Index(root)
