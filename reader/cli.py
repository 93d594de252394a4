"""The command line: `broadsheet [ROOT]` opens the reader; subcommands script the same layers.

Only the app imports Textual; `list`, `tags`, `check` and `show` stay light. Errors are one line on
stderr (`broadsheet: …`), usage errors exit 2, and no traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, cast

from reader import __version__

if TYPE_CHECKING:
    from reader.index import Index, Query
    from reader.load import Document
    from reader.model import Archive, Article, Mark
    from reader.settings import Settings
    from reader.state import ReadingState, StateDamage

# Imports are made in the function that needs them: `--version` and `--help` import almost nothing,
# and `list`, `search` and `tags` into a pipe never import Rich's console or our renderer.

PROG = "broadsheet"
COMMANDS = ("list", "show", "tags", "search", "check", "serve", "state", "completion")
DEBUG_LOG = "debug.log"
SHELLS = ("bash", "zsh", "fish")
STATE_BUSY = "the reading state is busy (another broadsheet is writing it); try again"


def sanitise(text: str) -> str:
    """`reader.text.sanitise`, imported when there is something to tell."""
    from reader.text import sanitise as clean

    return clean(text)


class UsageError(Exception):
    """Bad flags or a missing ROOT: exit 2."""


class Failure(Exception):
    """The command ran but could not do its job (e.g. `show` of an unreadable file): exit 1."""


class _Parser(argparse.ArgumentParser):
    """argparse with the contract's single-line errors, and an epilog (examples, the environment…)
    written only when help is printed: a command that runs never pays for it."""

    def __init__(self, *args: Any, epilog_of: Callable[[], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epilog_of = epilog_of

    def format_help(self) -> str:
        if self.epilog_of is not None:
            self.epilog = self.epilog_of()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


_DESCRIPTION = """\
A keyboard-driven terminal reader for folders of Markdown articles with front matter.

commands:
  broadsheet [ROOT]           open the reader (ROOT defaults to the bundled sample articles)
  broadsheet FILE.md          open the reader on FILE's folder, FILE open
  broadsheet list   [ROOT]    list articles, newest first
  broadsheet show   FILE      print one article as the reading pane shows it
  broadsheet tags   [ROOT]    tags and categories with counts
  broadsheet check  [ROOT]    report files that could not be read
  broadsheet search QUERY [ROOT]  search, best match first
  broadsheet serve  [ROOT]    the same app in a browser (127.0.0.1:8000)
  broadsheet state  [--repair]  where reading state is kept and whether it is healthy;
                              --repair moves a damaged file aside and starts a new one
  broadsheet completion SHELL the completion script for bash, zsh or fish

Run `broadsheet COMMAND --help` for a command's options. A ROOT named like a command is
reached as ./list.
"""


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root",
        nargs="?",
        metavar="ROOT",
        help="folder of articles (default: the root in settings.toml, else the bundled samples)",
    )


def _debug_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"on an unexpected error, print its traceback and add it to {DEBUG_LOG} in the state folder "
        "(also BROADSHEET_DEBUG=1)",
    )


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")


class _Unbuilt:
    """Stands in for the parser of a command this run does not use: its arguments go nowhere."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass


