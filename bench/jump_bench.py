"""How fast the title jump (ctrl+o / :) answers a key, at 100k articles.

    python bench/jump_bench.py [--count 100000] [--repeat 3]

Titles and paths are made in memory the way generate_archive.py makes them (half Chinese, half
English), so nothing is read from disk. It reports the one-off cost of preparing the candidates
(pinyin initials included) and, for queries typed one key at a time, the time from each key to
its ranked list (`Ranker.rank`, what the app's worker runs). It prints a report and exits 0.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_archive import ZH_PLACES, Vocabulary

from reader.jump import InitialsTable, Ranker, candidates

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
