"""Bytes to text, strictly: UTF-8 (with or without BOM), UTF-16 with a BOM, or legacy Chinese (GB18030).

GB18030 can decode most byte strings, so it is accepted only when the result reads like text: nearly
every character printable ASCII, CJK or CJK punctuation. Anything else is reported, never guessed at.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Characters a real GBK/GB18030 document is made of.
_PLAUSIBLE = (
    "[\t\n\r\x20-\x7e"
    "\u00a0-\u00ff"  # Latin-1 punctuation (·, ×, °)
    "\u2000-\u206f"  # general punctuation (—, “ ”, …)
    "\u2100-\u22ff"  # letterlike symbols, arrows, maths
    "\u2460-\u27bf"  # enclosed numbers, box drawing, shapes, dingbats
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\uff00-\uffef"  # full-width forms
    "]"
)
_PLAUSIBLE_SHARE = 0.97


class EncodingProblem(ValueError):
    """The bytes are not text we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str

    @property
    def warning(self) -> str | None:
        if self.encoding in ("utf-8", "utf-8-sig"):
            return None
        return f"encoding: read as {self.encoding.upper()}, not UTF-8"


def decode_bytes(data: bytes) -> Decoded:
    """Decode `data`; raise EncodingProblem for binary or undecodable bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8-sig"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16"), "utf-16")
    if b"\x00" in data:
        raise EncodingProblem("binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text):
        return Decoded(text, "gb18030")
    raise EncodingProblem(f"not UTF-8 text (invalid byte at offset {utf8_error.start})")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise EncodingProblem(f"not valid {encoding} (invalid byte at offset {error.start})") from None


def _looks_like_text(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    plausible = len(re.findall(_PLAUSIBLE, sample))  # compiled (and cached by re) only when needed
    return plausible / len(sample) >= _PLAUSIBLE_SHARE
