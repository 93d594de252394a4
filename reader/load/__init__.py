"""Loading: from a folder of Markdown files to an `Archive`; read-only functions over the file system."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass, replace

# Kept light on purpose: the parsers (PyYAML, tomllib, markdown-it) are imported by
# `read_document` when a file is actually read, so a warm `list` never pays for them.
from reader.load.encoding import Decoded, EncodingProblem, decode_bytes
from reader.load.scan import Found, scan
from reader.model import Archive, Article, Problem
from reader.text import describe_error, sanitise

# Bigger files are reported as `too-large` rather than read: no archive article is this long.
MAX_BYTES = 8 * 1024 * 1024
_BOM = "\ufeff"
_BYTE_ORDER_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

__all__ = [
    "MAX_BYTES",
    "Document",
    "LoadError",
    "decode",
    "file_digest",
    "load_archive",
    "load_file",
    "read_body",
    "read_bytes",
    "read_document",
    "read_source",
    "read_text",
]


class LoadError(Exception):
    """A file that cannot become an article; `kind` is the problem kind of the CLI contract."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class Document:
    """An article with its body, as read for display."""

    article: Article
    body: str


def decode(data: bytes) -> Decoded:
    """Bytes to text with `\\n` line ends; raises LoadError(`encoding`) for what is not text."""
    # The common case, plain UTF-8, without the detour through `decode_bytes` (same answer). The
    # other marks need no test here: UTF-32-LE's starts with UTF-16-LE's, UTF-32-BE's holds NULs and
    # GB18030's is no UTF-8.
    plain = not data.startswith(_BYTE_ORDER_MARKS) and b"\x00" not in data
    text, encoding = (_utf8(data) if plain else None), "utf-8"
    if text is None:
        try:
            decoded = decode_bytes(data)
        except EncodingProblem as error:
            raise LoadError("encoding", str(error)) from None
        text, encoding = decoded.text.lstrip(_BOM), decoded.encoding
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# C0 controls but TAB, LF and CR (decoding turns CRs into LFs), and DEL. In UTF-8 these bytes are
# only ever themselves, and every C1 control starts with 0xC2.
_C0_BYTES = bytes(code for code in range(32) if code not in (9, 10, 13)) + b"\x7f"


def _controls_possible(data: bytes, encoding: str) -> bool:
    """False when `sanitise` would leave the decoded text as it is (a byte-level check: UTF-8 only)."""
    if encoding not in ("utf-8", "utf-8-sig") or b"\xc2" in data:
        return True
    return len(data.translate(None, _C0_BYTES)) != len(data)


def _open_flags() -> int:
    # O_NONBLOCK: opening a FIFO (or a device) returns at once instead of waiting for a writer.
    return os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open(abspath: str) -> int:
    """Open read-only without blocking, and without touching the access time where we may."""
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(abspath, _open_flags() | noatime)
        except PermissionError:
            pass  # O_NOATIME needs ownership; fall back to a plain read-only open
    return os.open(abspath, _open_flags())


