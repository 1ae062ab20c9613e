"""Markdown report: the same content as the HTML report, as plain Markdown.

Draft text is escaped so an objective cannot inject links, images or HTML into the rendered page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.report.labels import has_model, mix_text, names, pct, t

if TYPE_CHECKING:
    from assistant.alignment import TreeNode
    from assistant.review import TeamReview

_SPECIAL = re.compile(r"([\\`*_\[\]!|<>~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def esc(text: object) -> str:
    """Escape Markdown/HTML syntax and drop control characters (one line)."""
    s = _CONTROL.sub("", str(text)).replace("\n", " ")
    return _SPECIAL.sub(r"\\\1", s).replace("&", "&amp;")


def render(review: TeamReview) -> str:
    lang = review.lang
    who = names(review)
    out: list[str] = [f"# {t('title', lang)}: {esc(review.name)}", ""]
    n = len(review.people)
    mean = round(sum(p.score for p in review.people) / n) if n else 0
    health = f"{review.alignment.health:.0%}" if review.alignment.health is not None else "—"
    out += [f"{n} {t('drafts', lang)} · {t('mean', lang)} {mean} · {t('health', lang)} {health} · {t('rubric', lang)} {esc(review.rubric)}", ""]
    out += [f"## {t('overview', lang)}", ""]
    model = has_model(review)
    only_head, only_rule = (f" {t('checks_only', lang)} |", "---:|") if model else ("", "")
    out += [f"| {t('person', lang)} | {t('score', lang)} |{only_head} {t('errors', lang)} | {t('warnings', lang)} | {t('source_mix', lang)} | {t('main_problem', lang)} |",
            f"|---|---:|{only_rule}---:|---:|---|---|"]
    for p in review.people:
        only = f" {p.deterministic_score} |" if model else ""
        out.append(f"| {esc(p.name)} | {p.score} |{only} {p.errors} | {p.warnings} | {mix_text(p.source_mix, lang)} | {esc(p.main_problem)} |")
    if model:
        out += ["", f"{t('checks_only', lang)}: {t('checks_only_help', lang)}"]
    out += ["", f"## {t('team_findings', lang)}", ""]
    out += [f"- **{t(f.severity, lang)}** {esc(f.message)}" for f in review.alignment.findings] or [t("no_findings", lang)]
    if review.agreement:
        out += ["", f"## {t('agreement', lang)}", "", t("agreement_help", lang), "",
                f"| {t('criterion', lang)} | {t('compared', lang)} | {t('agreed', lang)} | {t('agreement_rate', lang)} | {t('model_stricter', lang)} | {t('model_lenient', lang)} |",
                "|---|---:|---:|---:|---:|---:|"]
        out += [f"| `{a.criterion}` {esc(a.title)} | {a.compared} | {a.agreed} | {pct(a.rate)} | {a.model_stricter} | {a.model_lenient} |"
                for a in review.agreement]
    out += ["", f"## {t('tree', lang)}", "", f"{t('health', lang)}: {health} ({t('health_help', lang)})", ""]
    for node in review.alignment.tree:
        _tree(node, 0, lang, who, out)
    out += ["", f"## {t('people', lang)}", ""]
    for p in review.people:
        out += [f"### {esc(p.name)} · {p.score}", ""]
        if p.role:
            out += [f"{esc(p.role)} · {esc(p.origin)}", ""]
        by_target: dict[str, list] = {}
        for f in p.findings:
            by_target.setdefault(f.target, []).append(f)
        for f in by_target.pop("set", []):
            out.append(f"- ⚠ **{t(f.severity, lang)}** `{f.criterion}`{_by(f, lang)}: {esc(f.message)}")
        for i, o in enumerate(p.objectives, 1):
            out.append(f"- **O{i}** {esc(o.title)}")
            out += [f"  - ⚠ **{t(f.severity, lang)}** `{f.criterion}`{_by(f, lang)}: {esc(f.message)}" + (f" — {t('fix', lang)}: {esc(f.fix)}" if f.fix else "") for f in by_target.pop(f"O{i}", [])]
            for j, kr in enumerate(o.key_results, 1):
                out.append(f"  - KR{j} {esc(kr.text)}")
                out += [f"    - ⚠ **{t(f.severity, lang)}** `{f.criterion}`{_by(f, lang)}: {esc(f.message)}" + (f" — {t('fix', lang)}: {esc(f.fix)}" if f.fix else "") for f in by_target.pop(f"O{i}.KR{j}", [])]
        for rest in by_target.values():
            out += [f"- ⚠ **{t(f.severity, lang)}** `{f.criterion}`{_by(f, lang)} {esc(f.target)}: {esc(f.message)}" for f in rest]
        if p.llm:
            out.append(f"- {t('model', lang)}: {p.llm.status}" + (f" · {t('checks_only', lang)} {p.deterministic_score}" if p.llm.status == "done" else "")
                       + (f" · {t('dropped', lang)}: {p.llm.dropped}" if p.llm.dropped else "") + (f" — {esc(p.llm.error)}" if p.llm.error else ""))
        out.append("")
    if review.skipped:
        out += [f"## {t('skipped', lang)}", ""] + [f"- {esc(s)}" for s in review.skipped] + [""]
    if review.run:
        r = review.run
        out += [f"## {t('run', lang)}", "", f"run `{r.id}`: " + ", ".join(f"{k} {v}" for k, v in r.counts.items())
                + (f" — {esc(r.fatal)}" if r.fatal else ""), ""]
    return "\n".join(out).rstrip() + "\n"


def _by(f: object, lang: str) -> str:
    """` (model)` after a finding the model judged."""
    return f" ({t('by_model', lang)})" if getattr(f, "llm", False) else ""


def _tree(node: TreeNode, depth: int, lang: str, names: dict[str, str], out: list[str]) -> None:
    pad = "  " * depth
    out.append(f"{pad}- **{esc(node.name)}** ({t('level_' + node.level.value, lang)})")
    for o in node.objectives:
        mark = ""
        if depth and not o.links and o.source is not None and o.source.value == "aligned":
            mark = f" — ❗{t('links_nothing', lang)}"
        links = f" → {esc(', '.join(o.links))}" if o.links else ""
        backers = ", ".join(f"{names.get(s.person, s.person)} {s.target}" for s in o.supporters)
        links += f" — {t('supported_by', lang)}: {esc(backers)}" if backers else ""
        out.append(f"{pad}  - {o.target} {esc(o.title)}{links}{mark}")
        for kr in o.key_results:
            who = ", ".join(f"{names.get(s.person, s.person)} {s.target}" for s in kr.supporters)
            status = f"{t('supported_by', lang)}: {esc(who)}" if who else f"❗{t('unsupported', lang)}" if node.children and not o.supporters else ""
            out.append(f"{pad}    - {kr.target} {esc(kr.text)}" + (f" — {status}" if status else ""))
    for child in node.children:
        _tree(child, depth + 1, lang, names, out)
