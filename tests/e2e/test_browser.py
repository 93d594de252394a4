"""`broadsheet serve` in headless Chromium: the page opens its websocket, the app starts, draws, takes keys.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: NUL-terminated JSON
on its fds 3 and 4), with the standard library only. xterm.js draws the terminal on canvases, so the
page's DOM holds no text: the test records what the page's websocket receives (the app's terminal output)
and looks for an article's title there, presses `j` and looks for the next article's text, then checks
that the screenshot's terminal area is not blank.
"""

from __future__ import annotations

import base64
import http.server
import io
import json
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from .helpers import Served, screen_text, serving, stop

pytestmark = pytest.mark.e2e

ARCHIVE = Path(__file__).parents[1] / "fixtures" / "reading_archive"
TITLE = "Field notes from the ridge walk"  # the newest article: first in the list and in the reading pane
NEXT_BODY = "A gentle loop along the river"  # the second one's text: in the pane once `j` has moved down
WIDTH, HEIGHT = 1280, 800
COMMAND_TIMEOUT = 20.0  # one DevTools command
RENDER_TIMEOUT = 30.0  # page load, websocket, app start, first frame
STILL_TIMEOUT = 15.0  # until two screenshots in a row are the same

FLAGS = (
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where the sandbox refuses to start; the page is ours, on 127.0.0.1
    "--disable-gpu",
    "--disable-dev-shm-usage",  # Debian's launcher means to add it when /dev/shm is small, but can miss
    "--remote-debugging-pipe",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--mute-audio",
    "--hide-scrollbars",
    f"--window-size={WIDTH},{HEIGHT}",
    # textual-serve's page links a Google Fonts stylesheet, and scripts wait for stylesheets: without a
    # network that could stall the page. Every host but 127.0.0.1 fails at once; the font falls back.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)

# Runs in the page before its own scripts: keeps the websocket's binary messages (the terminal output).
RECORD_WEBSOCKET = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__received = "";
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          window.__received += decoder.decode(event.data, { stream: true });
        }
      });
    }
  };
})();
"""

PAGE_STATE = """
(() => {
  const screen = document.querySelector(".xterm-screen");
  const terminal = document.querySelector("#terminal");
  const box = screen ? screen.getBoundingClientRect() : null;
  return {
    classes: document.body ? document.body.className : "",
    received: window.__received ?? null,
    opacity: terminal ? getComputedStyle(terminal).opacity : null,
    box: box && [box.left, box.top, box.right, box.bottom],
  };
})()
"""


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    pytest.skip("Chromium is not installed: no `chromium` or `chromium-browser` on PATH")


class Chromium:
    """One headless Chromium and one page in it, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.log = workdir / "chromium.log"
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        argv = [binary, *FLAGS, f"--user-data-dir={workdir / 'chromium-profile'}", "about:blank"]
        with self.log.open("wb") as stderr:
            # The shell moves our pipe ends to fds 3 and 4, where Chromium looks for them.
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null', *argv],
                stdin=commands_read,
                stdout=replies_write,
                stderr=stderr,
                start_new_session=True,
            )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._last_id = 0
        self._session: str | None = None

    def send(self, method: str, *, page: bool = True, timeout: float = COMMAND_TIMEOUT, **params: Any) -> Any:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if page and self._session:
            message["sessionId"] = self._session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:  # events and late replies are skipped
            reply = json.loads(self._next_message(method, deadline))
            if reply.get("id") == self._last_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply["result"]

    def _next_message(self, method: str, deadline: float) -> bytes:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._replies], [], [], remaining)[0]:
                raise AssertionError(f"Chromium did not answer {method} in time; its log:\n{self.log_tail()}")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise AssertionError(f"Chromium exited during {method}; its log:\n{self.log_tail()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return message

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", page=False, url="about:blank")["targetId"]
        attached = self.send("Target.attachToTarget", page=False, targetId=target, flatten=True)
        self._session = attached["sessionId"]
        size = {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", **size)
        self.send("Page.enable")  # without it the script below is not installed
        self.send("Page.addScriptToEvaluateOnNewDocument", source=RECORD_WEBSOCKET)
        navigated = self.send("Page.navigate", url=url)
        assert "errorText" not in navigated, f"could not load {url}: {navigated['errorText']}"

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, f"the page threw: {result['exceptionDetails']}"
        return result["result"].get("value")

    def press(self, key: str) -> None:
        """Type one printable key into the focused element."""
        self.send("Input.dispatchKeyEvent", type="keyDown", key=key, text=key)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])

    def log_tail(self, lines: int = 20) -> str:
        """The end of Chromium's stderr, without its complaints about the missing D-Bus."""
        text = self.log.read_text("utf-8", "replace") if self.log.exists() else ""
        return "\n".join([line for line in text.splitlines() if "dbus" not in line][-lines:])

    def close(self) -> None:
        with suppress(AssertionError, OSError):
            self.send("Browser.close", page=False, timeout=5)
        stop(self.process)  # the renderer, GPU and utility processes share its process group
        os.close(self._commands)
        os.close(self._replies)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Chromium]:
    browser = Chromium(chromium_binary(), tmp_path)
    try:
        yield browser
    finally:
        browser.close()


