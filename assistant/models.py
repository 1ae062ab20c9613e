"""The OKR data model: a person's context, the OKRs above them, and their own set.

Everything in the product speaks these types. They are plain pydantic v2 models with
`extra="forbid"` so an unknown field in a JSON/YAML file is an error, not silently dropped.

References: every upper-level objective and key result has a stable reference of the form
`LEVEL:O<n>` / `LEVEL:O<n>.KR<m>` (e.g. `manager:O1.KR2`), numbered from 1 in file order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["zh", "en"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(StrEnum):
    """Where an objective comes from: the article's three sources of a personal OKR."""

    aligned = "aligned"  # 上下对齐拆解: decomposed from an upper-level objective or KR
    self_driven = "self_driven"  # 自驱: from the person's own role
    external_support = "external_support"  # 外部支撑: what other teams ask of the person


class Kind(StrEnum):
    """业务型 (business) or 非业务型 (capability-building)."""

    business = "business"
    capability = "capability"


class Level(StrEnum):
    """Organisational level an OKR set belongs to."""

    company = "company"
    department = "department"
    team = "team"
    manager = "manager"
    individual = "individual"


class Commitment(StrEnum):
    """Committed (expected score 1.0) or aspirational (expected about 0.7)."""

    committed = "committed"
    aspirational = "aspirational"


class Direction(StrEnum):
    increase = "increase"
    decrease = "decrease"
    maintain = "maintain"
    reach = "reach"


class Stakeholder(_Model):
    """Someone outside the reporting line who asks the person for something (外部支撑)."""

    name: str
    asks: str = ""


class Context(_Model):
    """Who the person is. Every field is optional so partial context still loads."""

    name: str = ""
    role: str = ""
    team: str = ""
    manager: str = ""
    cycle: str = ""  # e.g. "2026-Q1"
    level: Level = Level.individual
    responsibilities: list[str] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    language: Lang | None = None


class KeyResult(_Model):
    """A key result: its text plus what a reader can read out of it.

    The derived fields (metric … deadline) are filled by `assistant.measure.read_key_result` when a
    reader builds the model from text; in JSON/YAML they may be given explicitly.
    """

    text: str
    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: Direction | None = None
    deadline: str | None = None


class Objective(_Model):
    """An objective with its source, kind, upper-level links and key results.

    `source` and `kind` are None when the draft does not state them; the rubric infers them
    and marks the inference.
    """

    title: str
    source: Source | None = None
    kind: Kind | None = None
    aligns_to: list[str] = Field(default_factory=list)  # references like "manager:O1.KR2"
    commitment: Commitment | None = None
    key_results: list[KeyResult] = Field(default_factory=list)


class UpperOKRs(_Model):
    """The OKRs of one level above the person (company, department or manager)."""

    level: Level = Level.manager
    owner: str = ""
    objectives: list[Objective] = Field(default_factory=list)


class OKRSet(_Model):
    """One person's (or one unit's) OKR set, with its context and the OKRs above it."""

    context: Context = Field(default_factory=Context)
    upper: list[UpperOKRs] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)

    def references(self) -> dict[str, str]:
        """Every upper-level reference in this set, mapped to its text."""
        refs: dict[str, str] = {}
        for up in self.upper:
            for i, obj in enumerate(up.objectives, 1):
                oref = f"{up.level.value}:O{i}"
                refs[oref] = obj.title
                for j, kr in enumerate(obj.key_results, 1):
                    refs[f"{oref}.KR{j}"] = kr.text
        return refs


def objective_target(index: int) -> str:
    """The target name of the objective at 0-based `index`: 'O1', 'O2', …"""
    return f"O{index + 1}"


def kr_target(obj_index: int, kr_index: int) -> str:
    """The target name of a key result: 'O1.KR2'."""
    return f"O{obj_index + 1}.KR{kr_index + 1}"
