"""Shortcuts the checks take must never change a finding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.checks import _may_be_alike
from assistant.infer import dice

token_sets = st.frozensets(st.sampled_from(list("abcdefghij") + ["敏捷", "团队", "%", "80"]), max_size=12)


@settings(max_examples=500, deadline=None)
@given(token_sets, token_sets, st.sampled_from([0.0, 0.5, 0.8, 0.85, 0.9, 1.0]))
def test_a_pair_ruled_out_by_size_is_never_alike(a: frozenset[str], b: frozenset[str], threshold: float) -> None:
    if not _may_be_alike(a, b, threshold):
        assert dice(a, b) < threshold


def test_a_rubric_copied_with_other_criteria_is_planned_afresh() -> None:
    # the checker keeps each rubric's plan (criteria, texts, ranks); a copy with a criterion
    # switched off must not reuse the original's
    from assistant.checker import check_set
    from assistant.reader import loads
    from assistant.rubric import load_rubric

    okr_set = loads("O1：上线新版官网\nKR1：上线新版官网\nKR2：转化率提升到 XX%\n")
    rubric = load_rubric("default")
    before = {f.criterion for f in check_set(okr_set, rubric).findings}
    assert "kr.placeholder" in before
    criteria = dict(rubric.criteria)
    criteria["kr.placeholder"] = criteria["kr.placeholder"].model_copy(update={"enabled": False})
    quieter = rubric.model_copy(update={"criteria": criteria})
    assert {f.criterion for f in check_set(okr_set, quieter).findings} == before - {"kr.placeholder"}
    assert {f.criterion for f in check_set(okr_set, rubric).findings} == before  # the original is unchanged
    en = {f.message for f in check_set(okr_set, rubric, lang="en").findings}
    zh = {f.message for f in check_set(okr_set, rubric, lang="zh").findings}
    assert en.isdisjoint(zh)  # each language has its own texts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\u3000\u00a0\u2003\n敏捷OKRab1") + ["\u200b", "\x1c", "\x85"]), max_size=40))
def test_the_character_count_of_concise_skips_what_the_pattern_would(title: str) -> None:
    import re

    assert len("".join(title.split())) == len(re.sub(r"\s", "", title))


def test_a_loaded_rubric_cannot_be_changed_in_place() -> None:
    # its compiled patterns, weights, texts and check plan are kept: a change must be a copy
    import pytest
    from pydantic import ValidationError

    from assistant.rubric import load_rubric

    rubric = load_rubric("default")
    with pytest.raises(ValidationError, match="frozen"):
        rubric.criteria["kr.placeholder"].enabled = False  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        rubric.name = "mine"  # type: ignore[misc]


def test_a_copy_with_another_weight_scores_with_it() -> None:
    from assistant.checker import check_set
    from assistant.reader import loads
    from assistant.rubric import load_rubric

    okr_set = loads("O1：让部门的 OKR 真正用起来\nKR1：组织 5 次部门分享会\nKR2：需求平均交付时长从 40 天缩短到 32 天\n"
                    "O2：让客户更快拿到需要的功能\nKR1：每月至少一次给兄弟部门分享敏捷方法\nKR2：敏捷成熟度达到 85 分\n")
    rubric = load_rubric("default")
    first = check_set(okr_set, rubric)
    assert "kr.outcome" in {f.criterion for f in first.findings} and first.count("error") == 0
    criteria = dict(rubric.criteria)
    criteria["kr.outcome"] = criteria["kr.outcome"].model_copy(update={"weight": 0.0})
    lighter = rubric.model_copy(update={"criteria": criteria})
    assert lighter.weights["kr.outcome"] == 0.0 and rubric.weights["kr.outcome"] == 1.0
    o1 = lambda report: next(o.score for o in report.objectives if o.target == "O1")  # noqa: E731
    assert o1(check_set(okr_set, lighter)) == o1(first) + 5  # the warning no longer costs its 5 points
    assert o1(check_set(okr_set, rubric)) == o1(first)  # the original keeps its weights
