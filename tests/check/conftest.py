"""Fixtures for the `okr check` / `okr rubric` tests (helpers live in checkkit.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import respx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkkit  # noqa: E402

from assistant import retry  # noqa: E402


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A mocked OpenAI-compatible endpoint (OPENAI_BASE_URL/OPENAI_API_KEY point at it); waits are skipped."""

    async def no_sleep(_: float) -> None:
        return None

    monkeypatch.setattr(retry, "sleep", no_sleep)
    monkeypatch.setenv("OPENAI_BASE_URL", checkkit.BASE)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-KEY123456")
    monkeypatch.setenv("OKR_MODEL", "test-model")
    with respx.mock(assert_all_called=False) as mock:
        yield mock.post(checkkit.URL)
