"""complete_json against a failing server: what is retried, how long it waits, what the error says."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from llmkit import KEY, MESSAGES, URL, VALID, Score, body, completion, error

from assistant.config import OutputMode
from assistant.llm import complete_json
from assistant.llm_errors import (
    AuthError, BadRequest, ContextTooLong, ModelNotFound, Moderated, ProviderError, QuotaExceeded, RateLimited,
    Timeout, Unreachable, UnsupportedOutputMode,
)
from assistant.structured import ModeMemory


async def ask(settings, **kw):
    return await complete_json(settings, messages=MESSAGES, schema=Score, template="judge", **kw)


async def test_429_with_retry_after_ms_waits_that_long_then_succeeds(settings, route, sleeps):
    route.mock(side_effect=[error(429, "slow down", headers={"retry-after-ms": "2500"}), completion(VALID)])
    result = await ask(settings.model_copy(update={"backoff_base": 0.1}))
    assert result.value.score == 7 and result.attempts == 2 and route.call_count == 2
    assert sleeps == [pytest.approx(2.5)]  # the server's wait, not the (shorter) backoff


async def test_429_with_retry_after_seconds_is_honoured(settings, route, sleeps):
    route.mock(side_effect=[error(429, "slow down", headers={"retry-after": "20"}), completion(VALID)])
    assert (await ask(settings)).value.score == 7
    assert sleeps == [pytest.approx(20)]


async def test_429_asking_more_than_120_s_gives_up_at_once_saying_so(settings, route, sleeps):
    route.mock(return_value=error(429, "slow down", headers={"retry-after": "121"}))
    with pytest.raises(RateLimited) as info:
        await ask(settings)
    assert route.call_count == 1 and sleeps == []
    assert "server asks to wait 121 s" in info.value.message and info.value.retry_after == 121


async def test_quota_exhausted_is_not_retried_and_names_billing(settings, route, sleeps):
    route.mock(return_value=error(429, "You exceeded your current quota", code="insufficient_quota"))
    with pytest.raises(QuotaExceeded) as info:
        await ask(settings)
    assert route.call_count == 1 and sleeps == []
    assert "billing" in info.value.message and info.value.fatal


async def test_500_twice_then_success_backs_off_exponentially_with_jitter(settings, route, sleeps):
    route.mock(side_effect=[error(500, "boom"), error(502, "bad gateway"), completion(VALID)])
    result = await ask(settings)
    assert result.value.score == 7 and route.call_count == 3 and result.attempts == 3
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0  # base 1 s, doubling, jitter in [d/2, d]


async def test_503_forever_stops_after_max_retries_within_the_cap(settings, route, sleeps):
    route.mock(return_value=error(503, "overloaded"))
    s = settings.model_copy(update={"max_retries": 5, "backoff_cap": 3.0})
    with pytest.raises(ProviderError) as info:
        await ask(s)
    assert route.call_count == 6 and len(sleeps) == 5 and max(sleeps) <= 3.0
    assert "503" in info.value.message and info.value.attempts == 6


async def test_max_retries_zero_tries_once(settings, route, sleeps):
    route.mock(return_value=error(500, "boom"))
    with pytest.raises(ProviderError):
        await ask(settings.model_copy(update={"max_retries": 0}))
    assert route.call_count == 1 and sleeps == []


async def test_timeout_is_retried_and_the_error_names_host_model_and_limit(settings, route, sleeps):
    route.mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(Timeout) as info:
        await ask(settings)
    assert route.call_count == 4 and len(sleeps) == 3
    msg = info.value.message
    assert "llm.test" in msg and "test-model" in msg and "30 s" in msg
    assert "timeout" in info.value.hint.lower()


async def test_a_stalled_server_hits_our_own_deadline(settings, route):
    async def stall(request):
        await asyncio.sleep(30)
        return completion(VALID)

    route.mock(side_effect=stall)
    with pytest.raises(Timeout):
        await ask(settings.model_copy(update={"timeout": 0.05, "max_retries": 0}))


async def test_connection_refused_says_cannot_reach_the_endpoint(settings, route, sleeps):
    route.mock(side_effect=httpx.ConnectError("Connection refused"))
    with pytest.raises(Unreachable) as info:
        await ask(settings)
    assert route.call_count == 4
    assert "cannot reach" in info.value.message and "http://llm.test/v1" in info.value.message
    assert info.value.fatal and "running" in info.value.hint


async def test_connection_error_then_success(settings, route):
    route.mock(side_effect=[httpx.ConnectError("reset"), completion(VALID)])
    assert (await ask(settings)).attempts == 2


async def test_body_cut_mid_way_is_retried_and_no_partial_answer_is_used(settings, route):
    class Broken(httpx.AsyncByteStream):
        async def __aiter__(self):
            yield b'{"id": "x", "object": "chat.completion", "choices": [{"message": {"content": "{\\"sc'
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    route.mock(side_effect=[httpx.Response(200, headers={"content-type": "application/json"}, stream=Broken()),
                            completion(VALID)])
    result = await ask(settings)
    assert result.value.score == 7 and result.raw == [VALID] and route.call_count == 2


async def test_401_is_not_retried_and_shows_the_key_masked(settings, route, sleeps):
    route.mock(return_value=error(401, f"Incorrect API key provided: {KEY}.", code="invalid_api_key"))
    with pytest.raises(AuthError) as info:
        await ask(settings)
    assert route.call_count == 1 and sleeps == []
    text = str(info.value)
    assert KEY not in text and "SECRETKEY" not in text
    assert "sk-…6789" in text and "OPENAI_API_KEY" in info.value.hint


async def test_404_model_is_not_retried(settings, route):
    route.mock(return_value=error(404, "The model `test-model` does not exist", code="model_not_found"))
    with pytest.raises(ModelNotFound) as info:
        await ask(settings)
    assert route.call_count == 1 and "model" in info.value.hint


@pytest.mark.parametrize("response", [
    error(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
          code="context_length_exceeded"),
    httpx.Response(400, json={"object": "error", "type": "BadRequestError", "code": 400,
                              "message": "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens."}),
], ids=["openai", "vllm"])
async def test_context_too_long_in_openai_and_vllm_shapes(settings, route, sleeps, response):
    route.mock(return_value=response)
    with pytest.raises(ContextTooLong) as info:
        await ask(settings)
    assert route.call_count == 1 and sleeps == [] and "context" in info.value.message


async def test_dashscope_moderation_is_moderated_and_not_retried(settings, route):
    route.mock(return_value=error(400, "Input data may contain inappropriate content.", code="data_inspection_failed"))
    with pytest.raises(Moderated):
        await ask(settings)
    assert route.call_count == 1


async def test_other_400_is_a_bad_request_with_the_servers_message(settings, route):
    route.mock(return_value=error(400, "temperature must be between 0 and 1"))
    with pytest.raises(BadRequest) as info:
        await ask(settings)
    assert "temperature must be between 0 and 1" in info.value.message and route.call_count == 1


async def test_unsupported_response_format_downgrades_to_json_object_and_remembers_it(settings, route):
    unsupported = error(400, "This response_format type is unavailable now", code="invalid_request_error")
    route.mock(side_effect=[unsupported, completion(VALID), completion('{"score": 3, "reason": "vague"}')])
    first = await ask(settings)
    assert first.value.score == 7 and first.mode is OutputMode.json_object
    sent = [body(c) for c in route.calls]
    assert sent[0]["response_format"]["type"] == "json_schema"
    assert sent[1]["response_format"] == {"type": "json_object"}
    assert "JSON" in sent[1]["messages"][-1]["content"]
    assert ModeMemory().get("http://llm.test/v1", "test-model") is OutputMode.json_object
    # the next call (another process would read the same file) starts in json_object directly
    second = await complete_json(settings, messages=[{"role": "user", "content": "another draft"}], schema=Score,
                                 template="judge")
    assert second.value.score == 3 and route.call_count == 3
    assert body(route.calls[2])["response_format"] == {"type": "json_object"}


async def test_json_object_unsupported_too_falls_back_to_text(settings, route):
    route.mock(side_effect=[error(422, "response_format json_schema is not supported"),
                            error(400, "json_object response format not supported by this model"),
                            completion("```json\n" + VALID + "\n```")])
    result = await ask(settings)
    assert result.mode is OutputMode.text and "response_format" not in body(route.calls[2])


async def test_an_explicit_mode_is_not_silently_downgraded(settings, route):
    route.mock(return_value=error(400, "This response_format type is unavailable now"))
    with pytest.raises(UnsupportedOutputMode) as info:
        await ask(settings.model_copy(update={"output_mode": OutputMode.json_schema}))
    assert route.call_count == 1 and "auto" in info.value.hint


async def test_a_damaged_mode_memory_file_just_starts_detection_again(settings, route, okr_home):
    (okr_home / "data").mkdir(parents=True, exist_ok=True)
    (okr_home / "data" / "output_modes.json").write_text("{not json", encoding="utf-8")
    route.mock(return_value=completion(VALID))
    assert (await ask(settings)).mode is OutputMode.json_schema


async def test_errors_carry_attempts_and_usage(settings, route):
    route.mock(side_effect=[completion('{"score": 99}', usage=(100, 20)), completion('{"score": 99}', usage=(120, 20))])
    with pytest.raises(Exception) as info:
        await ask(settings)
    assert info.value.attempts == 2 and info.value.usage.total_tokens == 260
    assert json.dumps(info.value.raw)


async def test_an_oversized_prompt_is_refused_before_any_request(settings, route):
    route.mock(return_value=completion(VALID))
    huge = [{"role": "user", "content": "目标" * 150_000}]
    with pytest.raises(ContextTooLong) as info:
        await complete_json(settings, messages=huge, schema=Score, template="judge")
    assert route.call_count == 0 and "300000 characters" in info.value.message
    assert "max_prompt_chars" in info.value.hint


async def test_qwen_json_word_rule_is_an_unsupported_mode_that_auto_steps_past(settings, route):
    # DashScope / OpenAI reject json_object when no message says "json"; auto must not end there
    qwen = error(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                      "'json_object'.", code="invalid_parameter_error")
    route.mock(side_effect=[qwen, completion(VALID)])
    s = settings.model_copy(update={"output_mode": OutputMode.auto})
    ModeMemory().set(s.endpoint, s.model, OutputMode.json_object)
    result = await ask(s)
    assert result.mode is OutputMode.text and route.call_count == 2
    with pytest.raises(UnsupportedOutputMode):
        route.mock(side_effect=[qwen])
        await ask(s.model_copy(update={"output_mode": OutputMode.json_object}), cache=False)
