"""The llm engine through a mocked endpoint: success, the revise round, engine errors, --dry-run."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from article import context, upper
from suggestkit import completion, sent, sent_text

from assistant.errors import LLMError
from assistant.llm_errors import AuthError
from assistant.suggest import suggest

GOOD = {"title": "提升我所支持团队的敏捷成熟度", "kind": "capability", "aligns_to": ["manager:O1.KR1"],
        "key_results": ["2019-Q3 内，24 个敏捷团队的敏捷成熟度达到 85 分", "每周跟进 2 个低分团队，周期末其得分提升 10%"],
        "rationale": "拆解上级 KR1", "provenance": "manager:O1.KR1"}
BAD = {**GOOD, "key_results": ["提升团队敏捷能力", "提升团队敏捷意识"], "aligns_to": ["manager:O9.KR9"]}  # unmeasurable KRs, dangling ref


async def collect(settings, **kw):  # noqa: ANN001, ANN201
    return [s async for s in suggest(context(), upper(), settings=settings, engine="llm", **kw)]


async def test_success_yields_checked_suggestions_and_sends_fenced_context(settings, route) -> None:  # noqa: ANN001
    route.side_effect = [completion(json.dumps({"suggestions": [GOOD]}))]
    items = await collect(settings, sources=["aligned"], count=1)
    assert len(items) == 1 and route.call_count == 1
    s = items[0]
    assert s.engine == "llm" and s.objective.aligns_to == ["manager:O1.KR1"] and not s.revised
    assert s.errors() == [] and s.score is not None and s.answers == [json.dumps({"suggestions": [GOOD]})]
    text = sent_text(route.calls[0])
    assert "manager:O1.KR1: 敏捷成熟度达到85分" in text and "<upper-" in text
    assert sent(route.calls[0])["response_format"] == {"type": "json_object"}


async def test_rubric_errors_trigger_one_revise_round_with_the_findings(settings, route) -> None:  # noqa: ANN001
    first = json.dumps({"suggestions": [BAD]})
    second = json.dumps({"suggestion": GOOD})
    route.side_effect = [completion(first), completion(second)]
    items = await collect(settings, sources=["aligned"], count=1)
    assert route.call_count == 2
    revise_text = sent_text(route.calls[1])
    for cid in ("kr.measurable", "align.linked"):  # the findings of the first answer went back
        assert cid in revise_text
    assert "manager:O9.KR9" in revise_text  # the draft being revised, fenced
    s = items[0]
    assert s.revised and s.answers == [first, second] and s.first is not None
    assert s.first.aligns_to == ["manager:O9.KR9"] and s.objective.aligns_to == ["manager:O1.KR1"]
    assert s.errors() == []


async def test_a_revision_that_is_worse_keeps_the_first_but_both_answers(settings, route) -> None:  # noqa: ANN001
    half = {**GOOD, "aligns_to": ["manager:O9.KR9"]}  # one error (dangling)
    worse = {**BAD, "title": "完成所有工作"}
    route.side_effect = [completion(json.dumps({"suggestions": [half]})), completion(json.dumps({"suggestion": worse}))]
    s = (await collect(settings, sources=["aligned"], count=1))[0]
    assert s.objective.aligns_to == ["manager:O9.KR9"] and s.revised and len(s.answers) == 2


async def test_engine_error_surfaces_as_a_clear_llm_error(settings, route) -> None:  # noqa: ANN001
    route.side_effect = [httpx.Response(401, json={"error": {"message": "bad key", "code": "invalid_api_key"}})]
    with pytest.raises(AuthError) as info:
        await collect(settings, sources=["aligned"], count=1)
    assert isinstance(info.value, LLMError) and "llm.test" in str(info.value) and "KEY123456" not in str(info.value)


async def test_sources_without_input_send_nothing(settings, route) -> None:  # noqa: ANN001
    route.side_effect = [completion(json.dumps({"suggestions": []}))]
    items = [s async for s in suggest(context().model_copy(update={"stakeholders": []}), [], settings=settings,
                                      engine="llm", sources=["aligned", "external_support"])]
    assert items == [] and route.call_count == 0


def test_dry_run_prints_every_request_and_sends_nothing(tmp_path) -> None:  # noqa: ANN001
    ctx = tmp_path / "me.md"
    ctx.write_text("---\nname: Ana\nrole: Engineer\nresponsibilities:\n  - Keep checkout fast\n---\n", encoding="utf-8")
    mgr = tmp_path / "mgr.md"
    mgr.write_text("O1: Make buying effortless\nKR1: Checkout conversion from 2.1% to 3%\n", encoding="utf-8")
    # an endpoint nobody listens on: a request would fail; the dry run must not make one
    env = {**__import__("os").environ, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "sk-test-DRYRUN999"}
    out = subprocess.run([sys.executable, "-m", "assistant", "suggest", "--context", str(ctx), "--upper", str(mgr),
                          "--engine", "llm", "--dry-run"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("# request") == 2  # aligned + self_driven (no stakeholders)
    assert "Checkout conversion from 2.1% to 3%" in out.stdout and "DRYRUN999" not in out.stdout + out.stderr
    assert "nothing is sent" in out.stderr
