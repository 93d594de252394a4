"""The user's own programs (editor, pager, a shell command) and the files an export may write.

No Textual and no Rich here: the app and the command line both ask these rules. We only launch the
user's programs; nothing here writes an article, and nothing writes under the archive.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_EDITOR = "vi"
DEFAULT_PAGER = "less -R"
# What a pager is told when the user told it nothing, as git does: quit when it all fits on one
# screen (F), pass colours (R), leave the text on screen after quitting (X).
DEFAULT_LESS = "FRX"
SHELL_NOT_FOUND = 127  # the status a POSIX shell gives for a command it cannot find


class ToolError(Exception):
    """A program could not be started, or a file not written; the message says why, in words."""


def _split(command: str, variable: str) -> list[str]:
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise ToolError(f"${variable} cannot be read as a command ({error})") from None
    if not words:
        raise ToolError(f"${variable} is empty")
    return words


def editor_command(path: str) -> list[str]:
    """`$VISUAL`, else `$EDITOR`, else `vi`, split as a shell would, with `path` appended."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return [*_split(value, variable), path]
    return [DEFAULT_EDITOR, path]


def pager_command() -> list[str] | None:
    """`$BROADSHEET_PAGER`, else `$PAGER`, else `less -R`, as git and man choose theirs; None when
    the one set is empty or `cat` (no pager: print)."""
    for variable in ("BROADSHEET_PAGER", "PAGER"):
        value = os.environ.get(variable)
        if value is not None:
            value = value.strip()
            if value in ("", "cat"):
                return None
            return _split(value, variable)
    return shlex.split(DEFAULT_PAGER)


def pager_environment() -> dict[str, str]:
    """The pager's environment: `LESS=FRX` unless the user set LESS (and `LV=-c` for lv), as git."""
    environment = dict(os.environ)
    environment.setdefault("LESS", DEFAULT_LESS)
    environment.setdefault("LV", "-c")
    return environment


def run_editor(path: str) -> None:
    """Run the editor on `path` in the foreground and wait for it. Raises ToolError when it cannot
    start or ends with a failure status."""
    command = editor_command(path)
    try:
        status = subprocess.call(command)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the command
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ToolError(f"the editor {command[0]} could not start: {reason}") from None
    if status != 0:
        raise ToolError(f"the editor {command[0]} {_status(status)}")


def run_shell(command: str, text: str) -> int:
    """Run `command` through the user's shell with `text` (UTF-8) on its standard input, output on
    the terminal; its exit status. Raises ToolError when no shell could start."""
    try:
        # A command the user typed, run as their shell runs it (pipes, quotes, ~ and all).
        return subprocess.run(  # noqa: S602
            command, shell=True, input=text.encode("utf-8", "replace"), check=False
        ).returncode
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the command
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ToolError(f"the command could not start: {reason}") from None


def command_failure(command: str, status: int) -> str | None:
    """What to tell the reader of a shell command that ended with `status` (None: it succeeded)."""
    if status == 0:
        return None
    name = command.split()[0] if command.split() else command
    if status == SHELL_NOT_FOUND:
        return f"{name}: command not found"
    return f"{name} {_status(status)}"


def _status(status: int) -> str:
    if status < 0:
        return f"was stopped by signal {-status}"
    return f"exited with status {status}"


def wait_for_enter(prompt: str = "Press Enter to return to broadsheet") -> None:
    """What mutt and newsboat do after a command: the reader sees its output until they press Enter.
    Read from the terminal itself, whatever standard input is."""
    try:
        with open("/dev/tty", "r+", encoding="utf-8", errors="replace") as tty:
            tty.write(f"\n{prompt}… ")
            tty.flush()
            tty.readline()
    except OSError:
        sys.stdout.write(f"\n{prompt}… ")
        sys.stdout.flush()
        sys.stdin.readline()


def read_source(root: str, relpath: str) -> str:
    """The article's file as text (front matter included), as the loader reads it: decoded, and
    without the control characters a command could pass on to the terminal. Raises ToolError."""
    from reader.load import LoadError, read_text

    try:
        return read_text(os.path.join(root, relpath))
    except LoadError as error:
        raise ToolError(f"{relpath}: {error.message}") from None


# --- exports ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """Where an export goes: `path` absolute; `exists` when writing it would replace a file."""

    path: Path
    exists: bool


def default_export_name(article_path: str, suffix: str) -> str:
    """The article's file name with `suffix` for its extension (`2024/ferry.md` → `ferry.txt`);
    a Hugo bundle's `index.md` takes its folder's name."""
    stem = Path(article_path).stem
    if stem in ("index", "_index", "-", "<stdin>") and Path(article_path).parent.name:
        stem = Path(article_path).parent.name
    stem = "".join(char for char in stem if char.isprintable() and char not in "/\\") or "article"
    return stem + suffix


def export_target(name: str, archive_root: str, cwd: str | None = None) -> ExportTarget:
    """The file an export named `name` writes (`~` expanded, relative to `cwd`), refused when it is
    a folder or lies inside the archive (which we never write into). Raises ToolError."""
    name = name.strip()
    if not name:
        raise ToolError("no file name given")
    path = Path(os.path.expanduser(name))
    if not path.is_absolute():
        path = Path(cwd or os.getcwd()) / path
    resolved = path.resolve()
    archive = Path(archive_root).resolve()
    if resolved == archive or archive in resolved.parents:
        raise ToolError(f"{resolved} is inside the archive, which broadsheet never writes to")
    if resolved.is_dir():
        raise ToolError(f"{resolved} is a folder")
    if not resolved.parent.is_dir():
        raise ToolError(f"there is no folder {resolved.parent}")
    return ExportTarget(resolved, resolved.exists())


def write_export(target: ExportTarget, text: str) -> None:
    """Write `text` (UTF-8) to the target, atomically: a temporary file beside it, then renamed.
    Raises ToolError."""
    temporary = target.path.with_name(f".{target.path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target.path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise ToolError(f"{target.path} could not be written: {error.strerror or error}") from None
