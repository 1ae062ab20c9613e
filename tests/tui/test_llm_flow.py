"""The flow on a respx-mocked LLM: generate, accept, refine with an instruction, and an engine that fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from tuikit import completion, screen_text, sent_text, settle

from assistant import workspace
from tui.app import OkrApp
from tui.screens.suggestions import SuggestionCard


def draft(title: str, ref: str = "manager:O1.KR1") -> dict[str, Any]:
    return {"title": title, "kind": "capability", "aligns_to": [ref],
            "key_results": ["敏捷成熟度从 70 分提升到 85 分，2019-09-30 前", "OKR 覆盖度从 40% 提升到 80%，2019-09-30 前"],
            "rationale": "支撑上级的敏捷成熟度目标", "provenance": ref}


class FakeModel:
    """Answers suggest, revise and refine requests like a well-behaved model; records what it was sent."""

    def __init__(self) -> None:
        self.n = 0
        self.sent: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        text = sent_text(request)
        self.sent.append(text)
        self.n += 1
        if "<request-" in text:  # refine
            return completion(json.dumps({"suggestion": draft("更有挑战：全部门团队敏捷成熟度达标")}, ensure_ascii=False))
        if "没有通过评分标准的检查" in text or "failed the rubric" in text:  # revise
            return completion(json.dumps({"suggestion": draft(f"修订后的目标 {self.n}")}, ensure_ascii=False))
        return completion(json.dumps({"suggestions": [draft(f"大模型目标 {self.n}")]}, ensure_ascii=False))


def spy_notes(app: OkrApp) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    real = app.notify

    def notify(message: str, **kw: Any) -> None:
        notes.append((message, kw.get("severity", "information")))
        real(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return notes


async def test_llm_generate_accept_refine(tmp_path: Path, llm_settings: Any, route: Any) -> None:
    model = FakeModel()
    route.side_effect = model
    app = OkrApp(workspace.example(), path=tmp_path / "ws.json", lang="zh", settings=llm_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        assert "引擎：大模型" in screen_text(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        cards = list(app.query(SuggestionCard))
        assert len(cards) == 3 and all(c.suggestion.engine == "llm" for c in cards)
        assert {c.suggestion.objective.source.value for c in cards} == {"aligned", "self_driven", "external_support"}
        assert "留留老师" in model.sent[0] and "manager:O1.KR1" in model.sent[0]
        shown = screen_text(app)
        assert "生成完成：3 条建议" in shown and cards[0].suggestion.objective.title in shown

        # refine the first card with a typed instruction: the request carries it, fenced
        cards[0].focus()
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#refine-text").value = "更有挑战性，覆盖全部门"
        await pilot.press("enter")
        await settle(pilot)
        assert "<request-" in model.sent[-1] and "更有挑战性，覆盖全部门" in model.sent[-1]
        refined = cards[0].suggestion
        assert refined.objective.title == "更有挑战：全部门团队敏捷成熟度达标" and refined.revised
        assert refined in app.workspace.pending and refined.score is not None
        assert "更有挑战：全部门团队敏捷成熟度达标" in screen_text(app)

        await pilot.press("a")
        await settle(pilot)
        assert [o.title for o in app.workspace.objectives] == ["更有挑战：全部门团队敏捷成熟度达标"]
        assert app.workspace.objectives[0].aligns_to == ["manager:O1.KR1"]


async def test_llm_failure_is_a_notification_and_nothing_is_lost(tmp_path: Path, llm_settings: Any,
                                                                 route: Any) -> None:
    route.side_effect = FakeModel()
    path = tmp_path / "ws.json"
    app = OkrApp(workspace.example(), path=path, lang="en", settings=llm_settings)
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        card = app.query_one("#col-aligned").query(SuggestionCard).first()
        card.focus()
        await pilot.press("a")
        await settle(pilot)
        accepted = [o.model_copy(deep=True) for o in app.workspace.objectives]
        pending = len(app.workspace.pending)
        assert len(accepted) == 1 and pending == 2

        # the person adds a responsibility (a new request, so no cached answer), and the key is revoked
        app.workspace.context.responsibilities.append("Mentor two new Scrum masters")
        route.side_effect = lambda request: httpx.Response(
            401, json={"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
                                 "code": "invalid_api_key"}})
        await pilot.press("ctrl+g")
        await settle(pilot)
        errors = [m for m, sev in notes if sev == "error"]
        assert errors and "The engine failed" in errors[-1] and "OPENAI_API_KEY" in errors[-1]
        assert "Everything you wrote and accepted is still here" in errors[-1]
        shown = screen_text(app)
        assert "The engine failed: 401 Incorrect API" in shown and "Set a" in shown  # the toast says what to do
        assert "The engine failed" in shown.split("\n")[4]  # and the status line under the bar
        assert app.workspace.objectives == accepted and len(app.workspace.pending) == pending
        assert len(app.query(SuggestionCard)) == pending

        # refine fails the same way; the card keeps its suggestion
        other = app.query(SuggestionCard).first()
        before = other.suggestion
        other.focus()
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#refine-text").value = "shorter"
        await pilot.press("enter")
        await settle(pilot, 1.2)
        assert other.suggestion is before and len([m for m, sev in notes if sev == "error"]) == len(errors) + 1
        saved = workspace.load(path)  # and the autosave has it all
        assert saved.objectives == accepted and len(saved.pending) == pending


async def test_a_bad_config_is_a_notification_not_a_crash(tmp_path: Path, okr_home: Path,
                                                          monkeypatch: Any) -> None:
    monkeypatch.setenv("OKR_ENGINE", "quantum")
    app = OkrApp(workspace.example(), path=tmp_path / "ws.json", lang="en")
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert any("OKR_ENGINE" in m for m, sev in notes if sev == "error")
        assert app.workspace.pending == [] and app.is_running


async def test_refine_on_the_offline_engine_is_refused_in_the_core_too() -> None:
    """The TUI asks first; the core still refuses, so no other caller can refine offline by mistake."""
    import pytest

    from assistant.config import load_settings
    from assistant.errors import InputError
    from assistant.refine import refine
    from assistant.suggest import suggest

    ws = workspace.example()
    s = [x async for x in suggest(ws.context, ws.upper, sources=["aligned"], count=1)][0]
    with pytest.raises(InputError, match="offline engine cannot refine"):
        await refine(s, "more ambitious", ws.context, ws.upper, settings=load_settings(engine="offline"))
    with pytest.raises(InputError, match="say how"):
        await refine(s, "   ", ws.context, ws.upper, settings=load_settings(engine="llm", api_key="sk-x"))