def _build_parsers(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top parser and the commands' (only command `only`'s when given: argparse takes ~1 ms of
    CPU a parser to build, and a command needs one)."""
    top = _Parser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog_of=_top_epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage=f"{PROG} [--fresh] [ROOT | FILE.md] | {PROG} COMMAND [options]",
    )
    top.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help="print the version and exit"
    )
    _debug_flag(top)
    top.add_argument(
        "--fresh",
        action="store_true",
        help="start at the newest article, not where you left off in this archive",
    )
    top.add_argument(
        "root",
        nargs="?",
        metavar="ROOT",
        help="folder of articles (default: bundled samples), or one Markdown file to open in its folder",
    )

    commands: dict[str, argparse.ArgumentParser] = {}

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return cast(argparse.ArgumentParser, _Unbuilt())
        parser = _Parser(
            prog=f"{PROG} {name}",
            description=help_text,
            epilog_of=partial(_epilog, name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _debug_flag(parser)
        commands[name] = parser
        return parser

    listing = command("list", "List articles, newest first.")
    _root_argument(listing)
    listing.add_argument("--tag", action="append", default=[], metavar="T", help="only articles with tag T")
    listing.add_argument(
        "--category", action="append", default=[], metavar="C", help="only articles in category C"
    )
    listing.add_argument(
        "--query",
        metavar="Q",
        help="only articles matching Q (in the search language, below; @NAME: the saved search NAME)",
    )
    listing.add_argument(
        "--series", metavar="S", help="only the articles of series S, in reading order (oldest first)"
    )
    listing.add_argument(
        "--sort",
        choices=("date", "title"),
        default="date",
        help="newest first (date, the default) or by title",
    )
    listing.add_argument("--limit", type=_count, metavar="N", help="print at most N articles (0: all)")
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--starred", action="store_true", help="only starred articles")
    _json_flag(listing)

    show = command("show", "Print one article as the reading pane shows it.")
    show.add_argument(
        "file",
        metavar="FILE",
        help="a Markdown file (inside an archive or not), or - to read one from standard input",
    )
    show.add_argument("--width", type=_width, metavar="N", help="columns (default: terminal width, or 80)")
    show.add_argument(
        "--root",
        metavar="ROOT",
        help="the archive FILE belongs to, for --json's root and relative_path (default: the root in "
        "settings.toml, when FILE is inside it)",
    )
    show.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour and hyperlinks: auto (on a terminal, the default), always, or never (no escape bytes)",
    )
    show.add_argument(
        "--pager",
        action="store_true",
        help="page the article, in colour at the terminal's width, with $BROADSHEET_PAGER, else $PAGER, "
        "else `less -R` (printed as usual when stdout is not a terminal)",
    )
    _json_flag(show)

    tags = command("tags", "Tags and categories with their article counts.")
    _root_argument(tags)
    _json_flag(tags)

    check = command(
        "check", "Report every file that could not be read, odd fields, and tags spelled several ways."
    )
    _root_argument(check)
    _json_flag(check)

    search = command("search", "Search the archive, best match first, each match with a snippet.")
    search.add_argument(
        "query",
        metavar="QUERY",
        help="what to find, in the search language (below); @NAME: the saved search NAME",
    )
    _root_argument(search)
    search.add_argument(
        "--limit", type=_count, metavar="N", help="print at most N matches (default 50; 0: all)"
    )
    _json_flag(search)

    serve = command(
        "serve",
        "Serve the app in a browser (textual-serve), on 127.0.0.1 by default. Only pages of this server may "
        "drive it: other sites and other Host names are refused.",
    )
    _root_argument(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--token",
        type=_token,
        metavar="TOKEN",
        help="require ?token=TOKEN in the address; when --host is not a loopback address and no token "
        "is given, a random one is made and printed with the address",
    )
    serve.add_argument(
        "--max-sessions",
        type=_sessions,
        default=8,
        metavar="N",
        help="at most N browser sessions (app processes) at once (default 8)",
    )

    state = command(
        "state",
        "Where reading state (read, starred) is kept, whether it is healthy, and what it holds.",
    )
    state.add_argument(
        "--repair",
        action="store_true",
        help="move a damaged state file aside (it is kept, renamed .corrupt-DATE) and start a new one",
    )
    _json_flag(state)

    completion = command(
        "completion",
        "Print the completion script for bash, zsh or fish. The package installs them where each "
        "shell looks; this is for installs (pipx, a venv) whose shell does not look there.",
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    return top, commands


def _top_epilog() -> str:
    from reader.clihelp import top_epilog

    return top_epilog()


def _epilog(name: str) -> str:
    from reader.clihelp import epilog

    return epilog(name)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def _token(text: str) -> str:
    """A token goes into URLs as it is: letters, digits and `-._~` only."""
    import re

    if not re.fullmatch(r"[A-Za-z0-9._~-]+", text):
        raise argparse.ArgumentTypeError("a token may hold only letters, digits and - _ . ~")
    return text


def _sessions(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return value


def _width(text: str) -> int:
    value = _count(text)
    if value < 10:
        raise argparse.ArgumentTypeError(f"must be at least 10: {text}")
    return value


def _resolve_root(root: str | None, settings: Settings | None = None) -> str:
    """ROOT as given, else the settings' `root`, else the bundled samples; a ROOT that is not a
    folder is a usage error."""
    where = ""
    if root is None:
        chosen = (settings or _settings()[0]).root_path
        if chosen is None:
            from reader.paths import sample_articles

            return str(sample_articles())
        root, where = str(chosen), f" (the root in {_settings_file()})"
    if not os.path.exists(root):
        raise UsageError(f"no such folder: {root}{where}")
    if not os.path.isdir(root):
        raise UsageError(f"not a folder: {root}{where}")
    return root


def _settings_file() -> str:
    from reader.settings import settings_path

    return str(settings_path())


def _settings() -> tuple[Settings, list[str], bool]:
    """The user's settings, the problems found in them, and whether the file may be written."""
    from reader.settings import Settings, SettingsError, load_settings

    try:
        settings, problems = load_settings()
    except SettingsError as error:
        return Settings(), [f"{error}; the defaults are used"], False
    return settings, problems, True


