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

Chinese is indexed folded to simplified characters, and queries are folded the same way, so `軟件`
finds `软件` and the reverse; a CJK query term also looks for its regional vocabulary (`软件` for
`軟體`). See `reader.chinese`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array

from reader import chinese
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
# A run of CJK characters, and what follows it up to the next CJK character when that holds no
# letter or digit (the gap between two of them); and what of such a gap joins them.
_CJK_RUN_GAP = re.compile(f"([{CJK_CLASS}]+)(?:([\\W_]+)(?=[{CJK_CLASS}]))?")
_JOINING = re.compile(r"[ \t*_~`\[\]]*\n?[ \t*_~`\[\]]*")
# UTF-8 lead bytes of U+3000 and above: text without any of them holds no CJK character.
_NOT_HIGH = bytes(code for code in range(256) if not 0xE3 <= code <= 0xF4)
# Code points as 4-byte integers, in this machine's order (see `_space_out`).
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_CODES = "I" if array("I").itemsize == 4 else "L"
_SPACE = array(_CODES, [0x20])


def index_text(text: str) -> str:
    """`text` ready for the index: URLs dropped, each CJK character a word of its own, a barrier
    where punctuation or a block boundary separates two of them."""
    text = _AUTOLINK.sub(" ", _LINK_TARGET.sub("]", text))
    if not _may_hold_cjk(text):
        return text  # (most English text: the scan below cost it ~40 µs for nothing)
    pieces = _CJK_RUN_GAP.split(text)  # text, run, gap (or None), text, run, gap, …, text
    if len(pieces) > 1:
        pieces[1::3] = _space_out(pieces[1::3])
        pieces[2::3] = map(_GAPS.__getitem__, pieces[2::3])
    return "".join(pieces)


def _may_hold_cjk(text: str) -> bool:
    """False when `text` certainly holds no CJK character (a check in C, ~1 ns a character)."""
    return not text.isascii() and bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_HIGH))


def _space_out(runs: list[str]) -> list[str]:
    """Each run with a space before, after and between its characters (`阿里` → ` 阿 里 `), and
    folded to simplified characters (`軟體` → ` 软 体 `).

    All runs at once, in C: as code points in an array, a space put after each. (A join per run
    took 110 µs for a 1,500-character Chinese body, ~0.5 µs a run and ~20 ns a character; this 16.)"""
    if _SPACE.itemsize != 4:  # pragma: no cover - no platform we know
        return [chinese.fold(" " + " ".join(run) + " ") for run in runs]
    joined = "\x00".join(runs)
    codes = array(_CODES, joined.encode(_UTF32))
    spaced = _SPACE * (2 * len(codes))
    spaced[0::2] = codes
    # " 阿 里 \x00 巴 巴 " split at the NULs: " 阿 里 ", " 巴 巴 ".
    text = " " + spaced.tobytes().decode(_UTF32)
    return (text if chinese.folded_already(joined) else chinese.fold_spaced(text)).split("\x00")


class _Gaps(dict[str | None, str]):
    """What each gap between two CJK runs becomes: itself when it joins them on screen, a barrier
    when it separates them, nothing where there is no gap (None). The same few gaps (`，`, `。`)
    come back run after run: each is decided once."""

    def __missing__(self, gap: str | None) -> str:
        found = "" if gap is None else gap if _JOINING.fullmatch(gap) else f" {BARRIER} "
        if len(self) < 4096:
            self[gap] = found
        return found


_GAPS = _Gaps()


def _tokens(term: str) -> list[str]:
    return _TOKEN.findall(index_text(term))


def term_expression(term: str) -> str | None:
    """One user term as an FTS5 expression: a quoted phrase of its tokens, `*` kept for a prefix;
    a term with Chinese in it is any of its spellings (`("软 件" OR "软 体")`).

    Every token is quoted, so `tag:x`, `AND` or a stray `"` in a query are only ever text.
    """
    prefix = term.endswith("*")
    text = term.rstrip("*")
    spellings = chinese.variants(text) if _CJK_RUN.search(text) else (text,)
    phrases = [phrase for phrase in (_phrase(spelling, prefix) for spelling in spellings) if phrase]
    if len(phrases) > 1:
        return "(" + " OR ".join(phrases) + ")"
    return phrases[0] if phrases else None


def _phrase(text: str, prefix: bool) -> str | None:
    tokens = _tokens(text)
    if not tokens:
        return None
    phrase = '"' + " ".join(tokens) + '"'
    return phrase + "*" if prefix and not _CJK_RUN.search(tokens[-1]) else phrase


def match_expression(terms: list[str]) -> str | None:
    """All `terms` must match (AND); None when none of them has anything searchable."""
    parts = [part for part in (term_expression(term) for term in terms) if part]
    return " AND ".join(parts) if parts else None


def index_tokens(text: str) -> list[str]:
    """The tokens FTS5 stores for `text`: as `index_text` spaces it out, lower-cased and without
    diacritics (`unicode61 remove_diacritics 2`), the barrier included."""
    found = _TOKEN.findall(index_text(text).lower())
    if text.isascii():
        return found
    return [_plain_letters(token) if not token.isascii() else token for token in found]


def _plain_letters(token: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", token) if not unicodedata.combining(char))
