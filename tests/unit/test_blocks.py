"""`reader.load.blocks` finds front matter exactly as python-frontmatter does (its patterns were all
the loader used of the library), on any text."""

from __future__ import annotations

import re
import subprocess
import sys

import frontmatter
import pytest
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.load import blocks
from reader.load.frontmatter import body_of, split


class TOMLHandler(BaseHandler):
    """python-frontmatter's TOML handler exists only with the `toml` package installed; its
    boundary, as the library defines it (and as the loader used it, parsing with tomllib)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)


_HANDLERS = (YAMLHandler(), JSONHandler(), TOMLHandler())
_KINDS = {YAMLHandler: "yaml", JSONHandler: "json", TOMLHandler: "toml"}

_BITS = st.sampled_from(
    ["---", "----", "+++", "{", "}", "\n", "\n\n", " ", "\t", "a: 1", "x", "- y", "\u3000", "= 'z'", '"k": 2']
)


def library(text: str) -> tuple[str, str, str] | str | None:
    """What python-frontmatter finds: (kind, block, rest), None, or "unclosed"."""
    handler = frontmatter.detect_format(text, _HANDLERS)
    if handler is None:
        return None
    try:
        block, rest = handler.split(text)
    except ValueError:
        return "unclosed"
    return _KINDS[type(handler)], block, rest


def ours(text: str) -> tuple[str, str, str] | str | None:
    try:
        return blocks.find_block(text)
    except blocks.Unclosed:
        return "unclosed"


def test_the_patterns_are_the_librarys() -> None:
    assert [(b.pattern, b.flags) for b in blocks.BOUNDARIES.values()] == [
        (h.FM_BOUNDARY.pattern, h.FM_BOUNDARY.flags)  # type: ignore[union-attr]
        for h in _HANDLERS
    ]


@settings(max_examples=800, deadline=None)
@given(st.lists(_BITS, max_size=14).map("".join))
def test_blocks_are_found_as_python_frontmatter_finds_them(text: str) -> None:
    assert ours(text) == library(text)
    found = library(text)
    expected = found[2].lstrip("\n") if isinstance(found, tuple) else text
    assert body_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: a\n---\nbody\n",
        '{\n"title": "a"\n}\nbody\n',
        "+++\ntitle = 'a'\n+++\nbody\n",
        "---\ntitle: a\n",
        "no front matter\n",
        "----\ntitle: a\n-----\n\n\nbody",
    ],
)
def test_examples(text: str) -> None:
    assert ours(text) == library(text)


def test_reading_front_matter_imports_only_its_own_parser() -> None:
    """A TOML or JSON block imports neither PyYAML nor python-frontmatter, a YAML block only PyYAML,
    tomllib only TOML: each is ~10-20 ms of a `show`'s start. A block the fast reader leaves to
    PyYAML still parses."""
    code = (
        "import sys\n"
        "from reader.load.frontmatter import split\n"
        "seen = lambda: sorted(m for m in ('yaml', 'frontmatter', 'tomllib') if m in sys.modules)\n"
        "assert split('{\\n\"title\": \"a\"\\n}\\nbody').metadata == {'title': 'a'}\n"
        "print(seen())\n"
        "assert split('+++\\ntitle = \"a\"\\n+++\\nbody').metadata == {'title': 'a'}\n"
        "print(seen())\n"
        "assert split('---\\ntitle: a\\n---\\nbody').metadata == {'title': 'a'}\n"
        "print(seen())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:3] == ["[]", "['tomllib']", "['tomllib', 'yaml']"]
    assert split("---\na: &x 1\nb: *x\n---\n").metadata == {"a": 1, "b": 1}
