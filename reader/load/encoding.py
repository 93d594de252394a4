"""Bytes to text, strictly: UTF-8 (with or without BOM), UTF-16/32 or GB18030 with a BOM, or a legacy
encoding that `reader.load.legacy` can tell without doubt. Anything else is an EncodingProblem.

Plain UTF-8 costs one `bytes.decode`; the legacy detector (and charset-normalizer) are imported only
when a file is not UTF-8.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class EncodingProblem(ValueError):
    """The bytes are not text we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, and the name (as users know it) of the encoding it was read as."""

    text: str
    encoding: str

    @property
    def warning(self) -> str | None:
        if self.encoding in ("utf-8", "utf-8-sig"):
            return None
        return f"encoding: read as {self.encoding.upper()}, not UTF-8"


# UTF-32-LE's BOM starts with UTF-16-LE's: the longer marks are tried first. GB18030 has one too.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (b"\x84\x31\x95\x33", "gb18030"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> Decoded:
    """Decode `data`; raise EncodingProblem for binary, undecodable or doubtful bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(strict(data, encoding, encoding).removeprefix("\ufeff"), encoding)
    if b"\x00" in data:
        raise EncodingProblem("binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error.start
    from reader.load.legacy import read_legacy  # its detector is imported only for files that need it

    text, name = read_legacy(data, f"not UTF-8 (invalid byte at offset {utf8_error})")
    return Decoded(text, name)


def strict(data: bytes, codec: str, name: str) -> str:
    """`data` decoded with `codec`, or EncodingProblem naming the encoding (`name`) and the offset."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise EncodingProblem(f"not valid {name.upper()} (invalid byte at offset {error.start})") from None
