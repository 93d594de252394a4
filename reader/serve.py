"""`broadsheet serve`: the app in a browser through textual-serve, guarded, with a page that works offline.

textual-serve's `/ws` accepts any `Origin` and any `Host`: any page open in the user's browser (or a
DNS-rebinding name) could open a session, read the archive off its screen and press keys. Every
request here first passes `Guard`: the `Host` must name this server (a rebinding name does not), an
`Origin`, when sent, must be this server, and with a token the page and its websocket need it. A
request without `Origin` is not from a browser page (browsers always send it on a websocket): it is let
through, because any local program could forge the header anyway; the token is what stops those.
`Sessions` caps the app processes running at once.

textual-serve's page asks fonts.googleapis.com for its font although the same font ships in its own
static folder: a demo without a network would wait on it, and every visitor's browser would tell
Google. We serve its page with that one link replaced by an `@font-face` for the bundled file. The
page is written into the cache dir from the installed textual-serve, so it follows its version; if
the link is not where we expect, textual-serve's own page is used unchanged.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import re
import secrets
import shlex
import signal
import sys
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import textual_serve
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from rich.logging import RichHandler
from textual_serve.server import Server, to_int

from reader.paths import cache_dir
from reader.text import sanitise

log = logging.getLogger("broadsheet.serve")

PAGE = "app_index.html"
REMOTE_FONT = re.compile(r"<link\b[^>]*?fonts\.googleapis\.com[^>]*>", re.DOTALL)
LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-style: italic;
      }
    </style>"""

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
EVERY_INTERFACE = ("", "0.0.0.0", "::")  # noqa: S104 - recognised, not chosen: the default is 127.0.0.1
MAX_SESSIONS = 8
SLOT_WAIT = 2.0  # seconds a websocket waits for a slot: a reload's old session is still quitting
# A Host header or an Origin's authority: a bracketed IPv6 address or a name, and an optional port.
_AUTHORITY = re.compile(r"(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9.-]+))(?::(?P<port>[0-9]{1,5}))?")

BAD_HOST = "refused: no valid Host header"
FOREIGN_HOST = "refused: this server does not answer to that Host name (open the address broadsheet printed)"
FOREIGN_ORIGIN = "refused: the request comes from another site"
UNAUTHORISED = "refused: a valid token is required (open the address with ?token= that broadsheet printed)"


def offline_page(templates: Path, target: Path) -> Path | None:
    """A copy of textual-serve's `templates` folder in `target`, its page loading no remote font;
    None when the page is not as expected (or `target` cannot be written)."""
    try:
        page = (templates / PAGE).read_text(encoding="utf-8")
        fixed, count = REMOTE_FONT.subn(lambda _: LOCAL_FONT, page)
        if count != 1 or "googleapis" in fixed:
            return None
        target.mkdir(parents=True, exist_ok=True)
        for source in templates.iterdir():
            if source.is_file() and source.name != PAGE:
                (target / source.name).write_bytes(source.read_bytes())
        (target / PAGE).write_text(fixed, encoding="utf-8")
    except OSError:
        return None
    return target


