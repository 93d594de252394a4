"""How the commands' output is to look, decided without Rich: plain or in colour, and how wide off
a terminal. `reader.render.console` builds its Console by these rules, and the command line asks
them before it decides whether it needs that Console at all (importing Rich is most of a warm
`search | …`'s start-up)."""

from __future__ import annotations

import os

DEFAULT_WIDTH = 80


def forced_colour() -> bool:
    """FORCE_COLOR asks for colour into a pipe (`| less -R`); `0` and `false` do not."""
    value = os.environ.get("FORCE_COLOR")
    return value is not None and value.strip().lower() not in ("0", "false", "no")


def plain(color: str, is_tty: bool) -> bool:
    """Whether output is plain text (no escape byte): `never` and NO_COLOR mean plain, `always`
    colour, and `auto` colour on a terminal or into a pipe when FORCE_COLOR asks for it."""
    return (
        color == "never"
        or bool(os.environ.get("NO_COLOR"))
        or (color == "auto" and not (is_tty or forced_colour()))
    )


def width_off_terminal() -> int:
    """The width to print at where there is no terminal to ask: $COLUMNS when it holds a sensible
    number, else 80."""
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and 20 <= int(columns) <= 1000 else DEFAULT_WIDTH
