"""The man page, `broadsheet.1`, written in roff (the man macros) from `describe`'s walk of the parsers
and the `Manual`'s prose. No date or version inside: the page changes only when the words do."""

from __future__ import annotations

from reader.cliref import Command, Option, Program, Rows


def escape(text: str) -> str:
    """Text as roff prints it: backslashes and hyphen-minus escaped, anything beyond ASCII named by
    its code point (groff renders `\\[u963F]` on any terminal, with or without preconv)."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = "".join(ch if ch.isascii() else f"\\[u{ord(ch):04X}]" for ch in text)
    return "\n".join(f"\\&{line}" if line.startswith((".", "'")) else line for line in text.split("\n"))


def _bold(text: str) -> str:
    return f"\\fB{escape(text)}\\fR"


def _italic(text: str) -> str:
    return f"\\fI{escape(text)}\\fR"


def _paragraph(text: str) -> list[str]:
    return [".PP", escape(text)]


def _table(rows: Rows, bold: bool = True) -> list[str]:
    lines: list[str] = []
    for name, meaning in rows:
        lines += [".TP", _bold(name) if bold else escape(name), escape(meaning)]
    return lines


def _option_term(option: Option) -> str:
    spellings = ", ".join(_bold(flag) for flag in option.flags)
    if option.metavar is None:
        return spellings
    value = "{" + ",".join(option.choices) + "}" if option.choices else option.metavar
    return f"{spellings} {_italic(value)}"


def _options(command: Command, common: frozenset[tuple[str, ...]] = frozenset()) -> list[str]:
    """A command's arguments, but for the options every command takes (`common`: said once)."""
    lines: list[str] = []
    for positional in command.positionals:
        lines += [".TP", _italic(positional.name), escape(positional.help)]
    for option in command.options:
        if option.flags not in common:
            lines += [".TP", _option_term(option), escape(option.help)]
    return lines


def _common(program: Program) -> frozenset[tuple[str, ...]]:
    """The spellings of the options every command takes (-h and --debug, say)."""
    shared = [frozenset(option.flags for option in command.options) for command in program.commands]
    return frozenset.intersection(*shared) if len(shared) > 1 else frozenset()


def _synopsis(program: Program) -> list[str]:
    """One paragraph a usage line, so that a long one wraps under itself."""
    lines = [".PP", f"{_bold(program.name)} [{_italic('ROOT')}]"]
    for command in program.commands:
        rest = command.usage.removeprefix(f"{program.name} {command.name}").strip()
        lines += [".PP", f"{_bold(program.name + ' ' + command.name)} {escape(rest)}"]
    return [*lines, ".PP", f"{_bold(program.name)} {_bold('--version')} | {_bold('--help')}"]


def _commands(program: Program) -> list[str]:
    lines = [".SH COMMANDS"]
    common = _common(program)
    for command in program.commands:
        lines += [f".SS {_quoted(program.name + ' ' + command.name)}", ".PP", escape(command.summary)]
        lines += _options(command, common)
    return lines


def _quoted(text: str) -> str:
    return '"' + escape(text).replace('"', "\\(dq") + '"'


def _examples(program: Program) -> list[str]:
    lines: list[str] = []
    for name in ("", *(command.name for command in program.commands)):
        for line, meaning in program.manual.examples.get(name, ()):
            lines += [".PP", escape(meaning) + ":", ".RS 4", ".nf", _bold(line), ".fi", ".RE"]
    return lines


def manpage(program: Program) -> str:
    manual = program.manual
    name = program.name
    lines = [
        f'.\\" {name}(1). Generated from its argument parser by `python -m reader.cliref`: do not edit.',
        f'.TH {name.upper()} 1 "" "{name}" "User Commands"',
        ".nh",
        ".ad l",
        ".SH NAME",
        f"{escape(name)} \\- {escape(manual.tagline)}",
        ".SH SYNOPSIS",
        *_synopsis(program),
        ".SH DESCRIPTION",
    ]
    for paragraph in manual.description:
        lines += _paragraph(paragraph)
    lines += [".SH OPTIONS", *_options(program.top)]
    shared = _common(program)
    if shared:
        first = program.commands[0].options
        spelled = ", ".join(
            _bold(flag) for option in first if option.flags in shared for flag in option.flags
        )
        lines += [".PP", f"Every command takes {spelled} as well."]
    lines += _commands(program)
    notes = [line for note in manual.search_notes for line in _paragraph(note)]
    files_note = _paragraph(manual.files_note) if manual.files_note else []
    for title, body in (
        ("SEARCH LANGUAGE", [*notes, *_table(manual.search_language)]),
        ("ENVIRONMENT", _table(manual.environment)),
        ("FILES", [*_table(manual.files, bold=False), *files_note]),
        ("EXIT STATUS", _table(manual.exit_status)),
        ("EXAMPLES", _examples(program)),
    ):
        if body:  # a section with nothing to say is left out
            lines += [f".SH {title}", *body]
    return "\n".join(lines) + "\n"
