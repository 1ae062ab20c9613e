"""Suggestions: `suggest(context, upper, …)` yields checked `Suggestion`s one at a time.

Engines:
- offline — the rule-based drafter (`assistant.offline`), no network, deterministic;
- llm — per source: render the template (`assistant.prompts`) → `complete_json` → check each
  objective with the rubric → if it has errors (placeholders aside), one revise round with those
  findings → yield. Every source's request is sent at once; suggestions come in source order.
  Both answers are kept on the suggestion (`answers`, `first`).
Every suggestion is checked with the rubric before anyone sees it (`findings`, `score`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing
from typing import Any

from assistant.checker import check_objective
from assistant.findings import Severity
from assistant.lang import detect_language
from assistant.models import Context, Lang, Objective, OKRSet, Source, UpperOKRs
from assistant.rubric import Rubric, load_rubric
from assistant.suggestion import (
    PLACEHOLDER_CRITERION, DraftAnswer, DraftObjective, Provenance, RevisedDraft, Suggestion,
)

ALL_SOURCES: tuple[Source, ...] = tuple(Source)
# The most objectives one answer may hold (DraftAnswer's limit): asking for more would make a
# well-behaved model's answer fail validation.
MAX_PER_REQUEST: int = next(m.max_length for m in DraftAnswer.model_fields["suggestions"].metadata
                            if hasattr(m, "max_length"))
TEMPLATE = {Source.aligned: "aligned", Source.self_driven: "self_driven",
            Source.external_support: "external_support"}


def language_of(context: Context, upper: list[UpperOKRs]) -> Lang:
    """The language to draft in: the context's, else detected from what the person gave."""
    if context.language:
        return context.language
    text = " ".join([context.role, context.team, *context.responsibilities,
                     *(s.asks for s in context.stakeholders),
                     *(o.title for u in upper for o in u.objectives),
                     *(kr.text for u in upper for o in u.objectives for kr in o.key_results)])
    return detect_language(text) if text.strip() else "en"


def parse_sources(value: str | Iterable[str | Source] | None) -> list[Source]:
    """`"aligned,self_driven"` (or a list) → Sources; None → all three. Unknown names are an InputError."""
    from assistant.errors import InputError

    if value is None:
        return list(ALL_SOURCES)
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[Source] = []
    for item in items:
        name = str(item).strip().replace("-", "_")
        if not name:
            continue
        try:
            out.append(Source(name))
        except ValueError:
            raise InputError(f"unknown source {name!r}", path="--sources",
                             hint="use aligned, self_driven and/or external_support, comma-separated") from None
    return out or list(ALL_SOURCES)


def check(s: Suggestion, context: Context, upper: list[UpperOKRs], rubric: Rubric, lang: Lang) -> Suggestion:
    """`s` with its rubric findings and objective score filled in."""
    report = check_objective(s.objective, rubric, lang=lang, okr_set=OKRSet(context=context, upper=upper))
    s.findings, s.score = report.findings, report.score
    return s


def _engine(engine: Any, settings: Any) -> str:
    if engine is not None and str(engine) not in ("auto", "Engine.auto"):
        return str(getattr(engine, "value", engine))
    if settings is not None:
        return settings.resolved_engine().value
    return "offline"


async def suggest(context: Context, upper: list[UpperOKRs], *, sources: Iterable[Source | str] | None = None,
                  count: int = 3, engine: Any = None, settings: Any = None, rubric: Rubric | str | None = None,
                  lang: Lang | None = None, client: Any = None) -> AsyncIterator[Suggestion]:
    """Yield up to `count` checked suggestions per source as each one is ready.

    `engine` is "offline", "llm" or None/"auto" (llm when `settings` names an endpoint or key).
    LLM failures raise `LLMError` subclasses; suggestions already yielded stay with the caller.
    """
    srcs = parse_sources(sources if not isinstance(sources, str) else sources)
    rub = rubric if isinstance(rubric, Rubric) else load_rubric(rubric)
    lang = lang or language_of(context, upper)
    count = max(1, int(count))
    if _engine(engine, settings) == "offline":
        from assistant import offline

        for s in offline.draft(context, upper, sources=srcs, count=count, lang=lang):
            yield check(s, context, upper, rub, lang)
        return
    if settings is None:
        from assistant.config import load_settings

        settings = load_settings()
    async with aclosing(_llm(context, upper, srcs, count, settings, rub, lang, client)) as stream:
        async for s in stream:  # aclosing: a caller that stops early cancels the requests still in flight
            yield s


