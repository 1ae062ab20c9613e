"""The score, defined once in assistant.score: error 15 / warning 5 / info 0 points × weight, any
deterministic error caps at 59, model findings cost at most 20 and never raise a score."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rubrickit import ROOT, check, okr_text

from assistant.findings import Finding, Severity
from assistant.rubric import load_rubric
from assistant.score import ERROR_CAP, band, objective_score, score, set_scores

UPPER = {
    "zh": "## 上级 OKR\n\nO1：产研效能提升\nKR1：需求平均交付时长为32天\nKR2：敏捷团队OKR覆盖度80%\n",
    "en": "## Manager OKRs\n\nO1: Make delivery faster\nKR1: Average lead time of 32 days\nKR2: 80% of teams use OKRs\n",
}
CLEAN = {
    "zh": [("提高产研团队的需求交付效率 {来源: 上下对齐; 对齐: manager:O1.KR1; 承诺: 承诺型}",
            ["需求平均交付时长从 40 天缩短到 32 天", "每周跟进 2 个团队的改进措施"]),
           ("让部门的 OKR 真正用起来 {来源: 上下对齐; 对齐: manager:O1.KR2; 承诺: 挑战型}",
            ["通过 5 场培训，培养 10 名 OKR 教练", "部门 OKR 覆盖度从 40% 提升到 80%"])],
    "en": [("Make delivery fast enough that nobody waits {source: aligned; aligns: manager:O1.KR1; commitment: committed}",
            ["Cut average lead time from 40 to 32 days", "Coach 2 teams a week on their improvement actions"]),
           ("Make OKRs part of how teams work {source: aligned; aligns: manager:O1.KR2; commitment: aspirational}",
            ["Train 10 OKR coaches through 5 workshops", "Teams using OKRs from 40% to 80%"])],
}


def finding(criterion: str, severity: str, target: str = "O1", *, llm: bool = False) -> Finding:
    return Finding(criterion=criterion, severity=Severity(severity), target=target, message="m", llm=llm)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_clean_set_scores_100(lang: str) -> None:
    report = check(okr_text(CLEAN[lang], lang, upper=UPPER[lang]))
    assert [f for f in report.findings if f.severity != "info"] == []
    assert report.score == 100 and report.band == "good"
    assert [o.score for o in report.objectives] == [100, 100]


def test_points_per_severity_and_weight() -> None:
    rubric = load_rubric()
    assert objective_score([finding("kr.outcome", "warning", "O1.KR1")], rubric) == 95
    assert objective_score([finding("kr.baseline", "info", "O1.KR1")], rubric) == 100
    assert objective_score([finding("objective.concise", "warning")], rubric) == 97  # weight 0.6 → 3 points
    assert objective_score([finding("kr.outcome", "warning", f"O1.KR{i}") for i in range(1, 4)], rubric) == 85
    # the set: the mean of its objectives, minus set-level findings
    two = [finding("kr.outcome", "warning", "O1.KR1"), finding("set.source_mix", "warning", "set")]
    assert score(two, rubric, objectives=2) == 93  # (95 + 100) / 2 = 97.5 → 98, minus 5


def test_any_deterministic_error_caps_at_59() -> None:
    one_error = [finding("kr.measurable", "error", "O1.KR1")]
    assert objective_score(one_error) == ERROR_CAP  # 85 without the cap
    assert score(one_error, objectives=5) == ERROR_CAP  # (85 + 4 × 100) / 5 = 97 without it
    assert band(ERROR_CAP) == "poor" and band(60) == "fair" and band(80) == "good"
    assert score([finding("kr.measurable", "error", "O1.KR1")] * 10, objectives=1) == 0  # clamped at 0


def test_model_findings_cost_at_most_20_and_never_lift_a_score() -> None:
    many = [finding("objective.inspiring", "error", "O1", llm=True)] * 6  # 90 points uncapped
    assert objective_score(many) == 80  # bounded at 20, and a model's error does not cap at 59
    failing = [finding("kr.measurable", "error", "O1.KR1")]
    assert objective_score(failing + many) <= objective_score(failing) == ERROR_CAP
    rubric = load_rubric()
    assert rubric.settings.llm_max_penalty == 20


severities = st.sampled_from(["error", "warning", "info"])
targets = st.sampled_from(["set", "O1", "O1.KR1", "O2", "O2.KR2", "O3.KR1"])
criteria = st.sampled_from(["kr.outcome", "objective.concise", "kr.measurable", "set.source_mix", "objective.inspiring"])
findings_st = st.lists(st.builds(lambda c, s, t, m: finding(c, s, t, llm=m), criteria, severities, targets, st.booleans()),
                       max_size=8)


@settings(max_examples=150, deadline=None)
@given(findings_st, findings_st.filter(bool))
def test_more_findings_never_raise_a_score(base: list[Finding], extra: list[Finding]) -> None:
    rubric = load_rubric()
    before, after = score(base, rubric, objectives=3), score(base + extra, rubric, objectives=3)
    assert 0 <= after <= before <= 100
    if any(f.severity == "error" and not f.llm for f in base + extra):
        assert after <= ERROR_CAP


def _reference(findings: list[Finding], weights: dict[str, float], objectives: list[str]) -> tuple[list[int], int]:
    """The score as the module docstring defines it, written out independently of assistant.score."""
    import math

    def lost(fs: list[Finding]) -> float:
        points = {"error": 15.0, "warning": 5.0, "info": 0.0}
        det = sum(points[f.severity] * weights[f.criterion] for f in fs if not f.llm)
        llm = sum(points[f.severity] * weights[f.criterion] for f in fs if f.llm)
        return det + min(llm, 20.0)  # the default rubric's llm_max_penalty

    def finish(raw: float, capped: bool) -> int:
        value = max(0, min(100, math.floor(raw + 0.5)))
        return min(value, ERROR_CAP) if capped else value

    def has_error(fs: list[Finding]) -> bool:
        return any(f.severity == "error" and not f.llm for f in fs)

    mine = {t: [f for f in findings if f.target.split(".")[0] == t] for t in objectives}
    scores = [finish(100 - lost(fs), has_error(fs)) for fs in mine.values()]
    mean = sum(scores) / len(scores) if scores else 100.0
    return scores, finish(mean - lost([f for f in findings if f.target == "set"]), has_error(findings))


weights_st = st.fixed_dictionaries({c: st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5]) for c in
                                    ["kr.outcome", "objective.concise", "kr.measurable", "set.source_mix", "objective.inspiring"]})


@settings(max_examples=200, deadline=None)
@given(findings_st, weights_st, st.integers(min_value=0, max_value=3))
def test_the_scores_follow_the_documented_definition(findings: list[Finding], weights: dict[str, float], n: int) -> None:
    # checked against a formula written out here, not against the module's own helpers
    base = load_rubric()
    rubric = base.model_copy(update={"criteria": {cid: c.model_copy(update={"weight": weights.get(cid, c.weight)})
                                                  for cid, c in base.criteria.items()}})
    targets = ["O1", "O2", "O3"][:n]
    findings = [f for f in findings if f.target == "set" or f.target.split(".")[0] in targets]
    want_objectives, want_total = _reference(findings, {**base.weights, **weights}, targets)
    per_objective = [[f for f in findings if f.target.split(".")[0] == t] for t in targets]
    assert set_scores(per_objective, findings, rubric) == (want_objectives, want_total)
    assert [objective_score(fs, rubric) for fs in per_objective] == want_objectives
    assert score(findings, rubric, objective_scores=want_objectives) == want_total
    assert score(findings, rubric, objectives=n) == want_total


def test_the_same_set_gets_the_same_report_in_another_process() -> None:
    text = (ROOT / "examples" / "article" / "author.md").read_text(encoding="utf-8")
    code = ("import sys, json; from assistant.reader import loads; from assistant.checker import check_set;"
            "print(json.dumps(check_set(loads(sys.stdin.read())).model_dump(mode='json'), ensure_ascii=False))")
    runs = [subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True, timeout=60).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1]
    here = check(text).model_dump(mode="json")
    assert json.loads(runs[0]) == here and here["score"] == check(text).score
