"""The tables of docs/json.md, written from the JSON Schema of the `--json` outputs
(docs/json/broadsheet.schema.json), so the page users read cannot drift from the schema a test
holds the real outputs to.

The page is written by hand but for its tables: each sits between `<!-- json:NAME -->` and
`<!-- /json -->`, NAME being one of the schema's `$defs`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reader.cliref import source_tree

Schema = dict[str, Any]

_BLOCK = re.compile(r"(<!-- json:([\w-]+) -->\n)(.*?)(<!-- /json -->)", re.DOTALL)


def schema_path(tree: Path | None = None) -> Path:
    return (tree or source_tree()) / "docs" / "json" / "broadsheet.schema.json"


def document_path(tree: Path | None = None) -> Path:
    return (tree or source_tree()) / "docs" / "json.md"


def load_schema(path: Path | None = None) -> Schema:
    loaded: Schema = json.loads((path or schema_path()).read_text(encoding="utf-8"))
    return loaded


def resolve(schema: Schema, root: Schema) -> Schema:
    """`schema` with a `$ref` (to `#/$defs/…`) replaced by what it names."""
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    return schema


def type_text(schema: Schema, root: Schema) -> str:
    """A field's type in words: `string or null`, `array of strings`, `object: name → integer`."""
    schema = resolve(schema, root)
    if "enum" in schema:
        return " or ".join(f"`{json.dumps(value)}`" for value in schema["enum"])
    kinds = schema.get("type", "any")
    names = [kinds] if isinstance(kinds, str) else list(kinds)
    words = []
    for kind in names:
        if kind == "array" and "items" in schema:
            item = type_text(schema["items"], root)
            words.append(f"array of {item}s" if " " not in item else f"array of ({item})")
        elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
            words.append(f"object: name → {type_text(schema['additionalProperties'], root)}")
        else:
            words.append(kind)
    return " or ".join(words)


def _rows(schema: Schema, root: Schema, prefix: str = "") -> list[tuple[str, str, str]]:
    """(field, type, meaning) for each property of `schema` and, nested, of the objects inside it."""
    rows: list[tuple[str, str, str]] = []
    for name, field in schema.get("properties", {}).items():
        field = resolve(field, root) if "$ref" in field else field
        rows.append((prefix + name, type_text(field, root), field.get("description", "")))
        if "properties" in field:
            rows += _rows(field, root, f"{prefix}{name}.")
        items = resolve(field.get("items", {}), root)
        if "properties" in items:
            rows += _rows(items, root, f"{prefix}{name}[].")
    return rows


def _own_parts(schema: Schema, root: Schema) -> Schema:
    """The part of a definition that is its own: for `allOf`, the parts that are not a `$ref`
    (their fields are those of the definition named, said in words above the table)."""
    for part in schema.get("allOf", ()):
        if "$ref" not in part:
            return dict(part)
    return schema


def table(name: str, root: Schema) -> str:
    """The table of one `$defs` entry: an array's items, or the object itself."""
    schema = resolve(root["$defs"][name], root)
    lines = [schema.get("description", ""), ""]
    body = _own_parts(schema, root)
    if body.get("type") == "array":
        body = _own_parts(resolve(body["items"], root), root)
    lines += ["| field | type | meaning |", "|---|---|---|"]
    for field, kind, meaning in _rows(body, root):
        escaped = meaning.replace("|", "\\|")
        lines.append(f"| `{field}` | {kind} | {escaped} |")
    return "\n".join(lines) + "\n"


def render(text: str, root: Schema) -> str:
    """docs/json.md's text with every table block rewritten from the schema."""
    return _BLOCK.sub(lambda match: match[1] + table(match[2], root) + match[4], text)


def document(tree: Path | None = None) -> str:
    """docs/json.md as it should be (the page itself, its tables regenerated); `tree` is the source
    checkout (default: the one this package was imported from)."""
    return render(document_path(tree).read_text(encoding="utf-8"), load_schema(schema_path(tree)))
