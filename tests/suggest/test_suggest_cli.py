"""`okr suggest` as a user runs it, against a mocked endpoint: flags, errors at the edge, cache, partial output."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from suggestkit import BASE, by_task, completion, sent, task_of

from assistant.cli import main
from assistant.commands.suggest import load_inputs
from assistant.models import Source
from assistant.prompts import render_messages
from assistant.rubric import load_rubric
from assistant.suggest import suggest_messages

EX = Path(__file__).resolve().parents[2] / "examples" / "article"
ARGS = ["suggest", "--context", str(EX / "context.md"), "--upper", str(EX / "manager.md")]
LLM = ["--engine", "llm", "--base-url", BASE, "--model", "qwen-test", "--output-mode", "json_object"]
GOOD = {"title": "提升我所支持团队的敏捷成熟度", "kind": "capability", "aligns_to": ["manager:O1.KR1"],
        "key_results": ["2019-Q3 内，24 个敏捷团队的敏捷成熟度达到 85 分", "每周跟进 2 个低分团队，周期末其得分提升 10%"],
        "rationale": "拆解上级 KR1", "provenance": "manager:O1.KR1"}
SELF = {**GOOD, "title": "让部门的 OKR 实践见到成效", "aligns_to": [], "provenance": "在部门落地 OKR 工作法",
        "key_results": ["2019-Q3 内，部门 OKR 覆盖度从 40% 提升到 80%", "每月 1 次复盘，满意度达到 4.5 分"]}


def answer(*objectives: dict) -> httpx.Response:
    return completion(json.dumps({"suggestions": list(objectives)}, ensure_ascii=False))


def test_every_listed_flag_reaches_the_request_and_the_output(route, capsys) -> None:  # noqa: ANN001
    route.side_effect = [answer(GOOD)]
    code = main([*ARGS, *LLM, "--sources", "aligned", "--count", "1", "--format", "json"])
    assert code == 0, capsys.readouterr().err
    body = sent(route.calls[0])
    assert route.call_count == 1 and body["model"] == "qwen-test"  # --model
    assert "最多给出 1 个目标" in body["messages"][1]["content"]  # --count reaches the prompt
    data = json.loads(capsys.readouterr().out)["suggestions"]  # --format json
    assert [s["objective"]["source"] for s in data] == ["aligned"] and data[0]["engine"] == "llm"  # --sources, --engine
    assert data[0]["score"] is not None and isinstance(data[0]["findings"], list)


def test_text_output_shows_findings_and_scores(capsys) -> None:  # noqa: ANN001
    assert main([*ARGS, "--engine", "offline", "--count", "1"]) == 0
    out = capsys.readouterr().out
    assert "得分 59" in out and "[错误] KR1 kr.placeholder" in out and "对齐 manager:O1.KR1" in out


def test_an_unreachable_endpoint_exits_3_naming_host_model_and_what_to_do(route, capsys) -> None:  # noqa: ANN001
    route.side_effect = httpx.ConnectError("Connection refused")
    assert main([*ARGS, *LLM, "--max-retries", "0"]) == 3
    err = capsys.readouterr().err
    assert "llm.test" in err and "qwen-test" in err and "cannot reach" in err
    assert "hint:" in err and "--engine offline" in err and "Traceback" not in err


def test_a_failure_after_some_suggestions_still_prints_them(route, capsys) -> None:  # noqa: ANN001
    route.side_effect = by_task(aligned=answer(GOOD), self_driven=httpx.Response(503, json={"error": {"message": "overloaded"}}))
    assert main([*ARGS, *LLM, "--max-retries", "0", "--sources", "aligned,self_driven", "--count", "1"]) == 3
    out, err = capsys.readouterr()
    assert GOOD["title"] in out and "overloaded" in err and "503" in err


def test_the_same_run_twice_costs_one_request_and_no_cache_asks_again(route, capsys) -> None:  # noqa: ANN001
    route.side_effect = [answer(GOOD), answer(GOOD)]
    argv = [*ARGS, *LLM, "--sources", "aligned", "--count", "1"]
    assert main(argv) == 0 and main(argv) == 0
    assert route.call_count == 1
    assert main([*argv, "--no-cache"]) == 0
    assert route.call_count == 2
    assert capsys.readouterr().out.count(GOOD["title"]) == 3


def test_prompts_show_prints_exactly_the_messages_suggest_sends(capsys) -> None:  # noqa: ANN001
    assert main(["prompts", "show", "aligned", "--context", str(EX / "context.md"), "--upper", str(EX / "manager.md")]) == 0
    shown = capsys.readouterr().out
    ctx, up = load_inputs(str(EX / "context.md"), [str(EX / "manager.md")])
    msgs = suggest_messages(Source.aligned, ctx, up, count=3, rubric=load_rubric(), lang="zh")
    assert shown == "\n\n".join(f"=== {m['role']} ===\n{m['content']}" for m in msgs) + "\n"
    assert "<context-" in shown and "manager:O1.KR1: 敏捷成熟度达到85分" in shown


@pytest.mark.parametrize("lang, manager, author", [
    ("zh", "KR1：敏捷成熟度达到85分", "24 个敏捷团队的敏捷能力达 85 分"),
    ("en", "Agile maturity reaches 85", "24 agile teams"),
])
def test_few_shot_examples_are_the_articles_manager_and_author_okrs(lang: str, manager: str, author: str) -> None:
    system = render_messages("aligned", lang=lang, rubric=load_rubric(), count=1)[0]["content"]
    assert manager.lower() in system.lower() and author in system and "manager:O1.KR2" in system


def test_dry_run_without_an_endpoint_says_the_offline_engine_sends_nothing_in_chinese(route, capsys) -> None:  # noqa: ANN001
    assert main([*ARGS, "--dry-run", "--count", "1"]) == 0
    out, err = capsys.readouterr()
    assert route.call_count == 0 and out.count("# request") == 3
    assert "试运行：什么都不发送" in err and "离线引擎" in err and "共 3 个请求" in err


def test_prompts_show_revise_carries_the_findings_a_revise_round_would_send(tmp_path, capsys) -> None:  # noqa: ANN001
    draft = tmp_path / "weak.md"
    draft.write_text("O1：完成敏捷转型工作\nKR1：提升团队敏捷能力\nKR2：完成 XX 场培训\n", encoding="utf-8")
    assert main(["prompts", "show", "revise", "--context", str(draft)]) == 0
    out = capsys.readouterr().out
    findings = out.split("<findings-", 1)[1]
    assert "请修改草稿" in out  # a Chinese draft gets the Chinese template without --lang
    assert "kr.measurable O1.KR1" in findings and "kr.outcome O1.KR2" in findings
    assert "kr.placeholder" not in findings and "(none)" not in findings


def test_a_coachs_template_folder_from_the_environment_is_what_suggest_sends(tmp_path, monkeypatch, route, capsys) -> None:  # noqa: ANN001
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "aligned.j2").write_text(
        "{% block system %}教练自己的模板，只回答 JSON。{% endblock %}{% block user %}{{ fence(upper_text, 'upper') }}{% endblock %}",
        encoding="utf-8")
    monkeypatch.setenv("OKR_TEMPLATES", str(tmp_path))
    route.side_effect = lambda request: answer(GOOD if "教练自己的模板" in request.content.decode() else SELF)
    assert main([*ARGS, *LLM, "--sources", "aligned,self_driven", "--count", "1"]) == 0
    bodies = {task_of(c.request): sent(c)["messages"] for c in route.calls}
    assert set(bodies) == {"other", "self_driven"}  # the coach's aligned template has none of the built-in wording
    aligned, self_driven = bodies["other"], bodies["self_driven"]
    assert aligned[0]["content"] == "教练自己的模板，只回答 JSON。" and "manager:O1.KR1" in aligned[1]["content"]
    assert "OKR 教练" in self_driven[0]["content"]  # no coach file for self_driven: the built-in one
    assert GOOD["title"] in capsys.readouterr().out
