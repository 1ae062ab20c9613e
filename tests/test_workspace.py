"""Saving the drafting workspace to a text FILE keeps what the text cannot hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import offline, workspace
from assistant.models import Source


def _with_pending(lang: str = "zh") -> workspace.Workspace:
    ws = workspace.example()
    ws.lang = "en"  # the interface language differs from the set's: it must come back as chosen
    ws.upper_text = "## 上级 OKR\n\n  O1：产研效能提升\n  KR1：敏捷成熟度达到85分\n  KR2：敏捷团队OKR覆盖度80%\n"
    ws.upper = workspace.parse_upper(ws.upper_text)
    ws.pending = list(offline.draft(ws.context, ws.upper, sources=list(Source), count=2, lang=lang))
    assert ws.pending
    return ws


@pytest.mark.parametrize("suffix", [".md", ".yaml", ".txt"])
def test_pending_suggestions_paste_and_language_survive_a_text_file(tmp_path: Path, suffix: str) -> None:
    ws = _with_pending()
    path = workspace.save(ws, tmp_path / f"mine{suffix}")
    assert [p.name for p in tmp_path.iterdir()] == [f"mine{suffix}"]  # nothing else next to the user's file
    again = workspace.load(path)
    assert again.pending == ws.pending
    assert again.upper_text == ws.upper_text and again.upper == ws.upper
    assert again.lang == "en" and again.context == ws.context


def test_an_upper_edited_in_the_file_wins_over_the_kept_paste(tmp_path: Path) -> None:
    ws = _with_pending()
    path = workspace.save(ws, tmp_path / "mine.md")
    path.write_text(path.read_text(encoding="utf-8").replace("敏捷成熟度达到85分", "敏捷成熟度达到90分"), encoding="utf-8")
    again = workspace.load(path)
    assert "90分" in again.upper_text and "85分" not in again.upper_text  # the file's own upper OKRs, as text
    assert again.pending == ws.pending  # suggestions do not depend on it


def test_an_unreadable_extras_file_is_set_aside_and_the_file_still_opens(tmp_path: Path) -> None:
    ws = _with_pending()
    path = workspace.save(ws, tmp_path / "mine.md")
    extra = workspace.extras_path(path)
    extra.write_text("{not json", encoding="utf-8")
    again = workspace.load(path)
    assert again.objectives == ws.objectives and again.pending == []
    assert not extra.exists() and extra.with_suffix(".unreadable").read_text(encoding="utf-8") == "{not json"


def test_two_files_keep_their_own_extras(tmp_path: Path) -> None:
    a, b = _with_pending("zh"), workspace.example()
    workspace.save(a, tmp_path / "a.md")
    workspace.save(b, tmp_path / "b.md")
    assert workspace.load(tmp_path / "a.md").pending == a.pending
    assert workspace.load(tmp_path / "b.md").pending == []
    kept = json.loads(workspace.extras_path(tmp_path / "a.md").read_text(encoding="utf-8"))
    assert kept["file"] == str((tmp_path / "a.md").resolve())
