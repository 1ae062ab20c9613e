"""Reading what a draft does not state: a KR's kind, an objective's source and kind, and how
alike two texts are.

Everything here is deterministic wording analysis (no model). The checker marks every value that
comes from here as inferred, so a user sees that the tool guessed and can state it instead
(`{source: aligned; kind: capability}` on the objective line).
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add

from assistant.measure import (
    IGNORECASE_LETTER,
    NumberSpan,
    find_deadline,
    find_numbers,
    has_frequency,
    time_reading,
)
from assistant.models import Kind, Objective, Source
from assistant.numbers import CN_CHARS, next_quantity, normalise
from assistant.patterns import compile_fast

# --- numbers, frequencies and time -------------------------------------------------------------
# Numbers, frequencies and deadlines are read by assistant.measure and assistant.numbers (one
# reading for the reader and the rubric). What measure does not cover is added here: dates written without "by"/"前"
# (their digits are not targets), bare periods (`Q3`, `上半年`, `this quarter`) and English
# number words (`two releases`, `hire three engineers`).

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# The definitions: two regexes, dates that begin with a digit and dates that begin with a word
# (`Sep 30`, `in 2026`); one alternation of both would be tried at every position. `_date_spans`
# runs faster equivalents (below; tests/test_infer_fast.py pins each to its definition).
_DATES = (
    compile_fast(
        rf"(?:19|20)\d{{2}}\s*(?:年|[-/.]?\s*[QH][1-4]|[-/.]\s*\d{{1,2}}(?:\s*[-/.]\s*\d{{1,2}})?)"
        rf"|\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日号])?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z])",
        re.IGNORECASE,
    ),
    compile_fast(
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b(?:in|of|for|since|the|during|FY)\s*(?:19|20)\d{{2}}\b(?!\s*%)",
        re.IGNORECASE,
    ),
)
# `_DATES[0]` written to start with `\d` (every branch does, after a zero-width `\b`): the engine
# skips to the next digit in C instead of trying a lookahead at every position. After the first
# digit each branch goes on as the definition's: `(?:19|20)` is the digit then `(?<=1)9|(?<=2)0`;
# `\d{1,2}` is the digit then `\d?`; the `\b` before the digit is `(?<!\w\d)` after it.
_DATES_FROM_DIGIT = re.compile(
    rf"\d(?:(?:(?<=1)9|(?<=2)0)\d{{2}}\s*(?:年|[-/.]?\s*[QH][1-4]|[-/.]\s*\d{{1,2}}(?:\s*[-/.]\s*\d{{1,2}})?)"
    rf"|\d?\s*月(?:\s*\d{{1,2}}\s*[日号])?|(?<!\w\d)\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z]))",
    re.IGNORECASE,
)
# A month name's first three letters, in lower-cased text: `_MONTH` (in either `_DATES`) needs one.
# Lower-casing gives ASCII letters for all that IGNORECASE folds to them but `ſ` (s), tested apart.
_MONTH_HINT = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
# The year both `_DATES` need: `(?:19|20)\d{2}` (a literal-first alternation: the engine skips to a 1 or a 2).
_YEAR = re.compile(r"(?:19|20)\d\d")
# What follows a month name in `_DATES[1]`'s other branch: the rest of the word and a dot (`[a-z]*\.?`),
# spaces, a digit. `\S*` takes those letters in lower-cased text too (İ lower-cases to i and a dot above).
_DAY_AFTER = re.compile(r"\S*\s+\d")
_PERIOD = compile_fast(
    r"(?<![A-Za-z])[QH][1-4](?!\d)|季度|上半年|下半年|年底|年末|月底|月末|季末|本月|本周|今年|截[至止]|(?<!以)[前内]\s*(?:[，,。；;]|$)"
    r"|\b(?:end of|this (?:quarter|month|year|half|sprint)|within \w+ (?:days?|weeks?|months?)|deadline)\b",
    re.IGNORECASE,
)
# English patterns written to start with the class of their first letters, in both cases and with
# the characters IGNORECASE folds onto them (ſ → s, \u212a → k, İ ı → i), outside IGNORECASE: the
# engine skips to candidates in C (it cannot for a class of cased letters under IGNORECASE, nor
# after a lookahead). The rest runs under `(?i:…)`: lookbehinds on the consumed letter pick the
# words it can begin, and `\b` before the word is `(?<!\w.)` after its first letter.
# `_DATES[1]`, so written (the months and words in the definition's order):
_DATES_FROM_WORD = re.compile(
    r"[JjFfMmAaSsſOoNnDdIiİıTt](?<!\w.)(?i:"
    r"(?:(?<=j)(?:an|un|ul)|(?<=f)eb|(?<=m)(?:ar|ay)|(?<=a)(?:pr|ug)|(?<=s)(?:ep|ept)|(?<=o)ct|(?<=n)ov|(?<=d)ec)"
    r"[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|(?:(?<=i)n|(?<=o)f|(?<=f)or|(?<=s)ince|(?<=t)he|(?<=d)uring|(?<=f)y)\s*(?:19|20)\d{2}\b(?!\s*%))"
)
# `_PERIOD` in two halves, for a yes/no answer (a match of A|B somewhere is a match of A or of B):
# the Chinese words need a non-ASCII text, the rest a letter IGNORECASE matches. The Chinese half,
# 季度|上半年|下半年|年底|年末|月底|月末|季末|本月|本周|今年|截[至止]|(?<!以)[前内]\s*(?:[，,。；;]|$), is
# written class-first too (its last branch begins with a lookbehind, so the engine could not skip).
_PERIOD_ZH = re.compile(
    r"[季上下年月本今截前内](?:(?<=季)[度末]|(?<=[上下])半年|(?<=[年月])[底末]|(?<=本)[月周]|(?<=今)年|(?<=截)[至止]"
    r"|(?<=[前内])(?<!以.)\s*(?:[，,。；;]|$))"
)
_PERIOD_EN = re.compile(  # (?<![A-Za-z])[QH][1-4](?!\d)|\b(?:end of|this …|within \w+ …|deadline)\b
    r"[QqHhEeTtWwDd](?i:(?<=[qh])(?<![a-z].)[1-4](?!\d)|(?<!\w.)(?:(?<=e)nd of"
    r"|(?<=t)his (?:quarter|month|year|half|sprint)|(?<=w)ithin \w+ (?:days?|weeks?|months?)|(?<=d)eadline)\b)"
)
# Words left at the start once a date is cut out (`by`, `在`, `Q3`, `前`, …).
_LEADING_TIME = re.compile(
    r"^(?:\s*(?:(?:by|before|until|in|on|within|during)\b|[QH][1-4]|在|于|本季度|本月|今年|上半年|下半年|之?前|内|底|末|[,，、]))*",
    re.IGNORECASE,
)
# The characters a `_LEADING_TIME` match can begin with, besides whitespace (most texts begin otherwise).
_LEADING_FIRST = frozenset("bBuUiIİıoOwWdDqQhH在于本今上下之前内底末,，、")
# English number words (measure reads numerals only). "one"/"once" are left out: "the one place",
# "once it ships" are not quantities.
_EN_NUMBER = compile_fast(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundred|dozen)\b",
    re.IGNORECASE,
)
_EN_RATIO = compile_fast(r"\b(?:half|double|twice|triple)\b", re.IGNORECASE)  # "cut tickets by half"
_CN_PERCENT = re.compile(r"百分之[零一二两三四五六七八九十百点]+")
_UNIT_AFTER = compile_fast(r"\s*(?:%|％|‰|万|亿|倍|个百分点|k\b|m\b)", re.IGNORECASE)
_THRESHOLD = compile_fast(
    r"保持|维持|不低于|不少于|不超过|不高于|不大于|以内|低于|高于|控制在|≤|≥|<=|>="
    r"|\b(?:maintain|keep|stay|remain|at least|at most|no more than|no less than|below|under|above|within)\b",
    re.IGNORECASE,
)

# `_THRESHOLD` in two halves, as `_PERIOD`: the Chinese words and ≤ ≥ need a non-ASCII text; the
# English words need a letter, `<=` / `>=` an `=`.
_THRESHOLD_ZH = re.compile(r"保持|维持|不低于|不少于|不超过|不高于|不大于|以内|低于|高于|控制在|≤|≥")
_THRESHOLD_EN = re.compile(  # <=|>=|\b(?:maintain|keep|stay|…|within)\b, written as `_PERIOD_EN`
    r"[<>MmKk\u212aSsſRrAaNnBbUuWw](?i:(?<=[<>])=|(?<!\w.)(?:(?<=m)aintain|(?<=k)eep|(?<=s)tay|(?<=r)emain"
    r"|(?<=a)t (?:least|most)|(?<=n)o (?:more|less) than|(?<=b)elow|(?<=u)nder|(?<=a)bove|(?<=w)ithin)\b)"
)
# `_EN_NUMBER`, written as `_PERIOD_EN`: the same first match (each word is tried where the
# definition tries it, in its order among the words with its first letter).
_EN_NUMBER_FIRST = re.compile(
    r"[TtFfSsſEeNnHhDd](?<!\w.)(?i:(?<=t)(?:wo|hree|en|welve|wenty|hirty)|(?<=f)(?:our|ive|ifteen|orty|ifty)"
    r"|(?<=s)(?:ix|even)|(?<=e)(?:ight|leven)|(?<=n)ine|(?<=h)undred|(?<=d)ozen)\b"
)
# `_EN_NUMBER` or `_EN_RATIO` somewhere: one search instead of two, written as `_PERIOD_EN`.
_EN_COUNT = re.compile(
    r"[TtFfSsſEeNnHhDd](?<!\w.)(?i:(?<=t)(?:wo|hree|en|welve|wenty|hirty|wice|riple)"
    r"|(?<=f)(?:our|ive|ifteen|orty|ifty)|(?<=s)(?:ix|even)|(?<=e)(?:ight|leven)|(?<=n)ine|(?<=h)(?:undred|alf)"
    r"|(?<=d)(?:ozen|ouble))\b"
)


_DIGIT = re.compile(r"\d")  # every branch of `_DATES` holds a digit: text without one has no such date
# Where a number can start (numbers.quantities): a digit (full-width ones are `\d` too) or a Chinese numeral.
_NUMBER_START = re.compile(rf"[\d{CN_CHARS}]")


def _letters(text: str) -> bool:
    """Whether an IGNORECASE pattern could match an ASCII letter in `text`."""
    return IGNORECASE_LETTER.search(text) is not None


def _date_spans(text: str, letters: bool | None = None) -> list[tuple[int, int]]:
    """Where the text's dates and deadline are: `_DATES[0]`'s matches, `_DATES[1]`'s, the deadline.
    `letters`: `_letters(text)`, when known."""
    spans = _dates(text, letters)
    if deadline := find_deadline(text):
        spans.append(deadline[1:])
    return spans


def _dates(text: str, letters: bool | None) -> list[tuple[int, int]]:
    """`_DATES[0]`'s matches, then `_DATES[1]`'s: `_date_spans` without the deadline. `letters`:
    `_letters(text)`, or None when not known yet.

    Each `_DATES` pattern runs only where it can match: every branch needs a year (`19`/`20` and two
    digits), `月` or a month name, and `_DATES[1]`'s branches need a month name or a year."""
    if _DIGIT.search(text) is None:
        return []
    if letters is None:
        letters = _letters(text)
    year = ("19" in text or "20" in text) and _YEAR.search(text) is not None
    low = text.lower() if letters else ""
    hint = _MONTH_HINT.search(low) if letters else None
    odd_s = letters and "ſ" in text  # a month name lower-casing leaves with ſ (see `_MONTH_HINT`)
    if not (year or hint is not None or odd_s or "月" in text):
        return []
    spans = [m.span() for m in _DATES_FROM_DIGIT.finditer(text)]
    # A word begins each `_DATES[1]` match; a year follows it, or (the word is a month's) a day.
    if letters and (year or odd_s or (hint is not None and _day_after_month(low, hint))):
        spans += [m.span() for m in _DATES_FROM_WORD.finditer(text)]
    return spans


