"""What every finding carries: id, severity, target, span, and a message, fix and examples in the
set's language; inferred values shown as inferred; the default rubric's id contract."""

from __future__ import annotations

import re

import pytest
from rubrickit import check, has_cjk, okr_text

from assistant.checker import check_objective, check_set
from assistant.models import Objective
from assistant.reader import loads
from assistant.rubric import load_rubric

CONTRACT = {
    "set.objective_count", "objective.kr_count", "objective.no_metric", "objective.concise", "objective.not_task",
    "kr.measurable", "kr.outcome", "kr.baseline", "kr.deadline", "kr.binary", "kr.placeholder", "kr.duplicate",
    "align.linked", "align.not_copy", "align.coverage", "set.source_mix", "set.capability", "objective.not_bau",
    "objective.commitment",
}

# A poor draft: one objective (set.objective_count), a number and a task in it, a vague KR, a task KR,
# a placeholder, no cycle, no commitment, nothing aligned.
BAD = {
    "zh": okr_text([("上线新版官网并把满意度做到 80%", ["提升团队的敏捷能力", "完成数据平台迁移", "转化率提升到 XX%"])],
                   "zh", cycle=None),
    "en": okr_text([("Launch the new website and raise satisfaction to 80%",
                     ["Improve the team's agility", "Finish the data platform migration", "Raise conversion to X%"])],
                   "en", cycle=None),
}


def test_the_default_rubric_holds_every_contract_id_with_both_languages() -> None:
    rubric = load_rubric()
    assert CONTRACT <= set(rubric.criteria)
    for c in rubric.criteria.values():
        for text in (c.title, c.explanation, c.fix, c.examples.weak, c.examples.strong):
            assert has_cjk(text.zh) and not has_cjk(text.en), (c.id, text)
    # criteria judged by a model are listed as not run by the deterministic checker
    report = check(BAD["en"])
    assert set(report.not_run) == {c.id for c in rubric.active() if c.is_llm} != set()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_is_complete_and_in_the_sets_language(lang: str) -> None:
    rubric = load_rubric()
    report = check(BAD[lang])
    assert report.language == lang
    fired = {f.criterion for f in report.findings}
    assert {"set.objective_count", "objective.no_metric", "objective.not_task", "kr.measurable", "kr.outcome",
            "kr.placeholder", "kr.deadline", "set.source_mix", "objective.commitment"} <= fired
    for f in report.findings:
        c = rubric.criteria[f.criterion]
        assert f.severity == c.severity and not f.llm
        assert re.fullmatch(r"set|O\d+|O\d+\.KR\d+", f.target)
        assert f.title == c.title.get(lang) and f.fix == c.fix.get(lang)
        assert (f.weak_example, f.strong_example) == (c.examples.weak.get(lang), c.examples.strong.get(lang))
        assert not re.search(r"\{\w+\}", f.message), f.message  # every placeholder filled
        if lang == "zh":
            assert has_cjk(f.message) and not re.search(r"self_driven|external_support|committed", f.message)
        else:
            assert not has_cjk(f.message), f.message
    by = {(f.criterion, f.target): f for f in report.findings}
    # spans quote the offending text
    assert by["kr.placeholder", "O1.KR3"].span in ("XX", "X%")
    assert by["kr.measurable", "O1.KR1"].span == ("提升团队的敏捷能力" if lang == "zh" else "Improve the team's agility")
    assert by["objective.no_metric", "O1"].span == "80%"
    assert by["set.objective_count", "set"].span is None


def test_the_language_can_be_forced() -> None:
    okr_set = loads(BAD["zh"])
    english = check_set(okr_set, lang="en")
    assert english.language == "en"
    for f in english.findings:  # English wording; only the quoted Chinese span stays as written
        assert not has_cjk(f.fix) and not has_cjk(f.title)
        assert not has_cjk(f.message.replace(f.span or "", "")), f.message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inferred_source_and_kind_are_marked_inferred(lang: str) -> None:
    tagged = "培养能独立带团队的 OKR 教练 {来源: 自驱; 类型: 非业务型}" if lang == "zh" else \
        "Grow coaches who can run OKRs alone {source: self_driven; kind: capability}"
    untagged = "培养能独立带团队的 OKR 教练" if lang == "zh" else "Grow coaches who can run OKRs alone"
    krs = ["本季度培养 10 名 OKR 教练", "20 个团队独立完成季度 OKR 评审"] if lang == "zh" else \
        ["Train 10 OKR coaches this quarter", "20 teams run their quarterly OKR review on their own"]
    report = check(okr_text([(tagged, krs), (untagged, krs)], lang))
    stated, guessed = report.objectives
    assert (stated.source, stated.source_inferred, stated.kind, stated.kind_inferred) == \
        ("self_driven", False, "capability", False)
    assert (guessed.source, guessed.source_inferred, guessed.kind, guessed.kind_inferred) == \
        ("self_driven", True, "capability", True)
    dumped = report.model_dump(mode="json")  # the JSON output carries the flags
    assert dumped["objectives"][1]["source_inferred"] is True


def test_check_objective_numbers_targets_from_its_index_and_skips_set_criteria() -> None:
    objective = loads(okr_text([("上线新版官网", ["提升团队的敏捷能力"])], "zh")).objectives[0]
    report = check_objective(objective, index=2)
    assert report.target == "O3"
    assert {f.target for f in report.findings} <= {"O3", "O3.KR1"}
    assert {"objective.not_task", "kr.measurable", "objective.kr_count"} <= {f.criterion for f in report.findings}
    assert check_objective(Objective(title="Help prospects find answers faster")).findings[0].target == "O1"
