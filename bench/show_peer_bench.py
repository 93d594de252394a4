"""`broadsheet show` against a plain Rich Markdown print of the same file (issue 16, target 2).

Each contender is a whole child process, output to /dev/null:

* **ours**: `python -m reader show FILE --width 100`;
* **rich**: `python -c` that imports Rich, reads the file, drops its front matter and prints
  `Markdown(text)` on a `Console(width=100)`;
* **--version**: `python -m reader --version` (start-up alone), the yardstick for a tiny file.

The inputs are written to a temporary folder from fixed seeds (render_bench's generators, with a
real-shaped front matter): a 3.5 KB Chinese article, a 57 KB mixed Chinese/English one, a 343 KB
Chinese one, and a tiny file of a few lines. Every command runs once per round, in an order that
rotates each round, after one warm-up round. Everything runs twice: plain (the target) and with
`FORCE_COLOR=1` set for both (colour into the pipe). The report gives medians and the median of the
per-round ratios, with PASS or FAIL: ours/rich <= 1.15 for the three articles, tiny/--version <= 2;
once for wall time (the target) and once for the children's CPU time (user + system, from `wait4`),
which a busy machine disturbs less.

    python bench/show_peer_bench.py [--rounds N] [--compare OTHER_TREE] [--no-colour]

`--compare DIR` runs our commands with another source tree too (PYTHONPATH), in the same rounds. It
is a report, not a test: the exit code is always 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KB = 1024
ARTICLES = {  # name: (kind, size in bytes, seed)
    "zh-3.5k": ("zh", 3500, 1601),
    "mixed-57k": ("mixed", 57 * KB, 1602),
    "zh-343k": ("zh", 343 * KB, 1603),
}
TINY = "---\ntitle: A note\ndate: 2026-01-02\n---\n\nA short note with *one* word in italics.\n"
FRONT = (
    '---\ntitle: "{title}"\ndate: "2025-02-13 17:30:11"\ntags:\n  - "科技"\n  - "城市"\n'
    'categories:\n  - "新闻"\nsummary: "{title}"\n---\n\n'
)
RICH = (
    "import sys\n"
    "from rich.console import Console\n"
    "from rich.markdown import Markdown\n"
    "text = open(sys.argv[1], encoding='utf-8').read().split('---\\n', 2)[2]\n"
    "Console(width=100).print(Markdown(text))\n"
)
TARGET_RICH = 1.15
TARGET_VERSION = 2.0


def make_inputs(folder: str) -> None:
    """Write the inputs (run in a child: the generator imports render_bench, hence Textual)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from render_bench import make_article

    for name, (kind, size, seed) in ARTICLES.items():
        text = FRONT.format(title=f"Bench {name}") + make_article(kind, size, seed)
        Path(folder, f"{name}.md").write_text(text, encoding="utf-8")
    Path(folder, "tiny.md").write_text(TINY, encoding="utf-8")


def measure(argv: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from `wait4`) of one child process, its output to
    /dev/null; a failure is reported. On a shared machine the CPU time moves less than the wall time."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    error = child.stderr.read() if child.stderr else b""
    if child.stderr:
        child.stderr.close()
    if os.waitstatus_to_exitcode(status):
        print(f"  ! {' '.join(argv[-4:])} exited {status}: {error[:200]!r}", file=sys.stderr)
    return elapsed, usage.ru_utime + usage.ru_stime


