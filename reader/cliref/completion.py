"""Completion scripts for bash, zsh and fish, written from `describe`'s walk of the parsers.

Each script completes the commands (and folders, for `broadsheet ROOT`) in first place, then the
options of the command typed, the values of options with choices (`--sort`, `--color`), and paths
for a ROOT (folders) or a FILE. broadsheet takes a command only as its first word (a ROOT named like
a command is reached as ./list), and the scripts read the line the same way.
"""

from __future__ import annotations

from reader.cliref import Command, Option, Positional, Program, summary_line

HEADER = (
    "{comment} {shell} completion for {name}. Generated from its argument parser by "
    "`python -m reader.cliref`: do not edit."
)


def script(program: Program, shell: str) -> str:
    writers = {"bash": bash, "zsh": zsh, "fish": fish}
    return writers[shell](program)


def _header(program: Program, shell: str, comment: str = "#") -> str:
    return HEADER.format(comment=comment, shell=shell, name=program.name)


def _valued(command: Command) -> list[str]:
    """Every spelling of the options that take a value."""
    return [flag for option in command.options if option.metavar is not None for flag in option.flags]


def _flags(command: Command) -> list[str]:
    return [flag for option in command.options for flag in option.flags]


# --- bash ------------------------------------------------------------------------------------------

_BASH_ENGINE = r"""
# Completes the word under the cursor from what the caller set: options, valued (the options that
# take a value), positionals (one kind a place: "-", "dir", "file" or "words:a b c") and $1, the
# index of the first word after the command.
_NAME_complete() {
    local first=$1 i=$1 word position=0 rest="" kind
    while (( i < COMP_CWORD )); do
        word=${COMP_WORDS[i]}
        if [[ -n $rest ]]; then
            (( position++ ))
        elif [[ $word == -- ]]; then
            rest=1
        elif [[ $word == -* ]]; then
            if [[ " $valued " == *" $word "* ]]; then
                (( i++ ))
                [[ ${COMP_WORDS[i]} == = ]] && (( i++ ))
            fi
        elif [[ $word != = ]]; then
            (( position++ ))
        fi
        (( i++ ))
    done
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    if [[ $prev == = ]] && (( COMP_CWORD - 2 >= first )); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    [[ $cur == = ]] && cur=""
    if [[ -z $rest && $prev == -* && " $valued " == *" $prev "* ]]; then
        _NAME_values "${values[$prev]}" "$cur"
        return
    fi
    if [[ -z $rest && $cur == -* ]]; then
        local IFS=$' \t\n'
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    (( position < ${#positionals[@]} )) && _NAME_values "${positionals[position]}" "$cur"
}

# Adds the completions of one kind of value ("-": anything, nothing to offer).
_NAME_values() {
    local kind=$1 cur=$2 IFS=$'\n'
    case $kind in
        dir)
            compopt -o filenames 2>/dev/null
            COMPREPLY+=($(compgen -d -- "$cur")) ;;
        file)
            compopt -o filenames 2>/dev/null
            COMPREPLY+=($(compgen -f -- "$cur")) ;;
        words:*)
            IFS=$' \t\n'
            COMPREPLY+=($(compgen -W "${kind#words:}" -- "$cur")) ;;
    esac
}
"""


def _bash_kind(choices: tuple[str, ...], path: str | None) -> str:
    if choices:
        return "words:" + " ".join(choices)
    return path or "-"


def _bash_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _bash_case(command: Command, first: int) -> list[str]:
    values = [
        f"[{flag}]={_bash_quote(_bash_kind(option.choices, option.path))}"
        for option in command.options
        if option.metavar is not None
        for flag in option.flags
    ]
    kinds = [_bash_kind(positional.choices, positional.path) for positional in command.positionals]
    lines = [
        f"            options={_bash_quote(' '.join(_flags(command)))}",
        f"            valued={_bash_quote(' '.join(_valued(command)))}",
        f"            values=({' '.join(values)})",
        f"            positionals=({' '.join(_bash_quote(kind) for kind in kinds)})",
    ]
    return [*lines, f"            _NAME_complete {first}"]


