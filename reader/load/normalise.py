"""Turn parsed front matter and a body into an `Article`: titles, dates, tags, summary, words.

Every string that leaves this module has been sanitised: it is the model boundary.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from reader.markdown import parse
from reader.model import Article, Stamp
from reader.text import clip, collapse_space, count_words, sanitise

SUMMARY_LIMIT = 200
MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
# Jekyll's `2024-05-01-title.md`.
_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
# `2025-02-13 17:30:11 +0800`, `2025-02-13T17:30Z`, `2025/02/13 17:30` ...
_DATE_STRING = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[T ]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?$",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"[*_`\[<]")
# The head of a long body is enough for the title and the summary; a short one usually is.
_HEAD_CHARS = 16_000
_SHORT_HEAD = 1_500


def parse_stamp(value: Any) -> Stamp | None:
    """A `Stamp` from any date form front matter gives; None when it cannot be read."""
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _stamp_from_datetime(value)
    if isinstance(value, dt.date):
        return Stamp(value.isoformat(), _utc_timestamp(dt.datetime(value.year, value.month, value.day)))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        try:
            moment = dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return _stamp_from_datetime(moment)
    if isinstance(value, str):
        return _parse_date_string(value.strip())
    return None


def _parse_date_string(text: str) -> Stamp | None:
    found = _DATE_STRING.match(text.replace("/", "-"))
    if not found:
        return None
    try:
        day = dt.date.fromisoformat(_pad_date(found["date"]))
    except ValueError:
        return None
    if found["time"] is None:
        return parse_stamp(day)
    zone = found["zone"]
    clock = found["time"].replace(",", ".")
    if clock.count(":") == 1:
        clock += ":00"
    hour, _, rest = clock.partition(":")
    iso = f"{day.isoformat()}T{int(hour):02d}:{rest}{_zone_suffix(zone)}"
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    return _stamp_from_datetime(moment)


def _pad_date(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _zone_suffix(zone: str | None) -> str:
    if not zone:
        return ""
    if zone.upper() == "Z":
        return "+00:00"
    sign, digits = zone[0], zone[1:].replace(":", "")
    digits = digits.ljust(4, "0")
    return f"{sign}{digits[:2]}:{digits[2:4]}"


def _stamp_from_datetime(moment: dt.datetime) -> Stamp:
    return Stamp(moment.isoformat(), _utc_timestamp(moment))


def _utc_timestamp(moment: dt.datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def _scalar_text(value: Any) -> str | None:
    """YAML's spelling of a scalar: `true`, `1`, `2.5`; None for nulls and containers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


_CLEANED: dict[str, str] = {}


def _clean_item(text: str) -> str:
    """`collapse_space(sanitise(text))`, remembered: the same tags come back in file after file."""
    cleaned = _CLEANED.get(text)
    if cleaned is None:
        cleaned = collapse_space(sanitise(text))
        if len(_CLEANED) >= 4096:
            _CLEANED.clear()
        _CLEANED[text] = cleaned
    return cleaned


def string_list(value: Any, field: str, problems: list[str]) -> tuple[str, ...]:
    """Tags and categories: a string is one item, scalars become strings, the rest is dropped."""
    if value is None:
        return ()
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    found: dict[str, None] = {}
    ignored: Counter[str] | None = None
    for item in items:
        text = item if type(item) is str else _scalar_text(item)
        if text is None:
            ignored = ignored if ignored is not None else Counter()
            ignored[_kind(item)] += 1
            continue
        text = _clean_item(text)
        if text:
            found.setdefault(text, None)
    for kind, count in (ignored or {}).items():
        problems.append(f"{field}: ignored {'a' if count == 1 else count} {kind} value{'s' * (count > 1)}")
    return tuple(found)


def _author_names(value: Any) -> Any:
    """Hugo themes also write an author as `{name: …, email: …}`: such a mapping is its name."""
    if isinstance(value, dict):
        name = value.get("name")
        return name if name is not None else value
    if isinstance(value, list | tuple):
        return [_author_names(item) if isinstance(item, dict) else item for item in value]
    return value


def authors_field(metadata: dict[str, Any], problems: list[str]) -> tuple[str, ...]:
    """`author` then `authors` (a name or a list of names, kept as tags are), duplicates removed."""
    found: dict[str, None] = {}
    for name in ("author", "authors"):
        if name in metadata:
            found.update(dict.fromkeys(string_list(_author_names(metadata[name]), name, problems)))
    return tuple(found)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple):
        return "nested list"
    return type(value).__name__


def _text_field(metadata: dict[str, Any], *names: str) -> str:
    for name in names:
        value = metadata.get(name)
        if value is None:
            continue
        value = value if type(value) is str else _scalar_text(value)
        if value is not None and value.strip():
            return collapse_space(sanitise(value))
    return ""


def _date_field(metadata: dict[str, Any], name: str, problems: list[str]) -> Stamp | None:
    value = metadata.get(name)
    if value is None or value == "":
        return None
    stamp = parse_stamp(value)
    if stamp is None:
        shown = _scalar_text(value)
        what = repr(sanitise(shown)[:60]) if shown is not None else f"a {_kind(value)}"
        problems.append(f"{name}: could not read {what} as a date")
    return stamp


def _fallback_title(path: str) -> str:
    posix = PurePosixPath(path)
    if posix.stem in ("index", "_index") and posix.parent.name:
        return posix.parent.name
    return posix.stem


