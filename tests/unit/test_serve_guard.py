"""Who `broadsheet serve` lets in: the pure checks behind its middleware, its session cap and its log."""

from __future__ import annotations

import asyncio
import logging
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import cli
from reader.serve import (
    BAD_HOST,
    FOREIGN_HOST,
    FOREIGN_ORIGIN,
    UNAUTHORISED,
    Guard,
    Sessions,
    _Quiet,
    address,
    is_loopback,
    parse_authority,
    parse_origin,
    session_token,
)

PORT = 8000
LOCAL = Guard.serving("127.0.0.1", PORT)


def refusal(
    guard: Guard, host: str | None, origin: str | None = None, token: str | None = None
) -> str | None:
    return guard.refusal(host, origin, token, private=True)


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "LocalHost:8000", "[::1]:8000", "[0:0:0:0:0:0:0:1]:8000"]
)
def test_a_loopback_server_answers_to_every_loopback_spelling_of_its_port(host: str) -> None:
    assert refusal(LOCAL, host) is None
    assert refusal(LOCAL, host, f"http://{host}") is None


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:8000",  # DNS rebinding: a name of theirs, now resolving to 127.0.0.1
        "evil.example",
        "127.0.0.1:8001",
        "127.0.0.1",  # port 80
        "localhost.:8000",
        "127.0.0.2:8000",
        "[::ffff:127.0.0.1]:8000",
    ],
)
def test_a_loopback_server_refuses_other_hosts(host: str) -> None:
    assert refusal(LOCAL, host) == FOREIGN_HOST


@pytest.mark.parametrize(
    "host", [None, "", " 127.0.0.1:8000", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:0", "[zz]:8000", "a b"]
)
def test_a_missing_or_malformed_host_is_refused(host: str | None) -> None:
    assert refusal(LOCAL, host) == BAD_HOST


@pytest.mark.parametrize(
    "origin",
    [
        "null",  # a sandboxed frame, a file:// page, a data: URL
        "http://evil.example",
        "http://evil.example:8000",
        "http://127.0.0.1:8001",
        "http://127.0.0.1",
        "https://127.0.0.1:8000",  # we serve no https: not our page
        "file://",
        "http://127.0.0.1:8000/",
        "http://user@127.0.0.1:8000",
        "",
    ],
)
def test_a_foreign_origin_is_refused(origin: str) -> None:
    assert refusal(LOCAL, "127.0.0.1:8000", origin) == FOREIGN_ORIGIN
    assert parse_origin(origin) not in {("127.0.0.1", PORT), ("localhost", PORT), ("::1", PORT)}


def test_no_origin_is_not_a_browser_page_and_passes() -> None:
    assert refusal(LOCAL, "127.0.0.1:8000", None) is None


def test_a_server_on_another_address_answers_only_to_that_address() -> None:
    guard = Guard.serving("192.168.1.5", PORT, "t")
    assert refusal(guard, "192.168.1.5:8000", "http://192.168.1.5:8000", "t") is None
    assert refusal(guard, "localhost:8000", None, "t") == FOREIGN_HOST
    assert refusal(guard, "192.168.1.5:8000", "http://localhost:8000", "t") == FOREIGN_ORIGIN
    assert Guard.serving("MyBox.lan", PORT).hosts == frozenset({("mybox.lan", PORT)})


def test_on_every_interface_any_host_passes_but_the_origin_must_be_that_host() -> None:
    """Any name may reach it (the token stops rebinding names); a page may only drive its own server."""
    guard = Guard.serving("0.0.0.0", PORT, "t")
    assert refusal(guard, "box.lan:9000", "http://box.lan:9000", "t") is None
    assert refusal(guard, "[fe80::1]:8000", None, "t") is None
    assert refusal(guard, "box.lan:9000", "http://evil.example:9000", "t") == FOREIGN_ORIGIN
    assert refusal(guard, "box.lan:9000", "null", "t") == FOREIGN_ORIGIN
    assert Guard.serving("::", PORT).hosts is None


def test_a_token_guards_the_page_and_the_websocket_but_not_static_files() -> None:
    guard = Guard.serving("127.0.0.1", PORT, "s3cret")
    assert refusal(guard, "127.0.0.1:8000") == UNAUTHORISED
    assert refusal(guard, "127.0.0.1:8000", None, "s3cre") == UNAUTHORISED
    assert refusal(guard, "127.0.0.1:8000", None, "s3cret!") == UNAUTHORISED
    assert refusal(guard, "127.0.0.1:8000", None, "s3cret") is None
    assert guard.refusal("127.0.0.1:8000", None, None, private=False) is None
    # The token checks come after Host and Origin: a foreign page with the right token is still refused.
    assert refusal(guard, "127.0.0.1:8000", "http://evil.example", "s3cret") == FOREIGN_ORIGIN
    assert "s3cret" not in repr(guard)


def test_a_token_is_made_only_for_servers_other_machines_reach() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.5"):
        assert is_loopback(host)
        assert session_token(host, None) is None
        assert session_token(host, "mine") == "mine"
    made = {session_token(host, None) for host in ("0.0.0.0", "192.168.1.5", "box.lan", "::")}
    assert None not in made
    assert len(made) == 4
    assert all(len(token or "") >= 40 for token in made)


def test_the_printed_address_can_be_opened() -> None:
    assert address("127.0.0.1", 8000, None) == "http://127.0.0.1:8000/"
    assert address("::1", 8000, None) == "http://[::1]:8000/"
    assert address("0.0.0.0", 8080, "abc") == "http://localhost:8080/?token=abc"
    assert address("Box.lan", 8000, "a-b_c") == "http://box.lan:8000/?token=a-b_c"


@given(st.text(), st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))
def test_any_header_gets_an_answer_never_an_error(host: str, origin: str | None, token: str | None) -> None:
    for guard in (LOCAL, Guard.serving("0.0.0.0", PORT, "t")):
        reason = guard.refusal(host, origin, token, private=True)
        assert reason is None or reason.startswith("refused: ")