def _print_json(document: Any) -> None:
    import json

    if isinstance(document, list):
        # One item a line, in the layout of the listing the index keeps (lists come from commands
        # that use the index): still readable, and Python's C encoder (indent= would bypass it for
        # a 100k-article list, three times slower).
        from reader.index import json_document

        _write_bytes(json_document([json.dumps(item, ensure_ascii=False).encode() for item in document]))
        return
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def _console(color: str = "auto", width: int | None = None) -> Any:
    from reader.render import make_console

    return make_console(color, width)  # type: ignore[arg-type]


Piece = tuple[str, str]  # text and its style


class _Printer:
    """Lines of styled pieces, printed by the console `make_console()` gives.

    Off a terminal (without FORCE_COLOR) that console prints plain text, and so does this printer on
    its own: the pieces' text, trailing spaces trimmed, every line gathered into one write, without
    importing Rich's console or the renderer (most of a warm `search | …`'s start-up). A line that
    holds something Rich rewrites (a tab it expands, a control code it drops) goes through the
    console, so the bytes are the same either way."""

    def __init__(self) -> None:
        self._console: Any = None
        self._lines: list[str] = []
        self.plain = _plain_stdout()
        if not self.plain:
            self._console = _console()
        self.width: int = self._console.width if self._console is not None else _plain_width()

    def print(
        self, pieces: Sequence[Piece], reverse: tuple[int, int] | None = None, soft_wrap: bool = True
    ) -> None:
        """One line; `soft_wrap=False` lets the console wrap it at its width, as a heading is."""
        text = "".join(piece for piece, _ in pieces)
        fits = soft_wrap or (text.isascii() and len(text) <= self.width)
        if self.plain and fits and not _RICH_REWRITES.intersection(text):
            self._lines.append(text)
            return
        from rich.text import Text

        line = Text.assemble(*pieces)
        if reverse is not None:
            line.stylize("reverse", *reverse)
        self._flush()
        if self._console is None:
            self._console = _console()
        self._console.print(line, soft_wrap=soft_wrap)

    def _flush(self) -> None:
        if self._lines:
            text = "\n".join(self._lines) + "\n"
            if " \n" in text:  # Rich's plain lines carry no trailing spaces
                text = "\n".join(part.rstrip(" ") for part in text.split("\n"))
            sys.stdout.write(text)
            self._lines = []

    def close(self) -> None:
        self._flush()
        sys.stdout.flush()


# What Rich's Text changes in what it prints: tabs (expanded) and the control codes it strips.
_RICH_REWRITES = frozenset("\t\a\b\v\f\r")


def _plain_stdout() -> bool:
    """Whether `make_console()` (colour "auto") prints plain text to stdout without asking a
    terminal its width: stdout is no terminal, and the rules of `reader.terminal` say plain."""
    from reader.terminal import plain

    isatty = getattr(sys.stdout, "isatty", None)
    return not (isatty is not None and isatty()) and plain("auto", False)


def _plain_width() -> int:
    """The width `make_console()` gives off a terminal."""
    from reader.terminal import width_off_terminal

    return width_off_terminal()


# --- commands --------------------------------------------------------------------------------


def _up_to_date_index(root: str, fulltext: bool = True, words: bool = True) -> Index:
    """The index of ROOT, opened and brought up to date (with a progress line on a terminal when that
    takes a while); use it in a `with`, which closes it."""
    from reader.index import open_index
    from reader.progress import indexing_progress

    index = open_index(root)
    index.walk_in_two = True  # no other thread here: a big archive's walk may fork
    if index.trouble is not None:
        print(f"{PROG}: {index.trouble}", file=sys.stderr)
    try:
        with indexing_progress(PROG) as progress:
            index.update(progress, fulltext=fulltext, words=words)
    except BaseException:
        index.close()
        raise
    return index