# --- the llm engine ----------------------------------------------------------------------------


def has_input(source: Source, context: Context, upper: list[UpperOKRs]) -> bool:
    """Whether there is anything to base a `source` suggestion on."""
    if source == Source.aligned:
        return any(u.objectives for u in upper)
    if source == Source.external_support:
        return bool(context.stakeholders)
    return bool(context.responsibilities or context.role)


def suggest_messages(source: Source, context: Context, upper: list[UpperOKRs], *, count: int, rubric: Rubric,
                     lang: Lang, settings: Any = None) -> list[dict[str, str]]:
    """The chat messages for one source's suggest request (what `--dry-run` shows)."""
    from assistant.prompts import render_messages

    return render_messages(TEMPLATE[source], lang=lang, context=context, upper=upper, rubric=rubric,
                           count=min(count, MAX_PER_REQUEST), settings=settings)


def revise_messages(draft: DraftObjective, findings: list[Any], source: Source, context: Context,
                    upper: list[UpperOKRs], *, rubric: Rubric, lang: Lang, settings: Any = None) -> list[dict[str, str]]:
    """The chat messages asking the model to fix `draft` given the rubric's `findings`."""
    from assistant.prompts import render_messages

    return render_messages("revise", lang=lang, context=context, upper=upper, rubric=rubric, settings=settings,
                           source=source.value, draft=draft, findings=findings)


def revise_findings(findings: list[Any]) -> list[Any]:
    """The findings a revise round sends back: errors and warnings, not placeholders (only the person can fill those)."""
    return [f for f in findings if f.severity in (Severity.error, Severity.warning) and f.criterion != PLACEHOLDER_CRITERION]


def to_suggestion(d: DraftObjective, source: Source, raw: list[str], *,
                  upper: list[UpperOKRs] | None = None) -> Suggestion:
    """A model's objective as an (unchecked) Suggestion; KRs read with `measure`.

    For an aligned objective whose reference exists in `upper`, the provenance text is that upper
    objective or KR as the manager wrote it (models tend to repeat the reference instead).
    """
    from assistant.measure import read_key_result

    obj = Objective(title=d.title.strip(), source=source, kind=d.kind, aligns_to=list(d.aligns_to),
                    key_results=[read_key_result(t.strip()) for t in d.key_results])
    kind = "upper" if source == Source.aligned else "stakeholder" if source == Source.external_support else "responsibility"
    ref = d.aligns_to[0] if (source == Source.aligned and d.aligns_to) else ""
    text = d.provenance.strip()
    if ref and upper:
        text = OKRSet(upper=upper).references().get(ref, text)
    return Suggestion(objective=obj, rationale=d.rationale.strip(), provenance=Provenance(kind=kind, ref=ref, text=text),
                      engine="llm", answers=list(raw))


TOKENS_PER_SUGGESTION = 400  # a Chinese objective with five KRs, its rationale and the JSON around it
TOKENS_PER_ANSWER = 200


def with_room_for(settings: Any, count: int) -> Any:
    """`settings` with a `max_tokens` large enough for `count` suggestions in one answer, unless the
    person set max_tokens themselves (a small local model may need the lower bound they chose)."""
    needed = TOKENS_PER_ANSWER + TOKENS_PER_SUGGESTION * count
    if settings.origin("max_tokens") != "default" or settings.max_tokens >= needed:
        return settings
    return settings.model_copy(update={"max_tokens": needed})


