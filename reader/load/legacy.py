"""Legacy encodings: GB18030/GBK, Big5, Shift-JIS, EUC-JP, EUC-KR, Windows-1252/Latin-1.

A file is read in one of them only when the reading is not in doubt. charset-normalizer proposes the
encodings whose decoding is not a mess; then, because the East Asian double-byte encodings share
their byte ranges (a short GBK line is also valid EUC-KR, Big5 and EUC-JP), each proposal is weighed
by whether its characters look like the language that encoding is for. A file whose readings stay
close (typically a few CJK characters) is refused rather than guessed: never shown as mojibake.

Imported only for files that are not UTF-8 (see `reader.load.encoding`).
"""

from __future__ import annotations

import functools
import itertools
import re

from reader.load.encoding import EncodingProblem, strict

# charset-normalizer's codec -> (the name users know, the language `_weigh` judges its readings by).
# Each codec is the superset Windows writes (cp932 for Shift-JIS, cp949 for EUC-KR, cp950 for Big5);
# Windows-1252 reads Latin-1 text too.
_LEGACY = {
    "gb18030": ("gb18030", "zh-hans"),
    "cp950": ("big5", "zh-hant"),
    "cp932": ("shift_jis", "ja"),
    "euc_jis_2004": ("euc-jp", "ja"),
    "cp949": ("euc-kr", "ko"),
    "cp1252": ("windows-1252", "latin"),
}

# charset-normalizer's "mess" ratio above which a reading is dropped. Its own default, and a clear
# gap on our test texts (ratios computed in full): right readings of articles stay at or below 0.1
# (bar a lone `你好。`), while a UTF-8 file with one Latin-1 line, read as Windows-1252, scores 0.27+.
_CHAOS = 0.2
# The detector sees at most four 16 KiB windows spread over a large file (on a whole 8 MiB file it
# takes 0.2-0.7 s, decoding every candidate in full), and examines 5 chunks of 512 characters.
_WINDOW = 16 * 1024
_WINDOWS = 4
_STEPS = 5
_CHUNK = 512
# Readings are weighed on their first distinct characters (outside ASCII).
_WEIGH_CHARS = 2000
# A reading wins when it scores at least 1, beats every other by _MARGIN, and, while some other
# reading has nothing wrong with it, scores at least _STRONG.
_MARGIN = 2
_STRONG = 3


# A reading: (score, flaws: how many characters weighed -1, codec).
_Reading = tuple[int, int, str]


def read_legacy(data: bytes, not_utf8: str) -> tuple[str, str]:
    """The text of the one legacy reading of `data` that is not in doubt, and its encoding's name;
    else EncodingProblem, whose message starts with `not_utf8`."""
    window = _windows(data)
    # Control bytes are left out of the detector's sample (the loader removes them anyway, and
    # charset-normalizer refuses text holding an ESC); more than 1 % of them is no text at all.
    # No supported encoding has a byte below 0x20 (or 0x7F) inside a character.
    sample = window.translate(None, _CONTROL_BYTES)
    readings = _readings(sample) if (len(window) - len(sample)) * 100 <= len(window) else []
    if not readings or (len(readings) == 1 and readings[0][0] < 1):
        raise EncodingProblem(f"{not_utf8}, nor text in a legacy encoding")
    (score, _, codec), others = readings[0], readings[1:]
    doubtful = score < 1 or any(
        score - other < _MARGIN or (flaws == 0 and score < _STRONG) for other, flaws, _ in others
    )
    if doubtful:
        names = " or ".join(dict.fromkeys(_LEGACY[reading[2]][0].upper() for reading in readings[:3]))
        raise EncodingProblem(f"{not_utf8}; cannot tell its legacy encoding ({names}?): save it as UTF-8")
    name = _LEGACY[codec][0]
    return strict(data, codec, name), name


