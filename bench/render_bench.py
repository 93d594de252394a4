"""Render benchmark for issue 5: broadsheet's article renderer against Rich's plain Markdown.

Goal: a 50 KB article renders in <= 50 ms; a 1 MB one keeps the app responsive. Inputs are synthetic
and deterministic (made in memory from fixed seeds), so runs compare across machines and commits.

Machines are noisy, so every contender runs once per round, in the same process, in an order that
rotates each round; we report the median and minimum over rounds, and the ratio ours/baseline as the
median of the per-round ratios (each ratio pairs two runs made moments apart).

    python bench/render_bench.py [--repeat N] [--width W] [--inputs zh-50k,en-50k] [--profile]

It is a report, not a test: the exit code is always 0.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from rich._wrap import divide_line as rich_divide_line
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual.strip import Strip

import reader
from reader.markdown import parse
from reader.model import Article
from reader.render import RenderOptions, build_article
from reader.render.cjk import divide_line as cjk_divide_line
from reader.render.markdown import ArticleMarkdown
from reader.ui.lines import FIRST_LINES, article_head, render_progressively, render_strips
from reader.ui.workers import gc_paused

KB = 1024
MB = 1024 * KB
TARGET_MS = 50.0

# --------------------------------------------------------------------------------------------------
# Synthetic inputs
# --------------------------------------------------------------------------------------------------

ZH_WORDS = (  # noqa: SIM905
    "今天 上午 记者 城市 发展 经济 市场 公司 政府 表示 项目 交通 地铁 居民 社区 技术 数据 增长 同比 "
    "投资 企业 科技 研究 报告 显示 目前 已经 进一步 推进 建设 服务 提升 质量 环境 保护 教育 医疗 文化 "
    "旅游 消费 产业 创新 合作 国际 地区 全国 我们 他们 认为 指出 介绍 相关 部门 负责人 工作 计划 完成 "
    "开始 正式 开通 运营 线路 车站 乘客 通勤 时间 缩短 分钟 公里 新城 老城 中心 广场 港湾 海岸 台风 "
    "天气 预报 降雨 气温 农业 农民 收入 面包 合作社 市民 志愿者 活动 比赛 马拉松 选手 冠军 成绩 学生 "
    "学校 老师 家长 政策 规定 措施 方案 试点 推广 平台 用户 手机 应用 软件 芯片 能源 电动 汽车 电池 "
    "充电 价格 上涨 下降 保持 稳定 预计 明年 去年 今年 本月 近日 此前 随后 同时 此外 但是 因为 所以 "
    "如果 虽然 仍然 正在 可能 需要 能够 应该 必须 非常 比较 特别 主要 重要 积极 有效 明显"
).split()
ZH_NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "郑远舟", "赵磊", "孙悦", "周涛", "吴敏")
ZH_PLACES = ("澄湾", "滨海公园站", "人民广场", "老街", "东港区", "西山镇", "新城核心区")
LATIN_TOKENS = (
    "iPhone",
    "AI",
    "GDP",
    "CPI",
    "5G",
    "App",
    "Python",
    "GPU",
    "CWRT",
    "PM2.5",
    "USB-C",
    "Wi-Fi",
    "ChatGPT",
    "Linux",
    "API",
)
TICKERS = ("09988.HK", "00700.HK", "AAPL", "TSLA", "600519.SH", "NVDA", "01810.HK", "300750.SZ")
EN_WORDS = (  # noqa: SIM905
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there one all we can their has been if more when will would "
    "who so no city council harbour metro line station commuters minutes project budget million "
    "residents report data growth market company shares investors analysts quarter revenue profit "
    "festival lanterns night crowd volunteers bakery cooperative families archive maps century street "
    "chess tournament river champion weather typhoon warning rainfall temperature school teachers "
    "students policy plan pilot platform users phone software chips energy electric battery charging "
    "price rose fell steady expected next last year month recently meanwhile however because although"
).split()
EN_NAMES = ("Alice Chen", "Tom Baker", "Maria Lopez", "Ken Ito", "Sara Novak", "Omar Haddad")


def _zh_token(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.06:
        return f" {rng.choice(LATIN_TOKENS)} " if rng.random() < 0.5 else rng.choice(LATIN_TOKENS)
    if roll < 0.09:
        return f"（{rng.choice(TICKERS)}）"
    if roll < 0.15:
        return rng.choice(
            (
                f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
                f"{rng.randint(2000, 2026)}年",
                f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                f"{rng.randint(1, 999)}.{rng.randint(1, 9)}亿元",
                f"{rng.randint(2, 90)}分钟",
                f"{rng.randint(1, 50)}.{rng.randint(1, 9)}公里",
            )
        )
    if roll < 0.18:
        return rng.choice(ZH_PLACES)
    if roll < 0.20:
        return f"“{rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}”"
    if roll < 0.21:
        return f"《{rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}报告》"
    if roll < 0.23:
        return f"**{rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}**"
    if roll < 0.24:
        return f"[{rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}]({_url(rng)})"
    return rng.choice(ZH_WORDS)


def _zh_sentence(rng: random.Random) -> str:
    clauses = []
    for _ in range(rng.randint(1, 4)):
        clauses.append("".join(_zh_token(rng) for _ in range(rng.randint(3, 9))))
    return "，".join(clauses) + rng.choice("。。。。！？；")


def _zh_paragraph(rng: random.Random, byline: bool = False) -> str:
    text = "".join(_zh_sentence(rng) for _ in range(rng.randint(2, 6)))
    if byline:
        text = f"本报{rng.randint(1, 12)}月{rng.randint(1, 28)}日讯**（记者 {rng.choice(ZH_NAMES)}）**" + text
    if rng.random() < 0.3:  # hard-wrapped source: soft breaks between two ideographs, never in markup
        text = _hard_wrap_cjk(text, rng.randint(30, 45))
    return text


def _hard_wrap_cjk(text: str, step: int) -> str:
    lines, start = [], 0
    for index in range(1, len(text)):
        if (
            index - start >= step
            and "\u4e00" <= text[index - 1] <= "\u9fff"
            and "\u4e00" <= text[index] <= "\u9fff"
        ):
            lines.append(text[start:index])
            start = index
    return "\n".join([*lines, text[start:]])


def _url(rng: random.Random) -> str:
    host = rng.choice(("news.example.com", "example.org", "data.example.net", "images.example.org"))
    return f"https://{host}/{rng.randint(2019, 2026)}/{rng.randrange(16**6):06x}.html"


def _en_sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(6, 22)):
        roll = rng.random()
        if roll < 0.04:
            words.append(rng.choice(TICKERS))
        elif roll < 0.08:
            words.append(f"{rng.randint(1, 999)}.{rng.randint(0, 9)}%")
        elif roll < 0.10:
            words.append(f"**{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)}**")
        elif roll < 0.12:
            words.append(f"*{rng.choice(EN_WORDS)}*")
        elif roll < 0.13:
            words.append(f"[{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)}]({_url(rng)})")
        elif roll < 0.14:
            words.append(f"`{rng.choice(LATIN_TOKENS)}`")
        else:
            words.append(rng.choice(EN_WORDS))
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:] + rng.choice("....!?;")


def _en_paragraph(rng: random.Random, byline: bool = False) -> str:
    text = " ".join(_en_sentence(rng) for _ in range(rng.randint(2, 6)))
    if byline:
        text = f"**By {rng.choice(EN_NAMES)}** — " + text
    if rng.random() < 0.5:  # hard-wrapped at ~72 columns, as many editors save it
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + len(word) > 72:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        text = "\n".join([*lines, line])
    return text


def _mixed_paragraph(rng: random.Random, byline: bool = False) -> str:
    roll = rng.random()
    if roll < 0.4:
        return _zh_paragraph(rng, byline)
    if roll < 0.7:
        return _en_paragraph(rng, byline)
    return _zh_sentence(rng) + " " + _en_sentence(rng) + " " + _zh_sentence(rng)


def _section(rng: random.Random, paragraph: Callable[..., str], zh: bool, first: bool) -> list[str]:
    """One `##` section: paragraphs with a quote, list, table, callout or image sprinkled in."""
    heading = "".join(rng.choice(ZH_WORDS) for _ in range(4)) if zh else _en_sentence(rng)[:48].rstrip(".!?;")
    blocks = [f"## {heading}"]
    for index in range(rng.randint(3, 7)):
        blocks.append(paragraph(rng, byline=first and index == 0))
        if (first and index == 0) or rng.random() < 0.15:
            blocks.append("> " + paragraph(rng).replace("\n", "\n> "))
        if (first and index == 1) or rng.random() < 0.06:
            blocks.append("> [!NOTE]\n> " + paragraph(rng).replace("\n", "\n> "))
        if (first and index == 0) or rng.random() < 0.08:
            blocks.append(f"![{'现场图片' if zh else 'Photo from the scene'}]({_url(rng)[:-5]}.jpg)")
        if (first and index == 2) or rng.random() < 0.07:
            blocks.append("\n".join(f"- {_zh_sentence(rng) if zh else _en_sentence(rng)}" for _ in range(4)))
        if (first and index == 2) or rng.random() < 0.05:
            blocks.append(_table(rng, zh))
    return blocks


def _table(rng: random.Random, zh: bool) -> str:
    head = ("指标", "数值", "同比", "备注") if zh else ("Metric", "Value", "Change", "Note")
    rows = ["| " + " | ".join(head) + " |", "| --- | ---: | ---: | --- |"]
    for _ in range(rng.randint(3, 8)):
        name = "".join(rng.choice(ZH_WORDS) for _ in range(2)) if zh else rng.choice(EN_WORDS).title()
        note = (
            "".join(rng.choice(ZH_WORDS) for _ in range(rng.randint(2, 8)))
            if zh
            else " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(2, 8)))
        )
        change = f"{rng.choice('+-')}{rng.randint(0, 30)}.{rng.randint(0, 9)}%"
        rows.append(f"| {name} | {rng.randint(1, 99999):,} | {change} | {note} |")
    return "\n".join(rows)


def make_article(kind: str, size: int, seed: int) -> str:
    """A Markdown body of `kind` (zh, en, mixed) of at least `size` UTF-8 bytes, from `seed`."""
    rng = random.Random(seed)
    paragraph = {"zh": _zh_paragraph, "en": _en_paragraph, "mixed": _mixed_paragraph}[kind]
    zh = kind != "en"
    blocks: list[str] = []
    used = 0
    first = True
    while used < size:
        for block in _section(rng, paragraph, zh, first):
            blocks.append(block)
            used += len(block.encode("utf-8")) + 2
            if used >= size and not first:
                break
        first = False
    return "\n\n".join(blocks) + "\n"


@dataclass
class Input:
    name: str
    kind: str
    target: int
    seed: int
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))

    @property
    def small(self) -> bool:
        return self.target <= 64 * KB


INPUTS = (
    Input("zh-50k", "zh", 50 * KB, 5001),
    Input("en-50k", "en", 50 * KB, 5002),
    Input("mixed-50k", "mixed", 50 * KB, 5003),
    Input("zh-1m", "zh", 1 * MB, 5004),
    Input("en-1m", "en", 1 * MB, 5005),
)


def paragraph_texts(text: str) -> list[str]:
    """Plain text of every paragraph (inline marks dropped), as the line breaker would see it."""
    tokens = parse.parse(text)
    return [
        plain
        for index, token in enumerate(tokens)
        if token.type == "paragraph_open" and (plain := parse.inline_text(tokens[index + 1].children))
    ]


# --------------------------------------------------------------------------------------------------
# Contenders
# --------------------------------------------------------------------------------------------------

ARTICLE = Article(path="bench.md", title="Bench")

OPTIONS = RenderOptions(interactive=True)


def baseline(text: str, width: int) -> list[list[Segment]]:
    """Rich's own Markdown, parse and render."""
    console = Console(
        width=width, file=io.StringIO(), color_system="truecolor", force_terminal=True, legacy_windows=False
    )
    return console.render_lines(Markdown(text), console.options.update_width(width))


