"""What a suggestion is: a proposed objective with its KRs, why, where it comes from, and how it scored.

`Suggestion` is what every engine yields (offline drafter, LLM) and what the TUI, the CLI and
the reports show. `DraftAnswer` / `RevisedDraft` are the JSON shapes a model is asked for; they
are turned into `Suggestion`s by `assistant.suggest`, never shown as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.findings import Finding, Severity
from assistant.models import Kind, Objective, Source

EngineName = Literal["offline", "llm"]
ProvenanceKind = Literal["upper", "responsibility", "stakeholder"]


class Provenance(BaseModel):
    """What a suggestion grows from, so the person can defend it in the alignment meeting."""

    kind: ProvenanceKind
    ref: str = ""  # "manager:O1.KR2" for upper; the stakeholder's name; "" for a responsibility
    text: str  # the upper KR's text, the responsibility line, or the stakeholder's request


class Suggestion(BaseModel):
    """One proposed objective (source, kind, links, 2–4 KRs) with rationale, provenance and its check."""

    objective: Objective
    rationale: str
    provenance: Provenance
    engine: EngineName
    findings: list[Finding] = Field(default_factory=list)  # rubric findings on this objective
    score: int | None = None  # the rubric's objective score (0–100)
    placeholders: list[str] = Field(default_factory=list)  # spans only the person can fill
    answers: list[str] = Field(default_factory=list)  # every raw model answer (first, then revised)
    first: Objective | None = None  # the model's first objective, when a revise round replaced it
    revised: bool = False
    revise_error: str | None = None  # why the revise round failed, when it did (the first answer is shown)

    @property
    def source(self) -> Source | None:
        """The article's source of this objective (aligned, self_driven, external_support)."""
        return self.objective.source

    def errors(self, *, ignore_placeholders: bool = False) -> list[Finding]:
        """Error-level findings (optionally without the placeholder criterion)."""
        return [f for f in self.findings if f.severity == Severity.error
                and not (ignore_placeholders and f.criterion == PLACEHOLDER_CRITERION)]


PLACEHOLDER_CRITERION = "kr.placeholder"


# --- what a model is asked to answer -----------------------------------------------------------


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftObjective(_Answer):
    """One objective as a model proposes it."""

    title: str = Field(max_length=200)
    kind: Kind
    aligns_to: list[str] = Field(max_length=4)  # upper references, e.g. "manager:O1.KR1"; [] if none
    key_results: list[str] = Field(min_length=2, max_length=4)
    rationale: str = Field(max_length=600)
    provenance: str = Field(max_length=300)  # the upper ref, responsibility line or request it answers


class DraftAnswer(_Answer):
    """A model's answer to a suggest template: some objectives."""

    suggestions: list[DraftObjective] = Field(max_length=8)


class RevisedDraft(_Answer):
    """A model's answer to the revise template: the same objective, fixed."""

    suggestion: DraftObjective


__all__ = ["DraftAnswer", "DraftObjective", "EngineName", "PLACEHOLDER_CRITERION", "Provenance",
           "RevisedDraft", "Suggestion"]
