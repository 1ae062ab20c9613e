"""Objective criteria of the default rubric, in Chinese and English: where each fires and where
it does not."""

from __future__ import annotations

import pytest
from rubrickit import GOOD_KRS, check, findings, objective_set, okr_text, targets

LONG_ZH = "通过多元化的方式，提升部门和京东的敏捷影响力，并赋能其他部门提升敏捷和OKR的应用能力"
LONG_EN = ("Through articles, videos, talks and workshops, grow the department's and the company's agile "
           "reputation and help other teams")

# (criterion, lang, objective title, fires on O1?)
OBJECTIVE_CASES = [
    # objective.no_metric: numbers and targets belong in KRs
    ("objective.no_metric", "zh", "客户满意度提升到 80%", True),
    ("objective.no_metric", "zh", "GMV 突破 1.5 亿", True),
    ("objective.no_metric", "zh", "让客户愿意向朋友推荐我们", False),
    ("objective.no_metric", "zh", "2026 年成为华东区客户首选的生鲜平台", False),  # a year is not a target
    ("objective.no_metric", "zh", "让新用户第一周就离不开我们", False),  # an ordinal is not a target
    ("objective.no_metric", "en", "Raise customer satisfaction to 80%", True),
    ("objective.no_metric", "en", "Open two new markets without a new warehouse", True),
    ("objective.no_metric", "en", "Make customers recommend us to their friends", False),
    ("objective.no_metric", "en", "Win the 2026 holiday season on mobile", False),
    # objective.concise: one short sentence
    ("objective.concise", "zh", LONG_ZH, True),
    ("objective.concise", "zh", "提高交付效率。同时降低线上缺陷率", True),
    ("objective.concise", "zh", "提升部门在公司内外的敏捷影响力", False),
    ("objective.concise", "en", LONG_EN, True),
    ("objective.concise", "en", "Make checkout fast. Also cut payment errors", True),
    ("objective.concise", "en", "Grow our agile reputation inside and outside the company", False),
    # objective.not_task: a direction or outcome, not a to-do
    ("objective.not_task", "zh", "上线新版官网", True),
    ("objective.not_task", "zh", "Q3 完成数据平台迁移", True),
    ("objective.not_task", "zh", "让潜在客户在官网上更快找到想要的信息", False),
    ("objective.not_task", "zh", "组织协同能力提升", False),
    ("objective.not_task", "zh", "发布新版本的 App，提升用户留存", False),
    ("objective.not_task", "zh", "建设能独立运转 OKR 的教练梯队", False),
    ("objective.not_task", "en", "Launch the new website", True),
    ("objective.not_task", "en", "Write the hiring plan for the platform team", True),
    ("objective.not_task", "en", "Help prospects find what they need on our website faster", False),
    ("objective.not_task", "en", "Launch the partner program so that partners sell more", False),
    ("objective.not_task", "en", "Build a company that learns faster than its competitors", False),
    ("objective.not_task", "en", "Build the new billing service", True),
    # objective.not_bau: business as usual dressed as an objective
    ("objective.not_bau", "zh", "维持系统稳定运行", True),
    ("objective.not_bau", "zh", "继续做好客服工作", True),
    ("objective.not_bau", "zh", "让客户的问题第一次就得到解决", False),
    ("objective.not_bau", "en", "Keep supporting customers", True),
    ("objective.not_bau", "en", "Continue the data migration", True),
    ("objective.not_bau", "en", "Solve customers' problems on first contact", False),
]


@pytest.mark.parametrize(("criterion", "lang", "title", "fires"), OBJECTIVE_CASES,
                         ids=[f"{c}-{lang}-{'fires' if f else 'passes'}-{i}"
                              for i, (c, lang, _, f) in enumerate(OBJECTIVE_CASES)])
def test_objective_criterion(criterion: str, lang: str, title: str, fires: bool) -> None:
    report = check(objective_set(title, lang))
    assert ("O1" in targets(report, criterion)) is fires, [f.message for f in report.findings]


@pytest.mark.parametrize(("lang", "title", "span"), [("zh", "客户满意度提升到 80%", "80%"),
                                                       ("en", "Raise customer satisfaction to 80%", "80%")])
def test_an_objective_with_80_percent_fails_no_metric_naming_the_number(lang: str, title: str, span: str) -> None:
    [f] = findings(check(objective_set(title, lang)), "objective.no_metric")
    assert f.span == span and span in f.message


@pytest.mark.parametrize(("lang", "task", "span"), [("zh", "上线新版官网", "上线"), ("en", "Launch the new website", "Launch")])
def test_launching_the_website_is_a_task_as_objective_and_as_kr(lang: str, task: str, span: str) -> None:
    as_objective = findings(check(objective_set(task, lang)), "objective.not_task")
    assert [(f.target, f.span) for f in as_objective] == [("O1", span)]
    as_kr = findings(check(okr_text([("让客户更快找到想要的信息" if lang == "zh" else "Help prospects find answers faster",
                                      [task, GOOD_KRS[lang][0]])], lang)), "kr.outcome")
    assert [(f.target, f.span) for f in as_kr] == [("O1.KR1", span)]


@pytest.mark.parametrize(("lang", "counts"), [("zh", [0, 1, 6]), ("en", [0, 1, 6])])
def test_kr_count(lang: str, counts: list[int]) -> None:
    krs = GOOD_KRS[lang] * 3
    titles = ["让客户更快拿到需要的功能", "让线上更稳定", "让团队更有成长"] if lang == "zh" else \
        ["Get customers features sooner", "Make production calmer", "Help the team grow"]
    text = okr_text([(t, krs[:n]) for t, n in zip(titles, counts, strict=True)], lang)
    report = check(text)
    assert targets(report, "objective.kr_count") == ["O1", "O2", "O3"]
    messages = [f.message for f in findings(report, "objective.kr_count")]
    assert "6" in messages[2] and "5" in messages[2]  # says how many and the bound
    good = check(okr_text([(t, krs[:2 + i]) for i, t in enumerate(titles)], lang))
    assert targets(good, "objective.kr_count") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_commitment_default_is_stated_in_the_sets_language(lang: str) -> None:
    titles = ["让客户更快拿到需要的功能", "让线上更稳定"] if lang == "zh" else ["Get customers features sooner", "Make production calmer"]
    unstated = check(okr_text([(t, GOOD_KRS[lang]) for t in titles], lang))
    [f] = findings(unstated, "objective.commitment")
    assert (f.target, f.severity) == ("set", "info")
    assert "O1, O2" in f.message
    if lang == "zh":
        assert "承诺型" in f.message and "committed" not in f.message
    else:
        assert "committed" in f.message
    assert all(o.commitment == "committed" and o.commitment_default for o in unstated.objectives)
    # one stated, one not: the finding points at the one that says nothing
    tag = " {承诺: 挑战型}" if lang == "zh" else " {commitment: aspirational}"
    mixed = check(okr_text([(titles[0] + tag, GOOD_KRS[lang]), (titles[1], GOOD_KRS[lang])], lang))
    assert targets(mixed, "objective.commitment") == ["O2"]
    assert (mixed.objectives[0].commitment, mixed.objectives[0].commitment_default) == ("aspirational", False)
    stated = check(okr_text([(t + tag, GOOD_KRS[lang]) for t in titles], lang))
    assert targets(stated, "objective.commitment") == []