def _archive(root: str | None, words: bool = True) -> Archive:
    """The archive at ROOT, from the index (brought up to date first; bodies are read only to count
    the words of new articles, and not even that with `words=False`)."""
    with _up_to_date_index(_resolve_root(root), fulltext=False, words=words) as index:
        return index.archive()


def _write_bytes(out: bytes) -> None:
    """A document already in UTF-8, written in one write."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests capture into StringIO)
        sys.stdout.write(out.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(out)
    buffer.flush()


def _send_file(source: BinaryIO) -> None:
    """The rest of `source` to stdout, copied by the kernel (`sendfile`) where it can be: a warm
    `list --json` never reads its kept document into memory. Elsewhere (not Linux, stdout without a
    descriptor) it is read and written."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    try:
        out = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        out = -1
    if out >= 0 and buffer is not None and hasattr(os, "sendfile"):
        buffer.flush()
        offset, end = source.tell(), os.fstat(source.fileno()).st_size
        try:
            while offset < end:
                sent = os.sendfile(out, source.fileno(), offset, end - offset)
                if sent == 0:
                    break
                offset += sent
            return
        except BrokenPipeError:
            raise
        except OSError:
            source.seek(offset)  # sendfile cannot write there: copy what is left
    _write_bytes(source.read())


@contextmanager
def _state_busy() -> Iterator[None]:
    """Another broadsheet holds the reading state past SQLite's busy timeout: say so in one line.
    (A damaged state never raises: it is reported, and the command goes on without marks.)"""
    import sqlite3

    from reader.sqlite import is_busy

    try:
        yield
    except sqlite3.OperationalError as error:
        if not is_busy(error):
            raise
        raise Failure(STATE_BUSY) from None


@contextmanager
def _reading_state(root: str) -> Iterator[ReadingState]:
    """The reading state of ROOT for one command; when it is damaged, says so once on stderr (after
    the command's own output) and the command goes on without marks."""
    from reader.state import ReadingState

    with _state_busy():
        state = ReadingState(root)
    try:
        yield state
    finally:
        state.close()
        if state.damage is not None:
            print(f"{PROG}: {_state_warning(state.damage)}", file=sys.stderr)


def _state_warning(damage: StateDamage) -> str:
    if damage.repairable:
        return sanitise(
            f"reading state is unreadable ({damage.reason}): marks are not shown and not kept;"
            f" '{PROG} state --repair' starts a new one (the damaged file is kept)"
        )
    return sanitise(
        f"reading state is unusable ({damage.reason}: {damage.path}): marks are not shown and not kept"
    )


def _mark_fields(marks: dict[str, Mark], article: Article) -> dict[str, bool]:
    mark = marks.get(article.path)
    return {"read": mark.read, "starred": mark.starred} if mark is not None else {}


def _list_query(args: argparse.Namespace) -> Query:
    """`list`'s query: `--query`, with `--tag`, `--category`, `--unread` and `--starred` added to it."""
    from reader.index import parse_query

    # argparse turns `--query=--` into an empty list: a query is always text here.
    query = parse_query(_expanded(" ".join(args.query) if isinstance(args.query, list) else args.query or ""))
    flags = dict(query.flags)
    if args.unread:
        flags["unread"] = True
    if args.starred:
        flags["starred"] = True
    from dataclasses import replace

    return replace(
        query,
        tags=query.tags + tuple(args.tag),
        categories=query.categories + tuple(args.category),
        series=query.series + ((args.series,) if args.series is not None else ()),
        flags=tuple(flags.items()),
    )


def _expanded(text: str) -> str:
    """`text`, or the saved search its `@name` names (settings.toml, `[searches]`); a name not
    saved is a usage error."""
    if not text.strip().startswith("@"):
        return text
    from reader.rules import UnknownSearch, saved_query

    try:
        return saved_query(text, _settings()[0].saved)
    except UnknownSearch as error:
        raise UsageError(str(error)) from None


def cmd_list(args: argparse.Namespace) -> int:
    root = _resolve_root(args.root)
    with _reading_state(root) as state:
        return _list(args, root, state)


