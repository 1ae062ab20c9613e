"""Helpers for the LLM layer tests: the fake endpoint, a tiny schema, answers and errors.

A module of its own (not conftest) so `pytest tests/llm tests/suggest` can import both folders' helpers.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pydantic import BaseModel, Field
from llmmock import BASE, URL  # noqa: F401 (re-exported to the tests)


KEY = "sk-test-SECRETKEY0123456789"


class Score(BaseModel):
    """The tiny structured answer the tests ask for."""

    score: int = Field(ge=0, le=10)
    reason: str


VALID = '{"score": 7, "reason": "clear metric"}'
MESSAGES = [{"role": "system", "content": "You rate OKRs. Reply in JSON."},
            {"role": "user", "content": "Rate: O1 grow revenue; KR1 revenue 10M -> 12M by Q4"}]


def completion(content: str | None, *, finish: str = "stop", refusal: str | None = None,
               usage: tuple[int, int] = (10, 5)) -> httpx.Response:
    """A 200 chat completion whose first choice says `content`."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return httpx.Response(200, json={
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    })


def error(status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None,
          **extra: Any) -> httpx.Response:
    """An OpenAI-shaped error response."""
    return httpx.Response(status, headers=headers,
                          json={"error": {"message": message, "type": "invalid_request_error", "code": code, **extra}})


def body(call: Any) -> dict[str, Any]:
    """The JSON body of a recorded respx call."""
    return json.loads(call.request.content)
