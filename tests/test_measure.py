"""What a KR's wording says: the phrasings of issue 2, in Chinese and English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.lang import detect_language
from assistant.measure import find_deadline, find_numbers, has_frequency, has_number, parse_number, read_key_result
from assistant.models import Direction


@pytest.mark.parametrize(
    ("text", "value"),
    [("85", 85), ("８５", 85), ("1,200", 1200), ("1.5万", 15000), ("3千", 3000), ("二十四", 24), ("两百", 200),
     ("一百零五", 105), ("十", 10), ("十二", 12), ("三万五千", 35000), ("80%", 80), ("二〇一九", 2019)],
)
def test_parse_number_reads_arabic_fullwidth_and_chinese(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "统一", "85分钟后", "一些"])
def test_parse_number_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "metric", "baseline", "target", "unit", "direction", "deadline"),
    [
        ("敏捷成熟度达到85分", "敏捷成熟度", None, 85, "分", Direction.reach, None),
        ("敏捷团队OKR覆盖度80%", "敏捷团队OKR覆盖度", None, 80, "%", Direction.reach, None),
        ("需求平均交付时长为32天", "需求平均交付时长", None, 32, "天", Direction.reach, None),
        ("每月至少一次", None, None, 1, "次/月", Direction.reach, None),
        ("平均阅读 UV300 以上", "平均阅读 UV", None, 300, None, Direction.reach, None),
        ("从 2% 提升到 4%", None, 2, 4, "%", Direction.increase, None),
        ("需求交付周期从30天缩短到20天", "需求交付周期", 30, 20, "天", Direction.decrease, None),
        ("increase NPS from 30 to 45 by end of Q3", "NPS", 30, 45, None, Direction.increase, "end of Q3"),
        ("ship 3 releases per month", "releases", None, 3, "releases/month", Direction.reach, None),
        ("二十四个团队", "团队", None, 24, "个", Direction.reach, None),
        ("reduce p95 latency to 300 ms", "p95 latency", None, 300, "ms", Direction.decrease, None),
        ("９月底前上线２个版本", "版本", None, 2, "个", Direction.reach, "９月底前"),
    ],
)
def test_read_key_result_fills_the_fields(text, metric, baseline, target, unit, direction, deadline) -> None:
    kr = read_key_result(text)
    assert kr.text == text
    assert (kr.metric, kr.baseline, kr.target, kr.unit, kr.direction, kr.deadline) == (
        metric, baseline, target, unit, direction, deadline)


def test_author_kr_targets_the_score_not_the_team_count() -> None:
    kr = read_key_result("通过 Scrum 方法、Kanban 方法、敏捷需求实践3个维度的敏捷能力建设，每个季度保证 24 个敏捷团队的敏捷能力达 85 分")
    assert (kr.metric, kr.target, kr.unit) == ("敏捷能力", 85, "分")


def test_a_kr_without_numbers_has_no_target() -> None:
    kr = read_key_result("建设统一的敏捷平台")
    assert kr.target is None and kr.direction is None and not has_number(kr.text)


def test_quarters_percentiles_and_refs_are_not_quantities() -> None:
    assert [n.value for n in find_numbers("Q3 p95 KR1 O2 v2 上线 3 个")] == [3]


@pytest.mark.parametrize("text", ["KR1：完成官网改版", "支撑上级 KR2 的交付改进", "对齐 O2，完成迁移", "KR1.2 上线"])
def test_a_lone_reference_is_not_a_quantity(text: str) -> None:
    assert find_numbers(text) == [] and read_key_result(text).target is None


@pytest.mark.parametrize(
    ("text", "baseline", "target", "deadline"),
    [("RAISE NPS FROM 30 TO 45 BY END OF Q3", 30, 45, "END OF Q3"), ("Ship 3 releases IN Q4", None, 3, "Q4"),
     ("Error rate From 2% To 1% Before 30 Sep", 2, 1, "30 Sep")],
)
def test_upper_case_words_read_as_lower_case_ones(text: str, baseline: float | None, target: float,
                                                  deadline: str) -> None:
    kr = read_key_result(text)
    assert (kr.baseline, kr.target, kr.deadline) == (baseline, target, deadline)


def test_this_cycle_is_a_deadline_not_this_week() -> None:
    assert read_key_result("本周期内完成 3 场培训").deadline == "本周期内"
    assert read_key_result("本周完成 2 次分享").deadline == "本周"


def test_find_numbers_spans_point_into_the_original_text() -> None:
    text = "覆盖达７０％，培养二十四名教练"
    assert [(text[n.start:n.end], n.value) for n in find_numbers(text)] == [("７０", 70), ("二十四", 24)]


@pytest.mark.parametrize("text", ["每月至少一次", "每周跟进", "ship weekly", "3 demos per sprint", "once a month"])
def test_frequency(text: str) -> None:
    assert has_frequency(text)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [("by 30 Sep", "30 Sep"), ("before Q4 2026", "Q4 2026"), ("2019年底前完成", "2019年底前"), ("在本季度完成", "本季度"),
     ("by 2026-09-30", "2026-09-30")],
)
def test_deadlines(text: str, deadline: str) -> None:
    found = find_deadline(text)
    assert found is not None and found[0] == deadline


def test_frequency_is_not_a_deadline() -> None:
    assert find_deadline("每个季度保证 24 个团队达标") is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [("敏捷成熟度达到85分", "zh"), ("Increase NPS from 30 to 45", "en"), ("敏捷团队OKR覆盖度80%", "zh"),
     ("Ship the 留留 release", "en"), ("", "en")],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# --- the fast paths read exactly what the defining patterns say --------------------------------
# measure.py finds deadlines and direction words with lower-cased, split patterns for speed; the
# combined IGNORECASE patterns (_DEADLINE_RE, _DIRECTION_RE, _FREQ_RE) remain the definition.

_PIECES = ["BY ", "By ", "by ", "in ", "In ", "within ", "until ", "before ", "no later than ", "end of ", "the ",
           "Q3", "q4", "H1", "2026", "30 Sep", "Sept 9", "this quarter", "next month", "year-end", "quarter",
           "9月底前", "本季度", "下个月", "2026年Q2", "截至6月", "前", "年", "less than ", "at most ", "no more than ",
           "fewer than", "reduce ", "Cut", "Keep ", "increase ", "降低", "提升", "保持", "以内", "weekly", "per month",
           "every day", "每月", "Daily", "ſ", "\u212a", "K", "İ", "ı", "x", "3", "85", "%", " ", "，", "：", "１", "ms"]


def _reference_deadline(text: str) -> tuple[str, int, int] | None:
    import re

    from assistant import measure, numbers

    norm = numbers.normalise(text)
    if re.search(r"[前本这当下截年]|\b(?:by|before|until|no later|in)\b", norm, re.IGNORECASE) is None:
        return None
    m = measure._DEADLINE_RE.search(norm)
    if m is None:
        return None
    start, end = m.span("en" if m.group("en") else "zh")
    return text[start:end].strip(), start, end


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_fast_deadline_direction_and_frequency_match_the_defining_patterns(text: str) -> None:
    from assistant import measure, numbers

    norm = numbers.normalise(text)
    low = measure._lower(norm) if measure.IGNORECASE_LETTER.search(norm) else None
    assert find_deadline(text) == _reference_deadline(text)
    found = find_deadline(text)
    assert measure._deadline_span(norm, low, low is not None) == (found and found[1:])  # as _fields calls it
    assert measure._directions(norm, low) == {m.lastgroup for m in measure._DIRECTION_RE.finditer(norm)}
    assert has_frequency(text) == (measure._FREQ_RE.search(norm) is not None)


@pytest.mark.parametrize(
    ("text", "target", "unit"),
    [("培养一名教练", 1, "名"), ("举办二场分享", 2, "场"), ("举办两场分享", 2, "场"), ("完成三次复盘", 3, "次"),
     ("覆盖四个团队", 4, "个"), ("发布五篇文章", 5, "篇"), ("招聘六名工程师", 6, "名"), ("上线七项功能", 7, "项"),
     ("完成八次评审", 8, "次"), ("交付九个版本", 9, "个"), ("覆盖十个团队", 10, "个"), ("覆盖二十四个团队", 24, "个"),
     ("覆盖三百名用户", 300, "名"), ("一百零八篇文章", 108, "篇"), ("新增三千名用户", 3000, "名"),
     ("新增两万名用户", 20000, "名"), ("新增一万五千名用户", 15000, "名"), ("阅读量达到十万", 100000, None)],
)
def test_every_chinese_numeral_of_the_issue_is_a_target(text: str, target: float, unit: str | None) -> None:
    kr = read_key_result(text)
    assert (kr.target, kr.unit) == (target, unit)


@pytest.mark.parametrize("text", ["敏捷成熟度达到８５分", "敏捷成熟度　达到　８５　分", "敏捷成熟度达到85分"])
def test_full_width_digits_and_spaces_read_like_half_width(text: str) -> None:
    kr = read_key_result(text)
    assert (kr.metric, kr.target, kr.unit, kr.text) == ("敏捷成熟度", 85, "分", text)


# --- the prefixed patterns find exactly what the defining ones find ---------------------------------
# _NUM_FAST and _FREQ_START start with a character set so the regex engine can skip ahead, and names are
# looked for around a number only; _NUM_RE, _NOT_QUANTITY and _FREQ_RE remain the definition.

_NUMBER_PIECES = ["1", "2", "3", "5", "0", "12", ",", ",000", ".", ".5", " ", "　", "万", "千", "亿", "一", "二", "两",
                  "三", "十", "百", "零", "〇", "个", "名", "次", "天", "%", "Q", "H", "p", "P", "v", "V", "K", "KR", "O",
                  "R", "x", "a", "-", "：", "٣", "v1.2", ".3", "KR1.2", "p95", "O12", "H1", "Q3"]
_FREQ_PIECES = ["每", "个", "月", "周", "季度", "sprint", "SPRINT", "per", "PER", "a", "A", "each", "every", "Every",
                " ", "\t", "day", "week", "wee\u212a", "fortnight", "month", "quarter", "year", "daily", "Weekly",
                "biweekly", "monthly", "quarterly", "yearly", "annually", "ſ", "İ", "ı", "x", "_", "1", "ly", "-"]


def _reference_numbers(text: str) -> list[tuple[float, int, int, str]]:
    """find_numbers as first written: every _NUM_RE match not inside a name, valued by parse_number."""
    from assistant import numbers

    norm = numbers.normalise(text)
    names = [m.span() for m in numbers._NOT_QUANTITY.finditer(norm)] if numbers._MAYBE_NAME.search(norm) else []
    found = []
    for m in numbers._NUM_RE.finditer(norm):
        value = numbers.parse_number(m.group())
        if value is not None and not any(a <= m.start() < b for a, b in names):
            found.append((value, m.start(), m.end(), text[m.start():m.end()]))
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=12).map("".join))
def test_fast_number_pattern_and_name_skipping_match_the_defining_ones(text: str) -> None:
    from assistant import numbers

    norm = numbers.normalise(text)
    assert [(m.span(), m.lastgroup) for m in numbers._NUM_FAST.finditer(norm)] == [
        (m.span(), m.lastgroup) for m in numbers._NUM_RE.finditer(norm)]
    assert [tuple(n) for n in find_numbers(text)] == _reference_numbers(text)
    kinds = {m.span(): m.lastgroup for m in numbers._NUM_RE.finditer(norm)}
    assert [kind for _, _, _, kind in numbers.quantities(norm)] == [kinds[n.start, n.end] for n in find_numbers(text)]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_FREQ_PIECES), max_size=8).map("".join))
def test_fast_frequency_match_is_the_defining_match(text: str) -> None:
    from assistant import measure, numbers

    norm = numbers.normalise(text)
    low = measure._lower(norm) if measure.IGNORECASE_LETTER.search(norm) else None
    want, got = measure._FREQ_RE.search(norm), measure._frequency_match(norm, low)
    assert (want is None) == (got is None)
    if want is not None and got is not None:
        assert (got.span(), got.groups()) == (want.span(), want.groups())


def test_changing_a_read_key_result_leaves_the_next_reading_alone() -> None:
    """Readings are cached; each KeyResult still owns its data, so editing one changes no other."""
    text = "需求交付周期从30天缩短到20天"
    first = read_key_result(text)
    first.metric, first.target = "edited", 1.0
    first.model_fields_set.discard("unit")
    again = read_key_result(text)
    assert (again.metric, again.target, again.baseline) == ("需求交付周期", 20, 30)
    assert again.model_fields_set == {"text", "metric", "baseline", "target", "unit", "direction", "deadline"}


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["b", "y", "Y", "efore", "ntil", "n", "N", "o later", "_", "9", "i"]),
                max_size=8).map("".join))
def test_the_lower_case_deadline_hint_finds_what_the_defining_one_finds(text: str) -> None:
    import re

    from assistant import measure, numbers

    norm = numbers.normalise(text)
    defining = re.search(r"\b(?:by|before|until|no later|in)\b", norm, re.IGNORECASE) is not None
    assert (measure._DEADLINE_HINT_EN.search(norm) is not None) == defining
    assert (measure._DEADLINE_HINT_LOW.search(measure._lower(norm)) is not None) == defining


_VERB_SEGMENTS = ["提升", "提高", "保证", "培养", "上线", "完成", "达到", " ", "\t", "\n", "NPS", "团队", "Increase", "ship",
                  "Ship", "SHIP", "\u212aeep", "ſhip", "get", "getter", "lift", "x", "-", "的", "launch ", "3"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_VERB_SEGMENTS), max_size=6).map("".join))
def test_a_metric_loses_its_leading_verbs_as_the_substitutions_remove_them(segment: str) -> None:
    from assistant import measure

    # `_metric` slices off the match at the start; `sub` (all matches) is what the patterns define
    by_sub = measure._EN_VERB.sub("", measure._VERB_PREFIX.sub("", segment))
    after_zh = segment[m.end():] if (m := measure._VERB_PREFIX.match(segment)) is not None else segment
    assert (after_zh[m.end():] if (m := measure._EN_VERB.match(after_zh)) is not None else after_zh) == by_sub


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_FREQ_PIECES), max_size=8).map("".join))
def test_a_rhythms_unit_is_the_word_the_frequency_pattern_names(text: str) -> None:
    from assistant import measure, numbers

    norm = numbers.normalise(text)
    low = measure._lower(norm) if measure.IGNORECASE_LETTER.search(norm) else None
    m = measure._FREQ_RE.search(norm)
    # as first written: the first group that took part, else the Chinese phrase without 每/个
    word = None if m is None else next((g for g in m.groups() if g), None) or m.group().lstrip("每个")
    assert measure._frequency_unit(norm, low) == (None if word is None else measure._FREQ_UNIT.get(word.lower(), word))


_ONE_READING_PIECES = sorted(set(_PIECES + _FREQ_PIECES + _NUMBER_PIECES + ["第", "２０２６年", "ＫＲ１", "每周", "9月底前"]))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_ONE_READING_PIECES), max_size=10).map("".join),
                 st.text(st.sampled_from(sorted(set("".join(_ONE_READING_PIECES)))), max_size=24)))
def test_one_reading_gives_the_deadline_rhythm_and_numbers_of_the_three_readings(text: str) -> None:
    """`time_reading` (what assistant.infer reads per KR) gives find_deadline's span, the defining frequency
    pattern's answer and the normalised text, whether or not the caller says there are letters; the numbers
    `next_quantity` reads from it one at a time are find_numbers' (places and values)."""
    import re

    from assistant import measure, numbers

    norm = numbers.normalise(text)
    found = find_deadline(text)
    rhythm = measure._FREQ_RE.search(norm) is not None
    assert has_frequency(text) == rhythm
    for letters in (None, measure.IGNORECASE_LETTER.search(text) is not None):
        assert measure.time_reading(text, letters) == (norm, found and found[1:], rhythm)
    one_by_one = []
    q = numbers.next_quantity(norm)
    while q is not None:
        one_by_one.append(q)
        q = numbers.next_quantity(norm, q[1])
    assert one_by_one == numbers.quantities(norm)
    assert [(start, end) for start, end, _, _ in one_by_one] == [(n.start, n.end) for n in find_numbers(text)]
    values = [numbers.quantity_value(raw, kind) for _, _, raw, kind in one_by_one]
    assert values == [n.value for n in find_numbers(text)]
    # the letters the caller reads in the text as written are those of the normalised text
    assert (re.search("[A-Za-zİıſ\u212a]", text) is None) == (measure.IGNORECASE_LETTER.search(norm) is None)


@pytest.mark.parametrize(
    ("text", "span", "rhythm", "numbers"),
    [("每月至少一次给兄弟部门分享敏捷方法", None, True, ["一"]), ("９月底前完成监控告警上线", (0, 4), False, ["９"]),
     ("Ship 3 releases a month by 30 Sep", (27, 33), True, ["3", "30"]), ("上线新版官网", None, False, []),
     ("Checkout p95 latency from 300 ms to 200 ms", None, False, ["300", "200"])],
)
def test_one_reading_of_a_kr(text: str, span: tuple[int, int] | None, rhythm: bool, numbers: list[str]) -> None:
    from assistant.measure import time_reading
    from assistant.numbers import next_quantity

    norm, got_span, got_rhythm = time_reading(text)
    first, pos, nums = next_quantity(norm), 0, []
    while (q := next_quantity(norm, pos)) is not None:
        nums.append(text[q[0]:q[1]])
        pos = q[1]
    assert (got_span, got_rhythm, nums) == (span, rhythm, numbers)
    assert (first and text[first[0]:first[1]]) == (numbers[0] if numbers else None)
