"""`broadsheet serve` cannot be driven by other web pages: a real server, a real WebSocket client.

A page on another site (or a DNS-rebinding name pointing at 127.0.0.1) could otherwise open a session,
read the archive off its screen and send keys. Browsers always send `Origin` on a websocket and the
`Host` they asked for; these tests send what such pages would send.
"""

from __future__ import annotations

import asyncio
import codecs
import re
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import aiohttp
import pytest

from .helpers import Served, screen_text, serving

pytestmark = pytest.mark.e2e

ARCHIVE = Path(__file__).parents[1] / "fixtures" / "reading_archive"
TITLE = "Field notes from the ridge walk"  # the newest article: in the list as soon as the app draws
OUTPUT_TIMEOUT = 30.0  # websocket open, app start, first frame
SIZE = "?width=100&height=30"


def http(url: str, headers: Mapping[str, str] | None = None) -> tuple[int, str]:
    """GET `url` with `headers` (urllib keeps a Host given here): the status and the body."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


async def handshake(url: str, headers: Mapping[str, str] | None = None) -> int:
    """The status a websocket handshake gets: 101 when the server accepts it (it is closed at once)."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def handshake_status(url: str, headers: Mapping[str, str] | None = None) -> int:
    return asyncio.run(handshake(url, headers))


async def until_shown(socket: aiohttp.ClientWebSocketResponse, text: str, served: Served) -> None:
    """Read the app's terminal output (binary messages) until `text` is on its screen."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    received = ""
    try:
        async with asyncio.timeout(OUTPUT_TIMEOUT):
            async for message in socket:
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += decoder.decode(message.data)
                    if text in screen_text(received):
                        return
    except TimeoutError:
        pass
    raise AssertionError(
        f"the app did not show {text!r} within {OUTPUT_TIMEOUT} s; it sent:\n"
        f"{screen_text(received)[-1500:]}\nthe server's log:\n{served.log_tail()}"
    )


async def session_shows(url: str, headers: Mapping[str, str], text: str, served: Served) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(url, headers=headers) as socket:
        await until_shown(socket, text, served)


def test_a_foreign_origin_is_refused(tmp_path: Path) -> None:
    with serving(ARCHIVE, tmp_path) as served:
        socket = f"ws://127.0.0.1:{served.port}/ws{SIZE}"
        for origin in ("http://evil.example", f"http://evil.example:{served.port}", "http://127.0.0.1:1"):
            assert handshake_status(socket, {"Origin": origin}) == 403, origin
        status, reason = http(f"http://127.0.0.1:{served.port}/ws", {"Origin": "http://evil.example"})
        assert (status, reason.strip()) == (403, "refused: the request comes from another site")


def test_a_null_origin_is_refused(tmp_path: Path) -> None:
    """`null`: a sandboxed frame, a file:// page or a data: URL."""
    with serving(ARCHIVE, tmp_path) as served:
        assert handshake_status(f"ws://127.0.0.1:{served.port}/ws{SIZE}", {"Origin": "null"}) == 403


def test_a_foreign_host_is_refused_on_the_page_and_the_websocket(tmp_path: Path) -> None:
    """DNS rebinding: evil.example now resolves to 127.0.0.1, and its page is same-origin with it."""
    with serving(ARCHIVE, tmp_path) as served:
        rebound = {"Host": f"evil.example:{served.port}", "Origin": f"http://evil.example:{served.port}"}
        status, reason = http(f"http://127.0.0.1:{served.port}/", {"Host": rebound["Host"]})
        assert status == 403
        assert reason.startswith("refused: this server does not answer to that Host name")
        assert "Field notes" not in reason
        assert http(f"http://127.0.0.1:{served.port}/", rebound)[0] == 403
        assert handshake_status(f"ws://127.0.0.1:{served.port}/ws{SIZE}", rebound) == 403
        assert handshake_status(f"ws://127.0.0.1:{served.port}/ws{SIZE}", {"Host": rebound["Host"]}) == 403
        # The page itself names this server in its websocket URL, and is not to be framed by another site.
        assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in served.page
        with urllib.request.urlopen(served.url, timeout=10) as answer:
            assert answer.headers["X-Frame-Options"] == "DENY"


