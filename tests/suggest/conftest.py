"""Fixtures for suggest / judge tests: the article's case and a mocked OpenAI-compatible endpoint."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article  # noqa: E402

from assistant import retry  # noqa: E402
from assistant.config import load_settings  # noqa: E402

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


@pytest.fixture
def settings(okr_home: Any) -> Any:
    return load_settings(base_url=BASE, api_key="sk-test-KEY123456", model="test-model", engine="llm",
                         max_retries=1, backoff_base=0.0, output_mode="json_object")


@pytest.fixture
def route(monkeypatch: pytest.MonkeyPatch) -> Any:
    async def no_sleep(_: float) -> None:
        return None

    monkeypatch.setattr(retry, "sleep", no_sleep)
    with respx.mock(assert_all_called=False) as mock:
        yield mock.post(URL)


@pytest.fixture
def case() -> Any:
    return article
