"""Small text helpers shared by every layer: sanitising and CJK detection.

Imports nothing heavy: the loader, the renderer and the CLI all use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# C0 controls except TAB and LF, DEL, and the C1 block. CR goes too: line endings are
# normalised before this runs, and a lone CR can move the cursor.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates: a file name that is not UTF-8 (Python keeps its bytes as these), or a `\udcff`
# escape in JSON or YAML. No terminal, JSON encoder or SQLite can take them as text.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What would start a new line, or move along one, when a path or message is printed as one line.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\t": "\\t"})

# Han (basic, extension A, compatibility), kana, Hangul syllables and the CJK
# punctuation block. Extension B and beyond sit outside the BMP.
CJK_CLASS = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0002ffff"  # extensions B-F
)


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: a class with the astral range takes ~2 ms to compile, and a warm
    `broadsheet list` never needs one."""
    return re.compile(pattern)


def sanitise(text: str) -> str:
    """Remove control characters (keeping tab and newline) so text cannot drive a terminal; a lone
    surrogate becomes U+FFFD, as an undecodable byte does everywhere else."""
    if text.isprintable():  # nothing to remove (and no line breaks): the common short field
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """`text` (already sanitised) for a line of plain output: a newline or tab in a file name shows
    as `\\n` / `\\t` instead of starting a line that looks like another article's."""
    return text.translate(_LINE_BREAKS) if "\n" in text or "\t" in text else text


def describe_error(error: BaseException) -> str:
    """`TypeName: the first line of its message`, sanitised and short enough for one line."""
    message = sanitise(str(error).split("\n", 1)[0].strip())
    name = type(error).__name__
    return f"{name}: {message[:200]}" if message else name


def _cjk_code(code: int) -> bool:
    """`CJK_CLASS` as comparisons: a regular expression of it costs ~2 ms to compile, at every start
    of `show` (a test holds the two together, code point by code point)."""
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
    )


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph, kana or Hangul syllable (one character; of a longer string, the first)."""
    return bool(char) and _cjk_code(ord(char[0]))


def is_cjk_or_punct(char: str) -> bool:
    """True for CJK characters and full-width punctuation: no space belongs between two of these."""
    if not char:
        return False
    code = ord(char[0])
    return _cjk_code(code) or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


# A run of CJK characters (its length is its word count), or a word outside CJK text: a run of
# non-space characters with a letter or digit in it, matched from its first letter or digit (so
# once per run). CJK characters end a run. One pass over the text finds both. (A word's first
# character needs no "not CJK": the first branch has taken a CJK character. Each class of CJK
# costs ~1 ms to compile, at every start of `show`.)
_WORD_OR_CJK = f"([{CJK_CLASS}]+)|[^\\W_][^\\s{CJK_CLASS}]*"


# A Hugo shortcode's tag, `{{< name args >}}` or `{{% … %}}`, over lines too; it stops at the next
# `{{` or `}}`, so a file of unclosed tags is still read in linear time.
SHORTCODE_TAG = re.compile(r"\{\{[<%](?:[^{}]|\{(?!\{)|\}(?!\}))*?[%>]\}\}")


def count_words(text: str) -> int:
    """Latin words by whitespace (tokens with a letter or digit), plus one per CJK character.
    Shortcode tags are markup, not words (the lines a paired one wraps are counted)."""
    if "{{" in text:
        text = SHORTCODE_TAG.sub(" ", text)
    data: bytes | None = text.encode("utf-8", "surrogatepass")
    if data is not None and not data.isascii():
        # A character beyond ASCII takes 1-3 more bytes: with many of them (CJK text) the regular
        # expression is the faster way.
        data = _others_replaced(data) if len(data) - len(text) <= _OTHERS_MAX else None
    if data is None:
        found = _pattern(_WORD_OR_CJK).findall(text)  # a CJK run, or "" for a word
        return sum(map(len, found)) + found.count("")
    # Every word start an "a", every space a space, the rest gone: a word is a " a".
    return (b" " + data).translate(_WORD_BYTES, _NOT_WORD_BYTES).count(b" a")


# Counting in bytes, ~5x faster than the regular expression: ASCII letters and digits become "a",
# whitespace a space (a str's `\s` takes \x1c-\x1f too), other bytes go.
_ALNUM = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SPACES = frozenset(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ")
_WORD_BYTES = bytes(0x61 if code in _ALNUM else 0x20 if code in _SPACES else code for code in range(256))
_NOT_WORD_BYTES = bytes(code for code in range(256) if code not in _ALNUM and code not in _SPACES)
_ASCII_BYTES = bytes(range(128))
_OTHERS_MAX = 128  # more bytes than ASCII would take, at most, for counting in bytes
_STAND_INS_MAX = 16  # characters replaced (a pass over the text each), at most
_STAND_IN: dict[str, bytes | None] = {}  # a character beyond ASCII: its stand-in, None to drop it


def _others_replaced(data: bytes) -> bytes | None:
    """UTF-8 `data` with each character beyond ASCII that counts replaced by an ASCII stand-in: a
    letter or digit by "a", a space by " ", a CJK character by " a " (a word, and a break). The
    others (punctuation, symbols) only ever continue a word: they go with the other bytes. None
    when too many kinds of character would need replacing."""
    others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    replaced = 0
    for char in set(others):
        if char not in _STAND_IN:
            if len(_STAND_IN) >= 4096:
                _STAND_IN.clear()
            _STAND_IN[char] = _stand_in(char)
        stand_in = _STAND_IN[char]
        if stand_in is not None:
            replaced += 1
            if replaced > _STAND_INS_MAX:
                return None
            data = data.replace(char.encode("utf-8", "surrogatepass"), stand_in)
    return data


def _stand_in(char: str) -> bytes | None:
    """What `_WORD_OR_CJK` makes of `char`, in `count_words`' bytes."""
    if is_cjk(char):
        return b" a "
    if char.isspace():  # `\s`
        return b" "
    return b"a" if char.isalnum() else None  # `[^\W_]` beyond ASCII