def _readings(sample: bytes) -> list[_Reading]:
    """The readings charset-normalizer does not find messy, best first; distinct texts only."""
    from charset_normalizer import from_bytes  # ~20 ms to import: only files that are not UTF-8 pay

    try:
        matches = from_bytes(
            sample,
            steps=_STEPS,
            chunk_size=_CHUNK,
            threshold=1.0,  # its early exits at the threshold judge a short text by its start: we filter
            cp_isolation=list(_LEGACY),
            preemptive_behaviour=False,  # a `charset=` written in an article is no evidence
            enable_fallback=False,
        )
        texts = {str(match): match.encoding for match in matches if match.chaos <= _CHAOS}
    except Exception:  # a detector bug must not take the file, let alone the scan, down
        return []
    readings = [_weigh(text, codec) for text, codec in texts.items() if codec in _LEGACY]
    return sorted(readings, key=lambda reading: -reading[0])


_CONTROL_BYTES = bytes(code for code in range(32) if code not in (9, 10, 13)) + b"\x7f"


def _windows(data: bytes) -> bytes:
    """A bounded sample of `data`: the whole of a small file, else windows spread over it, each cut
    just after bytes below 0x30 (newline, space, digits' neighbours...): no supported encoding has
    one inside a character. A file with none in any window is examined whole (under a second)."""
    if len(data) <= _WINDOW * _WINDOWS:
        return data
    stride = len(data) // _WINDOWS
    parts = []
    for start in range(0, _WINDOWS * stride, stride):
        window = data[start : start + _WINDOW]
        first = 0 if start == 0 else len(window) - len(window.lstrip(_INSIDE)) + 1
        last = len(window.rstrip(_INSIDE))
        if last > first:
            parts.append(window[first:last])
    return b"".join(parts) if parts else data


_INSIDE = bytes(range(0x30, 0x100))  # bytes that may be part of a multi-byte character


def _weigh(text: str, codec: str) -> _Reading:
    """Sum the weights of the reading's first characters outside ASCII (CJK: each distinct one once)."""
    language = _LEGACY[codec][1]
    if language == "latin":
        found = itertools.islice(re.finditer(_HIGH, text), _WEIGH_CHARS)
        weights = [_latin_weight(text, match) for match in found]
    else:
        found = itertools.islice(re.finditer(_SCORED, text), _WEIGH_CHARS)
        weights = [_weight(language, ch) for ch in dict.fromkeys(match.group() for match in found)]
        stray = _STRAY if re.search(f"[{_CJK}]{{2}}", text) else _LONE  # no CJK text without a pair
        weights += [-1] * sum(1 for _ in itertools.islice(re.finditer(stray, text), _WEIGH_CHARS))
    return sum(weights), weights.count(-1), codec


# Punctuation, symbols and full-width forms that any CJK text may hold: they weigh nothing.
_SCORED = (
    "[^\x00-\x7f\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2100-\u21ff\u2460-\u27bf\u3000-\u303f"
    "\uff01-\uff5e\uffe0-\uffe6]"
)  # patterns are compiled (and cached by `re`) on first use: import time stays flat
_HIGH = "[^\x00-\x7f]"
# A lone CJK character stuck to a Latin word: what a double-byte reading makes of one accented
# letter or curly quote in English or French text (`It’s` read as Shift-JIS is `It裟`, the `s`
# swallowed as a trail byte). Real CJK text has them rarely (`A股`), and always has some CJK
# characters in a row: without one, every lone CJK character counts (`°C` read as Big5).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
_LONE = f"(?<![{_CJK}])[{_CJK}](?![{_CJK}])"
_STRAY = f"(?<=[A-Za-z])[{_CJK}](?![{_CJK}])|(?<![{_CJK}])[{_CJK}](?=[A-Za-z])"