@given(st.text())
def test_a_parsed_authority_is_a_real_host_and_port(text: str) -> None:
    parsed = parse_authority(text)
    if parsed is not None:
        host, port = parsed
        assert 0 < port < 65536
        assert host == host.lower()
        assert parse_authority(f"[{host}]:{port}" if ":" in host else f"{host}:{port}") == parsed


def test_sessions_are_capped_and_a_slot_frees_when_one_leaves() -> None:
    async def journey() -> list[bool]:
        sessions = Sessions(2)
        taken = [await sessions.enter(), await sessions.enter(), await sessions.enter()]
        sessions.leave()
        taken.append(await sessions.enter())
        # One waiting for a slot gets the one freed while it waits.
        waiting = asyncio.create_task(sessions.enter(wait=60))
        await asyncio.sleep(0)
        sessions.leave()
        taken.append(await waiting)
        return taken

    assert asyncio.run(journey()) == [True, True, False, True, True]


def test_the_log_never_shows_the_token_nor_a_traceback() -> None:
    quiet = _Quiet("s3cret")
    access = logging.LogRecord(
        "aiohttp.access", logging.INFO, "", 0, '"GET /?token=%s HTTP/1.1"', ("s3cret",), None
    )
    assert quiet.filter(access)
    assert access.getMessage() == '"GET /?token=… HTTP/1.1"'
    try:
        raise RuntimeError("bad \x1b[31mthing at /ws/s3cret")
    except RuntimeError as error:
        failure = logging.LogRecord("x", logging.ERROR, "", 0, error, (), sys.exc_info())
        lost = logging.LogRecord("x", logging.ERROR, "", 0, "session %d lost", (3,), sys.exc_info())
    assert quiet.filter(failure)
    assert failure.exc_info is None
    assert failure.getMessage() == "RuntimeError: bad [31mthing at /ws/…"
    assert quiet.filter(lost)
    assert lost.getMessage() == "session 3 lost (RuntimeError: bad [31mthing at /ws/…)"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--max-sessions", "0"], "must be 1 or more"),
        (["--max-sessions", "x"], "not a number"),
        (["--token", ""], "a token may hold only"),
        (["--token", "a b"], "a token may hold only"),
        (["--token", "a/b"], "a token may hold only"),
    ],
)
def test_bad_serve_flags_are_usage_errors(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", *flags]) == 2
    error = capsys.readouterr().err
    assert error.startswith("broadsheet: ")
    assert message in error
    assert error.count("\n") == 1


def test_serve_help_describes_the_token_and_the_session_cap(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--token TOKEN" in text
    assert "not a loopback address" in text
    assert "--max-sessions N" in text
    assert "(default 8)" in text
