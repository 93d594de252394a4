"""The archive keeper: a widget with nothing to show that does the archive's slow work off the UI
thread (load, watch, search, save reading state) and reports to the screen with messages.

Messages are safe to post from worker threads, and harmless once the app is gone.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.index import Hit, NewestSoFar, Progress, UpdateStats, archive_from_files
from reader.model import Archive, Article, Mark
from reader.readcopies import BATCH, Changes, ReadCopies
from reader.rules import Places, places
from reader.state import ReadingState, Repair, StateDamage, repair_state
from reader.text import counted, describe_error
from reader.textdiff import Piece, word_diff
from reader.ui.indexing import (
    changed,
    count_saved,
    first_page,
    index_fulltext,
    load_marks,
    refreshed_archive,
    warm_archive,
    watch_archive,
)
from reader.ui.indexing import search as search_index
from reader.ui.workers import young_collections_only

FIRST_PAGE = 300  # a big archive shows its newest articles this many at first, then all of them
SO_FAR_EVERY = 1.0  # seconds: how often a first index shows the newest articles it has read so far
PROGRESS_MIN = 500  # background work on fewer files than this shows no progress bar
RETRY_FIRST, RETRY_MOST = 1.0, 60.0  # seconds before watching again after the watcher failed
# What the reader is told when one of the keeper's jobs (a worker group) fails.
FAILURES = {
    "load": "The archive could not be read",
    "search": "Search failed",
    "state": "Reading state not saved (your marks stay on screen; they are written with the next change)",
    "watch": "Not watching for changes",
    "repair": "The reading state could not be repaired",
    "count": "Saved searches could not be counted",
    "changes": "A change could not be brought in",
    "copies": "A copy of the article as read (for d, what changed) was not kept",
    "diff": "What changed could not be shown",
}


def paths_of(archive: Archive) -> frozenset[str]:
    """The archive's paths, for the screen's view counts (`rules.view_counts`): gathered here, in a
    worker, because 100k of them took the UI thread 10-30 ms."""
    return frozenset(article.path for article in archive.articles)


class ArchiveKeeper(Widget):
    """Loads, watches and searches the archive at `root`, and keeps its reading state."""

    DEFAULT_CSS: ClassVar[str] = "ArchiveKeeper { display: none; }"

    # Every message bubbles from the keeper to the screen, which handles them. Only `Busy` may be
    # replaced by a newer one: each of the others says something the screen must hear (a Loaded
    # with marks None keeps the marks of the one before; a Results may answer an older query than
    # the one queued before it, which the screen then ignores).

    @dataclass
    class Loaded(Message):
        """The archive as far as it is known now (`marks` None: keep the ones you have). `total`,
        when given, says the archive is only the newest articles of that many, the rest to come."""

        archive: Archive
        marks: dict[str, Mark] | None
        total: int | None = None
        paths: frozenset[str] | None = None  # the archive's, gathered off the UI thread (`paths_of`)
        places: Places | None = None  # the sidebar's counts of it, made off the UI thread too

    @dataclass
    class Updated(Message):
        """Files changed while the app ran; `stats` says how."""

        archive: Archive
        marks: dict[str, Mark]
        stats: UpdateStats
        paths: frozenset[str] | None = None  # the archive's, gathered off the UI thread
        places: Places | None = None

    @dataclass
    class Busy(Message):
        """Background work in progress (`total` 0: no bar)."""

        text: str
        done: int = 0
        total: int = 0

        def can_replace(self, message: Message) -> bool:
            """Progress reported faster than the screen shows it: only the newest is worth drawing."""
            return isinstance(message, ArchiveKeeper.Busy)

    class Idle(Message):
        """No background work any more."""

    @dataclass
    class Trouble(Message):
        """Something went wrong that the reader should hear about."""

        text: str

    @dataclass
    class Failed(Message):
        """One of the keeper's jobs (`job`: load, search, state or watch) failed; `text` says how,
        in words for the reader. The app goes on: whoever shows the job's results keeps what it has."""

        job: str
        text: str

    @dataclass
    class StateDamaged(Message):
        """The reading-state file cannot be used: marks last in memory until it is repaired."""

        damage: StateDamage

    @dataclass
    class StateRepaired(Message):
        """The damaged reading state was moved aside and a new one started (see `Repair`)."""

        repair: Repair

    @dataclass
    class Counted(Message):
        """How many articles each saved search finds, by name."""

        counts: dict[str, int]

    @dataclass
    class WhatChanged(Message):
        """`article`'s text now and as last read in another version (`found`), and the word diff
        between them (`pieces` None: there is nothing to compare)."""

        article: Article
        found: Changes
        pieces: list[Piece] | None

    @dataclass
    class Results(Message):
        """Search results for `query` (`hits` None: the query was emptied)."""

        query: str
        hits: list[Hit] | None

    def __init__(self, root: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.root = root
        self._stop_watching = threading.Event()
        self._pending_marks: deque[tuple[list[Article], bool | None, bool | None]] = deque()
        self._marks_lock = threading.Lock()
        # The whole archive as last reported (worker threads only): live updates patch it.
        self._archive: Archive | None = None
        # Set once `load` is over (whatever its outcome): the watcher brings changes in only then.
        self._loaded = threading.Event()
        self._watching = threading.Event()  # `follow` was started
        # When load's stat walk began (time.monotonic()): a watcher up before then missed nothing.
        self._walk_started: float | None = None
        self._last_failure = ""
        self._count_failure = ""  # the last failure to count saved searches that was told
        self._damage_told: StateDamage | None = None  # the damage the screen last heard of
        # The watcher and `bring_in_changes` take turns to patch the archive and the index.
        self._changes_lock = threading.Lock()
        self._copies_failure = ""  # the last failure to keep copies (told once)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of ours raised: say what failed; the app and what is on screen stay."""
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            job = event.worker.group
            self._fail(job, f"{FAILURES.get(job, 'Something went wrong')}: {describe_error(error)}")
            if job == "load":
                self.post_message(self.Idle())

    def _fail(self, job: str, text: str) -> None:
        self.post_message(self.Failed(job, text))

    def on_unmount(self) -> None:
        self._stop_watching.set()
        gc.unfreeze()  # what `load` froze can be collected again once the app is gone
        # Quitting: a change whose worker has not run yet is written now, or it would be lost.
        # (Nothing can be reported any more; a state dir that fails here failed for the worker too.)
        with contextlib.suppress(OSError, sqlite3.Error):
            self._write_pending_marks()

    def _marks(self, articles: tuple[Article, ...]) -> dict[str, Mark]:
        """The reading state of `articles`; damage found on the way is told to the screen once."""
        marks, damage = load_marks(self.root, articles)
        self._tell_damage(damage)
        return marks

    def _tell_damage(self, damage: StateDamage | None) -> None:
        if damage is not None and damage != self._damage_told:
            self._damage_told = damage
            self.post_message(self.StateDamaged(damage))

    @work(thread=True, exclusive=True, group="repair", exit_on_error=False)
    def repair(self) -> None:
        """Move the damaged reading state aside and start a new one (the reader agreed to it);
        the marks made meanwhile go into the new one."""
        with self._marks_lock:
            done = repair_state()
        self._damage_told = None
        self.post_message(self.StateRepaired(done))

    def _busy(self, template: str) -> Progress:
        def report(phase: str, done: int, total: int) -> None:
            if total >= PROGRESS_MIN:  # quicker work is not worth a bar (and a layout change)
                self.post_message(self.Busy(template.format(done=done, total=total), done, total))

        return report

    def _reading(self, newest: NewestSoFar | None) -> Progress:
        busy = self._busy("Reading {done:,} of {total:,} files")
        if newest is None:
            return busy
        shown = time.monotonic()

        def report(phase: str, done: int, total: int) -> None:
            nonlocal shown
            busy(phase, done, total)
            if newest.stored and time.monotonic() - shown >= SO_FAR_EVERY:
                shown = time.monotonic()
                so_far = newest.archive(self.root)
                marks = self._marks(so_far.articles)
                self.post_message(self.Loaded(so_far, marks, newest.stored))

        return report

    def _up_to_date_archive(self) -> Archive:
        """What the index holds (posted at once), then brought up to date (posted when it changed)."""
        post = self.post_message
        page, trouble = first_page(self.root, FIRST_PAGE)
        if page is not None:
            head, total = page
            post(self.Loaded(head, None, total))
            post(self.Busy(f"Loading {counted(total, 'article')}…"))
        if trouble is not None:
            post(self.Trouble(trouble[0].upper() + trouble[1:] + "."))
        # Setting the watch up holds the GIL (~170 ms for 1,400 folders): after the first page.
        self._start_watching()
        warm = warm_archive(self.root)
        if warm is not None:
            post(self.Loaded(warm, self._marks(warm.articles), paths=paths_of(warm), places=places(warm)))
            if page is not None:
                post(self.Busy("Looking for changes…"))
        # A first index (nothing to show yet) shows the newest of what it has read, as it reads.
        newest = NewestSoFar(FIRST_PAGE) if warm is None else None
        self._walk_started = time.monotonic()
        archive, stats = refreshed_archive(
            self.root, self._reading(newest), words=False, base=warm, newest=newest
        )
        if warm is None or changed(stats):
            marks = self._marks(archive.articles)
            post(self.Loaded(archive, marks, paths=paths_of(archive), places=places(archive)))
        return archive

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Show what the index holds at once, then bring it up to date, then index the full text.
        The watcher is started on the way (see `follow`)."""
        post = self.post_message
        try:
            try:
                # Building 100k articles set off full collections that held the GIL 150-250 ms
                # each, the UI thread waiting meanwhile: young collections only, then the archive
                # stays for the app's life, frozen (what died young is freed first, so nothing
                # but garbage that got old is kept: none was, at 100k), and no collection walks it.
                # The full-text phase too: the UI thread's own full collections, every 10-20 s of
                # a cold 100k one, took 30-50 ms of CPU each (more on a busy machine).
                with young_collections_only():
                    archive = self._up_to_date_archive()
                    gc.collect(1)
                    gc.freeze()
                    # The articles read just now stay without a word count here (the pane counts
                    # an article's words when it shows one): loading the whole archive again for
                    # them cost a second archive in memory, 150 MiB at 100k.
                    index_fulltext(self.root, self._busy("Indexing for search: {done:,} of {total:,}"))
                self._archive = archive
            except Exception as error:
                # The index is a cache: read the files directly instead.
                self._archive = None
                fallback = archive_from_files(self.root)
                post(self.Loaded(fallback, self._marks(fallback.articles)))
                post(self.Trouble(f"Search is unavailable: {describe_error(error)}"))
            post(self.Idle())
        finally:
            self._loaded.set()
            self._start_watching()  # (if the first page did not: it may have failed before it)

    def _start_watching(self) -> None:
        """Start `follow`, once (from `load`'s thread: workers start on the UI thread)."""
        if self._watching.is_set() or self._stop_watching.is_set():
            return
        self._watching.set()
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self.follow)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def follow(self) -> None:
        """Bring in new, changed and deleted articles while the app runs (incremental, like
        start-up). `load` starts it before its walk of the files, and nothing written meanwhile is
        missed: once the watch is up and `load` is over, the files are walked again, unless load's
        walk began after the watch was up. A watcher that fails is reported and started again (and
        walks again)."""
        pause = RETRY_FIRST
        while not self._stop_watching.is_set():
            try:
                self._watch()
            except Exception as error:  # watching is a comfort: report it, then try again
                self._fail(
                    "watch",
                    f"Watching for changes failed ({describe_error(error)}); trying again in {pause:.0f} s",
                )
                self._stop_watching.wait(pause)
                pause = min(pause * 2, RETRY_MOST)
            else:
                return  # stopped

    def _watch(self) -> None:
        first = True
        for changed_now in watch_archive(self.root, self._stop_watching):
            if first:  # the watch is up, since this moment at the latest
                first, up_since = False, time.monotonic()
                while not self._loaded.wait(0.2):
                    if self._stop_watching.is_set():
                        return
                walked = self._walk_started
                if not changed_now and walked is not None and walked > up_since:
                    continue  # load's walk began with the watch up: it missed nothing
            self._bring_in_changes()

    @work(thread=True, group="changes", exit_on_error=False)
    def bring_in_changes(self) -> None:
        """Bring in what changed now, without waiting for the watcher (the reader's editor has just
        closed on an article). Before the load is over, the load itself will see it."""
        if self._loaded.is_set():
            self._bring_in_changes()

    def _bring_in_changes(self) -> None:
        """One file that fails to read is a problem entry (see `reader.load`); anything else that
        fails here is reported, and the next change tries again. The watcher and
        `bring_in_changes` take turns (the lock)."""
        with self._changes_lock:
            try:
                # Words as at start-up: the full-text phase below counts them (the pane, meanwhile).
                archive, stats = refreshed_archive(self.root, words=False, base=self._archive)
                self._archive = archive
                if changed(stats):
                    marks = self._marks(archive.articles)
                    self.post_message(self.Updated(archive, marks, stats, paths_of(archive), places(archive)))
                    index_fulltext(self.root)
            except Exception as error:
                text = f"{FAILURES['changes']}: {describe_error(error)}"
                if text != self._last_failure:  # once, not at every change while it lasts
                    self._fail("watch", text)
                self._last_failure = text
            else:
                self._last_failure = ""

    # A worker's description is by default the repr of its arguments, made on the UI thread: with
    # the marks of a big archive that alone stalls it. Each worker taking data names itself.
    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def search(self, query: str, marks: Mapping[str, Mark]) -> None:
        """Search for `query`; `marks` (a copy the worker may keep) answer `is:unread` / `is:starred`."""
        hits = search_index(self.root, query, marks) if query.strip() else None
        self.post_message(self.Results(query, hits))

    @work(thread=True, exclusive=True, group="count", exit_on_error=False, description="count")
    def count(self, searches: Mapping[str, str], marks: Mapping[str, Mark]) -> None:
        """Count what each saved search finds (`marks`, a copy, answer `is:unread` / `is:starred`).
        A failure is said once, not at every change while it lasts (without an index, say)."""
        try:
            counts = count_saved(self.root, searches, marks)
        except Exception as error:
            text = f"{FAILURES['count']}: {describe_error(error)}"
            if text != self._count_failure:
                self._fail("count", text)
            self._count_failure = text
            return
        self._count_failure = ""
        self.post_message(self.Counted(counts))

    def keep_copies(self, articles: list[Article]) -> None:
        """Keep the text of articles just read, for `d` (not for a whole view marked read)."""
        if 0 < len(articles) <= BATCH:
            self._keep_copies(articles)

    @work(thread=True, group="copies", exit_on_error=False, description="copies")
    def _keep_copies(self, articles: list[Article]) -> None:
        """A failure is told once while it lasts, not at every article opened (the state folder
        that cannot be written is told about by the reading state too)."""
        try:
            with ReadCopies(self.root) as copies:
                copies.keep(articles)
        except Exception as error:
            text = f"{FAILURES['copies']}: {describe_error(error)}"
            if text != self._copies_failure:
                self._fail("copies", text)
            self._copies_failure = text
        else:
            self._copies_failure = ""

    @work(thread=True, exclusive=True, group="diff", exit_on_error=False, description="diff")
    def what_changed(self, article: Article) -> None:
        """Compare `article`'s file with its text as last read in another version."""
        with ReadCopies(self.root) as copies:
            found = copies.changes(article)
        pieces = word_diff(found.old, found.new) if found.old is not None and found.new is not None else None
        self.post_message(self.WhatChanged(article, found, pieces))

    def save(self, articles: list[Article], read: bool | None, starred: bool | None) -> None:
        """Queue a reading-state change; it is written in the order changes were made."""
        self._pending_marks.append((articles, read, starred))
        self._save()

    @work(thread=True, group="state", exit_on_error=False)
    def _save(self) -> None:
        """Workers may start in any order; whichever holds the lock writes everything queued so far,
        oldest first, one transaction each (`u u` must end unread on disk as on screen)."""
        self._write_pending_marks()

    def _write_pending_marks(self) -> None:
        """A change leaves the queue only once it is written: one that fails stays for the next try."""
        if not self._pending_marks:
            return
        with self._marks_lock, ReadingState(self.root) as state:
            while self._pending_marks:
                articles, read, starred = self._pending_marks[0]
                state.set(articles, read=read, starred=starred)
                self._pending_marks.popleft()
            self._tell_damage(state.damage)  # written in memory only: the reader must know
