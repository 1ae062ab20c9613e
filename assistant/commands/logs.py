"""`okr logs`: every request sent to a model, newest first (the call log)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

DESCRIPTION = """\
List the requests okr sent to a model, newest first: time, endpoint host, model, template,
output mode, tokens, duration, and the error or `cached`. Each retry or re-ask is its own row;
rows of one answer share a call id. --full (or --id) also prints the messages sent and the
answer received. API keys are never stored. The log is a SQLite file (`okr config path`)."""

EPILOG = """\
examples:
  okr logs                    # the last 20 requests
  okr logs -n 5 --full        # the last 5 with messages and answers
  okr logs --id 42            # one request in full
  okr logs --json | jq '.[] | select(.error)'
"""


def add_parser(sub: Any) -> None:
    """Register `okr logs`."""
    p = sub.add_parser("logs", help="list the requests sent to the model", description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--limit", type=int, default=20, metavar="N", help="how many rows (default 20)")
    p.add_argument("--json", action="store_true", help="print the rows as a JSON array, messages included")
    p.add_argument("--full", action="store_true", help="also print messages and answers")
    p.add_argument("--id", type=int, metavar="ID", help="show one row in full")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the call log."""
    from assistant.calllog import CallLog
    from assistant.errors import OkrError

    if args.limit < 1:
        raise OkrError(f"--limit must be at least 1, not {args.limit}", hint="e.g. okr logs -n 5")
    log = CallLog()
    if args.id is not None:
        rec = log.get(args.id)
        if rec is None:
            raise OkrError(f"no call with id {args.id} in {log.path}", hint="`okr logs` lists the ids")
        records, full = [rec], True
    else:
        records, full = log.recent(args.limit), args.full
    if args.json:
        json.dump([r.model_dump() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not records:
        print(f"no model calls logged yet ({log.path})")
        return 0
    for rec in records:
        print(summary(rec))
        if full:
            print(details(rec))
    return 0


def summary(rec: Any) -> str:
    """One line per call."""
    status = "cached" if rec.cached else (f"ERROR {rec.error}" if rec.error else "ok")
    tokens = f"{rec.total_tokens} tok" if rec.total_tokens else "- tok"
    return (f"#{rec.id:<5} {rec.time[:19].replace('T', ' ')}  {rec.host}  {rec.model}  {rec.template}  "
            f"{rec.mode or '-'}  {tokens}  {rec.duration_ms} ms  {status}")


def details(rec: Any) -> str:
    """The messages and the answer of one call, indented."""
    lines = [f"  call {rec.call_id}, attempt {rec.attempt}"]
    for m in rec.messages:
        lines.append(f"  [{m.get('role')}]")
        lines.extend("    " + line for line in str(m.get("content") or "").splitlines())
    lines.append("  [answer]")
    lines.extend("    " + line for line in (rec.response or "(none)").splitlines())
    return "\n".join(lines) + "\n"
