"""`broadsheet show` on pathological single files: wall time and peak memory, against baselines.

Builds the files in a temporary folder (deterministic content), runs

    broadsheet show FILE --width 100 --color never > /dev/null

once per round for each, as a child process, and reads its wall time and peak RSS (`wait4`). The
baselines run in the same rounds: `broadsheet --version` (start-up alone) and a plain
`rich.markdown.Markdown` print of a normal ~50 KB article. Machines are shared and noisy, so the
report gives medians over the rounds and the ratio of each case to the Rich baseline, which moves
less than the absolute figures. `--compare DIR` runs every case with a second source tree too (for
instance the main branch: `--compare /work/main`), in the same rounds, for before/after figures.

    python bench/show_bench.py [--rounds N] [--cases lines-1m,line-7mb] [--compare DIR]

It is a report, not a test: the exit code is always 0.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WORDS = (  # noqa: SIM905
    "the harbour city council metro line station commuters minutes budget residents report market "
    "festival lanterns night crowd volunteers bakery archive maps century street river weather"
).split()
FRONT = "---\ntitle: {title}\n---\n"


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def lines_1m(rng: random.Random) -> str:
    """A million short lines, one paragraph (about 6 MB)."""
    return "".join(f"{rng.choice(WORDS)[:3]}{n % 100}\n" for n in range(1_000_000))


def headings_100k(rng: random.Random) -> str:
    """A hundred thousand `# Heading` lines, nothing else."""
    return "".join(f"# Heading {n} {rng.choice(WORDS)}\n" for n in range(100_000))


def line_7mb(rng: random.Random) -> str:
    """One line of 7 MB: words and spaces."""
    return _words(rng, 1_000_000)[:7_000_000] + "\n"


def word_7mb(rng: random.Random) -> str:
    """One line of 7 MB without a space: a single word wider than any screen."""
    return "a" * 7_000_000 + "\n"


def paragraphs_300k(rng: random.Random) -> str:
    """Three hundred thousand one-line paragraphs."""
    return "".join(f"{_words(rng, 2)} {n}.\n\n" for n in range(300_000))


def nested_30(rng: random.Random) -> str:
    """Quotes and lists nested 30 deep (beyond markdown-it's limit)."""
    quotes = "".join("> " * level + f"{_words(rng, 4)}\n" for level in range(1, 31))
    lists = "".join("  " * level + f"- {_words(rng, 4)}\n" for level in range(30))
    return quotes + "\n" + lists


def article_50k(rng: random.Random) -> str:
    """A normal article of about 50 KB: headings, paragraphs, quotes, lists, links, code."""
    parts: list[str] = []
    while sum(map(len, parts)) < 50 * 1024:
        parts.append(f"## {_words(rng, 4).title()}\n\n")
        for _ in range(4):
            parts.append(
                f"{_words(rng, 40)} *{_words(rng, 2)}* [{_words(rng, 2)}](https://example.com/{len(parts)}).\n\n"
            )
        parts.append(f"> {_words(rng, 30)}\n\n- {_words(rng, 6)}\n- {_words(rng, 6)}\n\n")
        parts.append(f"```python\nprint({len(parts)})\n```\n\n")
    return "".join(parts)


CASES: dict[str, Callable[[random.Random], str]] = {
    "lines-1m": lines_1m,
    "headings-100k": headings_100k,
    "line-7mb": line_7mb,
    "word-7mb": word_7mb,
    "paragraphs-300k": paragraphs_300k,
    "nested-30": nested_30,
    "article-50k": article_50k,
}
RICH_BASELINE = (
    "import sys\nfrom rich.console import Console\nfrom rich.markdown import Markdown\n"
    "text = open(sys.argv[1], encoding='utf-8').read().split('---\\n', 2)[2]\n"
    "Console(width=100, color_system=None, force_terminal=False).print(Markdown(text))\n"
)


@dataclass
class Run:
    seconds: list[float]
    peak_mb: list[float]


def measure(argv: list[str], env: dict[str, str], cwd: str, timeout: float) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one child process; its output goes to /dev/null."""
    with open(os.devnull, "wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=cwd)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                return float("inf"), usage.ru_maxrss / 1024
            time.sleep(0.005)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            error = child.stderr.read().decode(errors="replace").strip() if child.stderr else ""
            print(f"  ! {' '.join(argv[-5:])} exited {child.returncode}: {error[:200]}", file=sys.stderr)
        if child.stderr:
            child.stderr.close()
        return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of: {', '.join(CASES)}")
    parser.add_argument("--compare", metavar="DIR", help="a second source tree to run the same cases with")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a run is killed")
    parser.add_argument("--make", metavar="DIR", help=argparse.SUPPRESS)  # write the files, then exit
    args = parser.parse_args()
    names = [name.strip() for name in args.cases.split(",") if name.strip()]
    unknown = [name for name in names if name not in CASES]
    if unknown:
        parser.error(f"unknown cases: {', '.join(unknown)}")
    if args.make:
        for name in ["article-50k", *names]:
            text = FRONT.format(title=name) + CASES[name](random.Random(name))
            Path(args.make, f"{name}.md").write_text(text, encoding="utf-8")
        return 0

    here = str(Path(__file__).resolve().parent.parent)
    trees = {"this": here} | ({"compare": str(Path(args.compare).resolve())} if args.compare else {})
    with tempfile.TemporaryDirectory(prefix="show-bench-") as folder:
        env = dict(os.environ)
        for variable in ("CACHE", "STATE", "CONFIG"):
            env[f"BROADSHEET_{variable}_DIR"] = os.path.join(folder, variable.lower())
        env.pop("COLUMNS", None)
        env.pop("NO_COLOR", None)
        # Made by a child process: a child forked from a parent that had held the texts would start
        # with the parent's memory, and its peak RSS would count it.
        subprocess.run([sys.executable, __file__, "--make", folder, "--cases", ",".join(names)], check=True)
        files = {name: Path(folder, f"{name}.md") for name in ["article-50k", *names]}
        baseline_script = Path(folder, "rich_baseline.py")
        baseline_script.write_text(RICH_BASELINE)

        commands: dict[str, list[str]] = {
            "baseline: --version": [sys.executable, "-m", "reader", "--version"],
            "baseline: rich 50 KB": [sys.executable, str(baseline_script), str(files["article-50k"])],
        }
        # Children run in the temporary folder, so `-m reader` finds the tree on PYTHONPATH, not the
        # current directory's.
        envs: dict[str, dict[str, str]] = dict.fromkeys(commands, env | {"PYTHONPATH": here})
        for tree, source in trees.items():
            for name in names:
                key = f"{name}" if tree == "this" else f"{name} ({tree})"
                show = ["show", str(files[name]), "--width", "100", "--color", "never"]
                commands[key] = [sys.executable, "-m", "reader", *show]
                envs[key] = env | {"PYTHONPATH": source}
        runs = {key: Run([], []) for key in commands}
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.rounds} rounds", flush=True)
        for sizes in sorted(files.items()):
            print(f"  {sizes[0]}: {sizes[1].stat().st_size / 1e6:.1f} MB", flush=True)
        for round_ in range(args.rounds):
            keys = list(commands)
            keys = keys[round_ % len(keys) :] + keys[: round_ % len(keys)]  # a different order each round
            for key in keys:
                seconds, peak = measure(commands[key], envs[key], folder, args.timeout)
                runs[key].seconds.append(seconds)
                runs[key].peak_mb.append(peak)
            print(f"round {round_ + 1} done", flush=True)

    rich = statistics.median(runs["baseline: rich 50 KB"].seconds)
    print(f"\n{'case':32} {'median s':>9} {'min s':>8} {'× rich 50 KB':>13} {'peak RSS MiB':>13}")
    for key, run in runs.items():
        median = statistics.median(run.seconds)
        print(
            f"{key:32} {median:9.2f} {min(run.seconds):8.2f} {median / rich:13.1f} "
            f"{statistics.median(run.peak_mb):13.0f}"
        )
    print("\nrich 50 KB = python + rich.markdown.Markdown(text) printed at width 100, no colour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
