"""The on-disk index (SQLite in the user cache dir) and search. Imports neither Rich nor Textual.

This package is the one face the app and the command line use: what they need of the index, and
of reading files when the index cannot be used, is here; its modules are its own business.
Searching is imported when first asked for (`broadsheet list` needs only the store); the search
itself is `Index.search`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.index.rows import Progress
from reader.index.store import Index, NewestSoFar, UpdateStats, index_path, json_document
from reader.load.scan import is_article_name

if TYPE_CHECKING:
    from reader.index.query import Query, parse_query
    from reader.index.search import Hit
    from reader.model import Archive

__all__ = [
    "Hit",
    "Index",
    "NewestSoFar",
    "Progress",
    "Query",
    "UpdateStats",
    "archive_from_files",
    "index_path",
    "is_article_name",
    "json_document",
    "open_index",
    "parse_query",
]


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


def archive_from_files(root: str) -> Archive:
    """Every article under `root` read from its file, the index left aside: the way on when the
    index fails (it is a cache). Slow on a big archive, and without search."""
    from reader.load import load_archive

    return load_archive(root)
