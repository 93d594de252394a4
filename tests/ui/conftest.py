"""Fixtures for the Pilot tests: a small archive on disk with hostile titles and a broken file."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.worker import Worker, WorkerState

# The markup-looking and escape-carrying strings the app must show as plain text.
CLICK_TITLE = "[@click=app.quit]Quit[/]"
LINK_TITLE = "Odd [link='file:///etc/passwd']x[/link] and a lone [/] here"
BOLD_TAG = "[b]bold[/b]"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"

NEWEST = "Harbour Ferry Timetable Changes"
SECOND = "Tram Depot Opens to Visitors"

_LONG_BODY = "\n\n".join(
    f"Paragraph {n}. The ferry company has rewritten its timetable for the summer, moving the first "
    f"crossing earlier and adding a late boat on Fridays; passengers at pier {n} will see new boards."
    for n in range(1, 41)
)

ARTICLES: dict[str, str] = {
    "2024/harbour-ferry.md": f"""---
title: "{NEWEST}"
date: 2024-06-06
tags: [transport, city]
---

{_LONG_BODY}
""",
    "2024/tram-depot.md": f"""---
title: "{SECOND}"
date: 2024-06-05
tags: [transport]
---

The old tram depot opens its doors for one weekend. Visitors can climb into a 1950s car.
""",
    "2024/click.md": """---
title: "[@click=app.quit]Quit[/]"
date: 2024-06-04
tags: [city]
---

A title that looks like Textual markup with an action in it.
""",
    "2024/link.md": """---
title: "Odd [link='file:///etc/passwd']x[/link] and a lone [/] here"
date: 2024-06-03
tags: ["[b]bold[/b]"]
---

A title with a Rich link tag and a stray closing tag.
""",
    # YAML's \\e and \\a put ESC and BEL in the title; the body carries them as raw bytes.
    "2024/osc.md": """---
title: "Clipboard \\e]52;c;SGVsbG8=\\a grab"
date: 2024-06-02
tags: [security]
---

Body with \x1b]52;c;SGVsbG8=\x07 an escape sequence in it.
""",
    "2024/garden.md": """---
title: "Community Garden Plots Allocated"
date: 2024-06-01
tags: [gardens]
---

Forty plots were handed out by lottery this spring.
""",
    "2024/broken.md": """---
title: [this list never closes
date: 2024-05-30
---

Nobody will ever read this.
""",
}


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (the project has no asyncio plugin)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def _no_worker_fails_unnoticed(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Workers no longer end the app when they raise (the app reports it and goes on), so a worker
    failing where nothing should fail would pass unseen: fail the test instead, unless it is about
    failures (`@pytest.mark.worker_failures`)."""
    failed: list[Worker[Any]] = []
    setter = Worker.state.fset
    assert setter is not None

    def record(worker: Worker[Any], state: WorkerState) -> None:
        if state is WorkerState.ERROR:
            failed.append(worker)
        setter(worker, state)

    monkeypatch.setattr(Worker, "state", property(Worker.state.fget, record))
    yield
    if failed and request.node.get_closest_marker("worker_failures") is None:
        raise AssertionError(
            "a worker failed: " + "; ".join(f"{worker.name}: {worker.error!r}" for worker in failed)
        )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The fixture archive: six articles (newest first as listed above) and one broken file."""
    root = tmp_path / "archive"
    for relpath, text in ARTICLES.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
