"""Fixtures for the team review tests: example paths, a fake endpoint (and model answers for it),
running `okr` as a process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ holds fakeserver.py
from fakeserver import FakeServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "examples" / "team"

# What the fake endpoint answers by default: a valid judgement (as judge.parse_answer reads it
# with the review's cross-checks) that finds nothing and records no cross-check.
JUDGE_REPLY = json.dumps({"verdicts": [], "checks": []})
_DRAFT = re.compile(r"<draft-(\w+)>\n(.*?)\n</draft-\1>", re.DOTALL)
_LINE = re.compile(r"^(O\d+(?:\.KR\d+)?): (.*)$", re.MULTILINE)


def draft_lines(body: dict) -> dict[str, str]:
    """Target → text of the draft fenced in a judge request (what a real model would read)."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    m = _DRAFT.search(user)
    assert m, "the judge request fences the draft"
    return dict(_LINE.findall(m.group(2)))


def judging_reply(body: dict) -> str:
    """A real judgement of the draft in the request, like a model would give it:
    - objective.inspiring on every objective: `weak`, quoting the objective's first three words;
    - cross-checks: every KR passes kr.measurable except KR2, which the model calls unmeasurable;
      every objective passes objective.not_task; kr.outcome is not answered."""
    lines = draft_lines(body)
    verdicts = [{"criterion": "objective.inspiring", "target": t, "level": "weak", "quote": " ".join(text.split()[:3]),
                 "reason": "It does not say who benefits.", "fix": "Name who benefits and how."}
                for t, text in lines.items() if "." not in t]
    checks = [{"criterion": "kr.measurable", "target": t, "passes": not t.endswith(".KR2")} for t in lines if "." in t]
    checks += [{"criterion": "objective.not_task", "target": t, "passes": True} for t in lines if "." not in t]
    return json.dumps({"verdicts": verdicts, "checks": checks})


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    """A fake OpenAI-compatible endpoint on 127.0.0.1 that the code under test is pointed at."""
    with FakeServer(latency=0.01, reply=JUDGE_REPLY, retry_after=0.01) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET")
        yield srv


def okr(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `okr ARGS…` in a subprocess with the test's environment (OKR_HOME etc.)."""
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=os.environ.copy())


def write_team(folder: Path, n: int) -> list[Path]:
    """`n` small English drafts (each different, so each gets its own model request)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"person{i:03d}.md"
        p.write_text(
            f"---\nname: Person {i}\nrole: Engineer\n---\n\n"
            f"O1: Make checkout faster for region {i} {{source: self_driven; kind: business}}\n"
            f"KR1: Checkout p95 latency from {900 + i} ms to 400 ms by 30 Sep\n"
            f"KR2: Payment error rate from 2.0% to 0.5% by 30 Sep\n",
            encoding="utf-8",
        )
        paths.append(p)
    return paths
