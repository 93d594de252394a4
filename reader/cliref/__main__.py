"""`python -m reader.cliref`: rewrite the completion scripts and the man page kept in docs/shell/
from the parsers as they are now (after adding or changing an option). `--check` only says whether
they are up to date (exit 1 when not)."""

from __future__ import annotations

import sys

from reader.cliref import SHIPPED, broadsheet, generate, shipped_folder


def main(argv: list[str]) -> int:
    folder = shipped_folder()
    program = broadsheet()
    stale = []
    for what, file_name in SHIPPED.items():
        path = folder / file_name
        text = generate(what, program)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if "--check" not in argv:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if "--check" in argv else "rewritten"
    for path in stale:
        print(f"{verb}: {path}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
