"""Helpers for suggest / judge tests: the fake endpoint's answers and what was sent to it.

A module of its own (not conftest) so `pytest tests/llm tests/suggest` can import both folders' helpers.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from llmmock import BASE, URL  # noqa: F401 (re-exported to the tests)


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


# A phrase only that task's template sends (zh, en); the llm engine sends the sources' requests at
# once, so tests answer by what was asked, never by arrival order.
TASK_MARKS = {"revise": ("<draft-",),
              "aligned": ("拆解成他/她自己的目标", "Decompose the upper-level KRs"),
              "self_driven": ("自驱为组织创造价值", "silent on but that create value"),
              "external_support": ("提出外部支撑型目标", "propose external-support objectives")}


def task_of(request: httpx.Request) -> str:
    """Which task a recorded or incoming request is for (`aligned`, `self_driven`, `external_support`, `revise`)."""
    text = "\n".join(str(m.get("content")) for m in json.loads(request.content)["messages"])
    return next((task for task, marks in TASK_MARKS.items() if any(m in text for m in marks)), "other")


def by_task(**answers: Any) -> Any:
    """A respx side effect answering each request by its task: a Response (sent afresh each time), a list
    of them (one per request, in order) or an exception to raise."""
    queues = {k: list(v) if isinstance(v, list) else v for k, v in answers.items()}

    def side_effect(request: httpx.Request) -> httpx.Response:
        answer = queues[task_of(request)]
        if isinstance(answer, list):
            answer = answer.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    return side_effect
