"""The search language: words, "exact phrases", and filters, all combined with AND.

    阿里 "cloud market" tag:科技 -tag:draft category:news after:2024-01 before:2025-06-30 is:draft

* a word must occur: Latin words whole and case-insensitive (`term*` for a prefix), CJK as a
  substring, one character included; `-word` drops articles containing it;
* `"…"` is an exact phrase;
* `tag:x`, `category:x` (or `cat:x`) keep articles carrying x; `-tag:x`, `-category:x` drop them;
  quote a value with spaces: `tag:"open source"`; `series:x` (`-series:x`) those of series x;
* `after:D` keeps articles dated on or after D, `before:D` those dated before D; D is `2024`,
  `2024-01` or `2024-01-31`; undated articles are dropped by either;
* `is:draft` / `-is:draft`; `is:unread`, `is:starred` and their negations are kept for the app.

Anything that does not parse as a filter is searched as a word, so no query is ever an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))')
_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_FILTERS = {"tag", "category", "cat", "series", "after", "before", "is"}


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    not_words: tuple[str, ...] = ()  # -word: articles containing it are dropped
    tags: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    not_categories: tuple[str, ...] = ()
    series: tuple[str, ...] = ()  # front matter `series`, as written
    not_series: tuple[str, ...] = ()
    after: float | None = None  # UTC timestamp, inclusive
    before: float | None = None  # UTC timestamp, exclusive
    flags: tuple[tuple[str, bool], ...] = ()  # ("draft", True) for is:draft, False for -is:draft

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def terms(self) -> tuple[str, ...]:
        """What the text must contain: the words (`word*` a prefix) and the phrases. Where each occurs
        is `reader.text.find_term`, for snippets and for highlights in an opened article alike."""
        return (*self.words, *self.phrases)

    @property
    def is_empty(self) -> bool:
        return self == Query()

    def flag(self, name: str) -> bool | None:
        for flag, wanted in self.flags:
            if flag == name:
                return wanted
        return None


def _day_start(text: str) -> float | None:
    """Start (UTC) of the day, month or year `text` names; None when it names none."""
    found = _DAY.match(text)
    if not found:
        return None
    year, month, day = int(found[1]), int(found[2] or 1), int(found[3] or 1)
    try:
        return dt.datetime(year, month, day, tzinfo=dt.UTC).timestamp()
    except ValueError:
        return None


def parse_query(text: str) -> Query:
    """Parse `text`; never raises."""
    words: list[str] = []
    phrases: list[str] = []
    not_words: list[str] = []
    fields: dict[str, list[str]] = {
        "tags": [],
        "not_tags": [],
        "categories": [],
        "not_categories": [],
        "series": [],
        "not_series": [],
    }
    after: float | None = None
    before: float | None = None
    flags: dict[str, bool] = {}
    for found in _TOKEN.finditer(text):
        negated, name, quoted, bare = (
            found.group(1),
            (found.group(2) or "").lower(),
            found.group(3),
            found.group(4),
        )
        value = quoted if quoted is not None else (bare or "")
        if name and name in _FILTERS and value:
            if name == "tag":
                fields["not_tags" if negated else "tags"].append(value)
            elif name in ("category", "cat"):
                fields["not_categories" if negated else "categories"].append(value)
            elif name == "series":
                fields["not_series" if negated else "series"].append(value)
            elif name == "is":
                flags[value.lower()] = not negated
            elif name in ("after", "before") and (stamp := _day_start(value)) is not None:
                # -after:D is before:D, and -before:D is after:D.
                if (name == "after") != bool(negated):
                    after = stamp
                else:
                    before = stamp
            else:
                (not_words if negated else words).append(found.group(0).lstrip("-"))
            continue
        whole = (f"{name}:{value}" if name else value).strip()
        if not whole or whole == "*":
            continue
        if negated:
            not_words.append(whole)
        elif quoted is not None and not name:
            phrases.append(whole)
        else:
            words.append(whole)
    return Query(
        words=tuple(words),
        phrases=tuple(phrases),
        not_words=tuple(not_words),
        tags=tuple(fields["tags"]),
        not_tags=tuple(fields["not_tags"]),
        categories=tuple(fields["categories"]),
        not_categories=tuple(fields["not_categories"]),
        series=tuple(fields["series"]),
        not_series=tuple(fields["not_series"]),
        after=after,
        before=before,
        flags=tuple(flags.items()),
    )
