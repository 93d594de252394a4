"""Front matter: YAML, TOML, JSON, none; BOM and CRLF; errors with file line numbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.load import load_archive
from reader.load.frontmatter import FrontMatterError, body_of, split
from reader.model import Problem

from .helpers import Tree


def only_article(root: Path):  # type: ignore[no-untyped-def]
    archive = load_archive(str(root))
    assert archive.problems == ()
    assert len(archive) == 1
    return archive.articles[0]


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Same Title\ndate: 2025-02-13\ntags: [a, b]\n---\nBody text here.\n",
        "+++\ntitle = 'Same Title'\ndate = 2025-02-13\ntags = ['a', 'b']\n+++\nBody text here.\n",
        '{\n  "title": "Same Title",\n  "date": "2025-02-13",\n  "tags": ["a", "b"]\n}\nBody text here.\n',
    ],
    ids=["yaml", "toml", "json"],
)
def test_three_formats_give_the_same_article(make_archive: Callable[[Tree], Path], text: str) -> None:
    loaded = only_article(make_archive({"post.md": text}))
    assert loaded.title == "Same Title"
    assert loaded.to_json()["date"] == "2025-02-13"
    assert loaded.tags == ("a", "b")
    assert loaded.summary == "Body text here."
    assert loaded.problems == ()


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\n---\n\n\nBody\n\n---\n\nmore\n",
        "+++\ntitle = 'T'\n+++\nBody +++\n",
        '{\n  "title": "T"\n}\n\nBody {\n}\n',
        "No front matter\n---\nat all\n",
        "---\ntitle: never closed\nBody\n",
        "\n---\ntitle: not at the top\n---\nBody\n",
        "",
    ],
)
def test_body_of_is_the_body_split_finds(text: str) -> None:
    """The full-text and word-count phases take the body without parsing the block again."""
    assert body_of(text) == split(text).body


def test_no_front_matter_is_a_normal_article(make_archive: Callable[[Tree], Path]) -> None:
    loaded = only_article(make_archive({"plain.md": "# Plain Heading\n\nJust text.\n"}))
    assert loaded.title == "Plain Heading"
    assert loaded.summary == "Just text."
    assert loaded.problems == ()


def test_bom_and_crlf(make_archive: Callable[[Tree], Path]) -> None:
    data = "\ufeff---\r\ntitle: With BOM\r\ntags:\r\n  - x\r\n---\r\nFirst line\r\nsecond line\r\n"
    loaded = only_article(make_archive({"bom.md": data.encode("utf-8")}))
    assert loaded.title == "With BOM"
    assert loaded.tags == ("x",)
    assert loaded.summary == "First line second line"


def test_split_keeps_body_without_front_matter() -> None:
    parts = split("Body only\n---\nnot front matter\n")
    assert parts.metadata == {}
    assert parts.format is None


def test_unclosed_front_matter_is_read_as_body_with_a_warning(make_archive: Callable[[Tree], Path]) -> None:
    loaded = only_article(make_archive({"open.md": "---\ntitle: never closed\n\n# Heading\n"}))
    assert loaded.title == "Heading"
    assert any(problem.startswith("front-matter") for problem in loaded.problems)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: ok\n\tbad: tab\n---\nbody\n", 3),
        ("---\ntitle: ok\nother: fine\nkey: a: b\n---\nbody\n", 4),
        ("---\n\n\ntitle: ok\nkey: a: b\n---\nbody\n", 5),
        ("\ufeff---\r\ntitle: ok\r\nkey: a: b\r\n---\r\nbody\r\n", 3),
        ("+++\ntitle = 'ok'\nbad = \n+++\nbody\n", 3),
        ("+++\nbad = = 1\n+++\nbody\n", 2),
        ('{\n  "title": "ok",\n  "bad": ,\n  "x": 1\n}\nbody\n', 3),
    ],
    ids=["yaml-tab", "yaml-colon", "yaml-blank-lines", "yaml-bom-crlf", "toml", "toml-first", "json"],
)
def test_malformed_front_matter_reports_the_file_line(
    make_archive: Callable[[Tree], Path], text: str, line: int
) -> None:
    archive = load_archive(str(make_archive({"ok.md": "# fine\n", "bad.md": text.encode("utf-8")})))
    assert [a.path for a in archive.articles] == ["ok.md"]
    assert len(archive.problems) == 1
    problem = archive.problems[0]
    assert isinstance(problem, Problem)
    assert (problem.path, problem.kind, problem.severity) == ("bad.md", "front-matter", "error")
    assert problem.message.startswith(f"line {line}:"), problem.message


def test_front_matter_that_is_not_a_mapping_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="not a mapping"):
        split("---\n- just\n- a list\n---\nbody\n")


def test_yaml_is_loaded_safely() -> None:
    with pytest.raises(FrontMatterError):
        split("---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nbody\n")
