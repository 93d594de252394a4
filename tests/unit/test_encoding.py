"""Encodings: BOMs first, UTF-8 as is, legacy encodings only when their reading is not in doubt."""

from __future__ import annotations

import codecs
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.load import LoadError, decode, read_document, read_text
from reader.load.encoding import Decoded, EncodingProblem, decode_bytes

from . import encoding_texts as texts

LEGACY_NAMES = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "big5": "big5",
    "shift_jis": "shift_jis",
    "cp932": "shift_jis",
    "euc_jp": "euc-jp",
    "euc_kr": "euc-kr",
    "cp1252": "windows-1252",
    "latin-1": "windows-1252",
}


def outcome(data: bytes) -> Decoded | str:
    try:
        return decode_bytes(data)
    except EncodingProblem as error:
        return str(error)


# --- Byte order marks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-8", "utf-8-sig"),
        ("utf-16-le", "utf-16"),
        ("utf-16-be", "utf-16"),
        ("utf-32-le", "utf-32"),
        ("utf-32-be", "utf-32"),
        ("gb18030", "gb18030"),
    ],
)
def test_a_bom_decides_the_encoding(codec: str, name: str) -> None:
    text = "---\ntitle: 带标记的文章 café\n---\n\nBody 正文 𝄞.\n"
    data = ("\ufeff" + text).encode(codec)
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == (text, name)


def test_utf32_le_is_not_reported_as_utf16() -> None:
    # UTF-32-LE's BOM (FF FE 00 00) starts with UTF-16-LE's (FF FE).
    decoded = decode_bytes("\ufeff# 标题\n".encode("utf-32-le"))
    assert decoded.warning == "encoding: read as UTF-32, not UTF-8"
    assert decoded.text == "# 标题\n"


