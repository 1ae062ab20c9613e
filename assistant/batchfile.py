"""OpenAI Batch API files: write a run's requests out, read the results back into the run.

Export writes one line per distinct request, in the format OpenAI's Batch API and vLLM's
`run-batch` read::

    {"custom_id": "<request hash>", "method": "POST", "url": "/v1/chat/completions", "body": {...}}

Import reads the output file (lines in any order, each with `custom_id` and `response` or
`error`) and joins by `custom_id`, which is the request hash stored in the run database. So an
import is idempotent, lands in the same run as interactive results, and lines that failed or
expired simply leave their drafts pending for `--resume` or another batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.batch import Job
from assistant.errors import InputError
from assistant.rundb import RunDB
from assistant.team import Problem

URL = "/v1/chat/completions"


def export_batch(jobs: Iterable[Job], path: str | Path) -> int:
    """Write the requests (one per distinct hash) to a JSONL file; returns the number of lines."""
    seen: set[str] = set()
    lines: list[str] = []
    for job in jobs:
        if job.request_hash in seen:
            continue
        seen.add(job.request_hash)
        line = {"custom_id": job.request_hash, "method": "POST", "url": URL, "body": job.body}
        lines.append(json.dumps(line, ensure_ascii=False, sort_keys=True))
    try:
        Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the batch file: {exc.strerror}", path=str(path)) from exc
    return len(lines)


class ImportSummary(BaseModel):
    stored: int = 0  # drafts that received a result
    failed: int = 0  # lines carrying an error or a non-200 response (drafts stay pending)
    unknown: int = 0  # custom_ids that are not requests of this run
    problems: list[Problem] = Field(default_factory=list)


def import_batch(path: str | Path, db: RunDB, run_id: str, parse: Callable[[str], Any]) -> ImportSummary:
    """Read a Batch API output file into the run; a bad line is reported with its number and skipped."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the batch results: {exc}", path=str(p),
                         hint="pass the output file downloaded from the Batch API (or written by `vllm run-batch -o`)") from exc
    known = {it.request_hash for it in db.items(run_id)}
    out = ImportSummary()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            custom_id = line["custom_id"]
        except (ValueError, KeyError, TypeError) as exc:
            out.problems.append(Problem(path=str(p), line=lineno, message=f"not a batch output line ({type(exc).__name__}); skipped"))
            continue
        if custom_id not in known:
            out.unknown += 1
            out.problems.append(Problem(path=str(p), line=lineno, message=f"custom_id {custom_id[:12]}… is not a request of run {run_id}; skipped"))
            continue
        response = line.get("response") or {}
        if line.get("error") or response.get("status_code") != 200:
            out.failed += 1
            err = line.get("error") or (response.get("body") or {}).get("error") or f"status {response.get('status_code')}"
            out.problems.append(Problem(path=str(p), line=lineno, message=f"request failed in the batch: {_short(err)}; the draft stays pending"))
            continue
        try:
            body = response["body"]
            content = body["choices"][0]["message"]["content"]
            result = parse(content)
        except Exception as exc:  # noqa: BLE001 - any unusable answer is reported, not raised
            out.failed += 1
            out.problems.append(Problem(path=str(p), line=lineno, message=f"unusable answer ({type(exc).__name__}); the draft stays pending"))
            continue
        usage = {k: v for k, v in (body.get("usage") or {}).items() if isinstance(v, int)}
        out.stored += db.record_done_by_hash(run_id, custom_id, result, usage)
    return out


def _short(err: Any) -> str:
    if isinstance(err, dict):
        err = err.get("message") or err.get("code") or json.dumps(err, ensure_ascii=False)
    return str(err)[:160]
