"""Write a synthetic archive of Markdown articles shaped like a Hugo export (issue 6 benchmarks).

    python bench/generate_archive.py OUT_DIR --count N [--seed S] [--force]

Deterministic: the same N and seed give the same bytes (random.Random(seed) drives everything; no set or
dict iteration order decides anything). Fast: one Python process, plain open/write, no subprocess;
sentences come from a pool built once, so 100k articles (~450 MB) take well under a minute.

What comes out: YAML front matter (`---`) on ~93% of the files, TOML (`+++`) on ~5%, none on ~2% (the
title is then a `# H1`); dates in every form Hugo archives use (quoted, unquoted, `+08:00`, Hugo's
`+0800`, `Z`, date-only, epoch seconds, missing); 1-5 tags from a pool of exactly 200 names (Chinese and
English, Zipf-ish popularity); categories from a pool of 20; summary on ~60%, description on some others;
draft on ~2%; thumbnail on ~30%. Bodies are ~50/50 Chinese and English with Latin words and tickers
mixed into the Chinese, quotes, images, links, lists and headings; ~4.5 KB a file on average. Folders
are YEAR/MONTH with ~300 files each (the span of years grows with N).

Known needles are planted in the bodies and their exact article counts are written to
OUT_DIR/../NAME.needles.json (next to the archive, never inside it) and printed. Every count is
re-checked against the text actually written, with the search rules of the design notes (CJK terms as
substrings; Latin terms as whole words, case-insensitively).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from random import Random

# --------------------------------------------------------------------------------------------------
# Vocabulary. The needles below use characters and letters that none of this can produce.
# --------------------------------------------------------------------------------------------------

NEEDLE_CJK_WORD = "鹍鹏"  # two characters, in exactly K articles
NEEDLE_CJK_CHAR = "鹍"  # one character: alone in some articles, and inside every NEEDLE_CJK_WORD
NEEDLE_EN_RARE = "zyxquorl"
COMMON_ZH = "负责人"  # a common 3-character phrase (many hits)
COMMON_EN = "harbour"  # a common English word (many hits); the vocabulary has no "harbours"
PHRASE_EN = ("harbour", "lights")  # planted as a phrase, the words also occur apart

# Frequent characters of Chinese news text, for the long tail of two-character words.
COMMON_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    "性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质"
    "气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活"
    "设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则"
    "任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清美再"
    "采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况"
    "今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素"
    "技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型"
    "眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞港湾城镇站旅游店街园"
)
ZH_WORDS = (  # noqa: SIM905 - real words first: they take the high ranks of the Zipf draw
    "今天 上午 记者 城市 发展 经济 市场 公司 政府 表示 项目 交通 地铁 居民 社区 技术 数据 增长 同比 投资 "
    "企业 科技 研究 报告 显示 目前 已经 进一步 推进 建设 服务 提升 质量 环境 保护 教育 医疗 文化 旅游 消费 "
    "产业 创新 合作 国际 地区 全国 我们 他们 认为 指出 介绍 相关 部门 负责人 工作 计划 完成 开始 正式 开通 "
    "运营 线路 车站 乘客 通勤 时间 缩短 分钟 公里 新城 老城 中心 广场 港湾 海岸 台风 天气 预报 降雨 气温 "
    "农业 农民 收入 面包 合作社 市民 志愿者 活动 比赛 马拉松 选手 冠军 成绩 学生 学校 老师 家长 政策 规定 "
    "措施 方案 试点 推广 平台 用户 手机 应用 软件 芯片 能源 电动 汽车 电池 充电 价格 上涨 下降 保持 稳定 "
    "预计 明年 去年 今年 本月 近日 此前 随后 同时 此外 但是 因为 所以 如果 虽然 仍然 正在 可能 需要 能够 "
    "应该 必须 非常 比较 特别 主要 重要 积极 有效 明显 股价 港股 指数 收盘 资本 银行 利率 基金 证券 行情 "
    "消息 媒体 人士 透露 回应 采访 发布 会议 峰会 论坛 图书馆 博物馆 地图 档案 夜市 河道 清理 周末 茶叶 "
    "气象站 山区 观测 象棋 公开赛 种子 春天 灯光 码头 渔船 游客 酒店 餐厅 美食 街区 改造 公园 绿地 空气 "
    "污染 治理 排放 目标 实现 标准 规划 审批 资金 补贴 就业 岗位 人才 培训 大学 实验室 论文 团队 工程师 "
    "产品 销量 订单 出口 进口 贸易 关税 供应链 工厂 生产 制造 机器人 算法 模型 人工智能 网络 安全 隐私"
).split()
ZH_NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "郑远舟", "赵磊", "孙悦", "周涛", "吴敏", "许澜", "吴可")
ZH_PLACES = ("澄湾", "滨海公园站", "人民广场", "老街", "东港区", "西山镇", "新城核心区", "南湖", "北岸")
LATIN_TOKENS = (
    "iPhone", "AI", "GDP", "CPI", "5G", "App", "Python", "GPU", "CWRT", "PM2.5", "USB-C", "Wi-Fi",
    "ChatGPT", "Linux", "API", "DeepSeek", "Bloomberg", "Reuters", "OLED", "ETF", "IPO", "SUV",
)  # fmt: skip
TICKERS = ("09988.HK", "00700.HK", "AAPL", "TSLA", "600519.SH", "NVDA", "01810.HK", "300750.SZ", "BABA")
EN_WORDS = (  # noqa: SIM905
    "the of and to in a is that for it as was with be by on not he this are or his from at which but "
    "have an they you were her she there one all we can their has been if more when will would who so "
    "city council harbour metro line station commuters minutes project budget million residents report "
    "data growth market company shares investors analysts quarter revenue profit festival lanterns night "
    "crowd volunteers bakery cooperative families archive maps century street chess tournament river "
    "champion weather typhoon warning rainfall temperature school teachers students policy plan pilot "
    "platform users phone software chips energy electric battery charging price rose fell steady expected "
    "next last year month recently meanwhile however because although lights ferry pier boats fishing "
    "tourists hotel restaurant food district renovation park green air pollution emissions target standard "
    "planning approval funding subsidy jobs talent training university laboratory paper team engineer "
    "product sales orders exports imports trade tariffs supply chain factory production robots algorithm "
    "model network security privacy library museum cleanup weekend tea mountain observation seeds spring "
    "marathon runners finish record mayor officials said told added according spokesperson statement "
    "interview survey percent average higher lower than about after before during under over between "
    "through against while since until also only just still even much many most some any each every other "
    "such own same new old first second third early late local national global public private small large "
    "long short high low good best better great important major key recent open closed free full"
).split()
EN_NAMES = ("Alice Chen", "Tom Baker", "Maria Lopez", "Ken Ito", "Sara Novak", "Omar Haddad", "Li Wei")
EN_SYLLABLES = (  # noqa: SIM905 - for pseudo-words in the long tail of the English vocabulary
    "ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko ku la le li lo lu ma me mi mo mu na ne "
    "ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi wa we wi ban ber cor dan "
    "del fer gan har kel lan len lin mar mer min nor pen per ran ren ron sel sen ser tan ter tor ven ver"
).split()

TAGS_ZH = (  # noqa: SIM905 - 100 Chinese tag names
    "科技 城市 经济 港股 人工智能 交通 地铁 天气 台风 教育 医疗 文化 "
    "旅游 美食 体育 马拉松 象棋 音乐 电影 读书 历史 考古 博物馆 图书馆 "
    "环境 气候 能源 新能源 电动车 芯片 手机 互联网 软件 开源 数据 安全 "
    "隐私 金融 银行 股市 基金 房地产 就业 创业 农业 茶叶 乡村 社区 "
    "志愿者 公益 法律 政策 国际 外交 贸易 制造业 机器人 航天 航空 海洋 "
    "港口 渔业 河流 山区 森林 动物 植物 健康 养老 儿童 家庭 摄影 "
    "设计 建筑 艺术 展览 节日 春节 中秋 夜市 咖啡 面包 烘焙 美术 "
    "戏剧 诗歌 小说 游戏 动漫 播客 评论 访谈 专栏 调查 深度 快讯 "
    "图集 视频 直播 年度"
).split()
TAGS_EN = (  # noqa: SIM905 - 100 English tag names (YAML-safe unquoted, none a search word below)
    "technology economy politics science health education culture travel food sports chess music film "
    "books history archaeology museums libraries environment climate energy batteries semiconductors "
    "smartphones internet software open-source data security privacy finance banking stocks funds "
    "housing jobs startups farming tea villages community charity law regulation world diplomacy "
    "manufacturing robotics space aviation oceans ports fisheries rivers mountains forests wildlife "
    "plants medicine ageing children family photography design architecture art exhibitions holidays "
    "markets coffee baking painting theatre poetry fiction gaming animation podcasts opinion "
    "interviews columns investigations longreads briefs galleries video livestream review analysis "
    "weekend weather typhoons rainfall drought floods heatwaves astronomy physics chemistry biology"
).split()
CATEGORIES = (
    "新闻", "城市生活", "科技", "财经", "文化", "体育", "评论", "专题", "国际", "本地",
    "news", "tech", "business", "culture", "sport", "opinion", "features", "world", "local", "qq",
)  # fmt: skip


def tag_pool() -> list[str]:
    """The 200 tag names, most popular first: Chinese and English interleaved by rank."""
    pool = [name for pair in zip(TAGS_ZH, TAGS_EN, strict=True) for name in pair]
    if len(pool) != 200 or len(set(pool)) != 200:
        raise SystemExit(f"tag pool must hold 200 distinct names, has {len(set(pool))}")
    return pool


def _cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


# --------------------------------------------------------------------------------------------------
# Search rules used for the expected counts (design notes: CJK as substrings, Latin as whole words)
# --------------------------------------------------------------------------------------------------


def latin_word(word: str) -> re.Pattern[str]:
    return re.compile(f"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.IGNORECASE)


def latin_phrase(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words in order with only non-word characters between them (how FTS phrases match)."""
    inner = "[^A-Za-z0-9]+".join(re.escape(word) for word in words)
    return re.compile(f"(?<![A-Za-z0-9]){inner}(?![A-Za-z0-9])", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# Text pools
# --------------------------------------------------------------------------------------------------


class Vocabulary:
    """Word lists with Zipf weights, and pools of ready sentences (built once per run)."""

    def __init__(self, rng: Random, pool_size: int) -> None:
        chars = "".join(dict.fromkeys(COMMON_CHARS))
        zh_tail = ["".join(rng.choices(chars, k=rng.choice((2, 2, 2, 3)))) for _ in range(3000)]
        self.zh = list(dict.fromkeys([*ZH_WORDS, *zh_tail]))
        self.zh_cw = _cumulative(len(self.zh), 0.95)
        forbidden = {COMMON_EN, NEEDLE_EN_RARE, *PHRASE_EN, COMMON_EN + "s"}
        en_tail = ["".join(rng.choices(EN_SYLLABLES, k=rng.choice((2, 2, 3)))) for _ in range(4000)]
        self.en = [w for w in dict.fromkeys([*EN_WORDS, *en_tail]) if w not in forbidden or w in EN_WORDS]
        self.en_cw = _cumulative(len(self.en), 1.0)
        self.check_needles_absent(chars)
        self.zh_sentences = [self._zh_sentence(rng) for _ in range(pool_size)]
        self.en_sentences = [self._en_sentence(rng) for _ in range(pool_size)]
        # UTF-8 sizes, so articles reach their target size without encoding anything twice.
        self.zh_bytes = [len(s.encode()) for s in self.zh_sentences]
        self.en_bytes = [len(s) for s in self.en_sentences]  # ASCII

    def check_needles_absent(self, chars: str) -> None:
        everything = "".join(
            [chars, *self.zh, *ZH_NAMES, *ZH_PLACES, *TAGS_ZH, *CATEGORIES, "图片来源本报讯记者编辑实习生"]
        )
        for needle in (NEEDLE_CJK_CHAR, *NEEDLE_CJK_WORD):
            if needle in everything:
                raise SystemExit(f"needle character {needle!r} occurs in the vocabulary")
        latin = " ".join([*self.en, *LATIN_TOKENS, *TICKERS, *EN_NAMES, *TAGS_EN, *CATEGORIES]).lower()
        if latin_word(NEEDLE_EN_RARE).search(latin):
            raise SystemExit(f"needle {NEEDLE_EN_RARE!r} occurs in the vocabulary")

    def zh_words(self, rng: Random, k: int) -> list[str]:
        return rng.choices(self.zh, cum_weights=self.zh_cw, k=k)

    def en_words(self, rng: Random, k: int) -> list[str]:
        return rng.choices(self.en, cum_weights=self.en_cw, k=k)

    def _zh_sentence(self, rng: Random) -> str:
        clauses = []
        for _ in range(rng.randint(1, 3)):
            words = self.zh_words(rng, rng.randint(4, 10))
            roll = rng.random()
            at = rng.randrange(len(words) + 1)
            if roll < 0.18:  # Latin inside Chinese: with and without spaces, as both styles are common
                token = rng.choice(LATIN_TOKENS)
                words.insert(at, f" {token} " if rng.random() < 0.5 else token)
            elif roll < 0.26:
                words.insert(at, f"（{rng.choice(TICKERS)}）")
            elif roll < 0.40:
                words.insert(
                    at,
                    rng.choice(
                        (
                            f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
                            f"{rng.randint(1990, 2026)}年",
                            f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                            f"{rng.randint(1, 999)}.{rng.randint(1, 9)}亿元",
                        )
                    ),
                )
            elif roll < 0.48:
                words.insert(at, rng.choice(ZH_PLACES))
            elif roll < 0.52:
                words.insert(at, f"“{''.join(self.zh_words(rng, 2))}”")
            elif roll < 0.55:
                words.insert(at, f"**{''.join(self.zh_words(rng, 2))}**")
            clauses.append("".join(words))
        return "，".join(clauses) + rng.choice("。。。。。！？")

    def _en_sentence(self, rng: Random) -> str:
        words = self.en_words(rng, rng.randint(7, 22))
        for _ in range(rng.randint(0, 2)):
            roll = rng.random()
            at = rng.randrange(len(words) + 1)
            if roll < 0.25:
                words.insert(at, rng.choice(TICKERS))
            elif roll < 0.5:
                words.insert(at, f"{rng.randint(1, 999)}.{rng.randint(0, 9)}%")
            elif roll < 0.65:
                words.insert(at, rng.choice(EN_NAMES))
            elif roll < 0.8:
                words.insert(at, f"**{' '.join(self.en_words(rng, 2))}**")
            else:
                words[at - 1 if at else 0] += ","
        sentence = " ".join(words)
        return sentence[:1].upper() + sentence[1:] + rng.choice("......?")


# --------------------------------------------------------------------------------------------------
# One article
# --------------------------------------------------------------------------------------------------

CST = timezone(timedelta(hours=8))


def _url(rng: Random, kind: str = "page") -> str:
    if kind == "image":
        return f"https://images.example.org/{rng.randint(2015, 2026)}/{rng.randrange(16**8):08x}.jpg"
    host = rng.choice(("news.example.com", "example.org", "data.example.net", "www.example.com"))
    return f"https://{host}/{rng.randint(2015, 2026)}/{rng.randrange(16**6):06x}.html"


def _paragraph(voc: Vocabulary, rng: Random, zh: bool, wrap: bool) -> tuple[str, int]:
    """A prose paragraph of pooled sentences and its UTF-8 size."""
    count = rng.randint(2, 6)
    pool, sizes = (voc.zh_sentences, voc.zh_bytes) if zh else (voc.en_sentences, voc.en_bytes)
    picks = [rng.randrange(len(pool)) for _ in range(count)]
    # Chinese is hard-wrapped only at sentence ends, so no word (nor needle) is ever cut by a newline.
    joiner = ("\n" if wrap else "") if zh else ("\n" if wrap else " ")
    return joiner.join(pool[i] for i in picks), sum(sizes[i] for i in picks) + count


def _body(voc: Vocabulary, rng: Random, zh: bool, target: int, title: str, h1: bool) -> list[str]:
    """Markdown blocks until about `target` bytes."""
    blocks: list[str] = []
    size = 0
    if h1:
        blocks.append(f"# {title}")
    wrap = rng.random() < 0.15
    first, n = _paragraph(voc, rng, zh, wrap)
    if rng.random() < 0.4:
        if zh:
            day = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
            first = f"**本报{day}讯（记者 {rng.choice(ZH_NAMES)}）**{first}"
        else:
            first = f"**By {rng.choice(EN_NAMES)}** — {first}"
    blocks.append(first)
    size += n
    if rng.random() < 0.05:
        blocks.append("<!--more-->")
    while size < target:
        roll = rng.random()
        if roll < 0.62:
            text, n = _paragraph(voc, rng, zh, wrap)
        elif roll < 0.72:
            text, n = _paragraph(voc, rng, zh, False)
            text, n = "> " + text.replace("\n", "\n> "), n + 2
        elif roll < 0.78:
            alt = "图片" if zh else " ".join(voc.en_words(rng, 3))
            text = f"![{alt}]({_url(rng, 'image')})"
            n = len(text) + 4
        elif roll < 0.86:
            pool = voc.zh_sentences if zh else voc.en_sentences
            items = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(2, 5))]
            text = "\n".join(f"- {item}" for item in items)
            n = len(text.encode()) if zh else len(text)
        elif roll < 0.92:
            words = "".join(voc.zh_words(rng, 3)) if zh else " ".join(voc.en_words(rng, 4)).capitalize()
            text = f"## {words}"
            n = len(text) * (3 if zh else 1)
        else:
            label = "原文链接" if zh else "Read the original"
            words = "".join(voc.zh_words(rng, 4)) if zh else " ".join(voc.en_words(rng, 6))
            text = (
                f"{words}，详见[{label}]({_url(rng)})。"
                if zh
                else f"More: [{label}]({_url(rng)}) on {words}."
            )
            n = len(text.encode()) if zh else len(text)
        blocks.append(text)
        size += n
    if rng.random() < 0.3:
        label = "来源" if zh else "Source"
        blocks.append(f"{label}：[{_url(rng)}]({_url(rng)})" if zh else f"{label}: <{_url(rng)}>")
    return blocks


