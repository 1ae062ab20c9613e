"""The `okr` command line: a thin edge over the core.

Each subcommand lives in `assistant/commands/<name>.py` with `add_parser(subparsers)` and
`run(args) -> int`. Command modules keep heavy imports inside `run()` so that `okr --help`
and the TUI start fast. Errors from the core become a message and an exit status here.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.errors import ExitCode, OkrError
from assistant.gctune import for_command

# Order is the order shown in `okr --help`.
COMMANDS: tuple[str, ...] = ("draft", "suggest", "check", "rubric", "review", "fmt", "schema", "prompts", "config", "logs")

EPILOG = """examples:
  okr fmt examples/article/author.md --to json
  okr schema > okr-set.schema.json
"""


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our BAD_INPUT status and a hint instead of bare usage."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.BAD_INPUT, f"{self.prog}: error: {message}\n  hint: run `{self.prog} --help`\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered subcommand."""
    parser = _Parser(
        prog="okr",
        description="Write OKRs that fit your organisation, and review a team's OKRs. 中文 / English.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"okr-assistant {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"assistant.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `okr` console script. Returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list and "draft" in COMMANDS:
        args_list = ["draft"]  # plain `okr` opens the drafting workspace
    args = parser.parse_args(args_list)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.OK
    try:
        # the garbage collector's setting for batch commands (assistant.gctune)
        with for_command(args.command, llm=bool(getattr(args, "llm", False))):
            return int(args.func(args))
    except OkrError as exc:
        print(f"okr: error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("okr: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # a bug, not bad input: say so, keep the traceback for OKR_DEBUG
        if os.environ.get("OKR_DEBUG"):
            raise
        print(
            f"okr: internal error: {type(exc).__name__}: {exc}\n"
            "  hint: this is a bug; rerun with OKR_DEBUG=1 for the traceback and report it",
            file=sys.stderr,
        )
        return ExitCode.BAD_INPUT
