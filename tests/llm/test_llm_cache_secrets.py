"""The response cache (same request twice = one call) and the API key never being written anywhere."""

from __future__ import annotations

import json

import pytest
from llmkit import KEY, MESSAGES, VALID, Score, completion, error

from assistant.cache import ResponseCache, cache_key
from assistant.calllog import CallLog
from assistant.cli import main
from assistant.config import load_settings
from assistant.llm import complete_json
from assistant.llm_errors import AuthError, ProviderError


async def ask(settings, messages=MESSAGES, **kw):
    return await complete_json(settings, messages=messages, schema=Score, template="judge", **kw)


async def test_the_same_request_twice_costs_one_call(settings, route):
    route.mock(return_value=completion(VALID))
    first, second = await ask(settings), await ask(settings)
    assert route.call_count == 1
    assert second.cached and not first.cached and second.value == first.value and second.attempts == 0
    assert second.raw == [VALID]
    rows = CallLog().recent(5)
    assert [r.cached for r in rows] == [True, False]  # the hit is logged too


async def test_no_cache_asks_again(settings, route):
    route.mock(return_value=completion(VALID))
    await ask(settings)
    await ask(settings, cache=False)
    await ask(settings.model_copy(update={"cache": False}))
    assert route.call_count == 3


async def test_a_different_model_message_or_temperature_is_a_different_request(settings, route):
    route.mock(return_value=completion(VALID))
    await ask(settings)
    await ask(settings.model_copy(update={"model": "other-model"}))
    await ask(settings.model_copy(update={"temperature": 0.9}))
    await ask(settings, messages=[*MESSAGES[:1], {"role": "user", "content": "Rate another draft"}])
    assert route.call_count == 4


async def test_errors_are_not_cached(settings, route):
    route.mock(side_effect=[error(400, "nope"), completion(VALID)])
    with pytest.raises(ProviderError):
        await ask(settings)
    assert (await ask(settings)).value.score == 7 and route.call_count == 2


async def test_a_cached_answer_that_no_longer_fits_the_schema_is_asked_again(settings, route):
    key = cache_key(settings, messages=MESSAGES, schema=Score, template="judge")
    ResponseCache().put(key, value_json='{"score": 99}', raw='{"score": 99}', mode="json_schema", usage={})
    route.mock(return_value=completion(VALID))
    assert (await ask(settings)).cached is False and route.call_count == 1


async def test_a_damaged_cache_file_does_not_stop_the_call(settings, route, okr_home):
    (okr_home / "cache").mkdir(parents=True, exist_ok=True)
    (okr_home / "cache" / "responses.db").write_bytes(b"this is not sqlite" * 100)
    route.mock(return_value=completion(VALID))
    assert (await ask(settings)).value.score == 7


def test_the_cache_key_does_not_depend_on_the_api_key(okr_home):
    a = load_settings(base_url="http://llm.test/v1", api_key="sk-one-1111111111")
    b = load_settings(base_url="http://llm.test/v1", api_key="sk-two-2222222222")
    assert cache_key(a, messages=MESSAGES, schema=Score, template="t") == cache_key(
        b, messages=MESSAGES, schema=Score, template="t")


async def test_the_key_appears_in_no_file_and_no_output(settings, route, okr_home, capsys):
    secret = "SECRETKEY0123456789"
    assert secret in KEY
    route.mock(side_effect=[
        completion(VALID),                                               # cached success
        error(400, "This response_format type is unavailable now"),       # mode memory written
        completion('{"score": 99}'), completion(VALID),                   # re-ask
        error(401, f"Incorrect API key provided: {KEY}"),                # the server echoes the key
    ])
    await ask(settings)
    await ask(settings, messages=[{"role": "user", "content": "second draft"}])
    with pytest.raises(AuthError) as info:
        await ask(settings, messages=[{"role": "user", "content": "third draft"}])
    assert secret not in str(info.value)
    assert main(["logs", "--json"]) == 0 and main(["logs", "--full"]) == 0
    files = [p for p in okr_home.rglob("*") if p.is_file()]
    assert any(p.name == "logs.db" for p in files) and any(p.name == "responses.db" for p in files)
    for path in files:
        assert secret.encode() not in path.read_bytes(), path
    logged = json.dumps([r.model_dump() for r in CallLog().recent(50)])
    assert "Incorrect API key provided" in logged  # the error is logged, the key in it masked
    out = capsys.readouterr()
    assert secret not in out.out + out.err


def test_config_show_masks_the_key(monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert main(["config", "show"]) == 0
    assert main(["config", "show", "--json"]) == 0
    out = capsys.readouterr().out
    assert "SECRETKEY" not in out and "sk-…6789" in out


async def test_okr_logs_limit_json_shows_every_field_of_real_calls(settings, route, capsys):
    route.mock(side_effect=[completion(VALID, usage=(40, 9)), error(500, "boom"), error(500, "boom again")])
    await ask(settings)
    with pytest.raises(ProviderError):
        await ask(settings.model_copy(update={"max_retries": 1}), messages=[{"role": "user", "content": "JSON please"}])
    capsys.readouterr()
    assert main(["logs", "--limit", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2 and rows[0]["attempt"] == 2 and rows[1]["attempt"] == 1  # newest first, one row per retry
    assert rows[0]["call_id"] == rows[1]["call_id"] and "boom again" in rows[0]["error"]
    assert main(["logs", "--limit", "3", "--json"]) == 0
    ok = json.loads(capsys.readouterr().out)[-1]
    assert (ok["engine"], ok["host"], ok["model"], ok["template"], ok["mode"]) == (
        "llm", "llm.test", "test-model", "judge", "json_schema")
    assert ok["messages"] == MESSAGES and ok["response"] == VALID and ok["error"] is None
    assert (ok["prompt_tokens"], ok["completion_tokens"], ok["total_tokens"]) == (40, 9, 49)
    assert ok["time"].endswith("+00:00") and ok["duration_ms"] >= 0 and ok["cached"] is False
