"""Offline suggestions per second on the article's case (drafting + rubric check), prompt renders per
second, and the llm engine's wall time for the three sources against a local fake server whose every
answer takes LATENCY seconds: requests in flight at once (concurrency 4) vs one at a time (concurrency 1).

Run: .venv/bin/python benchmarks/suggest.py [ROUNDS] [LATENCY]
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "suggest"))
sys.path.insert(0, str(ROOT / "tests"))

import article  # noqa: E402

from assistant.prompts import render_messages  # noqa: E402
from assistant.rubric import load_rubric  # noqa: E402
from assistant.suggest import suggest  # noqa: E402


async def one_round(rubric) -> int:  # noqa: ANN001
    n = 0
    async for _ in suggest(article.context(), article.upper(), count=10, engine="offline", rubric=rubric):
        n += 1
    return n


def _reply(body: dict) -> str:
    """A valid answer for whichever source the request is for (aligned ones link to manager:O1.KR1)."""
    import json

    aligned = "manager:O1.KR1" in body["messages"][1]["content"] and "拆解成" in body["messages"][1]["content"]
    return json.dumps({"suggestions": [{
        "title": "提升我所支持团队的敏捷成熟度", "kind": "capability", "aligns_to": ["manager:O1.KR1"] if aligned else [],
        "key_results": ["2019-Q3 内，24 个敏捷团队的敏捷成熟度从 70 分提升到 85 分", "每周跟进 2 个低分团队，周期末其得分提升 10%"],
        "rationale": "r", "provenance": "p"}]}, ensure_ascii=False)


def llm_wall(latency: float) -> None:
    """Wall time of one `okr suggest` (three sources) with requests at once vs one at a time."""
    import os
    import tempfile

    from fakeserver import FakeServer

    from assistant.config import load_settings

    os.environ["OKR_HOME"] = tempfile.mkdtemp(prefix="okr-bench-")
    times = {}
    with FakeServer(latency=latency, reply=_reply) as srv:
        for conc in (4, 4, 1):  # the first run warms up (SDK import, client, rubric) and is not kept
            settings = load_settings(base_url=srv.base_url, model="bench", engine="llm", cache=False,
                                     output_mode="json_object", concurrency=conc)

            async def go() -> int:
                return len([s async for s in suggest(article.context(), article.upper(), count=1, settings=settings)])

            t0 = time.perf_counter()
            n = asyncio.run(go())
            times[conc] = time.perf_counter() - t0
        requests = len(srv.requests) // 3
    print(f"llm suggest, 3 sources, server latency {latency:g} s: {times[4]:.2f} s at once vs {times[1]:.2f} s "
          f"one at a time = {times[1] / times[4]:.1f}x ({n} suggestions, {requests} requests per run)")


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
    llm_wall(float(sys.argv[2]) if len(sys.argv) > 2 else 0.5)


if __name__ == "__main__":
    main()
