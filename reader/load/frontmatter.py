"""Split a document into front matter and body, and parse the front matter.

python-frontmatter finds the block (YAML `---`, TOML `+++`, JSON `{`); we parse it ourselves so a
bad block becomes an error with a line number counted from the top of the *file*.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from reader.load import yamlfast

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]


class FrontMatterError(ValueError):
    """The front matter block exists but cannot be read; the message names the file line."""


# What a parser raises beyond its own error class while it builds values from a block that scanned
# fine: PyYAML's constructors and tomllib/json's int() raise plain ValueError for `2024-02-30`, an
# hour of 25, an offset of +24:00 or an integer of more than 4,300 digits (and PyYAML an
# AttributeError for `!!timestamp 2020`). Any of them is that file's problem, never the archive's.
_VALUE_ERRORS = (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError)


class TOMLHandler(BaseHandler):
    """`+++` front matter read with the standard library's tomllib (python-frontmatter needs `toml`)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


_HANDLERS: tuple[BaseHandler, ...] = (YAMLHandler(), JSONHandler(), TOMLHandler())
_FORMATS = {YAMLHandler: "yaml", JSONHandler: "json", TOMLHandler: "toml"}
# A YAML alias (`*name`) where a value or item may start; only such blocks take the slow, counted path.
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]")
MAX_ALIASES = 64
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
        found = _find_block(text)
    except ValueError:
        # An opening delimiter that never closes: the file is read as plain Markdown.
        return Split(
            body=text,
            warnings=[
                f"front-matter: the opening {text.split(chr(10), 1)[0]!r} is never closed; read as body"
            ],
        )
    if found is None:
        return Split(body=text)
    handler, block, body = found
    kind = _FORMATS[type(handler)]
    # Line numbers in errors count from the top of the file. python-frontmatter's block keeps the
    # newline that ends the opening delimiter (YAML, TOML) or the brace line itself (JSON), so
    # its first line is a line of the file: find where it starts.
    start = text.find(block)
    first_line = text.count("\n", 0, start) + 1 if start >= 0 else 1
    notes: list[str] = []
    metadata = _parse(kind, handler, block, first_line, notes)
    return Split(body=body.lstrip("\n"), metadata=metadata, format=kind, warnings=notes)


def body_of(text: str) -> str:
    """The body `split` finds in `text`, without parsing the front matter (nor checking it)."""
    try:
        found = _find_block(text)
    except ValueError:
        return text
    return text if found is None else found[2].lstrip("\n")


def _find_block(text: str) -> tuple[BaseHandler, str, str] | None:
    """The handler of the front matter `text` starts with, its block and the rest; None when there
    is none. Raises ValueError for an opening delimiter that never closes."""
    handler = frontmatter.detect_format(text, _HANDLERS)
    if handler is None:
        return None
    block, body = handler.split(text)
    return handler, block, body


class _AliasCountingLoader(yaml.SafeLoader):
    """The pure-Python safe loader, refusing documents that use more than a few aliases.

    An alias bomb (`a: &a [x, x]`, `b: &b [*a, *a]`, …) parses in microseconds into shared objects
    and explodes only when walked; we refuse it at the door instead.
    """

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise FrontMatterError(f"YAML: more than {MAX_ALIASES} aliases; refused")
        return super().compose_node(parent, index)


class _TolerantLoader(_AliasCountingLoader):
    """The safe loader, keeping as text the values that would not construct (`2024-02-30`, an hour
    of 25, an integer of 5,000 digits) and noting each with its line: one odd value in any key must
    not cost the whole article. Used only once the fast loaders have failed on such a value."""

    def __init__(self, stream: str, first_line: int) -> None:
        super().__init__(stream)
        self.first_line = first_line
        self.notes: list[str] = []

    def _as_text(self, node: yaml.ScalarNode, what: str) -> str:
        text = str(self.construct_scalar(node))
        shown = text if len(text) <= 40 else f"{text[:20]}…({len(text):,} characters)"
        line = node.start_mark.line + self.first_line
        self.notes.append(f"front-matter: line {line}: {shown!r} is not a valid {what}; kept as text")
        return text

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except _VALUE_ERRORS:
            return self._as_text(node, "date")

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except _VALUE_ERRORS:
            return self._as_text(node, "number")


_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", _TolerantLoader.construct_yaml_timestamp)
_TolerantLoader.add_constructor("tag:yaml.org,2002:int", _TolerantLoader.construct_yaml_int)


def _load_yaml(block: str, first_line: int, notes: list[str]) -> Any:
    simple = yamlfast.load(block)  # the common flat block, without building PyYAML nodes
    if simple is not None:
        return simple
    try:
        if _ALIAS.search(block):
            return _single_data(_AliasCountingLoader(block))
        return yaml.load(block, Loader=SafeLoader)  # a safe loader: CSafeLoader when available
    except _VALUE_ERRORS:
        loader = _TolerantLoader(block, first_line)
        data = _single_data(loader)
        notes += loader.notes
        return data


def _single_data(loader: yaml.SafeLoader) -> Any:
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


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


def _parse(kind: str, handler: BaseHandler, block: str, first_line: int, notes: list[str]) -> dict[str, Any]:
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
            data = handler.load(block)
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f"line {mark.line + first_line}: " if mark else ""
        raise FrontMatterError(f"{line}YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"YAML: {error}") from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        if found:
            number = int(found.group(1)) + first_line - 1
            message = f"line {number}: TOML: {_TOML_LINE.sub('', message).strip()}"
        raise FrontMatterError(message) from None
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