def bash(program: Program) -> str:
    names = [command.name for command in program.commands]
    lines = [_header(program, "bash"), _BASH_ENGINE.strip("\n"), "", "_NAME() {"]
    lines += [
        "    COMPREPLY=()",
        "    local options valued positionals",
        "    local -A values",
        "    case ${COMP_WORDS[1]} in",
    ]
    for command in program.commands:
        lines.append(f"        {command.name})")
        lines.append("            if (( COMP_CWORD > 1 )); then")
        lines += ["    " + line for line in _bash_case(command, 2)]
        lines += ["                return", "            fi", "            ;;"]
    lines.append("    esac")
    top = _bash_case(program.top, 1)
    lines += [line[8:] for line in top[:-1]]
    # The first place: a command, or a ROOT folder (both offered).
    lines += [
        "    if (( COMP_CWORD == 1 )) && [[ ${COMP_WORDS[1]} != -* ]]; then",
        f'        COMPREPLY=($(compgen -W {_bash_quote(" ".join(names))} -- "${{COMP_WORDS[1]}}"))',
        "    fi",
        top[-1][8:],
        "}",
        "",
        "complete -F _NAME NAME",
    ]
    ident = program.name.replace("-", "_")
    text = "\n".join(lines) + "\n"
    return text.replace("_NAME", f"_{ident}").replace(" NAME", f" {program.name}")


# --- zsh -------------------------------------------------------------------------------------------


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_help(text: str) -> str:
    """Text inside an _arguments `[...]`: brackets and backslashes escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _zsh_message(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:")


def _zsh_action(choices: tuple[str, ...], path: str | None) -> str:
    if choices:
        return "(" + " ".join(choices) + ")"
    if path == "dir":
        return "_files -/"
    if path == "file":
        return "_files"
    return " "


def _zsh_option(option: Option) -> str:
    help_text = f"[{_zsh_help(option.help)}]"
    value = ""
    if option.metavar is not None:
        action = _zsh_action(option.choices, option.path)
        value = f":{_zsh_message(option.metavar)}:{action}"
    repeat = "*" if option.repeat else ""
    if len(option.flags) == 1:
        flag = option.flags[0]
        suffix = ("=" if flag.startswith("--") else "+") if option.metavar is not None else ""
        return _zsh_quote(f"{repeat}{flag}{suffix}{help_text}{value}")
    exclusive = "" if option.repeat else "(" + " ".join(option.flags) + ")"
    if option.flags[0] in ("-h", "--help"):
        exclusive = "(- *)"  # help ends the command line
    spellings = "{" + ",".join(option.flags) + "}"
    return _zsh_quote(f"{repeat}{exclusive}") + spellings + _zsh_quote(f"{help_text}{value}")


def _zsh_positional(positional: Positional) -> str:
    colon = "::" if positional.optional else ":"
    action = _zsh_action(positional.choices, positional.path)
    return _zsh_quote(f"{colon}{_zsh_message(positional.name)}:{action}")


def _zsh_arguments(command: Command, indent: str, first: str | None = None) -> list[str]:
    specs = [_zsh_option(option) for option in command.options]
    positionals = list(command.positionals)
    if first is not None:  # the program's first place: a command or a ROOT
        specs.append(_zsh_quote(f"::command or {positionals[0].name}:{first}"))
        positionals = positionals[1:]
    specs += [_zsh_positional(positional) for positional in positionals]
    return (
        [f"{indent}_arguments -s -S : \\"]
        + [f"{indent}    {spec} \\" for spec in specs[:-1]]
        + [f"{indent}    {specs[-1]}"]
    )


def zsh(program: Program) -> str:
    ident = "_" + program.name.replace("-", "_")
    names = " ".join(command.name for command in program.commands)
    described = [_zsh_quote(f"{command.name}:{summary_line(command)}") for command in program.commands]
    lines = [
        f"#compdef {program.name}",
        _header(program, "zsh"),
        "",
        f"{ident}_first() {{",
        "    local -a commands",
        "    commands=(",
        *[f"        {entry}" for entry in described],
        "    )",
        "    _describe -t commands command commands",
        "    _files -/",
        "}",
        "",
        f"{ident}() {{",
        f"    local -a names=({names})",
        "    if (( CURRENT > 2 )) && [[ -n ${names[(re)${words[2]}]} ]]; then",
        "        local command=${words[2]}",
        "        shift words",
        "        (( CURRENT-- ))",
        "        case $command in",
    ]
    for command in program.commands:
        lines.append(f"            ({command.name})")
        lines += _zsh_arguments(command, "                ")
        lines.append("                ;;")
    lines += ["        esac", "        return", "    fi"]
    lines += _zsh_arguments(program.top, "    ", first=f"{ident}_first")
    lines += [
        "}",
        "",
        # Autoloaded from fpath, the file is the function's body; sourced, it registers itself.
        "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then",
        f'    {ident} "$@"',
        "else",
        f"    compdef {ident} {program.name}",
        "fi",
    ]
    return "\n".join(lines) + "\n"


# --- fish ------------------------------------------------------------------------------------------

_FISH_ENGINE = r"""
# The command typed (the first word after the program, when it names one), else nothing.
function __NAME_command
    set -l words (commandline -opc)
    if set -q words[2]; and contains -- $words[2] COMMANDS
        echo $words[2]
    end