def _day_after_month(low: str, hint: re.Match[str]) -> bool:
    """Whether `_DAY_AFTER` follows a month name in `low` (lower-cased text), from `hint`, the first.

    Looking after each match of `_MONTH_HINT` is enough: a month name that starts inside another one
    ends in that one's word, which `_DAY_AFTER` crosses."""
    while hint is not None:
        if _DAY_AFTER.match(low, hint.end()) is not None:
            return True
        hint = _MONTH_HINT.search(low, hint.end())
    return False


def _first_count(text: str, dates: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    """Where `quantities(text, dates)[0]` is, without the numbers' values (`numbers` finds the
    numbers `find_numbers` finds, at the same places), or None. `dates`: the date spans, or None."""
    if _NUMBER_START.search(text) is None:
        return None
    return _first_count_in(text, normalise(text), _date_spans(text) if dates is None else dates)


def _first_count_in(text: str, norm: str, dates: list[tuple[int, int]]) -> tuple[int, int] | None:
    """`_first_count(text, dates)` with `norm`, the normalised text, known: its numbers are read one at a
    time (`numbers.next_quantity`), none after the first that counts."""
    q = next_quantity(norm)
    while q is not None:
        start, end = q[0], q[1]
        if text[start - 1 : start] != "第":  # `第一周` is an ordinal, not a count
            for a, b in dates:  # (a loop, not any(…): no generator to make and close per number)
                if a <= start < b:
                    break
            else:
                return start, end
        q = next_quantity(norm, end)
    return None


def _time_and_norm(text: str, letters: bool) -> tuple[list[tuple[int, int]], bool, str]:
    """`_date_spans(text, letters)`, `has_frequency(text)` and `normalise(text)`, with one reading by
    assistant.measure for the deadline, the rhythm and the normalised text."""
    norm, deadline, rhythm = time_reading(text, letters)
    dates = _dates(text, letters)
    if deadline is not None:
        dates.append(deadline)
    return dates, rhythm, norm


def _has_count(text: str, dates: list[tuple[int, int]] | None) -> bool:
    """`bool(quantities(text, dates))`."""
    return _first_count(text, dates) is not None


def _has_period(text: str, letters: bool) -> bool:
    """`_PERIOD.search(text) is not None`; `letters` is `_letters(text)`."""
    return _says(text, _PERIOD_ZH, _PERIOD_EN, letters)


def _has_threshold(text: str, letters: bool) -> bool:
    """`_THRESHOLD.search(text) is not None`; `letters` is `_letters(text)`."""
    return (not text.isascii() and _THRESHOLD_ZH.search(text) is not None) or (
        (letters or "=" in text) and _may_say(text, _THRESHOLD_WORDS) and _THRESHOLD_EN.search(text) is not None)


# Each word `_THRESHOLD_EN` matches, lower-cased: it matches none where none of them is in the lower-cased text.
_THRESHOLD_WORDS = ("maintain", "keep", "stay", "remain", "at least", "at most", "no more than", "no less than",
                    "below", "under", "above", "within", "<=", ">=")
# What IGNORECASE lets match s, i or k besides them, and lower-casing does not turn into that letter alone.
_ODD_LETTER = re.compile("[ſıİ\u212a]")


def _may_say(text: str, words: tuple[str, ...]) -> bool:
    """False only when no word of `words` (lower-case) can be matched in `text` under IGNORECASE.

    `in` tests on the lower-cased text, cheaper than a search that starts at every candidate letter:
    lower-casing turns every other character IGNORECASE lets match an ASCII letter into that letter."""
    if not text.isascii() and _ODD_LETTER.search(text) is not None:
        return True
    low = text.lower()
    for word in words:
        if word in low:
            return True
    return False


def quantities(text: str, dates: list[tuple[int, int]] | None = None) -> list[NumberSpan]:
    """The numbers in `text` that are quantities: measure.find_numbers minus dates and deadlines
    (`2026 年 6 月底前`, `on 30 Sep`). `dates`: the text's date spans, when already known."""
    numbers = find_numbers(text)
    if not numbers:
        return numbers
    dates = _date_spans(text) if dates is None else dates
    return [n for n in numbers  # `第一周` is an ordinal, not a count
            if not any(a <= n.start < b for a, b in dates) and text[n.start - 1 : n.start] != "第"]


def has_quantity(text: str, dates: list[tuple[int, int]] | None = None) -> bool:
    """True when the text (dates aside) names a number, count or percentage, in digits, Chinese
    numerals or English words."""
    # text with no letter an IGNORECASE pattern could match has no English number word
    return _has_count(text, dates) or (_letters(text) and _EN_COUNT.search(text) is not None)


def first_quantity(text: str, dates: list[tuple[int, int]] | None = None) -> str | None:
    """The first quantity in `text` as written, with its unit when it is a share or a multiple
    (`80%`, `1.5万`, `two`), or None. Objectives use it: numbers belong in their KRs."""
    if share := _CN_PERCENT.search(text):
        return share.group()
    first = _first_count(text, dates)
    word = _EN_NUMBER_FIRST.search(text) if _letters(text) else None  # _EN_NUMBER.search(text)
    if first is not None and (word is None or first[0] < word.start()):
        start, end = first
        unit = _UNIT_AFTER.match(text, end)
        return text[start : unit.end() if unit else end].strip()
    return word.group() if word else None


def is_timebound(text: str, dates: list[tuple[int, int]] | None = None) -> bool:
    """True when the text names a deadline, a date, a period or a recurring rhythm."""
    dates = _date_spans(text) if dates is None else dates
    return bool(dates) or has_frequency(text) or _has_period(text, _letters(text))


def without_time(text: str, dates: list[tuple[int, int]] | None = None) -> str:
    """The text with its deadline, dates and leading period words removed, so `2026 年 6 月底前上线…`
    and `By 30 Sep, launch…` read as what they say after the date."""
    spans = _date_spans(text) if dates is None else dates
    core = text
    if spans:
        out, pos = [], 0
        for a, b in sorted(spans):
            if a >= pos:  # a span that starts inside the one before is skipped whole
                out.append(text[pos:a])
                pos = b
        out.append(text[pos:])
        core = "".join(out)
    if core[:1] in _LEADING_FIRST or core[:1].isspace():  # else the match is empty
        core = core[_LEADING_TIME.match(core).end() :]  # `^`-anchored: the one match there is
    return core.strip(" \t,，、:：;；.。")


@lru_cache(maxsize=8192)
def kr_facts(text: str) -> tuple[str, bool, str]:
    """What the checks read from a KR's wording, once: its kind, whether it is time-bound, and
    its text without dates."""
    letters = _letters(text)  # asked by four of the readings
    dates, rhythm, norm = _time_and_norm(text, letters)  # dates read once, used three times
    # has_quantity and _kind written out on what is already read (tests/test_infer_fast.py and the
    # infer golden keep kr_facts equal to kr_kind, is_timebound and without_time)
    measured = rhythm or _first_count_in(text, norm, dates) is not None or (
        letters and _EN_COUNT.search(text) is not None)
    kind = ("threshold" if _has_threshold(text, letters) else "metric") if measured else "milestone"
    timebound = bool(dates) or rhythm or _has_period(text, letters)
    return kind, timebound, without_time(text, dates)


@lru_cache(maxsize=4096)
def title_facts(title: str) -> tuple[str, str | None]:
    """What the checks read from an objective's title, once: the title without its dates, and the
    first quantity in it (None when there is none)."""
    dates = _date_spans(title)
    return without_time(title, dates), first_quantity(title, dates)


def kr_kind(text: str, dates: list[tuple[int, int]] | None = None) -> str:
    """A KR's kind read from its wording: "metric", "threshold" (a level to maintain) or "milestone"."""
    return _kind(text, has_quantity(text, dates) or has_frequency(text))


def _kind(text: str, measured: bool) -> str:
    if not measured:
        return "milestone"
    return "threshold" if _has_threshold(text, _letters(text)) else "metric"


# --- similarity ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z]+|\d+(?:\.\d+)?|%")  # the definition (on lower-cased text); run as _lexed
_STOP = frozenset(
    "a an the and or of to for in on at by with from into our my we is be are this that it its each per".split()
    + ["的", "和", "与", "及", "并", "在", "对", "为"]
)
# `_TOKEN` read in two passes, faster than one with the Python loop it needs: the Chinese runs, and
# the other tokens (the classes do not overlap, so a run never changes where the others begin).
# `_OTHER_TOKEN` is `[a-z]+|\d+(?:\.\d+)?|%` written to start with its first-character class (the
# engine then skips to candidates in C); each branch goes on as that one's would.
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_OTHER_TOKEN = re.compile(r"[a-z\d%](?:(?<=[a-z])[a-z]*|(?<=\d)\d*(?:\.\d+)?|(?<=%))")


@lru_cache(maxsize=8192)
def _lexed(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """`_TOKEN.findall(text.lower())` split: (the words, numbers and `%`, as a set; the Chinese runs).

    `tokens`, `char_tokens` and `_split_tokens` are read from it: a KR's text is read once for
    `upper_matches` (in `prepare`) and the `duplicate` check's `char_tokens`."""
    low = text.lower()
    return frozenset(_OTHER_TOKEN.findall(low)), (() if low.isascii() else tuple(_CJK_RUN.findall(low)))


@lru_cache(maxsize=8192)
def tokens(text: str) -> frozenset[str]:
    """Comparable tokens: Chinese character bigrams (single characters for one-character runs),
    lower-cased words without stop words, numbers and `%`."""
    bigrams, others = _split_tokens(text)
    return others.union(bigrams)  # bigrams are never stop words


@lru_cache(maxsize=8192)
def char_tokens(text: str) -> frozenset[str]:
    """Like `tokens`, with single Chinese characters instead of bigrams: short Chinese KRs that say
    the same thing in other words (`月活用户` / `月活跃用户数`) share characters, not bigrams."""
    others, runs = _lexed(text)
    return (others.union("".join(runs)) if runs else others) - _STOP


def similarity(a: str, b: str) -> float:
    """Dice similarity of two texts' `char_tokens` (0–1); 1.0 for the same wording."""
    return dice(char_tokens(a), char_tokens(b))


def dice(ta: frozenset[str], tb: frozenset[str]) -> float:
    """Dice similarity of two token sets (0 when either is empty)."""
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


# --- source and kind ----------------------------------------------------------------------------

_EXTERNAL = compile_fast(
    r"赋能其他|其他部门|兄弟部门|外部|跨部门|支持.{0,6}(?:部门|团队)|支撑|协助|应.{0,4}(?:要求|请求)"
    r"|\b(?:other teams?|other departments?|partner teams?|cross-team|on request|requests? from|support(?:ing)? (?:the )?\w+ team|enable other)\b",
    re.IGNORECASE,
)
_CAPABILITY = compile_fast(
    r"能力|培养|培训|人才|文化|机制|梯队|招聘|成长|学习|教练|赋能|方法论|知识|组织建设|团队建设"
    r"|\b(?:capabilit\w*|skills?|training|hiring|recruit\w*|talent|culture|coach\w*|learning|mentor\w*|onboard\w*|knowledge|career)\b",
    re.IGNORECASE,
)
# Each in two halves for a yes/no answer, as `_PERIOD`: the Chinese words (a plain alternation of
# literals) for a non-ASCII text, the English words (class-first, as `_PERIOD_EN`) for one with letters.
_EXTERNAL_ZH = re.compile(r"赋能其他|其他部门|兄弟部门|外部|跨部门|支持.{0,6}(?:部门|团队)|支撑|协助|应.{0,4}(?:要求|请求)")
_EXTERNAL_EN = re.compile(
    r"[OoPpCcRrSsſEe](?<!\w.)(?i:(?<=o)(?:ther (?:teams?|departments?)|n request)|(?<=p)artner teams?|(?<=c)ross-team"
    r"|(?<=r)equests? from|(?<=s)upport(?:ing)? (?:the )?\w+ team|(?<=e)nable other)\b"
)
_CAPABILITY_ZH = re.compile(r"能力|培养|培训|人才|文化|机制|梯队|招聘|成长|学习|教练|赋能|方法论|知识|组织建设|团队建设")
_CAPABILITY_EN = re.compile(
    r"[CcSsſTtHhRrLlMmOoKk\u212a](?<!\w.)(?i:(?<=c)(?:apabilit\w*|ulture|oach\w*|areer)|(?<=s)kills?"
    r"|(?<=t)(?:raining|alent)|(?<=h)iring|(?<=r)ecruit\w*|(?<=l)earning|(?<=m)entor\w*|(?<=o)nboard\w*"
    r"|(?<=k)nowledge)\b"
)


def _says(text: str, zh: re.Pattern[str], en: re.Pattern[str], letters: bool | None = None) -> bool:
    """Whether the Chinese or the English half of a pattern split so matches somewhere in `text`: the
    Chinese half needs a non-ASCII text, the English one a letter (`letters`: `_letters(text)`, if known)."""
    return (not text.isascii() and zh.search(text) is not None) or (
        (_letters(text) if letters is None else letters) and en.search(text) is not None)


ALIGN_CONTAINMENT = 0.4  # share of an upper text's tokens an objective must contain to count as aligned
ALIGN_MIN_SHARED = 3


def objective_text(obj: Objective) -> str:
    """The objective's title and KRs as one text (for matching against upper-level OKRs)."""
    return " ".join([obj.title, *(kr.text for kr in obj.key_results)])


@lru_cache(maxsize=8192)
def _other_tokens(text: str) -> frozenset[str]:
    """`tokens(text)` without its Chinese bigrams: words, numbers, `%` and one-character runs."""
    words, runs = _lexed(text)
    return (words.union([run for run in runs if len(run) == 1]) if runs else words) - _STOP


@lru_cache(maxsize=4096)
def _split_tokens(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """`tokens(text)` as (its Chinese bigrams, the rest: `_other_tokens`); bigrams are never stop words."""
    bigrams: set[str] = set()
    for run in _lexed(text)[1]:
        bigrams.update(map(add, run, run[1:]))  # each character and the next; none for a one-character run
    return tuple(bigrams), _other_tokens(text)


def upper_matches(obj: Objective, refs: dict[str, str]) -> list[str]:
    """Upper-level references whose wording the objective (title + KRs) largely contains.

    The shared tokens are those of `tokens`. A Chinese bigram is among the objective's tokens exactly
    when its two characters stand side by side in the objective's text (both are Chinese, so they
    are one run): bigrams are looked up in the text, never built for the objective. Its other tokens
    (words, numbers, one-character runs) are its parts' (`_other_tokens`, read once per text and
    shared with the duplicate check). A reference's tokens are cached."""
    parts = [kr.text for kr in obj.key_results]
    parts.append(obj.title)  # objective_text's parts in another order: only which tokens the text holds counts
    low = " ".join(parts).lower()
    contains = low.__contains__
    rest: frozenset[str] | None = None
    out = []
    for ref, text in refs.items():
        bigrams, others = _split_tokens(text)
        need = max(ALIGN_MIN_SHARED, ALIGN_CONTAINMENT * (len(bigrams) + len(others)))
        shared = sum(map(contains, bigrams))  # the bigrams that stand in the objective's text
        if shared + len(others) < need:  # not enough even with every other token shared
            continue
        if others:
            if rest is None:
                # No token spans the spaces that join the parts (nor does lower-casing reach across
                # them), so the objective's other tokens are its parts' (read once per KR text).
                rest = frozenset().union(*map(_other_tokens, parts))
            shared += len(others & rest)
        if shared >= need:
            out.append(ref)
    return out


def infer_source(obj: Objective, refs: dict[str, str], matches: list[str] | None = None) -> Source:
    """The source an unstated objective most likely has: links or matching wording → aligned;
    wording about other teams → external support; otherwise self-driven. `matches`: the
    objective's `upper_matches`, when already known."""
    if obj.aligns_to or (upper_matches(obj, refs) if matches is None else matches):
        return Source.aligned
    if _says(objective_text(obj), _EXTERNAL_ZH, _EXTERNAL_EN):  # _EXTERNAL.search
        return Source.external_support
    return Source.self_driven


def infer_kind(obj: Objective) -> Kind:
    """Capability-building when the title is about people, skills, culture or mechanisms."""
    return Kind.capability if _says(obj.title, _CAPABILITY_ZH, _CAPABILITY_EN) else Kind.business  # _CAPABILITY