def _list(args: argparse.Namespace, root: str, state: ReadingState) -> int:
    args.limit = args.limit or None  # `--limit 0` means all, as it does for `search`
    plain = not (
        args.query is not None
        or args.tag
        or args.category
        or args.unread
        or args.starred
        or args.series is not None
        or args.sort != "date"
    )
    if args.json and plain and state.has_marks():
        # A reader's `list --json` of everything: the stored items, with the marks put in.
        from reader.index import json_document

        with _up_to_date_index(root, fulltext=False) as index:
            items = index.marked_json_bytes(state.book().mark_of)
        _write_bytes(json_document(items[: args.limit] if args.limit is not None else items))
        return 0
    if args.json and plain:
        # The common case, `list --json` of everything: the index holds each item ready to print.
        from reader.index import json_document

        with _up_to_date_index(root, fulltext=False) as index:
            kept = index.kept_listing() if args.limit is None else None
            if kept is not None:
                with kept:
                    _send_file(kept)
                return 0
            if args.limit is None:
                document = index.listing()
            else:
                document = json_document(index.json_bytes()[: args.limit])
        _write_bytes(document)
        return 0
    from reader import rules

    query = _list_query(args)
    if args.query is not None:
        from reader.model import newest_first

        with _up_to_date_index(root) as index:
            book = state.book() if state.has_marks() else None
            hits = rules.search(index, query, book or {}, limit=None, snippets=False)
            dated = index.dated()
        # The marks of the hits alone (every article of the archive was built for this before).
        marks = book.marks(hit.article for hit in hits) if book is not None else {}
        newest = newest_first((hit.article for hit in hits), dated)
        if args.series is not None and args.sort != "title":
            articles = list(rules.reading_order(newest))
        else:
            articles = list(rules.sort_articles(newest, args.sort, marks))
    else:
        archive = _archive(root)
        marks = state.marks(archive.articles)
        from dataclasses import replace

        wanted = replace(rules.Filter.of_query(query), series=args.series)
        articles = list(rules.browse(archive, wanted, marks, args.sort))
    if args.limit is not None:
        articles = articles[: args.limit]
    if args.json:
        _print_json([article.to_json(**_mark_fields(marks, article)) for article in articles])
        return 0

    from reader.text import one_line

    printer = _Printer()
    for article in articles:
        line = _article_line(article)
        if article.tags:
            line.append(("  " + " ".join(f"#{tag}" for tag in article.tags), "broadsheet.tag"))
        line.append((f"  {one_line(article.path)}", "broadsheet.meta"))
        printer.print(line)
    printer.close()
    return 0


def _article_line(article: Article) -> list[Piece]:
    """An article's line in `list` and `search`: its date (or —) in a column, then its title."""
    date = article.date.display() if article.date else "—"
    return [(date.ljust(16), "broadsheet.meta"), (" ", ""), (article.title, "bold")]


def cmd_tags(args: argparse.Namespace) -> int:
    # The counts straight from the index's tag tables: no article is built (at 100k that was most
    # of the command).
    with _up_to_date_index(_resolve_root(args.root), fulltext=False, words=False) as index:
        tags, categories = index.label_counts()
    if args.json:
        _print_json({"tags": tags, "categories": categories})
        return 0
    printer = _Printer()
    for heading, counts, style in (
        ("Tags", tags, "broadsheet.tag"),
        ("Categories", categories, "broadsheet.category"),
    ):
        printer.print([(f"{heading} ({len(counts)})", "bold")], soft_wrap=False)
        for name, count in counts.items():
            printer.print([(f"{count:>6}  ", "broadsheet.meta"), (name, style)])
    printer.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    archive = _archive(args.root, words=False)
    from reader.taxonomy import taxonomy_warnings
    from reader.text import counted, one_line

    problems = archive.all_problems()
    duplicates = taxonomy_warnings(archive.tags, archive.categories)
    status = 1 if archive.errors else 0
    if args.json:
        _print_json(
            {
                "root": archive.root,
                "files": archive.files,
                "articles": len(archive),
                "problems": [problem.to_json() for problem in problems],
                "near_duplicates": [group.to_json() for group in duplicates],
            }
        )
        return status
    from rich.text import Text

    console = _console()
    for problem in problems:
        style = "bold red" if problem.severity == "error" else "yellow"
        console.print(
            Text.assemble(
                (f"{problem.severity:<8}", style),
                (f"{one_line(problem.kind):<13}", "broadsheet.meta"),
                one_line(problem.path),
                ("  " + one_line(problem.message), ""),
            ),
            soft_wrap=True,
        )
    for group in duplicates:  # labels come from articles: plain text, one line
        console.print(
            Text.assemble(
                ("warning ", "yellow"), (f"{'taxonomy':<13}", "broadsheet.meta"), one_line(group.message)
            ),
            soft_wrap=True,
        )
    warnings = len(problems) - archive.errors + len(duplicates)
    console.print(
        Text(
            f"{counted(archive.files, 'file')}, {counted(len(archive), 'article')}, "
            f"{archive.errors} error{'s' * (archive.errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}",
            style="bold",
        )
    )
    return status


