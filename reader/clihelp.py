"""The words of the command line's help that are not one option's: examples, environment, files and
exit codes. `--help` (as epilogs) and the man page both take them from here.

Light on purpose: `--help` imports this and `reader.language`, nothing else.
"""

from __future__ import annotations

from reader.language import COMMAND_LINE_NOTE, SEARCH_LANGUAGE, SEARCH_SUMMARY

TAGLINE = "a keyboard-driven terminal reader for folders of Markdown articles"

# The man page's DESCRIPTION, a paragraph an item.
DESCRIPTION = (
    "broadsheet reads a folder of Markdown articles with front matter (Hugo, Jekyll, Obsidian and the "
    "like): without a command it opens the reader, a terminal app with a tag sidebar, the article list "
    "and a reading pane; press ? there for its keys. The commands script the same archive: list, show, "
    "tags, check and search print for people, or JSON with --json.",
    "ROOT is a folder searched recursively for *.md and *.markdown files (hidden folders skipped). "
    "Without ROOT, a command reads the root of the settings file when it has one, else the bundled "
    "sample articles. A ROOT named like a command is reached as ./list. broadsheet never writes inside "
    "ROOT: its index, reading state and settings live in the user's own folders (see FILES).",
    "Errors are one line on standard error, starting broadsheet:, never a traceback.",
)

# Each command's examples: the command line, then what it does. "" is the program without a command.
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("broadsheet ~/notes", "read the articles under ~/notes"),
        ("broadsheet list ~/notes | head", "the ten newest articles"),
        ("broadsheet search 'cloud tag:tech' ~/notes", "search from the shell"),
    ),
    "list": (
        ("broadsheet list ~/notes --tag tech --limit 10", "the ten newest articles tagged tech"),
        ("broadsheet list --query 'cloud after:2024' --sort title", "matches of a query, by title"),
        ("broadsheet list --unread --json | jq -r '.[].path'", "the paths of the unread articles"),
    ),
    "show": (
        ("broadsheet show notes/2025/02/post.md --width 72", "print an article at 72 columns"),
        ("broadsheet show post.md --color always | less -R", "page it with colour"),
        ("broadsheet show post.md --json | jq -r '.links[].url'", "every link of an article"),
    ),
    "tags": (
        ("broadsheet tags ~/notes", "tags and categories, most used first"),
        ("broadsheet tags --json | jq -r '.tags | keys[]'", "the tag names alone"),
    ),
    "check": (
        ("broadsheet check ~/notes", "every file that is not an article, and odd fields"),
        (
            "broadsheet check --json | jq '.problems[] | select(.severity == \"error\")'",
            "only the files that could not be read",
        ),
    ),
    "search": (
        ("broadsheet search '阿里 tag:财经' ~/notes", "articles with 阿里 tagged 财经"),
        (
            "broadsheet search '\"cloud market\" after:2024-01' --limit 0",
            "every match of a phrase since 2024",
        ),
        ("broadsheet search -- -is:draft", "a query that starts with -"),
    ),
    "serve": (
        ("broadsheet serve ~/notes --port 8080", "read in a browser at http://127.0.0.1:8080"),
        ("broadsheet serve --host 0.0.0.0 --token s3cret", "on the network, behind a token"),
    ),
    "state": (
        ("broadsheet state", "where the reading state is and whether it is healthy"),
        ("broadsheet state --repair", "move a damaged state aside and start a new one"),
    ),
    "completion": (
        (
            "broadsheet completion bash > ~/.local/share/bash-completion/completions/broadsheet",
            "bash (open a new shell)",
        ),
        ("broadsheet completion zsh > ~/.zfunc/_broadsheet", "zsh, with fpath+=(~/.zfunc) in ~/.zshrc"),
        ("broadsheet completion fish > ~/.config/fish/completions/broadsheet.fish", "fish"),
    ),
}

ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("BROADSHEET_CACHE_DIR", "folder of the search indexes (default: the platform's user cache folder)"),
    ("BROADSHEET_STATE_DIR", "folder of the reading state and debug.log (default: the user state folder)"),
    ("BROADSHEET_CONFIG_DIR", "folder of settings.toml (default: the platform's user config folder)"),
    ("BROADSHEET_DEBUG", "1: as --debug, print the traceback behind an unexpected error"),
    ("NO_COLOR", "any value: no colour (wins over --color always)"),
    ("FORCE_COLOR", "any value but 0: colour under --color auto even into a pipe"),
    ("COLUMNS", "the width of show when stdout is not a terminal (default 80)"),
    ("BROADSHEET_PAGER, PAGER", "the pager of show --pager (default: less -R; cat or empty: none)"),
    ("VISUAL, EDITOR", "the editor the app's e opens an article in (default: vi)"),
    ("BROWSER", "the browser the app opens web links with"),
)

