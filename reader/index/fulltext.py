"""Text as the full-text index sees it, and queries as FTS5 expressions.

SQLite FTS5's `unicode61` tokenizer makes one token of a run of Chinese (`阿里巴巴H股` is a single
word, so `阿里` finds nothing), and its `trigram` tokenizer finds nothing under three characters. So
every CJK character is indexed as a token of its own: a CJK query becomes a phrase of single
characters, which FTS5 matches as a substring, one character included. Latin words stay whole words,
case-insensitive, with `term*` prefixes, as `unicode61` gives them.

FTS5 drops punctuation, so `年，今天` would hold the phrase `年 今`: between two CJK characters,
whatever does not join them on screen (punctuation, a blank line, a list marker, a table bar) becomes
a barrier token that no query word matches. Spaces, one line break, emphasis marks and link brackets
join them: `**阿**里` and a paragraph's `阿\n里` are found as `阿里`.
"""

from __future__ import annotations

import re

from reader.text import CJK_CLASS

_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
# Link targets and images' sources are not prose: keep their text, drop the URL.
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<https?://[^>\s]*>|https?://\S+")
# A token of its own (a private-use character: unicode61 keeps it as a word) that nothing typed into
# a query produces, except where the query itself breaks a CJK phrase.
BARRIER = "\ue000"
# What unicode61 would keep as token characters: letters, digits (and CJK, spaced out by us), and
# the barrier.
_TOKEN = re.compile(r"[^\W_]+|\ue000")
# What lies between two CJK characters when it holds no letter or digit, and what of that joins them.
_CJK_GAP = re.compile(f"(?<=[{CJK_CLASS}])[\\W_]+(?=[{CJK_CLASS}])")
_JOINING = re.compile(r"[ \t*_~`\[\]]*\n?[ \t*_~`\[\]]*")


def index_text(text: str) -> str:
    """`text` ready for the index: URLs dropped, each CJK character a word of its own, a barrier
    where punctuation or a block boundary separates two of them."""
    text = _AUTOLINK.sub(" ", _LINK_TARGET.sub("]", text))
    text = _CJK_GAP.sub(_gap, text)
    # A run at a time: a substitution per character took 300 µs for a 3,000-character body; now 70.
    return _CJK_RUN.sub(_spaced, text)


def _gap(found: re.Match[str]) -> str:
    gap = found.group()
    return gap if _JOINING.fullmatch(gap) else f" {BARRIER} "


def _spaced(run: re.Match[str]) -> str:
    return " " + " ".join(run.group()) + " "


def _tokens(term: str) -> list[str]:
    return _TOKEN.findall(index_text(term))


def term_expression(term: str) -> str | None:
    """One user term as an FTS5 expression: a quoted phrase of its tokens, `*` kept for a prefix.

    Every token is quoted, so `tag:x`, `AND` or a stray `"` in a query are only ever text.
    """
    prefix = term.endswith("*")
    tokens = _tokens(term.rstrip("*"))
    if not tokens:
        return None
    phrase = '"' + " ".join(tokens) + '"'
    return phrase + "*" if prefix and not _CJK_RUN.search(tokens[-1]) else phrase


def match_expression(terms: list[str]) -> str | None:
    """All `terms` must match (AND); None when none of them has anything searchable."""
    parts = [part for part in (term_expression(term) for term in terms) if part]
    return " AND ".join(parts) if parts else None
