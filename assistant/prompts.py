"""Prompt templates: Jinja2 in a sandbox, user data fenced as data, never as instructions.

- Templates live in `prompts/<lang>/<task>.j2` (tasks: aligned, self_driven, external_support,
  revise, judge) with partials `_context.j2`, `_principles.j2`, `_fewshot.j2`. Each task template
  has a `system` and a `user` block; `render_messages` turns them into chat messages.
- A coach may point `templates` (config) at a folder with the same layout; a template missing
  there falls back to the built-in one.
- `SandboxedEnvironment` + `StrictUndefined`: a template cannot reach Python internals
  (`{{ ''.__class__ }}` fails) and a missing variable is an error, never an empty string. Every
  Jinja failure becomes `assistant.errors.TemplateError` naming the template.
- Everything that came from a user (context, upper OKRs, drafts, findings quoting drafts) is a
  variable, never template source, and is wrapped by `fence()` in `<data-NONCE>…</data-NONCE>`.
  NONCE is derived from the request's whole content (so the same request hashes the same for the
  cache and the batch review, yet a draft cannot predict it: it would have to contain its own
  hash); anything in the data that looks like one of our tags, and the nonce itself, is escaped.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from assistant.errors import TemplateError
from assistant.models import Context, Lang, OKRSet, UpperOKRs
from assistant.paths import resource

TASKS: tuple[str, ...] = ("aligned", "self_driven", "external_support", "revise", "judge")
_TAG = re.compile(r"<(\s*/?\s*)(?=data-|draft-|context-|upper-|findings-)", re.IGNORECASE)


def _builtin(name: str) -> str | None:
    if ".." in name.split("/"):
        return None
    res = resource("prompts", *name.split("/"))
    return res.read_text(encoding="utf-8") if res.is_file() else None


def environment(user_dir: str | Path | None = None) -> SandboxedEnvironment:
    """The sandboxed environment: the user's folder first (if any), then the built-in templates."""
    return _environment(str(Path(user_dir).expanduser()) if user_dir else "")


@lru_cache(maxsize=8)
def _environment(user_dir: str) -> SandboxedEnvironment:  # cached: templates compile once (auto-reload on edit)
    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(jinja2.FunctionLoader(_builtin))
    return SandboxedEnvironment(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                                autoescape=False, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)


def make_nonce(*parts: Any) -> str:
    """A 12-hex-digit delimiter derived from everything the request contains."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def escape_data(text: str, nonce: str) -> str:
    """`text` with our tag openings (`<data-`, `</draft-`, …) and the nonce defused."""
    return _TAG.sub(lambda m: "‹" + m.group(1), text.replace(nonce, "[nonce]"))


def fencer(nonce: str):  # noqa: ANN201 - a Jinja global
    """The `fence(text, label="data")` function templates call around every piece of user data."""

    def fence(text: Any, label: str = "data") -> str:
        body = escape_data(str(text), nonce)
        return f"<{label}-{nonce}>\n{body}\n</{label}-{nonce}>"

    return fence


# --- the user's data as plain text (fenced by the templates) -------------------------------------


def context_text(context: Context) -> str:
    """The person's context as `key: value` lines."""
    lines = [f"{k}: {v}" for k, v in (("name", context.name), ("role", context.role), ("team", context.team),
                                       ("manager", context.manager), ("cycle", context.cycle),
                                       ("level", context.level.value)) if v]
    if context.responsibilities:
        lines.append("responsibilities:")
        lines += [f"  - {r}" for r in context.responsibilities]
    if context.stakeholders:
        lines.append("stakeholders:")
        lines += [f"  - {s.name}: {s.asks}" for s in context.stakeholders]
    return "\n".join(lines) or "(none)"


def upper_text(upper: list[UpperOKRs]) -> str:
    """Upper-level OKRs, one line each, with the reference the answer must use."""
    refs = OKRSet(upper=upper).references()
    return "\n".join(f"{ref}: {text}" for ref, text in refs.items()) or "(none)"


