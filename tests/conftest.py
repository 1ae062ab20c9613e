"""Shared fixtures: every test runs with its own OKR_HOME and no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from llmmock import BASE, KEY, URL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Config, data and cache go to a fresh folder; no real endpoint is configured."""
    home = tmp_path_factory.mktemp("okr-home")
    monkeypatch.setenv("OKR_HOME", str(home))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OKR_MODEL", "OKR_ENGINE", "OKR_CONFIG_FILE"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def okr_home(_isolated_home: Path) -> Path:
    return _isolated_home


@pytest.fixture
def llm_settings(okr_home: Path) -> Any:
    """Settings for the mocked endpoint: the llm engine, one retry, no backoff, json_object mode."""
    from assistant.config import load_settings

    return load_settings(base_url=BASE, api_key=KEY, model="test-model", engine="llm",
                         max_retries=1, backoff_base=0.0, output_mode="json_object")


@pytest.fixture
def route(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The mocked chat-completions route (retry waits skipped); the test sets its side effect."""
    from assistant import retry

    async def no_sleep(_: float) -> None:
        return None

    monkeypatch.setattr(retry, "sleep", no_sleep)
    with respx.mock(assert_all_called=False) as mock:
        yield mock.post(URL)