def clip(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


_CJK_SOFT_BREAK = (
    f"(?<=[{CJK_CLASS}\u3000-\u303f\uff00-\uffef])[ \t]*\n\\s*(?=[{CJK_CLASS}\u3000-\u303f\uff00-\uffef])"
)


def counted(count: int, word: str) -> str:
    """`1 article`, `2 articles`, `12,345 articles`: a count and its noun, which is singular for one."""
    return f"{count:,} {word}{'s' * (count != 1)}"


def collapse_space(text: str) -> str:
    """Collapse whitespace runs into one space; a line break between two CJK characters joins them."""
    if "\n" in text:
        text = _pattern(_CJK_SOFT_BREAK).sub("", text)
    return " ".join(text.split())


# --- search terms ------------------------------------------------------------------------------
# One rule for where a search term occurs, as the index matches it: the snippets of the results and
# the highlights in an article opened from them both use it.


def _term_pattern(term: str) -> re.Pattern[str] | None:
    """The pattern of a query term (`word`, `word*`, a phrase) in search form (`search_form`), None
    when empty.

    CJK matches anywhere (the index splits CJK into characters), in any of its spellings
    (`reader.chinese.variants`: `軟件` as `软件`, and `软体`); Latin as a whole word, or as the start
    of one for `term*`."""
    needle = term.rstrip("*").casefold()
    if not needle.strip():
        return None
    if any(is_cjk(char) for char in needle):
        from reader.chinese import variants

        return re.compile("|".join(re.escape(spelling) for spelling in variants(needle)))
    end = "" if term.endswith("*") else r"(?!\w)"
    return re.compile(rf"(?<!\w){re.escape(needle)}{end}")


def search_form(text: str, chinese: bool = True) -> str:
    """`text` as search terms are matched in it, position for position: casefolded (when that
    keeps its length: `ß` would not), Chinese folded to simplified characters (`chinese`)."""
    folded = text.casefold()
    if len(folded) != len(text):
        folded = text.lower() if len(text.lower()) == len(text) else text
    if chinese and not folded.isascii():
        from reader.chinese import fold

        folded = fold(folded)
    return folded


def _has_cjk(terms: Iterable[str]) -> bool:
    return any(is_cjk(char) for term in terms for char in term)


def find_term(text: str, term: str) -> tuple[int, int] | None:
    """Where query term `term` first occurs in `text` (in `search_form` already), or None."""
    pattern = _term_pattern(term)
    found = pattern.search(text) if pattern else None
    return found.span() if found else None


def first_term(text: str, terms: Iterable[str]) -> tuple[int, int] | None:
    """The first occurrence in `text` of any of the query `terms`, as (start, end) in `text`."""
    terms = list(terms)
    folded = text.casefold()
    if len(folded) != len(text):  # casefolding changed lengths (ß, ﬁ…): positions would not map
        return None
    folded = search_form(text, _has_cjk(terms))
    spans = [span for span in (find_term(folded, term) for term in terms) if span is not None]
    return min(spans) if spans else None


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence in `text` of any of the query `terms`, in order, overlaps merged."""
    terms = list(terms)
    folded = search_form(text, _has_cjk(terms))
    spans: list[tuple[int, int]] = []
    for term in terms:
        pattern = _term_pattern(term)
        if pattern is not None:
            spans.extend(found.span() for found in pattern.finditer(folded) if found.end() > found.start())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def fit_snippet(
    snippet: str, match: tuple[int, int] | None, width: int
) -> tuple[str, tuple[int, int] | None]:
    """`snippet` cut to `width` terminal cells (CJK counted as two), started near its match so the
    match is in view: `…` marks a cut at either end. The match is moved with the text."""
    from rich.cells import cell_len

    start = 0
    if match is not None and cell_len(snippet[: match[0]]) > width // 3:
        start, lead = match[0], 0
        while start > 0 and lead + cell_len(snippet[start - 1]) <= width // 6:
            start -= 1
            lead += cell_len(snippet[start])
    text = ("…" if start else "") + snippet[start:]
    offset = len(text) - len(snippet)
    moved = None if match is None else (match[0] + offset, match[1] + offset)
    if cell_len(text) > width:
        kept, cells = 0, 0
        while kept < len(text) and cells + cell_len(text[kept]) <= width - 1:
            cells += cell_len(text[kept])
            kept += 1
        text = text[:kept] + "…"
    return text, moved
