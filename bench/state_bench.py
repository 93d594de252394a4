"""Reading-state benchmark: what opening the state costs every `list --json`, in one run.

    python bench/state_bench.py [--marks N] [--repeat N]

Opening the state checks it before trusting it (the file's and the log's headers read directly, the
schema through a read-only connection) and then opens it for writing. This measures that, a healthy
open with `has_marks()` (what a plain `list --json` does), against the floor: one bare SQLite
connection running the same query, in the same process, interleaved, median of N rounds; and the
damaged forms (reported, and then in memory). The state lives in a fresh temporary folder.

It is a report, not a test: it prints one table and exits 0.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _per_call(action: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        action()
    return (time.perf_counter() - start) / calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--marks", type=int, default=20_000, help="marks in the healthy state (default 20000)"
    )
    parser.add_argument("--repeat", type=int, default=7, help="rounds; the median is shown (default 7)")
    parser.add_argument("--calls", type=int, default=200, help="opens per round (default 200)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["BROADSHEET_STATE_DIR"] = folder
        from reader.state import ReadingState, state_path

        path = state_path()
        with ReadingState("/archive") as state:  # a real file, made the way broadsheet makes it
            state.db.executemany(
                "INSERT INTO marks VALUES (?, ?, ?, 1, ?, 0)",
                [
                    (f"/archive{n % 7}", f"{n:06}/article.md", f"{n:064x}", n % 3 == 0)
                    for n in range(args.marks)
                ],
            )
        size = path.stat().st_size

        def bare() -> None:
            db = sqlite3.connect(path)
            db.execute("SELECT 1 FROM marks WHERE root = ? AND (read OR starred) LIMIT 1", ("/archive1",))
            db.close()

        def healthy() -> None:
            with ReadingState("/archive1") as state:
                state.has_marks()
                assert state.damage is None

        damaged_path = Path(folder) / "damaged" / path.name
        damaged_path.parent.mkdir()
        damaged_path.write_bytes(os.urandom(8192))

        def damaged() -> None:
            with ReadingState("/archive1", damaged_path) as state:
                state.has_marks()
                assert state.damage is not None

        rounds: dict[str, list[float]] = {"bare": [], "healthy": [], "damaged": []}
        for _ in range(args.repeat):
            for name, action in (("bare", bare), ("healthy", healthy), ("damaged", damaged)):
                rounds[name].append(_per_call(action, args.calls))
        median = {name: statistics.median(times) for name, times in rounds.items()}

    print(
        f"state file: {args.marks} marks, {size / 1024:.0f} KiB; median of {args.repeat} x {args.calls} opens"
    )
    print("| open + has_marks + close | per open | vs bare connection |")
    print("|---|---|---|")
    print(f"| bare sqlite3 connection, same query | {median['bare'] * 1e6:.0f} µs | 1.00× |")
    for name, label in (("healthy", "ReadingState, healthy"), ("damaged", "ReadingState, random bytes")):
        print(f"| {label} | {median[name] * 1e6:.0f} µs | {median[name] / median['bare']:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
