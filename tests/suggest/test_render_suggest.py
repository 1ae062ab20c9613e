"""Suggestion output formats: same content, model and user text made harmless."""

from __future__ import annotations

import json

from assistant.models import KeyResult, Objective, Source
from assistant.render_suggest import render
from assistant.suggestion import Provenance, Suggestion


def item() -> Suggestion:
    obj = Objective(title="Grow reach ![x](http://evil/?q=secret) \x1b[2J", source=Source.aligned, aligns_to=["manager:O1.KR1"],
                    key_results=[KeyResult(text="<script>alert(1)</script> 3 talks a month"), KeyResult(text="NPS from 30 to 45")])
    return Suggestion(objective=obj, rationale="because", provenance=Provenance(kind="upper", ref="manager:O1.KR1", text="t"),
                      engine="llm", score=80)


def test_json_round_trips_every_field() -> None:
    data = json.loads(render([item()], "json", "en"))
    assert data["version"] == 1 and Suggestion.model_validate(data["suggestions"][0]) == item()


def test_markdown_escapes_links_images_and_html() -> None:
    md = render([item()], "markdown", "en")
    assert "![x](http" not in md and "<script>" not in md and "manager:O1.KR1" in md


def test_text_strips_terminal_control_sequences_and_says_the_engine() -> None:
    out = render([item()], "text", "en")
    assert "\x1b" not in out and "engine: llm" in out and "KR2: NPS from 30 to 45" in out


def test_no_suggestions_says_what_to_give() -> None:
    assert "--upper" in render([], "text", "zh") and "--upper" in render([], "markdown", "en")


def _offline(lang: str) -> list[Suggestion]:
    import asyncio

    from article import context, context_en, upper, upper_en

    from assistant.suggest import suggest

    ctx, up = (context(), upper()) if lang == "zh" else (context_en(), upper_en())

    async def go() -> list[Suggestion]:
        return [s async for s in suggest(ctx, up, engine="offline", count=1)]

    return asyncio.run(go())


def test_a_chinese_user_sees_chinese_labels_and_targets_within_the_suggestion() -> None:
    out = render(_offline("zh"), "text", "zh")
    assert "[错误] KR1 kr.placeholder" in out and "[提示]" in out
    assert "[error]" not in out and "[info]" not in out and "O1.KR1 kr." not in out  # suggestions are numbered, not O1
    assert "引擎: 离线（规则生成）" in out and "依据: 岗位职责 帮助部门" in out  # no doubled space without a reference
    md = render(_offline("zh"), "markdown", "zh")
    assert "**错误** `KR1`" in md and "**error**" not in md and "\n\n\n" not in md


def test_english_labels_and_an_objective_level_finding() -> None:
    from assistant.findings import Finding, Severity

    s = item()
    s.findings = [Finding(criterion="objective.no_metric", severity=Severity.warning, target="O1", title="t",
                          message="The objective contains the number '95'.", fix="f")]
    out = render([s], "text", "en")
    assert "! [warning] objective objective.no_metric: The objective contains the number '95'." in out
    assert "[警告]" not in render([s], "text", "en") and "[警告] 目标 objective.no_metric" in render([s], "text", "zh")