def _is_true(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return value is True or value == 1


def _from_body(body: str, title: str, summary: str) -> tuple[str, str]:
    """The first H1 as the title and the first paragraph (or the text before `<!--more-->`) as the
    summary, for whichever of the two front matter did not give. A short head is parsed first."""
    more = MORE.search(body, 0, _HEAD_CHARS)
    for limit in (_SHORT_HEAD, _HEAD_CHARS):
        head = body[: more.start()] if more else _cut(body, limit)
        tokens = parse.parse_blocks(head)
        title = title or parse.first_heading(tokens) or ""
        if not summary:
            summary = parse.plain_text(tokens) if more else parse.first_paragraph(tokens)
        if (title and summary) or more or len(head) >= len(body):
            break
    return title, summary


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PREFIXES = (200, 600)


def _from_prefix(body: str, title: str, summary: str) -> tuple[str, str] | None:
    """`_from_body`'s answer from a short prefix of the body, or None when the prefix cannot tell.

    Block structure before a blank line never depends on what follows it (a paragraph, heading or
    table ends there; a fence or HTML block left open only hides what comes after), so the first
    heading and paragraph of a prefix that ends at a blank line are those of the whole head.
    `tests/unit/test_summary_prefix.py` checks this against `_from_body`.
    """
    if MORE.search(body, 0, _HEAD_CHARS):
        return None
    head = _cut(body, _SHORT_HEAD)
    if title and not summary:
        quick = _leading_paragraph(body, len(head))
        if quick:
            return title, quick
    for least in _PREFIXES:
        blank = _BLANK_LINE.search(head, least)
        if blank is None:
            return None
        tokens = parse.parse_blocks(head[: blank.end()])
        found_title = title or parse.first_heading(tokens) or ""
        found_summary = summary or parse.first_paragraph(tokens)
        if found_title and found_summary:
            return found_title, found_summary
    return None


# A line that can only continue (or start) a paragraph: nothing a block rule starts with (`#`, `>`,
# fences, `<`, `[`, `|`, `{` (shortcodes), setext and thematic breaks, list markers, indentation);
# `**bold` is fine.
_PARAGRAPH_LINE = re.compile(r"(?:[^\s#>=\-+_|:`~<\[*\d{]|\*\*[^\s*]|\d(?!\d{0,8}[.)](?:[ \t]|$))).*")


def _leading_paragraph(body: str, within: int) -> str | None:
    """The text of the paragraph the body starts with, when every line of it is plainly paragraph
    text and it ends (at a blank line) within the first `within` characters; None otherwise."""
    blank = _BLANK_LINE.search(body)
    end = blank.start() if blank is not None else len(body)
    if end > within:
        return None
    lines = body[:end].split("\n")
    if not all(_PARAGRAPH_LINE.match(line) for line in lines):
        return None
    return parse.inline_plain_text("\n".join(lines).strip())


def _cut(body: str, limit: int) -> str:
    """About `limit` characters of `body`, ending at a blank line when there is one."""
    if len(body) <= limit:
        return body
    blank = body.rfind("\n\n", 0, limit)
    return body[:blank] if blank > limit // 4 else body[:limit]


def _check_nesting(body: str, problems: list[str]) -> None:
    """A warning when quotes or lists nest deeper than the renderer shows them (it flattens them)."""
    depth = parse.nesting_depth(body)
    if depth > parse.NESTING_MEASURED:
        problems.append(
            f"markdown: nested more than {parse.NESTING_MEASURED} levels deep;"
            f" shown flattened beyond {parse.NESTING_SHOWN}"
        )
    elif depth:
        problems.append(f"markdown: nested {depth} levels deep; shown flattened beyond {parse.NESTING_SHOWN}")


def normalise(
    path: str,
    metadata: dict[str, Any],
    body: str,
    problems: Iterable[str] = (),
    size: int = 0,
    mtime: float = 0.0,
    digest: str | None = None,
    words: bool = True,
) -> Article:
    """Build the `Article` for `path` (relative, forward slashes) from its parsed parts.

    `words=False` leaves the word count (a pass over the whole body) as None for later."""
    found = list(problems)
    title = _text_field(metadata, "title")
    summary = _text_field(metadata, "summary", "description")
    if _MARKUP.search(summary):
        # Summaries are plain text wherever they come from: `**x** [y](z)` becomes `x y`.
        summary = parse.plain_text(parse.parse(summary))
    if not title or not summary:
        # Only now is the body parsed, and only its head: most articles never get here.
        title, summary = _from_prefix(body, title, summary) or _from_body(body, title, summary)
    title = title or _fallback_title(path)
    date = _date_field(metadata, "date", found)
    if date is None and "date" not in metadata:
        jekyll = _JEKYLL_NAME.match(PurePosixPath(path).name)
        if jekyll:
            date = parse_stamp("-".join(jekyll.groups()))
    lastmod = _date_field(metadata, "lastmod", found)
    _check_nesting(body, found)
    thumbnail = _text_field(metadata, "thumbnail", "image", "cover", "featured_image") or None
    source = _text_field(metadata, "source", "source_url", "original", "canonicalURL") or None

    display_path = sanitise(path)
    return Article(
        path=display_path,
        real_path=path if display_path != path else None,
        title=clip(collapse_space(sanitise(title)), 500),
        date=date,
        lastmod=lastmod,
        tags=string_list(metadata.get("tags"), "tags", found),
        categories=string_list(metadata.get("categories"), "categories", found),
        series=string_list(metadata.get("series"), "series", found),
        authors=authors_field(metadata, found),
        summary=clip(collapse_space(sanitise(summary)), SUMMARY_LIMIT),
        draft=_is_true(metadata.get("draft", False)),
        words=count_words(body) if words else None,
        thumbnail=thumbnail,
        source=source,
        problems=tuple(sanitise(problem) for problem in found),
        size=size,
        mtime=mtime,
        digest=digest,
    )
