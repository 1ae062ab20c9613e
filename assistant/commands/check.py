"""`okr check`: a linter for OKR drafts, against a rubric (default, a profile, or a coach's file)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

DESCRIPTION = """\
Check OKR drafts against a rubric: counts, measurability, outcomes, deadlines, alignment with
the OKRs above, and the mix of the article's three sources (aligned, self-driven, external
support). Each finding names its criterion, its target (set, O2, O2.KR1), the offending text,
a fix, and a weak and a strong example. Scores are 0-100 per objective and per set (see README).

The language of each set is detected (share of Chinese characters) unless --lang is given;
messages follow it. Criteria judged by a model are listed as not run unless --llm is given.

exit status: 0 no finding at or above --fail-on; 1 findings at or above it; 2 a file or the
rubric could not be read (the other files are still checked); 3 --llm and the model endpoint
could not be used (the deterministic results are still printed). 2 wins over 3, 3 over 1."""

EPILOG = """\
examples:
  okr check examples/article/author.md --context examples/article/context.md --upper examples/article/manager.md
  okr check drafts/*.md --rubric google --fail-on warning
  okr check team-drafts/ --format json       # a folder: every draft inside it
  okr check me.md --rubric my-team-rubric.toml --format json > report.json
  okr check me.md --format markdown --lang en
  okr check me.md --llm --model qwen-plus      # also the model-judged criteria

--context supplies context fields (cycle, level, language, ...) to every FILE; the fields it sets
win over the draft's own front matter. Each --upper file's OKRs replace the draft's own section
of the same level (manager, department, company).
"""

FAIL_ON = ("error", "warning", "never")


def add_parser(sub: Any) -> None:
    """Register `okr check`."""
    from assistant.config import add_llm_arguments

    p = sub.add_parser("check", help="check OKR drafts against a rubric (a linter for OKRs)", description=DESCRIPTION,
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="OKR draft files (.md, .txt, .json, .yaml; - for stdin) or folders of them")
    p.add_argument("--context", metavar="FILE", help="your context (front matter or key: value lines) for every FILE")
    p.add_argument("--upper", metavar="FILE", action="append", default=[],
                   help="upper-level OKRs (manager, department, company); repeatable")
    p.add_argument("--rubric", metavar="NAME|PATH", default=None,
                   help="default, google, radical-focus, lightweight, or a rubric file (see `okr rubric list`)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format (default text)")
    p.add_argument("--fail-on", choices=FAIL_ON, default="error",
                   help="exit 1 when a finding is at or above this severity (default error; never = always 0)")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="message language (default: detected per set)")
    p.add_argument("--llm", action="store_true", help="also judge the rubric's model-judged criteria (needs an endpoint)")
    add_llm_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check every file, print the results, return the exit status."""
    from assistant.errors import ExitCode
    from assistant.render_check import print_text, render_json, render_markdown
    from assistant.rubric import load_rubric

    rubric = load_rubric(args.rubric)  # a bad rubric stops everything: nothing could be checked (exit 2)
    context, upper = _shared_inputs(args.context, args.upper)
    settings = _llm_settings(args) if args.llm else None
    from assistant.drafts import expand
    from assistant.errors import InputError
    from assistant.render_check import CheckedFile

    paths, empty = expand(args.files)  # a folder stands for the drafts inside it
    files = [CheckedFile(path=folder, error=InputError("the folder holds no draft file", path=folder,
                                                       hint="drafts end in .md, .txt, .json or .yaml"))
             for folder in empty]
    llm_down: str | None = None  # after the first endpoint failure, the other files skip the model
    for path in paths:
        cf = check_file(path, rubric, context=context, upper=upper, lang=args.lang, settings=settings, llm_down=llm_down)
        if cf.llm and cf.llm.error:
            llm_down = llm_down or cf.llm.error
        files.append(cf)
    status = exit_status(files, args.fail_on)
    for cf in files:
        if cf.error is not None:
            print(f"okr check: error: {cf.error}", file=sys.stderr)
    if llm_down:
        print(f"okr check: error: the model could not judge the drafts: {llm_down}\n"
              "  hint: the deterministic results are shown; check the endpoint with `okr config show`, "
              "or run without --llm", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(render_json(files, rubric=rubric.name, fail_on=args.fail_on, exit_status=status))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(files))
    else:
        from rich.console import Console

        print_text(files, Console(file=sys.stdout, highlight=False))
    return int(status if status is not None else ExitCode.OK)


def _llm_settings(args: argparse.Namespace) -> Any:
    from assistant.config import Engine, settings_from_args
    from assistant.errors import ConfigError

    settings = settings_from_args(args)
    if settings.engine is Engine.offline:
        raise ConfigError("--llm asks a model, but the engine is offline (--engine/OKR_ENGINE/config)",
                          hint="drop --llm, or use --engine llm")
    return settings


def _shared_inputs(context_path: str | None, upper_paths: list[str]) -> tuple[Any, list[Any]]:
    """The --context and --upper files (read once; a bad one is a usage error for every FILE)."""
    from assistant.reader import load_context, load_upper

    context = load_context(context_path) if context_path else None
    upper = [u for path in upper_paths for u in load_upper(path)]
    return context, upper


def combine_inputs(okr_set: Any, context: Any, upper: list[Any]) -> Any:
    """The draft with --context fields laid over its own and --upper levels replacing its own of the same level."""
    update: dict[str, Any] = {}
    if context is not None:
        fields = {k: getattr(context, k) for k in context.model_fields_set}
        update["context"] = okr_set.context.model_copy(update=fields)
    if upper:
        levels = {u.level for u in upper}
        update["upper"] = [u for u in okr_set.upper if u.level not in levels] + list(upper)
    return okr_set.model_copy(update=update) if update else okr_set


def check_file(path: str, rubric: Any, *, context: Any = None, upper: list[Any] | None = None, lang: str | None = None,
               settings: Any = None, llm_down: str | None = None) -> Any:
    """One file read, combined with the shared inputs and checked (a read error is kept, not raised)."""
    from assistant.checker import check_set
    from assistant.errors import InputError
    from assistant.reader import load
    from assistant.render_check import CheckedFile, LLMRun

    try:
        okr_set = combine_inputs(load(path), context, upper or [])
    except InputError as exc:
        return CheckedFile(path=path, error=exc)
    if settings is None or not any(c.is_llm for c in rubric.active()):  # nothing for a model to judge
        return CheckedFile(path=path, okr_set=okr_set, report=check_set(okr_set, rubric, lang=lang, name=path))
    run = LLMRun(model=settings.model, host=settings.host)
    if llm_down:
        report = check_set(okr_set, rubric, lang=lang, name=path)
        run.error = llm_down
        return CheckedFile(path=path, okr_set=okr_set, report=report, llm=run)
    from assistant.errors import ConfigError, LLMError
    from assistant.judge import check_with_llm

    try:
        result = check_with_llm(okr_set, rubric, settings=settings, lang=lang, name=path)
    except (LLMError, ConfigError) as exc:  # the endpoint failed: keep the deterministic result
        report = check_set(okr_set, rubric, lang=lang, name=path)
        run.error = str(exc).replace("\n", " ")
        return CheckedFile(path=path, okr_set=okr_set, report=report, llm=run)
    run.deterministic_score, run.added, run.dropped = result.deterministic_score, len(result.llm_findings), len(result.dropped)
    return CheckedFile(path=path, okr_set=okr_set, report=with_objective_findings(result.report, rubric), llm=run)


def with_objective_findings(report: Any, rubric: Any) -> Any:
    """Each objective's report with the model's findings on it (and its KRs) added and its score
    recomputed, so an objective never shows 100 next to a model finding. Like the set's score, an
    objective's score can only go down."""
    from assistant.score import objective_score

    objectives = []
    for o in report.objectives:
        extra = [f for f in report.findings if f.llm and f not in o.findings  # (idempotent if the judge adds them)
                 and (f.target == o.target or f.target.startswith(o.target + "."))]
        if not extra:
            objectives.append(o)
            continue
        findings = [*o.findings, *extra]
        objectives.append(o.model_copy(update={"findings": findings,
                                               "score": min(o.score, objective_score(findings, rubric))}))
    return report.model_copy(update={"objectives": objectives})


def exit_status(files: list[Any], fail_on: str) -> int:
    """2 a file could not be read; 3 the model could not be used; 1 findings at/above fail_on; else 0."""
    from assistant.errors import ExitCode
    from assistant.findings import Severity

    if any(cf.error is not None for cf in files):
        return int(ExitCode.BAD_INPUT)
    if any(cf.llm is not None and cf.llm.error for cf in files):
        return int(ExitCode.LLM_UNAVAILABLE)
    if fail_on == "never":
        return int(ExitCode.OK)
    limit = Severity(fail_on).rank
    failing = any(Severity(f.severity).rank <= limit for cf in files if cf.report for f in cf.report.findings)
    return int(ExitCode.FINDINGS if failing else ExitCode.OK)
