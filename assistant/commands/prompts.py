"""`okr prompts show TASK`: a prompt template rendered exactly as it would be sent."""

from __future__ import annotations

import argparse
from typing import Any

EPILOG = """examples:
  okr prompts show aligned --context examples/article/context.md --upper examples/article/manager.md
  okr prompts show judge --context my-okrs.md --lang en
  okr prompts show revise --templates ~/my-prompts     # your own folder; missing files fall back

Tasks: aligned, self_driven, external_support, revise, judge. Templates are Jinja2 files in
prompts/<lang>/<task>.j2, rendered in a sandbox; your data is fenced as <…-NONCE> blocks.
"""


def add_parser(sub: Any) -> None:
    """Register `okr prompts`."""
    p = sub.add_parser("prompts", help="show the prompts sent to a model",
                       description="Show a prompt template rendered with your data, exactly as it would be sent.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    inner = p.add_subparsers(dest="prompts_command", metavar="ACTION", parser_class=type(p))
    show = inner.add_parser("show", help="render one task's template", epilog=EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    show.add_argument("task", metavar="TASK", help="aligned, self_driven, external_support, revise or judge")
    show.add_argument("--context", metavar="FILE", help="your context or draft file (default: an empty context)")
    show.add_argument("--upper", metavar="FILE", action="append", default=[], help="upper-level OKRs (repeatable)")
    show.add_argument("--lang", choices=("zh", "en"), default=None, help="template language (default: detected, else en)")
    show.add_argument("--templates", metavar="DIR", default=None, help="your template folder (default: config `templates`)")
    show.add_argument("--rubric", default=None, help="rubric name or file (default: default)")
    show.set_defaults(func=run)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def run(args: argparse.Namespace) -> int:
    """Print the rendered messages."""
    import sys

    from assistant.errors import InputError
    from assistant.models import Context, OKRSet
    from assistant.prompts import TASKS, render_text
    from assistant.rubric import load_rubric
    from assistant.suggestion import DraftObjective

    task = args.task.replace("-", "_")
    if task not in TASKS:
        raise InputError(f"unknown prompt task {args.task!r}", path="TASK", hint=f"one of: {', '.join(TASKS)}")
    draft_set, context, upper = OKRSet(), Context(), []
    if args.context or args.upper:
        from assistant.commands.suggest import load_inputs
        from assistant.reader import load

        if args.context:
            draft_set = load(args.context)
        context, upper = load_inputs(args.context, args.upper) if args.context else (Context(), [])
        if not args.context:
            from assistant.reader import load_upper

            upper = [u for path in args.upper for u in load_upper(path)]
    lang = args.lang or _language(draft_set, context, upper)
    rubric = load_rubric(args.rubric)
    extra: dict[str, Any] = {}
    if task in ("aligned", "self_driven", "external_support"):
        extra["count"] = 3
    elif task == "judge":
        extra["draft"] = draft_set.model_copy(update={"context": context, "upper": upper})
    else:  # revise: the first objective of the file with the findings a revise round would send, or an example
        o = draft_set.objectives[0] if draft_set.objectives else None
        findings: list[Any] = []
        if o is not None:
            from assistant.checker import check_objective
            from assistant.suggest import revise_findings

            report = check_objective(o, rubric, lang=lang, okr_set=OKRSet(context=context, upper=upper))
            findings = revise_findings(report.findings)
        extra.update(source=(o.source.value if o and o.source else "aligned"), findings=findings,
                     draft=DraftObjective(title=o.title if o else "…", kind=(o.kind.value if o and o.kind else "business"),
                                          aligns_to=o.aligns_to if o else [],
                                          key_results=[k.text for k in o.key_results][:4] if o and len(o.key_results) >= 2 else ["…", "…"],
                                          rationale="", provenance=""))
    folder = args.templates
    if folder is None:
        from assistant.config import load_settings

        folder = load_settings().templates
    sys.stdout.write(render_text(task, lang=lang, rubric=rubric, context=context, upper=upper, user_dir=folder, **extra))
    return 0


def _language(draft_set: Any, context: Any, upper: Any) -> str:
    """The context's language, else detected from the context, upper OKRs and the draft itself."""
    from assistant.lang import detect_language
    from assistant.suggest import language_of

    if context.language or not draft_set.objectives:
        return language_of(context, upper)
    text = " ".join([o.title for o in draft_set.objectives] + [kr.text for o in draft_set.objectives for kr in o.key_results])
    return detect_language(" ".join([text, context.role, *context.responsibilities]))
