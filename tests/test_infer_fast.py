"""The faster equivalents in assistant/infer.py give exactly what their definitions give.

Each definition is written here as infer.py first had it (a pattern of infer's own, or the plain
code); hypothesis draws texts from pieces that stress the edges: years and months, `月`/`日`,
full-width digits, Chinese numerals, `第`, month names in any case, the letters IGNORECASE folds
onto ASCII (ſ, K, İ, ı), period and threshold words, number words, stop words, `<=`.
tests/test_infer_golden.py pins the same functions on ~19,000 real texts.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant import infer
from assistant.measure import IGNORECASE_LETTER, find_deadline, find_numbers, has_frequency
from assistant.models import KeyResult, Objective

PIECES = [
    "19", "20", "2026", "1999", "2019年", "2026-09-30", "2026/9", "2026.Q3", "2026 H1", "2026年Q2", "0", "1", "3", "12",
    "30", "85", "1,200", "3.5", "１", "２０２６", "８５", "9月", "9 月", "12月30日", "6月底前", "月", "日", "号", "年", "季度",
    "上半年", "下半年", "年底", "年末", "月末", "季末", "本月", "本周", "今年", "截至", "截止", "前", "内", "以内", "以前",
    "第", "第一周", "二十四", "三个",
    "两", "一万", "百分之八十", "，", "。", ",", ";", "；", " ", "  ", "\t", "-", "/", ".", "%", "％",
    "Sep", "sept", "SEPT", "ſep", "september", "Jan", "may", "MAR", "dec.", "Oct", "30th", "1st", "of", "in", "IN",
    "the",
    "for", "since", "during", "FY", "fy", "by", "By", "before", "until", "on", "within", "Q3", "q3", "H1", "h2", "Q12",
    "end of", "this quarter", "This Month", "within two weeks", "deadline", "maintain", "Keep", "at least",
    "no more than", "below", "under", "at most", "no less than", "above", "remain", "stay", "<=", ">=", "≤", "≥", "保持",
    "不低于", "控制在", "two", "Twelve", "dozen", "half", "twice", "once",
    "ſ", "\u212a", "İ", "ı", "k", "K", "i", "s", "a", "x", "X", "p95", "v1.2", "KR1", "O2", "ms", "days", "weeks",
    "releases", "上线", "完成", "交付", "覆盖", "团队", "敏捷", "的", "和", "提升", "OKR", "NPS", "在", "于", "之前", "底", "末",
    "、", "：", ":", "月活", "用户", "数", "㐀", "鿿", "\u4dc0", "\u9fa5", "_", "e2e", "3rd",
    "\n", "٣", "𠀀", "\u0307",  # a line break, a non-ASCII digit, a character beyond the BMP, a combining mark
]
TEXT = st.one_of(st.lists(st.sampled_from(PIECES), max_size=14).map("".join),
                 st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
                 st.text(st.sampled_from(sorted(set("".join(PIECES)))), max_size=30),
                 st.text(max_size=20))  # any characters at all

# --- the definitions ---------------------------------------------------------------------------


def date_spans_by_definition(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for rx in infer._DATES for m in rx.finditer(text)] if re.search(r"\d", text) else []
    if deadline := find_deadline(text):
        spans.append(deadline[1:])
    return spans


def quantities_by_definition(text: str, dates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(n.start, n.end) for n in find_numbers(text)
            if not any(a <= n.start < b for a, b in dates) and text[n.start - 1 : n.start] != "第"]


def has_quantity_by_definition(text: str) -> bool:
    if quantities_by_definition(text, date_spans_by_definition(text)):
        return True
    return IGNORECASE_LETTER.search(text) is not None and (
        infer._EN_NUMBER.search(text) is not None or infer._EN_RATIO.search(text) is not None)


def first_quantity_by_definition(text: str) -> str | None:
    if share := infer._CN_PERCENT.search(text):
        return share.group()
    nums = find_numbers(text)
    dates = date_spans_by_definition(text) if nums else []
    nums = [n for n in nums if not any(a <= n.start < b for a, b in dates) and text[n.start - 1 : n.start] != "第"]
    word = infer._EN_NUMBER.search(text)
    if nums and (word is None or nums[0].start < word.start()):
        n = nums[0]
        unit = infer._UNIT_AFTER.match(text, n.end)
        return text[n.start : unit.end() if unit else n.end].strip()
    return word.group() if word else None


def without_time_by_definition(text: str) -> str:
    spans = sorted(date_spans_by_definition(text))
    out, pos = [], 0
    for a, b in spans:
        if a >= pos:
            out.append(text[pos:a])
            pos = b
    out.append(text[pos:])
    core = infer._LEADING_TIME.sub("", "".join(out))
    return core.strip(" \t,，、:：;；.。")


def kr_facts_by_definition(text: str) -> tuple[str, bool, str]:
    dates = date_spans_by_definition(text)
    rhythm = has_frequency(text)
    measured = rhythm or has_quantity_by_definition(text)
    kind = ("threshold" if infer._THRESHOLD.search(text) else "metric") if measured else "milestone"
    timebound = bool(dates) or rhythm or infer._PERIOD.search(text) is not None
    return kind, timebound, without_time_by_definition(text)


_STOP = infer._STOP


def tokens_by_definition(text: str) -> frozenset[str]:
    out: set[str] = set()
    for t in infer._TOKEN.findall(text.lower()):
        if "\u3400" <= t[0] <= "\u9fff" and len(t) > 1:
            out.update([a + b for a, b in zip(t, t[1:])])
        else:
            out.add(t)
    return frozenset(out - _STOP)


def char_tokens_by_definition(text: str) -> frozenset[str]:
    out: set[str] = set()
    for t in infer._TOKEN.findall(text.lower()):
        if "\u3400" <= t[0] <= "\u9fff":
            out.update(t)
        else:
            out.add(t)
    return frozenset(out - _STOP)


# --- the equivalences --------------------------------------------------------------------------


@settings(max_examples=3000, deadline=None)
@given(TEXT)
@example("in 2026-09 by 30 Sep, ship 2 releases")  # overlapping spans from both date patterns
@example("a1999年 ſep 3 1st of Sept. FY2026")
@example("ſep 3")  # a month IGNORECASE reads, that lower-casing does not make ASCII
@example("3 ſept")
@example("junov 3, decemberoct 30th")  # a month name inside another's word
@example("in 19160 ms, by 30 Sep; 2019年; during 2026")
@example("Sep\u212a 3, Mayİ. 30th, decı 1, during２０２６, FY 1999")  # letters IGNORECASE folds, inside the word
@example("a3 Sep")  # no word boundary before the digit
@example("in 2026 % of FY2019 and since 2020")  # a year followed by % is a share, not a date
def test_date_patterns_and_spans_equal_their_definitions(text: str) -> None:
    def spans(rx: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in rx.finditer(text)]

    assert spans(infer._DATES_FROM_DIGIT) == spans(infer._DATES[0])
    assert spans(infer._DATES_FROM_WORD) == spans(infer._DATES[1])
    if spans(infer._DATES[1]):  # the gates in front of `_DATES_FROM_WORD` let every text with a match through
        low = text.lower()
        hint = infer._MONTH_HINT.search(low)
        assert infer._YEAR.search(text) or "ſ" in text or (hint is not None and infer._day_after_month(low, hint))
    assert infer._date_spans(text) == date_spans_by_definition(text)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
@example("第一周完成 3 次 by 30 Sep")
def test_quantity_readings_equal_their_definitions(text: str) -> None:
    dates = date_spans_by_definition(text)
    assert infer._has_count(text, dates) == bool(quantities_by_definition(text, dates))
    assert infer._has_count(text, None) == bool(quantities_by_definition(text, dates))
    assert [(n.start, n.end) for n in infer.quantities(text)] == quantities_by_definition(text, dates)
    assert infer.has_quantity(text) == infer.has_quantity(text, dates) == has_quantity_by_definition(text)
    word = infer._EN_NUMBER.search(text)
    fast = infer._EN_NUMBER_FIRST.search(text)
    assert (fast and (fast.span(), fast.group())) == (word and (word.span(), word.group()))
    assert infer.first_quantity(text) == first_quantity_by_definition(text)
    assert infer.title_facts.__wrapped__(text) == (without_time_by_definition(text), first_quantity_by_definition(text))
    assert (infer._EN_COUNT.search(text) is not None) == (
        infer._EN_NUMBER.search(text) is not None or infer._EN_RATIO.search(text) is not None)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
@example("第一周完成 3 次 by 30 Sep, 每月")
@example("ſep 3 of FY2026 weekly")
def test_one_measure_reading_gives_the_dates_rhythm_and_counts_of_the_separate_readings(text: str) -> None:
    """kr_facts' one call into measure (`_time_and_norm`) gives `_date_spans`, `has_frequency` and the
    normalised text; the first number read from it outside the dates is the first quantity."""
    letters = IGNORECASE_LETTER.search(text) is not None
    dates, rhythm, norm = infer._time_and_norm(text, letters)
    assert dates == date_spans_by_definition(text) == infer._date_spans(text)
    assert rhythm == has_frequency(text)
    want = quantities_by_definition(text, dates)
    assert infer._first_count_in(text, norm, dates) == (want[0] if want else None) == infer._first_count(text, None)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
@example("保持 <= 3\u212aeep")
@example("ſtay 3")  # letters IGNORECASE matches that lower-casing leaves alone (or makes two characters)
@example("maİntain 3")
@example("wıthin 3 weeks")
def test_period_threshold_and_facts_equal_their_definitions(text: str) -> None:
    letters = IGNORECASE_LETTER.search(text) is not None
    assert infer._has_period(text, letters) == (infer._PERIOD.search(text) is not None)
    assert infer._has_threshold(text, letters) == (infer._THRESHOLD.search(text) is not None)
    if infer._THRESHOLD_EN.search(text):  # the gate in front of the English half lets every text it matches through
        assert infer._may_say(text, infer._THRESHOLD_WORDS)
    assert infer.without_time(text) == without_time_by_definition(text)
    assert infer.kr_facts.__wrapped__(text) == kr_facts_by_definition(text)
    assert infer.is_timebound(text) == kr_facts_by_definition(text)[1]
    assert infer.kr_kind(text) == kr_facts_by_definition(text)[0]


@settings(max_examples=3000, deadline=None)
@given(TEXT)
@example("v1.2.3 ＫＲ 12.5% İstanbul 月活跃用户数")
def test_tokens_equal_their_definitions(text: str) -> None:
    low = text.lower()
    assert infer._OTHER_TOKEN.findall(low) == re.findall(r"[a-z]+|\d+(?:\.\d+)?|%", low)
    assert infer.tokens.__wrapped__(text) == tokens_by_definition(text)
    assert infer.char_tokens.__wrapped__(text) == char_tokens_by_definition(text)
    bigrams, others = infer._split_tokens.__wrapped__(text)
    assert len(set(bigrams)) == len(bigrams) and set(bigrams) | others == tokens_by_definition(text)
    assert all(len(b) == 2 for b in bigrams) and not any(
        len(t) == 2 and "\u3400" <= t[0] <= "\u9fff" and "\u3400" <= t[1] <= "\u9fff" for t in others)


@settings(max_examples=800, deadline=None)
@given(TEXT, st.lists(TEXT, max_size=3), st.lists(TEXT, min_size=1, max_size=4))
def test_upper_matches_equal_the_token_rule_over_the_joined_text(title: str, krs: list[str], uppers: list[str]) -> None:
    """The objective's tokens read per part (title, each KR) are those of the joined text."""
    obj = Objective(title=title, key_results=[KeyResult(text=k) for k in krs])
    whole = tokens_by_definition(infer.objective_text(obj))
    refs = {f"manager:O1.KR{i}": text for i, text in enumerate(uppers, 1)}
    want = [ref for ref, text in refs.items()
            if (shared := len(tokens_by_definition(text) & whole)) >= infer.ALIGN_MIN_SHARED
            and shared >= infer.ALIGN_CONTAINMENT * len(tokens_by_definition(text))]
    assert infer.upper_matches(obj, refs) == want


