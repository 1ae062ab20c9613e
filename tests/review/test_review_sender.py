"""The batch sender at the unit level (respx): each HTTP answer maps to the runner's outcome —
retry later (with the server's wait), retry with back-off, stop the run, or a parsed result."""

from __future__ import annotations

import asyncio
import json

import httpx
import openai
import pytest
import respx

from assistant.batch import FatalError, Job, RetryLater, Transient, Unreachable, openai_sender
from assistant.judge import cross_check_criteria, parse_answer
from assistant.rubric import load_rubric

BASE = "http://judge.test/v1"
URL = f"{BASE}/chat/completions"
JOB = Job(draft="ana", request_hash="h", body={"model": "m", "messages": [{"role": "user", "content": "x"}]}, est_tokens=10)
RUBRIC = load_rubric(None)


def _parse(text: str) -> dict:
    return parse_answer(text, RUBRIC, cross_check=cross_check_criteria(RUBRIC))


def _completion(content: str) -> dict:
    return {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}}


def _send(response: httpx.Response | Exception) -> object:
    async def go() -> object:
        client = openai.AsyncOpenAI(base_url=BASE, api_key="sk-test", max_retries=0)
        try:
            with respx.mock() as mock:
                route = mock.post(URL)
                if isinstance(response, Exception):
                    route.side_effect = response
                else:
                    route.return_value = response
                return await openai_sender(client, _parse)(JOB)
        finally:
            await client.close()

    return asyncio.run(go())


def test_a_valid_judgement_is_parsed_with_its_usage() -> None:
    answer = {"verdicts": [], "checks": [{"criterion": "kr.measurable", "target": "O1.KR1", "passes": True}]}
    result, usage = _send(httpx.Response(200, json=_completion(json.dumps(answer))))  # type: ignore[misc]
    assert result == {"verdicts": [], "dropped": 0, "checks": answer["checks"]}
    assert usage == {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}


def test_429_waits_as_long_as_the_server_says() -> None:
    with pytest.raises(RetryLater) as exc:
        _send(httpx.Response(429, headers={"retry-after": "7"}, json={"error": {"message": "slow down", "code": "rate_limit"}}))
    assert exc.value.after == 7


@pytest.mark.parametrize(("response", "words"), [
    (httpx.Response(401, json={"error": {"message": "bad key"}}), r"API key was refused \(401\)"),
    (httpx.Response(429, json={"error": {"message": "billing", "code": "insufficient_quota"}}), "quota exhausted"),
])
def test_a_bad_key_or_an_empty_quota_stops_the_run(response: httpx.Response, words: str) -> None:
    with pytest.raises(FatalError, match=words):
        _send(response)


@pytest.mark.parametrize(("response", "kind", "words"), [
    (httpx.Response(500, json={"error": {"message": "boom"}}), Transient, "server error 500"),
    (httpx.Response(200, json=_completion("not json")), Transient, "unusable answer"),
    (httpx.Response(200, json=_completion('{"verdicts": [], "checks": [{"criterion": "kr.baseline", "target": "O1.KR1", "passes": true}]}')),
     Transient, "JudgeAnswerError"),
    (httpx.Response(200, json=_completion("")), Transient, "empty answer"),
    (httpx.ConnectError("refused"), Unreachable, "cannot reach"),
])
def test_retryable_failures_are_transient(response: object, kind: type, words: str) -> None:
    with pytest.raises(kind, match=words):
        _send(response)  # type: ignore[arg-type]
