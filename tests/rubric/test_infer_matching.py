"""Which upper-level OKRs an objective's wording matches: the fast count equals the token rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import infer
from assistant.models import KeyResult, Objective


def by_the_rule(obj: Objective, refs: dict[str, str]) -> list[str]:
    """The definition: tokens shared between the objective (title + KRs) and each reference."""
    whole = infer.tokens(infer.objective_text(obj))
    out = []
    for ref, text in refs.items():
        part = infer.tokens(text)
        shared = len(part & whole)
        if shared >= infer.ALIGN_MIN_SHARED and shared >= infer.ALIGN_CONTAINMENT * len(part):
            out.append(ref)
    return out


PIECES = st.sampled_from(list("月活跃用户数的和敏捷成熟度达到 12.3%,，abc XYZİ㐀鿿") + ["rate ", "the ", "score ", "KR1 "])
TEXT = st.lists(PIECES, max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.lists(TEXT, min_size=1, max_size=4), st.lists(TEXT, max_size=4))
def test_upper_matches_is_the_token_rule(title: str, krs: list[str], uppers: list[str]) -> None:
    obj = Objective(title=title, key_results=[KeyResult(text=k) for k in krs])
    refs = {f"manager:O{i}": text for i, text in enumerate(uppers, 1)}
    assert infer.upper_matches(obj, refs) == by_the_rule(obj, refs)


def test_an_objective_that_restates_the_managers_kr_in_its_own_words_matches_it() -> None:
    obj = Objective(title="提升我所支持团队的敏捷成熟度", key_results=[KeyResult(text="24 个敏捷团队的敏捷成熟度达到 85 分")])
    refs = {"manager:O1.KR1": "敏捷成熟度达到85分", "manager:O1.KR3": "需求平均交付时长为32天",
            "manager:O2": "Make checkout fast"}
    assert infer.upper_matches(obj, refs) == ["manager:O1.KR1"]
    english = Objective(title="Make checkout fast on mobile", key_results=[KeyResult(text="Checkout p95 below 400 ms")])
    assert infer.upper_matches(english, refs) == ["manager:O2"]