# Each class-first pattern: its first-letter class, the words' first letters under IGNORECASE.
FIRST_LETTERS = {"_DATES_FROM_WORD": "jfmasondit", "_PERIOD_EN": "qhetwd", "_THRESHOLD_EN": "<>mksranbuw",
                 "_EN_COUNT": "tfsenhd", "_EN_NUMBER_FIRST": "tfsenhd", "_EXTERNAL_EN": "opcrse",
                 "_CAPABILITY_EN": "csthrlmok"}


def test_each_first_letter_class_is_what_ignorecase_lets_those_letters_match() -> None:
    """Every character of the basic plane: taken first by the class exactly when IGNORECASE would
    let it match one of the first letters (both cases, ſ for s, the Kelvin sign for k, İ ı for i)."""
    for name, letters in FIRST_LETTERS.items():
        cls = re.compile(getattr(infer, name).pattern.split("]", 1)[0] + "]")
        want = re.compile(f"[{re.escape(letters)}]", re.IGNORECASE)
        assert [c for c in range(0x10000) if cls.fullmatch(chr(c))] == [
            c for c in range(0x10000) if want.fullmatch(chr(c))], name


@settings(max_examples=2000, deadline=None)
@given(TEXT)
@example("ſtay under 3 ſeven \u212aeep")
def test_english_halves_equal_the_definitions_english_words(text: str) -> None:
    period_en = (r"(?<![A-Za-z])[QH][1-4](?!\d)|\b(?:end of|this (?:quarter|month|year|half|sprint)"
                 r"|within \w+ (?:days?|weeks?|months?)|deadline)\b")
    threshold_en = (r"<=|>=|\b(?:maintain|keep|stay|remain|at least|at most|no more than|no less than|below|under|above"
                    r"|within)\b")
    assert (infer._PERIOD_EN.search(text) is not None) == (re.search(period_en, text, re.IGNORECASE) is not None)
    assert (infer._THRESHOLD_EN.search(text) is not None) == (re.search(threshold_en, text, re.IGNORECASE) is not None)


