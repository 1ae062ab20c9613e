"""A team's inputs: the org file (who reports to whom, where each person's drafts are) and the CSV.

Org file (YAML or TOML; paths are relative to the org file)::

    org: 京东零售                    # a name for the report
    people:
      - id: ecosystem                # unique; other people point at it with reports_to
        name: 平台生态部
        level: department            # company | department | manager | individual (default)
        reports_to: jd-retail
        drafts: department.md        # one path or a list; any format the reader accepts
      - id: liuliu
        name: 留留老师
        role: 敏捷教练
        reports_to: manager
        drafts: [author.md]
        context: context.md          # optional context file (front matter / YAML / JSON)
        review: true                 # false: the drafts are context (tree, upper OKRs), not reviewed

Chinese keys are accepted too: 组织, 成员, 编号, 姓名, 角色, 层级, 上级, 草稿, 背景, 评审.

CSV (one row per key result, UTF-8, header names in English or Chinese)::

    person,role,manager,objective,kr,source,kind,aligns
    Ana,Engineer,Maya,Cut checkout latency,p95 latency from 900 ms to 400 ms,aligned,business,manager:O1.KR1

`person` and `objective` are required; rows of the same person and objective form one objective;
`manager` names another person in the file; an empty `kr` gives an objective without that row's KR.
A bad row or file is reported with its location and skipped; the rest is read.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from assistant.errors import InputError
from assistant.models import Context, KeyResult, Kind, Level, Objective, OKRSet, Source, UpperOKRs


class Member(BaseModel):
    """One person (or unit) in the org."""

    id: str
    name: str = ""
    role: str = ""
    level: Level = Level.individual
    reports_to: str = ""
    drafts: list[str] = Field(default_factory=list)
    context: str | None = None
    review: bool = True  # False: the drafts shape the tree and the upper OKRs but are not scored or judged

    @property
    def label(self) -> str:
        return self.name or self.id


class Problem(BaseModel):
    """A file or row that was skipped, with where it is and what to do."""

    path: str
    line: int | None = None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class Draft(BaseModel):
    """One person's OKR set as read, with where it came from."""

    person: str
    origin: str
    okr_set: OKRSet


class Team(BaseModel):
    """Everything a coach review reads: members, their drafts and what had to be skipped."""

    name: str = ""
    members: dict[str, Member] = Field(default_factory=dict)
    drafts: list[Draft] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    def chain(self, person: str) -> list[Member]:
        """The person's managers, nearest first (stops on a cycle or an unknown id)."""
        out: list[Member] = []
        seen = {person}
        cur = self.members.get(person)
        while cur and cur.reports_to and cur.reports_to not in seen and cur.reports_to in self.members:
            seen.add(cur.reports_to)
            cur = self.members[cur.reports_to]
            out.append(cur)
        return out


# ---- org file --------------------------------------------------------------------------------
_ORG_KEYS = {"组织": "org", "成员": "people", "人员": "people"}
_MEMBER_KEYS = {"编号": "id", "姓名": "name", "名字": "name", "角色": "role", "岗位": "role", "层级": "level",
                "上级": "reports_to", "manager": "reports_to", "草稿": "drafts", "okr": "drafts", "背景": "context",
                "评审": "review"}
_LEVELS = {"公司": "company", "部门": "department", "经理": "manager", "上级": "manager", "个人": "individual"}


