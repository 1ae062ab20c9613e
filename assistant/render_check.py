"""`okr check` results as text (rich, colour on a terminal only), JSON or Markdown.

One `CheckedFile` per input file: its report, or the error that kept it from being checked.
Labels follow each set's language; criterion ids, targets and JSON keys never change.
The JSON shape is a contract documented in the README ("Checking drafts"): add keys, never
rename them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pydantic_core

from assistant.errors import InputError, OkrError
from assistant.findings import Finding, ObjectiveReport, SetReport, Severity
from assistant.models import Lang, OKRSet

FORMATS = ("text", "json", "markdown")
JSON_VERSION = 1

_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示", "good": "良好", "fair": "一般", "poor": "较差",
        "score": "得分", "rubric": "标准", "lang": "中文", "set": "整体", "clean": "没有发现问题",
        "fix": "修改", "weak": "弱", "strong": "强", "inferred": "推断", "default": "标准默认",
        "source": "来源", "kind": "类型", "aligned": "上下对齐", "self_driven": "自驱",
        "external_support": "外部支撑", "business": "业务型", "capability": "非业务型",
        "committed": "承诺型", "aspirational": "挑战型", "mix": "来源构成", "as_above": "修改建议和示例同上",
        "not_run": "未运行（由模型判断，加 --llm 运行）", "model": "模型判断", "dropped": "条判断引用的文字不在草稿中，已丢弃",
        "llm_failed": "模型判断失败，以下只有确定性检查的结果", "kr": "KR", "no_objectives": "没有读到目标：目标行写作「O1：…」，关键结果写作「KR1：…」（见 okr fmt 和 README 的 File formats）",
        "quote": "原文", "sep": "：", "model_finding": "模型", "paren": "（{}）", "q": "「{}」",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info", "good": "good", "fair": "fair", "poor": "poor",
        "score": "score", "rubric": "rubric", "lang": "English", "set": "Whole set", "clean": "no findings",
        "fix": "fix", "weak": "weak", "strong": "strong", "inferred": "inferred", "default": "rubric default",
        "source": "source", "kind": "kind", "aligned": "aligned", "self_driven": "self-driven",
        "external_support": "external support", "business": "business", "capability": "capability",
        "committed": "committed", "aspirational": "aspirational", "mix": "source mix", "as_above": "fix and examples as above",
        "not_run": "not run (judged by a model; add --llm)", "model": "model judgement",
        "dropped": "verdict(s) quoted text that is not in the draft and were dropped",
        "llm_failed": "the model judgement failed; only the deterministic results follow", "kr": "KR",
        "no_objectives": "no objectives found: write objective lines as 'O1: …' and key results as 'KR1: …' (see okr fmt and the README's File formats)", "quote": "text", "sep": ": ", "model_finding": "model",
        "paren": " ({})", "q": "\"{}\"",
    },
}
_ICON = {Severity.error: "✗", Severity.warning: "▲", Severity.info: "ℹ"}
_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
_BAND_STYLE = {"good": "bold green", "fair": "bold yellow", "poor": "bold red"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class LLMRun:
    """What the model added to one file's check (or why it could not)."""

    model: str = ""
    host: str = ""
    deterministic_score: int | None = None
    added: int = 0
    dropped: int = 0
    error: str | None = None  # set when the model could not be used for this file


@dataclass
class CheckedFile:
    """One input file: its report, or the error that stopped it."""

    path: str
    report: SetReport | None = None
    okr_set: OKRSet | None = None
    error: OkrError | None = None
    llm: LLMRun | None = None
    notes: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


def _kr_text(okr_set: OKRSet | None, target: str) -> str:
    m = re.match(r"^O(\d+)\.KR(\d+)$", target)
    if not (okr_set and m):
        return ""
    i, j = int(m.group(1)) - 1, int(m.group(2)) - 1
    objs = okr_set.objectives
    if 0 <= i < len(objs) and 0 <= j < len(objs[i].key_results):
        return objs[i].key_results[j].text
    return ""


def _tags(o: ObjectiveReport, L: dict[str, str]) -> str:
    """"source aligned (inferred) · kind business · committed (rubric default)"."""
    parts = []
    inf = L["paren"].format(L["inferred"])
    if o.source:
        parts.append(f"{L['source']} {L.get(o.source, o.source)}" + (inf if o.source_inferred else ""))
    if o.kind:
        parts.append(f"{L['kind']} {L.get(o.kind, o.kind)}" + (inf if o.kind_inferred else ""))
    if o.commitment:
        parts.append(L.get(o.commitment, o.commitment) + (L["paren"].format(L["default"]) if o.commitment_default else ""))
    return " · ".join(parts)


def _counts(r: SetReport, L: dict[str, str]) -> str:
    return " · ".join(f"{L[s.value]} {r.count(s)}" for s in Severity)


