"""Simplified and traditional Chinese as one: what search and `check` compare.

`软件` and `軟件` are one word written in two scripts, and `軟體` is the same word in Taiwan's
vocabulary. Two things make them meet:

* **folding**, one character for one: every traditional character is written as its simplified
  form (`軟` → `软`, `為`/`爲` → `为`). The full-text index stores folded text and queries are folded
  the same way, so either script finds both. Folding keeps the length of the text, so a match
  found in folded text is at the same place in the original (snippets and highlights show the
  original).
* **regional vocabulary**, for a query of two characters or more: `软件` also looks for `软体`
  (Taiwan's `軟體`), `网络` for `网路`. These are phrase conversions, asked of the library at query
  time only.

Both come from OpenCC (the `opencc` package, the project's own bindings): `t2s` converts each
character when the characters are given one by one (no phrase spans a space), `s2twp` and `tw2sp`
give the regional phrases. The library is imported on first use: text without Chinese never
needs it.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Protocol

from reader.text import is_cjk

_LOCK = threading.Lock()  # converters are built once, whichever thread asks first


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@functools.cache
def _converter(config: str) -> _Converter:
    """OpenCC's converter for `config` (`t2s`, `s2twp`, `tw2sp`), built once per process: the
    regional ones read large dictionaries (~60 ms for `s2twp`)."""
    with _LOCK:
        import opencc

        converter: _Converter = opencc.OpenCC(config)
        return converter


def _convert(config: str, text: str) -> str:
    """`text` converted, or unchanged when the library cannot take it (a lone surrogate)."""
    try:
        return str(_converter(config).convert(text))
    except (ImportError, OSError, UnicodeError, ValueError, RuntimeError):  # never a failed index
        return text


@functools.cache
def _simplified_changes() -> re.Pattern[str]:
    """The few GB2312 characters that folding still changes (`乾`, `後`, `於`…): text that GB2312
    encodes and that holds none of them is folded already."""
    hanzi = bytes(code for high in range(0xB0, 0xF8) for low in range(0xA1, 0xFF) for code in (high, low))
    chars = hanzi.decode("gb2312", "ignore")
    converted = _convert("t2s", "\n".join(chars)).split("\n")
    changed = "".join(a for a, b in zip(chars, converted, strict=False) if a != b)
    return re.compile(f"[{re.escape(changed)}]" if changed else "(?!)")


def folded_already(text: str) -> bool:
    """True when folding would not change `text` (most simplified text: an encode in C, no
    conversion)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return _simplified_changes().search(text) is None


def fold_spaced(text: str) -> str:
    """`text`, whose CJK characters each stand between non-CJK characters (as the index writes
    them: ` 阿 里 `), with each Chinese character in its simplified form. (The caller has asked
    `folded_already` of the characters before they were spaced out: half the text to look at.)"""
    folded = _convert("t2s", text)
    return folded if len(folded) == len(text) else text


def fold(text: str) -> str:
    """`text` with each Chinese character in its simplified form, one for one: the same length,
    so positions in the folded text are positions in `text`."""
    if text.isascii() or folded_already(text):
        return text
    spaced = _convert("t2s", " ".join(text))  # a character alone: no phrase applies
    return spaced[::2] if len(spaced) == 2 * len(text) - 1 else text


def _cjk_count(text: str) -> int:
    return sum(1 for char in text if is_cjk(char))


@functools.lru_cache(maxsize=512)
def variants(term: str) -> tuple[str, ...]:
    """The folded spellings a search for `term` looks for, `term`'s own first: with two Chinese
    characters or more, also its Taiwan and mainland vocabulary (`软件` → `软件`, `软体`)."""
    own = fold(term)
    if _cjk_count(term) < 2:
        return (own,)
    taiwan = _convert("s2twp", term)
    spellings = (term, taiwan, _convert("tw2sp", taiwan), _convert("tw2sp", term))
    return tuple(dict.fromkeys([own, *(fold(spelling) for spelling in spellings)]))


def same_words(text: str) -> str:
    """`text` folded with its vocabulary made mainland's (`軟體`, `软体` and `软件` all → `软件`): a
    key under which two spellings of one label meet (for `check`)."""
    if _cjk_count(text) == 0:
        return text
    return fold(_convert("tw2sp", _convert("s2twp", text)))
