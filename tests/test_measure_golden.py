"""measure.py reads every text of the golden (tests/data/measure_golden.json) exactly as it did.

The golden was written by tests/data/make_measure_golden.py before measure's speed work: the KR
fields, numbers, deadline, rhythm and number values of ~12,000 KR-like texts (generated sets, the
examples, test literals and their mutations: full-width, upper case, Chinese numerals, deadlines,
`从…到…`, `每月`, separators). The texts are stored in the golden, so the comparison does not depend
on the generators. A difference is a behaviour change; the failure names the first text and field
that differ. Regenerate only for a deliberate change, and say so in the commit.
"""

from __future__ import annotations

import pytest
from goldenkit import read_golden, same

from assistant import measure
from assistant.measure import find_deadline, find_numbers, has_frequency, has_number, parse_number, read_key_result


@pytest.fixture(scope="module")
def golden() -> dict:
    return read_golden("measure_golden.json")


def test_golden_is_large_and_varied(golden: dict) -> None:
    """Worth pinning only if the corpus exercises every field and both languages."""
    rows = golden["rows"]
    assert len(rows) > 10_000
    fields = list(zip(*[r[1] for r in rows], strict=True))
    for name, values in zip(golden["fields"], fields, strict=True):
        assert sum(v is not None for v in values) > 500, f"too few texts with a {name}"
    assert {"reach", "increase", "decrease", "maintain"} <= set(fields[4])
    assert sum(r[4] for r in rows) > 500 and sum(r[3] is not None for r in rows) > 500
    assert any("０" <= ch <= "９" for r in rows for ch in r[0]) and any("二十" in r[0] for r in rows)


def test_kr_fields_equal_the_golden(golden: dict) -> None:
    measure._fields.cache_clear()
    for text, want, *_ in golden["rows"]:
        got = measure._fields(text)
        for name, value in zip(golden["fields"], want, strict=True):
            g = got[name]
            if name == "direction" and g is not None:
                assert isinstance(g, measure.Direction), f"direction of {text!r} is not a Direction: {g!r}"
                g = g.value
            same(g, value, text, name)
        assert set(got) == {"text", *golden["fields"]} and got["text"] == text, f"keys of _fields({text!r})"


def test_read_key_result_is_a_new_equal_model_each_time(golden: dict) -> None:
    """Every KR carries its text and all fields as set; two reads give equal, distinct objects."""
    for text, want, *_ in golden["rows"][::7]:
        kr, again = read_key_result(text), read_key_result(text)
        assert kr == again and kr is not again
        assert kr.model_fields_set == {"text", *golden["fields"]}
        direction = None if kr.direction is None else kr.direction.value
        got = [kr.metric, kr.baseline, kr.target, kr.unit, direction, kr.deadline]
        assert kr.text == text and got == want, f"read_key_result({text!r}): got {got}, golden {want}"


def test_numbers_deadline_and_frequency_equal_the_golden(golden: dict) -> None:
    for text, _, numbers, deadline, frequency, parsed in golden["rows"]:
        found = find_numbers(text)
        same([[n.value, n.start, n.end, n.text] for n in found], numbers, text, "find_numbers")
        same(has_number(text), bool(numbers), text, "has_number")
        got = find_deadline(text)
        same(None if got is None else list(got), deadline, text, "find_deadline")
        same(has_frequency(text), frequency, text, "has_frequency")
        got_parsed = [parse_number(s) for n in found
                      for s in (n.text, text[n.start:n.end + 1], text[max(0, n.start - 1):n.end])]
        same(got_parsed, parsed, text, "parse_number")