def normal_host(name: str) -> str:
    """One spelling per host, so that `[::1]`, `0:0::1` and `::1`, or `LocalHost` and `localhost`, compare
    equal: addresses compressed and unbracketed, names in lower case."""
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        return ipaddress.ip_address(bare).compressed
    except ValueError:
        return bare.lower()


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses: only this machine can reach the server there."""
    name = normal_host(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_authority(text: str, default_port: int = 80) -> tuple[str, int] | None:
    """`host[:port]` (a Host header, or an Origin after its scheme) as (normal host, port); None when it
    is not one (the port then is the default, HTTP's 80)."""
    match = _AUTHORITY.fullmatch(text)
    if match is None:
        return None
    port = int(match["port"]) if match["port"] else default_port
    if not 0 < port < 65536:
        return None
    if match["ip6"] is not None:
        try:
            return ipaddress.IPv6Address(match["ip6"]).compressed, port
        except ValueError:
            return None
    return normal_host(match["name"]), port


def parse_origin(origin: str) -> tuple[str, int] | None:
    """An `Origin` header as (normal host, port); None for `null` (a sandboxed frame, a file, a data: URL)
    or anything but `http://`, the only scheme we serve."""
    scheme, separator, authority = origin.partition("://")
    if not separator or scheme.lower() != "http":
        return None
    return parse_authority(authority)


def token_matches(expected: str, given: str | None) -> bool:
    """Compared in constant time, so the answer's timing does not tell an attacker how much was right."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def session_token(host: str, given: str | None) -> str | None:
    """The token to require: the one given, else a fresh random one when the server is reachable from
    other machines (`host` is not a loopback address), else none."""
    if given is not None:
        return given
    return None if is_loopback(host) else secrets.token_urlsafe(32)


def address(host: str, port: int, token: str | None) -> str:
    """The URL to open: IPv6 in brackets, `localhost` for every interface, the token in its query."""
    name = normal_host(host)
    if name in EVERY_INTERFACE:
        name = "localhost"
    shown = f"[{name}]" if ":" in name else name
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


@dataclass(frozen=True, slots=True)
class Guard:
    """Who may talk to the server. `hosts` are the (host, port) pairs the `Host` header may name; None
    when it listens on every interface, where any name may reach it: a visitor's `Origin` must then be
    the `Host` they asked for, and the token (always set there) stops rebinding names."""

    hosts: frozenset[tuple[str, int]] | None
    token: str | None = field(default=None, repr=False)

    @classmethod
    def serving(cls, host: str, port: int, token: str | None = None) -> Guard:
        """The guard for a server listening on `host`:`port`: that address, and on a loopback address
        also its `localhost`, `127.0.0.1` and `[::1]` spellings."""
        name = normal_host(host)
        if name in EVERY_INTERFACE:
            return cls(None, token)
        names = {name, *LOOPBACK_NAMES} if is_loopback(name) else {name}
        return cls(frozenset((each, port) for each in names), token)

    def refusal(self, host: str | None, origin: str | None, token: str | None, private: bool) -> str | None:
        """Why a request with these headers (and `token`, from its URL) is refused, or None to let it in.
        `private`: the request is for the page or the websocket, which need the token when there is one."""
        where = parse_authority(host) if host is not None else None
        if where is None:
            return BAD_HOST
        if self.hosts is not None and where not in self.hosts:
            return FOREIGN_HOST
        allowed = self.hosts if self.hosts is not None else {where}  # every interface: the same origin
        if origin is not None and parse_origin(origin) not in allowed:
            return FOREIGN_ORIGIN
        if private and self.token is not None and not token_matches(self.token, token):
            return UNAUTHORISED
        return None


class Sessions:
    """At most `limit` app sessions at once: each is a process, and a page can open websockets in a loop."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    async def enter(self, wait: float = 0.0) -> bool:
        """Take a slot, waiting up to `wait` seconds for one to free; False when none did."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while self.open >= self.limit:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        self.open += 1
        return True

    def leave(self) -> None:
        self.open -= 1


class _Quiet(logging.Filter):
    """Keeps the token out of the server's log (the access log shows request lines, with their query),
    turns a logged exception into one line (no traceback reaches the terminal) and removes control
    characters (the access log quotes the visitor's User-Agent)."""

    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = f"{type(error).__name__}: {error}"
            message = detail if message == str(error) else f"{message} ({detail})"
        if self.secret:
            message = message.replace(self.secret, "…")
        record.msg, record.args, record.exc_info, record.exc_text = sanitise(message), (), None, None
        return True


class GuardedServer(Server):
    """textual-serve's server behind a `Guard` (every request) and `Sessions` (every websocket)."""

    def __init__(self, command: str, host: str, port: int, guard: Guard, sessions: Sessions) -> None:
        super().__init__(command, host=host, port=port, title="broadsheet")
        self.guard = guard
        self.sessions = sessions

    def initialize_logging(self) -> None:
        logging.basicConfig(
            level="INFO",
            format="%(message)s",
            handlers=[RichHandler(show_path=False, show_time=False, console=self.console)],
        )
        for handler in logging.getLogger().handlers:
            handler.addFilter(_Quiet(self.guard.token))

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, running the guarded app: ours, so that a textual-serve whose insides
        have moved fails to start rather than serving without its guard."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        with suppress(NotImplementedError):  # no signal handlers on Windows' loop
            for stop in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(stop, self.request_exit)
        web.run_app(
            self._guarded_app(), host=self.host, port=self.port, handle_signals=False, loop=loop, print=None
        )

    async def _guarded_app(self) -> web.Application:
        app = await self._make_app()
        app.middlewares.append(_guarding(self.guard))
        if self.guard.token is not None:
            # textual.js appends `?width=…` to the page's websocket URL: the token goes in its path.
            app.router.add_get("/ws/{token}", self.handle_websocket)
        return app

    @aiohttp_jinja2.template(PAGE)
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, its URLs built on the (checked) Host the browser asked for rather than on the
        listening address, which for `::1` or every interface is no URL a browser can open."""
        socket = "/ws" if self.guard.token is None else f"/ws/{self.guard.token}"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{request.headers['Host']}{socket}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not await self.sessions.enter(SLOT_WAIT):
            log.warning("refused a session: all %d are in use", self.sessions.limit)
            raise web.HTTPServiceUnavailable(
                text=f"refused: all {self.sessions.limit} sessions are in use; close one and try again\n"
            )
        try:
            return await super().handle_websocket(request)
        finally:  # after the app's process has ended
            self.sessions.leave()


def _guarding(guard: Guard) -> Middleware:
    """The aiohttp middleware that refuses what `guard` refuses (403, with a one-line reason), and keeps
    the page out of frames, caches and Referer headers."""

    @web.middleware
    async def guarding(request: web.Request, handler: Handler) -> web.StreamResponse:
        private = request.path in ("/", "/ws") or request.path.startswith("/ws/")
        token = request.match_info.get("token") or request.query.get("token")
        reason = guard.refusal(request.headers.get("Host"), request.headers.get("Origin"), token, private)
        if reason is not None:
            log.warning("%s (from %s)", reason, request.remote)
            return web.Response(status=403, text=reason + "\n")
        response = await handler(request)
        if request.path == "/" and not response.prepared:
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        return response

    return guarding


def serve(
    root: str, host: str, port: int, token: str | None = None, max_sessions: int = MAX_SESSIONS
) -> None:
    """Serve the app on ROOT until Ctrl+C: textual-serve runs `python -m reader ROOT` per visitor."""
    package = Path(textual_serve.__file__).parent
    templates = offline_page(package / "templates", cache_dir() / "serve-page")
    # textual-serve runs the command through a shell: quote everything.
    command = shlex.join([sys.executable, "-m", "reader", root])
    server = GuardedServer(
        command, normal_host(host), port, Guard.serving(host, port, token), Sessions(max_sessions)
    )
    if templates is not None:
        server.templates_path = templates
    server.serve()