STDIN = "-"


def _show_document(path: str) -> tuple[Document, str | None]:
    """The document `show` prints and the folder its local links resolve in (None for standard
    input: no folder, so no local link is followed)."""
    from reader.load import MAX_BYTES, LoadError, read_bytes, read_document

    try:
        if path == STDIN:
            from dataclasses import replace

            # `<stdin>` is the title of a text without one; the path stays as given.
            # One byte more than the loader takes: a longer input is refused without reading it all.
            document = read_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>")
            return replace(document, article=replace(document.article, path=STDIN)), None
        if os.path.isdir(path):
            raise Failure(f"cannot show {path}: it is a folder")
        if not os.path.exists(path):
            raise Failure(f"cannot show {path}: no such file")
        return read_document(path, path), os.path.dirname(os.path.abspath(path))
    except LoadError as error:
        raise Failure(f"cannot show {path}: {error.message}") from None
    except OSError as error:  # standard input closed or unreadable
        raise Failure(f"cannot show {path}: {error.strerror or error}") from None


def cmd_show(args: argparse.Namespace) -> int:
    path = args.file
    document, root = _show_document(path)
    if args.json:
        from reader.markdown import stream

        data = document.article.to_json()
        data["root"], data["relative_path"] = _place(path, args.root)
        data["links"] = [link.to_json() for link in stream.body_links(document.body)]
        _print_json(data)
        return 0
    from reader.render.export import print_article

    if args.pager and sys.stdout.isatty():
        from reader.external import pager_command

        command = pager_command()
        if command is not None:
            return _page(command, args, document, root)
    print_article(_console(args.color, args.width), document.article, document.body, root)
    return 0


def _place(path: str, root: str | None) -> tuple[str | None, str | None]:
    """Where `show`'s FILE lies: its archive's root (absolute and resolved, as `check --json`
    gives it) and its path there (as `list --json` gives it). The archive is `--root` when given
    (FILE must be inside it), else the settings' root when FILE is inside that; else none."""
    from reader.paths import path_inside

    if root is not None:
        folder = _resolve_root(root)
        relative = path_inside(path, folder)
        if relative is None:
            raise UsageError(f"{path} is not inside {root}")
        return os.path.realpath(folder), sanitise(relative)
    chosen = _settings()[0].root_path
    relative = path_inside(path, str(chosen)) if chosen is not None and chosen.is_dir() else None
    if chosen is None or relative is None:
        return None, None
    return os.path.realpath(chosen), sanitise(relative)


def _page(command: list[str], args: argparse.Namespace, document: Document, root: str | None) -> int:
    """`show --pager`: the article, in colour at the terminal's width, into the pager's input."""
    import io
    import signal
    import subprocess

    from reader.external import pager_environment
    from reader.render import make_console
    from reader.render.export import print_article

    width = args.width or _terminal_columns()
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=pager_environment())
    except OSError as error:
        raise Failure(f"cannot start the pager {command[0]}: {error.strerror or error}") from None
    assert pager.stdin is not None
    pipe = io.TextIOWrapper(pager.stdin, encoding="utf-8", errors="replace")
    # Ctrl+C is the pager's (less stops a search with it), as under git: we wait for it to quit.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        console = make_console(args.color, width, file=pipe, pager=True)
        print_article(console, document.article, document.body, root)
        pipe.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: nothing more to say
    finally:
        with suppress(BrokenPipeError, OSError):
            pipe.close()
        pager.wait()
        signal.signal(signal.SIGINT, interrupt)
    return 0


