"""make_client, JSON extraction and retry timing: the small pieces complete_json is built from."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest
from llmkit import MESSAGES, VALID, Score, completion
from hypothesis import given
from hypothesis import strategies as st

from assistant.config import load_settings
from assistant.errors import ConfigError
from assistant.llm import complete_json, make_client, make_sync_client
from assistant.retry import backoff_delay, retry_after
from assistant.structured import AnswerProblem, extract_json, parse_answer


def test_make_client_turns_sdk_retries_off_and_uses_the_settings(okr_home):
    s = load_settings(base_url="http://127.0.0.1:11434/v1/", timeout=12)
    client = make_client(s)
    assert client.max_retries == 0 and client.timeout == 12
    assert str(client.base_url) == "http://127.0.0.1:11434/v1/"
    assert client.api_key == "no-key"  # a local server needs none
    assert make_sync_client(s).max_retries == 0


def test_make_client_without_key_for_openai_says_what_to_set(okr_home):
    with pytest.raises(ConfigError) as info:
        make_client(load_settings())
    assert "OPENAI_API_KEY" in info.value.hint and "offline" in info.value.hint


async def test_an_injected_http_client_carries_the_requests_and_stays_open(okr_home):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return completion(VALID)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    s = load_settings(base_url="http://local.test/v1", api_key="sk-local-0000000000")
    client = make_client(s, http_client=http)
    result = await complete_json(s, messages=MESSAGES, schema=Score, template="t", client=client, cache=False)
    assert result.value.score == 7 and len(seen) == 1
    assert seen[0].url == "http://local.test/v1/chat/completions"
    assert seen[0].headers["authorization"] == "Bearer sk-local-0000000000"
    assert not http.is_closed  # the caller's client is the caller's to close
    await http.aclose()


@pytest.mark.parametrize("text", [
    VALID,
    f"```json\n{VALID}\n```",
    f"```\n{VALID}\n```",
    f"<think>Let me think {{not json}}.</think>{VALID}",
    f"<think>\nreasoning\n</think>\n\n```json\n{VALID}\n```",
    f"reasoning without an opening tag</think>{VALID}",
    f"Sure! Here is the JSON you asked for: {VALID} Hope it helps.",
    f"```python\nprint('x')\n```\n```json\n{VALID}\n```",
])
def test_extract_json_finds_the_answer_around_prose_fences_and_thinking(text):
    assert json.loads(extract_json(text)) == json.loads(VALID)


def test_chinese_answers_survive_extraction():
    text = '好的，结果如下：```json\n{"score": 8, "reason": "指标清晰，有基线和目标"}\n```'
    assert parse_answer(text, Score).reason == "指标清晰，有基线和目标"


@pytest.mark.parametrize("text, kind", [("no json here", "json"), ('{"score": 7,', "json"), ("[]", "schema"),
                                        ('{"score": "high", "reason": "x"}', "schema")])
def test_parse_answer_says_whether_json_or_schema_is_wrong(text, kind):
    with pytest.raises(AnswerProblem) as info:
        parse_answer(text, Score)
    assert info.value.kind == kind and info.value.error


@given(retry=st.integers(1, 40), base=st.floats(0, 100), cap=st.floats(0, 100))
def test_backoff_is_never_above_the_cap_nor_negative(retry, base, cap):
    assert 0 <= backoff_delay(retry, base, cap) <= cap


@pytest.mark.parametrize("headers, wait", [
    ({"retry-after-ms": "250"}, 0.25), ({"Retry-After": "7"}, 7.0), ({"retry-after": "soon"}, None), ({}, None),
    ({"retry-after-ms": "100", "retry-after": "9"}, 0.1),
])
def test_retry_after_headers(headers, wait):
    assert retry_after(headers) == wait


def test_retry_after_as_an_http_date():
    now = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    assert retry_after({"retry-after": format_datetime(now + timedelta(seconds=30), usegmt=True)}, now=now) == 30


async def test_an_error_without_status_such_as_an_sse_error_event_is_a_provider_error(settings, route):
    import openai

    request = httpx.Request("POST", "http://llm.test/v1/chat/completions")
    route.mock(side_effect=openai.APIError("overloaded", request, body={"message": "overloaded"}))
    from assistant.llm_errors import ProviderError

    with pytest.raises(ProviderError, match="overloaded"):
        await complete_json(settings, messages=MESSAGES, schema=Score, template="t")
    assert route.call_count == 1


async def test_a_completion_serialises_for_json_output(settings, route):
    route.mock(return_value=completion(VALID))
    result = await complete_json(settings, messages=MESSAGES, schema=Score, template="t")
    data = json.loads(result.model_dump_json())
    assert data["value"] == {"score": 7, "reason": "clear metric"} and data["mode"] == "json_schema"
    assert data["usage"]["total_tokens"] == 15
