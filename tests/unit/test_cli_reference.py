"""The command line explains itself: `--help` that teaches, shell completion and the man page, all
from the one set of parsers, and the copies shipped in the wheel equal to what they generate."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from reader import clihelp, language
from reader.cli import COMMANDS, _build_parsers, main
from reader.cliref import SHIPPED, Program, broadsheet, describe, generate, shipped_folder
from reader.cliref.completion import script
from reader.cliref.manpage import manpage

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "python -m reader.cliref"


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


# --- --help -----------------------------------------------------------------------------------------


def test_every_command_and_option_is_described() -> None:
    top, commands = _build_parsers()
    assert sorted(commands) == sorted(COMMANDS)
    for name, parser in [("", top), *commands.items()]:
        command = describe(parser, name)
        assert command.summary, name
        for option in command.options:
            assert option.help, (name, option.flags)
        for positional in command.positionals:
            assert positional.help, (name, positional.name)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_ends_with_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    text = help_of(capsys, command)
    examples = text[text.index("\nexamples:\n") :]
    assert clihelp.EXAMPLES[command]
    for line, meaning in clihelp.EXAMPLES[command]:
        assert line in examples
        assert meaning in examples
    assert text.rstrip().endswith(clihelp.EXAMPLES[command][-1][1])


def test_top_help_names_the_environment_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys)
    for variable in ("BROADSHEET_CACHE_DIR", "BROADSHEET_STATE_DIR", "BROADSHEET_CONFIG_DIR"):
        assert f"\n  {variable}" in text
    for variable in ("BROADSHEET_DEBUG", "NO_COLOR"):
        assert variable in text
    exits = text[text.index("exit status:") :]
    for code in ("0", "1", "2"):
        assert f"\n  {code} " in exits
    assert "broadsheet completion SHELL" in text


@pytest.mark.parametrize("command", ["search", "list"])
def test_query_commands_teach_the_search_language(capsys: pytest.CaptureFixture[str], command: str) -> None:
    text = " ".join(help_of(capsys, command).split())
    for syntax, meaning in language.SEARCH_LANGUAGE:
        assert " ".join(f"{syntax} {meaning}".split()) in text
    assert "needs -- before it" in text


def test_the_app_help_shows_the_same_search_language() -> None:
    from reader.ui.screens import help as screen

    assert screen.SEARCH_LANGUAGE is language.SEARCH_LANGUAGE


def test_help_imports_neither_rich_nor_textual() -> None:
    code = textwrap.dedent(
        """
        import contextlib, io, sys
        from reader.cli import main
        for argv in (["--help"], ["search", "--help"], ["list", "--help"], ["--version"]):
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                main(argv)
        print(sorted({m.split(".")[0] for m in sys.modules} & {"rich", "textual", "sqlite3", "yaml"}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


# --- the shipped copies -------------------------------------------------------------------------


@pytest.mark.parametrize("what", SHIPPED)
def test_shipped_copies_are_up_to_date(what: str) -> None:
    path = shipped_folder(ROOT) / SHIPPED[what]
    assert path.read_text(encoding="utf-8") == generate(what), (
        f"{path.relative_to(ROOT)} is out of date with the parsers: run `{REGENERATE}` and commit"
    )


def test_the_wheel_installs_them_where_shells_and_man_look() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shared = config["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared == {
        "docs/shell/broadsheet.bash": "share/bash-completion/completions/broadsheet",
        "docs/shell/_broadsheet": "share/zsh/site-functions/_broadsheet",
        "docs/shell/broadsheet.fish": "share/fish/vendor_completions.d/broadsheet.fish",
        "docs/shell/broadsheet.1": "share/man/man1/broadsheet.1",
    }
    for source in shared:
        assert (ROOT / source).is_file()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert out == generate(shell)
    assert "broadsheet" in out


def test_completion_of_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "tcsh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("broadsheet: ")
    assert "tcsh" in err
    assert len(err.strip().splitlines()) == 1


# --- bash completion, run by bash --------------------------------------------------------------------


def complete_bash(cwd: Path, *words: str) -> list[str]:
    """What the shipped bash script offers for the command line `words` (the last one being typed)."""
    array = " ".join("'" + word.replace("'", "'\\''") + "'" for word in words)
    program = f"""
        source {shlex_quote(str(shipped_folder(ROOT) / SHIPPED["bash"]))}
        COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}; COMPREPLY=()
        _broadsheet
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    (tmp_path / "notes" / "2024").mkdir(parents=True)
    (tmp_path / "notes" / "post.md").write_text("# Post\n", encoding="utf-8")
    (tmp_path / "nothing.txt").write_text("", encoding="utf-8")
    return tmp_path


def test_bash_completes_commands_and_folders_first(folders: Path) -> None:
    offered = complete_bash(folders, "broadsheet", "")
    assert set(COMMANDS) <= set(offered)
    assert "notes" in offered
    assert "nothing.txt" not in offered  # ROOT is a folder
    assert complete_bash(folders, "broadsheet", "se") == ["search", "serve"]
    assert complete_bash(folders, "broadsheet", "--v") == ["--version"]


def test_bash_completes_options_and_their_choices(folders: Path) -> None:
    assert complete_bash(folders, "broadsheet", "list", "--s") == ["--series", "--sort", "--starred"]
    assert complete_bash(folders, "broadsheet", "list", "--sort", "") == ["date", "title"]
    assert complete_bash(folders, "broadsheet", "list", "--sort", "=", "t") == ["title"]
    assert complete_bash(folders, "broadsheet", "show", "--color", "n") == ["never"]
    assert complete_bash(folders, "broadsheet", "completion", "") == ["bash", "zsh", "fish"]
    assert complete_bash(folders, "broadsheet", "list", "--tag", "") == []  # a free value


def test_bash_completes_paths_by_place(folders: Path) -> None:
    assert complete_bash(folders, "broadsheet", "list", "--tag", "x", "no") == ["notes"]
    assert complete_bash(folders, "broadsheet", "list", "notes", "") == []  # one ROOT only
    assert set(complete_bash(folders, "broadsheet", "show", "notes/")) == {"notes/2024", "notes/post.md"}
    assert complete_bash(folders, "broadsheet", "search", "no") == []  # QUERY comes first
    assert complete_bash(folders, "broadsheet", "search", "--limit", "3", "q", "no") == ["notes"]
    assert complete_bash(folders, "broadsheet", "search", "--", "-tag:x", "no") == ["notes"]


# --- zsh and fish: what the scripts hold (and, where the shell is here, that it parses them) ---------


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_name_every_command_option_and_choice(shell: str) -> None:
    text = generate(shell)
    program = broadsheet()
    for command in program.commands:
        assert command.name in text
        for option in command.options:
            for flag in option.flags:
                assert flag.lstrip("-") in text, (command.name, flag)
            for choice in option.choices:
                assert choice in text
    if shutil.which(shell):
        subprocess.run([shell, "-n", str(shipped_folder(ROOT) / SHIPPED[shell])], check=True, timeout=30)


def test_zsh_completes_folders_for_root_and_files_for_file() -> None:
    text = generate("zsh")
    assert "'::ROOT:_files -/'" in text
    assert "':FILE:_files'" in text
    assert "'--sort=[newest first (date, the default) or by title]:SORT:(date title)'" in text
    assert "'*--tag=[only articles with tag T]:T: '" in text  # may repeat


def test_fish_offers_folders_after_the_query_of_search() -> None:
    text = generate("fish")
    assert '__broadsheet_at "search" 2 --limit' in text
    assert "-l color -x -a 'auto always never'" in text


# --- the generators are generic: options added later reach every script -----------------------


def toy_program() -> Program:
    top = argparse.ArgumentParser(prog="toy", description="A toy.")
    top.add_argument("root", nargs="?", metavar="ROOT", help="a folder")
    sub = argparse.ArgumentParser(prog="toy export", description="Export an article. More words.")
    sub.add_argument("article", metavar="FILE", help="the article")
    sub.add_argument("--to", metavar="OUT", help="where it goes").completion = "file"  # type: ignore[attr-defined]
    sub.add_argument("--format", choices=("text", "html"), default="text", help="what it becomes")
    sub.add_argument("-x", "--exclude", action="append", metavar="W", help="leave out W [any] of it")
    return Program("toy", describe(top), (describe(sub, "export"),))


def test_an_option_added_to_a_parser_reaches_every_script() -> None:
    program = toy_program()
    export = program.commands[0]
    assert export.options[-1].repeat
    assert export.options[1].path == "file"  # set on the action
    assert export.positionals[0].path == "file"  # read from the metavar
    assert "[--to]='file'" in script(program, "bash")
    assert "[--format]='words:text html'" in script(program, "bash")
    zsh = script(program, "zsh")
    assert "'--to=[where it goes]:OUT:_files'" in zsh
    assert "'*'{-x,--exclude}'[leave out W \\[any\\] of it]:W: '" in zsh
    assert "'export:Export an article'" in zsh
    fish = script(program, "fish")
    assert "-l to -r -F -d 'where it goes'" in fish
    assert "-s x -l exclude -x -d 'leave out W [any] of it'" in fish
    page = manpage(program)
    assert "\\fB\\-\\-format\\fR \\fI{text,html}\\fR" in page
    assert "\\fB\\-x\\fR, \\fB\\-\\-exclude\\fR \\fIW\\fR" in page


def test_bash_runs_a_generated_script_for_another_program(tmp_path: Path) -> None:
    path = tmp_path / "toy.bash"
    path.write_text(script(toy_program(), "bash"), encoding="utf-8")
    program = f"""
        source {shlex_quote(str(path))}
        COMP_WORDS=(toy export --format ''); COMP_CWORD=3; COMPREPLY=()
        _toy
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["text", "html"]


# --- the man page ---------------------------------------------------------------------------------


def test_the_man_page_has_every_section_command_and_option() -> None:
    page = generate("man")
    sections = [line[4:] for line in page.splitlines() if line.startswith(".SH ")]
    assert sections == [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "SEARCH LANGUAGE",
        "ENVIRONMENT",
        "FILES",
        "EXIT STATUS",
        "EXAMPLES",
    ]
    for command in broadsheet().commands:
        assert f'.SS "broadsheet {command.name}"' in page
        for option in command.options:
            assert option.flags[-1].replace("-", "\\-") in page
    for syntax, _ in language.SEARCH_LANGUAGE:
        assert syntax.replace("-", "\\-").replace('"', '"') in page
    assert "\\[u963F]\\[u91CC]" in page  # 阿里, named for any groff


def test_the_man_page_lines_are_roff() -> None:
    for line in generate("man").splitlines():
        assert not line.startswith("'"), line
        if line.startswith("."):
            assert line.split()[0] in {
                '.\\"',
                ".TH",
                ".SH",
                ".SS",
                ".PP",
                ".TP",
                ".RS",
                ".RE",
                ".nf",
                ".fi",
                ".nh",
                ".ad",
            }, line
        assert line.isascii(), line
    if shutil.which("groff"):
        done = subprocess.run(
            ["groff", "-man", "-Tutf8", "-ww", "-z", str(shipped_folder(ROOT) / SHIPPED["man"])],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, "")
