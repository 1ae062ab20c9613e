"""What a key result's wording says: numbers, metric, baseline, target, unit, direction, deadline.

Deterministic and fast (regexes compiled at import); Chinese and English phrasing:
`敏捷成熟度达到85分`, `从 2% 提升到 4%`, `每月至少一次`, `二十四个团队`, `increase NPS from 30 to 45
by end of Q3`, `ship 3 releases per month`. The rubric uses `has_number`, `find_numbers`,
`has_frequency` and `find_deadline`; readers call `read_key_result` for every KR they build.
Spans always index the caller's original text (normalisation maps characters one to one).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from assistant.models import Direction, KeyResult

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
# Digits that are names, not quantities: quarters, halves, percentiles, versions, KR/O refs.
_NOT_QUANTITY = re.compile(r"(?<![A-Za-z])(?:Q[1-4]|H[12]|[pP]\d{2,3}|[vV]\d+(?:\.\d+)*|KR\d+(?:\.\d+)?|O\d+)(?![\d.])")

_MAYBE_NAME = re.compile(r"[QHpPvVKO]\d")
_UNIT_RE = re.compile(
    r"\s*(个百分点|百分点|%|‰|万元|分钟|小时|毫秒|个月|个|次|场|名|人|篇|项|家|条|份|倍|元|位|款|版|分|天|周|月|年|秒"
    r"|ms\b|s\b|sec\b|seconds?\b|minutes?\b|mins?\b|hours?\b|h\b|days?\b|weeks?\b|months?\b|x\b|pp\b|points?\b|pts\b"
    r"|[A-Za-z][A-Za-z-]*)"
)
_NOT_UNIT = frozenset(
    "to by and or in per from of the a an with at on for before within than more less over under "
    "until each every this next end".split()
)

_FREQ_RE = re.compile(
    r"每(?:个)?(?:天|日|周|星期|双周|月|季度|季|半年|年|迭代|sprint)"
    r"|(?:per|a|each|every)\s+(day|week|fortnight|month|quarter|year|sprint)\b"
    r"|\b(daily|weekly|biweekly|monthly|quarterly|yearly|annually)\b",
    re.IGNORECASE,
)
_FREQ_UNIT = {"天": "天", "日": "天", "周": "周", "星期": "周", "双周": "双周", "月": "月", "季度": "季度", "季": "季度",
              "半年": "半年", "年": "年", "迭代": "迭代", "sprint": "sprint", "day": "day", "daily": "day",
              "week": "week", "weekly": "week", "fortnight": "fortnight", "biweekly": "fortnight", "month": "month",
              "monthly": "month", "quarter": "quarter", "quarterly": "quarter", "year": "year", "yearly": "year",
              "annually": "year"}

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DEADLINE_RE = re.compile(
    r"\b(?:by|before|until|no later than|in)\s+(?P<en>(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    rf"(?:Q[1-4](?:\s*\d{{4}})?|H[12](?:\s*\d{{4}})?|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|(?:this|next)\s+(?:quarter|month|year|half|sprint|week)"
    r"|(?:the\s+)?(?:quarter|month|year|half|sprint|week)|(?:year|quarter|month)[- ]end|\d{4})\b)"
    r"|(?P<zh>(?:\d{4}\s*年\s*)?(?:Q[1-4]|第?[一二三四1-4]\s*季度|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|年|季度|月)"
    r"\s*(?:底|末|初|中)?\s*(?:之前|以前|前)"
    r"|(?:本|这个|当前|下个?)(?:季度|月|年|周|半年)(?:末|底|内)?"
    r"|\d{4}\s*年\s*(?:Q[1-4]|第?[一二三四1-4]\s*季度|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|底|末)(?:之前|以前|前)?"
    r"|截[至止](?:到)?\s*[^，,。；;\s]{2,12})",
    re.IGNORECASE,
)

_DEADLINE_HINT = re.compile(r"[前本这当下截年]|\b(?:[bB]y|[bB]efore|[uU]ntil|[nN]o later|[iI]n)\b")
_FROM_TO_RE = re.compile(
    rf"(?:从|由|from)\s*(?P<a>{_ARABIC}|[{_CN_CHARS}]+)\s*(?P<ua>%|‰|[^\s\d到至提升降增减缩]{{0,3}}?)?\s*"
    rf"(?:[提升降低增加长减少缩短优化下]{{0,4}}\s*(?:到|至)|to)\s*(?P<b>{_ARABIC}|[{_CN_CHARS}]+)",
    re.IGNORECASE,
)
# One pass finds every direction word; a decrease word wins over an increase word, and so on.
_DIRECTION_RE = re.compile(
    r"(?P<decrease>降低|减少|缩短|下降|降到|降至|压缩|不超过|以内|以下|少于|低于"
    r"|\b(?:reduce|decrease|cut|lower|shorten|drop|below|under|less than|at most|no more than|fewer than)\b)"
    r"|(?P<increase>提升|提高|增加|增长|扩大|翻倍|\b(?:increase|grow|raise|improve|boost|double|expand|lift)\b)"
    r"|(?P<maintain>保持|维持|\b(?:maintain|keep|sustain|stay)\b)",
    re.I,
)
_DIRECTION_ORDER = (Direction.decrease, Direction.increase, Direction.maintain)
_TARGET_BEFORE = re.compile(r"(?:达到|达|为|到|至|至少|超过|不低于|不少于|覆盖|完成|\b(?:reach|to|at least|hit|above|over|achieve|of)\b)\s*[A-Za-z]{0,4}\s*$", re.I)
_TARGET_AFTER = re.compile(r"\s*[^\s，,。；;]{0,3}?\s*(?:以上|以内|以下|及以上|或以上|\+|\bor more\b|\bor less\b)", re.I)
_VERB_PREFIX = re.compile(r"^(?:(?:保证|确保|实现|使|让|将|把|推动|提升|提高|增加|降低|减少|缩短|保持|维持|达到|培养|上线|交付|发布|完成|产出|输出|举办|开展|组织|招聘|引进|新增|落地|支持)\s*)+$|^(?:(?:保证|确保|实现|使|让|将|把|推动|提升|提高|增加|降低|减少|缩短|保持|维持|达到)\s*)+")
_COUNTED = frozenset("个次场名人篇项家条份位款版门届轮批期章节部套")
_EN_VERB = re.compile(r"^(?:increase|grow|raise|improve|boost|reduce|decrease|cut|lower|shorten|maintain|keep|reach|hit|achieve|ship|deliver|launch|publish|complete|get|bring|move|lift)\b\s*", re.I)
_TRAILING_VERB = re.compile(r"(?:达到|达|为|到|至|至少|超过|不低于|不少于|从|由|\b(?:from|to|at least|of|by|reach|hit)\b)\s*$", re.I)
_SEPARATORS = re.compile(r"[，,、；;：:。（）()]")


class NumberSpan(NamedTuple):
    """A number found in a text: its value and where it is (`text[start:end]`)."""

    value: float
    start: int
    end: int
    text: str


def _normalise(text: str) -> str:
    return text.translate(_WIDTH)


def _chinese_value(s: str) -> float | None:
    if not s or any(ch not in _CN_DIGIT and ch not in _CN_UNIT and ch not in _CN_BIG for ch in s):
        return None
    if all(ch in _CN_DIGIT for ch in s):  # 二〇一九 reads digit by digit
        return float(int("".join(str(_CN_DIGIT[ch]) for ch in s)))
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


def parse_number(s: str) -> float | None:
    """The value of one number written in Arabic, full-width or Chinese numerals, else None.

    `"85"`, `"８５"`, `"1,200"`, `"1.5万"`, `"二十四"`, `"两百"`, `"80%"` → 85, 85, 1200, 15000, 24, 200, 80.
    """
    t = _normalise(str(s)).strip().rstrip("%‰").strip()
    if not t:
        return None
    if re.fullmatch(_ARABIC, t):
        mult = 1
        if t[-1] in _CN_BIG or t[-1] == "千":
            mult = _CN_BIG.get(t[-1], 1000)
            t = t[:-1].strip()
        return float(t.replace(",", "")) * mult
    return _chinese_value(t)


def _numbers(norm: str, text: str) -> list[NumberSpan]:
    skip = [m.span() for m in _NOT_QUANTITY.finditer(norm)] if _MAYBE_NAME.search(norm) else ()
    found: list[NumberSpan] = []
    for m in _NUM_RE.finditer(norm):
        start, end = m.span()
        if skip and any(a <= start < b for a, b in skip):
            continue
        raw = m.group()
        if m.lastgroup == "ar" and raw.isdigit():
            value: float | None = float(raw)
        else:
            value = parse_number(raw)
        if value is not None:
            found.append(NumberSpan(value, start, end, text[start:end]))
    return found


def find_numbers(text: str) -> list[NumberSpan]:
    """Every quantity in `text`, in order (quarters like Q3, percentiles like p95 and refs like KR1 are not quantities)."""
    return _numbers(_normalise(text), text)


def has_number(text: str) -> bool:
    """Whether `text` states a quantity (Arabic or Chinese numerals)."""
    return bool(find_numbers(text))


def has_frequency(text: str) -> bool:
    """Whether `text` states a rhythm: 每月, 每周, per month, weekly…"""
    return _FREQ_RE.search(_normalise(text)) is not None


def _deadline(norm: str, text: str) -> tuple[str, int, int] | None:
    if _DEADLINE_HINT.search(norm) is None:  # cheap test first: most KRs name no deadline
        return None
    m = _DEADLINE_RE.search(norm)
    if m is None:
        return None
    group = "en" if m.group("en") else "zh"
    start, end = m.span(group)
    return text[start:end].strip(), start, end


def find_deadline(text: str) -> tuple[str, int, int] | None:
    """The deadline phrase in `text` (`"end of Q3"`, `"9月底前"`, `"本季度"`) with its span, or None."""
    return _deadline(_normalise(text), text)


def _unit_after(norm: str, end: int) -> tuple[str | None, int]:
    m = _UNIT_RE.match(norm, end)
    if m is None:
        return None, end
    unit = m.group(1)
    if unit.lower() in _NOT_UNIT or (unit.isalpha() and unit.isascii() and len(unit) == 1 and unit not in "xhs"):
        return None, end
    return unit, m.end()


def _frequency_unit(norm: str) -> str | None:
    m = _FREQ_RE.search(norm)
    if m is None:
        return None
    word = next((g for g in m.groups() if g), None) or m.group().lstrip("每个")
    return _FREQ_UNIT.get(word.lower(), word)


def _metric(norm: str, start: int, stop: int) -> str | None:
    """The words naming what is measured, between the last separator before `stop` and `stop`."""
    seg_start = max((m.end() for m in _SEPARATORS.finditer(norm, start, stop)), default=start)
    seg = norm[seg_start:stop].strip()
    seg = _TRAILING_VERB.sub("", seg).strip()
    seg = _FREQ_RE.sub("", seg).strip()
    seg = _VERB_PREFIX.sub("", seg)
    seg = _EN_VERB.sub("", seg)
    if "的" in seg:
        seg = seg.rsplit("的", 1)[1]
    seg = seg.strip(" -—~")
    return seg or None


def read_key_result(text: str) -> KeyResult:
    """A KeyResult for `text` with metric, baseline, target, unit, direction and deadline read out of it.

    Fields that the wording does not state stay None; the text is kept exactly as given. Each
    call returns a new object (the reading of a text is cached: drafts are re-read on every edit).
    """
    return KeyResult(text=text, **_fields(text))


@lru_cache(maxsize=16384)
def _fields(text: str) -> dict[str, Any]:
    """The derived fields of a KR text (values already of the model's types)."""
    kr = _Fields()
    norm = _normalise(text)
    deadline = _deadline(norm, text)
    if deadline:  # blank the deadline out (same length) so it never becomes part of the metric
        norm = norm[: deadline[1]] + " " * (deadline[2] - deadline[1]) + norm[deadline[2]:]
    numbers = _numbers(norm, text)  # the deadline is blanked out of norm already
    if deadline:
        kr.deadline = deadline[0]
    if not numbers:
        return kr.as_dict()
    freq = _frequency_unit(norm)
    ft = _FROM_TO_RE.search(norm) if ("从" in norm or "由" in norm or "rom" in norm) else None
    target: NumberSpan | None = None
    if ft is not None:
        a, b = parse_number(ft.group("a")), parse_number(ft.group("b"))
        if a is not None and b is not None:
            kr.baseline, kr.target = a, b
            kr.direction = Direction.increase if b > a else Direction.decrease if b < a else Direction.maintain
            target = next((n for n in numbers if n.start >= ft.start("b")), numbers[-1])
            prefix = norm[: ft.start()]
            kr.metric = _metric(norm, 0, ft.start()) if prefix.strip() else None
    if target is None:
        marked = [n for n in numbers
                  if _TARGET_BEFORE.search(norm[max(0, n.start - 12) : n.start]) or _TARGET_AFTER.match(norm, n.end)]
        target = marked[-1] if marked else numbers[-1]
        kr.target = target.value
        said = {m.lastgroup for m in _DIRECTION_RE.finditer(norm)}
        kr.direction = next((d for d in _DIRECTION_ORDER if d.value in said), Direction.reach)
        kr.metric = _metric(norm, 0, target.start)
    unit, unit_end = _unit_after(norm, target.end)
    if unit is None and target.text.endswith(("万", "千", "亿")):
        unit = None
    if kr.metric is None and unit and unit.isascii() and unit.isalpha() and len(unit) > 2:
        kr.metric = unit  # "ship 3 releases": the counted thing names the metric
    if kr.metric is None and unit and unit[0] in _COUNTED:  # "培养 10 名…OKR 教练": what is counted
        tail = _SEPARATORS.split(norm[unit_end:], 1)[0].strip()
        kr.metric = (tail.rsplit("的", 1)[-1].strip() or None) if tail else None
    if kr.metric is None and ft is None:  # "…方法，每月至少一次": the clause before names what happens
        clauses = [c.strip() for c in _SEPARATORS.split(norm[: target.start]) if c.strip()]
        clauses = [c for c in clauses if _FREQ_RE.sub("", c).strip(" 至少")]
        kr.metric = clauses[-1] if clauses else None
    counted = unit is not None and (unit[0] in _COUNTED or (unit.isascii() and unit.isalpha() and len(unit) > 2))
    if unit and freq and counted and freq not in unit:
        unit = f"{unit}/{freq}"
    kr.unit = unit
    return kr.as_dict()


class _Fields:
    """Plain attribute bag while reading (pydantic assignment is slow on this hot path)."""

    __slots__ = _KR_FIELDS = ("metric", "baseline", "target", "unit", "direction", "deadline")

    def __init__(self) -> None:
        for name in self._KR_FIELDS:
            setattr(self, name, None)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._KR_FIELDS}


__all__ = [
    "NumberSpan",
    "find_deadline",
    "find_numbers",
    "has_frequency",
    "has_number",
    "parse_number",
    "read_key_result",
]
