"""Our parser is markdown-it's: the shortcut for plain paragraphs changes no token."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.markdown import parse

from .helpers import shape

STOCK = parse.build_parser().disable("plain_paragraph")
# Lines that start, end or underline blocks, or only look as if they might, and plain ones.
FRAGMENTS = [
    *("", "a", "word and word", "中文", "  indented", "    code", "\tcode", "trailing  ", "2024 was"),
    *("===", "---", "= a", "- a", "+ a", "* a", "***", "___", "1. a", "2) b", "> q", "# h", "#no"),
    *("```", "~~~", "<div>", "</div>", "<!-- c -->", "[r]: /u", "[^n]: note", "| a | b |", "|---|---|"),
    *(":--|--:", "a | b", "{{< x >}}", "{{< /x >}}", "{{% y", "  >}}", "{{< x >}} text"),
]
LINE = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="ab 1.-=#>*|:`\t[]中", max_size=8))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown=st.lists(LINE, max_size=30).map("\n".join))
@example("a | b\n|---|---|\n| 1 | 2 |")  # a table's header line is plain
@example("Title\n===\ntext\n---")
@example("text\n1. item\ntext\n2. item\n    |---|")
def test_plain_paragraph_rule_parses_as_markdown_it(markdown: str) -> None:
    assert [shape(t) for t in parse.parse(markdown)] == [shape(t) for t in STOCK.parse(markdown)]


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(alphabet="ab中文。 \t", min_size=1, max_size=8), min_size=1, max_size=8))
def test_plain_lines_are_what_the_inline_parser_makes(lines: list[str]) -> None:
    content = "\n".join(line for line in lines if line.strip(" \t")).strip()
    if not content:
        return
    expected = [(child.type, child.content) for child in STOCK.parseInline(content)[0].children or ()]
    found: list[tuple[str, str]] = []
    for text, end in parse.plain_lines(content):
        found += [("text", text)] if text else []
        found += [(end, "")] if end else []
    assert found == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["- ", "* ", "1. ", "> ", "[ ]", "[x]", "[X]", "[", "]", " ", "\t", "\n", "\n\n", "a", "中"]
        ),
        max_size=30,
    ).map("".join)
)
@example("- [X] done\n- [ ] to do\n1. [x]\tok\n> - [ ] quoted\n\n- [ ]\n  next line")
@example("- [X] the only box")
@example("* [x] the only box")
def test_task_boxes_are_made_as_the_plugin_makes_them(text: str) -> None:
    """The task-list rule imports the plugin only for a document with a `[ ]`, `[x]` or `[X]`:
    every document parses to the tokens the plugin's own rule gives."""
    from mdit_py_plugins.tasklists import tasklists_plugin

    eager = parse.build_parser()
    plugin = MarkdownIt("zero")
    tasklists_plugin(plugin)
    rules = dict(zip(plugin.core.ruler.get_active_rules(), plugin.core.ruler.getRules(""), strict=True))
    eager.core.ruler.at("github-tasklists", rules["github-tasklists"])

    def tokens(md: MarkdownIt) -> list[dict[str, object]]:
        return [token.as_dict() for token in md.parse(text)]

    assert tokens(parse.build_parser()) == tokens(eager)
