"""A coach's review of a whole team: load → check every draft → (model judge) → team analysis.

`review_team(options)` returns a `TeamReview`, the one model every report format renders. The
deterministic part (rubric score and findings per draft, team alignment) needs no model and is the
same on every run. The model part (`--llm`, `--import-batch`) goes through the run database, so
an interrupted run resumes without paying twice.

Model answers are applied as `okr check --llm` applies them: grounded verdicts at a worse level
become findings marked `llm`, and the score can only go down, by at most the rubric's
`llm_max_penalty`; `deterministic_score` keeps the model-free score. The model's record-only
answers on deterministic criteria (`prompts/crosscheck.toml`) are compared with the checks and
summed per criterion in `agreement`; they never change a finding or a score.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field, computed_field

from assistant.alignment import Alignment, analyse
from assistant.batch import BatchRunner, BatchSummary, Job, Limits
from assistant.errors import InputError
from assistant.models import Kind, Lang, Level, Objective
from assistant.rundb import RunDB, Status
from assistant.team import Draft, Problem, Team, load_team

SCHEMA_VERSION = 1


class ReviewOptions(BaseModel):
    """Everything that defines a review run (stored with the run so `--resume` can repeat it)."""

    paths: list[str] = Field(default_factory=list)
    org: str | None = None
    csv: str | None = None
    rubric: str | None = None
    lang: Lang | None = None
    llm: bool = False
    limits: Limits = Field(default_factory=Limits)
    export_batch: str | None = None
    import_batch: str | None = None


class FindingView(BaseModel):
    """A rubric finding as the reports show it."""

    criterion: str
    severity: str
    target: str
    span: str | None = None
    message: str
    fix: str = ""
    llm: bool = False  # judged by the model (--llm), not by a deterministic check


class LlmOutcome(BaseModel):
    status: str  # done | error | pending
    result: Any = None
    error: str | None = None
    findings: int = 0  # verdicts that became findings
    dropped: int = 0  # verdicts dropped: their quote is not in the draft


class Agreement(BaseModel):
    """Per deterministic criterion: how often the model's record-only answer matched the check."""

    criterion: str
    title: str = ""
    compared: int = 0  # objective/KR targets both the check and the model judged
    agreed: int = 0
    model_stricter: int = 0  # the model says it fails; the check passes it
    model_lenient: int = 0  # the model says it passes; the check flags it

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate(self) -> float | None:
        """agreed / compared, or None when nothing was compared."""
        return round(self.agreed / self.compared, 4) if self.compared else None


class PersonReview(BaseModel):
    person: str
    name: str
    role: str = ""
    manager: str = ""
    level: Level = Level.individual
    origin: str
    language: str = ""
    score: int  # with --llm: lowered by the model's findings (bounded); else = deterministic_score
    deterministic_score: int = 0  # the rubric's checks only: the same on every run and machine
    errors: int
    warnings: int
    infos: int
    source_mix: dict[str, int] = Field(default_factory=dict)
    main_problem: str = ""
    findings: list[FindingView] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    llm: LlmOutcome | None = None


class RunInfo(BaseModel):
    id: str
    counts: dict[str, int]
    fatal: str | None = None
    requests: int = 0
    usage: dict[str, int] = Field(default_factory=dict)
    exported: int | None = None
    imported: int | None = None


class TeamReview(BaseModel):
    """The whole review: what every report format renders (JSON schema version 1)."""

    version: int = SCHEMA_VERSION
    name: str
    lang: Lang
    rubric: str
    people: list[PersonReview]
    alignment: Alignment
    skipped: list[Problem] = Field(default_factory=list)
    run: RunInfo | None = None
    agreement: list[Agreement] = Field(default_factory=list)  # --llm: model vs deterministic checks

    @property
    def incomplete(self) -> bool:
        """Something was skipped or a model answer is missing."""
        missing = self.run is not None and (self.run.counts.get("pending", 0) or self.run.counts.get("error", 0))
        return bool(self.skipped or missing)


def check_people(team: Team, rubric: Any, lang: Lang | None) -> tuple[list[PersonReview], dict[tuple[str, str], Kind], list[Any]]:
    """Run the deterministic rubric on every draft; also return the kinds the checker inferred
    and the checker's reports (in draft order)."""
    from assistant.checker import check_set

    people: list[PersonReview] = []
    kinds: dict[tuple[str, str], Kind] = {}
    reports: list[Any] = []
    for d in team.drafts:
        report = check_set(d.okr_set, rubric, lang=lang)
        reports.append(report)
        people.append(_person(team, d, report))
        for i, orep in enumerate(getattr(report, "objectives", []) or []):
            kind = getattr(orep, "kind", None) or getattr(orep, "inferred_kind", None)
            if kind:
                kinds[(d.person, f"O{i + 1}")] = Kind(kind)
    return people, kinds, reports


_RANK = {"error": 0, "warning": 1, "info": 2}


