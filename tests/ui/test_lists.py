"""The list and what it says of itself: counts in words, an empty filter, undated archives."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Label

from reader.rules import UNDATED_ORDER, Filter
from reader.ui.app import BroadsheetApp

from .helpers import article_list, article_view, lines, main_screen, settle, sidebar

SIZE = (110, 30)


def status(pilot: Pilot[None]) -> str:
    return str(main_screen(pilot).query_one("#status-summary", Label).render())


def write(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


async def test_one_article_is_counted_in_the_singular(tmp_path: Path) -> None:
    root = write(tmp_path / "one", {"only.md": "---\ntitle: Only\ndate: 2024-01-01\n---\nBody.\n"})
    app = BroadsheetApp(str(root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(pilot).startswith("1 article · ")
        await pilot.press("R")
        await settle(pilot)
        assert any("Marked 1 article read." in str(n.message) for n in app._notifications)


async def test_a_filter_that_keeps_nothing_clears_the_pane(archive: Path) -> None:
    app = BroadsheetApp(str(archive))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.pane.shown is not None  # the newest is previewed
        screen.filter = Filter(starred=True)  # nothing is starred
        await settle(pilot)
        assert article_list(pilot).articles == ()
        assert screen.pane.shown is None
        assert "No article matches: Starred" in "\n".join(lines(article_view(pilot)))


async def test_an_undated_archive_lists_the_highest_number_first(tmp_path: Path) -> None:
    names = ["issue-1", "issue-2", "issue-10", "issue-11", "issue-100"]
    root = write(tmp_path / "issues", {f"{name}.md": f"# {name}\n\nBody.\n" for name in names})
    app = BroadsheetApp(str(root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [a.title for a in article_list(pilot).articles] == names[::-1]
        assert "newest first" not in status(pilot)
        assert UNDATED_ORDER in status(pilot)
        app.action_sort("date")  # what S says when it comes round to the date order
        await pilot.pause()
        notices = [notification.message for notification in app._notifications]
        assert notices[-1] == f"Sorting {UNDATED_ORDER}."


async def test_a_long_tag_keeps_to_one_line_with_its_count_and_a_tooltip(tmp_path: Path) -> None:
    long = "TiDB 4.0 新特性 and a great deal more besides"
    root = write(
        tmp_path / "tags", {"a.md": f"---\ntitle: A\ndate: 2024-01-01\ntags: ['{long}', short]\n---\nA.\n"}
    )
    app = BroadsheetApp(str(root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = sidebar(pilot)
        drawn = lines(bar)
        entry = [line for line in drawn if "#TiDB" in line]
        assert len(entry) == 1
        assert "…" in entry[0]
        assert entry[0].rstrip().endswith(" 1")  # the count, right-aligned
        assert not any(line.strip() == "1" for line in drawn)  # nothing wrapped onto a line of its own
        short = next(line for line in drawn if "#short" in line)
        assert cell_len(short.rstrip()) == cell_len(entry[0].rstrip())  # counts line up
        row = drawn.index(entry[0])
        await pilot.hover(bar, offset=(4, row + 1))  # + the border
        await pilot.pause()
        assert bar.tooltip is not None
        assert str(bar.tooltip) == f"#{long}"


async def test_an_archive_without_tags_shows_its_folders_and_years(tmp_path: Path) -> None:
    files = {
        "2023/01/a.md": "---\ntitle: A\ndate: 2023-01-02\n---\nA.\n",
        "2023/02/b.md": "---\ntitle: B\ndate: 2023-02-02\n---\nB.\n",
        "notes/c.md": "---\ntitle: C\ndate: 2024-03-03\n---\nC.\n",
        "top.md": "# Top\n\nUndated.\n",
    }
    app = BroadsheetApp(str(write(tmp_path / "plain", files)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawn = [line.strip() for line in lines(sidebar(pilot))]
        assert sidebar(pilot).border_title == "Folders"
        assert "Folders" in drawn
        assert "Years" in drawn
        folders = [line.split() for line in drawn if "/" in line]
        assert folders == [["2023/", "2"], ["01/", "1"], ["02/", "1"], ["notes/", "1"]]
        assert "2024 1" in [" ".join(line.split()) for line in drawn]
        screen = main_screen(pilot)
        bar = sidebar(pilot)
        bar.focus()
        await pilot.pause()
        bar.highlighted = bar.get_option_index("folder:2023")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.filter == Filter(folder="2023")
        assert [a.title for a in article_list(pilot).articles] == ["B", "A"]
        bar.highlighted = bar.get_option_index("year:2024")
        await pilot.press("enter")
        await settle(pilot)
        assert article_list(pilot).articles == ()  # in 2023/ and of 2024: none
        screen.filter = Filter(year="2024")
        await settle(pilot)
        assert [a.title for a in article_list(pilot).articles] == ["C"]
