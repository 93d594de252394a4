"""Simplified and traditional Chinese as one: what search and `check` compare.

`软件` and `軟件` are one word written in two scripts, and `軟體` is the same word in Taiwan's
vocabulary. Two things make them meet:

* **folding**, one character for one: every traditional character is written as its simplified
  form (`軟` → `软`, `為`/`爲` → `为`). The full-text index stores folded text and queries are folded
  the same way, so either script finds both. Folding keeps the length of the text, so a match
  found in folded text is at the same place in the original (snippets and highlights show the
  original).
* **regional vocabulary**, for a query of two characters or more: `软件` also looks for `软体`
  (Taiwan's `軟體`), `网络` for `网路`, and the reverse.

Both come from OpenCC (the `opencc` package, the project's own bindings). Folding is its `t2s`
conversion given one character at a time (no phrase spans a space), at run time. The vocabulary is
its `TWPhrases` / `TWPhrasesRev` dictionaries, folded and kept in `reader.chinese_data` (written by
`python -m reader.chinese_gen`, held to the installed library by a test): OpenCC's phrase converters take
~60 ms to load, more than the rest of a search. Text already in simplified characters never loads
the library at all.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Protocol

from reader.chinese_data import CHANGED, GB2312_CHANGED, PHRASES
from reader.text import is_cjk

_LOCK = threading.Lock()  # the converter is built once, whichever thread asks first
_CHANGED_IN_GB2312 = re.compile(f"[{re.escape(GB2312_CHANGED)}]")
_CHANGED = frozenset(CHANGED)
_LOOKUPS_MAX = 16  # characters GB2312 cannot encode that are looked up, at most (Hangul has many)


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@functools.cache
def _converter() -> _Converter:
    """OpenCC's `t2s` converter, built once per process (~15 ms with the import)."""
    with _LOCK:
        import opencc

        converter: _Converter = opencc.OpenCC("t2s")
        return converter


def _t2s(text: str) -> str:
    """`text` converted, or unchanged when the library cannot take it (a lone surrogate)."""
    try:
        return str(_converter().convert(text))
    except (ImportError, OSError, UnicodeError, ValueError, RuntimeError):  # never a failed index
        return text


def folded_already(text: str) -> bool:
    """True when folding would not change `text`: most simplified text, told by an encode in C
    (and a lookup of the few characters GB2312 does not have, `鹍`), without the library."""
    start = 0
    for _ in range(_LOOKUPS_MAX):
        try:
            text[start:].encode("gb2312")
        except UnicodeEncodeError as error:
            if not _CHANGED.isdisjoint(error.object[error.start : error.end]):
                return False
            start += error.end
            continue
        return _CHANGED_IN_GB2312.search(text) is None
    return False  # too many to look up: fold, which is right anyway


def fold_spaced(text: str) -> str:
    """`text`, whose CJK characters each stand between non-CJK characters (as the index writes
    them: ` 阿 里 `), with each Chinese character in its simplified form. (The caller has asked
    `folded_already` of the characters before they were spaced out: half the text to look at.)"""
    folded = _t2s(text)
    return folded if len(folded) == len(text) else text


def fold(text: str) -> str:
    """`text` with each Chinese character in its simplified form, one for one: the same length,
    so positions in the folded text are positions in `text`."""
    if text.isascii() or folded_already(text):
        return text
    spaced = _t2s(" ".join(text))  # a character alone: no phrase applies
    return spaced[::2] if len(spaced) == 2 * len(text) - 1 else text


@functools.cache
def _vocabulary() -> tuple[dict[str, str], dict[str, str], int]:
    """Mainland → Taiwan and Taiwan → mainland spellings (folded; the first one where there are
    several), and the longest spelling's length."""
    to_taiwan: dict[str, str] = {}
    to_mainland: dict[str, str] = {}
    for line in PHRASES.splitlines():
        mainland, taiwan = line.split(" ")
        to_taiwan.setdefault(mainland, taiwan)
        to_mainland.setdefault(taiwan, mainland)
    longest = max(map(len, [*to_taiwan, *to_mainland]), default=0)
    return to_taiwan, to_mainland, longest


def _respell(text: str, spellings: dict[str, str], longest: int) -> str:
    """`text` with each phrase of `spellings` replaced, longest match first from the left (as
    OpenCC segments)."""
    out: list[str] = []
    start = 0
    while start < len(text):
        for size in range(min(longest, len(text) - start), 1, -1):
            other = spellings.get(text[start : start + size])
            if other is not None:
                out.append(other)
                start += size
                break
        else:
            out.append(text[start])
            start += 1
    return "".join(out)


def _cjk_count(text: str) -> int:
    return sum(1 for char in text if is_cjk(char))


@functools.lru_cache(maxsize=512)
def variants(term: str) -> tuple[str, ...]:
    """The folded spellings a search for `term` looks for, `term`'s own first: with two Chinese
    characters or more, also its Taiwan and mainland vocabulary (`软件` → `软件`, `软体`)."""
    own = fold(term)
    if _cjk_count(term) < 2:
        return (own,)
    to_taiwan, to_mainland, longest = _vocabulary()
    taiwan = _respell(own, to_taiwan, longest)
    mainland = _respell(own, to_mainland, longest)
    return tuple(dict.fromkeys([own, taiwan, mainland, _respell(taiwan, to_mainland, longest)]))


def same_words(text: str) -> str:
    """`text` folded with its vocabulary made mainland's (`軟體`, `软体` and `软件` all → `软件`): a
    key under which two spellings of one label meet (for `check`)."""
    if _cjk_count(text) < 2:
        return fold(text)
    _, to_mainland, longest = _vocabulary()
    return _respell(fold(text), to_mainland, longest)