async def _llm(context: Context, upper: list[UpperOKRs], srcs: list[Source], count: int, settings: Any,
               rubric: Rubric, lang: Lang, client: Any) -> AsyncIterator[Suggestion]:
    """Every source's request is sent at once (at most `settings.concurrency` in flight), and the
    revise rounds of one source's objectives run side by side; suggestions are still yielded in the
    order of `srcs`, each as soon as it and everything before it is ready. With a model taking 20 s
    an answer, three sources cost about 20 s instead of 60 s."""
    import asyncio

    from assistant.llm import complete_json, make_client

    own = client is None
    client = client or make_client(settings)
    gate = asyncio.Semaphore(settings.concurrency)

    async def ask(messages: list[dict[str, str]], schema: Any, template: str, using: Any = settings) -> Any:
        async with gate:
            return await complete_json(using, messages=messages, schema=schema, template=template,
                                       client=client, lang=lang)

    room = with_room_for(settings, min(count, MAX_PER_REQUEST))  # the first answer holds `count` objectives

    async def first_answer(src: Source) -> Any:
        msgs = suggest_messages(src, context, upper, count=count, rubric=rubric, lang=lang, settings=settings)
        return await ask(msgs, DraftAnswer, f"suggest.{src.value}", room)

    async def finish(s: Suggestion, d: DraftObjective, src: Source) -> Suggestion:
        # a placeholder is what the prompt asks for where only the person knows a number:
        # revising it away would mean asking the model to invent that number
        if not s.errors(ignore_placeholders=True):
            return s
        return await _revise(s, d, src, context, upper, rubric, lang, settings, ask)

    pending: list[asyncio.Task[Any]] = []
    try:
        firsts = [(src, asyncio.create_task(first_answer(src))) for src in srcs if has_input(src, context, upper)]
        pending += [t for _, t in firsts]
        for src, task in firsts:
            first = await task
            drafts = first.value.suggestions[:count]
            finishing = [asyncio.create_task(finish(check(to_suggestion(d, src, first.raw[-1:], upper=upper),
                                                          context, upper, rubric, lang), d, src)) for d in drafts]
            pending += finishing
            for t in finishing:
                yield await t
    finally:
        for t in pending:  # an error, or a caller that stopped early: nothing keeps running
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if own:
            await client.close()


async def _revise(s: Suggestion, d: DraftObjective, src: Source, context: Context, upper: list[UpperOKRs],
                  rubric: Rubric, lang: Lang, settings: Any, ask: Any) -> Suggestion:
    """One revise round: send the findings back; keep both answers; the better-checked one wins."""
    from assistant.llm_errors import ModelCallError

    msgs = revise_messages(d, revise_findings(s.findings), src, context, upper, rubric=rubric, lang=lang, settings=settings)
    try:
        second = await ask(msgs, RevisedDraft, "revise")
    except ModelCallError as exc:
        if exc.fatal:  # the endpoint is unusable: every other request would fail the same way
            raise
        # an unusable revision must not cost the person a checked suggestion: show the first, say why
        s.answers, s.revise_error = [*s.answers, *exc.raw], exc.message
        return s
    revised = check(to_suggestion(second.value.suggestion, src, [*s.answers, second.raw[-1]], upper=upper),
                    context, upper, rubric, lang)
    revised.first, revised.revised = s.objective, True
    if len(revised.errors(ignore_placeholders=True)) > len(s.errors(ignore_placeholders=True)):
        s.answers, s.revised = revised.answers, True  # the revision made it worse: show the first, keep both answers
        return s
    return revised


__all__ = ["ALL_SOURCES", "MAX_PER_REQUEST", "check", "has_input", "language_of", "parse_sources", "revise_findings",
           "revise_messages", "suggest", "suggest_messages", "to_suggestion"]
