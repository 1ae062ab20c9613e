"""`okr rubric list | show [NAME|PATH] | check PATH`: read, list and validate rubrics."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EPILOG = """\
examples:
  okr rubric list
  okr rubric show                    # the default rubric
  okr rubric show google --lang en
  okr rubric check my-rubric.toml    # validate a coach's own rubric before using it

A coach's rubric extends a shipped one and changes single criteria by id:
  name = "my-team"
  extends = "default"
  [criteria."objective.kr_count"]
  params = { min = 2, max = 4 }
  [criteria."kr.baseline"]
  enabled = false
Then: okr check --rubric my-rubric.toml FILE
"""

_L = {
    "zh": {"criteria": "条标准", "active": "启用", "disabled": "已停用", "extends": "继承", "settings": "设置",
           "severity": "严重度", "weight": "权重", "scope": "范围", "check": "检查", "params": "参数",
           "levels": "等级", "fix": "修改", "weak": "弱", "strong": "强", "ok": "有效", "llm": "由模型判断",
           "patterns": "匹配模式", "set": "整体", "objective": "目标", "key_result": "关键结果", "alignment": "对齐",
           "error": "错误", "warning": "警告", "info": "提示", "version": "版本", "sep": "："},
    "en": {"criteria": "criteria", "active": "active", "disabled": "disabled", "extends": "extends", "settings": "settings",
           "severity": "severity", "weight": "weight", "scope": "scope", "check": "check", "params": "params",
           "levels": "levels", "fix": "fix", "weak": "weak", "strong": "strong", "ok": "valid", "llm": "judged by a model",
           "patterns": "patterns", "set": "set", "objective": "objective", "key_result": "key result",
           "alignment": "alignment", "error": "error", "warning": "warning", "info": "info", "version": "version",
           "sep": ": "},
}


def add_parser(sub: Any) -> None:
    """Register `okr rubric` and its actions."""
    p = sub.add_parser("rubric", help="list, show and validate rubrics",
                       description="List the shipped rubric profiles, show a rubric readably, or validate your own.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    inner = p.add_subparsers(dest="rubric_command", metavar="ACTION", parser_class=type(p))
    lst = inner.add_parser("list", help="the shipped rubric profiles")
    lst.add_argument("--lang", choices=("zh", "en"), default=None, help="language (default: the system locale)")
    lst.set_defaults(func=run_list)
    show = inner.add_parser("show", help="print a rubric readably", epilog=EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    show.add_argument("rubric", nargs="?", default="default", metavar="NAME|PATH", help="shipped name or file (default: default)")
    show.add_argument("--lang", choices=("zh", "en"), default=None, help="language (default: the system locale)")
    show.add_argument("--all", action="store_true", help="also list disabled criteria")
    show.set_defaults(func=run_show)
    chk = inner.add_parser("check", help="validate a rubric file (exit 0 valid, 2 invalid)")
    chk.add_argument("path", metavar="PATH", help="the rubric file (.toml or .yaml)")
    chk.add_argument("--lang", choices=("zh", "en"), default=None, help="language (default: the system locale)")
    chk.set_defaults(func=run_check)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def ui_lang(flag: str | None) -> str:
    """--lang, else 'zh' when the locale environment says Chinese, else 'en'."""
    if flag:
        return flag
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def run_list(args: argparse.Namespace) -> int:
    """One line per shipped profile: name, what it extends, active criteria, description."""
    from assistant.rubric import NAMES, load_rubric

    lang = ui_lang(args.lang)
    L = _L[lang]
    width = max(len(n) for n in NAMES)
    for name in NAMES:
        r = load_rubric(name)
        base = f"{L['extends']} {r.extends}" if r.extends else ""
        print(f"{name:<{width}}  {len(r.active()):>2} {L['criteria']}  {base}".rstrip())
        if r.description:
            print(f"{'':<{width}}  {r.description.get(lang)}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """The rubric's header, settings and every criterion with its check and parameters."""
    from assistant.rubric import load_rubric

    lang = ui_lang(args.lang)
    r = load_rubric(args.rubric)
    sys.stdout.write(render_rubric(r, lang, show_disabled=args.all))
    return 0


def render_rubric(r: Any, lang: str, *, show_disabled: bool = False) -> str:
    """A rubric as readable plain text in `lang`."""
    L = _L[lang]
    sep = L["sep"]
    out = [f"{r.name}  ({L['version']} {r.version}" + (f", {L['extends']} {r.extends}" if r.extends else "") + ")"]
    if r.description:
        out.append(r.description.get(lang))
    out.append(f"{L['settings']}{sep}" + ", ".join(f"{k} = {_value(v)}" for k, v in r.settings.model_dump(mode="json").items()))
    active = r.active()
    disabled = [c for c in r.criteria.values() if not c.enabled]
    out.append(f"{len(active)} {L['criteria']} {L['active']}" + (f", {len(disabled)} {L['disabled']}: "
                                                                   + ", ".join(c.id for c in disabled) if disabled else ""))
    for c in [*active, *(disabled if show_disabled else [])]:
        out.append("")
        head = f"{c.id}  {c.title.get(lang)}"
        out.append(head + (f"  [{L['disabled']}]" if not c.enabled else ""))
        check = f"llm ({L['llm']})" if c.is_llm else c.check
        out.append(f"  {L['severity']} {L[c.severity.value]} · {L['weight']} {c.weight:g} · {L['scope']} "
                   f"{L.get(c.scope, c.scope)} · {L['check']} {check}")
        if c.params:
            out.append(f"  {L['params']}{sep}" + ", ".join(f"{k} = {_value(v)}" for k, v in c.params.items()))
        if c.levels:
            out.append(f"  {L['levels']}{sep}" + " > ".join(c.levels))
        pats = c.patterns.get(lang) or []
        if pats:
            out.append(f"  {L['patterns']} ({lang}){sep}" + "  ".join(pats))
        out.append(f"  {c.explanation.get(lang)}")
        out.append(f"  {L['fix']}{sep}{c.fix.get(lang)}")
        out.append(f"  {L['weak']}{sep}{c.examples.weak.get(lang)}")
        out.append(f"  {L['strong']}{sep}{c.examples.strong.get(lang)}")
    return "\n".join(out) + "\n"


def _value(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def run_check(args: argparse.Namespace) -> int:
    """Load the file as `okr check --rubric PATH` would; a summary when valid (errors exit 2 at the CLI edge)."""
    from pathlib import Path

    from assistant.errors import RubricError
    from assistant.rubric import load_rubric

    lang = ui_lang(args.lang)
    L = _L[lang]
    if not Path(args.path).is_file():
        raise RubricError(f"{args.path}: no such rubric file", hint="give the path of a .toml or .yaml rubric file")
    r = load_rubric(args.path)
    active = r.active()
    llm = sum(1 for c in active if c.is_llm)
    disabled = [c.id for c in r.criteria.values() if not c.enabled]
    base = f", {L['extends']} {r.extends}" if r.extends else ""
    print(f"{args.path}: {L['ok']} — {r.name}{base}; {len(active)} {L['criteria']} {L['active']} "
          f"({llm} {L['llm']})" + (f"; {L['disabled']}{sep_of(L)}{', '.join(disabled)}" if disabled else ""))
    return 0


def sep_of(L: dict[str, str]) -> str:
    return L["sep"]
