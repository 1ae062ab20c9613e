"""Language detection: is a text Chinese or English?

One rule, used everywhere (rubric messages, prompts, report language): a text is Chinese when
at least 20% of its letters are CJK characters. A share, not a count, so an English KR that
quotes one Chinese name stays English and a Chinese KR full of `OKR`/`UV`/`Scrum` stays Chinese.

`_CJK` and `_LATIN` define which characters count. The counts are taken on the text's UTF-8
bytes instead (`_cjk_count`, `_latin_count`): a CJK character is a three-byte sequence whose lead
byte (and, for lead bytes E3, E4 and EF, the second byte) says its block, so counting lead bytes
(one `bytes.translate` pass, corrected for those three) counts the characters, several times faster
than matching a class at every character. tests/test_lang.py pins the counts to the classes.
"""

from __future__ import annotations

import re

from assistant.models import Lang

ZH_SHARE = 0.2  # CJK characters / (CJK characters + Latin letters) at or above this → "zh"

# The definitions of the characters counted.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

# In UTF-8, U+4000–U+9FFF are exactly the characters with lead byte E4–E9; U+4DC0–U+4DFF (not
# counted) are E4 B7 xx. U+3400–U+3FFF are E3 90–BF xx; U+F900–U+FAFF are EF A4–AB xx.
_NOT_LEAD_4_TO_9 = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_E3_CJK = re.compile(rb"\xe3[\x90-\xbf]")
_EF_CJK = re.compile(rb"\xef[\xa4-\xab]")
# Every byte but an ASCII letter (UTF-8 multi-byte sequences use only bytes ≥ 0x80).
_NOT_LATIN = bytes(b for b in range(256) if not (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate (3 bytes, lead ED) is not CJK


def _cjk_count(data: bytes) -> int:
    """`len(_CJK.findall(text))` for `data = _utf8(text)`."""
    # one pass keeps the lead bytes E4–E9 (`in` finds a byte much faster than `count` counts it)
    n = len(data.translate(None, _NOT_LEAD_4_TO_9))
    if b"\xe4\xb7" in data:
        n -= data.count(b"\xe4\xb7")
    # E3 and EF lead mostly punctuation (。、「」, ，：（）), and most texts have none of either
    if b"\xe3" in data:
        n += len(_E3_CJK.findall(data))
    if b"\xef" in data:
        n += len(_EF_CJK.findall(data))
    return n


def _latin_count(data: bytes) -> int:
    """`len(_LATIN.findall(text))` for `data = _utf8(text)`."""
    return len(data.translate(None, _NOT_LATIN))


def cjk_share(text: str) -> float:
    """The share of CJK characters among the letters of `text` (0.0 when it has no letters)."""
    if text.isascii():
        return 0.0
    data = _utf8(text)
    cjk = _cjk_count(data)
    total = cjk + _latin_count(data)
    return cjk / total if total else 0.0


def detect_language(text: str) -> Lang:
    """"zh" when at least 20% of the letters in `text` are CJK characters, else "en"."""
    if text.isascii():  # no CJK character at all (most English sets): nothing to count
        return "en"
    data = _utf8(text)
    cjk = _cjk_count(data)
    # Latin letters are at most the other characters, so a CJK share of the whole text above the
    # bound settles it without counting them (most Chinese sets); the margin keeps float rounding out.
    if cjk > ZH_SHARE * len(text) + 1e-9:
        return "zh"
    total = cjk + _latin_count(data)
    return "zh" if total and cjk / total >= ZH_SHARE else "en"
