"""Split a document into front matter and body, and parse the front matter.

The block is found as python-frontmatter finds it (YAML `---`, TOML `+++`, JSON `{`; see
`reader.load.blocks`); we parse it ourselves so a bad block becomes an error with a line number
counted from the top of the *file*. Each parser is imported when a block needs it: PyYAML for YAML
(`yamlfast`, and `yamlfull` for what that leaves), tomllib for TOML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from reader.load import blocks
from reader.load.blocks import body_of

__all__ = ["FrontMatterError", "Split", "body_of", "split"]


class FrontMatterError(ValueError):
    """The front matter block exists but cannot be read; the message names the file line."""


MAX_BLOCK = 256 * 1024
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(slots=True)
class Split:
    """A document cut in two: `metadata` from the front matter (empty when there is none) and the body."""

    body: str
    metadata: dict[str, Any] = field(default_factory=dict)
    format: str | None = None
    warnings: list[str] = field(default_factory=list)


def split(text: str) -> Split:
    """Find and parse the front matter of `text` (already decoded, BOM removed, `\\n` line ends).

    Raises FrontMatterError for a block that exists but does not parse.
    """
    try:
        found = blocks.find_block(text)
    except blocks.Unclosed:
        # An opening delimiter that never closes: the file is read as plain Markdown.
        return Split(
            body=text,
            warnings=[
                f"front-matter: the opening {text.split(chr(10), 1)[0]!r} is never closed; read as body"
            ],
        )
    if found is None:
        return Split(body=text)
    kind, block, body = found
    # Line numbers in errors count from the top of the file. python-frontmatter's block keeps the
    # newline that ends the opening delimiter (YAML, TOML) or the brace line itself (JSON), so
    # its first line is a line of the file: find where it starts.
    start = text.find(block)
    first_line = text.count("\n", 0, start) + 1 if start >= 0 else 1
    notes: list[str] = []
    metadata = _parse(kind, block, first_line, notes)
    return Split(body=body.lstrip("\n"), metadata=metadata, format=kind, warnings=notes)


def _load_yaml(block: str, first_line: int, notes: list[str]) -> Any:
    from reader.load import yamlfast

    simple = yamlfast.load(block)  # the common flat block, without building PyYAML nodes
    if simple is not None:
        return simple
    from reader.load import yamlfull

    return yamlfull.load(block, first_line, notes)


def _load_toml(block: str, first_line: int) -> Any:
    import tomllib

    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        if found:
            number = int(found.group(1)) + first_line - 1
            message = f"line {number}: TOML: {_TOML_LINE.sub('', message).strip()}"
        raise FrontMatterError(message) from None


class _TolerantInt:
    """json's `parse_int`: an integer Python refuses to convert (over 4,300 digits) is kept as text."""

    def __init__(self, block: str, first_line: int, notes: list[str]) -> None:
        self.block = block
        self.first_line = first_line
        self.notes = notes

    def __call__(self, text: str) -> int | str:
        try:
            return int(text)
        except ValueError:
            line = self.block.count("\n", 0, max(self.block.find(text), 0)) + self.first_line
            digits = len(text.lstrip("-"))
            self.notes.append(f"front-matter: line {line}: a number of {digits:,} digits; kept as text")
            return text


def _parse(kind: str, block: str, first_line: int, notes: list[str]) -> dict[str, Any]:
    """The block's fields; values that could be read only as text leave a warning in `notes`.
    Raises FrontMatterError, whatever went wrong in the parser."""
    if len(block) > MAX_BLOCK:
        raise FrontMatterError(f"front matter is larger than {MAX_BLOCK // 1024} KiB; refused")
    try:
        if kind == "yaml":
            data = _load_yaml(block, first_line, notes)
        elif kind == "json":
            data = json.loads(block, parse_int=_TolerantInt(block, first_line, notes))
        else:
            data = _load_toml(block, first_line)
    except FrontMatterError:
        raise
    except json.JSONDecodeError as error:
        raise FrontMatterError(f"line {error.lineno + first_line - 1}: JSON: {error.msg}") from None
    except RecursionError:
        raise FrontMatterError("front matter nests too deeply") from None
    except Exception as error:  # whatever a parser raises is this file's problem
        raise FrontMatterError(_value_error(error, kind, block, first_line)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is a {type(data).__name__}, not a mapping of fields")
    return {str(key): value for key, value in data.items()}


_LONG_DIGITS = re.compile(r"\d{4301,}")


def _value_error(error: Exception, kind: str, block: str, first_line: int) -> str:
    """A one-line account of a value a parser could not build, with its line where it can be found."""
    parser = kind.upper()
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        found = _LONG_DIGITS.search(block)
        where = f"line {block.count(chr(10), 0, found.start()) + first_line}: " if found else ""
        return f"{where}{parser}: a number of more than 4,300 digits"
    message = str(error).split("\n", 1)[0][:200]
    return f"{parser}: {type(error).__name__}: {message}" if message else f"{parser}: {type(error).__name__}"