def _groups(r: SetReport) -> list[tuple[str, str, list[Finding]]]:
    """(target, heading, findings) in reading order: the set, then each objective."""
    out: list[tuple[str, str, list[Finding]]] = [("set", "", [f for f in r.findings if f.target == "set"])]
    known = {o.target for o in r.objectives}
    for o in r.objectives:
        mine = [f for f in r.findings if f.target == o.target or f.target.startswith(o.target + ".")]
        out.append((o.target, o.title, mine))
    stray = [f for f in r.findings if f.target != "set" and f.target.split(".", 1)[0] not in known]
    if stray:  # a model verdict on a target the report does not list: still shown, never lost
        out[0][2].extend(stray)
    return out


def _by_target(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by exact target, objective-level first, then KR1, KR2, …"""
    order: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (_kr_no(f.target), f.severity.rank)):
        order.setdefault(f.target, []).append(f)
    return list(order.items())


def _kr_no(target: str) -> int:
    _, _, kr = target.partition(".")
    return int(kr[2:]) if kr.startswith("KR") and kr[2:].isdigit() else 0


# --- text ------------------------------------------------------------------------------------------


def print_text(files: list[CheckedFile], console: Any) -> None:
    """Print every checked file to a rich Console (colour only when it is a terminal).

    A file's lines are gathered and printed in one call: a rich print per line cost more than
    checking (77 s for 10,000 files, most of it the console's per-call work)."""
    from rich.text import Text

    terminal, width = console.is_terminal, console.width  # read once: each read looks at the environment
    out: list[Any] = []

    def emit(parts: list[tuple[str, str]] | str, indent: int = 0, head: list[tuple[str, str]] | None = None) -> None:
        """One item: `head` (exactly `indent` columns wide) or `indent` spaces, then the text."""
        text = Text()
        for chunk, style in ([(parts, "")] if isinstance(parts, str) else parts):
            text.append(_clean(chunk), style=style or None)
        lead = Text(" " * indent)
        if head:
            lead = Text()
            for chunk, style in head:
                lead.append(chunk, style=style or None)
        if not text.plain and not head:
            out.append(Text())
        elif terminal:  # wrap to the terminal with a hanging indent, no trailing padding
            for i, line in enumerate(text.wrap(console, max(20, width - indent))):
                line.rstrip()
                out.append((lead if i == 0 else Text(" " * indent)) + line)
        else:  # piped: one line per item, never re-wrapped
            out.append(lead + text)

    def flush() -> None:
        if out:
            console.print(Text("\n").join(out), soft_wrap=True, highlight=False)
            out.clear()

    first = True
    for cf in files:
        if cf.report is None:
            continue
        if not first:
            out.append(Text())
        first = False
        _text_file(cf, emit)
        flush()
    checked = [cf for cf in files if cf.report is not None]
    if len(files) > 1:
        out.append(Text())
        for line in _summary(files, checked):
            emit(line)
        flush()


def _summary(files: list[CheckedFile], checked: list[CheckedFile]) -> list[list[tuple[str, str]]]:
    """One line per file (score, errors, warnings, path), then the totals."""
    lang = checked[0].report.language if checked else "en"  # type: ignore[union-attr]
    L = _LABELS[lang]
    lines: list[list[tuple[str, str]]] = []
    for cf in files:
        r = cf.report
        if r is None:
            lines.append([("  --  ", "bold red"), (f"{'':<8}", ""), (cf.path, "")])
            continue
        lines.append([(f"{r.score:>4}  ", _BAND_STYLE.get(r.band, "")),
                      (f"{_ICON[Severity.error]}{r.count('error'):<3}", "red" if r.count("error") else "dim"),
                      (f"{_ICON[Severity.warning]}{r.count('warning'):<3}", "yellow" if r.count("warning") else "dim"),
                      (cf.path, "")])
    bad = len(files) - len(checked)
    errors = sum(cf.report.count("error") for cf in checked)  # type: ignore[union-attr]
    warnings = sum(cf.report.count("warning") for cf in checked)  # type: ignore[union-attr]
    if lang == "zh":
        msg = f"检查了 {len(checked)} 个文件：{L['error']} {errors} · {L['warning']} {warnings}"
        msg += f"；{bad} 个文件无法读取（见错误信息）" if bad else ""
    else:
        msg = f"{len(checked)} file(s) checked: {L['error']} {errors} · {L['warning']} {warnings}"
        msg += f"; {bad} could not be read (see the errors)" if bad else ""
    return [[(msg, "bold")], *lines]


def _text_file(cf: CheckedFile, emit: Any) -> None:
    r = cf.report
    assert r is not None
    L = _LABELS[r.language]
    sep = L["sep"]
    emit([(cf.path, "bold underline"), (f"   {L['rubric']} {r.rubric} · {L['lang']}", "dim")])
    emit([(f"{L['score']} {r.score}/100 {L[r.band] if r.band in L else r.band}", _BAND_STYLE.get(r.band, "bold")),
          (f"   {_counts(r, L)}", "")])
    if cf.llm and cf.llm.error:
        emit([(f"! {L['llm_failed']}{sep}{cf.llm.error}", "bold red")])
    shown: set[str] = set()
    for target, heading, findings in _groups(r):
        if target == "set":
            if not findings:
                continue
            emit("")
            emit([(L["set"], "bold")])
            for f in findings:
                _text_finding(f, emit, L, shown, indent=2)
            continue
        o = next(o for o in r.objectives if o.target == target)
        emit("")
        emit([(heading, "bold")], indent=9,
             head=[(f"{target:<4}", "bold"), (f"{o.score:>3}  ", _BAND_STYLE.get(_band(o.score), ""))])
        tags = _tags(o, L)
        if tags:
            emit([(tags, "dim")], indent=9)
        if not findings:
            emit([("✓ " + L["clean"], "green")], indent=9)
        for tgt, group in _by_target(findings):
            indent, whole = 9, heading
            if tgt != target:
                whole = _kr_text(cf.okr_set, tgt)
                emit([(tgt.split(".", 1)[1], "bold"), ("  " + whole, "")], indent=9)
                indent = 13
            for f in group:
                _text_finding(f, emit, L, shown, indent=indent, whole=whole)
    if not r.objectives:
        emit("")
        emit([(L["no_objectives"], "bold red")])
    emit("")
    if r.source_mix and r.objectives:
        emit([(f"{L['mix']}{sep}" + " · ".join(f"{L.get(k, k)} {v}" for k, v in r.source_mix.items()), "dim")])
    if r.not_run:
        emit([(f"{L['not_run']}{sep}{', '.join(r.not_run)}", "dim")])
    if cf.llm and not cf.llm.error:
        extra = f"; {cf.llm.dropped} {L['dropped']}" if cf.llm.dropped else ""
        emit([(f"{L['model']}{sep}{cf.llm.model} @ {cf.llm.host}{extra}", "dim")])


def _band(score: int) -> str:
    from assistant.score import band

    return band(score)


def _text_finding(f: Finding, emit: Any, L: dict[str, str], shown: set[str], *, indent: int, whole: str = "") -> None:
    sev = Severity(f.severity)
    flags = []
    if f.inferred:
        flags.append(L["inferred"])
    if f.llm:
        flags.append(L["model_finding"])
    flag = L["paren"].format(", ".join(flags)) if flags else ""
    emit([(f"{_ICON[sev]} {L[sev.value]}", _STYLE[sev]), (f" {f.criterion}", "dim"), (flag, "magenta"),
          (f"  {f.message}", "")], indent=indent)
    sub = indent + 2
    sep = L["sep"]
    if f.span and f.span not in f.message and f.span.strip() != whole.strip():  # the whole line is shown above
        emit([(f"{L['quote']}{sep}" + L["q"].format(f.span), "italic")], indent=sub)
    key = f"{f.criterion}\n{f.fix}"
    if key in shown and not f.llm:
        emit([(L["as_above"], "dim")], indent=sub)
        return
    shown.add(key)
    if f.fix:
        emit([(f"{L['fix']}{sep}", "green"), (f.fix, "")], indent=sub)
    if f.weak_example:
        emit([(f"{L['weak']}{sep}", "dim"), (f.weak_example, "dim")], indent=sub)
    if f.strong_example:
        emit([(f"{L['strong']}{sep}", "dim"), (f.strong_example, "")], indent=sub)


# --- markdown --------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Markdown-safe inline text: user text shows literally (no HTML, links or emphasis)."""
    return re.sub(r"([\\`*_\[\]<>!|#~])", r"\\\1", _clean(text).replace("\n", " "))


def render_markdown(files: list[CheckedFile]) -> str:
    """Markdown for a wiki page or a pull request: one section per file."""
    out: list[str] = []
    for cf in files:
        if cf.report is None:
            hint = f"  \nhint: {_md(cf.error.hint)}" if cf.error and cf.error.hint else ""
            out.append(f"## {_md(cf.path)}\n\n**error**: {_md(cf.error.message if cf.error else '')}{hint}\n")
            continue
        r = cf.report
        L = _LABELS[r.language]
        sep = L["sep"]
        shown: set[str] = set()
        out.append(f"## {_md(cf.path)}\n")
        out.append(f"**{L['score']} {r.score}/100 {L.get(r.band, r.band)}** · {L['rubric']} `{r.rubric}` · "
                   f"{L['lang']} · {_counts(r, L)}\n")
        if cf.llm and cf.llm.error:
            out.append(f"> {L['llm_failed']}{sep}{_md(cf.llm.error)}\n")
        for target, heading, findings in _groups(r):
            if target == "set":
                if findings:
                    out.append(f"### {L['set']}\n")
                    out += [_md_finding(f, L, shown) for f in findings]
                    out.append("")
                continue
            o = next(o for o in r.objectives if o.target == target)
            out.append(f"### {target} · {o.score} · {_md(heading)}\n")
            tags = _tags(o, L)
            if tags:
                out.append(f"*{_md(tags)}*\n")
            if not findings:
                out.append(f"- ✓ {L['clean']}")
            for tgt, group in _by_target(findings):
                prefix, whole = "", heading
                if tgt != target:
                    whole = _kr_text(cf.okr_set, tgt)
                    out.append(f"- **{tgt.split('.', 1)[1]}** {_md(whole)}")
                    prefix = "  "
                out += [_md_finding(f, L, shown, nested=bool(prefix), whole=whole) for f in group]
            out.append("")
        foot = []
        if r.source_mix and r.objectives:
            foot.append(f"{L['mix']}{sep}" + " · ".join(f"{L.get(k, k)} {v}" for k, v in r.source_mix.items()))
        if r.not_run:
            foot.append(f"{L['not_run']}{sep}" + ", ".join(f"`{c}`" for c in r.not_run))
        if cf.llm and not cf.llm.error:
            foot.append(f"{L['model']}{sep}{_md(cf.llm.model)}" + (f"; {cf.llm.dropped} {L['dropped']}" if cf.llm.dropped else ""))
        if foot:
            out.append("  \n".join(foot) + "\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_finding(f: Finding, L: dict[str, str], shown: set[str], *, nested: bool = False, whole: str = "") -> str:
    sev = Severity(f.severity)
    flags = [L["inferred"]] if f.inferred else []
    if f.llm:
        flags.append(L["model_finding"])
    flag = L["paren"].format(", ".join(flags)) if flags else ""
    lead, pad = ("  ", "    ") if nested else ("", "  ")
    sep = L["sep"]
    lines = [f"{lead}- {_ICON[sev]} **{L[sev.value]}** `{f.criterion}`{flag} {_md(f.message)}"]
    if f.span and f.span not in f.message and f.span.strip() != whole.strip():
        lines.append(f"{pad}- {L['quote']}{sep}{_md(f.span)}")
    key = f"{f.criterion}\n{f.fix}"
    if key in shown and not f.llm:
        lines.append(f"{pad}- {L['as_above']}")
        return "\n".join(lines)
    shown.add(key)
    if f.fix:
        lines.append(f"{pad}- {L['fix']}{sep}{_md(f.fix)}")
    if f.weak_example:
        lines.append(f"{pad}- {L['weak']}{sep}{_md(f.weak_example)}")
    if f.strong_example:
        lines.append(f"{pad}- {L['strong']}{sep}{_md(f.strong_example)}")
    return "\n".join(lines)


# --- json ------------------------------------------------------------------------------------------


def file_json(cf: CheckedFile) -> dict[str, Any]:
    """One file's entry of the JSON output (see the README for every field)."""
    error = None
    if cf.error is not None:
        error = {"message": cf.error.message, "hint": cf.error.hint,
                 "line": cf.error.line if isinstance(cf.error, InputError) else None}
    llm = None
    if cf.llm is not None:
        llm = {"model": cf.llm.model, "host": cf.llm.host, "deterministic_score": cf.llm.deterministic_score,
               "added": cf.llm.added, "dropped": cf.llm.dropped, "error": cf.llm.error}
    return {"path": cf.path, "error": error,
            "report": cf.report.model_dump(mode="json") if cf.report is not None else None, "llm": llm}


def render_json(files: list[CheckedFile], *, rubric: str, fail_on: str, exit_status: int) -> str:
    """`{"version": 1, "rubric", "fail_on", "exit_status", "files": [...]}` as indented JSON."""
    doc = {"version": JSON_VERSION, "rubric": rubric, "fail_on": fail_on, "exit_status": exit_status,
           "files": [file_json(cf) for cf in files]}
    return indented_json(doc) + "\n"


def indented_json(doc: Any) -> str:
    """`json.dumps(doc, ensure_ascii=False, indent=2)`, written by pydantic's compiled JSON writer,
    about 5× faster over 10,000 files. For strings, integers, booleans, None, lists and dicts (all
    a check report holds) the text is the same (tests/check/test_json_writer.py); a float would be
    the same number, possibly in another valid form (1e16 where json writes 1e+16)."""
    return pydantic_core.to_json(doc, indent=2).decode()


__all__ = ["FORMATS", "JSON_VERSION", "CheckedFile", "LLMRun", "file_json", "print_text", "render_json",
           "render_markdown"]
