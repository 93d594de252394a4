"""How fast the title jump (ctrl+o / :) answers a key, at 100k articles.

    python bench/jump_bench.py [--count 100000] [--repeat 3] [--app]

Titles and paths are made in memory the way generate_archive.py makes them (half Chinese, half
English), so nothing is read from disk. It reports the one-off cost of preparing the candidates
(pinyin initials included) and, for queries typed one key at a time, the time from each key to
its ranked list (`Ranker.rank`, what the app's worker runs). `--app` also types the queries into
the real jump screen (headless, Textual's run_test) and times each key from the press to the list
showing its matches. It prints a report and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_archive import ZH_PLACES, Vocabulary

from reader.jump import Candidate, InitialsTable, Ranker, candidates

QUERIES = ("dtsx", "market", "阿里巴巴", "op so", "2024/05", "zzzzq")


def titles(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = Random(seed)
    voc = Vocabulary(rng, pool_size=min(40_000, max(4_000, count // 2)))
    pairs: list[tuple[str, str]] = []
    for i in range(count):
        if i % 2:
            title = "".join(voc.zh_words(rng, rng.randint(4, 8)))
            if rng.random() < 0.3:
                title = f"{rng.choice(ZH_PLACES)}{title}"
            slug = f"p{i:06d}"
        else:
            title = " ".join(voc.en_words(rng, rng.randint(5, 10))).title()
            slug = "-".join(title.lower().split()[:4]) + f"-{i:06d}"
        pairs.append((f"{2015 + i % 11}/{1 + i % 12:02d}/{slug}.md", title))
    pairs.insert(count // 3, ("2024/05/subway.md", "地铁4号线今日开通"))
    return pairs


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def app_latency(pool: list[Candidate], queries: tuple[str, ...]) -> None:
    """Key to list in the jump screen itself: the worker, the hand-over and the list's update."""
    from textual.app import App

    from reader.ui.screens.jump import JumpInput, JumpScreen

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(JumpScreen(lambda: pool))

    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, JumpScreen)
        typed = screen.query_one(JumpInput)

        async def shown(text: str) -> None:
            while screen.shown_query != text:
                await asyncio.sleep(0.001)

        await shown("")
        for query in queries:
            times: list[float] = []
            for char in query:
                started = time.perf_counter()
                await pilot.press(char)
                await shown(typed.value)
                times.append(time.perf_counter() - started)
            print(f"{query!r:12} app, key to list, ms: {' '.join(f'{t * 1000:.0f}' for t in times)}")
            typed.value = ""
            await shown("")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--app", action="store_true", help="also time each key in the jump screen")
    args = parser.parse_args()
    pairs = titles(args.count)
    before = rss_mib()
    started = time.perf_counter()
    pool = candidates(pairs, InitialsTable())
    prepared = time.perf_counter() - started
    print(
        f"{len(pool):,} candidates prepared (pinyin initials included) in {prepared:.2f} s; "
        f"peak RSS {before:.0f} → {rss_mib():.0f} MiB"
    )
    for query in QUERIES:
        per_key: list[list[float]] = [[] for _ in query]
        top = ""
        for _ in range(args.repeat):
            ranker = Ranker(pool)
            for end in range(1, len(query) + 1):
                started = time.perf_counter()
                best = ranker.rank(query[:end]) or []
                per_key[end - 1].append(time.perf_counter() - started)
                top = best[0].candidate.title if best else "(nothing)"
        times = " ".join(f"{statistics.median(t) * 1000:.0f}" for t in per_key)
        print(f"{query!r:12} ms per key: {times:28} worst {max(map(max, per_key)) * 1000:.0f} ms; top: {top}")
    if args.app:
        asyncio.run(app_latency(pool, QUERIES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