def test_this_servers_origin_is_accepted_and_gets_the_apps_output(tmp_path: Path) -> None:
    with serving(ARCHIVE, tmp_path) as served:
        origin = {"Origin": f"http://localhost:{served.port}"}
        asyncio.run(session_shows(f"ws://127.0.0.1:{served.port}/ws{SIZE}", origin, TITLE, served))


def test_a_client_without_origin_is_not_a_browser_page_and_is_let_in(tmp_path: Path) -> None:
    """Browsers always send Origin on a websocket; a local program could forge any, so its absence is
    accepted (the token is what keeps programs out)."""
    with serving(ARCHIVE, tmp_path) as served:
        assert handshake_status(f"ws://127.0.0.1:{served.port}/ws{SIZE}") == 101


def test_a_token_is_required_when_set_and_accepted_when_given(tmp_path: Path) -> None:
    token = "correct-horse.battery~staple"
    with serving(ARCHIVE, tmp_path, "--token", token) as served:
        base = f"127.0.0.1:{served.port}"
        assert served.url == f"http://{base}/?token={token}"
        for page in (f"http://{base}/", f"http://{base}/?token=wrong", f"http://{base}/?token={token}x"):
            status, reason = http(page)
            assert (status, reason.startswith("refused: a valid token is required")) == (403, True), page
        for socket in (f"ws://{base}/ws{SIZE}", f"ws://{base}/ws/wrong{SIZE}"):
            assert handshake_status(socket) == 403, socket
        # The page carries the token into its websocket URL, to which textual.js appends `?width=…`.
        found = re.search(r'data-session-websocket-url="([^"]+)"', served.page)
        assert found is not None
        assert found[1] == f"ws://{base}/ws/{token}"
        origin = {"Origin": f"http://{base}"}
        asyncio.run(session_shows(found[1] + SIZE, origin, TITLE, served))
        # Static files hold nothing private: the page loads them without the token.
        assert http(f"http://{base}/static/css/xterm.css")[0] == 200
    # The address printed at start is the one place the token shows: the access log has it blanked out.
    log = served.log.read_text("utf-8", "replace")
    assert log.count(token) == 1, log
    assert "GET /?token=… " in log


async def when_free(session: aiohttp.ClientSession, socket: str) -> aiohttp.ClientWebSocketResponse:
    """A websocket once the server has a slot: a closed session frees its own once its app has quit."""
    deadline = time.monotonic() + OUTPUT_TIMEOUT
    while True:
        try:
            return await session.ws_connect(socket)
        except aiohttp.WSServerHandshakeError as error:
            status = error.status
        assert status == 503
        assert time.monotonic() < deadline, "the closed session's slot was never freed"


def test_sessions_are_capped_and_a_closed_one_frees_its_slot(tmp_path: Path) -> None:
    async def journey(served: Served) -> None:
        socket = f"ws://127.0.0.1:{served.port}/ws{SIZE}"
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(socket)
            await until_shown(first, TITLE, served)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(socket)
            assert refused.value.status == 503
            async with session.get(socket.replace("ws:", "http:")) as answer:
                assert answer.status == 503
                assert (await answer.text()).strip() == (
                    "refused: all 1 sessions are in use; close one and try again"
                )
            await first.close()
            again = await when_free(session, socket)
            await until_shown(again, TITLE, served)
            await again.close()

    with serving(ARCHIVE, tmp_path, "--max-sessions", "1") as served:
        asyncio.run(journey(served))


def test_a_host_other_machines_reach_gets_a_token_printed_in_its_address(tmp_path: Path) -> None:
    with serving(ARCHIVE, tmp_path, "--host", "0.0.0.0") as served:
        token = served.token
        assert token is not None
        assert len(token) >= 40
        assert served.url == f"http://localhost:{served.port}/?token={token}"
        assert http(f"http://127.0.0.1:{served.port}/")[0] == 403
        assert http(f"http://127.0.0.1:{served.port}/?token={token}")[0] == 200
