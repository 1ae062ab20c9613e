"""The whole drafting flow driven with Pilot on the offline engine: context, paste, generate, accept, edit, export."""

from __future__ import annotations

import json
from pathlib import Path

from tuikit import MANAGER_MD, paste, screen_text, settle

from assistant import workspace
from assistant.reader import load as read_set
from assistant.workspace import Workspace
from tui.app import OkrApp
from tui.screens.suggestions import SuggestionCard


async def test_offline_flow_context_paste_generate_accept_edit_export(tmp_path: Path) -> None:
    path = tmp_path / "ws.json"
    app = OkrApp(Workspace(), path=path, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        # 1. About you: typed, keyboard first
        app.query_one("#about-name").focus()
        await pilot.press(*"Ana")
        app.query_one("#about-role").focus()
        await pilot.press(*"coach")
        await paste(pilot, app.query_one("#about-resp"), "Coach the platform teams in agile and OKR\nSpread agile practice")
        await paste(pilot, app.query_one("#about-asks"), "Sister departments: agile and OKR training")
        await settle(pilot)
        ctx = app.workspace.context
        assert (ctx.name, ctx.role) == ("Ana", "coach")
        assert ctx.responsibilities == ["Coach the platform teams in agile and OKR", "Spread agile practice"]
        assert [(s.name, s.asks) for s in ctx.stakeholders] == [("Sister departments", "agile and OKR training")]

        # 2. Upper OKRs: paste the manager's file; the tree shows references
        await pilot.press("f3")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        await paste(pilot, app.query_one("#upper-text"), MANAGER_MD.read_text(encoding="utf-8"))
        await settle(pilot, 0.6)
        assert app.workspace.upper[0].objectives[0].title == "产研效能提升"
        assert len(app.workspace.upper[0].objectives[0].key_results) == 4
        shown = screen_text(app)
        assert "manager:O1.KR1 敏捷成熟度达到85分" in shown and "Parsed: 4 objectives, 4 key results" in shown

        # 3. Suggestions: generate all, cards appear per source
        await pilot.press("ctrl+g")
        await settle(pilot)
        cards = list(app.query(SuggestionCard))
        assert cards and len(cards) == len(app.workspace.pending)
        assert {c.suggestion.objective.source.value for c in cards} == {"aligned", "self_driven", "external_support"}
        first = app.query_one("#col-aligned").query(SuggestionCard).first()
        title = first.suggestion.objective.title
        shown = screen_text(app)
        assert title[:12] in shown and "Done:" in shown and "Aligns to: manager:O1.KR" in shown

        # accept with the card's key
        first.focus()
        await pilot.press("a")
        await settle(pilot)
        assert [o.title for o in app.workspace.objectives] == [title]
        assert all(p.objective.title != title for p in app.workspace.pending)
        assert first not in app.query(SuggestionCard)

        # 4. My OKRs: edit a KR in place; the rubric panel follows
        await pilot.press("f5")
        await settle(pilot)
        assert title[:12] in screen_text(app)
        kr = app.query_one("#o0-kr0")
        kr.focus()
        await pilot.press("end", *" by week 6")
        await settle(pilot, 0.5)
        assert app.workspace.objectives[0].key_results[0].text.endswith("by week 6")
        shown = screen_text(app)
        assert "Score " in shown and "Source mix: Aligned 1" in shown and "Manager KRs covered: manager:O1.KR" in shown

        # 5. Export: JSON to a file, and Markdown to the clipboard
        await pilot.press("f6")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        await pilot.click("#fmt-json")
        out = tmp_path / "out.json"
        app.query_one("#export-path").value = str(out)
        await pilot.click("#export-write")
        await settle(pilot)
        assert read_set(out).objectives == app.workspace.objectives
        assert f"Written to {out}" in screen_text(app)
        await pilot.click("#fmt-md")
        await pilot.click("#export-copy")
        await settle(pilot)
        assert app.clipboard.startswith("---\nname: Ana") and f"O1：{title}" in app.clipboard  # the set is Chinese: full-width colon
        assert "null" not in app.clipboard  # KRs are stored as read from their words, no stale fields

        # autosave: the file on disk holds all of it within about a second
        await settle(pilot, 1.3)
        saved = workspace.load(path)
        assert saved.context.name == "Ana" and saved.objectives == app.workspace.objectives
        assert saved.upper_text.startswith("---") and len(saved.pending) == len(app.workspace.pending)


async def test_parse_problem_is_shown_inline_and_the_last_good_tree_stays(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        await paste(pilot, app.query_one("#upper-text"), "O1: Ship the new checkout\nKR1: conversion from 2% to 3%\n")
        await settle(pilot, 0.6)
        assert app.workspace.upper[0].objectives[0].title == "Ship the new checkout"
        area = app.query_one("#upper-text")
        bad = "O1: Ship the new checkout\nKR1: conversion from 2% to 3% {colour: red}\n"
        area.load_text(bad)
        await settle(pilot, 0.6)
        assert "Line 2: unknown key-result field 'colour'" in screen_text(app)
        await pilot.click("#upper-parse")  # the Parse button also puts the cursor on the bad line
        await settle(pilot)
        assert area.selection.start[0] == 1 and area.selected_text.startswith("KR1: conversion")
        shown = screen_text(app)
        assert "manager:O1 Ship the new checkout" in shown  # the last good parse is kept
        assert "manager:O1.KR1 conversion from 2% to 3%" in shown
        assert app.workspace.upper_text == bad  # nothing typed is lost


async def test_upper_okrs_load_from_a_file_and_a_missing_file_says_so(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="en")
    notes: list[str] = []
    real_notify = app.notify
    app.notify = lambda message, **kw: (notes.append(message), real_notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        app.query_one("#upper-path").value = str(tmp_path / "nope.md")
        await pilot.click("#upper-load")
        await settle(pilot)
        assert any("file not found" in n for n in notes) and app.workspace.upper == []
        app.query_one("#upper-path").value = str(MANAGER_MD)
        app.query_one("#upper-path").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.workspace.upper[0].objectives) == 4
        assert "manager:O1.KR4" in screen_text(app)


async def test_finding_jumps_to_the_element_it_points_at(tmp_path: Path) -> None:
    ws = Workspace.model_validate({"objectives": [
        {"title": "提升团队敏捷成熟度", "key_results": [{"text": "敏捷成熟度从 70 分提升到 85 分"}]},
        {"title": "做好培训", "key_results": [{"text": "多做培训"}, {"text": "培训做得更好"}]}]})
    app = OkrApp(ws, path=tmp_path / "ws.json", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await settle(pilot, 0.4)
        findings = app.query_one("#mine-findings")
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        k = next(i for i, oid in enumerate(ids) if oid.endswith("|O2.KR1"))
        findings.focus()
        findings.highlighted = k
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "o1-kr0"
        assert "得分" in screen_text(app)


async def test_structure_edits_add_reorder_change_source_and_alignment(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.focused.id == "o0-title"
        await pilot.press(*"Faster releases")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.focused.id == "o0-kr1"
        await pilot.press(*"lead time from 30 to 10 days")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press(*"Second")
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert [o.title for o in app.workspace.objectives] == ["Second", "Faster releases"]
        assert app.workspace.objectives[1].key_results[1].text == "lead time from 30 to 10 days"
        app.query_one("#o1-source").value = "external_support"
        app.query_one("#o1-kind").value = "business"
        app.query_one("#o1-aligns").value = "manager:O1.KR2， manager:O2"
        await settle(pilot, 0.4)
        moved = app.workspace.objectives[1]
        assert (moved.source.value, moved.kind.value) == ("external_support", "business")
        assert moved.aligns_to == ["manager:O1.KR2", "manager:O2"]
        app.query_one("#o0-title").focus()
        await pilot.press("ctrl+r")
        await settle(pilot, 0.4)
        assert [o.title for o in app.workspace.objectives] == ["Faster releases"]
        assert "External support 1" in screen_text(app)


async def test_suggestion_edit_discard_and_offline_refine_and_regenerate(tmp_path: Path) -> None:
    app = OkrApp(workspace.example(), path=tmp_path / "ws.json", lang="en")
    notes: list[str] = []
    real_notify = app.notify
    app.notify = lambda message, **kw: (notes.append(message), real_notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        before = len(app.workspace.pending)
        card = app.query_one("#col-aligned").query(SuggestionCard).first()
        card.focus()
        # edit: the dialog, a new title and KRs, rechecked
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#edit-title").value = "Raise agile maturity of my teams"
        app.screen.query_one("#edit-krs").load_text("maturity of my 6 teams from 70 to 85 by 2019-09-30\n"
                                                    "OKR coverage of my teams from 40% to 80% by 2019-09-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert card.suggestion.objective.title == "Raise agile maturity of my teams"
        assert card.suggestion in app.workspace.pending and card.suggestion.score is not None
        assert not any(f.criterion == "kr.placeholder" for f in card.suggestion.findings)
        assert "Raise agile maturity of my teams" in screen_text(app)
        # refine on the offline engine: says it cannot, changes nothing
        await pilot.press("f")
        await settle(pilot)
        assert any("offline engine drafts by its rules and cannot refine" in n for n in notes)
        assert app.screen is app.screen_stack[0]  # no instruction dialog to type into
        assert card.suggestion.objective.title == "Raise agile maturity of my teams"
        # regenerate: the offline engine walks to a suggestion not on screen
        shown_titles = {p.objective.title for p in app.workspace.pending}
        await pilot.press("r")
        await settle(pilot)
        assert card.suggestion.objective.title not in shown_titles or any("no other" in n for n in notes)
        # discard
        await pilot.press("d")
        await settle(pilot)
        assert len(app.workspace.pending) == before - 1 and card not in app.query(SuggestionCard)


async def test_narrow_terminal_shows_one_source_at_a_time(tmp_path: Path) -> None:
    app = OkrApp(workspace.example(), path=tmp_path / "ws.json", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        await pilot.click("#show-external_support")
        await pilot.click("#gen-external_support")
        await settle(pilot)
        assert {p.objective.source.value for p in app.workspace.pending} == {"external_support"}
        assert not app.query_one("#col-aligned").display is False or app.query_one("#col-aligned").has_class("-off")
        assert "京东兄弟部门" in screen_text(app) or "培训" in screen_text(app)
        assert "外部支撑" in screen_text(app)


async def test_help_screen_and_palette_list_the_actions(tmp_path: Path) -> None:
    app = OkrApp(Workspace(), path=tmp_path / "ws.json", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        shown = screen_text(app) + str(app.screen.query_one("#help-text").content)
        for words in ("Help: keys", "Generate", "Accept", "Refine", "Add KR", "Autosaving to"):
            assert words in shown
        await pilot.press("escape")
        await settle(pilot)  # the tab/screen is drawn before clicks and reads
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"export json")
        await settle(pilot, 0.3)
        assert "Export as a json file" in screen_text(app)


def test_saved_workspace_round_trips_and_a_text_file_is_saved_in_its_own_format(tmp_path: Path) -> None:
    ws = workspace.example()
    ws.objectives = list(read_set(Path(__file__).parents[2] / "examples" / "article" / "author.md").objectives)
    p = workspace.save(ws, tmp_path / "w.json")
    assert workspace.load(p) == ws
    assert [f.name for f in tmp_path.iterdir()] == ["w.json"]  # the temporary file was renamed away
    md = workspace.save(ws, tmp_path / "mine.md")
    again = workspace.load(md)
    assert again.objectives == ws.objectives and again.context.name == ws.context.name
    assert json.loads(p.read_text(encoding="utf-8"))["version"] == 1


async def test_generating_again_adds_no_copies_and_skips_accepted_ones(tmp_path: Path) -> None:
    app = OkrApp(workspace.example(), path=tmp_path / "ws.json", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        first = [p.objective.title for p in app.workspace.pending]
        card = app.query(SuggestionCard).first()
        card.focus()
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        titles = [p.objective.title for p in app.workspace.pending]
        assert len(titles) == len(set(titles)) == len(first) - 1
        assert app.workspace.objectives[0].title not in titles
        assert "No new suggestions" in screen_text(app)


async def test_palette_runs_an_action_export_json(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    ws = Workspace.model_validate({"objectives": [{"title": "Faster releases",
                                                   "key_results": [{"text": "lead time from 30 to 10 days"}]}]})
    app = OkrApp(ws, path=tmp_path / "ws.json", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"export json")  # English names match in a Chinese interface too
        await settle(pilot, 0.3)
        assert "导出为 json 文件" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, 0.2)
        out = tmp_path / "my-okrs.json"
        assert read_set(out).objectives[0].title == "Faster releases"
        shown = screen_text(app)
        assert "已写入" in shown and str(out) in shown
        assert "格式" in shown and '"objectives": [' in shown  # on the Export tab, JSON previewed
        assert not (tmp_path / "my-okrs.md").exists()
