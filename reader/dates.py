"""Dates as a reader sees them in the list: relative ("3 days ago"), ISO, or the reader's own pattern.

The header always shows the full date as the source gave it; these short forms are for the list.
"""

from __future__ import annotations

import datetime as dt
import time

from reader.model import Stamp
from reader.text import sanitise

clock = time.time  # "now" for relative dates; tests fix it

YEAR = 365 * 86400
_UNITS = ((YEAR, "year"), (YEAR // 12, "month"), (7 * 86400, "week"), (86400, "day"), (3600, "hour"))
_SHORT = {"year": "y", "month": "mo", "week": "w", "day": "d", "hour": "h"}


def relative_date(timestamp: float, now: float | None = None, short: bool = False) -> str:
    """`3 days ago`, `yesterday`, `in 2 weeks`; `3d ago` when `short`."""
    now = clock() if now is None else now
    seconds = now - timestamp
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "now" if short else "just now"
    if seconds < 3600:
        amount = int(seconds // 60)
        label = f"{amount}m" if short else f"{amount} min"
    else:  # an hour or more: the largest unit that fits (hours at least)
        size, unit = next((size, unit) for size, unit in _UNITS if seconds >= size)
        amount = int(seconds // size)
        if unit == "day" and amount == 1 and not short:
            return "tomorrow" if future else "yesterday"
        label = f"{amount}{_SHORT[unit]}" if short else f"{amount} {unit}{'s' * (amount != 1)}"
    return f"in {label}" if future else f"{label} ago"


def format_date(stamp: Stamp, style: str, now: float | None = None, short: bool = False) -> str:
    """`stamp` in the list's `style`: "relative", "iso" (`2025-02-13 17:30`), or a strftime pattern
    applied to the date as written (its own offset kept, naive read as written)."""
    if style == "relative":
        return relative_date(stamp.timestamp, now, short)
    if style == "iso":
        return stamp.display()[:10] if short else stamp.display()
    try:
        moment = dt.datetime.fromisoformat(stamp.iso)
        return sanitise(moment.strftime(style))
    except (ValueError, OverflowError):
        return stamp.display()
