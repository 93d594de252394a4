"""The `--json` outputs keep the contract docs/json.md states: real outputs of an archive with every
kind of field hold to the JSON Schema beside it, field for field (none undocumented, none missing,
each of its documented type), and the page's tables are the schema's."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.cliref import jsondoc
from reader.load import load_archive
from reader.state import ReadingState

from .helpers import Tree

Schema = dict[str, Any]
# The checkout's files, not the installed package's folder: `pytest` tests the installed wheel.
TREE = Path(__file__).resolve().parents[2]
SCHEMA = jsondoc.load_schema(jsondoc.schema_path(TREE))

ARCHIVE: Tree = {
    "2025/02/full.md": (
        "---\ntitle: Everything\ndate: 2025-02-13 17:30:11 +0800\nlastmod: 2025-03-01\n"
        "tags: [tech, 财经]\ncategories: [Business]\nseries: [Reports]\nauthor: 某某\n"
        "summary: A summary.\ndraft: true\nthumbnail: https://example.com/t.jpg\n---\n"
        "Cloud market news. [a link](https://example.com/a) and ![a picture](pic.png)\n"
    ),
    "2024/plain.md": "# Plain\n\nCloud words only.\n",
    "odd.md": "---\ntitle: Odd\ndate: not a date\ntags: [x, {a: 1}, Tech]\n---\nBody.\n",
    "broken.md": "---\ntitle: [unclosed\n---\nBody.\n",
}


@pytest.fixture
def archive(make_archive: Callable[[Tree], Path]) -> Path:
    root = make_archive(ARCHIVE)
    articles = {article.path: article for article in load_archive(str(root)).articles}
    with ReadingState(str(root)) as state:
        state.set([articles["2025/02/full.md"]], read=True, starred=True)
    return root


def output(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    assert main([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


# --- a small validator: the schema's keywords we use, strictly ---------------------------------------


def flatten(schema: Schema) -> Schema:
    """`schema` with `$ref` resolved and `allOf` merged into one (later parts override a field)."""
    schema = jsondoc.resolve(schema, SCHEMA)
    if "allOf" not in schema:
        return schema
    merged: Schema = {"properties": {}, "required": []}
    for part in map(flatten, schema["allOf"]):
        merged["properties"].update(part.get("properties", {}))
        merged["required"] += part.get("required", [])
        if "type" in part:
            merged["type"] = part["type"]
    return merged


def kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    names = {int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    return "null" if value is None else names[type(value)]


def validate(value: Any, schema: Schema, where: str = "$") -> None:
    """Raises AssertionError where `value` leaves the schema, or carries a field it does not name."""
    schema = flatten(schema)
    if "enum" in schema:
        assert value in schema["enum"], where
    if "type" in schema:
        types = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        assert kind(value) in types, f"{where}: {kind(value)} is not {types}"
    if isinstance(value, dict):
        fields = schema.get("properties", {})
        for name in schema.get("required", []):
            assert name in value, f"{where}: no {name!r}"
        for name, item in value.items():
            if name in fields:
                validate(item, fields[name], f"{where}.{name}")
            else:
                extra = schema.get("additionalProperties")
                assert isinstance(extra, dict), f"{where}.{name}: not in the schema (document it)"
                validate(item, extra, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for number, item in enumerate(value):
            validate(item, schema["items"], f"{where}[{number}]")


def definition(name: str) -> Schema:
    schema: Schema = SCHEMA["$defs"][name]
    return schema


# --- real outputs ---------------------------------------------------------------------------------


def test_list_and_search_hold_to_the_schema(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    items = output(capsys, "list", str(archive))
    validate(items, definition("list"))
    # Every kind of value each field may take was seen, so the check above meant something.
    article = definition("article")
    for name, field in article["properties"].items():
        values = [item[name] for item in items]
        if "null" in field["type"]:
            assert None in values, name
            assert any(value is not None for value in values), name
        if field["type"] == "array":
            assert any(values), name
        if field["type"] == "boolean":
            assert set(values) == {True, False}, name
    validate(output(capsys, "search", "cloud", str(archive)), definition("search"))
    validate(output(capsys, "list", str(archive), "--query", "cloud", "--sort", "title"), definition("list"))


def test_tags_check_and_state_hold_to_the_schema(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    tags = output(capsys, "tags", str(archive))
    validate(tags, definition("tags"))
    assert tags["tags"]["tech"] == 1
    check = output(capsys, "check", str(archive), code=1)
    validate(check, definition("check"))
    assert {problem["severity"] for problem in check["problems"]} == {"error", "warning"}
    assert [group["field"] for group in check["near_duplicates"]] == ["tags"]  # tech / Tech
    validate(output(capsys, "state"), definition("state"))
    validate(output(capsys, "state", "--repair"), definition("state-repair"))


def test_state_of_a_damaged_file_holds_to_the_schema(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    from reader.state import state_path

    state_path().write_bytes(b"not a database at all" * 100)
    damaged = output(capsys, "state", code=1)
    validate(damaged, definition("state"))
    assert damaged["damage"] is not None
    repaired = output(capsys, "state", "--repair")
    validate(repaired, definition("state-repair"))
    assert repaired["moved"]


# --- show: the path as given, and where it lies -------------------------------------------------------


def test_show_gives_the_path_as_given_and_its_place_under_root(
    capsys: pytest.CaptureFixture[str], archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive / "2025")
    data = output(capsys, "show", "02/full.md", "--root", "..")
    validate(data, definition("show"))
    assert data["path"] == "02/full.md"
    assert data["root"] == os.path.realpath(archive)
    assert data["relative_path"] == "2025/02/full.md"
    listed = {item["path"] for item in output(capsys, "list", str(archive))}
    assert data["relative_path"] in listed
    assert data["links"][0] == {"text": "a link", "url": "https://example.com/a", "image": False}


def test_show_uses_the_settings_root_when_the_file_is_inside_it(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    config = Path(os.environ["BROADSHEET_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(f"root = {json.dumps(str(archive))}\n", encoding="utf-8")
    inside = output(capsys, "show", str(archive / "2024" / "plain.md"))
    assert (inside["root"], inside["relative_path"]) == (os.path.realpath(archive), "2024/plain.md")
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("# Elsewhere\n", encoding="utf-8")
    outside = output(capsys, "show", str(elsewhere))
    validate(outside, definition("show"))
    assert (outside["path"], outside["root"], outside["relative_path"]) == (str(elsewhere), None, None)


def test_show_without_any_root_has_none(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    data = output(capsys, "show", str(archive / "odd.md"))
    assert (data["root"], data["relative_path"]) == (None, None)
    assert data["problems"]


def test_show_through_a_symlinked_folder_inside_root(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    (archive / "linked").symlink_to(archive / "2024")
    data = output(capsys, "show", str(archive / "linked" / "plain.md"), "--root", str(archive))
    assert data["relative_path"] == "linked/plain.md"


def test_show_root_that_does_not_hold_the_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    assert main(["show", str(archive / "odd.md"), "--root", str(other), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("broadsheet: ")
    assert "is not inside" in err
    assert len(err.strip().splitlines()) == 1


def test_show_root_does_not_change_what_show_prints(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    target = str(archive / "2024" / "plain.md")
    assert main(["show", target, "--color", "never"]) == 0
    plain = capsys.readouterr().out
    assert main(["show", target, "--color", "never", "--root", str(archive)]) == 0
    assert capsys.readouterr().out == plain


# --- the page ---------------------------------------------------------------------------------------


def test_the_json_page_shows_the_schema() -> None:
    page = jsondoc.document_path(TREE)
    assert page.read_text(encoding="utf-8") == jsondoc.document(TREE), (
        "docs/json.md's tables differ from docs/json/broadsheet.schema.json: run `python -m reader.cliref`"
    )


def test_every_output_has_a_table_on_the_page() -> None:
    text = jsondoc.document_path(TREE).read_text(encoding="utf-8")
    for name in ("list", "search", "show", "tags", "check", "state", "state-repair"):
        assert f"<!-- json:{name} -->" in text
    assert "| `relative_path` | string or null |" in text
    assert "| `tags` | object: name → integer |" in text
