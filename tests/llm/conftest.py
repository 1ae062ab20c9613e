"""Fixtures for the LLM layer tests: settings for a fake endpoint, a sleep that only records."""

from __future__ import annotations

from typing import Any

import pytest
import respx
from llmkit import BASE, KEY, URL

from assistant import retry
from assistant.config import load_settings


@pytest.fixture
def settings(okr_home: Any) -> Any:
    """Settings for the fake endpoint, with quick backoff numbers (sleeps are recorded, not slept)."""
    return load_settings(base_url=BASE, api_key=KEY, model="test-model", backoff_base=1.0, backoff_cap=8.0,
                         max_retries=3, timeout=30)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the retry layer asks for; nothing really waits."""
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(retry, "sleep", fake_sleep)
    return waited


@pytest.fixture
def route(sleeps: list[float]) -> Any:
    """The mocked chat-completions route; the test sets its side effect."""
    with respx.mock(assert_all_called=False) as mock:
        yield mock.post(URL)
