"""The search language: parse_query on the documented examples, odd input, and generated queries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import Query, parse_query


def day(year: int, month: int = 1, date: int = 1) -> float:
    return dt.datetime(year, month, date, tzinfo=dt.UTC).timestamp()


def test_the_docstring_example() -> None:
    query = parse_query(
        '阿里 "cloud market" tag:科技 -tag:draft category:news after:2024-01 before:2025-06-30 is:draft'
    )
    assert query == Query(
        words=("阿里",),
        phrases=("cloud market",),
        tags=("科技",),
        not_tags=("draft",),
        categories=("news",),
        after=day(2024, 1),
        before=day(2025, 6, 30),
        flags=(("draft", True),),
    )
    assert query.has_text
    assert query.flag("draft") is True
    assert query.flag("unread") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Query()),
        ("   ", Query()),
        ("cloud", Query(words=("cloud",))),
        ("Cloud clou*", Query(words=("Cloud", "clou*"))),
        ("-cloud", Query(not_words=("cloud",))),
        ('-"cloud market"', Query(not_words=("cloud market",))),
        ('"cloud market', Query(phrases=("cloud market",))),  # an unclosed quote runs to the end
        ('"  padded phrase  "', Query(phrases=("padded phrase",))),
        ('tag:"open source"', Query(tags=("open source",))),
        ('-tag:"open source" tag:x', Query(tags=("x",), not_tags=("open source",))),
        ("TAG:Rust", Query(tags=("Rust",))),
        ("cat:news category:科技 -cat:ads", Query(categories=("news", "科技"), not_categories=("ads",))),
        ('category:"long name"', Query(categories=("long name",))),
        ("-is:draft", Query(flags=(("draft", False),))),
        (
            "is:Draft is:unread -is:starred",
            Query(flags=(("draft", True), ("unread", True), ("starred", False))),
        ),
        ("after:2024", Query(after=day(2024))),
        ("before:2024-3", Query(before=day(2024, 3))),
        ("after:2024-02-29 before:2024-03-01", Query(after=day(2024, 2, 29), before=day(2024, 3, 1))),
        ("after:2023 after:2024", Query(after=day(2024))),  # the last one wins
        ("foo:bar", Query(words=("foo:bar",))),
        ("-foo:bar", Query(not_words=("foo:bar",))),
        ("tag:", Query(words=("tag:",))),
        ('tag:""', Query(words=("tag:",))),
        ("*", Query()),
        ('"', Query()),
        ('""', Query()),
        ("阿里巴巴 腾讯", Query(words=("阿里巴巴", "腾讯"))),
    ],
)
def test_examples(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    "value", ["2024-13", "2024-02-30", "24", "2024/01/01", "yesterday", "2024-01-01T00:00", "20240101"]
)
@pytest.mark.parametrize("name", ["after", "before"])
def test_bad_dates_set_no_date_filter(name: str, value: str) -> None:
    query = parse_query(f"{name}:{value} cloud")
    assert query.after is None
    assert query.before is None
    # Not a filter, so (as the docstring says) it is searched as a word; nothing is lost silently.
    assert query.words == (f"{name}:{value}", "cloud")


def test_negated_unparsable_filter_stays_negated() -> None:
    assert parse_query("-after:2024-13").not_words == ("after:2024-13",)
    assert parse_query("-after:2024-13").words == ()


def test_query_properties() -> None:
    assert Query().is_empty
    assert not parse_query("tag:x").is_empty
    assert not parse_query("tag:x").has_text
    assert parse_query('"a b"').has_text


# --- properties ----------------------------------------------------------------------------------

NASTY = st.text(
    alphabet=st.sampled_from(list("ab 阿里-:\"*()^'\\tag:is:after:before:2024-01-15\t\n\u3000，")),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NASTY, st.text(max_size=60)))
def test_parse_never_raises(text: str) -> None:
    query = parse_query(text)
    assert isinstance(query, Query)
    for value in (*query.words, *query.phrases, *query.not_words):
        assert value
        assert value == value.strip()


LETTERS = "abcxyzABC019é阿里云腾讯ß"
WORD = st.builds(
    lambda head, tail, star: head + tail + star,
    st.text(alphabet=LETTERS, min_size=1, max_size=6),
    st.one_of(st.just(""), st.text(alphabet=LETTERS, min_size=1, max_size=4).map(lambda t: "-" + t)),
    st.sampled_from(["", "", "*"]),
)
PHRASE = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=5), min_size=1, max_size=3).map(" ".join)
VALUE = st.one_of(
    st.text(alphabet=LETTERS, min_size=1, max_size=6).map(lambda v: (v, v)),
    PHRASE.filter(lambda p: " " in p).map(lambda p: (f'"{p}"', p)),
)
DATE = st.builds(
    lambda date, precision: (
        [f"{date.year:04d}", f"{date.year:04d}-{date.month:02d}", date.isoformat()][precision],
        day(date.year, *(([date.month] if precision else []) + ([date.day] if precision == 2 else []))),
    ),
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.integers(0, 2),
)


@st.composite
def parts(draw: st.DrawFn) -> tuple[str, str, object]:
    """(kind, source text, value) of one part of a query."""
    kind = draw(
        st.sampled_from(
            [
                "word",
                "phrase",
                "not_word",
                "tag",
                "not_tag",
                "category",
                "not_category",
                "after",
                "before",
                "is",
            ]
        )
    )
    if kind == "word":
        word = draw(WORD)
        return kind, word, word
    if kind == "phrase":
        phrase = draw(PHRASE)
        return kind, f'"{phrase}"', phrase
    if kind == "not_word":
        word = draw(st.one_of(WORD, PHRASE.map(lambda p: f'"{p}"')))
        return kind, "-" + word, word.strip('"')
    if kind in ("after", "before"):
        text, stamp = draw(DATE)
        return kind, f"{kind}:{text}", stamp
    if kind == "is":
        negated = draw(st.booleans())
        flag = draw(st.sampled_from(["draft", "unread", "starred"]))
        return kind, f"{'-' if negated else ''}is:{flag}", (flag, not negated)
    source, value = draw(VALUE)
    negated = kind.startswith("not_")
    base = kind.removeprefix("not_")
    name = draw(st.sampled_from(["tag", "TAG", "Tag"] if base == "tag" else ["category", "cat", "CAT"]))
    return kind, f"{'-' if negated else ''}{name}:{source}", value


@settings(max_examples=300, deadline=None)
@given(st.lists(parts(), max_size=8), st.sampled_from([" ", "  ", "\t", " \n "]))
def test_generated_queries_parse_to_exactly_their_parts(
    items: list[tuple[str, str, object]], separator: str
) -> None:
    query = parse_query(separator.join(source for _, source, _ in items))
    lists: dict[str, list[object]] = {
        "word": [],
        "phrase": [],
        "not_word": [],
        "tag": [],
        "not_tag": [],
        "category": [],
        "not_category": [],
    }
    after = before = None
    flags: dict[str, bool] = {}
    for kind, _, value in items:
        if kind == "after":
            after = value
        elif kind == "before":
            before = value
        elif kind == "is":
            name, wanted = value  # type: ignore[misc]
            flags[name] = wanted
        else:
            lists[kind].append(value)
    assert query == Query(
        words=tuple(lists["word"]),  # type: ignore[arg-type]
        phrases=tuple(lists["phrase"]),  # type: ignore[arg-type]
        not_words=tuple(lists["not_word"]),  # type: ignore[arg-type]
        tags=tuple(lists["tag"]),  # type: ignore[arg-type]
        not_tags=tuple(lists["not_tag"]),  # type: ignore[arg-type]
        categories=tuple(lists["category"]),  # type: ignore[arg-type]
        not_categories=tuple(lists["not_category"]),  # type: ignore[arg-type]
        after=after,  # type: ignore[arg-type]
        before=before,  # type: ignore[arg-type]
        flags=tuple(flags.items()),
    )
