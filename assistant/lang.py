"""Language detection: is a text Chinese or English?

One rule, used everywhere (rubric messages, prompts, report language): a text is Chinese when
at least 20% of its letters are CJK characters. A share, not a count, so an English KR that
quotes one Chinese name stays English and a Chinese KR full of `OKR`/`UV`/`Scrum` stays Chinese.
"""

from __future__ import annotations

import re

from assistant.models import Lang

ZH_SHARE = 0.2  # CJK characters / (CJK characters + Latin letters) at or above this → "zh"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def cjk_share(text: str) -> float:
    """The share of CJK characters among the letters of `text` (0.0 when it has no letters)."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    total = cjk + latin
    return cjk / total if total else 0.0


def detect_language(text: str) -> Lang:
    """"zh" when at least 20% of the letters in `text` are CJK characters, else "en"."""
    if text.isascii():  # no CJK character at all (most English sets): nothing to count
        return "en"
    cjk = len(_CJK.findall(text))
    # Latin letters are at most the other characters, so a CJK share of the whole text above the
    # bound settles it without counting them (most Chinese sets); the margin keeps float rounding out.
    if cjk > ZH_SHARE * len(text) + 1e-9:
        return "zh"
    total = cjk + len(_LATIN.findall(text))
    return "zh" if total and cjk / total >= ZH_SHARE else "en"
