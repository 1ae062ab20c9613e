"""`okr draft`: open the Textual drafting workspace (plain `okr` does the same)."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  okr                          open your workspace (autosaved in the data folder)
  okr draft --example          open on the article's case (an agile coach, 2019-Q3);
                               kept in example.json in the data folder (delete it to start over)
  okr draft my-okrs.md         open and save that file instead (.md .yaml .txt .json)
  okr draft --lang en          English interface (default: the system locale; F9 switches)
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft", help="write your OKRs in the terminal workspace",
                       description="Write your OKRs: context, upper OKRs, suggestions, edit, export.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", metavar="FILE", help="open and save this file instead of the workspace")
    p.add_argument("--example", action="store_true", help="start from the article's example case")
    p.add_argument("--lang", choices=("zh", "en"), help="interface language")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant import workspace

    path = Path(args.file) if args.file else None
    if args.example:
        # the example is a sandbox of its own (or FILE): reopening it restores what was tried there
        path = path or workspace.default_path().with_name("example.json")
        ws = workspace.load(path) if path.exists() else workspace.example()
    else:
        ws = workspace.load(path)
    from tui.app import OkrApp

    OkrApp(ws, path=path, lang=args.lang).run()
    return 0
