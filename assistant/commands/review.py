"""`okr review`: a coach reviews a whole team's drafts and how they align."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

DESCRIPTION = """\
Review many people's OKR drafts at once: the rubric on every draft, optionally the model-judged
criteria (--llm), and the team picture — which upper-level KRs nobody supports, near-duplicate
objectives, KRs claimed by several people without dividing them, people with no aligned
objective, departments with no capability objective, and the alignment health.

Inputs: draft files or folders, an org file (--org: who reports to whom, where each draft is)
and/or a CSV with one row per KR (--csv). A bad file or row is reported with its location and
skipped; the rest is reviewed.

Model calls are written to a run database as they arrive. An interrupted run (Ctrl-C, crash,
kill -9) continues with --resume RUN (or --resume last) and only calls the model for drafts
that have no answer yet.

exit status: 0 everything reviewed; 1 something was skipped or has no model answer;
2 bad input or usage; 3 the model endpoint could not be used (finished results are kept)."""

EPILOG = """\
examples:
  okr review examples/team/english/*.md
  okr review --org examples/team/article/org.yaml --report team.html
  okr review --csv examples/team/english/team.csv --format json -o review.json
  okr review --org org.toml --llm --concurrency 16 --rpm 500
  okr review --resume last                       # continue an interrupted --llm run
  okr review --org org.toml --export-batch requests.jsonl      # then run the batch elsewhere
  okr review --resume last --import-batch results.jsonl --report team.html
"""


def add_parser(sub: Any) -> None:
    """Register `okr review`."""
    p = sub.add_parser("review", help="review a team's OKR drafts and their alignment", description=DESCRIPTION,
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH", help="draft files or folders of drafts")
    p.add_argument("--org", metavar="FILE", help="org file (YAML or TOML): people, reports_to, drafts")
    p.add_argument("--csv", metavar="FILE", help="CSV, one row per KR: person, role, manager, objective, kr, source, kind")
    p.add_argument("--rubric", metavar="NAME|PATH", help="rubric name (default, google, …) or a coach's rubric file")
    p.add_argument("--lang", choices=("zh", "en"), help="report language (default: the drafts' majority language)")
    p.add_argument("--llm", action="store_true", help="also judge the rubric's model-judged criteria with the configured endpoint")
    p.add_argument("--concurrency", type=int, metavar="N", help="model requests in flight at most (default from config)")
    p.add_argument("--rpm", type=int, metavar="N", help="requests per minute at most")
    p.add_argument("--tpm", type=int, metavar="N", help="tokens per minute at most")
    p.add_argument("--resume", metavar="RUN|last", help="continue an earlier run; only missing model answers are requested")
    p.add_argument("--export-batch", metavar="FILE.jsonl", help="write the model requests as an OpenAI Batch API file instead of calling")
    p.add_argument("--import-batch", metavar="FILE.jsonl", help="read Batch API results (or `vllm run-batch` output) into the run")
    p.add_argument("--report", metavar="FILE.html", help="also write the self-contained HTML report here")
    p.add_argument("--format", choices=("terminal", "json", "markdown", "csv", "html"), help="output format (default: terminal, or from -o's suffix)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report here instead of stdout")
    p.add_argument("--details", action="store_true", help="terminal format: also list every finding per person")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


_SUFFIX = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".html": "html", ".htm": "html", ".txt": "terminal"}


def _org_in_folder(paths: list[str]) -> "Path | None":
    """The org file inside the one folder given, if it has one (so links resolve and context members are not scored)."""
    from pathlib import Path

    from assistant.drafts import ORG_NAMES

    if len(paths) != 1 or not Path(paths[0]).is_dir():
        return None
    return next((Path(paths[0]) / n for n in ORG_NAMES if (Path(paths[0]) / n).is_file()), None)


def run(args: argparse.Namespace) -> int:
    """Run the review, print/write the reports, and return the exit status."""
    from pathlib import Path

    from assistant.errors import ConfigError, ExitCode
    from assistant.report import write
    from assistant.review import ReviewOptions, review_team

    fmt = args.format or (_SUFFIX.get(Path(args.output).suffix.lower(), "terminal") if args.output else "terminal")
    if not (args.paths or args.org or args.csv or args.resume):
        raise ConfigError("nothing to review", hint="pass draft files or folders, --org FILE, --csv FILE or --resume last")
    if args.export_batch and args.llm:
        raise ConfigError("--export-batch writes the requests instead of sending them; drop --llm", hint="see `okr review --help`")
    if not args.org and not args.csv:
        found = _org_in_folder(args.paths)
        if found is not None:  # a team folder that carries its org file: review it as that org
            print(f"okr review: using the org file {found} (pass --org to choose another)", file=sys.stderr)
            args.org, args.paths = str(found), []
    fields: dict[str, Any] = {k: v for k, v in (("paths", args.paths), ("org", args.org), ("csv", args.csv), ("rubric", args.rubric),
                                                 ("lang", args.lang), ("export_batch", args.export_batch),
                                                 ("import_batch", args.import_batch)) if v}
    if args.llm:
        fields["llm"] = True
    if args.llm or args.resume or args.concurrency or args.rpm or args.tpm:
        fields["limits"] = _limits(args)
    opts = ReviewOptions(**fields)
    bar = None if args.quiet else ProgressBar(sys.stderr)
    review = review_team(opts, resume=args.resume, progress=bar.update if bar else None)
    if bar:
        bar.close()
    for problem in review.skipped:
        print(f"okr review: skipped {problem}", file=sys.stderr)
    if fmt == "terminal" and not args.output:
        from rich.console import Console

        from assistant.report.terminal import print_review

        print_review(review, Console(), details=args.details)
    else:
        write(review, fmt, args.output)
    if args.report:
        write(review, "html", args.report)
    run_info = review.run
    if run_info:
        _run_note(run_info, args)
    if run_info and run_info.fatal:
        print(f"okr review: error: the model run stopped: {run_info.fatal}\n  hint: fix the cause, then `okr review --resume {run_info.id}`",
              file=sys.stderr)
        return int(ExitCode.LLM_UNAVAILABLE)
    return int(ExitCode.FINDINGS if review.incomplete else ExitCode.OK)


def _limits(args: argparse.Namespace) -> Any:
    """Batch limits: flags > settings (config file / env) > defaults."""
    from assistant.batch import Limits

    values: dict[str, Any] = {}
    try:
        from assistant.config import load_settings

        settings = load_settings()
        for name in ("concurrency", "rpm", "tpm"):
            if getattr(settings, name, None):
                values[name] = getattr(settings, name)
    except ImportError:  # config module not present: defaults
        pass
    for name in ("concurrency", "rpm", "tpm"):
        if getattr(args, name):
            values[name] = getattr(args, name)
    return Limits(**values)


def _run_note(info: Any, args: argparse.Namespace) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in info.counts.items())
    lines = [f"okr review: run {info.id}: {counts}"]
    if info.exported is not None:
        lines.append(f"okr review: wrote {info.exported} requests to {args.export_batch}; after the batch finishes: "
                     f"okr review --resume {info.id} --import-batch RESULTS.jsonl")
    if info.imported is not None:
        lines.append(f"okr review: imported {info.imported} results from {args.import_batch}")
    if info.counts.get("pending") or info.counts.get("error"):
        lines.append(f"okr review: continue with: okr review --resume {info.id}")
    print("\n".join(lines), file=sys.stderr)


class ProgressBar:
    """`[######------] 120/400 done · 2 errors · 35 s left` on stderr; redrawn on a terminal only."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.last = 0.0
        self.line = ""

    def update(self, summary: Any, total: int) -> None:
        now = time.monotonic()
        finished = summary.done + summary.errors
        if now - self.last < 0.1 and finished < total:
            return
        self.last = now
        elapsed = now - self.start
        left = elapsed / finished * (total - finished) if finished else 0
        width = 24
        filled = int(width * finished / total) if total else width
        self.line = (f"[{'#' * filled}{'-' * (width - filled)}] {finished}/{total} done · "
                     f"{summary.errors} errors · {left:.0f} s left")
        if self.tty:
            self.stream.write("\r" + self.line)
            self.stream.flush()

    def close(self) -> None:
        if self.line:
            self.stream.write(("\r" if self.tty else "") + self.line + "\n")
            self.stream.flush()
