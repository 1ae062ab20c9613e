"""infer.py and lang.py read every text of the golden (tests/data/infer_golden.json) exactly as they did.

The golden was written by tests/data/make_infer_golden.py before the wording analysis was made
faster: each text's KR kind, time-boundness, text without dates, first quantity, quantities,
tokens, character tokens, language and CJK share (~19,000 texts: the check benchmark's sets,
measure's golden texts and their mutations, test literals), which upper references ~9,600
objectives match and their inferred source and kind, and the language of 600 joined sets. A
difference is a behaviour change; the failure names the first text and the reading that differ.
Regenerate only for a deliberate change, and say so in the commit.
"""

from __future__ import annotations

import pytest
from goldenkit import read_golden, same

from assistant import caches, infer
from assistant.lang import cjk_share, detect_language
from assistant.models import KeyResult, Objective


@pytest.fixture(scope="module")
def golden() -> dict:
    return read_golden("infer_golden.json")


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    """Every reading computed here, not remembered from another test."""
    caches.clear_all()


def test_golden_is_large_and_varied(golden: dict) -> None:
    """Worth pinning only if the corpus exercises every kind, dates, quantities and both languages."""
    rows = golden["rows"]
    assert len(rows) > 15_000
    kinds = [r[1] for r in rows]
    assert min(kinds.count(k) for k in ("metric", "threshold", "milestone")) > 300
    assert sum(r[2] for r in rows) > 3000 and sum(not r[2] for r in rows) > 3000  # time-bound or not
    assert sum(r[3] is not None for r in rows) > 3000  # a date or period word cut out
    assert sum(r[4] is not None for r in rows) > 1000 and sum(bool(r[5]) for r in rows) > 5000
    assert min(sum(r[9] == lang for r in rows) for lang in ("zh", "en")) > 3000
    objectives = golden["objectives"]
    assert sum(bool(o[4]) for o in objectives) > 1000 and sum(not o[4] for o in objectives) > 1000
    assert {o[5] for o in objectives} == {"aligned", "self_driven", "external_support"}
    assert {o[6] for o in objectives} == {"business", "capability"}


def test_text_readings_equal_the_golden(golden: dict) -> None:
    for text, kind, timebound, core, number, spans, has_q, toks, char_toks, lang, share in golden["rows"]:
        core = text if core is None else core
        same(list(infer.kr_facts(text)), [kind, timebound, core], text, "kr_facts")
        same(list(infer.title_facts(text)), [core, number], text, "title_facts")
        same(infer.kr_kind(text), kind, text, "kr_kind")
        same(infer.is_timebound(text), timebound, text, "is_timebound")
        same(infer.without_time(text), core, text, "without_time")
        same(infer.first_quantity(text), number, text, "first_quantity")
        same([[n.start, n.end] for n in infer.quantities(text)], spans, text, "quantities")
        same(infer.has_quantity(text), has_q, text, "has_quantity")
        same(" ".join(sorted(infer.tokens(text))), toks, text, "tokens")
        same(" ".join(sorted(infer.char_tokens(text))), toks if char_toks is None else char_toks, text, "char_tokens")
        same(detect_language(text), lang, text, "detect_language")
        same(cjk_share(text), share, text, "cjk_share")


def test_readings_with_dates_given_equal_those_without(golden: dict) -> None:
    """kr_facts and title_facts pass one text's dates to the others: the same as each reading its own."""
    for text, kind, timebound, core, number, spans, has_q, *_ in golden["rows"][::3]:
        dates = infer._date_spans(text)
        core = text if core is None else core
        got = [infer.is_timebound(text, dates), infer.without_time(text, dates), infer.first_quantity(text, dates),
               [[n.start, n.end] for n in infer.quantities(text, dates)], infer.has_quantity(text, dates),
               infer.kr_kind(text, dates)]
        same(got, [timebound, core, number, spans, has_q, kind], text, "readings given the dates")


def _objective(golden: dict, row: list) -> tuple[Objective, dict[str, str]]:
    texts = golden["rows"]
    obj = Objective(title=texts[row[1]][0], key_results=[KeyResult(text=texts[i][0]) for i in row[2]], aligns_to=row[3])
    refs = {} if row[0] is None else {ref: texts[i][0] for ref, i in golden["refs"][row[0]].items()}
    return obj, refs


def test_objective_inference_equals_the_golden(golden: dict) -> None:
    for row in golden["objectives"]:
        obj, refs = _objective(golden, row)
        name = infer.objective_text(obj)
        matches = infer.upper_matches(obj, refs)
        same(matches, row[4], name, "upper_matches")
        same(infer.infer_source(obj, refs).value, row[5], name, "infer_source")
        same(infer.infer_source(obj, refs, matches).value, row[5], name, "infer_source given the matches")
        same(infer.infer_kind(obj).value, row[6], name, "infer_kind")


def test_set_languages_equal_the_golden(golden: dict) -> None:
    texts = golden["rows"]
    for indexes, lang, share in golden["languages"]:
        text = " ".join(texts[i][0] for i in indexes)
        same(detect_language(text), lang, text, "detect_language")
        same(cjk_share(text), share, text, "cjk_share")
