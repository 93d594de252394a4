"""How late the app's event loop gets while it starts on an archive and does its background work.

    python bench/ui_stall_bench.py ARCHIVE [--cold] [--seconds N] [--trace] [--runs N]
    python bench/ui_stall_bench.py --idle [--seconds N] [--trace]     # the noise floor

Runs `BroadsheetApp(ARCHIVE)` headless (Textual's `run_test`) and wakes every 5 ms; a wake-up that
comes more than 50 ms late is a stall: the UI thread could not have answered a key for that long
(GIL held by a worker's full garbage collection, a big list arriving, …). It stops once the loading
worker is done (the full-text phase included) or after N seconds, and prints every stall with the
second it ended at. `--cold` starts from an empty cache (a temporary BROADSHEET_CACHE_DIR); without
it the cache is whatever BROADSHEET_CACHE_DIR says. `--idle` runs the same probe on a trivial Textual
app instead (nothing loads): what it finds is the machine, not broadsheet.

`--trace` says what each stall was: a helper thread samples every thread's stack
(`sys._current_frames()`) and CPU time (`/proc/self/task/*/schedstat`: time run, and time runnable
but waiting for a CPU) every few ms, and `gc.callbacks` records every collection. For each stall it
prints the collections inside it, the CPU each thread got during it, how long the UI thread waited
for a CPU (another process had it), and the UI thread's innermost frames of ours (`reader/`) and
Textual's, as sampled. Always exits 0; it is a report, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType

TICK = 0.005
STALL = 0.05
SAMPLE = 0.002  # seconds between the tracer's samples


@dataclass
class Sample:
    at: float
    cpu: dict[int, tuple[int, int]]  # native thread id -> (ns run, ns waiting for a CPU)
    ui: str  # the UI thread's innermost frames, as one line
    threads: dict[int, str]  # native thread id -> its innermost frames, for the other threads


@dataclass
class Collection:
    start: float
    end: float
    generation: int
    thread: str
    collected: int = 0


@dataclass
class Tracer:
    """Samples threads' stacks and CPU times, and records garbage collections, while the app runs."""

    ui_ident: int = field(default_factory=threading.get_ident)
    ui_native: int = field(default_factory=threading.get_native_id)
    samples: deque[Sample] = field(default_factory=lambda: deque(maxlen=200_000))
    collections: list[Collection] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _gc_started: dict[int, float] = field(default_factory=dict)

    def start(self) -> None:
        gc.callbacks.append(self._on_gc)
        threading.Thread(target=self._run, name="stall-tracer", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        now, thread = time.perf_counter(), threading.get_ident()
        if phase == "start":
            self._gc_started[thread] = now
            return
        started = self._gc_started.pop(thread, now)
        if info["generation"] == 2 or now - started > 0.005:
            name = threading.current_thread().name
            self.collections.append(Collection(started, now, info["generation"], name, info["collected"]))

    def _run(self) -> None:
        me = threading.get_native_id()
        while not self._stop.wait(SAMPLE):
            for thread in threading.enumerate():
                if thread.native_id is not None:
                    self.names[thread.native_id] = thread.name
            cpu = {tid: times for tid, times in _thread_cpu().items() if tid != me}
            frames = sys._current_frames()
            natives = {t.ident: t.native_id for t in threading.enumerate()}
            others = {
                natives[ident] or 0: _where(frame)
                for ident, frame in frames.items()
                if ident in natives and ident != self.ui_ident and natives[ident] != me
            }
            self.samples.append(Sample(time.perf_counter(), cpu, _where(frames.get(self.ui_ident)), others))

    def explain(self, start: float, end: float, top: int = 2) -> tuple[str, list[str]]:
        """What happened between `start` and `end` (perf_counter): a verdict (`gc`, `machine`: the
        UI thread was runnable but had no CPU, `UI thread`: it was busy, `GIL: thread`: another
        thread ran, `unknown`), and a few lines of evidence."""
        lines: list[str] = []
        length, in_gc, verdict = end - start, 0.0, "unknown"
        for gc_run in self.collections:
            overlap = min(end, gc_run.end) - max(start, gc_run.start)
            if overlap > 0.002:
                in_gc += overlap
                took = (gc_run.end - gc_run.start) * 1000
                lines.append(
                    f"gc gen {gc_run.generation} in {gc_run.thread}: {took:.0f} ms"
                    f" ({overlap * 1000:.0f} inside the stall, {gc_run.collected:,} collected)"
                )
        before = [s for s in self.samples if s.at <= start]
        after = [s for s in self.samples if s.at >= end]
        inside = [s for s in self.samples if start < s.at < end]
        if before and after:
            first, last = before[-1], after[0]
            used = {
                tid: (last.cpu[tid][0] - run, last.cpu[tid][1] - wait)
                for tid, (run, wait) in first.cpu.items()
                if tid in last.cpu
            }
            span = (last.at - first.at) * 1000
            ran = sorted(((run, tid) for tid, (run, _) in used.items() if run > 2e6), reverse=True)
            parts = [f"{self.names.get(tid, tid)} {run / 1e6:.0f}" for run, tid in ran]
            ui_wait = used.get(self.ui_native, (0, 0))[1] / 1e6
            ui_run = used.get(self.ui_native, (0, 0))[0] / 1e6
            other = max(((run, tid) for run, tid in ran if tid != self.ui_native), default=(0, 0))
            if ui_wait >= length * 500:
                verdict = "machine"
            elif ui_run >= length * 500:
                verdict = "UI thread"
            elif other[0] / 1e6 >= length * 500:
                verdict = f"GIL: {self.names.get(other[1], other[1])}"
            lines.append(
                f"cpu ms over {span:.0f} ms: "
                + (", ".join(parts) or "none")
                + f"; UI thread runnable but without a CPU {ui_wait:.0f} ms"
            )
            # What the busiest other thread was doing as the stall began (a C call holding the GIL
            # shows as the Python frame that made it) and in the samples taken during it.
            busiest = [tid for _, tid in ran if tid != self.ui_native][:1]
            for tid in busiest:
                seen = [first.threads.get(tid, "?"), *(s.threads.get(tid, "?") for s in inside)]
                for where, count in Counter(seen).most_common(2):
                    lines.append(f"{self.names.get(tid, tid)} ({count}/{len(seen)} samples): {where}")
        if in_gc >= length / 2 and verdict != "machine":  # a collection descheduled is the machine's
            verdict = "gc"
        if inside:
            for where, count in Counter(s.ui for s in inside).most_common(top):
                lines.append(f"UI thread ({count}/{len(inside)} samples): {where}")
        else:
            lines.append("no sample inside (the tracer got no GIL: one thread held it in C)")
        return verdict, lines


def _busy(stop: threading.Event) -> None:
    """Pure Python, allocating as it goes, until `stop`: what a loading worker does to the GIL."""
    while not stop.is_set():
        kept = [str(number) for number in range(10_000)]
        kept.sort()


def _pressure() -> str:
    """How busy the machine was: the load average, and the share of the last minute in which some
    task waited for a CPU (Linux's pressure stall information)."""
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as file:
            some = dict(part.split("=") for part in file.readline().split()[1:])
        waited = f", something waited for a CPU {float(some['avg60']):.0f}% of the last minute"
    except (OSError, ValueError, KeyError):
        waited = ""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs" + waited


def _thread_cpu() -> dict[int, tuple[int, int]]:
    times: dict[int, tuple[int, int]] = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/schedstat", "rb") as file:
                run, wait, _ = file.read().split()
        except (OSError, ValueError):
            continue
        times[int(tid)] = (int(run), int(wait))
    return times


def _where(frame: FrameType | None) -> str:
    """The innermost frame, then the two innermost of ours (`reader/`) or else of Textual's, one line."""
    if frame is None:
        return "?"
    names, ours, textual = [], [], []
    depth = 0
    while frame is not None and depth < 60:
        code = frame.f_code
        name = f"{os.path.basename(code.co_filename)}:{code.co_name}"
        if not names:
            names.append(name)
        if "/reader/" in code.co_filename and len(ours) < 2:
            ours.append(name)
        elif "/textual/" in code.co_filename and not textual:
            textual.append(name)
        frame, depth = frame.f_back, depth + 1
    picked = names + [n for n in (ours or textual) if n not in names]
    return " < ".join(picked)


async def _probe(seconds: float, done: Iterator[bool]) -> tuple[list[tuple[float, float]], float]:
    """Wake every TICK until `done` says so or `seconds` pass; the late wake-ups (end, lateness)."""
    found: list[tuple[float, float]] = []
    started = last = time.perf_counter()
    while time.perf_counter() - started < seconds:
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        if now - last - TICK > STALL:
            found.append((now, now - last - TICK))
        last = now
        if now - started > 3 and next(done):
            break
    return found, started


async def stalls(root: str | None, seconds: float) -> tuple[list[tuple[float, float]], float, float]:
    """Stalls as (perf_counter at the end, lateness), the probe's start and how long it ran."""
    from textual.app import App

    if root is None:
        from textual.widgets import Static

        class Idle(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Static("idle")

        app: App[None] = Idle()
    else:
        from reader.ui.app import BroadsheetApp

        app = BroadsheetApp(root)

    def done() -> Iterator[bool]:
        while True:  # the idle app runs for `seconds`
            yield root is not None and not any(w.is_running for w in app.workers if w.group == "load")

    async with app.run_test(size=(120, 40)):
        found, started = await _probe(seconds, done())
        return found, started, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("archive", nargs="?")
    parser.add_argument("--cold", action="store_true", help="start from an empty cache")
    parser.add_argument("--seconds", type=float, default=None, help="give up after this long")
    parser.add_argument("--idle", action="store_true", help="a trivial app instead: the noise floor")
    parser.add_argument(
        "--busy",
        action="store_true",
        help="with --idle: a worker thread runs Python meanwhile, as the app's do",
    )
    parser.add_argument("--trace", action="store_true", help="say what each stall was")
    parser.add_argument("--runs", type=int, default=1, help="run this many times, each in a new process")
    parser.add_argument("--top", type=int, default=2, help="with --trace: the UI thread's N commonest frames")
    args = parser.parse_args()
    if args.archive is None and not args.idle:
        parser.error("give an ARCHIVE or --idle")
    seconds = args.seconds if args.seconds is not None else (20.0 if args.idle else 120.0)
    if args.runs > 1:  # each run in a fresh process: one run's garbage must not weigh on the next
        rest = sys.argv[1:]
        if "--runs" in rest:
            del rest[rest.index("--runs") : rest.index("--runs") + 2]
        again = [sys.executable, __file__, *(a for a in rest if not a.startswith("--runs="))]
        for _ in range(args.runs):
            subprocess.run(again, check=False)
        return 0
    given = {name: os.environ.get(name) for name in ("BROADSHEET_STATE_DIR", "BROADSHEET_CONFIG_DIR")}
    run_once(args, seconds, given)
    return 0


def run_once(args: argparse.Namespace, seconds: float, given: dict[str, str | None]) -> None:
    tracer = Tracer() if args.trace else None
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as scratch:
        for name, value in given.items():  # the caller's folders, else fresh ones each run
            os.environ[name] = value or os.path.join(scratch, name.split("_")[1].lower())
        if args.cold:
            os.environ["BROADSHEET_CACHE_DIR"] = os.path.join(scratch, "cache")
        if tracer is not None:
            tracer.start()
        stop_busy = threading.Event()
        if args.idle and args.busy:
            threading.Thread(target=_busy, args=(stop_busy,), name="busy", daemon=True).start()
        try:
            found, started, took = asyncio.run(stalls(None if args.idle else args.archive, seconds))
        finally:
            stop_busy.set()
            if tracer is not None:
                tracer.stop()
    kind = (
        ("idle app, a busy thread beside it" if args.busy else "idle app")
        if args.idle
        else f"{args.archive} ({'cold' if args.cold else 'warm'})"
    )
    worst = max((late for _, late in found), default=0.0)
    print(
        f"{kind}: {len(found)} stalls over {STALL * 1000:.0f} ms in {took:.1f} s"
        f" (worst {worst * 1000:.0f} ms, {sum(late > 0.1 for _, late in found)} over 100 ms)"
    )
    verdicts: Counter[str] = Counter()
    for end, late in found:
        if tracer is None:
            print(f"  {late * 1000:5.0f} ms, ending at {end - started:5.1f} s")
            continue
        verdict, lines = tracer.explain(end - late - TICK, end, args.top)
        verdicts[verdict] += 1
        print(f"  {late * 1000:5.0f} ms, ending at {end - started:5.1f} s: {verdict}")
        for line in lines:
            print(f"      {line}")
    if verdicts:
        print("  by cause: " + ", ".join(f"{cause} {count}" for cause, count in verdicts.most_common()))
    print(f"  the machine: {_pressure()}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
