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
