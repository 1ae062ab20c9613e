"""Working on one suggestion in the drafting workspace: regenerate it, refine it as asked, re-check an edit.

`suggest()` drafts a batch; these are the per-card operations of `okr draft`. They live in the
core so the TUI holds no engine, rubric or prompt logic. Refining by a typed instruction needs a
model: the offline engine only follows its rules, and `refine` says so with an `InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.errors import InputError
from assistant.models import Context, Lang, Objective, Source, UpperOKRs
from assistant.rubric import load_rubric
from assistant.suggest import check, language_of, suggest, to_suggestion
from assistant.suggestion import DraftObjective, RevisedDraft, Suggestion

MAX_REQUEST = 500  # characters of a typed instruction sent to the model


def engine_name(settings: Any) -> str:
    """'llm' or 'offline': what suggestions and refinements will use with these settings."""
    return settings.resolved_engine().value if settings is not None else "offline"


def recheck(s: Suggestion, context: Context, upper: list[UpperOKRs], lang: Lang | None = None) -> Suggestion:
    """`s` after the person edited its objective: findings and score recomputed."""
    lang = lang or language_of(context, upper)
    return check(s, context, upper, load_rubric(), lang)


async def regenerate(source: Source, context: Context, upper: list[UpperOKRs], *, settings: Any,
                     exclude: Iterable[str] = (), client: Any = None) -> Suggestion | None:
    """A fresh suggestion for `source` whose title is not in `exclude`, or None when the engine has no other.

    The offline engine is deterministic, so it walks further down its list; the llm engine asks again.
    """
    seen = {t.strip() for t in exclude}
    count = len(seen) + 1 if engine_name(settings) == "offline" else 1
    async for s in suggest(context, upper, sources=[source], count=count, settings=settings, client=client):
        if s.objective.title.strip() not in seen:
            return s
    return None


async def refine(s: Suggestion, request: str, context: Context, upper: list[UpperOKRs], *, settings: Any,
                 client: Any = None, lang: Lang | None = None) -> Suggestion:
    """`s` rewritten by the model as the person asked (`request`), checked by the rubric.

    Raises InputError for an empty request or when no model is configured (offline engine).
    LLM failures raise `LLMError` subclasses; `s` itself is never changed.
    """
    request = request.strip()
    if not request:
        raise InputError("say how the suggestion should change", path="refine",
                         hint="e.g. 'more ambitious', 'measure adoption, not activity'",
                         zh="请说明这条建议要怎么改", zh_hint="例如「更有挑战」「衡量采纳情况，而不是活动」")
    if engine_name(settings) != "llm":
        raise InputError("the offline engine cannot refine beyond its rules", path="refine",
                         hint="edit the suggestion yourself, or configure a model (`okr config`, OPENAI_API_KEY)",
                         zh="离线引擎只能按规则起草，不能按你的要求细化",
                         zh_hint="自己编辑这条建议，或配置一个模型（`okr config`、OPENAI_API_KEY）")
    from assistant.llm import complete_json, make_client
    from assistant.prompts import render_messages

    lang = lang or language_of(context, upper)
    rubric = load_rubric()
    source = s.objective.source or Source.self_driven
    draft = _as_draft(s)
    msgs = render_messages("refine", lang=lang, context=context, upper=upper, rubric=rubric, settings=settings,
                           source=source.value, draft=draft, request_text=request[:MAX_REQUEST])
    own = client is None
    client = client or make_client(settings)
    try:
        answer = await complete_json(settings, messages=msgs, schema=RevisedDraft, template="refine",
                                     client=client, lang=lang)
    finally:
        if own:
            await client.close()
    out = check(to_suggestion(answer.value.suggestion, source, [*s.answers, answer.raw[-1]]), context, upper,
                rubric, lang)
    out.first, out.revised = s.objective, True
    return out


def _as_draft(s: Suggestion) -> DraftObjective:
    """The suggestion in the shape the model answers in (what the refine prompt shows it)."""
    o: Objective = s.objective
    krs = [kr.text for kr in o.key_results][:4]
    while len(krs) < 2:
        krs.append("")
    return DraftObjective.model_construct(title=o.title, kind=o.kind or "business", aligns_to=list(o.aligns_to)[:4],
                                          key_results=krs, rationale=s.rationale[:600],
                                          provenance=s.provenance.text[:300])


__all__ = ["engine_name", "recheck", "refine", "regenerate"]
