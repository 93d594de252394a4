"""Which messages a newer one of the same kind replaces while both wait in a queue.

Textual drops a queued message when the one behind it `can_replace` it: fine for progress, a
highlight or a query being typed, where only the newest counts; never for a message whose every
instance matters. The hook sees each message a node dispatches (a bubbling one at every node), so
distinct objects are the messages that were not dropped.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from textual.message import Message

from reader.index import UpdateStats
from reader.model import Archive, Article
from reader.ui.app import BroadsheetApp
from reader.ui.keeper import ArchiveKeeper
from reader.ui.widgets import ArticleList, TagSidebar
from reader.ui.widgets.bars import SearchBar

from .helpers import article_list, main_screen, settle


def dispatched(seen: list[Message], kind: type[Message]) -> list[Message]:
    """The messages of `kind` that some node dispatched, once each, in order."""
    kept: dict[int, Message] = {}
    for message in seen:
        if isinstance(message, kind):
            kept.setdefault(id(message), message)
    return list(kept.values())


async def test_a_burst_of_progress_reaches_the_screen_as_its_newest(archive: Path) -> None:
    seen: list[Message] = []
    app = BroadsheetApp(str(archive))
    async with app.run_test(message_hook=seen.append) as pilot:
        await settle(pilot)
        keeper = main_screen(pilot).query_one(ArchiveKeeper)
        seen.clear()
        for done in (100, 200, 300):
            keeper.post_message(ArchiveKeeper.Busy(f"Reading {done} of 900 files", done, 900))
        keeper.post_message(ArchiveKeeper.Failed("search", "first"))
        keeper.post_message(ArchiveKeeper.Failed("search", "second"))
        await pilot.pause()
        assert [m.done for m in dispatched(seen, ArchiveKeeper.Busy)] == [300]
        assert [m.text for m in dispatched(seen, ArchiveKeeper.Failed)] == ["first", "second"]


async def test_the_preview_follows_only_where_the_highlight_ended(archive: Path) -> None:
    seen: list[Message] = []
    app = BroadsheetApp(str(archive))
    async with app.run_test(message_hook=seen.append) as pilot:
        await settle(pilot)
        listing = article_list(pilot)
        seen.clear()
        listing.cursor = 1
        listing.cursor = 2
        listing.cursor = 3
        listing.action_open()
        listing.action_open()
        await pilot.pause()
        third = listing.articles[3]
        assert [m.article for m in dispatched(seen, ArticleList.Highlighted)] == [third]
        assert [m.article for m in dispatched(seen, ArticleList.Selected)] == [third, third]


async def test_only_the_last_query_typed_is_searched_for(archive: Path) -> None:
    seen: list[Message] = []
    app = BroadsheetApp(str(archive))
    async with app.run_test(message_hook=seen.append) as pilot:
        await settle(pilot)
        bar = main_screen(pilot).query_one(SearchBar)
        seen.clear()
        for query in ("t", "tr", "tram"):
            bar.post_message(SearchBar.Query(query))
        await pilot.pause()
        assert [m.query for m in dispatched(seen, SearchBar.Query)] == ["tram"]
        await settle(pilot)
        assert [m.query for m in dispatched(seen, ArchiveKeeper.Results)] == ["tram"]


ARTICLE = Article(path="a.md", title="A")
ARCHIVE = Archive.build("/nowhere", [ARTICLE])
NEVER_REPLACED = [
    ArchiveKeeper.Loaded(ARCHIVE, None),
    ArchiveKeeper.Updated(ARCHIVE, {}, UpdateStats()),
    ArchiveKeeper.Trouble("trouble"),
    ArchiveKeeper.Failed("load", "failed"),
    ArchiveKeeper.Results("query", None),
    ArchiveKeeper.Idle(),
    ArticleList.Selected(ARTICLE),
    TagSidebar.Toggled("tag", "x"),
    TagSidebar.Cleared(),
]


@pytest.mark.parametrize("message", NEVER_REPLACED, ids=lambda message: type(message).__qualname__)
def test_messages_whose_every_instance_matters_are_never_replaced(message: Message) -> None:
    """A Loaded with marks None keeps the marks of the one before; a Results may answer an older
    query than the one queued after it; each open marks read; two toggles undo each other."""
    assert not message.can_replace(copy.copy(message))
