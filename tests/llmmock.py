"""The mocked OpenAI-compatible endpoint every LLM test points at (respx intercepts it; no network)."""

from __future__ import annotations

BASE = "http://llm.test/v1"
URL = f"{BASE}/chat/completions"
KEY = "sk-test-KEY123456"
