"""Rubric patterns are compiled once at load, with a first-character lookahead that must never
change what they match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import infer
from assistant.patterns import Searcher, compile_fast, compile_search
from assistant.rubric import load_rubric

RUBRIC = load_rubric()
PAIRS = [(f"{c.id}.{name}", rx) for c in RUBRIC.criteria.values()
         for name, rx in (("patterns", c.rx), ("unless", c.unless_rx)) if rx is not None]
PAIRS += [(f"infer._DATES[{i}]", rx) for i, rx in enumerate(infer._DATES)]
PAIRS += [(f"infer.{name}", getattr(infer, name)) for name in ("_PERIOD", "_THRESHOLD", "_EXTERNAL", "_CAPABILITY")]
PAIRS += [("mixed anchors", compile_search([r"(?:^\s*(?:完成|launch)\b)", r"(?:会议|\bhold)", r"(?:^x|y)"], re.I))]
# Text made of the characters these patterns care about, so matches are frequent.
ALPHABET = st.sampled_from(list("上线完成组织会议提升从到XxN%％?？…_【】<>[].TBDtbdohlngsemkr 0123456789年月日前底季Q，,。")
                           + ["launch ", "hold ", "meetings ", "from ", "TBD", "待定", "Sep ", "in 2026", "维持", "keep "])
TEXTS = st.lists(ALPHABET, max_size=30).map("".join)


@pytest.mark.parametrize(("name", "fast"), PAIRS, ids=[n for n, _ in PAIRS])
@settings(max_examples=60, deadline=None)
@given(text=TEXTS)
def test_the_lookahead_never_changes_a_match(name: str, fast: re.Pattern[str], text: str) -> None:
    source = fast.pattern
    plain = re.compile(source[source.index("])(?:") + 5 : -1] if source.startswith("(?=[") else source, fast.flags)
    got, want = fast.search(text), plain.search(text)
    assert (got and got.group()) == (want and want.group()), (name, text)
    assert (got and got.span()) == (want and want.span()), (name, text)


def test_the_patterns_that_scan_get_a_lookahead_and_anchored_ones_do_not() -> None:
    assert RUBRIC.criteria["kr.placeholder"].rx.pattern.startswith("(?=[")
    assert RUBRIC.criteria["kr.baseline"].unless_rx.pattern.startswith("(?=[")
    assert not RUBRIC.criteria["objective.not_bau"].rx.pattern.startswith("(?=[")  # `^…`: one position only
    # anchored and unanchored alternatives mixed: after position 0, only the unanchored ones scan
    outcome = RUBRIC.criteria["kr.outcome"].rx
    assert isinstance(outcome, Searcher)
    assert outcome._rest is not None and "完成" not in outcome._rest.pattern and "会议" in outcome._rest.pattern
    # patterns whose first character cannot be read (`.`, a negated class) are compiled as written
    for source in (r".{2}待定", r"[^a]b|c", r"(?:x)?"):
        assert compile_fast(source).pattern == source
    assert compile_fast(r"\bTBD\b|待定", re.I).pattern == r"(?=[T待])(?:\bTBD\b|待定)"
