"""Quotes and lists nested deeper than markdown-it's limit: every word is shown, and `check` warns.

markdown-it stops at 20 levels of tokens (10 of lists) and drops the rest silently, while the header
still counts its words. We show 20 levels of containers and flatten what is deeper.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.load import read_document
from reader.markdown import parse
from reader.ui.lines import render_steps

from .helpers import Tree

QUOTES = "".join("> " * level + f"quoted{level} words here\n" for level in range(1, 31))
LISTS = "".join("  " * level + f"- item{level} words\n" for level in range(30))
MIXED = "".join(("> " if level % 2 else "- ") * 1 for level in range(30)) + "innermost words\n"
WORDS = {
    "quotes.md": [f"quoted{level}" for level in range(1, 31)],
    "lists.md": [f"item{level}" for level in range(30)],
    "mixed.md": ["innermost"],
}


@pytest.fixture
def deep(make_archive: Callable[[Tree], Path]) -> Path:
    return make_archive(
        {
            "quotes.md": "---\ntitle: Quotes\n---\n" + QUOTES,
            "lists.md": "---\ntitle: Lists\n---\n" + LISTS,
            "mixed.md": "---\ntitle: Mixed\n---\n" + MIXED,
            "shallow.md": "---\ntitle: Shallow\n---\n" + "> " * 20 + "twenty deep is shown as it is\n",
        }
    )


@pytest.mark.parametrize("name", sorted(WORDS))
def test_show_prints_every_word_of_deep_nesting(
    name: str, deep: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(deep / name), "--width", "100", "--color", "never"]) == 0
    out = capsys.readouterr().out
    for word in WORDS[name]:
        assert word in out


@pytest.mark.parametrize("name", sorted(WORDS))
def test_the_pane_shows_every_word_of_deep_nesting(name: str, deep: Path) -> None:
    document = read_document(str(deep / name), name)
    *_, (_, content) = render_steps(document.article, document.body, str(deep), frozenset(), 100)
    text = "\n".join(content.texts)
    for word in WORDS[name]:
        assert word in text


def test_check_warns_of_nesting_deeper_than_shown(deep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(deep), "--json"]) == 0  # warnings only
    problems = json.loads(capsys.readouterr().out)["problems"]
    warnings = {problem["path"]: problem["message"] for problem in problems}
    assert warnings == {
        "lists.md": "markdown: nested 30 levels deep; shown flattened beyond 20",
        "mixed.md": "markdown: nested 30 levels deep; shown flattened beyond 20",
        "quotes.md": "markdown: nested 30 levels deep; shown flattened beyond 20",
    }
    assert {problem["kind"] for problem in problems} == {"markdown"}
    assert {problem["severity"] for problem in problems} == {"warning"}


@pytest.mark.parametrize(
    "body",
    [
        "> " * 5000 + "the bottom of the well\n",
        "".join("  " * n + f"- n{n} the bottom\n" for n in range(1500)),
    ],
    ids=["quotes-5000", "lists-1500"],
)
def test_thousands_of_levels_neither_crash_nor_lose_text(
    body: str, make_archive: Callable[[Tree], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_archive({"well.md": body})
    assert main(["show", str(root / "well.md"), "--width", "80", "--color", "never"]) == 0
    assert "the bottom" in capsys.readouterr().out.splitlines()[-1]
    assert main(["check", str(root), "--json"]) == 0
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["message"] == "markdown: nested more than 100 levels deep; shown flattened beyond 20"


def test_most_bodies_are_not_parsed_to_measure_nesting(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse_refused() -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(parse, "_measuring_parser", parse_refused)
    ordinary = "# Title\n\n> a quote\n> > nested\n\n- a\n  - b\n\n```\n            code\n```\n---------\n"
    assert parse.nesting_depth(ordinary) == 0
    assert parse.nesting_depth("> " * 10 + "ten\n\t\t\t\tfour tabs\n") == 0


def test_a_long_run_of_markers_is_measured_exactly() -> None:
    assert parse.nesting_depth("> " * 20 + "twenty\n") == 0  # shown as it is
    assert parse.nesting_depth(">" * 21 + "twenty-one\n") == 21
    assert parse.nesting_depth("-" * 40 + "\n\n" + " " * 30 + "code\n") == 0  # a rule, code


def test_what_follows_a_flattened_list_item_keeps_its_own_place(
    make_archive: Callable[[Tree], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    body = LISTS + "\nAfter the list.\n\n" + "> " * 25 + "a deep quote\n\n- a new list\n"
    root = make_archive({"after.md": body})
    assert main(["show", str(root / "after.md"), "--width", "100", "--color", "never"]) == 0
    lines = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    assert "After the list." in lines  # at the left margin, not inside the deepest item
    assert "│ " * 21 + "a deep quote" in lines
    assert " • a new list" in lines
