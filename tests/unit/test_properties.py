"""Property tests: whatever bytes or front matter a file holds, loading never raises or leaks controls."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.load import load_archive
from reader.model import Archive


def is_control(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\t\n") or 0x7F <= code <= 0x9F


def assert_clean(archive: Archive) -> None:
    for article in archive.articles:
        fields = [article.path, article.title, article.summary, *article.tags, *article.categories]
        fields += list(article.problems)
        for value in fields:
            assert isinstance(value, str)
            assert not any(is_control(ch) for ch in value), repr(value)
        assert len(article.summary) <= 200
    for problem in archive.problems:
        assert not any(is_control(ch) for ch in problem.message), repr(problem.message)


def load_one(data: bytes) -> Archive:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "a.md").write_bytes(data)
        archive = load_archive(folder)
    assert archive.files == 1
    assert len(archive) + len(archive.problems) == 1
    return archive


PREFIXES = st.sampled_from([b"", b"---\n", b"+++\n", b"{\n", b"\xef\xbb\xbf---\r\n", b"# "])
CONTENT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=400).map(str.encode),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, content=CONTENT, closing=st.sampled_from([b"", b"\n---\n", b"\n+++\n", b"\n}\n"]))
def test_random_bytes_never_raise_and_leave_no_controls(
    prefix: bytes, content: bytes, closing: bytes
) -> None:
    assert_clean(load_one(prefix + content + closing + content))


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates().map(str),
    st.datetimes().map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    ["title", "date", "lastmod", "tags", "categories", "summary", "description", "draft", "linkTitle"]
) | st.text(max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(metadata=st.dictionaries(KEYS, VALUES, max_size=8), body=st.text(max_size=200))
def test_random_front_matter_never_raises(metadata: dict[str, Any], body: str) -> None:
    block = yaml.safe_dump(metadata, allow_unicode=True)
    data = f"---\n{block}---\n{body}".encode("utf-8", "surrogatepass")
    assert_clean(load_one(data))
