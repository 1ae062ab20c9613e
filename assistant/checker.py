"""Applying a rubric to an OKR set: `check_set` (whole set) and `check_objective` (live, in the TUI).

Pure and deterministic: no I/O beyond loading a shipped rubric the first time, no clock, no
randomness, so the same set gets the same findings and score on every run and machine.
`llm` criteria are not judged here; they are listed in `SetReport.not_run` (the LLM judge adds
their findings later, through `assistant.score`, whose bound keeps them from lifting a set).
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import TypeAdapter

from assistant.checks import CHECKS, ObjView, SetView, prepare, source_counts
from assistant.findings import Finding, ObjectiveReport, SetReport, Severity
from assistant.lang import detect_language
from assistant.models import Lang, Objective, OKRSet, objective_target
from assistant.rubric import Rubric, load_rubric
from assistant.score import band, objective_score, set_scores


def set_language(okr_set: OKRSet) -> Lang:
    """The language of a set: its context's, else detected from its objectives and KRs."""
    if okr_set.context.language:
        return okr_set.context.language
    parts: list[str] = []
    for o in okr_set.objectives:
        parts.append(o.title)
        parts += [kr.text for kr in o.key_results]
    text = " ".join(parts)
    return detect_language(text) if text.strip() else "en"


def _resolve(rubric: Rubric | str | None) -> Rubric:
    return rubric if isinstance(rubric, Rubric) else load_rubric(rubric)


_FINDINGS = TypeAdapter(list[Finding])  # one validation call per set: several times faster than one per finding


def _findings(view: SetView, rubric: Rubric, lang: Lang) -> list[Finding]:
    """Every deterministic criterion's findings on the set, in report order."""
    rows: list[tuple[int, int, int, int, dict[str, object]]] = []
    for c, texts, rank in rubric.plan(lang).deterministic:
        for hit in CHECKS[c.check](view, c):
            values = hit.values
            if values and not _LABELLED.isdisjoint(values):
                values = {k: _show(v, lang, rubric) if k in _LABELLED else v for k, v in values.items()}
            # sort key: objective, KR, severity, then the order found (so the sort never compares findings)
            rows.append((*_place(hit.target), rank, len(rows), {
                **texts.fields, "target": hit.target, "span": hit.span,
                "message": texts.message(hit.variant, values), "inferred": hit.inferred}))
    rows.sort()
    return _FINDINGS.validate_python([row[4] for row in rows])


_LABELLED = frozenset({"default", "mix", "level"})  # message values that are enum values or a count table


def _show(value: object, lang: Lang, rubric: Rubric) -> object:
    """A message value in the set's language: enum values through the rubric's labels, and a
    count table (the source mix) as `上下对齐 2、自驱 1` / `aligned 2, self-driven 1`."""
    if isinstance(value, str):
        return rubric.label(value, lang)
    if isinstance(value, dict):
        sep = "、" if lang == "zh" else ", "
        return sep.join(f"{rubric.label(k, lang)} {v}" for k, v in value.items())
    return value


@lru_cache(maxsize=1024)
def _place(target: str) -> tuple[int, int]:
    """(objective number, KR number) of a target for the report order: "set" → (0, 0), "O2.KR1" → (2, 1)."""
    head, _, kr = target.partition(".")
    obj = int(head[1:]) if head.startswith("O") and head[1:].isdigit() else 0
    krn = int(kr[2:]) if kr.startswith("KR") and kr[2:].isdigit() else 0
    return obj, krn


_REPORT = SetReport.__pydantic_validator__.validate_python  # one call builds the report and its objectives


def check_set(okr_set: OKRSet, rubric: Rubric | str | None = None, *, lang: Lang | None = None,
              name: str = "") -> SetReport:
    """Check one set against a rubric (None → default; a name or path is loaded)."""
    rubric = _resolve(rubric)
    lang = lang or set_language(okr_set)
    view = prepare(okr_set, lang, rubric)
    findings = _findings(view, rubric, lang)
    by_objective: dict[str, list[Finding]] = {ov.target: [] for ov in view.objs}
    for f in findings:
        mine = by_objective.get(f.target.partition(".")[0])
        if mine is not None:
            mine.append(f)
    per_objective = list(by_objective.values())
    objective_scores, total = set_scores(per_objective, findings, rubric)
    # Findings are models already (validated once, in `_findings`): pydantic keeps them as they are.
    return _REPORT({
        "name": name, "rubric": rubric.name, "language": lang, "score": total, "band": band(total),
        "objectives": [_objective_report(ov, mine, s, view)
                       for ov, mine, s in zip(view.objs, per_objective, objective_scores, strict=True)],
        "findings": findings,
        "not_run": list(rubric.plan(lang).llm_ids),
        "source_mix": source_counts(view),
        "coverage": {"level": view.coverage_level, "supported": view.supported,
                     "unsupported": [r for r in view.coverage_items if r not in view.supported]}
        if view.coverage_items else None,
    })


def _objective_report(ov: ObjView, findings: list[Finding], value: int, view: SetView) -> dict[str, object]:
    """The fields of one objective's report."""
    stated = ov.obj.commitment
    return {"target": ov.target, "title": ov.obj.title, "score": value, "findings": findings,
            "source": ov.source.value, "source_inferred": ov.source_inferred,
            "kind": ov.kind.value, "kind_inferred": ov.kind_inferred,
            "commitment": stated.value if stated else view.default_commitment, "commitment_default": stated is None}


def check_objective(objective: Objective, rubric: Rubric | str | None = None, *, lang: Lang | None = None,
                    index: int = 0, okr_set: OKRSet | None = None) -> ObjectiveReport:
    """Check one objective (as the user types), in the context of `okr_set` when given.

    Only objective-, KR- and alignment-scoped criteria run; targets are numbered from `index`.
    """
    rubric = _resolve(rubric)
    base = okr_set or OKRSet()
    single = base.model_copy(update={"objectives": [objective]})
    lang = lang or set_language(single)
    view = prepare(single, lang, rubric, first=index)
    found = [f for f in _findings(view, rubric, lang) if f.target != "set"]
    ov = view.objs[0]
    return ObjectiveReport(
        target=objective_target(index), title=objective.title, score=objective_score(found, rubric), findings=found,
        source=ov.source.value, source_inferred=ov.source_inferred, kind=ov.kind.value, kind_inferred=ov.kind_inferred,
        commitment=objective.commitment.value if objective.commitment else view.default_commitment,
        commitment_default=objective.commitment is None,
    )


__all__ = ["check_set", "check_objective", "set_language", "detect_language", "Severity"]
