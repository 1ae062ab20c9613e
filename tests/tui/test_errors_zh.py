"""Errors in the Chinese interface are in Chinese: what happened and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from test_llm_flow import spy_notes
from tuikit import screen_text, settle

from assistant import workspace
from assistant.workspace import Workspace
from tui.app import OkrApp


async def test_a_refused_key_says_what_to_do_in_chinese(tmp_path: Path, llm_settings: Any, route: Any) -> None:
    route.side_effect = lambda request: httpx.Response(
        401, json={"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}})
    app = OkrApp(workspace.example(), path=tmp_path / "ws.json", lang="zh", settings=llm_settings)
    notes = spy_notes(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        status = screen_text(app).split("\n")[4]  # the line under the bar says it too, in Chinese
        assert "引擎出错（已收到 0 条，都保留着）：401 Incorrect API key" in status
        errors = [m for m, sev in notes if sev == "error"]
        assert errors and errors[-1].startswith("引擎出错：")
        assert "设置有效的密钥" in errors[-1] and "已写的内容和已采纳的目标都还在" in errors[-1]
        assert "set a valid key" not in errors[-1].lower()


async def test_a_missing_upper_file_is_said_in_chinese(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="zh")
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.query_one("#upper-path").value = str(tmp_path / "nope.md")
        await pilot.click("#upper-load")
        await settle(pilot)
        said = [m for m, _ in notes if "nope.md" in m]
        assert said and "找不到文件" in said[-1] and "检查路径" in said[-1]
        assert "file not found" not in said[-1]


async def test_a_paste_problem_is_shown_in_chinese_on_its_line(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.query_one("#upper-text").load_text("KR1：敏捷成熟度达到85分\nO1：产研效能提升\n")
        await settle(pilot, 0.6)
        shown = screen_text(app)
        assert "关键结果出现在任何目标之前" in shown and "before any objective" not in shown
        # folded at any character, not at the one space: the line number stays with its message
        assert "第 1 行：关键结果出现在任何目标之前" in shown


def test_without_a_chinese_text_the_english_one_is_shown() -> None:
    from assistant.errors import InputError

    exc = InputError("something odd", path="x.md", line=3, hint="look at it")
    assert exc.detail_in("zh") == "something odd" and exc.hint_in("zh") == "look at it"
    both = InputError("no such file", path="x.md", hint="check the path", zh="找不到文件", zh_hint="检查路径")
    assert both.message_in("zh") == "x.md：找不到文件" and both.message_in("en") == "x.md: no such file"
    assert both.detail_in("zh") == "找不到文件" and str(both) == "x.md: no such file\n  hint: check the path"
