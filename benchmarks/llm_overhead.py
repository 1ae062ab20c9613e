"""CPU cost of our path per model request: complete_json against an in-process fake endpoint.

Prints per-request figures for: a plain success (json_schema), a re-asked answer (two requests),
and a cache hit. The endpoint is an httpx.MockTransport, so the figures are our overhead (SDK,
envelope checks, validation, call log and cache writes), not network time.

    .venv/bin/python benchmarks/llm_overhead.py [N]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time

import httpx
from pydantic import BaseModel

os.environ["OKR_HOME"] = tempfile.mkdtemp(prefix="okr-bench-")

from assistant.config import load_settings  # noqa: E402
from assistant.llm import complete_json, make_client  # noqa: E402


class Score(BaseModel):
    score: int
    reason: str


def answer(content: str) -> httpx.Response:
    return httpx.Response(200, json={
        "id": "x", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60}})


async def measure(label: str, n: int, handler, *, cache: bool, distinct: bool = True) -> None:
    settings = load_settings(base_url="http://bench.local/v1", model="m")
    client = make_client(settings, http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        text = f"请评价第 {i} 份 OKR 草稿 / rate draft {i}" if distinct else "the same draft"
        await complete_json(settings, messages=[{"role": "user", "content": text}], schema=Score,
                            template="bench", client=client, cache=cache)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:<34} n={n:<5} cpu {cpu / n * 1000:6.2f} ms/call   wall {wall / n * 1000:6.2f} ms/call")
    await client.close()


async def main(n: int) -> None:
    valid = '{"score": 7, "reason": "ok"}'
    await measure("success (1 request, log + cache)", n, lambda r: answer(valid), cache=False)
    flip = iter(range(10**9))
    await measure("re-asked (2 requests)", n // 2, lambda r: answer(valid if next(flip) % 2 else '{"score": 7'),
                  cache=False)
    await measure("cache hit (0 requests)", n, lambda r: answer(valid), cache=True, distinct=False)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
