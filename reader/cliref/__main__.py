"""`python -m reader.cliref`: rewrite what is generated from the parsers and the JSON Schema (the
completion scripts and the man page in docs/shell/, the tables of docs/json.md) after changing an
option or a JSON field. `--check` only says whether they are up to date (exit 1 when not)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from reader.cliref import SHIPPED, broadsheet, generate, shipped_folder


def outputs() -> dict[Path, Callable[[], str]]:
    """Every generated file, and how to make its text."""
    from reader.cliref import jsondoc

    program = broadsheet()
    made: dict[Path, Callable[[], str]] = {
        shipped_folder() / name: partial(generate, what, program) for what, name in SHIPPED.items()
    }
    made[jsondoc.document_path()] = jsondoc.document
    return made


def main(argv: list[str]) -> int:
    if not (shipped_folder().parents[1] / "pyproject.toml").is_file():
        print("python -m reader.cliref: run it in a source checkout of broadsheet", file=sys.stderr)
        return 2
    check = "--check" in argv
    stale = []
    for path, make in outputs().items():
        text = make()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if check else 'rewritten'}: {path}")
    return 1 if stale and check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
