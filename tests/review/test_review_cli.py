"""`okr review` as a user runs it: exit status, skipped inputs, model runs, resume after SIGKILL,
and both Batch API round trips."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reviewkit import JUDGE_REPLY, ROOT, TEAM, FakeServer, judging_reply, okr, write_team

from assistant.review import request_hash


def test_clean_team_exits_0_and_prints_the_table() -> None:
    out = okr("review", "--org", str(TEAM / "english" / "org.toml"), "--quiet")
    assert out.returncode == 0, out.stderr
    assert "Ana Souza" in out.stdout and "Alignment health" in out.stdout
    assert "Zero Sev-1 incidents" in out.stdout  # the KR nobody supports


def test_a_team_folder_with_its_org_file_is_reviewed_as_that_org(tmp_path: Path) -> None:
    """`okr review examples/team/english` must not score the company or call every link dangling."""
    by_folder = okr("review", str(TEAM / "english"), "--quiet", "--format", "json", "-o", str(tmp_path / "a.json"))
    assert by_folder.returncode == 0, by_folder.stderr
    assert "org.toml" in by_folder.stderr  # says which org file it used
    okr("review", "--org", str(TEAM / "english" / "org.toml"), "--quiet", "--format", "json",
        "-o", str(tmp_path / "b.json"))
    a, b = (json.loads((tmp_path / n).read_text(encoding="utf-8")) for n in ("a.json", "b.json"))
    assert a["people"] == b["people"] and a["alignment"]["health"] == b["alignment"]["health"] > 0
    assert "Northwind" not in {p["name"] for p in a["people"]}  # the company is context, not scored


def test_bad_file_is_reported_with_location_and_the_rest_reviewed(tmp_path: Path) -> None:
    bad = tmp_path / "broken.md"
    bad.write_text("KR1: a key result before any objective\n", encoding="utf-8")
    out = okr("review", str(TEAM / "english" / "ana.md"), str(bad), str(tmp_path / "missing.md"), "--format", "json")
    assert out.returncode == 1
    assert f"{bad}:1" in out.stderr and "missing.md" in out.stderr
    data = json.loads(out.stdout)
    assert [p["name"] for p in data["people"]] == ["Ana Souza"]
    assert len(data["skipped"]) == 2 and {s["line"] for s in data["skipped"]} == {1, None}


def test_bad_csv_row_is_skipped_and_exit_status_says_so(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("姓名,目标,关键结果,来源\n张三,提升交付效率,交付周期从 40 天缩短到 30 天,上下对齐\n,没有人的目标,1 个,自驱\n",
                 encoding="utf-8")
    out = okr("review", "--csv", str(p), "--format", "markdown")
    assert out.returncode == 1
    assert f"{p}:3" in out.stderr
    assert "张三" in out.stdout


def test_usage_errors_exit_2_with_a_hint(tmp_path: Path) -> None:
    out = okr("review")
    assert out.returncode == 2 and "hint:" in out.stderr and "Traceback" not in out.stderr
    out = okr("review", "--resume", "nope")
    assert out.returncode == 2 and "--resume last" in out.stderr
    org = tmp_path / "org.yaml"
    org.write_text("people: [\n", encoding="utf-8")
    out = okr("review", "--org", str(org))
    assert out.returncode == 2 and str(org) in out.stderr and "Traceback" not in out.stderr


def test_llm_without_an_endpoint_is_a_clear_error() -> None:
    out = okr("review", str(TEAM / "english" / "ana.md"), "--llm")
    assert out.returncode == 2 and "OPENAI_BASE_URL" in out.stderr


def test_llm_run_writes_every_result_and_reports_it(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.faults = ["429", "500", "invalid_json"]
    fake_server.reply = judging_reply  # a real judgement of each draft it is sent
    write_team(tmp_path / "team", 6)
    out = okr("review", str(tmp_path / "team"), "--llm", "--concurrency", "3", "--format", "json", "-o", str(tmp_path / "r.json"),
              "--report", str(tmp_path / "r.html"))
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["run"]["counts"] == {"pending": 0, "done": 6, "error": 0}
    assert all(p["llm"]["status"] == "done" for p in data["people"])
    # the model's verdict is in the report, marked as the model's, beside the objective it quotes
    verdicts = [f for p in data["people"] for f in p["findings"] if f["llm"]]
    assert len(verdicts) == 6 and all(f["criterion"] == "objective.inspiring" and f["target"] == "O1" for f in verdicts)
    assert {a["criterion"]: a["rate"] for a in data["agreement"]} == {"kr.measurable": 0.5, "kr.outcome": None, "objective.not_task": 1.0}
    assert "6/6 done · 0 errors" in out.stderr and "done 6" in out.stderr  # progress bar and run summary on stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count("class=\"person\"") == 6
    assert html.count("It does not say who benefits.") == 6 and "Model vs. deterministic checks" in html


def test_fatal_endpoint_error_exits_3_keeps_results_and_resume_finishes(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.faults = ["ok", "ok", "401"]
    fake_server.default_fault = "401"
    write_team(tmp_path / "team", 5)
    out = okr("review", str(tmp_path / "team"), "--llm", "--concurrency", "1", "--quiet")
    assert out.returncode == 3 and "API key" in out.stderr and "--resume" in out.stderr
    assert "[#" not in out.stderr and " done · " not in out.stderr  # --quiet: no progress bar
    assert "SECRET" not in out.stderr + out.stdout
    assert b"SECRET" not in (Path(os.environ["OKR_HOME"]) / "data" / "runs.db").read_bytes()
    fake_server.default_fault = "ok"
    before = len(fake_server.requests)
    out = okr("review", "--resume", "last", "--quiet", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["run"]["counts"]["done"] == 5
    assert len(fake_server.requests) - before == 3  # only the three missing drafts were asked again


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_pays_for_nothing_twice(tmp_path: Path) -> None:
    n = 24
    write_team(tmp_path / "team", n)
    log = tmp_path / "server.jsonl"
    db_path = Path(os.environ["OKR_HOME"]) / "data" / "runs.db"
    with FakeServer(latency=0.25, reply=JUDGE_REPLY, log_path=str(log)) as srv:
        env = {**os.environ, "OPENAI_BASE_URL": srv.base_url, "OPENAI_API_KEY": "sk-test"}
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "review", str(tmp_path / "team"), "--llm", "--concurrency", "2", "--quiet"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        done_before = _wait_for_done(db_path, at_least=6, proc=proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done_at_kill = _done_hashes(db_path)
        assert len(done_at_kill) >= len(done_before) and len(done_at_kill) < n  # killed mid-run
        sent_before = len(srv.requests)
        resumed = subprocess.run([sys.executable, "-m", "assistant", "review", "--resume", "last", "--llm", "--quiet", "--format", "json"],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert resumed.returncode == 0, resumed.stderr
        second_run = srv.requests[sent_before:]
    # every draft has exactly one result
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT draft, status FROM items").fetchall()
    assert len(rows) == n and {s for _, s in rows} == {"done"} and len({d for d, _ in rows}) == n
    # the server saw no second request for a draft that was finished before the kill
    asked_again = {request_hash(r["body"]) for r in second_run}
    assert asked_again.isdisjoint(done_at_kill)
    assert len(second_run) == n - len(done_at_kill)  # requests in flight at the kill had no answer: asked once more
    logged = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    counts: dict[str, int] = {}
    for r in logged:
        h = request_hash(r["body"])
        counts[h] = counts.get(h, 0) + 1
    assert all(counts[h] == 1 for h in done_at_kill)
    assert json.loads(resumed.stdout)["run"]["counts"] == {"pending": 0, "done": n, "error": 0}


def _done_hashes(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {h for (h,) in conn.execute("SELECT request_hash FROM items WHERE status = 'done'")}


def _wait_for_done(db_path: Path, *, at_least: int, proc: subprocess.Popen) -> set[str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        if db_path.exists():
            try:
                done = _done_hashes(db_path)
            except sqlite3.OperationalError:  # table not created yet
                done = set()
            if len(done) >= at_least:
                return done
        time.sleep(0.05)
    raise AssertionError("the review never got going")


def test_export_then_import_batch_round_trip(tmp_path: Path) -> None:
    write_team(tmp_path / "team", 5)
    req = tmp_path / "requests.jsonl"
    out = okr("review", str(tmp_path / "team"), "--export-batch", str(req), "--quiet")
    assert out.returncode == 1  # model answers still missing
    assert "--import-batch" in out.stderr
    lines = [json.loads(x) for x in req.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5
    assert all(x["method"] == "POST" and x["url"] == "/v1/chat/completions" and x["custom_id"] == request_hash(x["body"]) for x in lines)
    # what the Batch API / `vllm run-batch` returns: any order, one failed line, one garbage line
    results = [_batch_ok(x["custom_id"], judging_reply(x["body"])) for x in reversed(lines[1:])]
    results.append({"id": "b", "custom_id": lines[0]["custom_id"], "response": {"status_code": 500, "body": {"error": {"message": "overloaded"}}}, "error": None})
    out_file = tmp_path / "results.jsonl"
    out_file.write_text("\n".join(json.dumps(r) for r in results) + "\nnot json\n", encoding="utf-8")
    out = okr("review", "--resume", "last", "--import-batch", str(out_file), "--format", "json", "--quiet")
    data = json.loads(out.stdout)
    assert out.returncode == 1
    assert data["run"]["counts"] == {"pending": 1, "done": 4, "error": 0}
    assert any(s["line"] == 6 for s in data["skipped"]) and any("overloaded" in s["message"] for s in data["skipped"])
    # the missing one goes out again in a second, smaller batch; importing again is idempotent
    req2 = tmp_path / "requests2.jsonl"
    okr("review", "--resume", "last", "--export-batch", str(req2), "--quiet")
    again = [json.loads(x) for x in req2.read_text(encoding="utf-8").splitlines()]
    assert [x["custom_id"] for x in again] == [lines[0]["custom_id"]]
    (tmp_path / "results2.jsonl").write_text(json.dumps(_batch_ok(lines[0]["custom_id"], judging_reply(again[0]["body"]))) + "\n", encoding="utf-8")
    out = okr("review", "--resume", "last", "--import-batch", str(tmp_path / "results2.jsonl"), "--format", "json", "--quiet")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["run"]["counts"] == {"pending": 0, "done": 5, "error": 0}
    # imported answers count like live ones: model findings and the agreement table
    assert all(any(f["llm"] for f in p["findings"]) for p in data["people"])
    assert {a["criterion"]: (a["compared"], a["agreed"]) for a in data["agreement"]}["kr.measurable"] == (10, 5)


def _batch_ok(custom_id: str, content: str = JUDGE_REPLY) -> dict:
    body = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}
    return {"id": "batch_req_1", "custom_id": custom_id, "response": {"status_code": 200, "request_id": "r", "body": body}, "error": None}


def test_progress_bar_shows_counts_errors_and_time_left() -> None:
    import io

    from assistant.batch import BatchSummary
    from assistant.commands.review import ProgressBar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    bar = ProgressBar(tty)
    bar.start -= 10  # ten seconds in
    bar.update(BatchSummary(done=4, errors=1), 10)
    assert tty.getvalue() == "\r[############------------] 5/10 done · 1 errors · 10 s left"
    bar.update(BatchSummary(done=9, errors=1), 10)
    bar.close()
    assert tty.getvalue().endswith("\r[########################] 10/10 done · 1 errors · 0 s left\n")
    piped = io.StringIO()  # not a terminal (a script, CI): no redrawing, one final line only
    bar = ProgressBar(piped)
    bar.update(BatchSummary(done=1), 2)
    assert piped.getvalue() == ""
    bar.update(BatchSummary(done=2), 2)
    bar.close()
    assert piped.getvalue() == "[########################] 2/2 done · 0 errors · 0 s left\n"
