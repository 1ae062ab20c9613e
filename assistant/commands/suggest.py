"""`okr suggest`: objectives of the article's three sources, checked against the rubric."""

from __future__ import annotations

import argparse
import sys
from typing import Any

EPILOG = """examples:
  okr suggest --context examples/article/context.md --upper examples/article/manager.md --engine offline
  okr suggest --context me.md --upper manager.md --sources aligned --count 2 --format markdown
  okr suggest --context me.md --upper manager.md --engine llm --model qwen-plus --dry-run

The offline engine is rule-based (no network) and leaves placeholders (〔待填〕 / [N]) where only
you know a number. The llm engine checks each suggestion with the rubric and, when it has errors,
sends the findings back once for a revision. --dry-run prints every request and sends nothing.
"""


# Progress on stderr (stdout stays the clean result), in the suggestions' language.
PROGRESS = {"zh": "okr: 第 {n} 条建议已就绪（{engine}）", "en": "okr: suggestion {n} ready ({engine})"}


DRY_RUN = {
    "zh": {"head": "# 试运行：什么都不发送。端点 {endpoint}，模型 {model}",
           "offline": "# 当前使用离线引擎（没有配置端点），本来就不会发送请求；以下是 --engine llm 会发送的请求",
           "skipped": "# {source}：跳过（没有可依据的输入）",
           "tail": "# 共 {n} 个请求；有评分错误的建议会各多一个修改请求"},
    "en": {"head": "# dry run: nothing is sent. endpoint {endpoint}, model {model}",
           "offline": "# the offline engine is in use (no endpoint configured) and sends nothing; "
                      "below is what --engine llm would send",
           "skipped": "# {source}: skipped (nothing to base it on)",
           "tail": "# {n} request(s); a suggestion with rubric errors adds one revise request each"},
}


def add_parser(sub: Any) -> None:
    """Register `okr suggest`."""
    from assistant.config import add_llm_arguments

    p = sub.add_parser("suggest", help="suggest objectives: aligned, self-driven, external support",
                       description="Suggest objectives and key results from your context and the OKRs above you.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--context", metavar="FILE", required=True, help="your context (YAML front matter or a draft file)")
    p.add_argument("--upper", metavar="FILE", action="append", default=[], help="upper-level OKRs (repeatable)")
    p.add_argument("--sources", default="aligned,self_driven,external_support",
                   help="comma-separated: aligned, self_driven, external_support (default all)")
    p.add_argument("--count", type=int, default=3, metavar="N", help="at most N suggestions per source (default 3; the llm engine asks for at most 8)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="text for a terminal (default), json with every field, or markdown")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the suggestions (default: detected)")
    p.add_argument("--rubric", default=None, help="rubric name or file (default: default)")
    p.add_argument("--dry-run", action="store_true", help="print the requests the llm engine would send; send nothing")
    add_llm_arguments(p)
    p.set_defaults(func=run)


def load_inputs(context_path: str, upper_paths: list[str]) -> tuple[Any, list[Any]]:
    """The person's context and the upper-level OKRs (those in the context file, then --upper files)."""
    from assistant.reader import load, load_upper

    own = load(context_path)
    upper = list(own.upper)
    for path in upper_paths:
        upper += load_upper(path)
    return own.context, upper


def run(args: argparse.Namespace) -> int:
    """Print the suggestions (or, with --dry-run, the requests)."""
    import asyncio

    from assistant.config import settings_from_args
    from assistant.errors import InputError, LLMError
    from assistant.render_suggest import render
    from assistant.rubric import load_rubric
    from assistant.suggest import language_of, parse_sources, suggest

    if args.count < 1:
        raise InputError("--count must be at least 1", path="--count", hint="e.g. --count 2")
    sources = parse_sources(args.sources)
    context, upper = load_inputs(args.context, args.upper)
    settings = settings_from_args(args)
    rubric = load_rubric(args.rubric)
    lang = args.lang or language_of(context, upper)
    if args.dry_run:
        return _dry_run(context, upper, sources, args.count, settings, rubric, lang)

    items: list[Any] = []

    async def collect() -> None:
        async for s in suggest(context, upper, sources=sources, count=args.count, engine=settings.engine,
                               settings=settings, rubric=rubric, lang=lang):
            items.append(s)
            print(PROGRESS[lang].format(n=len(items), engine=s.engine), file=sys.stderr)

    try:
        asyncio.run(collect())
    except LLMError:
        if items:  # a later request failed: the suggestions already checked are still worth showing
            sys.stdout.write(render(items, args.format, lang))
        raise
    sys.stdout.write(render(items, args.format, lang))
    return 0


def _dry_run(context: Any, upper: Any, sources: Any, count: int, settings: Any, rubric: Any, lang: str) -> int:
    import json

    from assistant.llm import build_request
    from assistant.suggest import has_input, suggest_messages
    from assistant.suggestion import DraftAnswer

    say = DRY_RUN["zh" if lang == "zh" else "en"]
    print(say["head"].format(endpoint=settings.endpoint, model=settings.model), file=sys.stderr)
    if settings.resolved_engine().value == "offline":
        print(say["offline"], file=sys.stderr)
    n = 0
    for src in sources:
        if not has_input(src, context, upper):
            print(say["skipped"].format(source=src.value), file=sys.stderr)
            continue
        msgs = suggest_messages(src, context, upper, count=count, rubric=rubric, lang=lang, settings=settings)
        body = build_request(settings, messages=msgs, schema=DraftAnswer, lang=lang)
        n += 1
        print(f"# request {n}: {src.value} → POST {settings.endpoint}/chat/completions")
        print(json.dumps(body, ensure_ascii=False, indent=2))
    print(say["tail"].format(n=n), file=sys.stderr)
    return 0
