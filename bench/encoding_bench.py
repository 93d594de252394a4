"""Encoding benchmark: what `reader.load.decode` costs on UTF-8 and on large legacy files, in one run.

    python bench/encoding_bench.py [--repeat N]

Every figure is a ratio to a plain `bytes.decode` of the same bytes, measured moments apart:

* UTF-8 (50 KiB and 8 MiB): `decode()` against `data.decode("utf-8")`. The fast path is one decode
  plus a scan for NULs and a BOM, so the ratio stays near 1 and the detector is never imported.
* legacy (8 MiB, the loader's largest file, in each supported encoding): `decode()` against a plain
  decode with the right codec, and the detector run on the whole file instead of its bounded sample.

It is a report, not a test: it prints one table and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MIB = 2**20
TEXTS_PATH = Path(__file__).resolve().parent.parent / "tests" / "unit" / "encoding_texts.py"


def load_texts() -> Any:
    """The test suite's texts (tests/ is not a package the benchmark can import)."""
    spec = importlib.util.spec_from_file_location("encoding_texts", TEXTS_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_ratio(ours: Callable[[], object], plain: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median of per-round ratios ours/plain, and the median time of ours in ms."""
    ratios, times = [], []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        plain()
        middle = time.perf_counter()
        ours()
        end = time.perf_counter()
        ratios.append((end - middle) / (middle - start))
        times.append((end - middle) * 1000)
    return statistics.median(ratios), statistics.median(times)


def repeated(unit: bytes, size: int) -> bytes:
    return unit * max(1, size // len(unit))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from reader.load import decode

    texts = load_texts()
    rows: list[tuple[str, str, float, float]] = []

    utf8_unit = (texts.ZH_HANS_LONG + texts.FR_LONG).encode("utf-8")
    for label, size in (("50 KiB", 50 * 1024), ("8 MiB", 8 * MIB)):
        data = repeated(utf8_unit, size)
        ratio, ms = best_ratio(lambda d=data: decode(d), lambda d=data: d.decode("utf-8"), args.repeat)
        rows.append((f"UTF-8 {label}", "decode() / bytes.decode", ratio, ms))
    detector_imported = "charset_normalizer" in sys.modules

    from reader.load.legacy import _readings

    decode(texts.ZH_HANS_LONG.encode("gbk"))  # imports the detector
    for codec, text in (
        ("gb18030", texts.ZH_HANS_LONG),
        ("big5", texts.ZH_HANT_LONG),
        ("shift_jis", texts.JA_LONG),
        ("euc_jp", texts.JA_LONG),
        ("euc_kr", texts.KO_LONG),
        ("cp1252", texts.FR_LONG),
    ):
        data = repeated(text.encode(codec), 8 * MIB)
        ratio, ms = best_ratio(lambda d=data: decode(d), lambda d=data, c=codec: d.decode(c), args.repeat)
        rows.append((f"{codec} 8 MiB", "decode() / bytes.decode", ratio, ms))
        ratio, ms = best_ratio(lambda d=data: _readings(d), lambda d=data, c=codec: d.decode(c), args.repeat)
        rows.append((f"{codec} 8 MiB", "unbounded detector / bytes.decode", ratio, ms))

    print(f"Python {sys.version.split()[0]}, {args.repeat} rounds, medians")
    print(f"{'input':<18} {'what':<36} {'ratio':>7} {'ms':>8}")
    for label, what, ratio, ms in rows:
        print(f"{label:<18} {what:<36} {ratio:>6.2f}x {ms:>8.2f}")
    print(f"charset_normalizer imported by the UTF-8 runs: {'yes' if detector_imported else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