def _person(team: Team, d: Draft, report: Any) -> PersonReview:
    findings = [
        FindingView(criterion=f.criterion, severity=str(getattr(f.severity, "value", f.severity)), target=f.target,
                    span=f.span, message=f.message, fix=f.fix or "", llm=bool(getattr(f, "llm", False)))
        for f in report.findings
    ]
    findings.sort(key=lambda f: (_RANK.get(f.severity, 3), f.llm, f.target))  # the checks first: main problem
    sev = Counter(f.severity for f in findings)
    m = team.members.get(d.person)
    mix = getattr(report, "source_mix", None)
    if not isinstance(mix, dict) or not mix:
        mix = dict(Counter(o.source.value if o.source else "unknown" for o in d.okr_set.objectives))
    return PersonReview(
        person=d.person, name=m.label if m else d.person, role=(m.role if m else "") or d.okr_set.context.role,
        manager=team.members[m.reports_to].label if m and m.reports_to in team.members else d.okr_set.context.manager,
        level=m.level if m else d.okr_set.context.level, origin=d.origin, language=str(getattr(report, "language", "") or ""),
        score=int(report.score), deterministic_score=int(report.score), errors=sev["error"], warnings=sev["warning"], infos=sev["info"],
        source_mix={str(k): int(v) for k, v in mix.items()},
        main_problem=next((f"{f.target}: {f.message}" for f in findings if f.severity in ("error", "warning")), ""),
        findings=findings, objectives=d.okr_set.objectives,
    )


def request_hash(body: dict[str, Any]) -> str:
    """SHA-256 of the canonical request body: the run-database key and the batch `custom_id`."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def review_team(
    opts: ReviewOptions,
    *,
    resume: str | None = None,
    db: RunDB | None = None,
    progress: Callable[[BatchSummary, int], None] | None = None,
) -> TeamReview:
    """Review a team. With `resume`, the stored options of that run are used and only missing calls made."""
    db_needed = opts.llm or opts.export_batch or opts.import_batch or resume
    if resume:
        db = db or RunDB()
        run_id = db.resolve(resume)
        merged = db.params(run_id)
        merged.update({k: v for k, v in opts.model_dump(mode="json", exclude_unset=True).items()
                       if k in {"limits", "export_batch", "import_batch"}})
        merged["llm"] = merged.get("llm") or opts.llm
        opts = ReviewOptions.model_validate(merged)
    if not (opts.paths or opts.org or opts.csv):
        raise InputError("nothing to review", hint="pass draft files or folders, --org FILE or --csv FILE")
    from assistant.rubric import load_rubric

    rubric = load_rubric(opts.rubric)
    team = load_team(_expand(opts.paths, team_problems := []), org=opts.org, csv_path=opts.csv)
    team.problems = team_problems + team.problems
    lang: Lang = opts.lang or _majority_lang(team)
    people, kinds, reports = check_people(team, rubric, opts.lang)
    # members marked `review: false` (e.g. the company's OKRs given as context) shape the tree only
    keep = [i for i, d in enumerate(team.drafts) if (m := team.members.get(d.person)) is None or m.review]
    if len(keep) < len(team.drafts):
        analysed = team.model_copy()  # the alignment still sees every draft
        team = team.model_copy(update={"drafts": [team.drafts[i] for i in keep]})
        people, reports = [people[i] for i in keep], [reports[i] for i in keep]
    else:
        analysed = team
    review = TeamReview(name=team.name or "team", lang=lang, rubric=str(getattr(rubric, "name", opts.rubric or "default")),
                        people=people, alignment=analyse(analysed, lang=lang, kinds=kinds), skipped=team.problems)
    if db_needed:
        db = db or RunDB()
        review.run = _model_part(opts, team, review, rubric, db, None if not resume else run_id, progress)
        _apply_model(review, team, reports, rubric)
    return review


def _model_part(opts: ReviewOptions, team: Team, review: TeamReview, rubric: Any, db: RunDB, run_id: str | None, progress: Any) -> RunInfo:
    from assistant.reviewjudge import judge_plan

    plan = judge_plan(rubric, review.lang, need_endpoint=opts.llm)
    jobs = [Job(draft=d.person, request_hash=request_hash(b := plan.body(d.okr_set)), body=b, est_tokens=plan.estimate(b)) for d in team.drafts]
    run_id = run_id or db.create_run(opts.model_dump(mode="json"))
    db.add_items(run_id, [(j.draft, j.request_hash) for j in jobs])
    info = RunInfo(id=run_id, counts={})
    if opts.import_batch:
        from assistant.batchfile import import_batch

        imp = import_batch(opts.import_batch, db, run_id, plan.parse)
        info.imported = imp.stored
        review.skipped += imp.problems
    missing = {it.draft for it in db.missing(run_id)}
    todo = [j for j in jobs if j.draft in missing]
    if opts.export_batch:
        from assistant.batchfile import export_batch

        info.exported = export_batch(todo, opts.export_batch)
    elif opts.llm and todo:
        summary = asyncio.run(_run_jobs(todo, plan, db, run_id, opts.limits, progress))
        info.fatal, info.requests, info.usage = summary.fatal, summary.requests, summary.usage
    info.counts = db.counts(run_id)
    rows = {it.draft: it for it in db.items(run_id)}
    for p in review.people:
        if (it := rows.get(p.person)) is not None:
            p.llm = LlmOutcome(status=it.status.value, result=it.result if it.status == Status.done else None, error=it.error)
    return info


def _apply_model(review: TeamReview, team: Team, reports: list[Any], rubric: Any) -> None:
    """Turn stored model answers into findings and scores (as `okr check --llm` does) and sum the
    record-only cross-checks into `review.agreement`."""
    from assistant import judge

    cross = judge.cross_check_criteria(rubric)
    tally = {cid: Agreement(criterion=cid, title=rubric.criteria[cid].title.get(review.lang)) for cid in cross}
    for i, (d, report) in enumerate(zip(team.drafts, reports, strict=True)):
        person = review.people[i]
        outcome = person.llm
        if outcome is None or outcome.status != Status.done.value or not isinstance(outcome.result, dict):
            continue
        try:  # answers were validated when they arrived; re-validate against the rubric in use now
            j = judge.validate(judge.Judgement.model_validate({"verdicts": outcome.result.get("verdicts", [])}), rubric)
        except (ValueError, judge.JudgeAnswerError) as exc:
            outcome.error = f"the stored answer does not fit the rubric: {exc}"
            continue
        lang = report.language
        llm_findings, dropped = judge.findings_from(j, d.okr_set, rubric, lang)
        combined = judge.combine(report, llm_findings, rubric, len(d.okr_set.objectives))
        combined.findings += judge.injection_findings(d.okr_set, lang)
        updated = _person(team, d, combined)
        updated.deterministic_score, updated.llm = person.deterministic_score, outcome
        outcome.findings, outcome.dropped = len(llm_findings), len(dropped)
        review.people[i] = updated
        _tally(tally, outcome.result.get("checks") or [], report, d, rubric)
    if any(p.llm is not None and p.llm.status == Status.done.value for p in review.people):
        review.agreement = list(tally.values())  # not before any answer is in (e.g. right after --export-batch)


def _tally(tally: dict[str, Agreement], checks: list[dict[str, Any]], report: Any, d: Draft, rubric: Any) -> None:
    """Add one draft's record-only answers: compared where the check applies to that target."""
    from assistant.judge import target_text

    flagged = {(f.criterion, f.target) for f in report.findings if not f.llm}
    seen: set[tuple[str, str]] = set()
    for c in checks:
        cid, target = c.get("criterion"), str(c.get("target", "")).strip()
        if cid not in tally or (cid, target) in seen or target_text(d.okr_set, target) is None:
            continue  # not asked, answered twice, or a target the draft does not have
        if ("." in target) != (rubric.criteria[cid].scope == "key_result"):
            continue  # an objective check on a KR or the other way round: the check does not apply
        seen.add((cid, target))
        a = tally[cid]
        check_passes, model_passes = (cid, target) not in flagged, bool(c.get("passes"))
        a.compared += 1
        a.agreed += check_passes == model_passes
        a.model_stricter += check_passes and not model_passes
        a.model_lenient += model_passes and not check_passes


