"""Reading what a draft does not state: a KR's kind, an objective's source and kind, and how
alike two texts are.

Everything here is deterministic wording analysis (no model). The checker marks every value that
comes from here as inferred, so a user sees that the tool guessed and can state it instead
(`{source: aligned; kind: capability}` on the objective line).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.models import Kind, Objective, Source

# --- numbers, frequencies and time -------------------------------------------------------------

_CN_NUM = "零〇一二两三四五六七八九十百千万亿半"
# Dates and periods carry digits that are not targets: strip them before looking for a number.
_DATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*(?:年|[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{1,2})?)?"
    r"|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|[一二三四]\s*季度|Q[1-4]|H[12]"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"\d|[{_CN_NUM}]+\s*(?:个|名|位|场|次|篇|项|条|家|人|%|倍|成|分|天|周|月|小时|款|套|份|支|门|本|轮|期)"
    r"|百分之|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|dozen|half|double|twice|once)\b",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"每(?:天|日|周|星期|月|季度?|年|个?双周|个)|至少一次|\b(?:daily|weekly|monthly|quarterly|yearly|annually|fortnightly)\b"
    r"|\b(?:a|per|each|every)\s+(?:day|week|month|quarter|year|sprint)\b",
    re.IGNORECASE,
)
_TIMEBOUND = re.compile(
    r"(?:19|20)\d{2}|\d{1,2}\s*月|季度|月底|年底|年末|月末|季末|上半年|下半年|本月|本周|本年|今年|前完成|之前|以前|截至|截止|[前内]\s*(?:[，,。；;]|$)"
    r"|\b(?:Q[1-4]|H[12]|by|before|until|deadline|end of|this (?:quarter|month|year|half)|within)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|每(?:天|日|周|月|季度?|年)"
    r"|\b(?:daily|weekly|monthly|quarterly|per (?:week|month|quarter)|a (?:week|month|quarter))\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d\s*%|百分之|\bpercent\b", re.IGNORECASE)
_THRESHOLD = re.compile(
    r"保持|维持|不低于|不少于|不超过|不高于|不大于|以内|低于|高于|控制在|≤|≥|<=|>="
    r"|\b(?:maintain|keep|stay|remain|at least|at most|no more than|no less than|below|under|above|within)\b",
    re.IGNORECASE,
)


def strip_dates(text: str) -> str:
    """The text with dates, quarters and halves removed (their digits are not targets)."""
    return _DATE.sub(" ", text)


def has_number(text: str) -> bool:
    """True when the text (dates removed) names a number, count or percentage."""
    return _NUMBER.search(strip_dates(text)) is not None


def has_frequency(text: str) -> bool:
    """True for `每月至少一次`, `weekly`, `two releases a month` style frequencies."""
    return _FREQUENCY.search(text) is not None


def has_percent(text: str) -> bool:
    return _PERCENT.search(text) is not None


def is_timebound(text: str) -> bool:
    """True when the text names a date, period, deadline or recurring period."""
    return _TIMEBOUND.search(text) is not None


def kr_kind(text: str) -> str:
    """A KR's kind read from its wording: "metric", "threshold" (a level to maintain) or "milestone"."""
    if not (has_number(text) or has_frequency(text)):
        return "milestone"
    return "threshold" if _THRESHOLD.search(text) else "metric"


# --- similarity ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z]+|\d+(?:\.\d+)?|%", re.IGNORECASE)
_STOP = frozenset(
    "a an the and or of to for in on at by with from into our my we is be are this that it its each per".split()
    + ["的", "和", "与", "及", "并", "在", "对", "为"]
)


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    """Comparable tokens: Chinese character bigrams (single characters for one-character runs),
    lower-cased words without stop words, numbers and `%`."""
    out: set[str] = set()
    for m in _TOKEN.finditer(text):
        t = m.group().lower()
        if "\u3400" <= t[0] <= "\u9fff":
            if len(t) == 1:
                if t not in _STOP:
                    out.add(t)
            else:
                out.update(t[i : i + 2] for i in range(len(t) - 1))
        elif t not in _STOP:
            out.add(t)
    return frozenset(out)


def similarity(a: str, b: str) -> float:
    """Dice similarity of two texts' tokens (0–1); 1.0 for the same wording."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def containment(part: str, whole: str) -> tuple[float, int]:
    """Share of `part`'s tokens found in `whole`, and how many were found."""
    tp = tokens(part)
    if not tp:
        return 0.0, 0
    shared = len(tp & tokens(whole))
    return shared / len(tp), shared


# --- source and kind ----------------------------------------------------------------------------

_EXTERNAL = re.compile(
    r"赋能其他|其他部门|兄弟部门|外部|跨部门|支持.{0,6}(?:部门|团队)|支撑|协助|应.{0,4}(?:要求|请求)"
    r"|\b(?:other teams?|other departments?|partner teams?|cross-team|on request|requests? from|support(?:ing)? (?:the )?\w+ team|enable other)\b",
    re.IGNORECASE,
)
_CAPABILITY = re.compile(
    r"能力|培养|培训|人才|文化|机制|梯队|招聘|成长|学习|教练|赋能|方法论|知识|组织建设|团队建设"
    r"|\b(?:capabilit\w*|skills?|training|hiring|recruit\w*|talent|culture|coach\w*|learning|mentor\w*|onboard\w*|knowledge|career)\b",
    re.IGNORECASE,
)
ALIGN_CONTAINMENT = 0.4  # share of an upper text's tokens an objective must contain to count as aligned
ALIGN_MIN_SHARED = 3


def objective_text(obj: Objective) -> str:
    """The objective's title and KRs as one text (for matching against upper-level OKRs)."""
    return " ".join([obj.title, *(kr.text for kr in obj.key_results)])


def upper_matches(obj: Objective, refs: dict[str, str]) -> list[str]:
    """Upper-level references whose wording the objective (title + KRs) largely contains."""
    whole = objective_text(obj)
    out = []
    for ref, text in refs.items():
        share, shared = containment(text, whole)
        if share >= ALIGN_CONTAINMENT and shared >= ALIGN_MIN_SHARED:
            out.append(ref)
    return out


def infer_source(obj: Objective, refs: dict[str, str]) -> Source:
    """The source an unstated objective most likely has: links or matching wording → aligned;
    wording about other teams → external support; otherwise self-driven."""
    if obj.aligns_to or upper_matches(obj, refs):
        return Source.aligned
    if _EXTERNAL.search(objective_text(obj)):
        return Source.external_support
    return Source.self_driven


def infer_kind(obj: Objective) -> Kind:
    """Capability-building when the title is about people, skills, culture or mechanisms."""
    return Kind.capability if _CAPABILITY.search(obj.title) else Kind.business