def test_nul_bytes_are_binary_unless_a_utf16_or_utf32_bom_says_otherwise() -> None:
    with pytest.raises(EncodingProblem, match="binary"):
        decode_bytes("# no BOM\n".encode("utf-16-le"))
    with pytest.raises(EncodingProblem, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert decode_bytes(codecs.BOM_UTF16_LE + "# a\x00b\n".encode("utf-16-le")).text == "# a\x00b\n"


def test_a_bom_with_invalid_bytes_after_it_is_an_error_naming_the_encoding() -> None:
    with pytest.raises(EncodingProblem, match=r"not valid UTF-16 \(invalid byte at offset"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


# --- Legacy encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(("codec", "text"), texts.ARTICLES, ids=[c for c, _ in texts.ARTICLES])
def test_legacy_articles_are_read_with_a_warning_naming_the_encoding(codec: str, text: str) -> None:
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == LEGACY_NAMES[codec]
    assert decoded.warning == f"encoding: read as {LEGACY_NAMES[codec].upper()}, not UTF-8"


@pytest.mark.parametrize(
    "text",
    [
        "A long English article. " * 50 + "It’s fine.\n",  # `’s` is a Shift-JIS kanji too
        "---\ntitle: Notes\n---\n\nThe report said ’s town would open.\n",
        "# Weather\n\nIt was 30 °C in the shade and everyone said so.\n",  # `°C` is Big5
        "Tea at five. " * 40 + "« Voilà », dit-elle — et c’est tout…\n",
    ],
    ids=["apostrophe", "lone-apostrophe", "degree", "french"],
)
def test_english_with_a_few_windows_1252_characters_is_read(text: str) -> None:
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "windows-1252")


def test_cjk_mixed_with_latin_words_is_read() -> None:
    text = (
        "---\ntitle: 这本书很有意思。\n---\n\n周USB-C末一起去爬山吧\n明天上午有小雨，下午转晴。 OK \n"
        "你好API。\n这家餐厅的面条非常好吃。\n地铁 OK 三号线将于年底开通。\n下午 iPhone 三点开会，A股收涨。\n"
    )
    assert decode_bytes(text.encode("gb18030")).text == text


def test_a_large_file_on_one_line_is_read() -> None:
    line = texts.ZH_HANS_LONG.replace("\n", "").encode("gbk")
    data = line * (4 * 1024 * 1024 // len(line))
    assert decode_bytes(data).text == texts.ZH_HANS_LONG.replace("\n", "") * (4 * 1024 * 1024 // len(line))


def test_shift_jis_is_not_read_as_gb18030() -> None:
    # Most Shift-JIS bytes are valid GB18030 too: the old loader showed Japanese as Chinese mojibake.
    decoded = decode_bytes(texts.JA_LONG.encode("shift_jis"))
    assert decoded.warning == "encoding: read as SHIFT_JIS, not UTF-8"
    assert "図書館" in decoded.text


def test_big5_is_read() -> None:
    assert "老茶行" in decode_bytes(texts.ZH_HANT_LONG.encode("big5")).text


def test_short_files_are_read_right_or_refused_never_misread() -> None:
    """A front matter and one line (or a lone line) is often valid in several encodings; what the
    reader cannot tell is refused. Most are still read."""
    read = refused = 0
    for codec, text, data in texts.short_files():
        result = outcome(data)
        if isinstance(result, str):
            assert "cannot tell its legacy encoding" in result or "nor text" in result, result
            refused += 1
        else:
            assert result.text == text, (codec, text, result)
            read += 1
    assert read > 4 * refused  # 601 read, 95 refused when written


@pytest.mark.parametrize(
    "codec",
    ["gb18030", "euc_kr", "euc_jp"],
)
def test_a_handful_of_cjk_characters_is_refused_with_the_candidates_named(codec: str) -> None:
    # 笔记 / 메모 / 会議: two characters whose bytes are common characters in other encodings too.
    line = {"gb18030": "笔记", "euc_kr": "메모", "euc_jp": "会議"}[codec]
    data = f"---\ntitle: Notes\n---\n\n{line}\n".encode(codec)
    refusal = r"^not UTF-8 \(invalid byte at offset 22\); cannot tell its legacy encoding"
    with pytest.raises(EncodingProblem, match=refusal) as info:
        decode_bytes(data)
    assert " or " in str(info.value)
    assert "save it as UTF-8" in str(info.value)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(texts.RU_LONG.encode("cp1251"), id="cyrillic-cp1251"),
        pytest.param(texts.RU_LONG.encode("koi8_r"), id="cyrillic-koi8"),
        pytest.param(texts.FR_LONG.encode() + "\nAjouté plus tard.\n".encode("latin-1"), id="utf8+latin1"),
        pytest.param(texts.ZH_HANS_LONG.encode() + b"\xff\n", id="utf8-chinese+stray-byte"),
        pytest.param(b"---\ntitle: x\n---\n\nIt\xe2\x80\x99s fine \x96 yes.\n", id="utf8+cp1252-dash"),
        pytest.param("---\ntitle: caf\xe9\n---\n\n\xff\xfe\xfa broken\n".encode("latin-1"), id="accent-soup"),
        pytest.param(b"abc \xc3\x28 \xff\xff", id="broken-utf8"),
        pytest.param(bytes(range(1, 32)) * 3 + texts.ZH_HANS_LONG.encode("gbk"), id="control-bytes"),
        pytest.param(bytes.fromhex("ffd8ffe0") + b"JFIF" + bytes(range(1, 256)), id="jpeg-like"),
    ],
)
def test_what_no_supported_encoding_reads_well_is_refused(data: bytes) -> None:
    with pytest.raises(EncodingProblem, match=r"^not UTF-8 \(invalid byte at offset \d+\)"):
        decode_bytes(data)


def test_random_bytes_are_refused() -> None:
    rng = random.Random(7)
    for size in (16, 64, 400, 4000, 100_000):
        for _ in range(5):
            data = bytes(rng.randrange(1, 256) for _ in range(size))
            assert isinstance(outcome(data), str)


# --- Large files -----------------------------------------------------------------------------------


def test_a_large_legacy_file_is_read_whole() -> None:
    unit = texts.JA_LONG.encode("shift_jis")
    data = unit * (8 * 1024 * 1024 // len(unit))
    decoded = decode_bytes(data)
    assert decoded.encoding == "shift_jis"
    assert len(decoded.text) == len(texts.JA_LONG) * (8 * 1024 * 1024 // len(unit))


def test_a_large_file_invalid_after_the_sample_is_refused_with_its_offset() -> None:
    unit = texts.ZH_HANT_LONG.encode("big5")
    body = unit * (4 * 1024 * 1024 // len(unit))
    data = body + b"\xff\xff\n" + body  # the detector's sample misses the bad bytes; the decode does not
    with pytest.raises(EncodingProblem, match=rf"not valid BIG5 \(invalid byte at offset {len(body)}\)"):
        decode_bytes(data)


# --- Through the loader ----------------------------------------------------------------------------


def test_the_loader_reads_a_legacy_file_with_the_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.md"
    path.write_bytes(texts.KO_LONG.replace("\n", "\r\n").encode("euc_kr"))
    document = read_document(str(path), "old.md")
    assert document.article.title == "겨울 바다를 걷다"
    assert "encoding: read as EUC-KR, not UTF-8" in document.article.problems
    assert "\r" not in document.body


def test_control_characters_from_legacy_encodings_are_removed(tmp_path: Path) -> None:
    # GB18030 has four-byte codes for C1 controls (CSI here), Shift-JIS carries ESC as itself.
    path = tmp_path / "c1.md"
    path.write_bytes((texts.ZH_HANS_LONG + "\x9b2J\x1b]52;c;SGk=\x07\n").encode("gb18030"))
    assert decode(path.read_bytes()).encoding == "gb18030"
    text = read_text(str(path))
    assert not any(ch in text for ch in "\x9b\x1b\x07")
    path.write_bytes((texts.JA_LONG + "\x1b[2J\n").encode("shift_jis"))
    assert "\x1b" not in read_text(str(path))


def test_the_loader_reports_a_refused_file_as_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "short.md"
    path.write_bytes("---\ntitle: Notes\n---\n\n메모\n".encode("euc_kr"))
    with pytest.raises(LoadError) as info:
        read_document(str(path), "short.md")
    assert info.value.kind == "encoding"


# --- Properties ------------------------------------------------------------------------------------


# Random bytes, and byte soups made of pieces of double-byte characters (which reach the detector).
PIECES = st.lists(st.sampled_from([b"\xa4", b"\xb0\xa1", b"\xe9", b"a", b" ", b"\n", b"\x81@", b"\x1b"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600) | PIECES.map(b"".join))
@example(b"\xff\xfe\x00\x00\x00\xd8\x00\x00")  # UTF-32 BOM, then a surrogate
@example(b"\x84\x31\x95\x33\xff")  # GB18030 BOM, then an invalid byte
def test_any_bytes_give_text_or_an_encoding_problem(data: bytes) -> None:
    result = outcome(data)  # any other exception fails the test
    if isinstance(result, Decoded):
        assert isinstance(result.text, str)


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda text: "\x00" not in text and not text.startswith("\ufeff")))
def test_any_text_encoded_as_utf8_decodes_to_itself(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")


# --- Import cost ----------------------------------------------------------------------------------


def run_python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_detector_is_imported_only_when_a_file_needs_it(tmp_path: Path) -> None:
    """`import reader.load` and a warm `list` of an archive holding a legacy file never import
    charset_normalizer; the first (cold) list, which reads that file, does."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "new.md").write_text("---\ntitle: New\n---\n\nBody.\n", encoding="utf-8")
    (root / "old.md").write_bytes(texts.ZH_HANS_LONG.encode("gbk"))
    env = {**os.environ, **{f"BROADSHEET_{d}_DIR": str(tmp_path / d) for d in ("CACHE", "STATE", "CONFIG")}}
    code = f"""
        import contextlib, io, json, sys
        import reader.load, reader.cli
        print("charset_normalizer" in sys.modules)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert reader.cli.main(["list", "--json", {str(root)!r}]) == 0
        assert len(json.loads(out.getvalue())) == 2
        print("charset_normalizer" in sys.modules)
        """
    assert run_python(code, env).split() == ["False", "True"]  # cold: the index reads old.md
    assert run_python(code, env).split() == ["False", "False"]  # warm: nothing is decoded
