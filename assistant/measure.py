"""What a key result's wording says: numbers, metric, baseline, target, unit, direction, deadline.

Deterministic and fast (regexes compiled at import); Chinese and English phrasing:
`敏捷成熟度达到85分`, `从 2% 提升到 4%`, `每月至少一次`, `二十四个团队`, `increase NPS from 30 to 45
by end of Q3`, `ship 3 releases per month`. The rubric uses `has_number`, `find_numbers`,
`has_frequency` and `find_deadline`; readers call `read_key_result` for every KR they build;
`assistant.infer` reads a KR's deadline and rhythm, and normalises it for its numbers, in one call
(`time_reading`).
Spans always index the caller's original text (normalisation maps characters one to one).

Numbers themselves (Arabic, full-width, Chinese; which are quantities) are read by
`assistant.numbers`.

Speed: `read_key_result` runs for every KR a reader builds (target ≥ 5,000 person-sized sets/s, see
benchmarks/parse.py). The combined patterns (`_DEADLINE_RE`, `_DIRECTION_RE`, `_FREQ_RE`, and
`numbers._NUM_RE`, `numbers._NOT_QUANTITY`) are the definitions; the code runs equivalents that the regex engine executes faster
(patterns that start with a character set or literals, lower-cased text instead of IGNORECASE), puts
cheap gates in front of a regex that cannot match, and skips work whose result cannot matter. Each
equivalent is tested against its definition (tests/test_measure.py), and tests/test_measure_golden.py
pins every reading of ~12,000 texts (changed only by deliberate fixes, each named in its commit).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.models import Direction, KeyResult
from assistant.numbers import (ARABIC, CN_CHARS, NumberSpan, find_numbers, has_number, normalise, number_value,
                               parse_number, quantities, quantity_value)

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
# Where `_FREQ_RE` can match, found fast on lower-cased text (see `_frequency_match`): every match starts
# with 每 or with the first letter of per/a/each/every or of daily…annually, so the pattern starts with
# that set (the engine skips ahead to it), and lookbehinds on the consumed letter pick the alternatives.
# `(?<!\w[…])` is the `\b` before daily…: the character before the consumed letter is not a word character.
# A start it finds is only a candidate: `_FREQ_RE` itself reads the match there.
_FREQ_START = re.compile(
    r"[每paedwbmqy](?:(?<=每)(?:个)?(?:天|日|周|星期|双周|月|季度|季|半年|年|迭代|sprint)"
    r"|(?:(?<=p)er|(?<=a)|(?<=e)ach|(?<=e)very)\s+(?:day|week|fortnight|month|quarter|year|sprint)\b"
    r"|(?<!\w[dwbmqya])(?:(?<=d)aily|(?<=w)eekly|(?<=b)iweekly|(?<=m)onthly|(?<=q)uarterly|(?<=y)early"
    r"|(?<=a)nnually)\b)"
)
_FREQ_UNIT = {"天": "天", "日": "天", "周": "周", "星期": "周", "双周": "双周", "月": "月", "季度": "季度", "季": "季度",
              "半年": "半年", "年": "年", "迭代": "迭代", "sprint": "sprint", "day": "day", "daily": "day",
              "week": "week", "weekly": "week", "fortnight": "fortnight", "biweekly": "fortnight", "month": "month",
              "monthly": "month", "quarter": "quarter", "quarterly": "quarter", "year": "year", "yearly": "year",
              "annually": "year"}

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DL_EN = (
    r"(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    rf"(?:Q[1-4](?:\s*\d{{4}})?|H[12](?:\s*\d{{4}})?|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|(?:this|next)\s+(?:quarter|month|year|half|sprint|week)"
    r"|(?:the\s+)?(?:quarter|month|year|half|sprint|week)|(?:year|quarter|month)[- ]end|\d{4})\b"
)
_DL_ZH = (
    r"(?:\d{4}\s*年\s*)?(?:Q[1-4]|第?[一二三四1-4]\s*季度|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|年|季度|月)"
    r"\s*(?:底|末|初|中)?\s*(?:之前|以前|前)"
    r"|(?:本|这个|当前|下个?)(?:季度|月|年|周期|周|半年)(?:末|底|内)?"
    r"|\d{4}\s*年\s*(?:Q[1-4]|第?[一二三四1-4]\s*季度|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|底|末)(?:之前|以前|前)?"
    r"|截[至止](?:到)?\s*[^，,。；;\s]{2,12}"
)
_DL_WORDS = r"(?:by|before|until|no later than|in)\s+"
# The definition: the leftmost English (`by end of Q3`) or Chinese (`9月底前`) deadline phrase.
_DEADLINE_RE = re.compile(rf"\b{_DL_WORDS}(?P<en>{_DL_EN})|(?P<zh>{_DL_ZH})", re.IGNORECASE)
# The same two branches, run apart on lower-cased text (`_lower`) without IGNORECASE: a pattern that
# starts with literal words lets the regex engine skip ahead, which IGNORECASE and a leading \b prevent.
# The sources hold no upper-case escapes (\b \s \d only), so lower-casing them changes only letters.
_DEADLINE_EN = re.compile(rf"{_DL_WORDS}(?P<en>{_DL_EN.lower()})")
_DEADLINE_ZH = re.compile(_DL_ZH.lower())
_WORD_CHAR = re.compile(r"\w")

# A deadline needs one of these (cheap test first: most KRs name no deadline). The English half is
# `\b(?:by|before|until|no later|in)\b` in any case (as the definition), written to start with a class.
_DEADLINE_HINT_ZH = re.compile(r"[前本这当下截年]")
_DEADLINE_HINT_EN = re.compile(
    r"[bBuUnNiI](?<=\b[bBuUnNiI])(?:(?<=[bB])(?:y|efore)|(?<=[uU])ntil|(?<=[nN])o later|(?<=[iI])n)\b", re.IGNORECASE
)
# The same on lower-cased text (`_lower`), for a caller that has it: without IGNORECASE the leading set is
# plain, so the regex engine skips ahead to the next b/u/n/i instead of trying every position (`\b` is
# the same there, as lower-casing keeps every character a word character or not).
_DEADLINE_HINT_LOW = re.compile(r"[buni](?<=\b[buni])(?:(?<=b)(?:y|efore)|(?<=u)ntil|(?<=n)o later|(?<=i)n)\b")
_FROM_TO_RE = re.compile(
    rf"(?:从|由|from)\s*(?P<a>{ARABIC}|[{CN_CHARS}]+)\s*(?P<ua>%|‰|[^\s\d到至提升降增减缩]{{0,3}}?)?\s*"
    rf"(?:[提升降低增加长减少缩短优化下]{{0,4}}\s*(?:到|至)|to)\s*(?P<b>{ARABIC}|[{CN_CHARS}]+)",
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
# `_directions` finds the same words faster: the Chinese ones with a pattern of literals, the English
# ones as whole words of the lower-cased text (a `\b…\b` word is exactly one `\w+` run).
# (No word of one group overlaps a word of another, so searching the groups one by one finds the same set.)
_DIRECTION_ZH = (
    ("decrease", re.compile("降低|减少|缩短|下降|降到|降至|压缩|不超过|以内|以下|少于|低于")),
    ("increase", re.compile("提升|提高|增加|增长|扩大|翻倍")),
    ("maintain", re.compile("保持|维持")),
)
# All the Chinese words in one pattern of literals, for one `findall`: as no word of one group starts
# with, contains or overlaps the end of a word of another, a word the scan skips (inside or after a
# match) is of the group already found, so the groups found are those of the three searches.
_DIRECTION_ZH_ALL = re.compile("|".join(words.pattern for _, words in _DIRECTION_ZH))
_DIRECTION_ZH_GROUP = {w: group for group, words in _DIRECTION_ZH for w in words.pattern.split("|")}
_DIRECTION_WORDS = {
    **dict.fromkeys("reduce decrease cut lower shorten drop below under".split(), "decrease"),
    **dict.fromkeys("increase grow raise improve boost double expand lift".split(), "increase"),
    **dict.fromkeys("maintain keep sustain stay".split(), "maintain"),
}
# Any English direction word as a bare literal (no \b, so a superset): most texts have none, and one fast
# scan for these is cheaper than splitting the text into words.
_DIRECTION_EN_HINT = re.compile("|".join(_DIRECTION_WORDS))
_DIRECTION_PHRASES = re.compile(r"\b(?:less than|at most|no more than|fewer than)\b")  # all "decrease"
_WORDS = re.compile(r"\w+")
# What an ASCII letter in an IGNORECASE pattern can match (the last: the Kelvin sign): text without one
# cannot match the English half of a pattern. Shared with assistant.infer.
IGNORECASE_LETTER = re.compile("[A-Za-zİıſ\u212a]")
_FREQ_EN_WORDS = ("day", "dail", "week", "fortnight", "month", "quarter", "year", "sprint", "annual")
# The same test as one pattern of literals: one fast scan instead of nine `in` tests.
_FREQ_HINT = re.compile("|".join(_FREQ_EN_WORDS))
_DIRECTION_ORDER = (Direction.decrease, Direction.increase, Direction.maintain)
# (group name, Direction) in that order: `Direction.value` is a Python-level property, slow in a hot loop.
_DIRECTION_NAMED = tuple((d.value, d) for d in _DIRECTION_ORDER)
_TARGET_BEFORE = re.compile(r"(?:达到|达|为|到|至|至少|超过|不低于|不少于|覆盖|完成|\b(?:reach|to|at least|hit|above|over|achieve|of)\b)\s*[A-Za-z]{0,4}\s*$", re.I)
_TARGET_AFTER = re.compile(r"\s*[^\s，,。；;]{0,3}?\s*(?:以上|以内|以下|及以上|或以上|\+|\bor more\b|\bor less\b)", re.I)
# Verbs a metric phrase may start with: `_VERBS_ALL` are stripped only when nothing else is left
# (the whole segment is verbs), `_VERBS_LEAD` from the front of any segment.
_VERBS_LEAD = "保证|确保|实现|使|让|将|把|推动|提升|提高|增加|降低|减少|缩短|保持|维持|达到"
_VERBS_ALL = _VERBS_LEAD + "|培养|上线|交付|发布|完成|产出|输出|举办|开展|组织|招聘|引进|新增|落地|支持"
_VERB_PREFIX = re.compile(rf"^(?:(?:{_VERBS_ALL})\s*)+$|^(?:(?:{_VERBS_LEAD})\s*)+")
_COUNTED = frozenset("个次场名人篇项家条份位款版门届轮批期章节部套")
_EN_VERBS = ("increase|grow|raise|improve|boost|reduce|decrease|cut|lower|shorten|maintain|keep|reach|hit|achieve"
             "|ship|deliver|launch|publish|complete|get|bring|move|lift")
_EN_VERB = re.compile(rf"^(?:{_EN_VERBS})\b\s*", re.I)
_TRAILING_VERB = re.compile(r"(?:达到|达|为|到|至|至少|超过|不低于|不少于|从|由|\b(?:from|to|at least|of|by|reach|hit)\b)\s*$", re.I)
# Both on lower-cased text without IGNORECASE (see `_lower`); the sources hold no upper-case escapes.
_TARGET_BEFORE_LOW = re.compile(_TARGET_BEFORE.pattern.lower())
# `_FROM_TO_RE` without IGNORECASE, for lower-cased text (its letters are lower-case already): a pattern
# starting with literals (从 由 from) lets the regex engine skip ahead. Its letters are only f r o m t,
# which no non-ASCII letter matches under IGNORECASE (only k s i have such twins), so it reads a text
# without ASCII letters (`low` None) exactly as `_FROM_TO_RE` does too.
_FROM_TO_LOW = re.compile(_FROM_TO_RE.pattern)
_TRAILING_VERB_AT = 9  # a trailing verb is at most 8 characters ("at least") plus the \b before it
_SEPARATORS = re.compile(r"[，,、；;：:。（）()]")
# Matches up to the end of the last separator in `norm[pos:endpos]` (`.*` runs to the end, then backs off).
_LAST_SEPARATOR = re.compile(r"(?s:.*)[，,、；;：:。（）()]")

# Cheap gates in front of the metric's regexes, which most segments cannot match. Each is a superset:
# - `_VERB_PREFIX` and `_EN_VERB` are anchored at ^ and start with a verb: the segment's first character
#   must be a verb's first character (for IGNORECASE either case, or one of the four non-ASCII letters
#   that match an ASCII letter: İ ı ſ and the Kelvin sign, written as escapes);
# - `_TRAILING_VERB` ends with `\s*$` and is searched in a stripped segment: the segment's last character
#   is the verb's last character (m o t f y h for the English ones, in either case).
_VERB_PREFIX_FIRST = frozenset(w[0] for w in _VERBS_ALL.split("|"))
_EN_VERB_FIRST = frozenset(c for w in _EN_VERBS.split("|") for c in (w[0], w[0].upper())) | frozenset("\u0130\u0131\u017f\u212a")
_TRAILING_LAST = frozenset("达到为至少过于从由mMoOtTfFyYhH")
# `_TRAILING_VERB`'s Chinese verbs by last character, longest first. A segment that ends with one of these
# characters cannot end with an English verb, and the leftmost match that ends at the end is the longest
# verb that ends the segment: an `endswith` finds it without the regex.
_TRAILING_ZH = {"到": ("达到", "到"), "达": ("达",), "为": ("为",), "至": ("至",), "少": ("至少",), "过": ("超过",),
                "于": ("不低于", "不少于"), "从": ("从",), "由": ("由",)}


# re.IGNORECASE also lets ASCII letters match these four; folding them first makes `lower()` agree
# with it character for character (same length, so spans found in the folded text stay valid).
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})  # the last: the Kelvin sign
_ODD_CASE = re.compile("[İıſ\u212a]")


def _lower(norm: str) -> str:
    """`norm` lower-cased the way re.IGNORECASE compares ASCII letters (same length as `norm`)."""
    if not norm.isascii() and _ODD_CASE.search(norm):
        norm = norm.translate(_FOLD)
    return norm.lower()


def _directions(norm: str, low: str | None) -> set[str]:
    """The direction groups `_DIRECTION_RE.finditer(norm)` finds; `low` is `_lower(norm)`, None without letters."""
    said = set() if norm.isascii() else {_DIRECTION_ZH_GROUP[w] for w in _DIRECTION_ZH_ALL.findall(norm)}
    if low is not None:
        if _DIRECTION_EN_HINT.search(low) is not None:
            for w in _DIRECTION_WORDS.keys() & _WORDS.findall(low):  # the direction words among the words
                said.add(_DIRECTION_WORDS[w])
        if ("than" in low or "at most" in low) and _DIRECTION_PHRASES.search(low):
            said.add("decrease")
    return said


def _may_have_frequency(norm: str, low: str | None) -> bool:
    """False only when `_FREQ_RE` cannot match `norm` or any part of it (no 每, no day/week/month… word)."""
    return "每" in norm or (low is not None and _FREQ_HINT.search(low) is not None)


def has_frequency(text: str) -> bool:
    """Whether `text` states a rhythm: 每月, 每周, per month, weekly…"""
    norm = normalise(text)
    return _has_rhythm(norm, _lower(norm) if IGNORECASE_LETTER.search(norm) else None)


def _has_rhythm(norm: str, low: str | None) -> bool:
    """`_FREQ_RE.search(norm) is not None`, behind its gate; `low` is `_lower(norm)`, None without letters."""
    return _may_have_frequency(norm, low) and _frequency_match(norm, low) is not None


def _deadline_span(norm: str, low: str | None = None, letters: bool = True) -> tuple[int, int] | None:
    """The span of what `_DEADLINE_RE.search(norm)` finds (behind the hint), found faster; `low` is `_lower(norm)`.

    `letters=False` says `IGNORECASE_LETTER` finds nothing in `norm`: no English phrase (by, in…) can be
    there, and lower-casing changes no span and nothing the Chinese pattern (whose only letter is q)
    could match.
    """
    zh_hint = not norm.isascii() and _DEADLINE_HINT_ZH.search(norm) is not None  # the hints are not ASCII
    from_ = 0  # where an English phrase may start
    if not zh_hint:
        hint = (_DEADLINE_HINT_EN.search(norm) if low is None else _DEADLINE_HINT_LOW.search(low)) if letters else None
        if hint is None:
            return None
        # an English phrase starts with a hint's word (\b, by/before/until/no later/in, then a space): at the
        # first hint or after it
        from_ = hint.start()
    en = None
    if letters:
        low = _lower(norm) if low is None else low
        en = _DEADLINE_EN.search(low, from_)
        while en is not None and en.start() and _WORD_CHAR.match(low, en.start() - 1):  # the \b before `by`
            en = _DEADLINE_EN.search(low, en.start() + 1)
    zh = _DEADLINE_ZH.search(norm if low is None else low) if zh_hint else None  # each branch holds a hint
    if en is not None and (zh is None or en.start() <= zh.start()):  # leftmost wins; English first on a tie
        return en.span("en")
    if zh is not None:
        return zh.span()
    return None


def _deadline(norm: str, text: str, low: str | None = None, letters: bool = True) -> tuple[str, int, int] | None:
    """What `find_deadline` returns for the text `norm` normalises; `low` and `letters` as for `_deadline_span`."""
    span = _deadline_span(norm, low, letters)
    if span is None:
        return None
    start, end = span
    return text[start:end].strip(), start, end


def find_deadline(text: str) -> tuple[str, int, int] | None:
    """The deadline phrase in `text` (`"end of Q3"`, `"9月底前"`, `"本季度"`) with its span, or None."""
    return _deadline(normalise(text), text)


def time_reading(text: str, letters: bool | None = None) -> tuple[str, tuple[int, int] | None, bool]:
    """One reading of `text` for a caller that needs its deadline, its rhythm and its numbers: the
    normalised text (`normalise(text)`, whose numbers `numbers.next_quantity` reads one at a time, and
    `numbers.quantities` all at once, at the places `find_numbers(text)` reports), the span of
    `find_deadline(text)` (None without one), and `has_frequency(text)`.

    The text is normalised, searched for letters and lower-cased once instead of once per reading.
    `letters`: whether `IGNORECASE_LETTER` finds a letter in `text`, when the caller knows (normalising
    maps no character to or from a letter, so the answer is the same for the normalised text).
    """
    norm = normalise(text)
    if letters is None:
        letters = IGNORECASE_LETTER.search(norm) is not None
    low = _lower(norm) if letters else None
    return norm, _deadline_span(norm, low, letters), _has_rhythm(norm, low)


def _unit_after(norm: str, end: int) -> tuple[str | None, int]:
    m = _UNIT_RE.match(norm, end)
    if m is None:
        return None, end
    unit = m.group(1)
    if unit.lower() in _NOT_UNIT or (unit.isalpha() and unit.isascii() and len(unit) == 1 and unit not in "xhs"):
        return None, end
    return unit, m.end()


def _frequency_match(norm: str, low: str | None) -> re.Match[str] | None:
    """`_FREQ_RE.search(norm)`, faster; `low` is `_lower(norm)`, None when `norm` has no letters.

    `_FREQ_START` finds the first place where `_FREQ_RE` can match (on `low`, where IGNORECASE is not
    needed: see `_lower`); `_FREQ_RE` then reads the match at that place, so the match is its own.
    """
    start = _FREQ_START.search(norm if low is None else low)
    if start is None:
        return None
    m = _FREQ_RE.match(norm, start.start())
    return m if m is not None else _FREQ_RE.search(norm)  # not expected; the definition decides


def _frequency_unit(norm: str, low: str | None) -> str | None:
    """The rhythm's unit (月, week…) of the first frequency phrase in `norm`; `low` as for `_frequency_match`."""
    m = _frequency_match(norm, low)
    if m is None:
        return None
    # the English word is group 1 or 2 (one branch each, so the one that took part is the last); 每月 has none
    word = m.group(m.lastindex) if m.lastindex else m.group().lstrip("每个")
    return _FREQ_UNIT.get(word.lower(), word)


