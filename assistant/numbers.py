"""Numbers in OKR text: Arabic, full-width and Chinese numerals, and which of them are quantities.

`find_numbers("覆盖达７０％，培养二十四名教练")` → 70 and 24, with spans into the text as written
(full-width characters are mapped one for one). A Chinese numeral counts only with a place value
(二十四) or before a classifier (三个), so 统一 / 一些 / 万一 stay words; digits inside names — Q3, H1,
p95, v1.2, KR1, O2 — are not quantities. `assistant.measure` reads a KR's target, baseline and unit
from these; the rubric asks `has_number`.

Speed matters (every KR of every draft is read): the defining patterns are `_NUM_RE` and
`_NOT_QUANTITY`; `quantities` runs faster equivalents, pinned by tests/test_measure.py and the
golden in tests/data/measure_golden.json.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Full-width digits and signs → ASCII, one character for one so spans stay valid.
_WIDTH = str.maketrans(
    "０１２３４５６７８９．，％：　＋－～",
    "0123456789.,%: +-~",
)

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"

# A Chinese numeral counts only before a classifier/unit or when it has a place value
# (二十四), so 统一 / 一些 / 万一 are words, not numbers.
_CLASSIFIER = "个次场名人篇项家条份倍元位款版门周天月年季分小号届轮批期章节部套"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?(?:\s*[万千亿](?![一二两三四五六七八九]))?"
_NUM_RE = re.compile(
    rf"(?P<ar>{_ARABIC})"
    rf"|(?P<cn>[{_CN_CHARS}]*[十百千万亿][{_CN_CHARS}]*|[{_CN_CHARS}]+(?=\s*[{_CLASSIFIER}]))"
)
# `_NUM_RE` rewritten to start with the class of characters every match starts with, so that a search
# jumps from one candidate to the next in C (the engine skips ahead only for a pattern whose first item
# is a set or a literal; `_NUM_RE` starts with a group, so it tries every position).
# After the first character is consumed, each branch goes on exactly as `_NUM_RE`'s would, trying the
# same lengths in the same order: `\d+` is `\d` then `\d*`; `[CN]*[UNIT][CN]*` is the first character
# then `[CN]*[UNIT][CN]*` (it took part of the `[CN]*`) or, last, the first character as the UNIT itself;
# `[CN]+(?=…)` is the first character then `[CN]*(?=…)`. The empty groups at the ends name the branch
# (`m.lastgroup` is "ar" or "cn" as with `_NUM_RE`). Tests pin the equivalence (test_measure.py, golden).
_CN_UNIT_CHARS = "十百千万亿"
# In ASCII text `_NUM_FAST` can only take the Arabic branch without its 万/千/亿 (and `\d` is [0-9]):
# the same matches from a simpler pattern whose first set the engine tests faster.
_NUM_ASCII = re.compile(r"[0-9]\d*(?:,\d{3})*(?:\.\d+)?(?P<ar>)")
_NUM_FAST = re.compile(
    rf"[\d{_CN_CHARS}](?:"
    rf"(?<=\d)\d*(?:,\d{{3}})*(?:\.\d+)?(?:\s*[万千亿](?![一二两三四五六七八九]))?(?P<ar>)"
    rf"|(?<=[{_CN_CHARS}])(?:[{_CN_CHARS}]*[{_CN_UNIT_CHARS}][{_CN_CHARS}]*|(?<=[{_CN_UNIT_CHARS}])[{_CN_CHARS}]*"
    rf"|[{_CN_CHARS}]*(?=\s*[{_CLASSIFIER}]))(?P<cn>))"
)
# Digits that are names, not quantities: quarters, halves, percentiles, versions, KR/O refs.
_NOT_QUANTITY = re.compile(r"(?<![A-Za-z])(?:Q[1-4]|H[12]|[pP]\d{2,3}|[vV]\d+(?:\.\d+)*|KR\d+(?:\.\d+)?|O\d+)(?![\d.])")
_MAYBE_NAME = re.compile(r"[QHpPvVRO]\d")  # R: the R of KR1 (K alone names nothing)

class NumberSpan(NamedTuple):
    """A number found in a text: its value and where it is (`text[start:end]`)."""

    value: float
    start: int
    end: int
    text: str


_WIDE = re.compile("[０-９．，％：　＋－～]")


def normalise(text: str) -> str:
    """`text` with full-width digits and signs as ASCII, one character for one (spans stay valid)."""
    # str.translate walks every character; most texts have nothing to translate, and a search is cheap
    return text.translate(_WIDTH) if not text.isascii() and _WIDE.search(text) else text


def _chinese_value(s: str) -> float | None:
    if not s or any(ch not in _CN_DIGIT and ch not in _CN_UNIT and ch not in _CN_BIG for ch in s):
        return None
    return _chinese_run_value(s)


_CN_DIGIT_CHARS = "".join(_CN_DIGIT)
_CN_TO_ASCII = str.maketrans({ch: str(d) for ch, d in _CN_DIGIT.items()})


def _chinese_run_value(s: str) -> float:
    """The value of `s`, a non-empty run of Chinese numerals only (`_chinese_value` without its check)."""
    if not s.strip(_CN_DIGIT_CHARS):  # only digits: 二〇一九 reads digit by digit
        return float(int(s.translate(_CN_TO_ASCII)))
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            num = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            section += (num or 1) * _CN_UNIT[ch]
            num = 0
        else:
            section += num
            total += (section or 1) * _CN_BIG[ch]
            section, num = 0, 0
    return float(total + section + num)


_ARABIC_FULL = re.compile(_ARABIC)


def parse_number(s: str) -> float | None:
    """The value of one number written in Arabic, full-width or Chinese numerals, else None.

    `"85"`, `"８５"`, `"1,200"`, `"1.5万"`, `"二十四"`, `"两百"`, `"80%"` → 85, 85, 1200, 15000, 24, 200, 80.
    """
    t = normalise(str(s)).strip().rstrip("%‰").strip()
    if not t:
        return None
    if _ARABIC_FULL.fullmatch(t):
        mult = 1
        if t[-1] in _CN_BIG or t[-1] == "千":
            mult = _CN_BIG.get(t[-1], 1000)
            t = t[:-1].strip()
        return float(t.replace(",", "")) * mult
    return _chinese_value(t)


_BIG_MULT = {"万": 10_000, "亿": 100_000_000, "千": 1000}


# A number can start inside a name (p95, v1.2, KR1.2, Q3) only right after one of these: a name is one
# of the letters then digits and dots, and a number right after a digit of the same run is impossible
# (number matches take whole digit runs). Other numbers skip the name search.
_NAME_BEFORE_NUMBER = frozenset("QHpPvVKOR.")
_NAME_FIRST = frozenset("QHpPvVKO")


def _in_name(norm: str, start: int) -> bool:
    """Whether `start` lies inside a match of `_NOT_QUANTITY` (the name spans `find_numbers` skips).

    A name is a letter (or KR) then digits and dots, so the only name that can hold `start` begins at
    the first character before it that is not a digit or a dot. Names do not overlap (none holds a
    name's first letter), so the names `_NOT_QUANTITY.finditer` finds are all the places it matches.
    """
    a = start - 1
    while a >= 0 and (norm[a] == "." or norm[a].isdecimal()):
        a -= 1
    if a > 0 and norm[a] == "R" and norm[a - 1] == "K":
        a -= 1
    if a < 0 or norm[a] not in _NAME_FIRST:
        return False
    m = _NOT_QUANTITY.match(norm, a)
    return m is not None and start < m.end()


def _named(norm: str, start: int) -> bool:
    """Whether the number found at `start` is part of a name (`KR1`, `v1.2`, `Q3`), not a quantity.

    Only a number right after a name's last character can be; names are looked for only when
    `_MAYBE_NAME` (a cheap first test) finds one in the text."""
    return bool(start) and (norm[start - 1] in _NAME_BEFORE_NUMBER or norm[start - 1].isdecimal()) and (
        _MAYBE_NAME.search(norm) is not None and _in_name(norm, start))


def quantities(norm: str) -> list[tuple[int, int, str, str]]:
    """(start, end, raw text, "ar" | "cn") of every quantity in `norm` (already normalised), in order.

    What `find_numbers` reports, without the NumberSpan objects and the values (`quantity_value`)
    that a KR's reading needs only for its target.
    """
    found: list[tuple[int, int, str, str]] = []
    # `for m in _NUM_FAST.finditer(norm)`, written as repeated searches: the same matches (each search
    # starts where the last match ended), and cheaper for the one or two numbers a KR has.
    search = _NUM_ASCII.search if norm.isascii() else _NUM_FAST.search
    m = search(norm)
    while m is not None:
        start, end = m.span()
        raw = m.group()
        kind = m.lastgroup
        m = search(norm, end)
        if not _named(norm, start):
            found.append((start, end, raw, kind))
    return found


def next_quantity(norm: str, pos: int = 0) -> tuple[int, int, str, str] | None:
    """The quantities of `quantities(norm)` one at a time, for a caller that can stop at the first it can
    use: with `pos` 0, the first; with `pos` the end of one it returned, the next (None: no more).

    The same searches as `quantities` (a list holding all of them is cheaper for a caller that needs all:
    the reader), from `pos` on: a number inside a name is skipped the same way.
    """
    search = _NUM_ASCII.search if norm.isascii() else _NUM_FAST.search
    m = search(norm, pos)
    while m is not None:
        start, end = m.span()
        if not _named(norm, start):
            return start, end, m.group(), m.lastgroup
        m = search(norm, end)
    return None


def quantity_value(raw: str, kind: str) -> float:
    """parse_number(raw) for a number `quantities` found (never None: every such match has a value)."""
    if kind == "cn":
        return _chinese_run_value(raw)  # what parse_number returns for a run of Chinese numerals
    if raw.isdecimal():
        return float(raw)
    # parse_number's Arabic branch, inline: `raw` is normalised and stripped already, so it comes
    # down to an optional 万/千/亿 multiplier, thousands commas and a decimal point.
    mult = _BIG_MULT.get(raw[-1])
    if mult is None:
        return float(raw.replace(",", ""))
    return float(raw[:-1].strip().replace(",", "")) * mult


def number_value(raw: str) -> float | None:
    """parse_number(raw), with a fast path for plain digits (`float` reads any Unicode decimal digit, as `\\d`)."""
    return float(raw) if raw.isdecimal() else parse_number(raw)


def _numbers(norm: str, text: str) -> list[NumberSpan]:
    return [NumberSpan(quantity_value(raw, kind), start, end, text[start:end])
            for start, end, raw, kind in quantities(norm)]


def find_numbers(text: str) -> list[NumberSpan]:
    """Every quantity in `text`, in order (quarters like Q3, percentiles like p95 and refs like KR1 are not quantities)."""
    return _numbers(normalise(text), text)


def has_number(text: str) -> bool:
    """Whether `text` states a quantity (Arabic or Chinese numerals)."""
    return bool(find_numbers(text))


# For assistant.measure, whose patterns embed these (a baseline or target written either way).
ARABIC = _ARABIC
CN_CHARS = _CN_CHARS

__all__ = ["ARABIC", "CN_CHARS", "NumberSpan", "find_numbers", "has_number", "next_quantity", "normalise",
           "number_value", "parse_number", "quantities", "quantity_value"]
