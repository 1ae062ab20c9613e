"""complete_json: what is sent in each output mode, and what comes back for every kind of answer."""

from __future__ import annotations

import json

import httpx
import pytest
from llmkit import MESSAGES, VALID, Score, body, completion

from assistant.calllog import CallLog
from assistant.config import OutputMode, load_settings
from assistant.llm import build_request, complete_json
from assistant.llm_errors import (
    EmptyAnswer, InvalidJSON, Moderated, NotCompatible, ProviderError, Refused, SchemaMismatch, Truncated,
)


async def ask(settings, **kw):
    return await complete_json(settings, messages=MESSAGES, schema=Score, template="judge", **kw)


async def test_json_schema_mode_sends_the_strict_schema_and_returns_the_value(settings, route):
    route.mock(return_value=completion(VALID))
    result = await ask(settings)
    assert result.value == Score(score=7, reason="clear metric")
    assert (result.mode, result.attempts, result.cached, result.raw) == (OutputMode.json_schema, 1, False, [VALID])
    assert result.usage.total_tokens == 15 and result.host == "llm.test" and result.model == "test-model"
    sent = body(route.calls.last)
    fmt = sent["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["name"] == "Score"
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert set(fmt["json_schema"]["schema"]["required"]) == {"score", "reason"}
    assert sent["messages"] == MESSAGES  # the server enforces the schema: no hint added
    assert sent["model"] == "test-model" and sent["temperature"] == 0.2 and sent["max_tokens"] == 2048


async def test_json_object_mode_puts_the_schema_in_a_system_message_that_says_json(settings, route):
    route.mock(return_value=completion(VALID))
    result = await ask(settings.model_copy(update={"output_mode": OutputMode.json_object}))
    assert result.value.score == 7 and result.mode is OutputMode.json_object
    sent = body(route.calls.last)
    assert sent["response_format"] == {"type": "json_object"}
    hint = sent["messages"][-1]
    assert hint["role"] == "system" and "JSON" in hint["content"] and '"reason"' in hint["content"]
    assert sent["messages"][:-1] == MESSAGES


async def test_text_mode_sends_no_response_format_and_extracts_json_from_think_and_fences(settings, route):
    answer = '<think>The KR has a baseline {maybe}.</think>\nHere you go:\n```json\n' + VALID + '\n```\nDone.'
    route.mock(return_value=completion(answer))
    result = await ask(settings.model_copy(update={"output_mode": OutputMode.text}))
    assert result.value == Score(score=7, reason="clear metric")
    assert result.raw == [answer]  # the raw text is kept as the model wrote it
    assert "response_format" not in body(route.calls.last)


def test_chinese_messages_get_the_chinese_schema_hint(settings):
    zh = [{"role": "user", "content": "请评价这个目标：提升团队敏捷成熟度，达到85分"}]
    sent = build_request(settings, messages=zh, schema=Score, mode=OutputMode.json_object)
    assert "只用一个 JSON 对象回答" in sent["messages"][-1]["content"]


async def test_invalid_json_is_reasked_once_with_the_parse_error_and_both_answers_kept(settings, route):
    route.mock(side_effect=[completion('{"score": 7, '), completion(VALID)])
    result = await ask(settings)
    assert result.value.score == 7 and route.call_count == 2 and result.attempts == 2
    assert result.raw == ['{"score": 7, ', VALID]
    assert result.usage.total_tokens == 30  # summed over both requests
    second = body(route.calls[1])["messages"]
    assert second[-2] == {"role": "assistant", "content": '{"score": 7, '}
    assert second[-1]["role"] == "user" and "invalid JSON" in second[-1]["content"]
    rows = CallLog().recent(10)
    assert [r.response for r in reversed(rows)] == ['{"score": 7, ', VALID]
    assert rows[0].call_id == rows[1].call_id


async def test_off_schema_answer_is_reasked_with_the_validation_error(settings, route):
    route.mock(side_effect=[completion('{"score": 99}'), completion(VALID)])
    result = await ask(settings)
    assert result.value.score == 7
    feedback = body(route.calls[1])["messages"][-1]["content"]
    assert "score" in feedback and "less than or equal to 10" in feedback
    assert "reason" in feedback and "Field required" in feedback


async def test_off_schema_twice_gives_schema_mismatch_with_both_raw_answers(settings, route):
    route.mock(side_effect=[completion('{"score": 99}'), completion('{"score": 99, "reason": ""}')])
    with pytest.raises(SchemaMismatch) as info:
        await ask(settings)
    assert route.call_count == 2
    assert info.value.raw == ['{"score": 99}', '{"score": 99, "reason": ""}']
    assert "llm.test" in info.value.message and "test-model" in info.value.message
    assert "less than or equal to 10" in info.value.message and info.value.hint


async def test_prose_twice_gives_invalid_json(settings, route):
    route.mock(return_value=completion("I think this OKR is quite good."))
    with pytest.raises(InvalidJSON) as info:
        await ask(settings)
    assert route.call_count == 2 and info.value.raw == ["I think this OKR is quite good."] * 2


async def test_refusal_is_refused_without_a_parse_or_a_second_request(settings, route):
    route.mock(return_value=completion(None, refusal="I can't help with that."))
    with pytest.raises(Refused) as info:
        await ask(settings)
    assert route.call_count == 1 and "I can't help with that." in str(info.value)
    assert info.value.raw == ["I can't help with that."]


async def test_truncated_answer_is_an_error_that_says_raise_max_tokens(settings, route):
    route.mock(return_value=completion('{"score": 7, "rea', finish="length"))
    with pytest.raises(Truncated) as info:
        await ask(settings)
    assert route.call_count == 1 and "max_tokens" in info.value.hint
    assert info.value.raw == ['{"score": 7, "rea']


async def test_content_filter_finish_is_moderated(settings, route):
    route.mock(return_value=completion("", finish="content_filter"))
    with pytest.raises(Moderated):
        await ask(settings)
    assert route.call_count == 1


async def test_blank_answer_is_retried_once_then_succeeds(settings, route):
    route.mock(side_effect=[completion("   "), completion(VALID)])
    assert (await ask(settings)).value.score == 7
    assert route.call_count == 2


async def test_blank_answer_twice_is_empty_answer(settings, route):
    route.mock(return_value=completion("  \n "))
    with pytest.raises(EmptyAnswer) as info:
        await ask(settings)
    assert route.call_count == 2 and "empty" in info.value.message


@pytest.mark.parametrize("payload, says", [
    ({"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}, "no choices"),
    ({"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": None}, "no choices"),
    ({"error": {"message": "upstream overloaded, try later", "code": 503}}, "upstream overloaded, try later"),
])
async def test_malformed_envelopes_are_provider_errors_with_the_providers_message(settings, route, payload, says):
    route.mock(return_value=httpx.Response(200, json=payload))
    with pytest.raises(ProviderError) as info:
        await ask(settings)
    assert says in info.value.message and "llm.test" in info.value.message
    assert not isinstance(info.value, (IndexError, TypeError))


async def test_html_proxy_page_says_check_base_url(settings, route):
    route.mock(return_value=httpx.Response(200, text="<html><body>Sign in to the proxy</body></html>",
                                           headers={"content-type": "text/html"}))
    with pytest.raises(NotCompatible) as info:
        await ask(settings)
    assert "not an OpenAI-compatible response" in info.value.message and "base_url" in info.value.hint
    assert info.value.fatal


async def test_llm_errors_reach_the_cli_edge_as_exit_3(settings):
    from assistant.errors import ExitCode, exit_code_for

    assert exit_code_for(Refused("no", host="h", model="m")) is ExitCode.LLM_UNAVAILABLE


def test_settings_are_sent_as_configured(okr_home):
    s = load_settings(base_url="http://x.test/v1", model="qwen-plus", temperature=0.7, max_tokens=300,
                      output_mode="json_object")
    sent = build_request(s, messages=MESSAGES, schema=Score)
    assert (sent["model"], sent["temperature"], sent["max_tokens"]) == ("qwen-plus", 0.7, 300)
    assert json.dumps(sent, ensure_ascii=False).count("JSON") >= 1


async def test_the_strict_schema_leaves_out_length_and_range_keywords_and_they_are_still_enforced(settings, route):
    # Azure OpenAI rejects a strict schema carrying maxLength & co. with a 400; pydantic enforces them instead
    from pydantic import BaseModel, Field

    class Draft(BaseModel):
        pattern: str = Field(max_length=10)  # a field *named* like a keyword survives
        krs: list[str] = Field(min_length=2, max_length=4)
        score: int = Field(ge=0, le=10, default=0)

    route.mock(side_effect=[completion('{"pattern": "far too long a title", "krs": ["a"], "score": 11}'),
                            completion('{"pattern": "ok", "krs": ["a", "b"], "score": 7}')])
    result = await complete_json(settings, messages=MESSAGES, schema=Draft, template="t")
    schema = body(route.calls[0])["response_format"]["json_schema"]["schema"]
    text = json.dumps(schema)
    for keyword in ("maxLength", "minItems", "maxItems", "minimum", "maximum", '"default"'):
        assert keyword not in text
    assert set(schema["required"]) == {"pattern", "krs", "score"} and schema["additionalProperties"] is False
    assert schema["properties"]["pattern"]["type"] == "string"
    feedback = body(route.calls[1])["messages"][-1]["content"]  # the re-ask names all three violations
    assert "pattern" in feedback and "krs" in feedback and "score" in feedback
    assert result.value.score == 7
    hint = build_request(settings, messages=MESSAGES, schema=Draft, mode=OutputMode.json_object)["messages"][-1]
    assert "maxLength" in hint["content"]  # json_object: the full schema as a hint
