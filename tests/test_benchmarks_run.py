"""The benchmark scripts still run (on a few sets) and print the figures their docstrings promise.

No timing is asserted: the figures are for people to read (README, issue notes), and a shared
machine makes any bound flaky. This only keeps the scripts from rotting as the code changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("script", "lines"), [
    ("parse.py", ["first read:", "time split: KR field reading", "re-read of 1,000 sets:", "cold read of 2,000 sets:"]),
    ("check.py", ["read + check:", "check only:", "checking / reading:", "with Python's default collector instead:"]),
])
def test_a_benchmark_runs_and_prints_its_figures(script: str, lines: list[str]) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "40"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    for line in lines:
        assert line in run.stdout, f"{script} no longer prints {line!r}"