def _plant(rng: Random, blocks: list[str], sentence: str, zh: bool) -> None:
    """Put `sentence` into a prose paragraph (not a heading, list, image or link line)."""
    prose = [
        i
        for i, block in enumerate(blocks)
        if block[:1] not in "#-!<>*" and not block.startswith(("来源", "Source")) and "](" not in block
    ]
    if not prose:
        blocks.append(sentence)
        return
    i = rng.choice(prose)
    blocks[i] = f"{blocks[i]}{sentence}" if zh else f"{blocks[i]} {sentence}"


def _needle_sentence(voc: Vocabulary, rng: Random, needle: str, zh: bool, tight: bool = False) -> str:
    if zh:
        a, b, c = voc.zh_words(rng, 3)
        gap = "" if tight or needle[0] >= "\u2e80" else " "
        return f"{a}{gap}{needle}{gap}{b}{c}。"
    words = voc.en_words(rng, 4)
    return f"The {needle} {' '.join(words)}."


DATE_FORMS = (  # (form, weight)
    ("quoted", 33),
    ("unquoted-T", 14),
    ("unquoted-space", 5),
    ("offset", 10),
    ("offset-quoted", 5),
    ("zulu", 4),
    ("hugo-0800", 7),
    ("hugo-0800-unquoted", 3),
    ("date-only", 9),
    ("date-only-quoted", 3),
    ("epoch", 2),
    ("missing", 5),
)


