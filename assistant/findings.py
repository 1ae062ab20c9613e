"""What a check says: findings, and the reports that group them per objective and per set.

These models are the stable, JSON-serialisable output of `okr check` (`SetReport.model_dump()`),
of the TUI's live check and of the coach review. Field names are a contract documented in the
README ("Rubric and score"); add fields, never rename them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.models import Lang


class Severity(StrEnum):
    """How much a finding matters. Only `error` and `warning` cost score points."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info (sort key; lower is worse)."""
        return _RANK[self]


_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


class Finding(BaseModel):
    """One criterion that fired on one target, with a message and a fix in the set's language."""

    criterion: str  # stable rubric id, e.g. "kr.measurable"
    severity: Severity
    target: str  # "set", "O2" or "O2.KR1"
    span: str | None = None  # the offending text, when there is one
    title: str = ""  # the criterion's title
    message: str
    fix: str = ""
    weak_example: str = ""
    strong_example: str = ""
    inferred: bool = False  # the finding rests on an inferred source or kind
    llm: bool = False  # judged by a model, not by a deterministic check


class Coverage(BaseModel):
    """Which upper-level key results (and objectives) the set supports (`align.coverage`)."""

    level: str = ""  # the upper level compared against, e.g. "manager"
    supported: list[str] = Field(default_factory=list)  # references like "manager:O1.KR2"
    unsupported: list[str] = Field(default_factory=list)


class ObjectiveReport(BaseModel):
    """One objective: its score, its findings (and its KRs'), and its source and kind."""

    target: str  # "O1"
    title: str
    score: int
    findings: list[Finding] = Field(default_factory=list)
    source: str | None = None  # aligned | self_driven | external_support
    source_inferred: bool = False
    kind: str | None = None  # business | capability
    kind_inferred: bool = False
    commitment: str | None = None  # committed | aspirational (the rubric default when unstated)
    commitment_default: bool = False  # True when the commitment is the rubric's default


class SetReport(BaseModel):
    """The result of checking one OKR set against one rubric."""

    name: str = ""  # the file or label the set came from
    rubric: str = "default"
    language: Lang = "zh"
    score: int  # 0–100, see assistant.score
    band: str = ""  # good | fair | poor
    objectives: list[ObjectiveReport] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)  # all findings, set-level first
    not_run: list[str] = Field(default_factory=list)  # llm criteria not judged in this run
    source_mix: dict[str, int] = Field(default_factory=dict)  # aligned/self_driven/external_support
    coverage: Coverage | None = None  # None when no upper-level OKRs were given

    def count(self, severity: Severity | str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    def worst(self) -> Severity | None:
        """The most severe severity present, or None when there are no findings."""
        return min((f.severity for f in self.findings), key=lambda s: s.rank, default=None)
