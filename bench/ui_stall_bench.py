"""How late the app's event loop gets while it starts on an archive and does its background work.

    python bench/ui_stall_bench.py ARCHIVE [--cold] [--seconds N]

Runs `BroadsheetApp(ARCHIVE)` headless (Textual's `run_test`) and wakes every 5 ms; a wake-up that
comes more than 50 ms late is a stall: the UI thread could not have answered a key for that long
(GIL held by a worker's full garbage collection, a big list arriving, …). It stops once the loading
worker is done (the full-text phase included) or after N seconds, and prints every stall with the
second it ended at. `--cold` starts from an empty cache (a temporary BROADSHEET_CACHE_DIR); without
it the cache is whatever BROADSHEET_CACHE_DIR says. Always exits 0; it is a report, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time

TICK = 0.005
STALL = 0.05


async def stalls(root: str, seconds: float) -> tuple[list[tuple[float, float]], float]:
    from reader.ui.app import BroadsheetApp

    app = BroadsheetApp(root)
    found: list[tuple[float, float]] = []
    async with app.run_test(size=(120, 40)):
        started = last = time.perf_counter()
        while time.perf_counter() - started < seconds:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            if now - last - TICK > STALL:
                found.append((now - started, now - last - TICK))
            last = now
            loading = any(worker.is_running for worker in app.workers if worker.group == "load")
            if now - started > 3 and not loading:
                break
        return found, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("archive")
    parser.add_argument("--cold", action="store_true", help="start from an empty cache")
    parser.add_argument("--seconds", type=float, default=120.0, help="give up after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as scratch:
        os.environ.setdefault("BROADSHEET_STATE_DIR", os.path.join(scratch, "state"))
        os.environ.setdefault("BROADSHEET_CONFIG_DIR", os.path.join(scratch, "config"))
        if args.cold:
            os.environ["BROADSHEET_CACHE_DIR"] = os.path.join(scratch, "cache")
        found, took = asyncio.run(stalls(args.archive, args.seconds))
    kind = "cold" if args.cold else "warm"
    print(f"{args.archive} ({kind}): {len(found)} stalls over {STALL * 1000:.0f} ms in {took:.1f} s")
    for at, late in found:
        print(f"  {late * 1000:5.0f} ms, ending at {at:5.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
