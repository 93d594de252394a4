"""The status line's text: what is in the archive, what is shown and how, what is wrong."""

from __future__ import annotations

from rich.text import Text

from reader.model import Archive
from reader.rules import Filter, order_name


def human_size(size: int) -> str:
    """`430 MiB`, `62 KiB`, `900 B`."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" or value >= 10 else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _noun(count: int) -> str:
    """ " article" or " articles", after a count drawn on its own (in bold)."""
    return " article" if count == 1 else " articles"


def status_line(
    archive: Archive, shown: int, filter: Filter, order: str, problems: int, total: int | None = None
) -> Text:
    """The permanent status line: what is in the archive, what is shown and how, what is wrong.
    `total`: the archive holds only the newest articles of that many (while a big one loads)."""
    if total is not None:
        line = Text.assemble(f"the newest {len(archive):,} of ", (f"{total:,}", "bold"), _noun(total))
    else:
        line = Text.assemble(
            (f"{len(archive):,}", "bold"), f"{_noun(len(archive))} · {human_size(archive.size)}"
        )
    if filter.pairs:
        line.append(f" · showing {shown:,}: ")
        line.append(filter.describe())
    line.append(f" · {order_name(order, archive, filter)}")
    if problems:
        line.append(" · ")
        line.append(f"{problems:,} problem{'s' * (problems != 1)}", "bold")
    return line
