"""The score, defined once: findings → 0–100.

- A finding costs `POINTS[severity] × criterion.weight` points. Info costs nothing.
- An objective's score is 100 minus the cost of the findings on it and on its KRs.
- A set's score is the mean of its objective scores minus the cost of set-level findings
  (a set with no objectives scores 100 minus its set-level cost).
- Findings from `llm` criteria cost at most `rubric.settings.llm_max_penalty` points in total
  (per objective, and again per set) and can only lower a score, never raise one.
- Any deterministic error caps the score at `ERROR_CAP` (59), inside the "poor" band, so no
  model judgement can lift a set that fails a deterministic error check into a passing band.
- Scores are clamped to 0–100 and rounded half up; bands: good ≥ 80, fair ≥ 60, poor < 60.

Every place that shows a score (okr check, the TUI, the coach review) uses these functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from assistant.findings import Finding, Severity

POINTS = {Severity.error: 15.0, Severity.warning: 5.0, Severity.info: 0.0}
_ERROR = Severity.error  # read once: an enum's attribute lookup costs more than the comparison
ERROR_CAP = 59
GOOD, FAIR = 80, 60


def band(value: int) -> str:
    """"good" (≥ 80), "fair" (≥ 60) or "poor"."""
    return "good" if value >= GOOD else "fair" if value >= FAIR else "poor"


def _round(x: float) -> int:
    return int(math.floor(x + 0.5))


def cost(findings: Iterable[Finding], rubric: object | None = None) -> tuple[float, bool]:
    """Points lost to `findings` (llm share bounded) and whether a deterministic error is among them."""
    return _cost(findings, _rubric_terms(rubric))


def _cost(findings: Iterable[Finding], terms: tuple[dict[str, float], float]) -> tuple[float, bool]:
    weights, llm_max = terms
    det = llm = 0.0
    has_error = False
    for f in findings:
        points = POINTS[f.severity] * weights.get(f.criterion, 1.0)  # a StrEnum: "error" and Severity.error alike
        if f.llm:
            llm += points
        else:
            det += points
            has_error = has_error or f.severity == _ERROR
    return det + min(llm, llm_max), has_error


def _rubric_terms(rubric: object | None) -> tuple[dict[str, float], float]:
    if rubric is None:
        return {}, 20.0
    weights = getattr(rubric, "weights", None)  # a Rubric keeps its weights; anything else is read here
    if weights is None:
        weights = {cid: c.weight for cid, c in getattr(rubric, "criteria", {}).items()}
    return weights, float(rubric.settings.llm_max_penalty)  # type: ignore[attr-defined]


def _finish(raw: float, has_error: bool) -> int:
    value = max(0, min(100, _round(raw)))
    return min(value, ERROR_CAP) if has_error else value


def objective_score(findings: Iterable[Finding], rubric: object | None = None) -> int:
    """The score of one objective from the findings on it and its KRs."""
    lost, has_error = cost(findings, rubric)
    return _finish(100 - lost, has_error)


def score(findings: list[Finding], rubric: object | None = None, *, objectives: int | None = None,
          objective_scores: list[int] | None = None) -> int:
    """The score of a set from all its findings. `objectives` is how many objectives the set has
    (those without findings count as 100); by default, as many as the findings name.
    `objective_scores`: every objective's `objective_score`, when the caller has them already."""
    terms = _rubric_terms(rubric)
    if objective_scores is None:
        per_obj: dict[str, list[Finding]] = {}
        for f in findings:
            if f.target != "set":
                per_obj.setdefault(f.target.split(".", 1)[0], []).append(f)
        n = max(objectives if objectives is not None else 0, len(per_obj))
        objective_scores = [_finish(100 - lost, err) for lost, err in (_cost(fs, terms) for fs in per_obj.values())]
        objective_scores += [100] * (n - len(objective_scores))  # objectives without findings
    return _set_score(findings, objective_scores, terms)


def set_scores(per_objective: list[list[Finding]], findings: list[Finding],
               rubric: object | None = None) -> tuple[list[int], int]:
    """Each objective's score (`objective_score` of each list in `per_objective`) and the set's
    (`score` of all `findings` with those objective scores), reading the rubric's terms once."""
    terms = _rubric_terms(rubric)
    objective_scores = [_finish(100 - lost, err) for lost, err in (_cost(fs, terms) for fs in per_objective)]
    return objective_scores, _set_score(findings, objective_scores, terms)


def _set_score(findings: list[Finding], objective_scores: list[int], terms: tuple[dict[str, float], float]) -> int:
    """The set's score: the mean objective score minus the set-level findings' cost, capped on any error."""
    n = len(objective_scores)
    mean = sum(objective_scores) / n if n else 100.0
    lost, set_error = _cost([f for f in findings if f.target == "set"], terms)
    any_error = set_error or any(f.severity == _ERROR and not f.llm for f in findings)
    return _finish(mean - lost, any_error)
