"""The command line's reference, generated from its argument parsers: shell completion (bash, zsh,
fish) and the man page. One walk of the parsers (`describe`) gives what they all need, so an option
added to `reader/cli.py` reaches every one of them; `python -m reader.cliref` rewrites the copies
kept in the repository (and shipped in the wheel).

Imports argparse and our help texts only: `broadsheet completion` stays light.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PathKind = Literal["dir", "file"]

# A value named like this is a path: a folder, or any file.
_FOLDER_NAMES = frozenset({"ROOT", "DIR", "FOLDER"})
_FILE_NAMES = frozenset({"FILE", "PATH"})


@dataclass(frozen=True, slots=True)
class Option:
    """One option: its spellings, and the value it takes (`metavar` None: a flag)."""

    flags: tuple[str, ...]
    help: str
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    path: PathKind | None = None
    repeat: bool = False


@dataclass(frozen=True, slots=True)
class Positional:
    name: str
    help: str
    choices: tuple[str, ...] = ()
    path: PathKind | None = None
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Command:
    """A command (`name` "" for the program itself) as its parser defines it."""

    name: str
    summary: str
    usage: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]


Rows = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Manual:
    """What the man page says beyond the parsers: paragraphs of prose, and two-column tables."""

    tagline: str = ""
    description: tuple[str, ...] = ()
    search_language: Rows = ()
    search_notes: tuple[str, ...] = ()
    environment: Rows = ()
    files: Rows = ()
    files_note: str = ""
    exit_status: Rows = ()
    examples: dict[str, Rows] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Program:
    name: str
    top: Command
    commands: tuple[Command, ...]
    manual: Manual = field(default_factory=Manual)


def path_kind(action: argparse.Action) -> PathKind | None:
    """What kind of path an argument takes: set on the action as `completion` ("dir"/"file"), or
    read from its metavar (ROOT, DIR, FOLDER: a folder; FILE, PATH: a file)."""
    kind = getattr(action, "completion", None)
    if kind in ("dir", "file"):
        return kind  # type: ignore[no-any-return]
    name = _metavar(action)
    if name in _FOLDER_NAMES:
        return "dir"
    if name in _FILE_NAMES:
        return "file"
    return None


def _metavar(action: argparse.Action) -> str:
    if isinstance(action.metavar, str):
        return action.metavar
    if action.option_strings:
        return action.dest.upper()
    return action.dest


def _help(action: argparse.Action) -> str:
    text = action.help or ""
    if "%(" in text:  # argparse's own placeholders, e.g. "%(prog)s"
        text = text % {**vars(action), "prog": "", "default": action.default}
    return " ".join(text.split())


def describe(parser: argparse.ArgumentParser, name: str = "") -> Command:
    """`parser`'s options and positionals, in the order they were added (hidden ones left out)."""
    options: list[Option] = []
    positionals: list[Positional] = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        choices = tuple(str(choice) for choice in action.choices or ())
        if action.option_strings:
            takes_value = action.nargs != 0
            options.append(
                Option(
                    flags=tuple(action.option_strings),
                    help=_help(action),
                    metavar=_metavar(action) if takes_value else None,
                    choices=choices,
                    path=path_kind(action) if takes_value else None,
                    repeat=isinstance(action, argparse._AppendAction | argparse._CountAction),
                )
            )
        else:
            positionals.append(
                Positional(
                    name=_metavar(action),
                    help=_help(action),
                    choices=choices,
                    path=path_kind(action),
                    optional=action.nargs in ("?", "*"),
                )
            )
    usage = " ".join(parser.format_usage().split())
    usage = usage.removeprefix("usage: ")
    return Command(name, parser.description or "", usage, tuple(options), tuple(positionals))


def broadsheet() -> Program:
    """broadsheet's own command line, every command's parser built."""
    from reader import clihelp, language
    from reader.cli import PROG, _build_parsers

    top, parsers = _build_parsers()
    commands = tuple(describe(parser, name) for name, parser in parsers.items())
    manual = Manual(
        tagline=clihelp.TAGLINE,
        description=clihelp.DESCRIPTION,
        search_language=language.SEARCH_LANGUAGE,
        search_notes=(
            language.SEARCH_SUMMARY[0].upper() + language.SEARCH_SUMMARY[1:] + ".",
            language.COMMAND_LINE_NOTE,
        ),
        environment=clihelp.ENVIRONMENT,
        files=clihelp.FILES,
        files_note=clihelp.FILES_NOTE,
        exit_status=clihelp.EXIT_STATUS,
        examples=clihelp.EXAMPLES,
    )
    return Program(PROG, describe(top), commands, manual)


def summary_line(command: Command) -> str:
    """A command's description cut to its first sentence (completion menus show one line)."""
    first = command.summary.split(". ")[0].split("\n")[0].rstrip(".")
    return first


# The copies kept in the repository, by what they are: the wheel installs each where its reader looks.
SHIPPED = {
    "bash": "broadsheet.bash",
    "zsh": "_broadsheet",
    "fish": "broadsheet.fish",
    "man": "broadsheet.1",
}


def source_tree() -> Path:
    """The source checkout this package was imported from (an installed wheel has none: its
    callers, `python -m reader.cliref` and the tests, name the checkout they mean)."""
    return Path(__file__).resolve().parents[2]


def shipped_folder(tree: Path | None = None) -> Path:
    """Where the generated files live in a source tree: docs/shell/."""
    return (tree or source_tree()) / "docs" / "shell"


def generate(what: str, program: Program | None = None) -> str:
    """The text of one generated file: "bash", "zsh", "fish" or "man"."""
    program = program or broadsheet()
    if what == "man":
        from reader.cliref.manpage import manpage

        return manpage(program)
    from reader.cliref.completion import script

    return script(program, what)
