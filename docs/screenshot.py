"""Regenerate docs/screenshot.svg: the app on the bundled samples, a Chinese article open.

python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = "2024/metro-line-4-extension.md"


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("CACHE", "STATE", "CONFIG"):
            os.environ[f"BROADSHEET_{kind}_DIR"] = str(Path(folder) / kind.lower())
        from reader.paths import sample_articles
        from reader.ui.app import BroadsheetApp
        from reader.ui.widgets import ArticleList

        app = BroadsheetApp(str(sample_articles()))
        async with app.run_test(size=(120, 36)) as pilot:
            await asyncio.sleep(2)  # the index is built and the list settles
            listing = app.screen.query_one(ArticleList)
            while listing.highlighted is not None and listing.highlighted.path != ARTICLE:
                await pilot.press("down")
            await pilot.press("enter")
            await asyncio.sleep(1)
            await pilot.pause()
            app.save_screenshot(filename="screenshot.svg", path=str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