def load_org(path: str | Path) -> tuple[Team, list[Problem]]:
    """Read an org file into a Team with members only; bad entries become Problems."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the org file: {exc}", path=str(p), hint="the org file is UTF-8 YAML or TOML") from exc
    try:
        data = tomllib.loads(text) if p.suffix.lower() == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(f"not valid {'TOML' if p.suffix == '.toml' else 'YAML'}: {exc}", path=str(p),
                         line=line + 1 if line is not None else None) from exc
    if not isinstance(data, dict):
        raise InputError("expected a mapping with a `people` list", path=str(p), hint="see README, 'Coach review'")
    data = {_ORG_KEYS.get(k, k): v for k, v in data.items()}
    people = data.get("people")
    if not isinstance(people, list) or not people:
        raise InputError("no `people` list", path=str(p), hint="list each person with id, reports_to and drafts")
    team = Team(name=str(data.get("org", "") or p.stem))
    problems: list[Problem] = []
    lines = _entry_lines(text, len(people))
    for i, raw in enumerate(people):
        where = lines[i] if i < len(lines) else None
        try:
            member = _member(raw, p.parent)
        except (ValueError, TypeError) as exc:
            problems.append(Problem(path=str(p), line=where, message=f"person #{i + 1} skipped: {exc}"))
            continue
        if member.id in team.members:
            problems.append(Problem(path=str(p), line=where, message=f"person id {member.id!r} appears twice; the second is skipped"))
            continue
        team.members[member.id] = member
    for m in team.members.values():
        if m.reports_to and m.reports_to not in team.members:
            problems.append(Problem(path=str(p), message=f"{m.id}: reports_to {m.reports_to!r} is not a person in this file; treated as top level"))
            m.reports_to = ""
    return team, problems


def _member(raw: Any, base: Path) -> Member:
    if not isinstance(raw, dict):
        raise ValueError("expected a mapping with at least `id`")
    d = {_MEMBER_KEYS.get(str(k), str(k)): v for k, v in raw.items()}
    if not d.get("id") and d.get("name"):
        d["id"] = d["name"]
    if not d.get("id"):
        raise ValueError("missing `id`")
    d["id"] = str(d["id"])
    if "level" in d:
        d["level"] = _LEVELS.get(str(d["level"]), str(d["level"]).lower())
    drafts = d.get("drafts") or []
    d["drafts"] = [str((base / str(x))) for x in ([drafts] if isinstance(drafts, str) else drafts)]
    if d.get("context"):
        d["context"] = str(base / str(d["context"]))
    d["reports_to"] = str(d.get("reports_to") or "")
    unknown = set(d) - set(Member.model_fields)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
    try:
        return Member.model_validate(d)
    except Exception as exc:  # pydantic ValidationError → one readable line
        raise ValueError(str(exc).splitlines()[-2].strip() if "\n" in str(exc) else str(exc)) from None


def _entry_lines(text: str, n: int) -> list[int]:
    """Best-effort line numbers of the list entries (YAML `- ` items or TOML [[people]])."""
    marks = [i + 1 for i, ln in enumerate(text.splitlines()) if re.match(r"\s*-\s+\S|\s*\[\[(people|成员)\]\]", ln)]
    return marks[:n]


# ---- CSV -------------------------------------------------------------------------------------
_COLUMNS = {
    "person": ("person", "name", "owner", "姓名", "人员", "员工", "负责人"),
    "role": ("role", "title", "角色", "岗位", "职位"),
    "manager": ("manager", "reports_to", "上级", "经理", "直属上级"),
    "objective": ("objective", "o", "目标", "o（目标）"),
    "kr": ("kr", "key result", "key_result", "关键结果"),
    "source": ("source", "来源"),
    "kind": ("kind", "type", "类型"),
    "aligns": ("aligns", "aligns_to", "对齐", "对齐到"),
    "level": ("level", "层级"),
}
_SOURCES = {"aligned": "aligned", "上下对齐": "aligned", "对齐": "aligned", "上下对齐拆解": "aligned",
            "self_driven": "self_driven", "self-driven": "self_driven", "自驱": "self_driven",
            "external_support": "external_support", "external": "external_support", "外部支撑": "external_support", "外部支持": "external_support"}
_KINDS = {"business": "business", "业务型": "business", "业务": "business",
          "capability": "capability", "非业务型": "capability", "能力建设": "capability", "非业务": "capability"}


def _header_map(header: list[str]) -> dict[str, int]:
    lookup = {alias: col for col, aliases in _COLUMNS.items() for alias in aliases}
    out: dict[str, int] = {}
    for i, name in enumerate(header):
        key = lookup.get(name.strip().lower().lstrip("\ufeff"))
        if key and key not in out:
            out[key] = i
    return out


def read_csv(text: str, *, name: str = "<csv>") -> tuple[Team, list[Problem]]:
    """Read a one-row-per-KR CSV into a Team (members + drafts); bad rows become Problems."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise InputError("the CSV file is empty", path=name, hint="the first row names the columns: person,objective,kr,…")
    cols = _header_map(rows[0])
    missing = [c for c in ("person", "objective") if c not in cols]
    if missing:
        raise InputError(f"no column for {' and '.join(missing)} (header: {', '.join(rows[0])})", path=name, line=1,
                         hint="name the columns person, role, manager, objective, kr, source, kind (or 姓名, 角色, 上级, 目标, 关键结果, 来源, 类型)")
    team = Team(name=Path(name).stem)
    problems: list[Problem] = []
    sets: dict[str, OKRSet] = {}
    objs: dict[tuple[str, str], Objective] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in cols.items()}
        try:
            _check_row(cell)
            source = _SOURCES[cell["source"].lower()] if cell.get("source") else None
            kind = _KINDS[cell["kind"].lower()] if cell.get("kind") else None
        except (ValueError, KeyError) as exc:
            msg = f"unknown value {exc}" if isinstance(exc, KeyError) else str(exc)
            problems.append(Problem(path=name, line=lineno, message=f"row skipped: {msg}"))
            continue
        person = cell["person"]
        member = team.members.setdefault(person, Member(id=person, name=person))
        member.role = member.role or cell.get("role", "")
        member.reports_to = member.reports_to or cell.get("manager", "")
        if cell.get("level"):
            member.level = Level(_LEVELS.get(cell["level"], cell["level"].lower()))
        okr_set = sets.setdefault(person, OKRSet(context=Context(name=person, role=member.role, manager=member.reports_to)))
        obj = objs.get((person, cell["objective"]))
        if obj is None:
            obj = objs[(person, cell["objective"])] = Objective(title=cell["objective"])
            okr_set.objectives.append(obj)
        obj.source = obj.source or (Source(source) if source else None)
        obj.kind = obj.kind or (Kind(kind) if kind else None)
        for ref in filter(None, re.split(r"[,，;；\s]+", cell.get("aligns", ""))):
            ref = ref if ":" in ref else f"manager:{ref}"
            if ref not in obj.aligns_to:
                obj.aligns_to.append(ref)
        if cell.get("kr"):
            obj.key_results.append(_kr(cell["kr"]))
    for m in team.members.values():
        if m.reports_to and m.reports_to not in team.members:
            team.members[m.reports_to] = Member(id=m.reports_to, name=m.reports_to, level=Level.manager)
    team.drafts = [Draft(person=p, origin=f"{name}", okr_set=s) for p, s in sets.items()]
    return team, problems