def _terminal_columns() -> int:
    """The width of the terminal standard output is (not $COLUMNS: that is for output off one)."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return 80


def cmd_search(args: argparse.Namespace) -> int:
    from reader import rules
    from reader.index import parse_query

    root = _resolve_root(args.root)
    query = _expanded(args.query)
    limit = 50 if args.limit is None else args.limit
    with _up_to_date_index(root) as index, _reading_state(root) as state:
        book = state.book() if state.has_marks() else None
        hits = rules.search(index, parse_query(query), book or {}, limit=limit)
    marks = book.marks(hit.article for hit in hits) if book is not None else {}
    if args.json:
        _print_json([hit.to_json(**_mark_fields(marks, hit.article)) for hit in hits])
        return 0
    from reader.text import fit_snippet, one_line

    printer = _Printer()
    for hit in hits:
        article = hit.article
        printer.print([*_article_line(article), (f"  {one_line(article.path)}", "broadsheet.meta")])
        if hit.snippet:
            cut, match = fit_snippet(hit.snippet, hit.match, max(16, printer.width - 4))
            reverse = None if match is None else (match[0] + 4, match[1] + 4)
            printer.print([("    " + cut, "")], reverse)
    printer.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The app in a browser: textual-serve runs `python -m reader ROOT` for each visitor."""
    from reader.serve import EVERY_INTERFACE, address, normal_host, serve, session_token

    root = os.path.realpath(_resolve_root(args.root))
    if not 0 < args.port < 65536:
        raise UsageError(f"not a port: {args.port}")
    token = session_token(args.host, args.token)
    # The one place the token is shown: the address to open, on the terminal of who started the server.
    url = address(args.host, args.port, token)
    everywhere = normal_host(args.host) in EVERY_INTERFACE
    url += " and every other address of this machine" if everywhere else ""
    print(f"{PROG}: serving {sanitise(root)} on {url} (Ctrl+C stops)", file=sys.stderr)
    serve(root, args.host, args.port, token, args.max_sessions)
    return 0


def cmd_state(args: argparse.Namespace) -> int:
    """Where the reading state is and whether it is healthy; `--repair` (the user's consent) moves a
    damaged file aside and starts a new one."""
    from reader.state import StateError, inspect_state, repair_state

    with _state_busy():
        if args.repair:
            try:
                repair = repair_state()
            except StateError as error:
                raise Failure(f"cannot repair the reading state: {error}") from None
            if args.json:
                _print_json(
                    {
                        "path": str(repair.path),
                        "repaired": repair.found is not None,
                        "damage": _damage_json(repair.found),
                        "moved": [{"from": str(old), "to": str(new)} for old, new in repair.moved],
                        "salvaged": repair.salvaged,
                        "kept": repair.kept,
                    }
                )
                return 0
            if repair.found is None:
                _say(f"reading state is healthy: nothing changed ({repair.path})")
                return 0
            for old, new in repair.moved:
                _say(f"moved {old} to {new}")
            kept = f", with the {repair.kept} marks its own pages held" if repair.salvaged else ""
            _say(f"started a new reading state at {repair.path}{kept}")
            return 0
        report = inspect_state()
    if args.json:
        _print_json(
            {
                "path": str(report.path),
                "exists": report.exists,
                "healthy": report.damage is None,
                "damage": _damage_json(report.damage),
                "archives": report.archives,
                "marks": report.marks,
                "read": report.read,
                "starred": report.starred,
            }
        )
        return 0 if report.damage is None else 1
    _say(f"reading state: {report.path}")
    damage = report.damage
    if damage is None and not report.exists:
        _say("not created yet: nothing has been marked")
    elif damage is None and report.marks == 0:
        _say("healthy: nothing marked yet")
    elif damage is None:
        _say(
            f"healthy: {report.marks} marked article{'s' * (report.marks != 1)} in {report.archives}"
            f" archive{'s' * (report.archives != 1)} ({report.read} read, {report.starred} starred)"
        )
    elif damage.repairable:
        _say(f"damaged: {damage.reason} ({damage.path})")
        _say(f"'{PROG} state --repair' moves it aside (it is kept) and starts a new one")
    else:
        _say(f"unusable: {damage.reason} ({damage.path})")
    return 0 if damage is None else 1