async def _run_jobs(jobs: list[Job], plan: Any, db: RunDB, run_id: str, limits: Limits, progress: Any) -> BatchSummary:
    from assistant.batch import openai_sender

    clients = plan.clients(limits.concurrency)
    try:
        runner = BatchRunner(openai_sender(clients, plan.parse), db, run_id, limits, progress=progress)
        return await runner.run(jobs)
    finally:
        for client in clients:
            await client.close()


def _majority_lang(team: Team) -> Lang:
    """The report's language: most drafts' stated language, else the one rule of assistant.lang
    applied to the objectives' titles."""
    from assistant.lang import detect_language

    langs = Counter(d.okr_set.context.language for d in team.drafts if d.okr_set.context.language)
    if langs:
        return langs.most_common(1)[0][0]
    return detect_language(" ".join(o.title for d in team.drafts for o in d.okr_set.objectives)[:4000])


def _expand(paths: list[str], problems: list[Problem]) -> list[str]:
    """Files as given; folders expanded to the draft files inside them (sorted); a missing file or
    an empty folder is a problem, and the rest are still reviewed."""
    from pathlib import Path

    from assistant.drafts import expand

    files, empty = expand(paths)
    problems += [Problem(path=raw, message="folder has no draft files (.md .txt .json .yaml)") for raw in empty]
    kept = []
    for raw in files:
        if raw == "-" or Path(raw).exists():
            kept.append(raw)
        else:
            problems.append(Problem(path=raw, message="no such file; skipped"))
    return kept


__all__ = ["Agreement", "PersonReview", "ReviewOptions", "TeamReview", "request_hash", "review_team"]
