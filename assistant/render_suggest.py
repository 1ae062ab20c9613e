"""Suggestions as text, JSON or Markdown (`okr suggest --format`), in the suggestions' language."""

from __future__ import annotations

import json
import re

from assistant.findings import Finding
from assistant.models import Lang
from assistant.suggestion import Suggestion

FORMATS = ("text", "json", "markdown")

_LABELS = {
    "zh": {"aligned": "上下对齐", "self_driven": "自驱", "external_support": "外部支撑", "business": "业务型",
           "capability": "非业务型", "aligns": "对齐", "score": "得分", "why": "理由", "from": "依据",
           "engine": "引擎", "revised": "已按评分标准修改一轮", "revise_failed": "修改一轮没有成功，显示的是第一版", "upper": "上级", "responsibility": "岗位职责",
           "stakeholder": "外部请求", "none": "没有可给出的建议：请提供上级 OKR（--upper）、职责或外部请求。",
           "error": "错误", "warning": "警告", "info": "提示", "objective": "目标",
           "offline": "离线（规则生成）", "llm": "模型"},
    "en": {"aligned": "aligned", "self_driven": "self-driven", "external_support": "external support",
           "business": "business", "capability": "capability", "aligns": "aligns", "score": "score", "why": "why",
           "from": "from", "engine": "engine", "revised": "revised once against the rubric", "revise_failed": "the revision failed; this is the first answer", "upper": "upper level",
           "responsibility": "responsibility", "stakeholder": "request",
           "none": "No suggestions: give upper-level OKRs (--upper), responsibilities or stakeholder requests.",
           "error": "error", "warning": "warning", "info": "info", "objective": "objective",
           "offline": "offline (rule-based)", "llm": "llm"},
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _md(text: str) -> str:
    """Markdown-safe inline text: no links, images, HTML or emphasis from model or user text."""
    return re.sub(r"([\\`*_\[\]<>!|#])", r"\\\1", _clean(text))


def _target(target: str, lang: Lang) -> str:
    """A finding's target within one suggestion: `KR2`, or "objective" (never `O1`: suggestions are numbered 1…n)."""
    inner = re.sub(r"^O\d+\.?", "", target)
    return inner or _LABELS[lang]["objective"]


def _finding(f: Finding, lang: Lang) -> str:
    """`[错误] KR1 kr.placeholder: …` in the suggestions' language."""
    L = _LABELS[lang]
    return f"[{L.get(f.severity.value, f.severity.value)}] {_target(f.target, lang)} {f.criterion}: {_clean(f.message)}"


def _cap(label: str) -> str:
    """A label opening a Markdown line: `Why`, `From` (Chinese is unchanged)."""
    return label[:1].upper() + label[1:]


def _paren(text: str, lang: Lang) -> str:
    return f"（{text}）" if lang == "zh" else f"({text})"


def _from(s: Suggestion, lang: Lang) -> str:
    """Where the suggestion comes from: kind, reference (if any), text; no doubled spaces."""
    p = s.provenance
    text = _clean(p.text) if p.text.strip() != p.ref else ""  # a model may repeat the reference as its text
    return " ".join(x for x in (_LABELS[lang][p.kind], p.ref, text) if x)


def _head(s: Suggestion, lang: Lang) -> tuple[str, str]:
    L = _LABELS[lang]
    o = s.objective
    tags = [L.get(o.source.value, o.source.value) if o.source else "", L.get(o.kind.value, "") if o.kind else ""]
    if o.aligns_to:
        tags.append(f"{L['aligns']} {', '.join(o.aligns_to)}")
    return " · ".join(t for t in tags if t), f"{L['score']} {s.score}" if s.score is not None else ""


def render_text(items: list[Suggestion], lang: Lang) -> str:
    """Plain text for a terminal."""
    L = _LABELS[lang]
    if not items:
        return L["none"] + "\n"
    out = []
    for n, s in enumerate(items, 1):
        tags, score = _head(s, lang)
        out.append(f"{n}. {_clean(s.objective.title)}  [{tags}] {score}".rstrip())
        out += [f"   KR{j}: {_clean(kr.text)}" for j, kr in enumerate(s.objective.key_results, 1)]
        out.append(f"   {L['why']}: {_clean(s.rationale)}")
        out.append(f"   {L['from']}: {_from(s, lang)}")
        out += [f"   ! {_finding(f, lang)}" for f in s.findings]
        if s.revised:
            out.append(f"   {_paren(L['revised'], lang)}")
        if s.revise_error:
            out.append(f"   {_paren(L['revise_failed'], lang)} {_clean(s.revise_error)}")
        out.append(f"   {L['engine']}: {L[s.engine]}")
        out.append("")
    return "\n".join(out)


def render_markdown(items: list[Suggestion], lang: Lang) -> str:
    """Markdown (user and model text escaped)."""
    L = _LABELS[lang]
    if not items:
        return L["none"] + "\n"
    out = []
    for n, s in enumerate(items, 1):
        tags, score = _head(s, lang)
        out.append(f"### {n}. {_md(s.objective.title)}\n\n*{_md(tags)}* {score}\n")
        out += [f"- KR{j}: {_md(kr.text)}" for j, kr in enumerate(s.objective.key_results, 1)]
        out.append(f"\n{_cap(L['why'])}: {_md(s.rationale)}  \n{_cap(L['from'])}: {_md(_from(s, lang))}\n")
        out += [f"- **{L.get(f.severity.value, f.severity.value)}** `{_target(f.target, lang)}` {f.criterion}: "
                f"{_md(f.message)}" for f in s.findings]
        out.append(("\n" if s.findings else "") + f"{_cap(L['engine'])}: {L[s.engine]}"
                   + (f" {_paren(L['revised'], lang)}" if s.revised else "")
                   + (f" {_paren(L['revise_failed'], lang)} {_md(s.revise_error)}" if s.revise_error else "") + "\n")
    return "\n".join(out)


def render_json(items: list[Suggestion]) -> str:
    """JSON: `{"version": 1, "suggestions": [Suggestion…]}`."""
    return json.dumps({"version": 1, "suggestions": [s.model_dump(mode="json") for s in items]},
                      ensure_ascii=False, indent=2) + "\n"


def render(items: list[Suggestion], fmt: str, lang: Lang) -> str:
    """One of FORMATS."""
    if fmt == "json":
        return render_json(items)
    return render_markdown(items, lang) if fmt == "markdown" else render_text(items, lang)


__all__ = ["FORMATS", "render", "render_json", "render_markdown", "render_text"]
