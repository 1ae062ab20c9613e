"""`okr fmt`: read drafts in any shape and write them back normalised (Markdown, JSON, YAML, text)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Read OKR drafts in any shape the reader accepts (numbered lines O1：/KR1：, the article's
one-line form, Markdown, front matter, JSON, YAML; Chinese or English) and write them back in
one normalised format. Use it to check that a file reads the way you meant, or to convert.

With one FILE, -o OUT writes a file; with several, -o names a folder and each file is written
there as <name>.<format>. Without -o the result goes to standard output (several files are
separated by `==> FILE <==` lines). A file that cannot be read is reported with its line and
the others are still converted; the exit status is then 2. Files are replaced atomically."""

EPILOG = """\
examples:
  okr fmt examples/article/author.md                 # Markdown to the terminal
  okr fmt examples/article/manager.md --to json      # the manager's one-line OKRs as JSON
  pbpaste | okr fmt - --to text                      # a pasted draft, normalised
  okr fmt drafts/*.md --to yaml -o normalised/       # many files into a folder
"""

_SUFFIX = {"md": ".md", "json": ".json", "yaml": ".yaml", "text": ".txt"}


def add_parser(sub: Any) -> None:
    """Register `okr fmt`."""
    p = sub.add_parser("fmt", help="normalise or convert OKR files", description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="OKR files; - reads standard input")
    p.add_argument("--to", choices=("md", "json", "yaml", "text"), default="md", help="output format (default md)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one FILE) or folder (several)")
    p.set_defaults(func=run)


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run(args: argparse.Namespace) -> int:
    """Convert every FILE; report each bad one; exit 2 when any failed."""
    from assistant.errors import ExitCode
    from assistant.reader import load_many
    from assistant.writer import dumps

    results = load_many(args.files)
    many = len(results) > 1
    out = Path(args.output) if args.output else None
    if out is not None and many and out.exists() and not out.is_dir():
        print(f"okr fmt: error: {out} is a file; with several inputs -o names a folder", file=sys.stderr)
        return ExitCode.BAD_INPUT
    failed = 0
    for res in results:
        if res.error is not None or res.okr_set is None:
            failed += 1
            print(f"okr fmt: error: {res.error}", file=sys.stderr)
            continue
        text = dumps(res.okr_set, args.to)
        if out is None:
            if many:
                sys.stdout.write(f"==> {res.path} <==\n")
            sys.stdout.write(text)
        elif many:
            stem = Path(res.path).stem if res.path != "-" else "stdin"
            _write(out / f"{stem}{_SUFFIX[args.to]}", text)
        else:
            _write(out, text)
    if failed and many:
        print(f"okr fmt: {failed} of {len(results)} files could not be read", file=sys.stderr)
    return ExitCode.BAD_INPUT if failed else ExitCode.OK