def _yaml_date(form: str, moment: datetime) -> str | None:
    day = moment.strftime("%Y-%m-%d")
    clock = moment.strftime("%H:%M:%S")
    return {
        "quoted": f'"{day} {clock}"',
        "unquoted-T": f"{day}T{clock}",
        "unquoted-space": f"{day} {clock}",
        "offset": f"{day}T{clock}+08:00",
        "offset-quoted": f'"{day}T{clock}+08:00"',
        "zulu": f"{day}T{clock}Z",
        "hugo-0800": f'"{day} {clock} +0800"',
        "hugo-0800-unquoted": f"{day}T{clock}+0800",
        "date-only": day,
        "date-only-quoted": f'"{day}"',
        "epoch": str(int(moment.replace(tzinfo=CST).timestamp())),
        "missing": None,
    }[form]


def _toml_date(form: str, moment: datetime) -> str | None:
    day = moment.strftime("%Y-%m-%d")
    clock = moment.strftime("%H:%M:%S")
    if form == "missing":
        return None
    if form in ("date-only", "date-only-quoted"):
        return day
    if form in ("offset", "offset-quoted", "hugo-0800", "hugo-0800-unquoted", "epoch"):
        return f"{day}T{clock}+08:00"
    if form == "zulu":
        return f"{day}T{clock}Z"
    if form == "quoted":
        return f'"{day} {clock}"'
    return f"{day}T{clock}"


