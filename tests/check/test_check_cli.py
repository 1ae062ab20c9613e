"""`okr check` as a user runs it: formats, exit statuses, bad inputs, profiles, language, colour."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from checkkit import (ARTICLE, ENGLISH, FINDING_FIELDS, FIVE_KRS, ROOT, THREE_OBJECTIVES, ZH_DRAFT, colour_codes,
                      found, okr, write)

AUTHOR = [ARTICLE / "author.md", "--context", ARTICLE / "context.md", "--upper", ARTICLE / "manager.md"]


# --- the article's case, each format ----------------------------------------------------------------


def test_the_authors_own_okr_passes_and_text_groups_findings_by_objective(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "check", *AUTHOR)
    assert run.code == 0, run.err
    data = okr(capsys, "check", *AUTHOR, "--format", "json").report()
    assert data["language"] == "zh" and not [f for f in data["findings"] if f["severity"] == "error"]
    # one score, the same number in text and JSON, per set and per objective
    assert f"得分 {data['score']}/100" in run.out
    lines = run.out.splitlines()
    for o in data["objectives"]:
        head = next(ln for ln in lines if ln.startswith(o["target"] + " "))
        assert o["title"] in head and f" {o['score']} " in head
    # every finding sits under its objective's heading, with its fix and the weak/strong example
    o3 = run.out.index("O3 ")
    concise = next(f for f in data["findings"] if f["criterion"] == "objective.concise")
    assert concise["target"] == "O3" and run.out.index("objective.concise") > o3
    assert "修改：" + concise["fix"] in run.out and "弱：" + concise["weak_example"] in run.out
    assert "强：" + concise["strong_example"] in run.out
    assert "未运行" in run.out and "objective.inspiring" in run.out  # llm criteria: not run


def test_managers_okr_errors_fall_only_on_the_objectives_without_krs(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "check", ARTICLE / "manager.md", "--format", "json")
    assert run.code == 1
    errors = [(f["criterion"], f["target"]) for f in run.report()["findings"] if f["severity"] == "error"]
    assert errors == [("objective.kr_count", "O2"), ("objective.kr_count", "O3"), ("objective.kr_count", "O4")]


def test_inferred_source_and_kind_are_marked_inferred(capsys) -> None:  # noqa: ANN001
    data = okr(capsys, "check", ARTICLE / "manager.md", "--format", "json").report()
    assert all(o["source_inferred"] and o["kind_inferred"] for o in data["objectives"])
    text = okr(capsys, "check", ARTICLE / "manager.md").out
    o1 = next(ln for ln in text.splitlines() if ln.strip().startswith("来源"))
    assert o1.count("（推断）") == 2
    own = okr(capsys, "check", *AUTHOR).out  # the author states them: nothing marked
    assert "推断" not in own


def test_json_output_is_the_documented_shape(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "zh.md", ZH_DRAFT)
    run = okr(capsys, "check", draft, ARTICLE / "manager.md", "--format", "json")
    doc = run.json()
    assert set(doc) == {"version", "rubric", "fail_on", "exit_status", "files"}
    assert (doc["version"], doc["rubric"], doc["fail_on"], doc["exit_status"]) == (1, "default", "error", run.code)
    assert [f["path"] for f in doc["files"]] == [str(draft), str(ARTICLE / "manager.md")]
    entry = doc["files"][0]
    assert set(entry) == {"path", "error", "report", "llm"} and entry["error"] is None and entry["llm"] is None
    rep = entry["report"]
    assert {"name", "rubric", "language", "score", "band", "objectives", "findings", "not_run", "source_mix",
            "coverage"} <= set(rep)
    assert 0 <= rep["score"] <= 100 and rep["band"] in ("good", "fair", "poor")
    assert all(FINDING_FIELDS <= set(f) for f in rep["findings"])
    obj = rep["objectives"][0]
    assert {"target", "title", "score", "findings", "source", "source_inferred", "kind", "kind_inferred",
            "commitment", "commitment_default"} <= set(obj)
    # an objective's findings are those on it and on its KRs; the set's list holds them all
    assert {(f["criterion"], f["target"]) for f in obj["findings"]} <= set(found(rep))
    assert any(f["target"].startswith("O1.KR") for f in obj["findings"])
    assert rep["not_run"] == ["objective.inspiring", "kr.ambitious"]


def test_markdown_output_keeps_user_text_literal(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "inj.md", "O1：提升<script>alert(1)</script>客户满意度\nKR1：完成 [官网](http://evil) 改版\n")
    run = okr(capsys, "check", draft, "--format", "markdown")
    assert run.code == 1
    assert f"## {tmp_path}" in run.out.replace("\\", "")
    assert "<script>" not in run.out and "\\<script\\>" in run.out
    assert "[官网](http://evil)" not in run.out and "\\[官网\\](http://evil)" in run.out  # no live link
    assert "### O1 · " in run.out and "`kr.measurable`" in run.out and "- 修改：" in run.out


def test_text_shows_each_fix_and_example_once_per_criterion(capsys) -> None:  # noqa: ANN001
    out = okr(capsys, "check", ARTICLE / "manager.md").out
    fix = "为目标写出 2–5 个可衡量的结果"
    assert out.count(fix) == 1 and out.count("修改建议和示例同上") == 2
    assert out.count("✗ 错误 objective.kr_count") == 3


# --- exit statuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_with_a_set_that_has_only_a_warning(capsys, tmp_path, fail_on, code) -> None:  # noqa: ANN001
    draft = write(tmp_path, "three.md", THREE_OBJECTIVES)
    run = okr(capsys, "check", draft, "--fail-on", fail_on, "--format", "json")
    assert [f["severity"] for f in run.report()["findings"]] == ["warning"]
    assert run.code == code and run.json()["exit_status"] == code


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on_with_errors(capsys, fail_on, code) -> None:  # noqa: ANN001
    assert okr(capsys, "check", ARTICLE / "manager.md", "--fail-on", fail_on).code == code


def test_a_clean_set_exits_0_even_with_fail_on_warning(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "three.md", THREE_OBJECTIVES)
    run = okr(capsys, "check", draft, "--rubric", "lightweight", "--fail-on", "warning")
    assert run.code == 0 and "no findings" in run.out


def test_a_bad_file_among_good_ones_exits_2_and_the_others_are_checked(capsys, tmp_path) -> None:  # noqa: ANN001
    empty = write(tmp_path, "empty.md", "   \n")
    gbk = tmp_path / "gbk.md"
    gbk.write_bytes("O1：提升客户满意度\nKR1：满意度从 80% 提升到 90%\n".encode("gb18030"))
    run = okr(capsys, "check", ARTICLE / "author.md", empty, gbk, ENGLISH / "author.md", "--format", "json")
    assert run.code == 2
    files = run.json()["files"]
    assert [f["error"] is None for f in files] == [True, False, False, True]
    assert "empty" in files[1]["error"]["message"] and files[1]["report"] is None
    assert "GB18030" in files[2]["error"]["message"] and "iconv" in files[2]["error"]["hint"]
    assert files[0]["report"]["objectives"] and files[3]["report"]["language"] == "en"
    assert f"{empty}: the file is empty" in run.err and str(gbk) in run.err
    text = okr(capsys, "check", ARTICLE / "author.md", tmp_path / "missing.md")
    assert text.code == 2 and "missing.md" in text.err and "O1 " in text.out
    assert "1 could not be read" in text.out or "无法读取" in text.out


def test_a_folder_stands_for_the_drafts_inside_it(capsys, tmp_path) -> None:  # noqa: ANN001
    team = tmp_path / "team"
    (team / "backend").mkdir(parents=True)
    write(team, "b.md", "O1: Make checkout fast\nKR1: Checkout p95 from 900 ms to 400 ms by 30 Sep\nKR2: Error rate below 0.5%\n")
    write(team / "backend", "a.md", "O1：提升交付效率\nKR1：交付时长从 30 天缩短到 20 天\nKR2：每周发布 2 次\n")
    write(team, "org.yaml", "name: Team\nmembers: []\n")  # the team's org file is not a draft
    write(team, ".draft.md.swp", "O1: editor swap file\n")
    write(team, "notes.pdf", "not a draft")
    run = okr(capsys, "check", team, "--format", "json")
    assert run.code == 1, run.err  # findings, and every file read
    assert [f["path"] for f in run.json()["files"]] == [str(team / "b.md"), str(team / "backend" / "a.md")]
    assert [f["report"]["language"] for f in run.json()["files"]] == ["en", "zh"]


def test_a_folder_without_drafts_is_a_bad_input_and_the_other_files_are_checked(capsys, tmp_path) -> None:  # noqa: ANN001
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    run = okr(capsys, "check", empty, ARTICLE / "author.md")
    assert run.code == 2
    assert f"{empty}: the folder holds no draft file" in run.err and ".md" in run.err
    assert "O1 " in run.out


def test_a_bad_file_wins_over_findings(capsys, tmp_path) -> None:  # noqa: ANN001
    run = okr(capsys, "check", ARTICLE / "manager.md", tmp_path / "nope.md")
    assert run.code == 2 and "nope.md" in run.err and "objective.kr_count" in run.out


def test_an_unknown_rubric_name_exits_2_naming_the_profiles(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "check", ARTICLE / "author.md", "--rubric", "goggle")
    assert run.code == 2 and "'goggle' not found" in run.err and "radical-focus" in run.err and run.out == ""


def test_a_bad_rubric_file_exits_2_naming_the_file_and_key(capsys, tmp_path) -> None:  # noqa: ANN001
    bad = write(tmp_path, "coach.toml", 'extends = "default"\n[criteria."kr.measurable"]\nseverity = "fatal"\n')
    run = okr(capsys, "check", ARTICLE / "author.md", "--rubric", bad)
    assert run.code == 2 and str(bad) in run.err and "criteria.kr.measurable.severity" in run.err
    pattern = write(tmp_path, "rx.toml", 'extends = "default"\n[criteria."objective.not_bau"]\npatterns.en = ["(keep"]\n')
    run = okr(capsys, "check", ARTICLE / "author.md", "--rubric", pattern)
    assert run.code == 2 and "objective.not_bau" in run.err and "does not compile" in run.err


def test_a_bad_context_file_exits_2(capsys, tmp_path) -> None:  # noqa: ANN001
    ctx = write(tmp_path, "ctx.md", "")
    run = okr(capsys, "check", ARTICLE / "author.md", "--context", ctx)
    assert run.code == 2 and "context file is empty" in run.err


# --- context and upper levels -----------------------------------------------------------------------


def test_context_supplies_the_cycle_and_upper_supplies_what_aligns_point_at(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "d.md", "O1：提高需求交付效率 {来源: 上下对齐; 对齐: manager:O1.KR3}\n"
                                    "KR1：需求平均交付时长从 40 天缩短到 32 天\nKR2：需求返工率从 20% 降到 10%\n"
                                    "O2：让 OKR 在部门落地 {来源: 自驱}\nKR1：部门 OKR 覆盖率从 30% 提升到 80%\n"
                                    "KR2：每月至少一次 OKR 复盘\n")
    bare = okr(capsys, "check", draft, "--format", "json").report()
    assert ("kr.deadline", "O1.KR1") in found(bare) and bare["coverage"] is None
    full = okr(capsys, "check", draft, "--context", ARTICLE / "context.md", "--upper", ARTICLE / "manager.md",
               "--format", "json").report()
    assert not [c for c, _ in found(full) if c in ("kr.deadline", "align.linked")]
    assert full["coverage"]["supported"] == ["manager:O1.KR3"]


def test_an_upper_file_replaces_the_drafts_own_section_of_that_level(capsys) -> None:  # noqa: ANN001
    own = okr(capsys, "check", ARTICLE / "author.md", "--format", "json").report()
    both = okr(capsys, "check", *AUTHOR, "--format", "json").report()
    assert both["coverage"] == own["coverage"]  # not doubled
    assert both["coverage"]["supported"] == ["manager:O1.KR1", "manager:O1.KR2"]


def test_stdin_is_read_with_a_dash(capsys, monkeypatch) -> None:  # noqa: ANN001
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ZH_DRAFT.encode("utf-8")), encoding="utf-8"))
    run = okr(capsys, "check", "-", "--format", "json")
    assert run.code == 1 and ("kr.measurable", "O1.KR1") in found(run.report())


# --- profiles -----------------------------------------------------------------------------------------


def test_radical_focus_flags_a_three_objective_set(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "three.md", THREE_OBJECTIVES)
    default = okr(capsys, "check", draft, "--format", "json")
    focus = okr(capsys, "check", draft, "--rubric", "radical-focus", "--format", "json")
    assert ("set.objective_count", "set") not in found(default.report()) and default.code == 0
    f = next(f for f in focus.report()["findings"] if f["criterion"] == "set.objective_count")
    assert focus.code == 1 and f["severity"] == "error" and "3 objectives" in f["message"] and "at most 1" in f["message"]
    assert focus.report()["rubric"] == "radical-focus"
    # three KRs each: the profile's KR bound (exactly three) is met
    assert not [t for c, t in found(focus.report()) if c == "objective.kr_count"]


def test_google_flags_five_krs_and_defaults_to_aspirational(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "five.md", FIVE_KRS)
    default = okr(capsys, "check", draft, "--format", "json").report()
    google = okr(capsys, "check", draft, "--rubric", "google", "--format", "json").report()
    assert ("objective.kr_count", "O1") not in found(default)
    f = next(f for f in google["findings"] if f["criterion"] == "objective.kr_count")
    assert f["target"] == "O1" and "at most 4" in f["message"]
    assert [t for c, t in found(google) if c == "objective.kr_count"] == ["O1"]
    unstated = write(tmp_path, "plain.md", "O1: Make checkout fast\nKR1: p95 from 900 ms to 400 ms\n")
    assert {o["commitment"] for o in okr(capsys, "check", unstated, "--rubric", "google", "--format", "json")
            .report()["objectives"]} == {"aspirational"}
    assert {o["commitment"] for o in okr(capsys, "check", unstated, "--format", "json")
            .report()["objectives"]} == {"committed"}


def test_lightweight_checks_counts_and_measurability_only(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "zh.md", ZH_DRAFT)
    full = okr(capsys, "check", draft, "--format", "json").report()
    light = okr(capsys, "check", draft, "--rubric", "lightweight", "--format", "json").report()
    assert {c for c, _ in found(full)} - {"set.objective_count", "objective.kr_count", "kr.measurable"}
    assert {c for c, _ in found(light)} == {"set.objective_count", "kr.measurable"}
    assert light["not_run"] == [] and light["score"] > full["score"]


def test_a_coachs_rubric_changes_exactly_the_overridden_and_disabled_criteria(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "five.md", FIVE_KRS)
    coach = write(tmp_path, "coach.toml", 'name = "team"\nextends = "default"\n'
                                          '[criteria."objective.kr_count"]\nparams = { max = 4 }\n'
                                          '[criteria."set.source_mix"]\nenabled = false\n')
    before = set(found(okr(capsys, "check", draft, "--format", "json").report()))
    after = set(found(okr(capsys, "check", draft, "--rubric", coach, "--format", "json").report()))
    assert before - after == {("set.source_mix", "set")} and after - before == {("objective.kr_count", "O1")}


# --- language -----------------------------------------------------------------------------------------


def test_language_is_detected_per_set(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "check", ARTICLE / "manager.md", ENGLISH / "author.md", "--format", "json")
    zh, en = (f["report"] for f in run.json()["files"])
    assert (zh["language"], en["language"]) == ("zh", "en")
    assert "关键结果" in zh["findings"][-1]["message"] or any("关键结果" in f["message"] for f in zh["findings"])
    assert all(f["message"].isascii() for f in en["findings"] if f["criterion"] != "align.coverage")
    text = okr(capsys, "check", ARTICLE / "manager.md", ENGLISH / "author.md").out
    assert "得分 " in text and "score " in text


def test_lang_forces_the_message_language(capsys, tmp_path) -> None:  # noqa: ANN001
    draft = write(tmp_path, "zh.md", ZH_DRAFT)
    en = okr(capsys, "check", draft, "--lang", "en", "--format", "json").report()
    assert en["language"] == "en"
    measurable = next(f for f in en["findings"] if f["criterion"] == "kr.measurable")
    assert measurable["message"].isascii() and measurable["fix"].isascii()
    text = okr(capsys, "check", draft, "--lang", "en").out
    assert "score " in text and "fix: " in text and "得分" not in text and "修改" not in text
    zh = okr(capsys, "check", ENGLISH / "author.md", "--lang", "zh", "--format", "json").report()
    assert zh["language"] == "zh" and all(not f["message"].isascii() for f in zh["findings"])


# --- colour -------------------------------------------------------------------------------------------


def test_piped_output_has_no_ansi_codes() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TERM")}
    proc = subprocess.run([sys.executable, "-m", "assistant", "check", str(ARTICLE / "manager.md")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "objective.kr_count" in proc.stdout and "\x1b[" not in proc.stdout
    # piped lines are never re-wrapped at 80 columns: the long weak example stays on one line
    assert any(len(line) > 80 for line in proc.stdout.splitlines())


def test_colour_on_a_terminal_and_no_colour_with_no_color(capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal gets
    coloured = okr(capsys, "check", ARTICLE / "manager.md").out
    assert colour_codes(coloured)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = okr(capsys, "check", ARTICLE / "manager.md").out
    assert colour_codes(plain) == [] and "objective.kr_count" in plain


def test_on_a_terminal_lines_wrap_to_its_width_with_blank_lines_between_objectives(capsys, monkeypatch) -> None:  # noqa: ANN001
    import re

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "70")
    out = okr(capsys, "check", ENGLISH / "manager.md").out  # O2–O4 have no KRs: a long kr_count fix to wrap
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", ln).rstrip() for ln in out.splitlines()]
    assert all(len(ln) <= 70 for ln in lines)
    for target in ("O1 ", "O2 ", "O3 ", "O4 "):
        i = next(n for n, ln in enumerate(lines) if ln.startswith(target))
        assert lines[i - 1] == ""
    # a wrapped finding keeps its indentation (hanging indent under the objective)
    fix = next(n for n, ln in enumerate(lines) if ln.strip().startswith("fix: Write 2–5"))
    assert lines[fix + 1].startswith(" " * 11) and lines[fix + 1].strip()


def test_markdown_names_a_file_that_could_not_be_read_and_reports_the_rest(capsys, tmp_path) -> None:  # noqa: ANN001
    run = okr(capsys, "check", tmp_path / "nope.md", ARTICLE / "manager.md", "--format", "markdown")
    assert run.code == 2
    head, rest = run.out.split(f"## {ARTICLE / 'manager.md'}".replace("_", "\\_"), 1)
    assert "**error**:" in head and "nope.md: no such file" in head and "hint: check the path" in head
    assert rest.count("`objective.kr_count`") == 3


def test_a_file_with_no_objectives_says_how_to_write_them(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "check", ENGLISH / "context.md")
    assert run.code == 1 and "set.objective_count" in run.out
    assert "no objectives found: write objective lines as 'O1: …'" in run.out


def test_on_a_terminal_a_long_chinese_title_wraps_under_itself(capsys, monkeypatch) -> None:  # noqa: ANN001
    import re

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "60")
    out = okr(capsys, "check", *AUTHOR).out
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", ln).rstrip() for ln in out.splitlines()]
    i = next(n for n, ln in enumerate(lines) if ln.startswith("O3 "))
    assert lines[i].split()[2].startswith("通过多元化的方式")  # O3, its score, then the title on the same line
    assert lines[i + 1].startswith(" " * 9) and not lines[i + 1].strip().startswith("来源")
    assert "".join(ln.strip() for ln in lines[i:i + 2]).endswith("敏捷和OKR的应用能力")
