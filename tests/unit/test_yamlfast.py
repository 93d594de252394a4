"""The YAML fast path against CSafeLoader: whatever the fast path accepts, it reads exactly as
CSafeLoader does (types included), and it accepts nothing CSafeLoader refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.load import yamlfast

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Values chosen to hit YAML 1.1's corners: booleans, sexagesimals, dates, nulls, floats, octal...
ATOMS = [
    "a",
    "b c",
    "no",
    "No",
    "yes",
    "on",
    "OFF",
    "true",
    "False",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "",
    "10:30",
    "1:2:3",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "+12",
    "-3",
    "1e3",
    "1.5e-3",
    ".5",
    ".inf",
    "-.Inf",
    ".nan",
    "2025-02-13",
    "2025-2-3",
    "2025-02-13 17:30:11",
    "2025-02-13T17:30:11Z",
    "2025-02-13T17:30:11+08:00",
    "2025-02-13 17:30:11 +0800",
    "2025-13-45",
    "2025-02-30",
    "1700000000",
    "3.14",
    "1,000",
    "=",
    "<<",
    "https://x.org/a?b=c#d",
    "C#",
    "a #b",
    "a: b",
    "a:b",
    "a:",
    ":a",
    "-a",
    "- a",
    "?a",
    "? a",
    "[a]",
    "{a: b}",
    "&x a",
    "*x",
    "!str a",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "'q'",
    '"q"',
    "it's",
    'say "hi"',
    "a\\b",
    "a\\nb",
    "中文",
    "科技, 财经",
    "标题：副题",
    "a  b",
    " a",
    "a ",
    "a\tb",
    "x\u2028y",
    "\ufeffa",
    "\u00a0a",
    "a,",
    "a]",
    "a}",
    "#",
    "a#",
]
KEYS = ["title", "date", "tags", "on", "no", "null", "x-y", "_k", "2024", "a b", "Title", "t"]

atom = st.sampled_from(ATOMS) | st.text(
    alphabet=st.sampled_from(list("ab1 :#-,'\"[]{}?!&*|>%@`.~\\中\u3000\t")), max_size=8
)


def quoted(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, f'"{text}"', "'" + text.replace("'", "''") + "'", f"'{text}'"])


scalar = atom.flatmap(quoted)
flow = st.lists(scalar, max_size=4).flatmap(
    lambda items: st.sampled_from(
        ["[" + ", ".join(items) + "]", "[" + ",".join(items) + "]", "[ " + " , ".join(items) + " ]"]
    )
)
value = st.one_of(scalar, flow, st.just(""))
items = st.lists(scalar, min_size=1, max_size=3)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(KEYS))
        shape = draw(st.sampled_from(["value", "list", "odd"]))
        if shape == "value":
            text = draw(value)
            sep = draw(st.sampled_from([": ", ":  ", ":"]))
            lines.append(f"{key}{sep}{text}")
        elif shape == "list":
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.append(f"{key}:")
            lines += [f"{indent}- {item}" for item in draw(items)]
        else:
            lines.append(draw(st.sampled_from(["", "# c", "  x: 1", "  more", "---", "- a", f"{key}: |"])))
    return "\n" + "\n".join(lines) + "\n"


def typed(data: Any) -> Any:
    """A value with its types spelled out: True == 1 and 1.0 == 1 in Python, not here."""
    if isinstance(data, dict):
        return [(typed(k), typed(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [typed(item) for item in data]
    if isinstance(data, float) and data != data:
        return ("float", "nan")
    if isinstance(data, dt.datetime):
        return ("datetime", data.isoformat(), str(data.tzinfo))
    return (type(data).__name__, data)


def reference(block: str) -> tuple[str, Any]:
    try:
        return ("ok", typed(yaml.load(block, Loader=Loader)))
    except Exception as error:  # CSafeLoader raises ValueError too (dates out of range)
        return ("error", type(error).__name__)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks())
def test_fast_path_reads_what_csafeloader_reads(block: str) -> None:
    fast = yamlfast.load(block)
    if fast is not None:
        assert reference(block) == ("ok", typed(fast)), block


def test_the_common_hugo_block_takes_the_fast_path() -> None:
    block = (
        '\ntitle: "Would Tutan"\ndate: 2023-03-08 16:40:14\nsummary: "a, b: c #d"\n'
        'tags: [科技, "AI", 2024]\ncategories:\n  - business\n- x\ndraft: no\n'
        'lang:\n  - "zh-CN"\nmenu: ""\ncomments: false\nlastmod: 2023-03-08T16:40:14+08:00\nweight: 10:30\n'
    )
    fast = yamlfast.load(block)
    assert fast is None  # `- x` at column 0 after an indented list: refused
    block = block.replace("- x\n", "")
    fast = yamlfast.load(block)
    assert fast is not None
    assert typed(fast) == reference(block)[1]


@pytest.mark.parametrize(
    "block",
    [
        "\ntitle: a # comment\n",
        "\ntitle: a\n\nb: c\n",
        "\ntitle: &x a\nb: *x\n",
        "\ntitle: |\n  text\n",
        "\nmenu:\n  main:\n    weight: 1\n",
        '\ntitle: "a\\nb"\n',
        "\ntitle: a\n  continued\n",
        "\ntitle: a\n  - b\n",
        "\ndate: 2025-13-45\n",
        "\n",
    ],
)
def test_outside_the_subset_goes_to_pyyaml(block: str) -> None:
    assert yamlfast.load(block) is None
