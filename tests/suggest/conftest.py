"""Fixtures for suggest / judge tests: the article's case and a mocked OpenAI-compatible endpoint."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import respx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article  # noqa: E402

from assistant import retry  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from suggestkit import BASE, URL  # noqa: E402


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
