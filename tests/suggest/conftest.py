"""Fixtures for suggest / judge tests: the article's case and a mocked OpenAI-compatible endpoint."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article  # noqa: E402


@pytest.fixture
def settings(llm_settings: Any) -> Any:
    """The shared mocked-endpoint settings (tests/conftest.py), under the name these tests use."""
    return llm_settings


@pytest.fixture
def case() -> Any:
    return article