end

function __NAME_in --argument-names command
    test "$(__NAME_command)" = "$command"
end

# Whether the word under the cursor is positional number $position of $command ("" for the program);
# the rest of the arguments are the options that take a value (their value is not a positional).
function __NAME_at --argument-names command position
    set -l valued $argv[3..-1]
    set -l words (commandline -opc)
    set -e words[1]
    __NAME_in "$command"; or return 1
    test -n "$command"; and set -e words[1]
    set -l n 0
    set -l skip 0
    set -l rest 0
    for word in $words
        if test $skip = 1
            set skip 0
        else if test $rest = 0; and test "$word" = --
            set rest 1
        else if test $rest = 0; and string match -q -- '-*' $word
            contains -- $word $valued; and set skip 1
        else
            set n (math $n + 1)
        end
    end
    test $n -eq (math $position - 1)
end
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_FISH_DIRS = "(__fish_complete_directories (commandline -ct) '')"


def _fish_values(choices: tuple[str, ...], path: str | None) -> list[str]:
    """The `complete` arguments that offer a value: choices, folders or files (none: free text)."""
    if choices:
        return ["-x", "-a", _fish_quote(" ".join(choices))]
    if path == "dir":
        return ["-x", "-a", _fish_quote(_FISH_DIRS)]
    if path == "file":
        return ["-r", "-F"]
    return ["-x"]


def _fish_option(name: str, command: Command, option: Option) -> str:
    parts = [f"complete -c {name}", "-n", _fish_quote(f'__{name}_in "{command.name}"')]
    for flag in option.flags:
        if flag.startswith("--"):
            parts += ["-l", flag[2:]]
        else:
            parts += ["-s", flag[1:]] if len(flag) == 2 else ["-o", flag[1:]]
    if option.metavar is not None:
        parts += _fish_values(option.choices, option.path)
    parts += ["-d", _fish_quote(option.help)]
    return " ".join(parts)


def _fish_positionals(name: str, command: Command) -> list[str]:
    lines = []
    valued = " ".join(_valued(command))
    for place, positional in enumerate(command.positionals, start=1):
        values = _fish_values(positional.choices, positional.path)
        if values == ["-x"]:
            continue  # free text: nothing to offer
        condition = _fish_quote(f'__{name}_at "{command.name}" {place} {valued}'.rstrip())
        lines.append(
            " ".join(
                [
                    f"complete -c {name}",
                    "-n",
                    condition,
                    *values,
                    "-d",
                    _fish_quote(positional.help or positional.name),
                ]
            )
        )
    return lines


def fish(program: Program) -> str:
    name = program.name
    engine = _FISH_ENGINE.strip("\n").replace("__NAME", f"__{name}")
    engine = engine.replace("COMMANDS", " ".join(command.name for command in program.commands))
    lines = [_header(program, "fish"), engine, "", f"complete -c {name} -f", ""]
    top = program.top
    first = _fish_quote(f'__{name}_at "" 1 {" ".join(_valued(top))}'.rstrip())
    for command in program.commands:
        lines.append(
            f"complete -c {name} -n {first} -a {command.name} -d {_fish_quote(summary_line(command))}"
        )
    lines += [_fish_option(name, top, option) for option in top.options]
    lines += _fish_positionals(name, top)
    for command in program.commands:
        lines += ["", f"# {name} {command.name}"]
        lines += [_fish_option(name, command, option) for option in command.options]
        lines += _fish_positionals(name, command)
    return "\n".join(lines) + "\n"
