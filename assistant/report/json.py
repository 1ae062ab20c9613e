"""JSON report: the `TeamReview` model as JSON (documented in README, 'Coach review').

Top-level keys: `version` (1), `name`, `lang`, `rubric`, `people[]` (person, name, role, manager,
level, origin, language, score, deterministic_score, errors, warnings, infos, source_mix,
main_problem, findings[] (criterion, severity, target, span, message, fix, llm), objectives[], llm
(status, result, error, findings, dropped) or null), `alignment` (health, linked, linkable,
findings[] (kind, severity, message, people, ref), tree[]), `skipped[]` (path, line, message),
`run` (id, counts, fatal, requests, usage, exported, imported) or null, and `agreement[]`
(criterion, title, compared, agreed, model_stricter, model_lenient, rate) — empty without --llm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.review import TeamReview


def render(review: TeamReview) -> str:
    return review.model_dump_json(indent=2) + "\n"
