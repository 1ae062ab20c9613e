"""The model judge for `okr check --llm`: levels for the rubric's `llm` criteria, grounded in quotes.

The judge may only add judgement; it can never change a deterministic finding:
- it is asked only about the rubric's `llm` criteria; a verdict on any other criterion, or with
  a level the criterion does not define, makes the whole answer invalid (`JudgeAnswerError`);
- each verdict's `quote` must occur in the text of its target (after NFKC, whitespace and
  zero-width normalisation), otherwise that verdict is dropped and reported as dropped;
- a verdict at the criterion's best level adds nothing; a worse level becomes a Finding with
  `llm=True`, whose cost `assistant.score` bounds (`llm_max_penalty`) and which can never lift a
  score — the deterministic error cap still applies.

`request_body` / `parse_answer` are the two halves the batch review (`assistant.reviewjudge`)
uses; `judge()` is the one-call path. The batch review also passes `cross_check` (deterministic
criteria listed in `prompts/crosscheck.toml`): the model then answers pass/fail on those too, in a
separate `checks` list that is only compared with the checks for the report's agreement table and
never becomes a finding or touches a score.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import LLMError
from assistant.findings import Finding, SetReport
from assistant.models import Lang, OKRSet
from assistant.rubric import Rubric, load_rubric

MAX_VERDICTS = 200
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_TARGET = re.compile(r"^O(\d+)(?:\.KR(\d+))?$")
# Text addressed to an AI reviewer (checked after normalisation): shown to the coach, never obeyed.
_INJECTION = re.compile(
    r"ignore (?:all |any )?(?:the )?(?:previous|above|prior|earlier) (?:instructions|prompts?|rules)|system prompt"
    r"|(?:rate|score|grade) (?:this|it|me) (?:100|10|full|max)|disregard (?:the )?(?:above|previous)"
    r"|忽略(?:以上|之前|上述|前面)|打满分|给(?:我|这个)?.{0,6}满分|系统提示", re.IGNORECASE)
INJECTION_CRITERION = "judge.injection"
_INJECTION_TEXT = {"zh": ("草稿中有写给 AI 评审的指令", "草稿中有写给 AI 评审的指令（「{span}」）；已当作普通文字，不影响评分。",
                          "删除这句话；OKR 只写目标和结果。"),
                   "en": ("Draft contains instructions aimed at the AI reviewer",
                          "The draft contains instructions aimed at the AI reviewer ('{span}'); treated as text, no effect on the score.",
                          "Remove the sentence; an OKR states objectives and results only.")}


class JudgeAnswerError(LLMError):
    """The judge's answer is not a valid judgement (unknown criterion, undefined level, too many)."""


class Verdict(BaseModel):
    """One criterion on one target, as the model judged it."""

    model_config = ConfigDict(extra="forbid")
    criterion: str = Field(max_length=80)
    target: str = Field(max_length=20)
    level: str = Field(max_length=40)
    quote: str = Field(max_length=500)
    reason: str = Field(max_length=600)
    fix: str = Field(max_length=600)


class Judgement(BaseModel):
    """The judge's whole answer."""

    model_config = ConfigDict(extra="forbid")
    verdicts: list[Verdict]


class CrossCheck(BaseModel):
    """The model's pass/fail on one deterministic criterion and target: recorded, never applied."""

    model_config = ConfigDict(extra="forbid")
    criterion: str = Field(max_length=80)
    target: str = Field(max_length=20)
    passes: bool


class ReviewJudgement(Judgement):
    """The team review's answer: the verdicts plus the shadow answers on deterministic criteria."""

    checks: list[CrossCheck] = Field(default_factory=list)


