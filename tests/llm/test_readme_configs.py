"""The README's working configuration for each server loads as it is written (docs that cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.config import Engine, load_settings
from assistant.llm import build_request, make_client
from assistant.suggestion import DraftAnswer

README = Path(__file__).resolve().parents[2] / "README.md"
SERVERS = {  # the README's heading word → the host its base_url must point at (None: OpenAI itself)
    "OpenAI:": None, "Azure OpenAI": "your-resource.openai.azure.com", "DeepSeek": "api.deepseek.com",
    "Qwen via DashScope": "dashscope.aliyuncs.com", "Moonshot": "api.moonshot.cn", "Ollama": "127.0.0.1:11434",
    "vLLM": "127.0.0.1:8000", "llama.cpp server": "127.0.0.1:8080",
}


def server_blocks() -> dict[str, str]:
    """The `config.toml` block under "Working configurations", cut at each server's first comment line."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"Working configurations.*?```toml\n(.*?)```", text, re.DOTALL).group(1)
    chunks: dict[str, str] = {}
    name = None
    for line in block.splitlines():
        if line.startswith("# ") and (name is None or chunks[name].strip().count("=") > 0):
            name = next((k for k in SERVERS if line[2:].startswith(k)), line[2:])
            chunks[name] = ""
        if name is not None:
            chunks[name] += line + "\n"
    return chunks


def test_the_readme_documents_every_server_the_issue_names() -> None:
    assert set(server_blocks()) == set(SERVERS)


@pytest.mark.parametrize("server", list(SERVERS))
def test_each_documented_configuration_loads_and_points_at_its_server(server, okr_home, monkeypatch) -> None:  # noqa: ANN001
    path = okr_home / "config.toml"
    path.write_text(server_blocks()[server], encoding="utf-8")
    monkeypatch.setenv("OKR_CONFIG_FILE", str(path))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-readme-test-0000")
    s = load_settings()
    assert s.resolved_engine() is Engine.llm and s.model and s.origin("model").startswith("file ")
    assert s.host == (SERVERS[server] or "api.openai.com")
    body = build_request(s, messages=[{"role": "user", "content": "x"}], schema=DraftAnswer)
    assert body["model"] == s.model
    assert make_client(s).max_retries == 0
