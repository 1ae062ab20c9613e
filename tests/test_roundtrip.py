"""Reading what was written gives back an equal model, for every format (examples + hypothesis)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.measure import read_key_result
from assistant.models import (Commitment, Context, Direction, Kind, KeyResult, Level, Objective, OKRSet, Stakeholder,
                              Source, UpperOKRs)
from assistant.reader import load, loads
from assistant.writer import FORMATS, dumps

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FILES = sorted(EXAMPLES.glob("article/*.md")) + sorted(EXAMPLES.glob("english/*.md"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_round_trip(path: Path, fmt: str) -> None:
    original = load(path)
    assert loads(dumps(original, fmt), name=f"written.{fmt}") == original


# Words people write: CJK, Latin letters, digits, spaces and the punctuation of KRs. Colons,
# braces, '#', '*' and line breaks carry grammar in the text formats and are left out of titles.
_CHARS = "提升交付效率敏捷团队覆盖度平台客户满意分天个次月 abcdefgKLMNOPRSTXZ0123456789%.,，、/-()"
_MARKER = re.compile(r"^\s*(?:O\s*\d|KR|K\s*R|Key|关键|目标|Objective|[-+•·▪◦*#>|]|\d{1,2}[.)、]|[(（]\d)", re.I)
words = st.text(alphabet=_CHARS, min_size=1, max_size=24).map(str.strip).filter(
    lambda s: bool(s) and not _MARKER.match(s) and not re.search(r"(?i)\bO\d+\s*$|KR\d", s)
)
plain = st.text(alphabet="abcdefgxyz提升度率分", min_size=1, max_size=8)
finite = st.floats(allow_nan=False, allow_infinity=False, width=32)


@st.composite
def key_results(draw: st.DrawFn) -> KeyResult:
    kr = read_key_result(draw(words))
    if draw(st.booleans()):  # a field stated explicitly, not what the text says
        field = draw(st.sampled_from(["metric", "baseline", "target", "unit", "direction", "deadline"]))
        value = {"metric": plain, "unit": plain, "deadline": plain, "baseline": finite, "target": finite,
                 "direction": st.sampled_from(list(Direction))}[field]
        kr = kr.model_copy(update={field: draw(st.one_of(st.none(), value))})
    return kr


@st.composite
def objectives(draw: st.DrawFn, refs: list[str]) -> Objective:
    ref_pool = refs or ["manager:O1", "department:O2.KR1", "company:O3"]
    return Objective(
        title=draw(words),
        source=draw(st.one_of(st.none(), st.sampled_from(list(Source)))),
        kind=draw(st.one_of(st.none(), st.sampled_from(list(Kind)))),
        commitment=draw(st.one_of(st.none(), st.sampled_from(list(Commitment)))),
        aligns_to=draw(st.lists(st.sampled_from(ref_pool), max_size=2, unique=True)),
        key_results=draw(st.lists(key_results(), max_size=4)),
    )


@st.composite
def okr_sets(draw: st.DrawFn) -> OKRSet:
    uppers = draw(st.lists(st.builds(
        UpperOKRs,
        level=st.sampled_from(list(Level)),  # individual too: a peer's or a mentor's OKRs
        owner=st.one_of(st.just(""), plain),
        objectives=st.lists(objectives([]), min_size=1, max_size=3),
    ), max_size=2))
    context = Context(
        name=draw(st.one_of(st.just(""), words)), role=draw(st.one_of(st.just(""), words)),
        cycle=draw(st.sampled_from(["", "2026-Q3", "2019 Q3", "H2"])),
        level=draw(st.sampled_from(list(Level))),
        responsibilities=draw(st.lists(words, max_size=2)),
        stakeholders=draw(st.lists(st.builds(Stakeholder, name=words, asks=st.one_of(st.just(""), words)), max_size=2)),
        language=draw(st.sampled_from([None, "zh", "en"])),
    )
    okr_set = OKRSet(context=context, upper=uppers)
    refs = list(okr_set.references())
    okr_set.objectives = draw(st.lists(objectives(refs), max_size=5))
    return okr_set


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(okr_set=okr_sets())
def test_any_set_round_trips(fmt: str, okr_set: OKRSet) -> None:
    written = dumps(okr_set, fmt)
    assert loads(written, name=f"written.{fmt}") == okr_set, written


# Any text, U+0085/U+2028/U+2029 included (YAML reads those as line breaks; the writer double-quotes them).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@settings(max_examples=80, deadline=None)
@given(title=any_text, kr=any_text, name=any_text)
def test_structured_formats_keep_any_text(fmt: str, title: str, kr: str, name: str) -> None:
    okr_set = OKRSet(context=Context(name=name), objectives=[Objective(title=title, key_results=[KeyResult(text=kr)])])
    assert loads(dumps(okr_set, fmt), fmt=fmt) == okr_set


# Markers with colons inside a title or a KR (`对齐 O2: 提升效能`) are text, not a new objective.
_MARKERS = ["O2:", "O2：", "KR1: ", "KR1.2:", "Objective 3: ", "目标二：", "关键结果1：", "Key Result 2:", "O２：", "KR1．1：",
            "O2\\:", "\\", " "]
marked = st.lists(st.one_of(words, st.sampled_from(_MARKERS)), min_size=1, max_size=5).map("".join).map(str.strip).filter(
    lambda s: bool(s) and not s.startswith(("\\", "-", "#", "*"))
)


@pytest.mark.parametrize("fmt", ["md", "text"])
@settings(max_examples=150, deadline=None)
@given(title=marked, kr=marked, upper_title=marked)
def test_markers_inside_titles_and_krs_stay_text(fmt: str, title: str, kr: str, upper_title: str) -> None:
    okr_set = OKRSet(
        upper=[UpperOKRs(level=Level.individual, owner="Ana", objectives=[Objective(title=upper_title)])],
        objectives=[Objective(title=title, key_results=[read_key_result(kr)])],
    )
    written = dumps(okr_set, fmt)
    assert loads(written) == okr_set, written


def test_the_issue_cases_round_trip() -> None:
    okr_set = OKRSet(
        upper=[UpperOKRs(level=Level.individual, objectives=[Objective(title="带教新人")])],
        objectives=[Objective(title="对齐上级 O2: 提升效能", aligns_to=["individual:O1"],
                              key_results=[read_key_result("支撑 KR2：交付周期缩短到20天")])],
    )
    for fmt in FORMATS:
        back = loads(dumps(okr_set, fmt))
        assert back == okr_set and [o.title for o in back.objectives] == ["对齐上级 O2: 提升效能"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_yaml_line_break_characters_survive_every_format(fmt: str) -> None:
    okr_set = OKRSet(context=Context(name="Ana\u2028Souza", role="a\x85b"),
                     objectives=[Objective(title="提升\u2029效能", key_results=[read_key_result("交付周期缩短到20天")])])
    assert loads(dumps(okr_set, fmt), name=f"w.{fmt}") == okr_set
