"""Fixtures for the team review tests: example paths, a fake endpoint, running `okr` as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ holds fakeserver.py
from fakeserver import FakeServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "examples" / "team"

# What the fake endpoint answers to a judge request: an empty but valid judgement.
JUDGE_REPLY = json.dumps({"verdicts": []})


@pytest.fixture
def core() -> None:
    """The reader and the rubric checker (built by other modules); skip until they exist."""
    for name in ("assistant.reader", "assistant.checker", "assistant.rubric"):
        pytest.importorskip(name, reason=f"{name} is not in this checkout yet")


@pytest.fixture
def judge(core: None) -> None:
    """The model judge and the LLM layer; skip until they exist."""
    for name in ("assistant.judge", "assistant.config", "assistant.llm"):
        pytest.importorskip(name, reason=f"{name} is not in this checkout yet")


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
