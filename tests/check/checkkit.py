"""Helpers for the `okr check` / `okr rubric` tests: example paths, drafts, running the CLI, a fake model."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from assistant.cli import main
from llmmock import BASE, URL  # noqa: F401 (re-exported to the tests)

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "examples" / "article"
ENGLISH = ROOT / "examples" / "english"

# Three objectives of three KRs, every KR measured and bounded by the cycle; no aligned objective,
# so the default rubric's only finding is the set.source_mix warning.
THREE_OBJECTIVES = """\
---
cycle: 2026-Q3
language: en
---
O1: Make checkout fast on mobile {source: self_driven; kind: business; commitment: committed}
KR1: Checkout p95 latency from 900 ms to 400 ms
KR2: Payment error rate from 2.0% to 0.5%
KR3: Mobile conversion from 2.1% to 2.8%

O2: Make payment incidents boring {source: self_driven; kind: capability; commitment: committed}
KR1: Mean time to recover from 50 min to 15 min
KR2: Paging alerts per week from 40 to 10
KR3: Incidents caught by alerts before customers from 60% to 90%

O3: Help the search team answer as fast as checkout {source: external_support; kind: business; commitment: committed}
KR1: Search API p95 from 1,500 ms to 600 ms
KR2: Search timeouts per day from 300 to 30
KR3: Search team on-call pages per week from 12 to 4
"""

# O1 has five KRs: fine for the default rubric (2–5), too many for google (at most 4).
FIVE_KRS = """\
---
cycle: 2026-Q3
language: en
---
O1: Make checkout fast on mobile {source: self_driven; commitment: committed}
KR1: Checkout p95 latency from 900 ms to 400 ms
KR2: Payment error rate from 2.0% to 0.5%
KR3: Mobile conversion from 2.1% to 2.8%
KR4: Cart abandonment from 70% to 60%
KR5: App crash rate on checkout from 1.5% to 0.3%

O2: Make payment incidents boring {source: self_driven; commitment: committed}
KR1: Mean time to recover from 50 min to 15 min
KR2: Paging alerts per week from 40 to 10

O3: Help the search team answer as fast as checkout {source: external_support; commitment: committed}
KR1: Search API p95 from 1,500 ms to 600 ms
KR2: Search timeouts per day from 300 to 30
"""

# A Chinese draft with the usual first-draft mistakes (tasks, nothing measured, one objective).
ZH_DRAFT = """\
O1：上线新版官网
KR1：完成官网改版
KR2：组织三次评审会议
"""

FINDING_FIELDS = {"criterion", "severity", "target", "span", "title", "message", "fix", "weak_example",
                  "strong_example", "inferred", "llm"}
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.out)

    def report(self, i: int = 0) -> dict[str, Any]:
        return self.json()["files"][i]["report"]


def okr(capsys: Any, *args: str | Path) -> Run:
    """Run `okr ARGS` in-process; its exit status and what it printed."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    got = capsys.readouterr()
    return Run(code, got.out, got.err)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def found(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(criterion, target) of every finding in a JSON report."""
    return [(f["criterion"], f["target"]) for f in report["findings"]]


def colour_codes(text: str) -> list[str]:
    """The colour parameters (30–38, 40–48, 90–107) among the ANSI SGR sequences in `text`."""
    out = []
    for params in _SGR.findall(text):
        for p in params.split(";"):
            if p.isdigit() and (30 <= int(p) <= 48 or 90 <= int(p) <= 107):
                out.append(p)
    return out


def completion(content: str) -> httpx.Response:
    """A 200 chat completion answering `content`."""
    return httpx.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def verdicts(*items: tuple[str, str, str, str]) -> str:
    """A judge answer: (criterion, target, level, quote) verdicts."""
    return json.dumps({"verdicts": [{"criterion": c, "target": t, "level": lv, "quote": q, "reason": "vague",
                                     "fix": "say who benefits"} for c, t, lv, q in items]}, ensure_ascii=False)