def ours(text: str, width: int) -> list[Strip]:
    """The app's pipeline for the whole article: `build_article`, then `render_strips`, with the
    cyclic garbage collector held off as the app's render worker does."""
    with gc_paused():
        return render_strips(build_article(ARTICLE, text, None, OPTIONS).renderable, width)


def ours_first_screen(text: str, width: int) -> list[Strip]:
    """What the app waits for before the pane shows the article: parse (of the head of a long
    article), then the first lines."""
    renderable = build_article(ARTICLE, article_head(text) or text, None, OPTIONS).renderable
    return next(iter(render_progressively(renderable, width, FIRST_LINES)))


def ours_parse(text: str) -> ArticleMarkdown:
    """Parse and token rewrite only, as `render_article` constructs it."""
    return ArticleMarkdown(text, ARTICLE.path, None, title=ARTICLE.title)


def baseline_parse(text: str) -> Markdown:
    return Markdown(text)


def wrap_ours(paragraphs: list[str], width: int) -> None:
    for text in paragraphs:
        cjk_divide_line(text, width)


def wrap_rich(paragraphs: list[str], width: int) -> None:
    for text in paragraphs:
        rich_divide_line(text, width)


# --------------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------------


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds per run for each contender: one warm-up round, then `repeat` rounds in rotating order."""
    names = list(contenders)
    for name in names:
        contenders[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.perf_counter()
            contenders[name]()
            times[name].append(time.perf_counter() - start)
    return times


def main_thread_stalls(work: Callable[[], object], tick: float = 0.001) -> tuple[float, float, float]:
    """Run `work` in a worker thread, as the app does, while this thread wakes every `tick` seconds.

    Returns (work seconds, worst and 99th-percentile lateness of a wake-up, in seconds): how long the
    UI thread's event loop could be kept waiting for the GIL while the article renders.
    """
    done = threading.Event()
    elapsed = [0.0]

    def run() -> None:
        start = time.perf_counter()
        work()
        elapsed[0] = time.perf_counter() - start
        done.set()

    gc.collect()
    late: list[float] = []
    worker = threading.Thread(target=run)
    worker.start()
    while not done.is_set():
        before = time.perf_counter()
        time.sleep(tick)
        late.append(time.perf_counter() - before - tick)
    worker.join()
    late.sort()
    return elapsed[0], late[-1] if late else 0.0, late[int(len(late) * 0.99)] if late else 0.0


def ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    return f"{milliseconds:.1f}" if milliseconds < 1000 else f"{milliseconds:.0f}"


def paired_ratio(top: list[float], bottom: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(top, bottom, strict=True))


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    print(line)
    print("-" * len(line))
    for row in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


# --------------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------------


def _where(filename: str) -> str:
    """A short name for a source file: `reader/render/cjk.py`, `rich/text.py`, `<builtin>`."""
    if filename.startswith("~") or filename.startswith("<"):
        return "<builtins>"
    parts = Path(filename).parts
    for anchor in ("reader", "rich", "markdown_it", "mdit_py_plugins", "mdit_py_cjk_friendly"):
        if anchor in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(anchor) :])
    return Path(filename).name


def profile(text: str, width: int, runs: int) -> None:
    ours(text, width)  # warm caches, as the app would be after its first article
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        ours(text, width)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\ncProfile of 'ours' on zh-50k, {runs} runs, {total * 1000 / runs:.1f} ms/run under the profiler")

    by_file: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_file[_where(filename)] += tottime
    print("\nOwn time by source file (tottime, share of the profiled total):")
    for where, seconds in sorted(by_file.items(), key=lambda item: -item[1])[:15]:
        print(f"  {seconds / total:6.1%}  {seconds * 1000 / runs:7.2f} ms/run  {where}")

    print("\nTop 25 by cumulative time:")
    stats.sort_stats("cumulative").print_stats(25)
    print("Top 15 by own time:")
    stats.sort_stats("tottime").print_stats(15)


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds per input (default 7)")
    parser.add_argument("--width", type=int, default=96, help="render width in cells (default 96)")
    parser.add_argument(
        "--inputs",
        default=",".join(i.name for i in INPUTS),
        help="comma-separated inputs to run (default: all): " + ", ".join(i.name for i in INPUTS),
    )
    parser.add_argument("--profile", action="store_true", help="cProfile 'ours' on zh-50k afterwards")
    parser.add_argument("--profile-runs", type=int, default=5, help="runs under the profiler (default 5)")
    args = parser.parse_args(argv)
    repeat, width = max(1, args.repeat), max(20, args.width)
    wanted = {name.strip() for name in args.inputs.split(",") if name.strip()}
    inputs = [item for item in INPUTS if item.name in wanted]

    print(f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}")
    print(
        f"os.cpu_count() = {os.cpu_count()}; rich {metadata.version('rich')}; broadsheet {reader.__version__}"
    )
    print(f"width {width}, {repeat} rounds per input after one warm-up, contenders interleaved")

    for item in inputs:
        item.text = make_article(item.kind, item.target, item.seed)
        item.paragraphs = paragraph_texts(item.text)
    print("\nInputs (UTF-8 bytes):")
    for item in inputs:
        print(
            f"  {item.name:<10} {item.size:>9,} B  {len(item.text):>9,} chars  "
            f"{len(item.paragraphs):>5} paragraphs  seed {item.seed}"
        )

    rows, wrap_rows, verdicts = [], [], []
    for item in inputs:
        text = item.text
        print(f"  timing {item.name} ...", file=sys.stderr, flush=True)
        lines = {"base": len(baseline(text, width)), "ours": len(ours(text, width))}
        times = interleaved(
            {
                "base": lambda text=text: baseline(text, width),
                "ours": lambda text=text: ours(text, width),
                "first": lambda text=text: ours_first_screen(text, width),
                "parse": lambda text=text: ours_parse(text),
                "base_parse": lambda text=text: baseline_parse(text),
                "wrap_ours": lambda p=item.paragraphs: wrap_ours(p, width),
                "wrap_rich": lambda p=item.paragraphs: wrap_rich(p, width),
            },
            repeat,
        )
        med = {name: statistics.median(values) for name, values in times.items()}
        low = {name: min(values) for name, values in times.items()}
        if item.small:
            verdict = "PASS" if med["first"] * 1000 <= TARGET_MS else "FAIL"
            verdicts.append(
                f"{item.name}: on screen after {ms(med['first'])} ms median -> {verdict} "
                f"(<= {TARGET_MS:.0f} ms); whole article laid out after {ms(med['ours'])} ms"
            )
        else:
            verdict = "(1 MB)"
            probes = [main_thread_stalls(lambda text=text: ours(text, width)) for _ in range(min(3, repeat))]
            worst = statistics.median(probe[1] for probe in probes)
            p99 = statistics.median(probe[2] for probe in probes)
            threaded = statistics.median(probe[0] for probe in probes)
            verdicts.append(
                f"{item.name}: on screen after {ms(med['first'])} ms; "
                f"ours {ms(med['ours'])} ms median, {ms(low['ours'])} ms min "
                f"(Rich {ms(med['base'])} ms); parse alone {ms(med['parse'])} ms\n"
                f"    in a worker thread: {ms(threaded)} ms; main thread woken every 1 ms was late by "
                f"{ms(worst)} ms at worst, {ms(p99)} ms at p99 (median of {len(probes)} runs)"
            )
        rows.append(
            [
                item.name,
                f"{item.size / KB:,.1f} KB",
                f"{ms(med['base'])} / {ms(low['base'])}",
                f"{ms(med['ours'])} / {ms(low['ours'])}",
                f"{paired_ratio(times['ours'], times['base']):.2f}x",
                f"{ms(med['first'])}",
                f"{ms(med['parse'])}",
                f"{ms(med['base_parse'])}",
                f"{lines['ours']}/{lines['base']}",
                verdict,
            ]
        )
        wrap_rows.append(
            [
                item.name,
                f"{len(item.paragraphs)}",
                f"{ms(med['wrap_rich'])} / {ms(low['wrap_rich'])}",
                f"{ms(med['wrap_ours'])} / {ms(low['wrap_ours'])}",
                f"{paired_ratio(times['wrap_ours'], times['wrap_rich']):.2f}x",
            ]
        )

    print("\nFull render, ms (median / min); ratio = median of per-round ours/baseline")
    print_table(
        [
            "input",
            "size",
            "baseline ms",
            "ours ms",
            "ratio",
            "first screen",
            "parse ms",
            "rich parse",
            "lines o/b",
            "50 ms goal",
        ],
        rows,
    )
    print("\nLine breaking alone over every paragraph's plain text, ms (median / min)")
    print_table(["input", "paras", "rich divide_line", "cjk.divide_line", "ratio"], wrap_rows)
    print(
        "\nbaseline = rich.markdown.Markdown(text) + Console.render_lines; ours = build_article + "
        "render_strips (the whole article, as Textual strips);\nfirst screen = build_article + the first "
        f"{FIRST_LINES} lines of render_progressively, when the app shows the article; "
        "parse = ArticleMarkdown(text)\nconstruction; rich parse = Markdown(text) construction."
    )
    print("\nVerdict:")
    for verdict in verdicts:
        print(f"  {verdict}")

    if args.profile:
        zh = next((item for item in inputs if item.name == "zh-50k"), None)
        text = zh.text if zh else make_article("zh", 50 * KB, 5001)
        profile(text, width, max(1, args.profile_runs))
    return 0


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    except BrokenPipeError:  # `| head`: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    sys.exit(0)
