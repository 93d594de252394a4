"""An independent oracle for rendered articles: what issue 5 demands of `show --color never`.

`problems(source, output, width)` returns a list of human-readable complaints (empty when the output
is acceptable). It works on the source text with regular expressions only and never asks the reader's
own parser, so a bug in that parser cannot hide itself.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from rich.cells import cell_len

CLOSING = "，。、；：？！）」』”》…"
OPENING = "（「『“《"

# Characters whose loss or duplication we track: ideographs, kana, Hangul, CJK and full-width punctuation.
_TRACKED = re.compile(
    "[\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff01-\uffef"
    "\U00020000-\U0002ffff“”‘’…—]"
)
LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*[A-Za-z0-9%]|[A-Za-z0-9]")

_FRONT_MATTER = re.compile(r"\A(?:---\n.*?\n(?:---|\.\.\.)|\+\+\+\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"<?(?:https?|mailto|ftp):[^\s)>\]]+>?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CALLOUT = re.compile(r"^(\s*(?:>\s*)+)\[![^\]]*\][+-]?", re.MULTILINE)
_TASK = re.compile(r"^(\s*[-*+]\s+)\[[ xX]\]", re.MULTILINE)
_FENCE_INFO = re.compile(r"^(\s*(?:`{3,}|~{3,}))[^`\n]*$", re.MULTILINE)

# Decoration a line may start or end with: spaces, box drawing (quote bars, panels, tables), bullets.
_EDGE = "\\s\u2500-\u257f•▸▣"
_SEGMENTS = re.compile(r"\s{2,}|│|┃")
_LEAD = re.compile(f"^[{_EDGE}]+")
_TRAIL = re.compile(f"[{_EDGE}]+$")


def strip_front_matter(source: str) -> str:
    return _FRONT_MATTER.sub("", source.replace("\r\n", "\n"), count=1)


def body_prose(source: str) -> str:
    """The body as a reader sees it in the source: no front matter, URLs, tags, comments or markers."""
    text = strip_front_matter(source)
    text = _COMMENT.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _CALLOUT.sub(r"\1", text)
    text = _FENCE_INFO.sub(r"\1", text)
    return _TASK.sub(r"\1", text)


def body_region(output: str) -> str:
    """The rendered body: after the header's rule, before the `Links` section (both when present)."""
    lines = output.splitlines()
    start = 0
    for index, line in enumerate(lines):  # the header is the first block of lines, closed by a rule
        if not line.strip():
            break
        if set(line.strip()) == {"─"}:
            start = index + 1
            break
    end = next(
        (i for i, line in enumerate(lines) if i >= start and re.match(r"Links ─+\s*$", line)), len(lines)
    )
    return "\n".join(lines[start:end])


def tracked_characters(text: str) -> list[str]:
    return _TRACKED.findall(text)


def latin_tokens(source: str) -> Counter[str]:
    return Counter(LATIN_TOKEN.findall(body_prose(source)))


def image_hosts(source: str) -> list[str]:
    body = strip_front_matter(source)
    return [urlsplit(url).netloc for url in _IMAGE.findall(body) if urlsplit(url).netloc]


def _segments(line: str) -> list[str]:
    """The runs of text on a line: table cells and panel contents become separate runs."""
    return [
        part for part in (_TRAIL.sub("", _LEAD.sub("", piece)) for piece in _SEGMENTS.split(line)) if part
    ]


def problems(source_markdown: str, output: str, width: int) -> list[str]:
    """Everything wrong with `output` as the rendering of `source_markdown` at `width` columns."""
    found: list[str] = []
    lines = output.splitlines()

    if "**" in output:
        found.append(f"literal ** on {sum('**' in line for line in lines)} line(s)")

    for number, line in enumerate(lines, 1):
        if cell_len(line) > width:
            found.append(f"line {number} is {cell_len(line)} cells wide (> {width}): {line!r}")
        for segment in _segments(line):
            if segment[0] in CLOSING:
                found.append(f"line {number} starts with closing {segment[0]!r}: {line!r}")
            if segment[-1] in OPENING:
                found.append(f"line {number} ends with opening {segment[-1]!r}: {line!r}")

    for token, wanted in sorted(latin_tokens(source_markdown).items()):
        have = output.count(token)
        if have < wanted:
            found.append(f"Latin token {token!r} unbroken {have} time(s), source has it {wanted} time(s)")

    expected = Counter(tracked_characters(body_prose(source_markdown)))
    shown = Counter(tracked_characters(body_region(output)))
    if lost := expected - shown:
        found.append(f"CJK characters lost: {''.join(sorted(lost.elements()))!r}")
    if extra := shown - expected:
        found.append(f"CJK characters duplicated or invented: {''.join(sorted(extra.elements()))!r}")

    for host in image_hosts(source_markdown):
        if host not in body_region(output):
            found.append(f"image host {host!r} not shown in the body")
    return found
