"""Settings: precedence flags > env > file > defaults, where each value came from, clear errors."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.config import Engine, OutputMode, config_file, load_settings, mask
from assistant.errors import ConfigError


def write_config(okr_home, text: str):
    path = okr_home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_with_nothing_configured_use_the_offline_engine(okr_home):
    s = load_settings()
    assert s.engine is Engine.auto and s.resolved_engine() is Engine.offline
    assert s.api_key is None and s.base_url is None and s.origin("model") == "default"
    assert s.endpoint == "https://api.openai.com/v1" and s.host == "api.openai.com"


def test_an_endpoint_or_a_key_switches_auto_to_llm(okr_home, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    s = load_settings()
    assert s.resolved_engine() is Engine.llm and s.host == "127.0.0.1:11434"
    assert s.origin("base_url") == "env OPENAI_BASE_URL"
    assert load_settings(engine="offline").resolved_engine() is Engine.offline


def test_flags_beat_env_beat_file_beat_defaults(okr_home, monkeypatch):
    path = write_config(okr_home, 'model = "from-file"\ntemperature = 0.5\ntimeout = 10\nmax_tokens = 999\n')
    monkeypatch.setenv("OKR_MODEL", "from-env")
    monkeypatch.setenv("OKR_TIMEOUT", "20")
    s = load_settings(timeout=30, max_tokens=None)  # None = flag not given
    assert (s.model, s.temperature, s.timeout, s.max_tokens) == ("from-env", 0.5, 30.0, 999)
    assert s.origin("model") == "env OKR_MODEL"
    assert s.origin("temperature") == f"file {path}"
    assert s.origin("timeout") == "flag"
    assert s.origin("max_retries") == "default"


def test_okr_api_key_wins_over_openai_api_key(okr_home, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-000000000")
    monkeypatch.setenv("OKR_API_KEY", "sk-okr-1111111111")
    s = load_settings()
    assert s.key_value() == "sk-okr-1111111111" and s.origin("api_key") == "env OKR_API_KEY"


def test_okr_config_file_points_at_another_file(okr_home, monkeypatch, tmp_path):
    other = tmp_path / "team.toml"
    other.write_text('output_mode = "json_object"\ntemplates = "my-prompts"\n', encoding="utf-8")
    monkeypatch.setenv("OKR_CONFIG_FILE", str(other))
    s = load_settings()
    assert config_file() == other and s.output_mode is OutputMode.json_object
    assert s.templates == (tmp_path / "my-prompts").resolve()  # relative to the config file


def test_a_missing_okr_config_file_is_an_error(okr_home, monkeypatch, tmp_path):
    monkeypatch.setenv("OKR_CONFIG_FILE", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="nope.toml.*does not exist"):
        load_settings()


def test_bad_toml_names_the_file_and_line(okr_home):
    path = write_config(okr_home, 'model = "x"\ntemperature = = 1\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(path) in info.value.message and "line 2" in info.value.message


def test_unknown_key_names_it_and_suggests_the_right_one(okr_home):
    write_config(okr_home, 'modle = "gpt-4o"\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "unknown key 'modle'" in info.value.message and "did you mean 'model'" in info.value.message


def test_bad_value_in_the_file_names_file_key_and_allowed_values(okr_home):
    path = write_config(okr_home, 'output_mode = "xml"\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    msg = info.value.message
    assert str(path) in msg and "key 'output_mode'" in msg and "json_schema" in msg


def test_bad_value_in_the_environment_names_the_variable(okr_home, monkeypatch):
    monkeypatch.setenv("OKR_TEMPERATURE", "hot")
    with pytest.raises(ConfigError, match="environment variable OKR_TEMPERATURE"):
        load_settings()


def test_out_of_range_flag_names_the_flag(okr_home):
    with pytest.raises(ConfigError, match="--max-retries"):
        load_settings(max_retries=-1)


def test_a_bad_api_key_value_is_never_echoed(okr_home):
    write_config(okr_home, "api_key = 12345678901234567\n")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "12345678901234567" not in str(info.value) and "(hidden)" in str(info.value)


def test_a_table_in_the_config_file_is_explained(okr_home):
    write_config(okr_home, '[llm]\nmodel = "x"\n')
    with pytest.raises(ConfigError, match="top level"):
        load_settings()


@pytest.mark.parametrize("value, shown", [("sk-proj-abcdefghijklmnop1234", "sk-…1234"),
                                          ("ollama-local-key-9876", "…9876"), ("short", "…***"), (None, "(not set)")])
def test_mask_shows_at_most_the_last_four_characters(value, shown):
    assert mask(value) == shown


def test_config_show_prints_values_and_sources(okr_home, monkeypatch, capsys):
    write_config(okr_home, 'model = "qwen-plus"\n')
    monkeypatch.setenv("OPENAI_BASE_URL", "https://dashscope.aliyuncs.com/compatible-mode/v1")
    assert main(["config", "show", "--timeout", "9"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "qwen-plus" in lines["model"] and "config.toml" in lines["model"]
    assert "env OPENAI_BASE_URL" in lines["base_url"] and "auto → llm" in lines["engine"]
    assert "flag" in lines["timeout"]


def test_config_show_json(okr_home, capsys):
    assert main(["config", "show", "--json", "--model", "deepseek-chat"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == {"value": "deepseek-chat", "source": "flag"}
    assert data["engine"]["effective"] == "offline" and data["api_key"]["value"] is None


def test_config_show_with_a_broken_file_exits_2_with_the_reason(okr_home, capsys):
    write_config(okr_home, "timeout = 'soon'\n")
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert "key 'timeout'" in err and "hint:" in err and "Traceback" not in err


def test_config_path_lists_the_files(okr_home, capsys):
    assert main(["config", "path"]) == 0
    out = capsys.readouterr().out
    assert str(okr_home / "config" / "config.toml") in out and "logs.db" in out and "responses.db" in out


def test_every_field_has_a_docstring():
    from assistant.config import Settings

    assert all(f.description for f in Settings.model_fields.values())