def _check_row(cell: dict[str, str]) -> None:
    if not cell.get("person"):
        raise ValueError("the person cell is empty")
    if not cell.get("objective"):
        raise ValueError("the objective cell is empty")
    if cell.get("level") and _LEVELS.get(cell["level"], cell["level"].lower()) not in Level.__members__:
        raise KeyError(cell["level"])


def _kr(text: str) -> KeyResult:
    """A KeyResult with its measurable parts read out (metric, baseline, target, …)."""
    return _reader()(text)


@functools.cache
def _reader() -> Callable[[str], KeyResult]:
    try:
        from assistant.measure import read_key_result
    except ImportError:  # a partial checkout without the measure module: keep the text
        return lambda text: KeyResult(text=text)
    return read_key_result


def load_csv(path: str | Path) -> tuple[Team, list[Problem]]:
    """Read a CSV file (UTF-8, BOM allowed)."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("the CSV is not UTF-8", path=str(p), hint="save it as 'CSV UTF-8' from your spreadsheet") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(p)) from exc
    return read_csv(text, name=str(p))


def attach_upper(team: Team) -> None:
    """Give every draft the OKRs of its managers from the org, unless its file already has that level.

    The direct manager becomes level `manager` (or its own level if company/department); higher
    managers keep their own level. Existing upper sections in a draft win.
    """
    by_person = {d.person: d.okr_set for d in team.drafts}
    for d in team.drafts:
        have = {u.level for u in d.okr_set.upper}
        for level, boss in upper_levels(team, d.person):
            if level in have or boss.id not in by_person:
                continue
            d.okr_set.upper.append(UpperOKRs(level=level, owner=boss.label, objectives=by_person[boss.id].objectives))
            have.add(level)


def upper_levels(team: Team, person: str) -> list[tuple[Level, Member]]:
    """(reference level, manager) pairs for a person: what `manager:`/`department:`/`company:` mean."""
    out: list[tuple[Level, Member]] = []
    used: set[Level] = set()
    for i, boss in enumerate(team.chain(person)):
        level = boss.level if boss.level in (Level.company, Level.department) else (Level.manager if i == 0 else None)
        if level is None or level in used:
            continue
        used.add(level)
        out.append((level, boss))
    return out


def load_team(paths: list[str], *, org: str | None = None, csv_path: str | None = None) -> Team:
    """Everything to review: the org's drafts, the CSV's rows and loose draft files.

    Loose files become one person each (named by the file's context name or file stem). A file or
    row that cannot be read is recorded in `team.problems` and the rest is still loaded.
    """
    team, problems = load_org(org) if org else (Team(), [])
    if csv_path:
        csv_team, csv_problems = load_csv(csv_path)
        problems += csv_problems
        for mid, m in csv_team.members.items():
            team.members.setdefault(mid, m)
        team.drafts += csv_team.drafts
        team.name = team.name or csv_team.name
    wanted: list[tuple[str, str]] = [(m.id, path) for m in team.members.values() for path in m.drafts]
    wanted += [("", path) for path in paths]
    if not wanted:
        team.problems = problems
        attach_upper(team)
        return team
    from assistant.reader import load_context, load_many

    results = load_many([path for _, path in wanted])
    for (person, path), res in zip(wanted, results, strict=True):
        if res.error is not None or res.okr_set is None:
            err = res.error
            problems.append(Problem(path=getattr(err, "path", path), line=getattr(err, "line", None),
                                    message=f"skipped: {getattr(err, 'detail', err)}"))
            continue
        okr_set = res.okr_set
        if not person:
            person = okr_set.context.name or Path(path).stem
            if person in team.members and any(d.person == person for d in team.drafts):
                person = f"{person} ({Path(path).name})"
            team.members.setdefault(person, Member(id=person, name=person, role=okr_set.context.role, level=okr_set.context.level))
        member = team.members[person]
        if member.context:
            try:
                ctx = load_context(member.context)
                okr_set = okr_set.model_copy(update={"context": ctx})
            except InputError as exc:
                problems.append(Problem(path=exc.path, line=exc.line, message=f"context skipped: {exc.detail}"))
        if not okr_set.context.name:
            okr_set.context.name = member.label
        team.drafts.append(Draft(person=person, origin=path, okr_set=okr_set))
    team.problems = problems
    attach_upper(team)
    return team
