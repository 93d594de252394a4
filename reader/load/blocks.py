"""Where a document's front matter block is, found as python-frontmatter finds it.

python-frontmatter's handlers each know a block by one pattern (`FM_BOUNDARY`): a document starting
with it has front matter, and the text up to the pattern's next match is the block. Only those
patterns were ever used of it here; importing it imports PyYAML as well (~20 ms, a sixth of a
`show`), so they are kept here, and a test holds them equal to the library's on any text.
"""

from __future__ import annotations

import re

# In the order the handlers are tried: YAML `---`, JSON `{ … }`, TOML `+++`.
YAML = re.compile(r"^-{3,}\s*$", re.MULTILINE)
JSON = re.compile(r"^(?:{|})$", re.MULTILINE)
TOML = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
BOUNDARIES = {"yaml": YAML, "json": JSON, "toml": TOML}


class Unclosed(ValueError):
    """A document opens a front matter block and never closes it."""


def find_block(text: str) -> tuple[str, str, str] | None:
    """The kind (`yaml`, `json`, `toml`) of the front matter `text` starts with, the block and the
    rest of the text; None when there is none. The block keeps the newline that ends the opening
    delimiter; a JSON block gets its braces back, as python-frontmatter's JSON handler gives it.
    Raises Unclosed for an opening delimiter that never closes."""
    for kind, boundary in BOUNDARIES.items():
        if boundary.match(text):
            parts = boundary.split(text, 2)
            if len(parts) != 3:
                raise Unclosed(kind)
            block = "{" + parts[1] + "}" if kind == "json" else parts[1]
            return kind, block, parts[2]
    return None


def body_of(text: str) -> str:
    """The body `reader.load.frontmatter.split` finds in `text`, without parsing the front matter
    (nor checking it): a search's snippet and the full-text index read bodies this way."""
    try:
        found = find_block(text)
    except Unclosed:
        return text
    return text if found is None else found[2].lstrip("\n")