def _read(abspath: str) -> bytes:
    """The bytes of a regular file; anything else is refused before a byte is read."""
    try:
        fd = _open(abspath)
    except OSError as error:
        raise LoadError("io", f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("io", "not a regular file; not read")
        if info.st_size > MAX_BYTES:
            raise _too_large()
        # One read of the size fstat gave (plus one byte, to see a file that grew); more reads only
        # when the file grew or a read came back short. Asking for MAX_BYTES at once would
        # allocate 8 MiB per file.
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:
            parts = [data]
            total = len(data)
            while total <= MAX_BYTES:
                more = os.read(fd, MAX_BYTES + 1 - total)
                if not more:
                    break
                parts.append(more)
                total += len(more)
            data = b"".join(parts)
    except OSError as error:
        raise LoadError("io", f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise _too_large()
    return data


def _too_large() -> LoadError:
    return LoadError("too-large", f"larger than {MAX_BYTES // (1024 * 1024)} MiB; not read")


def _clean_text(data: bytes) -> tuple[Decoded, str]:
    """The decoded file, and its text as every parser sees it.

    Control characters go before anything parses the text: PyYAML refuses a raw ESC outright, and
    no parser should see bytes that could drive a terminal. Line breaks are kept, so line numbers
    in errors still match the file."""
    decoded = decode(data)
    text = sanitise(decoded.text) if _controls_possible(data, decoded.encoding) else decoded.text
    return decoded, text


def read_text(abspath: str) -> str:
    """A file's text as the loader reads it: regular files only, at most MAX_BYTES, no access-time
    update, decoded, control characters removed. Raises LoadError."""
    return _clean_text(_read(abspath))[1]


def file_digest(data: bytes) -> str:
    """The digest of a file's bytes that the reading state keeps (`Article.digest`)."""
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def read_source(abspath: str) -> tuple[str, str]:
    """A file's text as `read_text` gives it, with the digest of the bytes it was read from.
    Raises LoadError."""
    data = _read(abspath)
    return _clean_text(data)[1], file_digest(data)


def read_document(
    abspath: str, relpath: str, size: int = 0, mtime: float = 0.0, words: bool = True, images: bool = True
) -> Document:
    """Read, decode, split and normalise one file. Raises LoadError when it is not an article.

    Whatever goes wrong while one file is read is that file's LoadError, never an exception that
    could stop the rest of an archive (`unexpected` for a failure no check foresaw).
    `words=False` leaves the article's word count as None (see `normalise`); `images=False` skips
    looking for its local images (see `missing_images`)."""
    try:
        return _document(abspath, relpath, size, mtime, words, images)
    except LoadError:
        raise
    except Exception as error:  # the per-file boundary: see the docstring
        raise LoadError("unexpected", f"could not be read: {describe_error(error)}") from None


def read_bytes(data: bytes, relpath: str, words: bool = True) -> Document:
    """A document from bytes that are no file of an archive (`show -` reads standard input): the
    same decoding, front matter and normalising as `read_document`, without looking for local
    images (there is no folder to look in). Raises LoadError."""
    if len(data) > MAX_BYTES:
        raise _too_large()
    try:
        return _parse_document(data, None, relpath, len(data), 0.0, words)
    except LoadError:
        raise
    except Exception as error:  # the same boundary as read_document's
        raise LoadError("unexpected", f"could not be read: {describe_error(error)}") from None


def _document(abspath: str, relpath: str, size: int, mtime: float, words: bool, images: bool) -> Document:
    return _parse_document(_read(abspath), abspath if images else None, relpath, size, mtime, words)


def _parse_document(
    data: bytes, abspath: str | None, relpath: str, size: int, mtime: float, words: bool
) -> Document:
    """`data` decoded, split and normalised; local images are looked for beside `abspath` (None:
    not looked for)."""
    from reader.load.frontmatter import FrontMatterError, split
    from reader.load.images import missing_images
    from reader.load.normalise import normalise

    decoded, text = _clean_text(data)
    try:
        parts = split(text)
    except FrontMatterError as error:
        raise LoadError("front-matter", str(error)) from None
    warnings = parts.warnings if decoded.warning is None else [decoded.warning, *parts.warnings]
    if abspath is not None:
        warnings = [*warnings, *missing_images(parts.body, abspath, relpath)]
    digest = file_digest(data)
    article = normalise(relpath, parts.metadata, parts.body, warnings, size, mtime, digest, words)
    return Document(article, parts.body)


def load_file(found: Found, words: bool = True) -> Article | Problem:
    try:
        return read_document(found.abspath, found.relpath, found.size, found.mtime, words).article
    except LoadError as error:
        return Problem(sanitise(found.relpath), error.kind, sanitise(error.message))


def read_body(root: str, article: Article) -> str:
    """The body of an article of the archive at `root`; a file that went bad reads as its error."""
    try:
        return read_document(os.path.join(root, article.file_path), article.file_path, images=False).body
    except LoadError as error:
        return f"*This article can no longer be read: {sanitise(error.message)}*"


def load_archive(root: str) -> Archive:
    """Every article under `root`, plus a problem for each file that could not be read."""
    articles: list[Article] = []
    problems: list[Problem] = []
    files = 0
    for item in scan(root):
        if isinstance(item, Problem):
            # A file name can hold control characters too: never let one reach a terminal.
            problems.append(replace(item, path=sanitise(item.path), message=sanitise(item.message)))
            continue
        files += 1
        loaded = load_file(item)
        if isinstance(loaded, Article):
            articles.append(loaded)
        else:
            problems.append(loaded)
    resolved = os.path.realpath(root)
    return Archive.build(
        resolved,
        articles,
        problems,
        files,
        read_body=lambda article: read_body(resolved, article),
    )