def _damage_json(damage: StateDamage | None) -> dict[str, Any] | None:
    if damage is None:
        return None
    return {"path": str(damage.path), "reason": damage.reason, "repairable": damage.repairable}


def _say(line: str) -> None:
    print(sanitise(line))


def cmd_completion(args: argparse.Namespace) -> int:
    """The completion script for a shell, for installs (pipx, a venv) whose shell does not look
    where the wheel put the scripts."""
    from reader.cliref import generate

    sys.stdout.write(generate(args.shell))
    return 0


def _file_to_open(given: str | None) -> tuple[str, str] | None:
    """`broadsheet FILE.md`: (its folder as the archive's root, its path in it); None for a ROOT.
    A Markdown file that does not exist is a usage error, as a missing ROOT is."""
    from reader.model import MARKDOWN_SUFFIXES

    if given is None or not given.lower().endswith(MARKDOWN_SUFFIXES) or os.path.isdir(given):
        return None
    if not os.path.exists(given):
        raise UsageError(f"no such file: {given}")
    if not os.path.isfile(given):
        raise UsageError(f"not a file: {given}")
    path = os.path.abspath(given)
    return os.path.dirname(path), os.path.basename(path)


def cmd_open(args: argparse.Namespace) -> int:
    settings, problems, writable = _settings()
    opened = _file_to_open(args.root)
    root = opened[0] if opened is not None else _resolve_root(args.root, settings)
    from reader.text import describe_error
    from reader.ui.app import BroadsheetApp

    app = BroadsheetApp(
        root,
        settings,
        problems,
        save_settings=writable,
        open_path=opened[1] if opened is not None else None,
        resume=not args.fresh,
    )
    app.run()
    if app.failure is not None:
        error, report = app.failure
        where = f" (the details are in {report})" if report is not None else ""
        raise Failure(f"unexpected error: {describe_error(error)}{where}")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "tags": cmd_tags,
    "check": cmd_check,
    "search": cmd_search,
    "serve": cmd_serve,
    "state": cmd_state,
    "completion": cmd_completion,
}


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    top, commands = _build_parsers(argv[0] if argv and argv[0] in COMMANDS else None)
    if argv and argv[0] in commands:
        args = commands[argv[0]].parse_args(argv[1:])
        args.command = argv[0]
    else:
        args = top.parse_args(argv)
        args.command = "open"
    return args


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _sqlite_busy(error: Exception) -> bool:
    if "sqlite3" not in sys.modules:  # nothing opened a database: it cannot be busy
        return False
    import sqlite3

    from reader.sqlite import is_busy

    return isinstance(error, sqlite3.Error) and is_busy(error)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = _debug_asked()
    try:
        args = _parse(arguments)
        debug = debug or args.debug
        handler = HANDLERS.get(args.command, cmd_open)
        return handler(args)
    except UsageError as error:
        print(f"{PROG}: {sanitise(str(error))}", file=sys.stderr)
        return 2
    except Failure as error:
        print(f"{PROG}: {sanitise(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `broadsheet list | head`: the reader went away; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # the last line of defence: no traceback for users
        if _sqlite_busy(error):
            # SQLite's busy timeout ran out: another broadsheet is writing the index or reading state.
            print(f"{PROG}: the index is busy (another broadsheet is writing it); try again", file=sys.stderr)
            return 1
        print(f"{PROG}: unexpected error: {type(error).__name__}: {sanitise(str(error))}", file=sys.stderr)
        if debug:
            _report_traceback(error, arguments)
        return 1


def _debug_asked() -> bool:
    return os.environ.get("BROADSHEET_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def _report_traceback(error: BaseException, arguments: list[str]) -> None:
    """`--debug`: the traceback behind "unexpected error" on stderr, and added to the debug log in
    the state folder (with the time and the command line), where a bug report can take it from."""
    import time
    import traceback

    from reader.paths import state_dir

    text = "".join(traceback.format_exception(error))
    print(sanitise(text), file=sys.stderr, end="")
    try:
        log = state_dir() / DEBUG_LOG
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8", errors="replace") as out:
            out.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {PROG} {' '.join(arguments)}\n{text}")
    except OSError as failure:
        print(f"{PROG}: the debug log could not be written: {sanitise(str(failure))}", file=sys.stderr)
        return
    print(f"{PROG}: the traceback was added to {sanitise(str(log))}", file=sys.stderr)