def run_rounds(
    commands: dict[str, tuple[list[str], dict[str, str]]], rounds: int, cwd: str
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """One warm-up round, then `rounds` rounds, each in a rotated order: wall and CPU seconds."""
    walls: dict[str, list[float]] = {key: [] for key in commands}
    cpus: dict[str, list[float]] = {key: [] for key in commands}
    keys = list(commands)
    for round_ in range(rounds + 1):
        turn = keys[round_ % len(keys) :] + keys[: round_ % len(keys)]
        if round_ % 2:
            turn.reverse()
        for key in turn:
            argv, env = commands[key]
            seconds, cpu = measure(argv, env, cwd)
            if round_:
                walls[key].append(seconds)
                cpus[key].append(cpu)
        print(f"  round {round_ or 'warm-up'} done", file=sys.stderr, flush=True)
    return walls, cpus


def ratio(top: list[float], bottom: list[float]) -> float:
    """Median of the per-round ratios (each pairs two runs made moments apart)."""
    return statistics.median(a / b for a, b in zip(top, bottom, strict=True))


def report(title: str, times: dict[str, list[float]], trees: list[str]) -> None:
    print(f"\n## {title}\n")
    print(f"{'case':24} {'median ms':>10} {'min ms':>8} {'ratio':>7} {'against':>10} {'target':>7}  verdict")
    for tree in trees:
        suffix = "" if tree == "this" else f" ({tree})"
        for name in [*ARTICLES, "tiny"]:
            key = f"{name}{suffix}"
            against, target = (
                (f"rich {name}", TARGET_RICH) if name != "tiny" else ("--version", TARGET_VERSION)
            )
            value = ratio(times[key], times[against])
            verdict = "PASS" if value <= target else "FAIL"
            print(
                f"{key:24} {statistics.median(times[key]) * 1000:10.1f} {min(times[key]) * 1000:8.1f} "
                f"{value:7.2f} {against:>10} {target:7.2f}  {verdict}"
            )
    for key in [*(f"rich {name}" for name in ARTICLES), "--version"]:
        print(f"{key:24} {statistics.median(times[key]) * 1000:10.1f} {min(times[key]) * 1000:8.1f}")
    if len(trees) > 1:
        for name in [*ARTICLES, "tiny"]:
            value = ratio(times[name], times[f"{name} ({trees[1]})"])
            print(f"this/{trees[1]} {name}: {value:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", metavar="DIR", help="another source tree to run `show` with")
    parser.add_argument("--no-colour", action="store_true", help="skip the FORCE_COLOR=1 run")
    parser.add_argument("--make", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_inputs(args.make)
        return 0
    here = str(Path(__file__).resolve().parent.parent)
    trees = {"this": here} | ({"compare": str(Path(args.compare).resolve())} if args.compare else {})
    with tempfile.TemporaryDirectory(prefix="show-peer-bench-") as folder:
        base = dict(os.environ)
        for variable in ("CACHE", "STATE", "CONFIG"):
            base[f"BROADSHEET_{variable}_DIR"] = os.path.join(folder, variable.lower())
        for variable in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE"):
            base.pop(variable, None)
        subprocess.run([sys.executable, __file__, "--make", folder], check=True)
        for source in trees.values():  # both trees byte-compiled, so neither compiles in a timed run
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", os.path.join(source, "reader")], check=True
            )
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.rounds} rounds + warm-up")
        for name in [*ARTICLES, "tiny"]:
            print(f"  {name}: {Path(folder, f'{name}.md').stat().st_size:,} bytes")
        variants = {"plain (the target)": {}} | (
            {} if args.no_colour else {"FORCE_COLOR=1": {"FORCE_COLOR": "1"}}
        )
        for title, extra in variants.items():
            env = base | extra
            commands: dict[str, tuple[list[str], dict[str, str]]] = {
                "--version": ([sys.executable, "-m", "reader", "--version"], env | {"PYTHONPATH": here})
            }
            for name in ARTICLES:
                path = os.path.join(folder, f"{name}.md")
                commands[f"rich {name}"] = ([sys.executable, "-c", RICH, path], env)
            for tree, source in trees.items():
                suffix = "" if tree == "this" else f" ({tree})"
                for name in [*ARTICLES, "tiny"]:
                    show = ["show", os.path.join(folder, f"{name}.md"), "--width", "100"]
                    commands[f"{name}{suffix}"] = (
                        [sys.executable, "-m", "reader", *show],
                        env | {"PYTHONPATH": source},
                    )
            print(f"{title}: {len(commands)} commands a round", file=sys.stderr, flush=True)
            walls, cpus = run_rounds(commands, args.rounds, folder)
            report(f"{title}, wall time", walls, list(trees))
            report(f"{title}, CPU time of the child (user + system)", cpus, list(trees))
    print("\nratio: median of per-round ratios; articles against rich, tiny against --version (this tree's).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
