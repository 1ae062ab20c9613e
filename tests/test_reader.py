"""The reader: every shape people paste, in both languages, gives the model they meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.models import Commitment, Kind, Level, Source
from assistant.reader import load, load_context, load_many, load_upper, loads

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
INLINE = ("O1：产研效能提升 KR1：敏捷成熟度达到85分 KR2：敏捷团队OKR覆盖度80% KR3：需求平均交付时长为32天 "
          "KR4：重点接口自动化覆盖达70% O2：业务组件化建设 O3：平台生态核心项目支持 O4：商品平台能力提升")


def shape(text: str, **kw) -> list[tuple[str, list[str]]]:
    s = loads(text, **kw)
    return [(o.title, [k.text for k in o.key_results]) for o in s.objectives]


def test_the_articles_inline_line_gives_four_objectives_the_first_with_four_krs() -> None:
    assert shape(INLINE) == [
        ("产研效能提升", ["敏捷成熟度达到85分", "敏捷团队OKR覆盖度80%", "需求平均交付时长为32天", "重点接口自动化覆盖达70%"]),
        ("业务组件化建设", []), ("平台生态核心项目支持", []), ("商品平台能力提升", []),
    ]


def test_inline_krs_get_their_measures() -> None:
    kr = loads(INLINE).objectives[0].key_results[0]
    assert (kr.metric, kr.target, kr.unit) == ("敏捷成熟度", 85, "分")


EXPECTED = [("提升交付效率", ["交付周期从30天缩短到20天", "每月至少一次复盘"]), ("建设团队能力", ["培养二十四名教练"])]


@pytest.mark.parametrize(
    "text",
    [
        "O1：提升交付效率\nKR1：交付周期从30天缩短到20天\nKR2：每月至少一次复盘\nO2：建设团队能力\nKR1：培养二十四名教练\n",
        "O1: 提升交付效率\n  KR1.1 交付周期从30天缩短到20天\n  KR1.2 每月至少一次复盘\nO2: 建设团队能力\n  KR2.1 培养二十四名教练\n",
        "目标1：提升交付效率\n关键结果1：交付周期从30天缩短到20天\n关键结果2：每月至少一次复盘\n目标二：建设团队能力\n关键结果1：培养二十四名教练\n",
        "Objective 1: 提升交付效率\nKey Result 1: 交付周期从30天缩短到20天\nKey Result 2: 每月至少一次复盘\nObjective 2: 建设团队能力\nKey Result 1: 培养二十四名教练\n",
        "O１：提升交付效率\r\nKR１：交付周期从30天缩短到20天\r\nKR２：每月至少一次复盘\r\nO２：建设团队能力\r\nKR１：培养二十四名教练\r\n",
        "- O1：提升交付效率\n  - KR1：交付周期从30天缩短到20天\n  - KR2：每月至少一次复盘\n- O2：建设团队能力\n  - KR1：培养二十四名教练\n",
        "O1：提升交付效率\n- 交付周期从30天缩短到20天\n- 每月至少一次复盘\nO2：建设团队能力\n* 培养二十四名教练\n",
        "# 我的 OKR\n\n## 提升交付效率\n- 交付周期从30天缩短到20天\n- 每月至少一次复盘\n\n## 建设团队能力\n1. 培养二十四名教练\n",
        "# 2026 Q3\n\n**提升交付效率**\n- 交付周期从30天缩短到20天\n- 每月至少一次复盘\n\n**建设团队能力**\n- 培养二十四名教练\n",
        "- 提升交付效率\n  - 交付周期从30天缩短到20天\n  - 每月至少一次复盘\n- 建设团队能力\n  - 培养二十四名教练\n",
        "提升交付效率\n    交付周期从30天缩短到20天\n    每月至少一次复盘\n建设团队能力\n\t培养二十四名教练\n",
        "\ufeffO1：提升交付效率 KR1：交付周期从30天缩短到20天 KR2：每月至少一次复盘\nO2：建设团队能力 KR1：培养二十四名教练",
    ],
    ids=["numbered", "kr-dotted", "chinese-words", "english-words", "fullwidth-crlf", "bullets", "plain-bullets",
         "md-headings", "bold-lines", "nested-list", "indentation", "bom-inline"],
)
def test_every_shape_gives_the_same_set(text: str) -> None:
    assert shape(text) == EXPECTED


def test_prose_between_okrs_is_not_an_objective() -> None:
    text = "下面是我的草稿，请看：\nO1：提升交付效率\nKR1：交付周期从30天缩短到20天\n如上表，说明文字。\nO2：建设团队能力\n"
    assert [t for t, _ in shape(text)] == ["提升交付效率", "建设团队能力"]


def test_attribute_tags_in_english_and_chinese() -> None:
    s = loads(
        "O1：A {source: aligned; kind: business; aligns: manager:O1.KR1, manager:O1.KR2; commitment: committed}\n"
        "O2：B ｛来源：自驱；类型：非业务型；承诺：挑战型｝\nO3：C {来源: 外部支撑; 类型: 能力建设}\nO4：D {对齐: 上级:O1}\n"
    )
    o = s.objectives
    assert (o[0].source, o[0].kind, o[0].aligns_to, o[0].commitment) == (
        Source.aligned, Kind.business, ["manager:O1.KR1", "manager:O1.KR2"], Commitment.committed)
    assert (o[1].source, o[1].kind, o[1].commitment) == (Source.self_driven, Kind.capability, Commitment.aspirational)
    assert (o[2].source, o[2].kind) == (Source.external_support, Kind.capability)
    assert o[3].aligns_to == ["manager:O1"] and o[3].title == "D"


def test_front_matter_with_chinese_keys_gives_the_context() -> None:
    s = loads("---\n姓名: 留留老师\n岗位: 敏捷教练\n团队: 平台生态部\n周期: 2019-Q3\n职责: 推动敏捷转型\n"
              "外部支撑:\n  京东兄弟部门: 敏捷培训\n---\nO1：提升敏捷影响力\n")
    c = s.context
    assert (c.name, c.role, c.team, c.cycle, c.responsibilities) == ("留留老师", "敏捷教练", "平台生态部", "2019-Q3", ["推动敏捷转型"])
    assert [(x.name, x.asks) for x in c.stakeholders] == [("京东兄弟部门", "敏捷培训")]


def test_header_block_gives_the_context() -> None:
    s = loads("Name: Ana\nRole: Backend engineer\nCycle: 2026-Q3\n\nO1: Faster checkout\nKR1: p95 from 900 ms to 400 ms\n")
    assert (s.context.name, s.context.role, s.context.cycle) == ("Ana", "Backend engineer", "2026-Q3")
    assert s.objectives[0].key_results[0].baseline == 900


def test_upper_sections_and_own_section() -> None:
    s = loads("## Company OKRs\nO1: Win the mid-market\n## Manager OKRs: Maya\nO1: Faster checkout\nKR1: p95 to 400 ms\n"
              "## My OKRs\nO1: Cache the token lookups {source: aligned; aligns: manager:O1.KR1}\n")
    assert [(u.level, u.owner, len(u.objectives)) for u in s.upper] == [(Level.company, "", 1), (Level.manager, "Maya", 1)]
    assert s.objectives[0].aligns_to == ["manager:O1.KR1"]


def test_the_articles_bold_section_with_inline_okrs() -> None:
    s = loads("**我的上级 OKR 示例** " + INLINE + "\n\n**我的OKR示例** O1：通过敏捷能力建设提高交付效率 {对齐: manager:O1.KR1} KR1：24 个团队达 85 分")
    assert [len(o.key_results) for o in s.upper[0].objectives] == [4, 0, 0, 0]
    assert s.upper[0].level == Level.manager
    assert s.objectives[0].aligns_to == ["manager:O1.KR1"] and len(s.objectives[0].key_results) == 1


def test_kr_tag_overrides_what_the_text_says() -> None:
    kr = loads("O1：A\nKR1：活跃度提升 {target: 90; unit: %; direction: increase}\n").objectives[0].key_results[0]
    assert (kr.target, kr.unit, kr.direction) == (90, "%", "increase")


def test_json_and_yaml_in_the_models_schema_with_string_krs() -> None:
    j = loads('{"objectives": [{"title": "A", "source": "aligned", "key_results": ["敏捷成熟度达到85分"]}]}')
    y = loads("objectives:\n  - title: A\n    source: aligned\n    key_results:\n      - text: 敏捷成熟度达到85分\n")
    assert j == y and j.objectives[0].key_results[0].target == 85


def test_every_example_loads() -> None:
    files = sorted(EXAMPLES.glob("article/*.md")) + sorted(EXAMPLES.glob("english/*.md"))
    assert len(files) >= 12
    for res in load_many(files):
        assert res.error is None, res.error


def test_the_authors_file_is_self_contained() -> None:
    s = load(EXAMPLES / "article" / "author.md")
    assert s.context.name == "留留老师" and s.context.role == "敏捷教练"
    assert [o.aligns_to for o in s.objectives] == [["manager:O1.KR1"], ["manager:O1.KR2"], []]
    assert [o.source for o in s.objectives] == [Source.aligned, Source.aligned, Source.external_support]
    assert s.upper[0].objectives[0].title == "产研效能提升" and len(s.upper[0].objectives[0].key_results) == 4
    assert [len(o.key_results) for o in s.objectives] == [2, 2, 2]


def test_example_levels() -> None:
    assert load(EXAMPLES / "article" / "company.md").context.level == Level.company
    assert len(load(EXAMPLES / "article" / "company.md").objectives) == 4
    assert len(load(EXAMPLES / "article" / "department.md").objectives) == 8
    hr = load(EXAMPLES / "article" / "hr.md")
    assert len(hr.objectives) == 4 and {o.kind for o in hr.objectives} == {Kind.capability}


def test_load_upper_uses_the_files_level_and_owner() -> None:
    (up,) = load_upper(EXAMPLES / "article" / "manager.md", level=Level.department)
    assert up.level == Level.manager and up.owner.startswith("上级")
    assert [len(o.key_results) for o in up.objectives] == [4, 0, 0, 0]


def test_load_upper_default_level(tmp_path: Path) -> None:
    f = tmp_path / "boss.txt"
    f.write_text("O1: Faster checkout\nKR1: p95 to 400 ms\n", encoding="utf-8")
    assert load_upper(f)[0].level == Level.manager
    assert load_upper(f, level=Level.department)[0].level == Level.department


def test_load_context_from_front_matter_yaml_and_a_set(tmp_path: Path) -> None:
    assert load_context(EXAMPLES / "article" / "context.md").stakeholders[0].name == "京东兄弟部门"
    y = tmp_path / "ctx.yaml"
    y.write_text("name: Ana\nrole: Engineer\nresponsibilities: [payments]\n", encoding="utf-8")
    assert load_context(y).responsibilities == ["payments"]
    assert load_context(EXAMPLES / "article" / "author.md").cycle == "2019-Q3"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(INLINE.encode())))
    assert len(load("-").objectives) == 4


@pytest.mark.parametrize(
    ("heading", "upper_level"),
    [("## 个人级 OKR：小王", "individual"), ("## Individual-level OKRs: Ana", "individual"),
     ("## 上级 OKR", "manager"), ("## 个人 OKR", None), ("## Individual OKRs", None)],
)
def test_individual_level_section_headings(heading: str, upper_level: str | None) -> None:
    s = loads(f"{heading}\nO1：带教新人\n\n## 我的 OKR\nO1：提升效能\n")
    assert [u.level.value for u in s.upper] == ([upper_level] if upper_level else [])
    assert [o.title for o in s.objectives] == (["提升效能"] if upper_level else ["带教新人", "提升效能"])


def test_a_marker_with_a_colon_inside_a_title_is_escaped_text() -> None:
    s = loads("O1：对齐上级 O2\\: 提升效能\nKR1：支撑 KR2\\：交付周期缩短到20天\nO2：建设团队能力\n")
    assert [o.title for o in s.objectives] == ["对齐上级 O2: 提升效能", "建设团队能力"]
    assert s.objectives[0].key_results[0].text == "支撑 KR2：交付周期缩短到20天"


# Simple `key: value` front matter is read without the YAML parser; it must give what YAML gives.
_FM_VALUES = st.text(alphabet="ab Z:_-#'\"\t~!&*[]{},.09中文yesnoOnNULLeE+\u2028\u3000", max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["name", "role", "on", "y", "null", "姓名", "_x", "n1", "yes"]),
                          st.sampled_from([" ", "  ", ""]), _FM_VALUES), min_size=1, max_size=3))
def test_simple_front_matter_reads_as_yaml_does(lines: list[tuple[str, str, str]]) -> None:
    import yaml

    from assistant.frontmatter import _simple_mapping

    text = [f"{k}:{sep}{v}" for k, sep, v in lines]
    fast = _simple_mapping(text)
    if fast is not None:
        assert fast == yaml.safe_load("\n".join(text))


# The line grammar's shortcuts (assistant/textformat.py) must decide exactly as the patterns they stand for.
_LINE_TEXT = st.lists(st.sampled_from(list("#* \t\u3000\xa0xO1K2R:：{}目标关键结果一.") + ["O1:", "KR2：", "Key Result 3:", "目标一："]),
                      max_size=14).map("".join)


def test_heading_shortcut_reads_as_the_heading_pattern() -> None:
    import itertools

    from assistant.textformat import _HEADING, _heading

    # every line of up to 6 of these pieces: hashes, spaces of three kinds, words, bold, a marker
    pieces = ["#", " ", "\t", "\u3000", "x", "**", "O1:"]
    checked = 0
    for n in range(1, 7):
        for combo in itertools.product(pieces, repeat=n):
            stripped = "".join(combo).strip()
            if stripped.startswith("#"):
                m = _HEADING.match(stripped)
                assert _heading(stripped) == (None if m is None else (len(m.group(1)), m.group(2))), stripped
                checked += 1
    assert checked > 15_000


def test_the_characters_that_may_start_a_marker_are_all_the_pattern_sees() -> None:
    import re

    from assistant.textformat import _LEAD_FIRST

    first = re.compile("[ok目关]", re.IGNORECASE)  # the first characters of O/Objective/KR/Key/目标/关键结果
    assert {chr(c) for c in range(0x110000) if first.match(chr(c))} == set(_LEAD_FIRST)


@settings(max_examples=500, deadline=None)
@given(_LINE_TEXT, _LINE_TEXT)
def test_a_line_without_a_number_and_colon_after_its_marker_has_no_split_point(head: str, rest: str) -> None:
    from assistant.textformat import _LEAD, _SPLIT, _SPLIT_HINT, normalise_width

    norm = normalise_width("O1：" + head + rest)
    lead = _LEAD.match(norm)
    assert lead is not None
    if _SPLIT_HINT.search(norm, lead.end()) is None:
        assert [m.start() for m in _SPLIT.finditer(norm, 1)] == []


@given(st.text(alphabet="ab\n\r０１２３４５６７８９：　．（）｛｝；，x{}(中", max_size=30))
def test_normalising_a_whole_text_lines_up_with_its_lines(text: str) -> None:
    from assistant.textformat import _WIDTH, normalise_width

    assert normalise_width(text) == text.translate(_WIDTH)
    assert normalise_width(text).split("\n") == [normalise_width(line) for line in text.split("\n")]


_MARKER_TEXT = st.lists(st.sampled_from(list("Oo0K k1R2:：.、)-_目标关键结果一十 xbjectiveyResultsaA\u212a\t") +
                                        list("İıſ\u3000五") +
                                        ["Objective", "Key Results", "Key", "KR", "O1:", "关键结果", "KR1.2:", "OBJECTIVE",
                                         "kEY rESULTS", "\u212ar3:", "ObjectİVE", "Key Reſults", "目标二:", "o-1"]),
                        max_size=16).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_MARKER_TEXT)
def test_inline_split_points_carry_what_the_leading_marker_pattern_reads_there(text: str) -> None:
    from assistant.textformat import _LEAD, _SPLIT, _SPLIT_AT, normalise_width

    norm = normalise_width(text)
    found = list(_SPLIT_AT.finditer(norm, 1))
    assert [m.start() for m in found] == [m.start() for m in _SPLIT.finditer(norm, 1)]
    stops = [m.start() for m in found[1:]] + [len(norm)]
    for m, stop in zip(found, stops):
        lead = _LEAD.match(norm, m.start(), stop)  # what each piece's marker was read with before
        assert lead is not None and lead.end() == m.end() and (lead.lastgroup in ("o", "o2")) == (m.lastgroup == "o")


def test_the_inline_split_pattern_starts_with_every_character_a_marker_can_start_with() -> None:
    import re

    from assistant.textformat import _LEAD_FIRST, _SPLIT_AT

    # the case-sensitive set the pattern starts with is `_LEAD_FIRST` (what IGNORECASE lets start a marker)
    first = re.compile(_SPLIT_AT.pattern[: _SPLIT_AT.pattern.index("]") + 1])
    assert {chr(c) for c in range(0x110000) if first.match(chr(c))} == set(_LEAD_FIRST)


def test_every_context_alias_is_its_own_stripped_lower_case_form() -> None:
    from assistant.frontmatter import ALIASES

    # context_from_mapping looks a key up as written before normalising it: the same name either way
    assert [k for k in ALIASES if k != k.strip().lower()] == []


def test_a_tags_references_belong_to_each_objective_that_reads_it() -> None:
    from assistant.attributes import parse_objective_tag

    tag = "来源: 上下对齐; 对齐: 上级:O1.KR2, manager:o2"
    first = parse_objective_tag(tag, path="a.md", line=1)
    first["aligns_to"].append("manager:O9")
    assert parse_objective_tag(tag, path="b.md", line=2) == {"source": "aligned", "aligns_to": ["manager:O1.KR2", "manager:O2"]}


_SPACES = st.text(alphabet=" \t\u3000\xa0", max_size=3)


@settings(max_examples=600, deadline=None)
@given(_SPACES, st.sampled_from(["-", "*", "+", "•", "1.", "12)", "(3)", "---", "- -", "***", "=", "_", "x"]), _SPACES,
       st.text(alphabet="-=*_ xK1R:：", max_size=6))
def test_rules_are_dropped_and_list_items_keep_their_indentation(indent: str, bullet: str, gap: str, rest: str) -> None:
    from assistant.textformat import _BOLD_LINE, _LIST, _classify, normalise_width

    line = indent + bullet + gap + rest
    norm = normalise_width(line)
    stripped = norm.strip()
    read = _classify([line], 1)
    if stripped[0] in "-=*_" and not stripped.strip("-=*_ "):  # a rule, as the reader defines it
        assert read == []
    elif (m := _LIST.match(norm)) is not None and not (stripped[0] == "*" and _BOLD_LINE.match(stripped)):
        # a list item (a bold line `**…**` is a heading): its indentation is what precedes the bullet
        assert [(kind, depth) for _, kind, depth, *_ in read] == [("list", len(norm) - len(norm.lstrip()))]
        assert read[0][4] == norm[m.start(2):].rstrip()