def _metric(norm: str, low: str | None, start: int, stop: int) -> str | None:
    """The words naming what is measured, between the last separator before `stop` and `stop`.

    `low` is `_lower(norm)`, None when `norm` has no letters. Each regex runs only when its gate (see
    `_VERB_PREFIX_FIRST`…) says it could change the segment.
    """
    # (most segments hold no separator: the search for one is cheaper than the match that finds the last)
    first = _SEPARATORS.search(norm, start, stop)
    last = None if first is None else _LAST_SEPARATOR.match(norm, first.start(), stop)
    seg_start = start if last is None else last.end()
    seg = norm[seg_start:stop].strip()
    if seg and seg[-1] in _TRAILING_LAST:
        zh = _TRAILING_ZH.get(seg[-1])
        if zh is not None:
            for verb in zh:
                if seg.endswith(verb):
                    seg = seg[: -len(verb)].strip()
                    break
        else:
            m = _TRAILING_VERB.search(seg, max(0, len(seg) - _TRAILING_VERB_AT))  # anchored at the end: look there only
            if m is not None:
                seg = seg[: m.start()].strip()
    # `_may_have_frequency`'s gate on the segment's span (the segment is part of it): most have no rhythm
    if "每" in seg or (low is not None and _FREQ_HINT.search(low, seg_start, stop) is not None):
        seg = _FREQ_RE.sub("", seg).strip()
    # Both patterns are anchored at ^ and match only non-empty text: `sub` could only remove the one match
    # at the start, which slicing does without `sub`'s machinery.
    if seg[:1] in _VERB_PREFIX_FIRST and (m := _VERB_PREFIX.match(seg)) is not None:
        seg = seg[m.end():]
    if seg[:1] in _EN_VERB_FIRST and (m := _EN_VERB.match(seg)) is not None:
        seg = seg[m.end():]
    if "的" in seg:
        seg = seg.rsplit("的", 1)[1]
    seg = seg.strip(" -—~")
    return seg or None


