"""Under `broadsheet serve` a followed web link opens in the visitor's browser: the app asks the page
(textual-serve's `open_url` message) rather than copying the link or opening a browser on the server."""

from __future__ import annotations

import asyncio
import codecs
import json
from pathlib import Path

import aiohttp
import pytest

from .helpers import Served, screen_text, serving

pytestmark = pytest.mark.e2e

URL = "https://example.com/ferry-timetable"
TITLE = "Ferry timetable"
OUTPUT_TIMEOUT = 30.0  # websocket open, app start, first frame
SIZE = "?width=100&height=30"


async def _visit(served: Served) -> list[object]:
    """Open the article, its links, follow the first; what the page was asked to do in words."""
    origin = {"Origin": f"http://127.0.0.1:{served.port}"}
    asked: list[object] = []
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    received = ""
    url = f"ws://127.0.0.1:{served.port}/ws{SIZE}"
    async with aiohttp.ClientSession() as session, session.ws_connect(url, headers=origin) as socket:

        async def keys(text: str) -> None:
            await socket.send_str(json.dumps(["stdin", text]))
            await asyncio.sleep(0.8)

        try:
            async with asyncio.timeout(OUTPUT_TIMEOUT):
                sent = False
                async for message in socket:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        received += decoder.decode(message.data)
                        if not sent and TITLE in screen_text(received):
                            sent = True
                            for key in ("\r", "l", "\r"):  # open, links, follow the first
                                await keys(key)
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        data = json.loads(message.data)
                        if data[0] == "open_url":
                            asked.append(data[1])
                            return asked
        except TimeoutError:
            pass
    raise AssertionError(
        f"no open_url within {OUTPUT_TIMEOUT} s; the app showed:\n{screen_text(received)[-1500:]}\n"
        f"the server's log:\n{served.log_tail()}"
    )


def test_a_web_link_opens_in_the_visitors_tab(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "ferry.md").write_text(
        f"---\ntitle: {TITLE}\ndate: 2025-01-02\n---\n\nThe [timetable]({URL}) changes in May.\n",
        encoding="utf-8",
    )
    with serving(archive, tmp_path) as served:
        asked = asyncio.run(_visit(served))
    assert asked == [{"url": URL, "new_tab": True}]