def _yaml_list(name: str, values: list[str], style: int) -> str:
    if style == 0:
        return f"{name}:\n" + "".join(f'  - "{v}"\n' for v in values)
    if style == 1:
        return f"{name}:\n" + "".join(f"  - {v}\n" for v in values)
    return f"{name}: [{', '.join(values)}]\n"


MAINROAD = (
    'lang:\n  - "{lang}"\ntranslations:\n  - "{lang}"\nmenu: ""\nlead: ""\ncomments: false\n'
    'authorbox: false\npager: true\ntoc: {toc}\nmathjax: false\nsidebar: "right"\n'
    'widgets:\n  - "search"\n  - "recent"\n  - "taglist"\n'
)


@dataclass(frozen=True, slots=True)
class Meta:
    """The front matter of one article, before it is written as YAML or TOML."""

    title: str
    form: str
    moment: datetime
    lastmod: datetime | None
    tags: list[str]
    categories: list[str]
    summary: str
    description: str
    draft: bool
    thumbnail: str | None


class Generator:
    def __init__(self, count: int, seed: int) -> None:
        self.count = count
        self.seed = seed
        self.rng = Random(seed)
        rng = self.rng
        self.voc = Vocabulary(rng, pool_size=min(40_000, max(4_000, count // 2)))
        self.tags = tag_pool()
        self.tag_cw = _cumulative(len(self.tags), 0.9)
        self.forms = [form for form, _ in DATE_FORMS]
        self.form_cw = list(itertools.accumulate(weight for _, weight in DATE_FORMS))
        years = max(1, round(count / 300 / 12))
        self.first_year = 2025 - years + 1
        self.span_days = (date(2025, 12, 31) - date(self.first_year, 1, 1)).days + 1
        # Languages first, then the needle sets drawn from them, so every plan is fixed up front.
        self.zh = [rng.random() < 0.5 for _ in range(count)]
        zh_ids = [i for i in range(count) if self.zh[i]]
        k = max(3, count // 1000)
        self.word_ids = sorted(rng.sample(zh_ids, k))
        self.char_ids = sorted(rng.sample(zh_ids, max(5, count // 500)))
        self.rare_ids = sorted(rng.sample(range(count), max(4, count // 800)))
        self.phrase_ids = sorted(rng.sample(range(count), max(3, count // 500)))

    def article(self, i: int) -> tuple[str, str, dict[str, object]]:
        """(relative path, file text, facts for the expected counts)."""
        rng, voc, zh = self.rng, self.voc, self.zh[i]
        moment = datetime(self.first_year, 1, 1) + timedelta(
            days=rng.randrange(self.span_days), seconds=rng.randrange(86_400)
        )
        if zh:
            title = "".join(voc.zh_words(rng, rng.randint(4, 8)))
            if rng.random() < 0.3:
                title = f"{rng.choice(ZH_PLACES)}{title}"
        else:
            title = " ".join(voc.en_words(rng, rng.randint(5, 10))).title()
        wanted = rng.choices((1, 2, 3, 4, 5), weights=(20, 30, 25, 15, 10))[0]
        tags: list[str] = []
        while len(tags) < wanted:
            tag = rng.choices(self.tags, cum_weights=self.tag_cw)[0]
            if tag not in tags:
                tags.append(tag)
        categories = [rng.choice(CATEGORIES[:10] if zh else CATEGORIES[10:])]
        if rng.random() < 0.15:
            other = rng.choice(CATEGORIES)
            if other not in categories:
                categories.append(other)
        form = rng.choices(self.forms, cum_weights=self.form_cw)[0]
        kind_roll = rng.random()
        kind = "toml" if kind_roll < 0.05 else ("none" if kind_roll < 0.07 else "yaml")
        target = int(min(40_000, max(700, rng.lognormvariate(math.log(3_900) - 0.18, 0.6))))
        blocks = _body(voc, rng, zh, target, title, h1=kind == "none")

        # Needles go into the body only.
        if i in self.word_ids:
            _plant(rng, blocks, _needle_sentence(voc, rng, NEEDLE_CJK_WORD, zh=True), zh=True)
        if i in self.char_ids:
            _plant(rng, blocks, _needle_sentence(voc, rng, NEEDLE_CJK_CHAR, zh=True), zh=True)
        tight = False
        if i in self.rare_ids:
            needle = NEEDLE_EN_RARE.capitalize() if rng.random() < 0.1 else NEEDLE_EN_RARE
            tight = zh and rng.random() < 0.5  # `据zyxquorl报道`: Latin touching CJK, no spaces
            _plant(rng, blocks, _needle_sentence(voc, rng, needle, zh, tight=tight), zh)
        if i in self.phrase_ids:
            _plant(rng, blocks, _needle_sentence(voc, rng, " ".join(PHRASE_EN), zh), zh)
        body = "\n\n".join(blocks) + "\n"

        summary = description = ""
        roll = rng.random()
        if roll < 0.60:
            first = blocks[1] if kind == "none" else blocks[0]
            first = first.replace("*", "").replace("\n", "" if zh else " ")
            summary = (first[:60] if zh else first[:150]).rstrip() + "..."
            if rng.random() < 0.03:
                summary = f"**{summary}**"
        elif roll < 0.75:
            pool = voc.zh_sentences if zh else voc.en_sentences
            description = pool[rng.randrange(len(pool))].replace("*", "")
        draft = rng.random() < 0.02
        thumbnail = _url(rng, "image") if rng.random() < 0.3 else None
        lastmod = moment + timedelta(days=rng.randint(1, 90)) if rng.random() < 0.1 else None

        meta = Meta(title, form, moment, lastmod, tags, categories, summary, description, draft, thumbnail)
        if kind == "yaml":
            head = self._yaml(meta, zh)
        elif kind == "toml":
            head = _toml(meta)
        else:
            head = ""
        slug = f"p{i:06d}" if zh else "-".join(title.lower().split()[:4]) + f"-{i:06d}"
        name = f"{slug}.md"
        if form == "missing" and rng.random() < 0.5:
            name = f"{moment:%Y-%m-%d}-{slug}.md"  # Jekyll-style: the date comes from the name
        folder = f"{moment:%Y}/{moment:%m}"
        path = f"{folder}/{slug}/index.md" if rng.random() < 0.01 else f"{folder}/{name}"
        if kind == "none":  # no front matter: no tags, draft flag, summary or description
            tags, draft, summary, description = [], False, "", ""
        searchable = f"{title}\n{summary}\n{description}\n{body}"
        facts = {"zh": zh, "kind": kind, "form": form, "draft": draft, "tags": tags, "tight": tight}
        return path, head + body, {"searchable": searchable, "body": body, **facts}

    def _yaml(self, meta: Meta, zh: bool) -> str:
        rng = self.rng
        lines = [f'---\ntitle: "{meta.title}"\n']
        value = _yaml_date(meta.form, meta.moment)
        if value is not None:
            lines.append(f"date: {value}\n")
        if meta.lastmod is not None:
            lines.append(f'lastmod: "{meta.lastmod:%Y-%m-%dT%H:%M:%S}+08:00"\n')
        if meta.summary:
            lines.append(f'summary: "{meta.summary}"\n')
        if meta.description:
            lines.append(f'description: "{meta.description}"\n')
        style = rng.choice((0, 0, 0, 1, 2))
        lines.append(_yaml_list("categories", meta.categories, style))
        lines.append(_yaml_list("tags", meta.tags, style))
        if meta.draft:
            lines.append("draft: true\n")
        if meta.thumbnail:
            lines.append(f'thumbnail: "{meta.thumbnail}"\n')
        if rng.random() < 0.5:
            lines.append(MAINROAD.format(lang="zh-CN" if zh else "en", toc=str(rng.random() < 0.3).lower()))
        lines.append("---\n\n")
        return "".join(lines)


def _toml(meta: Meta) -> str:
    lines = [f'+++\ntitle = "{meta.title}"\n']
    value = _toml_date(meta.form, meta.moment)
    if value is not None:
        lines.append(f"date = {value}\n")
    if meta.summary:
        lines.append(f'summary = "{meta.summary}"\n')
    if meta.description:
        lines.append(f'description = "{meta.description}"\n')
    lines.append(f"tags = {json.dumps(meta.tags, ensure_ascii=False)}\n")
    lines.append(f"categories = {json.dumps(meta.categories, ensure_ascii=False)}\n")
    if meta.draft:
        lines.append("draft = true\n")
    if meta.thumbnail:
        lines.append(f'thumbnail = "{meta.thumbnail}"\n')
    lines.append("+++\n\n")
    return "".join(lines)


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------


def needles_path(out_dir: Path) -> Path:
    out = out_dir.resolve()
    return out.parent / f"{out.name}.needles.json"


def generate(out_dir: Path, count: int, seed: int) -> dict[str, object]:
    started = time.perf_counter()
    gen = Generator(count, seed)
    rare, word, char = latin_word(NEEDLE_EN_RARE), NEEDLE_CJK_WORD, NEEDLE_CJK_CHAR
    common_en, phrase = latin_word(COMMON_EN), latin_phrase(PHRASE_EN)
    found: dict[str, list[str]] = {k: [] for k in ("word", "char", "rare", "phrase")}
    counts: Counter[str] = Counter()
    tag_counts: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    per_tag_common: Counter[str] = Counter()
    total = 0
    made: set[str] = set()
    for i in range(count):
        path, text, facts = gen.article(i)
        searchable, body = str(facts["searchable"]), str(facts["body"])
        folder = os.path.join(out_dir, os.path.dirname(path))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = text.encode()
        with open(os.path.join(out_dir, path), "wb") as handle:
            handle.write(data)
        total += len(data)
        tags = list(facts["tags"])  # type: ignore[call-overload]
        tag_counts.update(tags)
        forms[str(facts["form"])] += 1
        kinds[str(facts["kind"])] += 1
        counts["zh"] += bool(facts["zh"])
        counts["draft"] += bool(facts["draft"])
        counts["tight"] += bool(facts["tight"])
        # Re-check every planted needle in the text actually written, and count the common terms.
        if word in searchable:
            found["word"].append(path)
        if char in searchable:
            found["char"].append(path)
        if "quorl" in searchable and rare.search(searchable):
            found["rare"].append(path)
        if "ights" in searchable and phrase.search(searchable):
            found["phrase"].append(path)
        if COMMON_ZH in searchable:
            counts["zh_common"] += 1
            counts["zh_common_body"] += COMMON_ZH in body
        if "arbour" in searchable and common_en.search(searchable):
            counts["en_common"] += 1
            counts["en_common_body"] += bool(common_en.search(body))
            per_tag_common.update(tags)
        if progress_due(i, count):
            rate = (i + 1) / (time.perf_counter() - started)
            print(f"  {i + 1:>7}/{count} articles  {total / 2**20:7.1f} MiB  {rate:,.0f}/s", file=sys.stderr)
    elapsed = time.perf_counter() - started

    if len(found["word"]) != len(gen.word_ids) or len(found["rare"]) != len(gen.rare_ids):
        raise SystemExit("needle re-check failed: a needle occurs where it was not planted")
    top_tag, top_count = tag_counts.most_common(1)[0]
    ranked = sorted(tag_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    report: dict[str, object] = {
        "generator": "bench/generate_archive.py",
        "archive": str(out_dir.resolve()),
        "seed": seed,
        "count": count,
        "files": count,
        "total_bytes": total,
        "average_bytes": round(total / count),
        "seconds": round(elapsed, 1),
        "chinese_articles": counts["zh"],
        "english_articles": count - counts["zh"],
        "front_matter": dict(sorted(kinds.items())),
        "date_forms": dict(sorted(forms.items())),
        "drafts": counts["draft"],
        "folders": len(made),
        "tags_in_pool": 200,
        "tags_used": len(tag_counts),
        "top_tags": dict(ranked[:10]),
        "semantics": "CJK terms match as substrings; Latin terms as whole words, case-insensitively. "
        "Counts are articles whose title, summary/description or body match; needles sit in bodies only.",
        "queries": {
            "cjk_char": {
                "query": NEEDLE_CJK_CHAR,
                "expected": len(found["char"]),
                "alone": len(gen.char_ids),
                "inside_word": len(gen.word_ids),
                "both": len(set(gen.char_ids) & set(gen.word_ids)),
                "paths": sorted(found["char"]),
            },
            "cjk_word": {
                "query": NEEDLE_CJK_WORD,
                "expected": len(found["word"]),
                "paths": sorted(found["word"]),
            },
            "zh_common": {
                "query": COMMON_ZH,
                "expected": counts["zh_common"],
                "expected_body_only": counts["zh_common_body"],
            },
            "en_rare": {
                "query": NEEDLE_EN_RARE,
                "expected": len(found["rare"]),
                "touching_cjk": counts["tight"],
                "paths": sorted(found["rare"]),
            },
            "en_common": {
                "query": COMMON_EN,
                "expected": counts["en_common"],
                "expected_body_only": counts["en_common_body"],
            },
            "en_phrase": {
                "query": '"' + " ".join(PHRASE_EN) + '"',
                "expected": len(found["phrase"]),
                "planted": len(gen.phrase_ids),
                "paths": sorted(found["phrase"]),
            },
            "tag_top": {"tag": top_tag, "expected": top_count},
            "combined": {
                "query": f"tag:{top_tag} {COMMON_EN}",
                "expected": per_tag_common[top_tag],
            },
        },
    }
    return report


def progress_due(i: int, count: int) -> bool:
    step = max(1, count // 10)
    return (i + 1) % step == 0 or i + 1 == count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    parser.add_argument("--count", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=6, metavar="S")
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR if it is not empty")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    report = generate(out, args.count, args.seed)
    target = needles_path(out)
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    queries = report["queries"]
    assert isinstance(queries, dict)
    print(
        f"{report['count']} articles, {report['total_bytes'] / 2**20:.1f} MiB "
        f"(avg {report['average_bytes']} B) in {report['folders']} folders, "
        f"{report['seconds']} s; seed {args.seed}"
    )
    for name, entry in queries.items():
        shown = entry.get("query", entry.get("tag"))
        print(f"  {name:<10} {shown!s:<24} {entry['expected']:>7} articles")
    print(f"needles: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