# KeyResult(**data) without the keyword-argument round trip through BaseModel.__init__: the same
# validator on the same data (so the same checks, values and model_fields_set), ~0.6 µs cheaper. It
# builds a new model (and a new __dict__) each time and does not change `data`, which is cached.
_VALIDATE_KR = KeyResult.__pydantic_validator__.validate_python


def read_key_result(text: str) -> KeyResult:
    """A KeyResult for `text` with metric, baseline, target, unit, direction and deadline read out of it.

    Fields that the wording does not state stay None; the text is kept exactly as given. Each
    call returns a new object (the reading of a text is cached: drafts are re-read on every edit).
    """
    return _VALIDATE_KR(_fields(text))


@lru_cache(maxsize=16384)
def _fields(text: str) -> dict[str, Any]:
    """A KeyResult's data for `text`: the text and its derived fields (values already of the model's types).

    What `read_key_result(text)` validates; public as `key_result_data`, for a reader that validates
    a whole objective in one call (its KRs as these dicts). The dict is cached and shared by every
    caller: read it or pass it to pydantic, never change it.
    """
    metric: str | None = None
    baseline: float | None = None
    target_value: float | None = None
    direction: Direction | None = None
    norm = normalise(text)
    low = _lower(norm) if IGNORECASE_LETTER.search(norm) else None  # None: no letter an English pattern could match
    found = _deadline_span(norm, low, low is not None)
    deadline = None
    if found:  # blank the deadline out (same length) so it never becomes part of the metric
        dl_start, dl_end = found
        deadline = text[dl_start:dl_end].strip()
        blank = " " * (dl_end - dl_start)
        norm = norm[:dl_start] + blank + norm[dl_end:]
        if low is not None:
            low = low[:dl_start] + blank + low[dl_end:]
    numbers = quantities(norm)  # (start, end, raw, kind); the deadline is blanked out of norm already
    if not numbers:
        return {"text": text, "metric": None, "baseline": None, "target": None, "unit": None, "direction": None,
                "deadline": deadline}
    ft = None
    if "从" in norm or "由" in norm or (low is not None and "rom" in low):  # `from` in any case
        ft = _FROM_TO_LOW.search(norm if low is None else low)  # same spans; the numbers' text is the same
    target: tuple[int, int, str, str] | None = None
    if ft is not None:
        a, b = number_value(ft.group("a")), number_value(ft.group("b"))
        if a is not None and b is not None:
            baseline, target_value = a, b
            direction = Direction.increase if b > a else Direction.decrease if b < a else Direction.maintain
            b_start = ft.start("b")
            target = numbers[-1]
            for n in numbers:  # the first number from b on
                if n[0] >= b_start:
                    target = n
                    break
            metric = _metric(norm, low, 0, ft.start()) if norm[: ft.start()].strip() else None
    if target is None:
        # The target is the last number a target word marks (达到 85, at least 3, 300 以上), else the
        # last number: looking from the end, the first marked one is that number. With one number
        # (most KRs) it is the target either way, so the marks are not looked for.
        before, low_before = (_TARGET_BEFORE_LOW, low) if low is not None else (_TARGET_BEFORE, norm)
        target = numbers[-1]
        for n in reversed(numbers) if len(numbers) > 1 else ():
            if before.search(low_before[max(0, n[0] - 12) : n[0]]) or _TARGET_AFTER.match(norm, n[1]):
                target = n
                break
        target_value = quantity_value(target[2], target[3])
        said = _directions(norm, low)
        direction = Direction.reach
        for name, d in _DIRECTION_NAMED:  # decrease before increase before maintain
            if name in said:
                direction = d
                break
        metric = _metric(norm, low, 0, target[0])
    unit, unit_end = _unit_after(norm, target[1])
    english_count = unit is not None and unit.isascii() and unit.isalpha() and len(unit) > 2
    if metric is None and english_count:
        metric = unit  # "ship 3 releases": the counted thing names the metric
    if metric is None and unit and unit[0] in _COUNTED:  # "培养 10 名…OKR 教练": what is counted
        tail = _SEPARATORS.split(norm[unit_end:], 1)[0].strip()
        metric = (tail.rsplit("的", 1)[-1].strip() or None) if tail else None
    if metric is None and ft is None:  # "…方法，每月至少一次": the clause before names what happens
        clauses = [c.strip() for c in _SEPARATORS.split(norm[: target[0]]) if c.strip()]
        if _may_have_frequency(norm, low):
            clauses = [c for c in clauses if _FREQ_RE.sub("", c).strip(" 至少")]
        else:
            clauses = [c for c in clauses if c.strip(" 至少")]
        metric = clauses[-1] if clauses else None
    if unit and (unit[0] in _COUNTED or english_count):  # a counted unit takes the rhythm: 次/月, releases/month
        freq = _frequency_unit(norm, low) if _may_have_frequency(norm, low) else None
        if freq and freq not in unit:
            unit = f"{unit}/{freq}"
    return {"text": text, "metric": metric, "baseline": baseline, "target": target_value, "unit": unit,
            "direction": direction, "deadline": deadline}


# The cached function itself under its public name (a wrapper would cost a call per KR read).
key_result_data = _fields

__all__ = [
    "IGNORECASE_LETTER",
    "NumberSpan",
    "find_deadline",
    "find_numbers",
    "has_frequency",
    "has_number",
    "key_result_data",
    "parse_number",
    "read_key_result",
    "time_reading",
]