def cross_check_criteria(rubric: Rubric) -> list[str]:
    """The ids from `prompts/crosscheck.toml` that are active, deterministic criteria of `rubric`."""
    import tomllib

    from assistant.errors import ConfigError
    from assistant.paths import resource

    try:
        ids = tomllib.loads(resource("prompts", "crosscheck.toml").read_text(encoding="utf-8")).get("criteria", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken install, not user input
        raise ConfigError(f"built-in prompts/crosscheck.toml cannot be read: {exc}", hint="reinstall okr-assistant") from exc
    return [cid for cid in ids if (c := rubric.get(cid)) is not None and c.enabled and not c.is_llm]


class JudgeResult(BaseModel):
    """Deterministic report + the model's grounded findings, and what was dropped and why."""

    report: SetReport  # findings = deterministic + llm; score recomputed with the llm share bounded
    deterministic_score: int
    llm_findings: list[Finding] = Field(default_factory=list)
    dropped: list[Verdict] = Field(default_factory=list)  # quote not found in the draft
    raw: list[str] = Field(default_factory=list)


def normalise(text: str) -> str:
    """NFKC, zero-width characters removed, whitespace collapsed, case-folded (for quote matching)."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", " ", text).strip().casefold()


def target_text(okr_set: OKRSet, target: str) -> str | None:
    """The text a target names: `O2` → the objective's title, `O2.KR1` → that KR's text."""
    m = _TARGET.match(target.strip())
    if not m:
        return None
    i = int(m.group(1)) - 1
    if not 0 <= i < len(okr_set.objectives):
        return None
    obj = okr_set.objectives[i]
    if m.group(2) is None:
        return obj.title
    j = int(m.group(2)) - 1
    return obj.key_results[j].text if 0 <= j < len(obj.key_results) else None


def grounded(v: Verdict, okr_set: OKRSet) -> bool:
    """True when the verdict's quote occurs in its target's text (normalised)."""
    text = target_text(okr_set, v.target)
    quote = normalise(v.quote)
    return bool(text is not None and quote and quote in normalise(text))


def injection_findings(okr_set: OKRSet, lang: Lang) -> list[Finding]:
    """Info findings where a draft's text addresses an AI reviewer (visible to the coach; cost nothing)."""
    title, message, fix = _INJECTION_TEXT[lang]
    out = []
    for i, o in enumerate(okr_set.objectives, 1):
        for target, text in [(f"O{i}", o.title), *((f"O{i}.KR{j}", kr.text) for j, kr in enumerate(o.key_results, 1))]:
            if m := _INJECTION.search(normalise(text)):
                out.append(Finding(criterion=INJECTION_CRITERION, severity="info", target=target, span=m.group(),
                                   title=title, message=message.format(span=m.group()), fix=fix))
    return out


# --- the request and the answer ------------------------------------------------------------------


def messages(okr_set: OKRSet, rubric: Rubric, *, lang: Lang, settings: Any = None,
             cross_check: list[str] | None = None) -> list[dict[str, str]]:
    """The judge's chat messages for one draft (user data fenced); `cross_check` adds the
    record-only questions on those deterministic criteria."""
    from assistant.prompts import render_messages

    extra: dict[str, Any] = {}
    if cross_check:  # only then: `okr check --llm` requests stay exactly as they were
        extra["cross_check"] = [{"id": c.id, "title": c.title.get(lang), "explanation": c.explanation.get(lang),
                                 "scope": c.scope} for c in (rubric.criteria[cid] for cid in cross_check)]
    return render_messages("judge", lang=lang, rubric=rubric, context=okr_set.context, upper=okr_set.upper,
                           draft=okr_set, settings=settings, **extra)


def request_body(okr_set: OKRSet, rubric: Rubric, *, settings: Any, lang: Lang,
                 cross_check: list[str] | None = None) -> dict[str, Any]:
    """The exact chat-completions body for judging one draft (same input → same body)."""
    from assistant.llm import build_request

    return build_request(settings, messages=messages(okr_set, rubric, lang=lang, settings=settings, cross_check=cross_check),
                         schema=ReviewJudgement if cross_check else Judgement, lang=lang)


def validate(j: Judgement, rubric: Rubric) -> Judgement:
    """Reject verdicts on non-llm criteria, undefined levels and absurd counts (never clamp)."""
    if len(j.verdicts) > MAX_VERDICTS:
        raise JudgeAnswerError(f"the judge returned {len(j.verdicts)} verdicts (more than {MAX_VERDICTS})",
                               hint="the answer is not a judgement of this draft; retry or use another model")
    for v in j.verdicts:
        c = rubric.get(v.criterion)
        if c is None or not c.is_llm or not c.enabled:
            raise JudgeAnswerError(f"the judge gave a verdict on {v.criterion!r}, which is not a model-judged criterion",
                                   hint="deterministic criteria are never judged by a model; retry or use another model")
        if v.level not in c.levels:
            raise JudgeAnswerError(f"the judge gave level {v.level!r} for {v.criterion}; allowed: {', '.join(c.levels)}",
                                   hint="retry, or use a model that follows the JSON schema")
    return j


def validate_checks(j: ReviewJudgement, cross_check: list[str]) -> ReviewJudgement:
    """Reject shadow answers on criteria that were not asked about, and absurd counts."""
    if len(j.checks) > MAX_VERDICTS:
        raise JudgeAnswerError(f"the judge returned {len(j.checks)} checks (more than {MAX_VERDICTS})",
                               hint="the answer is not a judgement of this draft; retry or use another model")
    for c in j.checks:
        if c.criterion not in cross_check:
            raise JudgeAnswerError(f"the judge answered a check on {c.criterion!r}, which it was not asked about",
                                   hint="retry, or use a model that follows the JSON schema")
    return j


def parse_answer(text: str, rubric: Rubric, okr_set: OKRSet | None = None,
                 cross_check: list[str] | None = None) -> dict[str, Any]:
    """The model's answer text as a validated judgement (JSON-able); ungrounded verdicts dropped
    when `okr_set` is given. With `cross_check`, the answer also carries `checks` (record only).
    Raises JudgeAnswerError / SchemaMismatch on an invalid answer."""
    from assistant.llm_errors import InvalidJSON, SchemaMismatch
    from assistant.structured import AnswerProblem
    from assistant.structured import parse_answer as parse

    try:
        j = validate(parse(text, ReviewJudgement if cross_check is not None else Judgement), rubric)
    except AnswerProblem as p:
        raise (InvalidJSON if p.kind == "json" else SchemaMismatch)(p.error, raw=[text]) from None
    keep = j.verdicts if okr_set is None else [v for v in j.verdicts if grounded(v, okr_set)]
    out: dict[str, Any] = {"verdicts": [v.model_dump() for v in keep], "dropped": len(j.verdicts) - len(keep)}
    if cross_check is not None:
        out["checks"] = [c.model_dump() for c in validate_checks(j, cross_check).checks]  # type: ignore[arg-type]
    return out


# --- turning verdicts into findings ---------------------------------------------------------------


def findings_from(j: Judgement, okr_set: OKRSet, rubric: Rubric, lang: Lang) -> tuple[list[Finding], list[Verdict]]:
    """Grounded, non-best verdicts as llm Findings; and the verdicts dropped for a missing quote."""
    out, dropped = [], []
    for v in j.verdicts:
        if not grounded(v, okr_set):
            dropped.append(v)
            continue
        c = rubric.criteria[v.criterion]
        if v.level == c.levels[0]:
            continue  # the best level: nothing to fix, and nothing to add to the score
        out.append(Finding(criterion=c.id, severity=c.severity, target=v.target, span=v.quote,
                           title=c.title.get(lang), message=c.message("default", lang, reason=v.reason,
                                                                  level=rubric.label(v.level, lang)),
                           fix=v.fix or c.fix.get(lang), weak_example=c.examples.weak.get(lang),
                           strong_example=c.examples.strong.get(lang), llm=True))
    return out, dropped


def combine(report: SetReport, llm_findings: list[Finding], rubric: Rubric, n_objectives: int) -> SetReport:
    """The report with llm findings added and the score recomputed; deterministic findings untouched."""
    from assistant.score import band, score

    findings = [*report.findings, *llm_findings]
    total = min(score(findings, rubric, objectives=n_objectives), report.score)  # a model can only lower it
    return report.model_copy(update={"findings": findings, "score": total, "band": band(total), "not_run": []})


async def judge(okr_set: OKRSet, rubric: Rubric | str | None = None, *, settings: Any, lang: Lang | None = None,
                client: Any = None, name: str = "") -> JudgeResult:
    """Check the set deterministically, then ask the model about the `llm` criteria and combine."""
    from assistant.checker import check_set
    from assistant.llm import complete_json

    rub = rubric if isinstance(rubric, Rubric) else load_rubric(rubric)
    report = check_set(okr_set, rub, lang=lang, name=name)
    lang = report.language
    if not any(c.is_llm for c in rub.active()) or not okr_set.objectives:
        return JudgeResult(report=report, deterministic_score=report.score)
    done = await complete_json(settings, messages=messages(okr_set, rub, lang=lang, settings=settings),
                               schema=Judgement, template="judge", client=client, lang=lang)
    try:
        j = validate(done.value, rub)
    except JudgeAnswerError as exc:
        exc.raw = done.raw  # type: ignore[attr-defined]
        raise
    llm_findings, dropped = findings_from(j, okr_set, rub, lang)
    combined = combine(report, llm_findings, rub, len(okr_set.objectives))
    combined.findings += injection_findings(okr_set, lang)
    return JudgeResult(report=combined,
                       deterministic_score=report.score, llm_findings=llm_findings, dropped=dropped, raw=done.raw)


def check_with_llm(okr_set: OKRSet, rubric: Rubric | str | None = None, *, settings: Any, lang: Lang | None = None,
                   name: str = "") -> JudgeResult:
    """Synchronous `judge()` for a command (`okr check --llm`): one draft, one model call."""
    import asyncio

    return asyncio.run(judge(okr_set, rubric, settings=settings, lang=lang, name=name))


__all__ = ["INJECTION_CRITERION", "CrossCheck", "JudgeAnswerError", "ReviewJudgement", "check_with_llm", "cross_check_criteria", "injection_findings", "JudgeResult", "Judgement", "Verdict", "combine", "findings_from", "grounded",
           "judge", "messages", "normalise", "parse_answer", "request_body", "target_text", "validate", "validate_checks"]
