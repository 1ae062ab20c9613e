"""Helpers for suggest / judge tests: the fake endpoint's answers and what was sent to it.

A module of its own (not conftest) so `pytest tests/llm tests/suggest` can import both folders' helpers.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

BASE = "http://llm.test/v1"
URL = f"{BASE}/chat/completions"


def completion(content: str) -> httpx.Response:
    """A 200 chat completion answering `content`."""
    return httpx.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def sent(call: Any) -> dict[str, Any]:
    """The JSON body of a recorded request."""
    return json.loads(call.request.content)


def sent_text(call: Any) -> str:
    """Every message content of a recorded request, joined."""
    return "\n".join(m["content"] for m in sent(call)["messages"])