def draft_text(okr_set: OKRSet) -> str:
    """A draft's objectives and KRs, one line each, labelled with their targets (O1, O1.KR2)."""
    lines = []
    for i, o in enumerate(okr_set.objectives, 1):
        lines.append(f"O{i}: {o.title}")
        lines += [f"O{i}.KR{j}: {kr.text}" for j, kr in enumerate(o.key_results, 1)]
    return "\n".join(lines) or "(empty)"


def principles(rubric: Any, lang: Lang) -> list[dict[str, Any]]:
    """The rubric's active criteria as plain data for `_principles.j2` (so prompt and rubric never drift)."""
    return [{"id": c.id, "title": c.title.get(lang), "explanation": c.explanation.get(lang), "llm": c.is_llm,
             "levels": list(c.levels), "severity": c.severity.value, "scope": c.scope}
            for c in rubric.active()]


# --- rendering ------------------------------------------------------------------------------------


def render_messages(task: str, *, lang: Lang, rubric: Any, context: Context | None = None,
                    upper: list[UpperOKRs] | None = None, settings: Any = None, nonce: str | None = None,
                    user_dir: str | Path | None = None, **extra: Any) -> list[dict[str, str]]:
    """Render `prompts/<lang>/<task>.j2` into `[system, user]` chat messages.

    `extra` may carry `count`, `source`, `draft` (a DraftObjective or OKRSet), `findings`.
    """
    context, upper = context or Context(), upper or []
    data = {"context_text": context_text(context), "upper_text": upper_text(upper)}
    draft = extra.pop("draft", None)
    if isinstance(draft, OKRSet):
        data["draft_text"] = draft_text(draft)
    elif draft is not None:
        data["draft_text"] = json.dumps(draft.model_dump(mode="json"), ensure_ascii=False, indent=1)
    findings = extra.pop("findings", None)
    if findings is not None:
        data["findings_text"] = "\n".join(f"- [{f.severity.value}] {f.criterion} {f.target}: {f.message} → {f.fix}"
                                          for f in findings) or "(none)"
    nonce = nonce or make_nonce(task, lang, data, {k: str(v) for k, v in extra.items()}, rubric.name)
    variables = {**data, **extra, "lang": lang, "task": task, "principles": principles(rubric, lang),
                 "llm_criteria": [p for p in principles(rubric, lang) if p["llm"]], "fence": fencer(nonce),
                 "nonce": nonce}
    folder = user_dir if user_dir is not None else getattr(settings, "templates", None)
    return _render(task, lang, variables, folder)


def _render(task: str, lang: Lang, variables: dict[str, Any], folder: Any) -> list[dict[str, str]]:
    name = f"{lang}/{task}.j2"
    try:
        tmpl = environment(folder).get_template(name)
        missing = [b for b in ("system", "user") if b not in tmpl.blocks]
        if missing:
            raise TemplateError(f"template {name} has no {{% block {missing[0]} %}}",
                                hint="a task template defines a `system` and a `user` block")
        ctx = tmpl.new_context(variables)
        out = [{"role": role, "content": "".join(tmpl.blocks[role](ctx)).strip()} for role in ("system", "user")]
    except TemplateError:
        raise
    except jinja2.TemplateNotFound:
        raise TemplateError(f"prompt template {name} not found",
                            hint=f"tasks: {', '.join(TASKS)}; languages: zh, en") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"template {name} tried something the sandbox forbids: {exc}",
                            hint="templates may only use the variables they are given") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc}", hint="the template uses a variable this task does not provide; "
                            "run `okr prompts show TASK` to see a working one") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {name}: {type(exc).__name__}: {exc}", hint="fix the template syntax") from None
    return out


def render_text(task: str, **kwargs: Any) -> str:
    """The rendered messages as readable text (`okr prompts show`)."""
    msgs = render_messages(task, **kwargs)
    return "\n\n".join(f"=== {m['role']} ===\n{m['content']}" for m in msgs) + "\n"


__all__ = ["TASKS", "context_text", "draft_text", "environment", "escape_data", "fencer", "make_nonce",
           "principles", "render_messages", "render_text", "upper_text"]
