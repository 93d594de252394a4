"""The app searches Chinese in either script through the shared index: `软件` lists the article
written `軟體`, and opening it highlights `軟體` where it is written."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from reader.ui.app import BroadsheetApp

from .helpers import article_list, article_view, main_screen, settle


def cells(line: str, start: int, end: int) -> str:
    """The characters of `line` between two cell positions (a match is in cells: CJK counts two)."""
    return "".join(char for index, char in enumerate(line) if start <= cell_len(line[:index]) < end)


async def test_a_simplified_query_finds_and_highlights_traditional_text(tmp_path: Path) -> None:
    (tmp_path / "tw.md").write_text("---\ntitle: 軟體開發\ndate: 2025-01-02\n---\n我們的軟體在網路上發佈。\n")
    (tmp_path / "cn.md").write_text("---\ntitle: 硬件\ndate: 2025-01-03\n---\n我们的硬件。\n")
    app = BroadsheetApp(str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"软件")
        await settle(pilot)
        assert [article.path for article in article_list(pilot).articles] == ["tw.md"]
        await pilot.press("enter", "enter")  # to the results, then open the first
        await settle(pilot)
        shown = main_screen(pilot).pane.shown
        assert shown is not None
        assert shown.article.path == "tw.md"
        view = article_view(pilot)
        found = {cells(view.content.texts[line], start, end) for line, start, end in view.matches}
        assert found == {"軟體"}