SOURCE_PIECES = ["赋能其他", "其他部门", "兄弟", "部门", "外部", "跨部门", "支持", "团队", "支撑", "协助", "应", "要求", "请求",
                 "能力", "培养", "人才", "文化", "机制", "组织建设", "团队建设", "知识", "other teams", "Other Team",
                 "other departments", "partner team", "cross-team", "on request", "requests from", "request from",
                 "supporting the search team", "support ſearch team", "enable other", "capabilities", "skill", "ſkills",
                 "training", "hiring", "recruiters", "talent", "culture", "coaching", "learning", "mentors",
                 "onboarding", "\u212anowledge", "career", "x", "-", "_", "3", " ", "，", "的", "a", "ſ", "İ", "the "]
SOURCE_TEXT = st.one_of(TEXT, st.lists(st.sampled_from(SOURCE_PIECES), max_size=8).map("".join))


@settings(max_examples=3000, deadline=None)
@given(SOURCE_TEXT)
@example("ſupport the search team")
@example("xother teams")  # no word boundary before `other`
def test_source_and_kind_words_equal_their_definitions(text: str) -> None:
    assert infer._says(text, infer._EXTERNAL_ZH, infer._EXTERNAL_EN) == (infer._EXTERNAL.search(text) is not None)
    assert infer._says(text, infer._CAPABILITY_ZH, infer._CAPABILITY_EN) == (infer._CAPABILITY.search(text) is not None)
    obj = Objective(title=text, key_results=[KeyResult(text=text)])
    assert infer.infer_kind(obj).value == ("capability" if infer._CAPABILITY.search(text) else "business")
    external = infer._EXTERNAL.search(infer.objective_text(obj)) is not None
    assert infer.infer_source(obj, {}, []).value == ("external_support" if external else "self_driven")


def test_leading_time_words_begin_only_with_the_listed_characters() -> None:
    """A text beginning with any other character (not whitespace) has no leading period word to cut."""
    tails = ["y", "efore", "ntil", "n", "ithin", "uring", "1", "季度", "月", "年", "半年", "前", " by", ""]
    for c in map(chr, range(0x10000)):
        if c not in infer._LEADING_FIRST and not c.isspace():
            assert not any(infer._LEADING_TIME.match(c + tail).end() for tail in tails), hex(ord(c))
    assert all(any(infer._LEADING_TIME.match(c + tail).end() for tail in tails) for c in infer._LEADING_FIRST)


def test_a_date_inside_another_is_cut_as_the_definition_cuts_it() -> None:
    """Overlapping spans (`in 2026` and `2026-09`): the one that starts inside the first is skipped whole."""
    text = "in 2026-09 ship the new checkout"
    assert infer.without_time(text) == without_time_by_definition(text) == "-09 ship the new checkout"
    assert infer.kr_facts("By 30 Sep, launch two pilots") == ("metric", True, "launch two pilots")
    assert infer.kr_facts("2026 年 6 月底前上线监控告警") == ("milestone", True, "上线监控告警")