FILES: tuple[tuple[str, str], ...] = (
    (
        "CONFIG/settings.toml",
        "settings: root, theme, sort, sidebar_width, date_format, animation, [searches], [keys]",
    ),
    ("CACHE/index/*.sqlite3", "the index of each archive (a cache: deleting it only costs a rebuild)"),
    ("STATE/reading-state.sqlite3", "what was read and starred, in every archive"),
    ("STATE/resume.json", "where you left off in each archive (the app reopens there)"),
    ("STATE/debug.log", "tracebacks kept by --debug"),
)

FILES_NOTE = (
    "CONFIG, CACHE and STATE are the folders named by the variables above, else the platform's user "
    "folders (on Linux ~/.config/broadsheet, ~/.cache/broadsheet and ~/.local/state/broadsheet). "
    "Nothing is ever written inside an archive."
)

EXIT_STATUS: tuple[tuple[str, str], ...] = (
    ("0", "success"),
    (
        "1",
        "the command could not do its job: check found a file that is not an article (warnings alone "
        "exit 0), show could not read its file, the reading state is damaged, the index or state is "
        "busy, or an unexpected error",
    ),
    ("2", "usage error: a bad option, or a ROOT that does not exist"),
    ("130", "interrupted (Ctrl+C)"),
)

# The commands whose help explains the search language (they take a query).
QUERY_COMMANDS = ("search", "list")


def _rows(rows: tuple[tuple[str, str], ...], indent: str = "  ") -> str:
    """Names and meanings in two columns, a long meaning wrapped under its own column."""
    width = min(max(len(name) for name, _ in rows), 24)
    lines: list[str] = []
    for name, meaning in rows:
        hanging = indent + " " * (width + 2)
        wrapped = _wrap(meaning, hanging)
        if len(name) > width:
            lines += [f"{indent}{name}", *wrapped]
        else:
            lines += [f"{indent}{name.ljust(width)}  {wrapped[0].lstrip()}", *wrapped[1:]]
    return "\n".join(lines)


def examples_text(command: str) -> str:
    """The examples of `command` ("" for the program), each with what it does under it."""
    lines = []
    for line, meaning in EXAMPLES.get(command, ()):
        lines += [f"  {line}", f"      {meaning}"]
    return "examples:\n" + "\n".join(lines)


def search_language_help() -> str:
    return f"the search language ({SEARCH_SUMMARY}):\n{_rows(SEARCH_LANGUAGE)}\n\n" + "\n".join(
        _wrap(COMMAND_LINE_NOTE, "  ")
    )


def epilog(command: str) -> str:
    """What follows a command's options in its `--help`: the search language where it takes a
    query, then its examples."""
    parts = [search_language_help()] if command in QUERY_COMMANDS else []
    parts.append(examples_text(command))
    return "\n\n".join(parts)


def top_epilog() -> str:
    """The program's `--help` after its options: environment, exit status, examples."""
    return "\n\n".join(
        (
            "environment:\n" + _rows(ENVIRONMENT),
            "exit status:\n" + _rows(EXIT_STATUS),
            examples_text(""),
        )
    )


def _wrap(text: str, indent: str, width: int = 78) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)
