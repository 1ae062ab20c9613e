"""Set and alignment criteria of the default rubric, in Chinese and English, and what is inferred
(source, kind) when a draft does not say."""

from __future__ import annotations

import pytest
from rubrickit import GOOD_KRS, check, findings, has_cjk, okr_text, targets

from assistant.checker import check_set
from assistant.reader import loads

UPPER = {
    "zh": "## 上级 OKR\n\nO1：产研效能提升\nKR1：敏捷成熟度达到85分\nKR2：敏捷团队OKR覆盖度80%\nKR3：需求平均交付时长为32天\n"
          "O2：业务组件化建设\n",
    "en": "## Manager OKRs\n\nO1: Make checkout fast and reliable on mobile\nKR1: Checkout p95 latency from 900 ms to 400 ms\n"
          "KR2: Payment error rate from 2.0% to 0.5%\nKR3: Mobile checkout conversion from 2.1% to 2.8%\n"
          "O2: Ship checkout changes daily\n",
}
# Objectives of a person under that manager: (title with tags, KRs)
ALIGNED = {
    "zh": ("提高产研团队的需求交付效率 {来源: 上下对齐; 对齐: manager:O1.KR3}",
           ["需求平均交付时长从 40 天缩短到 32 天", "每周跟进 2 个团队的改进措施"]),
    "en": ("Make the payment service answer fast enough that nobody waits {source: aligned; aligns: manager:O1.KR1}",
           ["Payment service p95 from 1,200 ms to 350 ms", "Card-token cache hit rate from 40% to 90%"]),
}
SELF = {
    "zh": ("提升部门在公司内外的敏捷影响力 {来源: 自驱}", ["每月产出 1 篇敏捷类文章，平均阅读 300 以上", "在 2 场行业大会上分享部门的敏捷实践"]),
    "en": ("Make payment incidents boring {source: self_driven}",
           ["Mean time to recover from 50 min to 15 min", "3 game days run with the on-call team"]),
}
TITLES = {
    "zh": ["让客户更快拿到需要的功能", "让线上更稳定", "让团队更有成长", "让新人更快上手", "让客户更满意", "让成本更低"],
    "en": ["Get customers features sooner", "Make production calmer", "Help the team grow", "Onboard people faster",
           "Delight our customers", "Spend less on cloud"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("n", "fires"), [(1, True), (2, False), (5, False), (6, True)])
def test_objective_count(lang: str, n: int, fires: bool) -> None:
    report = check(okr_text([(t, GOOD_KRS[lang]) for t in TITLES[lang][:n]], lang))
    assert (targets(report, "set.objective_count") == ["set"]) is fires


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_mix_needs_one_aligned_objective(lang: str) -> None:
    # untagged objectives with no upper OKRs: the mix is inferred, and the finding says so
    inferred = check(okr_text([(t, GOOD_KRS[lang]) for t in TITLES[lang][:2]], lang))
    [f] = findings(inferred, "set.source_mix")
    assert f.inferred and f.severity == "warning"
    assert ("自驱 2" in f.message and "self_driven" not in f.message) if lang == "zh" else "self-driven 2" in f.message
    stated = check(okr_text([SELF[lang], SELF[lang]], lang))
    assert [f.inferred for f in findings(stated, "set.source_mix")] == [False]
    assert stated.source_mix == {"aligned": 0, "self_driven": 2, "external_support": 0}
    aligned = check(okr_text([ALIGNED[lang], SELF[lang]], lang, upper=UPPER[lang]))
    assert targets(aligned, "set.source_mix") == []
    assert aligned.source_mix == {"aligned": 1, "self_driven": 1, "external_support": 0}
    # a company's set has no level above it: the rule does not apply
    company = check(okr_text([(t, GOOD_KRS[lang]) for t in TITLES[lang][:2]], lang, level="company"))
    assert targets(company, "set.source_mix") == []


@pytest.mark.parametrize(("lang", "business", "capability"), [
    ("zh", ["提升 GMV", "提升转化率", "降低履约成本"], "建设能独立运转 OKR 的教练梯队"),
    ("en", ["Grow GMV", "Raise conversion", "Cut fulfilment costs"], "Build a bench of in-house OKR coaches"),
])
def test_capability_for_department_sets(lang: str, business: list[str], capability: str) -> None:
    only_business = okr_text([(t, GOOD_KRS[lang]) for t in business], lang, level="department")
    [f] = findings(check(only_business), "set.capability")
    assert (f.target, f.severity, f.inferred) == ("set", "info", True)
    with_capability = okr_text([(t, GOOD_KRS[lang]) for t in [*business[:2], capability]], lang, level="department")
    report = check(with_capability)
    assert targets(report, "set.capability") == []
    assert (report.objectives[2].kind, report.objectives[2].kind_inferred) == ("capability", True)
    # a person's set is not asked for one
    assert targets(check(okr_text([(t, GOOD_KRS[lang]) for t in business], lang)), "set.capability") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_linked_aligned_objectives_name_an_existing_reference(lang: str) -> None:
    good = check(okr_text([ALIGNED[lang], SELF[lang]], lang, upper=UPPER[lang]))
    assert targets(good, "align.linked") == []
    assert good.objectives[0].source == "aligned" and not good.objectives[0].source_inferred
    # stated aligned, but no reference: an error
    title, krs = ALIGNED[lang]
    bare = title.split(" {")[0] + (" {来源: 上下对齐}" if lang == "zh" else " {source: aligned}")
    missing = check(okr_text([(bare, krs), SELF[lang]], lang, upper=UPPER[lang]))
    [f] = findings(missing, "align.linked")
    assert (f.target, f.severity) == ("O1", "error")
    # a reference that does not exist (the reader rejects one in a file; a model built in code can hold one)
    okr_set = loads(okr_text([ALIGNED[lang], SELF[lang]], lang, upper=UPPER[lang]))
    okr_set.objectives[0].aligns_to = ["manager:O7.KR1"]
    [dangling] = findings(check_set(okr_set), "align.linked")
    assert dangling.span == "manager:O7.KR1" and "manager:O7.KR1" in dangling.message


@pytest.mark.parametrize(("lang", "title", "kr"), [
    ("zh", "让更多团队用好 OKR {来源: 上下对齐}", "敏捷团队 OKR 覆盖度达到 80%"),
    ("en", "Stop losing orders to payment errors {source: aligned}", "Cut the payment error rate from 2.0% to 0.5%"),
])
def test_linked_guesses_the_reference_from_the_wording(lang: str, title: str, kr: str) -> None:
    report = check(okr_text([(title, [kr, GOOD_KRS[lang][0]]), SELF[lang]], lang, upper=UPPER[lang]))
    [f] = findings(report, "align.linked")
    assert "manager:O1.KR2" in f.message


@pytest.mark.parametrize(("lang", "copied", "own"), [
    ("zh", "敏捷团队OKR覆盖度80%", "通过季度初制定、季度中评审、季度末闭环的流程，帮助整个部门 OKR 的应用覆盖达到 80%"),
    ("en", "Payment error rate from 2.0% to 0.5%", "Retry declined card payments automatically for 95% of orders"),
])
def test_not_copy(lang: str, copied: str, own: str) -> None:
    title = ALIGNED[lang][0].replace("KR3", "KR2").replace("KR1", "KR2")
    report = check(okr_text([(title, [copied, own]), SELF[lang]], lang, upper=UPPER[lang]))
    [f] = findings(report, "align.not_copy")
    assert f.target == "O1.KR1" and "manager:O1.KR2" in f.message
    assert targets(check(okr_text([(title, [own, GOOD_KRS[lang][0]]), SELF[lang]], lang, upper=UPPER[lang])),
                   "align.not_copy") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_coverage_lists_what_the_set_supports(lang: str) -> None:
    report = check(okr_text([ALIGNED[lang], SELF[lang]], lang, upper=UPPER[lang]))
    [f] = findings(report, "align.coverage")
    ref = "manager:O1.KR3" if lang == "zh" else "manager:O1.KR1"
    assert report.coverage is not None and report.coverage.level == "manager"
    assert report.coverage.supported == [ref]
    assert "manager:O2" in report.coverage.unsupported and ref not in report.coverage.unsupported
    assert f.severity == "info" and ref in f.message and has_cjk(f.message) is (lang == "zh")
    # no upper OKRs: nothing to cover, no finding
    alone = check(okr_text([SELF[lang], SELF[lang]], lang))
    assert alone.coverage is None and targets(alone, "align.coverage") == []


@pytest.mark.parametrize(("lang", "says"), [("zh", "没有支撑上级的任何 KR 或目标：manager:O1.KR1"),
                                            ("en", "Supports none of the manager's KRs or objectives: manager:O1.KR1")])
def test_coverage_says_plainly_when_nothing_is_supported(lang: str, says: str) -> None:
    report = check(okr_text([SELF[lang], SELF[lang]], lang, upper=UPPER[lang]))
    [f] = findings(report, "align.coverage")
    assert report.coverage is not None and report.coverage.supported == []
    assert says in f.message and "—" not in f.message  # not "Supports — of the manager"


@pytest.mark.parametrize(("lang", "title"), [
    ("zh", "提升敏捷成熟度和团队 OKR 覆盖度"),
    ("en", "Cut checkout p95 latency and the payment error rate"),
])
def test_an_untagged_objective_that_echoes_the_manager_is_inferred_aligned(lang: str, title: str) -> None:
    krs = ["敏捷成熟度达到 85 分", "敏捷团队 OKR 覆盖度达到 80%"] if lang == "zh" else \
        ["Checkout p95 latency from 900 ms to 400 ms", "Payment error rate from 2.0% to 0.5%"]
    report = check(okr_text([(title, krs), SELF[lang]], lang, upper=UPPER[lang]))
    o1 = report.objectives[0]
    assert (o1.source, o1.source_inferred, o1.kind_inferred) == ("aligned", True, True)
    # an inferred source is a guess: no align.linked error for not naming the reference
    assert targets(report, "align.linked") == []
