"""Shared fixtures: every test runs with its own OKR_HOME and no network."""

from __future__ import annotations

from pathlib import Path

import pytest

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
