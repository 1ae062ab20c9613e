"""The checker's reports equal the golden ones (tests/data/check_golden.json).

The golden was written by tests/data/make_check_golden.py before the checker's speed work: every
finding, score, inferred source/kind and coverage of 831 reports over generated sets, the
examples and every rubric profile. A difference is a behaviour change; the failure names the
first case and field that differ. Regenerate only for a deliberate change, and say so in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
sys.path.insert(0, str(DATA))

import make_check_golden as golden_maker  # noqa: E402

from assistant.checker import check_set  # noqa: E402


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    return json.loads((DATA / "check_golden.json").read_text(encoding="utf-8"))


def test_every_report_equals_the_golden_one(golden: list[dict]) -> None:
    cases = golden_maker.cases()
    assert len(cases) == len(golden), "the corpus changed; regenerate the golden deliberately"
    for (name, rubric, okr_set), want in zip(cases, golden, strict=True):
        assert (name, rubric) == (want["case"], want["rubric"])
        got = golden_maker.summary(check_set(okr_set, rubric, name=name).model_dump(mode="json"))
        for key, value in got.items():
            assert value == want[key], f"{name} with rubric {rubric}: {key} differs"


def test_golden_covers_every_criterion_and_language(golden: list[dict]) -> None:
    """The corpus is worth pinning only if it makes every deterministic criterion fire, in both languages."""
    fired = {(f[0], g["language"]) for g in golden for f in g["findings"]}
    criteria = {c for c, _ in fired}
    for expected in ("set.objective_count", "objective.kr_count", "objective.no_metric", "objective.not_task",
                     "kr.measurable", "kr.outcome", "kr.baseline", "kr.deadline", "kr.binary", "kr.placeholder",
                     "align.linked", "align.coverage", "set.source_mix", "objective.not_bau", "objective.commitment"):
        assert expected in criteria
    assert {lang for _, lang in fired} == {"zh", "en"}
