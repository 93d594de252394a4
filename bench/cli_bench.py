"""The scripting commands on a big archive, this tree against another one, in the same rounds.

    python bench/cli_bench.py ARCHIVE --compare DIR [--rounds N] [--query Q]

Three commands, each a child process with stdout to /dev/null and every `BROADSHEET_*_DIR` in a
temporary folder:

* **cold list**: `list ARCHIVE --json` with an empty cache (the index is built: metadata and words);
* **warm list**: the same command again on that cache (a stat walk and the kept document);
* **cold search**: `search Q ARCHIVE` with an empty cache (metadata, then the full text).

Each round runs every command for both trees, the trees' order alternating from round to round, so
that a noisy machine weighs on both alike. The report gives each median and the median of the rounds'
ratios, this tree to the other (below 1: this tree is faster): two runs moments apart vary less than
runs minutes apart. Before the rounds, both trees' `list --json` outputs (cold and warm) are compared
byte for byte.

Both trees' modules are compiled first: with PYTHONDONTWRITEBYTECODE set (or no bytecode yet), a
tree without it compiles its modules at every run, workers included, and loses by several percent.

It is a report, not a test: it exits 0 (2 on bad arguments).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(tree: str, argv: list[str], home: Path, out: int | None = None) -> float:
    """Seconds `python -m reader ARGV` takes, with the source tree `tree` and the user folders in `home`."""
    env = os.environ | {
        "PYTHONPATH": tree,
        "BROADSHEET_CACHE_DIR": str(home / "cache"),
        "BROADSHEET_STATE_DIR": str(home / "state"),
        "BROADSHEET_CONFIG_DIR": str(home / "config"),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        stdout=subprocess.DEVNULL if out is None else out,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=home,  # not a source tree: `-m reader` is the one on PYTHONPATH
        check=True,
    )
    return time.perf_counter() - started


def fresh(parent: Path, name: str) -> Path:
    home = parent / name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    return home


def round_of(trees: dict[str, str], archive: str, query: str, parent: Path) -> dict[tuple[str, str], float]:
    times: dict[tuple[str, str], float] = {}
    for name, tree in trees.items():
        home = fresh(parent, name)
        times["cold list", name] = run(tree, ["list", archive, "--json"], home)
        times["warm list", name] = run(tree, ["list", archive, "--json"], home)
        home = fresh(parent, name)
        times["cold search", name] = run(tree, ["search", query, archive], home)
    return times


def same_listing(trees: dict[str, str], archive: str, parent: Path) -> bool:
    """Whether both trees print the same `list --json` bytes, cold and warm."""
    outputs: list[bytes] = []
    for name, tree in trees.items():
        home = fresh(parent, name)
        for state in ("cold", "warm"):
            path = parent / f"{name}-{state}.json"
            with open(path, "wb") as handle:
                run(tree, ["list", archive, "--json"], home, handle.fileno())
            outputs.append(path.read_bytes())
    return len(set(outputs)) == 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("archive")
    parser.add_argument("--compare", metavar="DIR", required=True, help="the other source tree")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", default="的")
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parent.parent)
    trees = {"this": here, "other": str(Path(args.compare).resolve())}
    archive = str(Path(args.archive).resolve())
    for tree in trees.values():
        compileall.compile_dir(str(Path(tree) / "reader"), quiet=1)
    commands = ("cold list", "warm list", "cold search")
    runs: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="cli-bench-") as temporary:
        parent = Path(temporary)
        identical = same_listing(trees, archive, parent)
        for number in range(args.rounds):
            order = dict(reversed(trees.items())) if number % 2 else trees
            for key, seconds in round_of(order, archive, args.query, parent).items():
                runs.setdefault(key, []).append(seconds)
            print(f"round {number + 1} of {args.rounds} done", file=sys.stderr)
    print(f"{archive}: this {here} against {trees['other']}, {args.rounds} rounds (median s)")
    print(f"{'command':<12} {'this':>9} {'other':>9} {'ratio':>7}  each round's ratio")
    for command in commands:
        this = statistics.median(runs[command, "this"])
        other = statistics.median(runs[command, "other"])
        ratios = [a / b for a, b in zip(runs[command, "this"], runs[command, "other"], strict=True)]
        each = " ".join(f"{ratio:.2f}" for ratio in ratios)
        print(f"{command:<12} {this:9.2f} {other:9.2f} {statistics.median(ratios):7.3f}  {each}")
    print(f"list --json bytes identical: {'yes' if identical else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
