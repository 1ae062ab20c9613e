"""Offline suggestions per second on the article's case (drafting + rubric check), and prompt renders per second.

Run: .venv/bin/python benchmarks/suggest.py [ROUNDS]
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "suggest"))

import article  # noqa: E402

from assistant.prompts import render_messages  # noqa: E402
from assistant.rubric import load_rubric  # noqa: E402
from assistant.suggest import suggest  # noqa: E402


async def one_round(rubric) -> int:  # noqa: ANN001
    n = 0
    async for _ in suggest(article.context(), article.upper(), count=10, engine="offline", rubric=rubric):
        n += 1
    return n


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rubric = load_rubric()
    asyncio.run(one_round(rubric))  # warm caches (rubric, regexes)
    t0 = time.perf_counter()
    total = sum(asyncio.run(one_round(rubric)) for _ in range(rounds))
    dt = time.perf_counter() - t0
    print(f"offline suggest, article case: {total} suggestions in {dt:.2f} s = {total / dt:.0f} suggestions/s "
          f"({rounds} rounds of {total // rounds})")
    t0 = time.perf_counter()
    for _ in range(rounds):
        render_messages("aligned", lang="zh", rubric=rubric, context=article.context(), upper=article.upper(), count=3)
    dt = time.perf_counter() - t0
    print(f"prompt render (aligned, zh): {rounds / dt:.0f} renders/s")


if __name__ == "__main__":
    main()