def wait_for_output(chromium: Chromium, served: Served, text: str, after: int = 0) -> int:
    """Poll until the session is up and `text` is in its output past `after`; the output's length then."""
    deadline = time.monotonic() + RENDER_TIMEOUT
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = chromium.evaluate(PAGE_STATE)
        if "-closed" in state["classes"]:
            break
        received = state["received"] or ""
        if "-first-byte" in state["classes"] and text in screen_text(received[after:]):
            return len(received)
        time.sleep(0.1)
    seen = screen_text((state.get("received") or "")[after:])[-2000:]
    raise AssertionError(
        f"the app did not show {text!r} in the browser within {RENDER_TIMEOUT} s "
        f"(body classes: {state.get('classes')!r}; websocket recorder: "
        f"{'on' if state.get('received') is not None else 'missing'}).\n"
        f"The terminal output received:\n{seen}\nThe server's log:\n{served.log_tail()}\n"
        f"Chromium's log:\n{chromium.log_tail()}"
    )


def wait_for_a_still_screenshot(chromium: Chromium) -> tuple[bytes, dict[str, Any]]:
    """A screenshot once the terminal has faded in and two captures in a row are the same; the page state."""
    deadline = time.monotonic() + STILL_TIMEOUT
    previous = b""
    state: dict[str, Any] = {"opacity": None}
    while time.monotonic() < deadline:
        state = chromium.evaluate(PAGE_STATE)
        if state["opacity"] == "1":
            shot = chromium.screenshot()
            if shot == previous:
                return shot, state
            previous = shot
        time.sleep(0.1)
    raise AssertionError(
        f"the page had not settled after {STILL_TIMEOUT} s (the terminal's opacity: {state['opacity']!r})"
    )


@pytest.mark.parametrize("options", [(), ("--token", "s3cret-token")], ids=["open", "with a token"])
def test_the_served_app_draws_and_takes_keys_in_headless_chromium(
    tmp_path: Path, chromium: Chromium, options: tuple[str, ...]
) -> None:
    """With a token the page's address carries it, and the page passes it on to its websocket."""
    with serving(ARCHIVE, tmp_path, *options) as served:
        chromium.open(served.url)
        seen = wait_for_output(chromium, served, TITLE)
        # Keys reach the app once the terminal has the focus (until then Textual also empties the footer).
        chromium.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        chromium.press("j")
        wait_for_output(chromium, served, NEXT_BODY, after=seen)
        png, state = wait_for_a_still_screenshot(chromium)
    (tmp_path / "served-app.png").write_bytes(png)

    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    # The terminal fills most of the page, and what it drew is not a flat background.
    left, top, right, bottom = (round(edge) for edge in state["box"])
    fills_the_page = right - left >= WIDTH * 0.9 and bottom - top >= HEIGHT * 0.9
    assert fills_the_page, f"the terminal's box is only {state['box']}"
    terminal = image.convert("RGB").crop((left, top, right, bottom))
    colours = terminal.getcolors(maxcolors=WIDTH * HEIGHT) or []
    spread = ImageStat.Stat(terminal.convert("L")).stddev[0]
    blank = len(colours) < 16 or spread < 10
    assert not blank, (
        f"the terminal area looks blank: {len(colours)} colours, grey-level spread {spread:.1f}; "
        f"see {tmp_path / 'served-app.png'}"
    )


class _Foreign(http.server.BaseHTTPRequestHandler):
    """Another site's page (here another local port): it tries to open broadsheet's websocket."""

    def do_GET(self) -> None:
        body = b"<!DOCTYPE html><title>elsewhere</title><p>another site</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


TRY_WEBSOCKET = """
new Promise((resolve) => {
  const socket = new WebSocket("%s");
  socket.onopen = () => { socket.close(); resolve("open"); };
  socket.onerror = () => resolve("error");
})
"""


def test_a_page_of_another_site_cannot_open_the_websocket(tmp_path: Path, chromium: Chromium) -> None:
    """What the Origin check is for: Chromium itself sends the foreign page's Origin."""
    foreign = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Foreign)
    thread = threading.Thread(target=foreign.serve_forever, daemon=True)
    thread.start()
    try:
        with serving(ARCHIVE, tmp_path) as served:
            chromium.open(f"http://127.0.0.1:{foreign.server_address[1]}/")
            deadline = time.monotonic() + COMMAND_TIMEOUT
            while chromium.evaluate("document.title") != "elsewhere":
                assert time.monotonic() < deadline, "the other site's page did not load"
                time.sleep(0.1)
            script = TRY_WEBSOCKET % f"ws://127.0.0.1:{served.port}/ws?width=80&height=24"
            tried = chromium.send(
                "Runtime.evaluate", expression=script, awaitPromise=True, returnByValue=True
            )
            assert tried["result"]["value"] == "error"
            assert "refused: the request comes from another site" in served.log.read_text("utf-8", "replace")
    finally:
        foreign.shutdown()
        foreign.server_close()