# The commonest characters of each language (a reading of the wrong encoding rarely hits them).
_COMMON = {
    "zh": (
        "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
        "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
        "日者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体政美相"
        "见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名"
        "真论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市"
        "直资命山金指许统区保至形社便空决治展马科司五基书非则听白界达光放强即像难且权思王完设式色路记南品住告"
        "类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济"
        "車這個們來為國說時會對於著過發後裡種經麼學現當沒動還進開實從無與長機體問頭見產話電東報總區書邊張傳師"
        "觀運風聽這樣寫讀買賣門間幾聞灣臺歲萬華氣"
    ),
    "ja": (
        "日一人年大十二本中長出三時行見月分後前生五間上東四今金九入学高円子外八六下来気小七山話女北午百書先名"
        "川千水半男西電校語土木聞食車何南万毎白天母火右読友左休父雨会社事者思私方合同自手意発言作的明新動理通"
        "国場地業部対目家実内用全最関定立開問法表物題気持田市現経所成度野回多近米強知話"
    ),
    "ko": (
        "이다는의에하고을가로지기한서리사은도를들수대시자어아일있나정구인게주부그전보만해상요것니적라스원제내우"
        "여국진관면장동소성학과했문생던와까오결실된위간무경물공작세년때각신방비계모말러되없화및더번개습겠았었"
    ),
}


@functools.cache
def _common(language: str) -> frozenset[str]:
    return frozenset(_COMMON[language[:2]])


# Code ranges holding the everyday characters of each double-byte character set: GB2312 level 1,
# Big5's frequent characters, JIS level 1 (as Shift-JIS codes). KS X 1001's 2,350 syllables are all
# everyday. A character outside them is rare in real text and common in a misreading.
_EVERYDAY = {
    "zh-hans": ("gb2312", 0xB0A1, 0xD7FE),
    "zh-hant": ("big5", 0xA440, 0xC67E),
    "ja": ("shift_jis", 0x889F, 0x9872),
    "ko": ("euc_kr", 0xB0A1, 0xC8FE),
}


def _weight(language: str, ch: str) -> int:
    """+1 for a common character of the language, 0 for another everyday one, -1 for anything odd
    in it (a rare character, kana in Chinese, Hangul in Japanese, half-width kana, private use...)."""
    if language == "ja" and "\u3041" <= ch <= "\u30ff":
        return 1
    if not (_is_han(ch) if language != "ko" else "\uac00" <= ch <= "\ud7a3"):
        return -1
    codec, low, high = _EVERYDAY[language]
    try:
        encoded = ch.encode(codec)
    except UnicodeEncodeError:
        return -1
    if len(encoded) != 2 or not low <= int.from_bytes(encoded) <= high:
        return -1
    return 1 if ch in _common(language) else 0


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


# Windows-1252 punctuation a Western text uses next to ASCII characters: apostrophes and dashes may
# stand between two letters (`it’s`, `yes—no`), the rest have a space, digit or sign on one side.
_LATIN_JOINERS = frozenset("’–—")
_LATIN_PUNCT = frozenset("‘‚“”„…€•«»°·©®™§£¥¿¡±×÷½¼¾\u00a0") | _LATIN_JOINERS
_LONGEST_WORD = 40  # letters; a longer run is no word (and bounds the work per character)


def _latin_weight(text: str, match: re.Match[str]) -> int:
    """+1 for an accented letter in a plausibly cased word that also has ASCII letters (`café`,
    `Über`, `été`, `À`), or typographic punctuation between ASCII characters; -1 otherwise: the
    Windows-1252 reading of CJK bytes is runs of accented capitals and symbols (`±Ê¼Ç`)."""
    ch, start, end = match.group(), match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if ch in _LATIN_PUNCT:
        spaced = not (before.isalpha() and after.isalpha()) or ch in _LATIN_JOINERS
        return 1 if before.isascii() and after.isascii() and spaced else -1
    if not ch.isalpha():
        return -1
    while start and text[start - 1].isalpha() and end - start <= _LONGEST_WORD:
        start -= 1
    while end < len(text) and text[end].isalpha() and end - start <= _LONGEST_WORD:
        end += 1
    word = text[start:end]
    if len(word) > _LONGEST_WORD:
        return -1
    if len(word) == 1:
        return 1 if before.isascii() and after.isascii() else -1
    if ch.islower():
        cased = word.islower() or (word[0].isupper() and word[1:].islower())
    else:  # a capital starts its word, or the word is in capitals (ÉCOLE)
        cased = (word[0] == ch and word[1:].islower()) or (word.isupper() and len(word) >= 4)
    ascii_letters = sum(c.isascii() for c in word)
    return 1 if cased and ascii_letters >= max(1, len(word) - ascii_letters - 1) else -1
