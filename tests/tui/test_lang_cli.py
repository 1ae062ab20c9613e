"""Interface language (system locale, F9, remembered) and `okr draft FILE` with a file it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuikit import screen_text, settle

from assistant import workspace
from assistant.cli import main
from assistant.workspace import Workspace
from tui.app import OkrApp
from tui.i18n import system_lang


async def test_f9_switches_the_language_and_keeps_what_was_typed(tmp_path: Path) -> None:
    path = tmp_path / "ws.json"
    app = OkrApp(Workspace(), path=path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#about-name").focus()
        await pilot.press(*"Ana")
        await pilot.press("f3")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        shown = screen_text(app)
        assert "About you  Upper OKRs  Suggestions  My OKRs  Export" in shown and "f1 Help" in shown
        await pilot.press("f9")
        await settle(pilot)
        shown = screen_text(app)
        assert "关于你  上级 OKR  建议  我的 OKR  导出" in shown and "f1 帮助" in shown
        assert "粘贴上级" in shown  # still on the Upper OKRs tab, now in Chinese
        assert app.workspace.context.name == "Ana" and app.workspace.lang == "zh"
        await pilot.press("f2")
        await settle(pilot)
        assert app.query_one("#about-name").value == "Ana" and "姓名" in screen_text(app)
        await pilot.press("f9")
        await settle(pilot, 1.2)
        assert "About you" in screen_text(app) and app.lang == "en"
    assert workspace.load(path).lang == "en"  # a chosen language is remembered over the locale


@pytest.mark.parametrize(("env", "lang"), [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_GB.UTF-8"}, "en"),
                                           ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh")])
async def test_language_follows_the_system_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  env: dict[str, str], lang: str) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert system_lang() == lang
    app = OkrApp(Workspace(), path=tmp_path / "ws.json")
    async with app.run_test(size=(80, 24)):
        assert app.lang == lang
        assert ("关于你" if lang == "zh" else "About you") in screen_text(app)


@pytest.mark.parametrize(("name", "content", "says"), [
    ("broken.json", b'{"objectives": [', "not a workspace file"),
    ("wrong.json", b'{"version": 1, "objectives": "many"}', "not a workspace file: objectives"),
    ("prose.md", "只是一段说明文字，没有目标。\n".encode(), "found no objectives"),
    ("binary.md", b"PK\x03\x04\x00\x00binary", "binary file"),
    ("gbk.txt", "O1：提升效率\nKR1：交付周期缩短到 30 天\n".encode("gb18030"), "GB18030"),
])
def test_a_file_it_cannot_open_is_a_clear_error_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          name: str, content: bytes, says: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    assert main(["draft", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("okr: error: ") and says in err and str(bad) in err
    assert "Traceback" not in err and "hint:" in err
    assert bad.read_bytes() == content  # never overwritten


def test_a_folder_is_not_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a folder, not a file" in err and "Traceback" not in err


async def test_after_f9_typing_goes_on_in_the_same_field(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press(*"Grow")
        await pilot.press("f9")
        await settle(pilot)
        assert app.focused.id == "o0-title"
        await pilot.press(*"th")
        await settle(pilot, 0.4)
        assert app.workspace.objectives[0].title == "Growth"  # appended, not replaced by a select-all
        assert "新 KR" in screen_text(app)  # the footer shows My OKRs' keys, in Chinese
