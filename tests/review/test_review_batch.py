"""The batch runner against the fake server: faults, limits, fatal errors, the run database."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import openai
import pytest
from reviewkit import JUDGE_REPLY, FakeServer

from assistant.batch import BatchRunner, Job, Limits, TokenBucket, openai_sender
from assistant.rundb import RunDB, Status


def _jobs(n: int) -> list[Job]:
    return [Job(draft=f"d{i:03d}", request_hash=f"h{i:03d}", body={"model": "m", "messages": [{"role": "user", "content": f"draft {i}"}]},
                est_tokens=50) for i in range(n)]


def _run(srv: FakeServer, tmp_path: Path, n: int, limits: Limits) -> tuple[RunDB, str, object]:
    db = RunDB(tmp_path / "runs.db")
    run_id = db.create_run({})
    jobs = _jobs(n)
    db.add_items(run_id, [(j.draft, j.request_hash) for j in jobs])

    async def go() -> object:
        client = openai.AsyncOpenAI(base_url=srv.base_url, api_key="sk-test", max_retries=0, http_client=httpx.AsyncClient())
        try:
            return await BatchRunner(openai_sender(client, json.loads), db, run_id, limits).run(jobs)
        finally:
            await client.close()

    return db, run_id, asyncio.run(go())


FAST = dict(backoff_base=0.01, backoff_cap=0.05)


def test_429_500_invalid_json_and_dropped_connections_do_not_stop_the_batch(tmp_path: Path) -> None:
    with FakeServer(reply=JUDGE_REPLY, faults=["429", "500", "invalid_json", "drop", "429"], retry_after=0.02) as srv:
        db, run_id, summary = _run(srv, tmp_path, 20, Limits(concurrency=4, **FAST))
        sent = len(srv.requests)
    assert db.counts(run_id) == {"pending": 0, "done": 20, "error": 0}
    assert summary.fatal is None and summary.requests == sent == 25
    assert all(it.result == json.loads(JUDGE_REPLY) for it in db.items(run_id))
    assert sum(it.attempts for it in db.items(run_id)) == 25  # retries are recorded per draft


def test_a_draft_that_keeps_failing_ends_as_a_stated_error_and_others_finish(tmp_path: Path) -> None:
    with FakeServer(reply=JUDGE_REPLY, fault_when={"draft 3\"": "500"}) as srv:
        db, run_id, summary = _run(srv, tmp_path, 8, Limits(concurrency=3, max_attempts=3, **FAST))
    errors = db.items(run_id, Status.error)
    assert [e.draft for e in errors] == ["d003"] and "server error 500" in (errors[0].error or "")
    assert errors[0].attempts == 3
    assert db.counts(run_id)["done"] == 7 and summary.errors == 1


def test_window_never_exceeds_the_concurrency_limit(tmp_path: Path) -> None:
    with FakeServer(reply=JUDGE_REPLY, latency=0.05) as srv:
        _, _, summary = _run(srv, tmp_path, 30, Limits(concurrency=5))
        peak = srv.max_in_flight
    assert peak == 5 and summary.done == 30


@pytest.mark.parametrize(("fault", "words"), [("401", "API key"), ("quota", "quota")])
def test_run_level_fatal_errors_stop_scheduling_and_leave_the_rest_pending(tmp_path: Path, fault: str, words: str) -> None:
    with FakeServer(reply=JUDGE_REPLY, faults=["ok", "ok", fault], default_fault=fault, latency=0.01) as srv:
        db, run_id, summary = _run(srv, tmp_path, 40, Limits(concurrency=1, **FAST))
        sent = len(srv.requests)
    assert summary.fatal and words in summary.fatal
    counts = db.counts(run_id)
    assert counts["done"] == 2 and counts["error"] == 0 and counts["pending"] == 38
    assert sent == 3  # stopped after the first fatal answer, no hammering


def test_unreachable_server_stops_the_run_without_marking_anything_done(tmp_path: Path) -> None:
    srv = FakeServer()  # never started: connection refused on an unused port
    srv.port = 9  # discard port: nothing listens in the test sandbox
    db, run_id, summary = _run(srv, tmp_path, 10, Limits(concurrency=2, max_attempts=2, **FAST))
    assert summary.fatal and "cannot reach" in summary.fatal
    assert db.counts(run_id)["done"] == 0 and db.counts(run_id)["error"] == 0


def test_rpm_bucket_spaces_requests_on_a_fake_clock() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    async def go() -> None:
        bucket = TokenBucket(60, lambda: now[0], sleep)  # 1 per second, burst 60
        for _ in range(65):
            await bucket.take(1)

    asyncio.run(go())
    assert round(now[0]) == 5  # 60 at once, then five more at one per second
    assert all(s > 0 for s in slept)


def test_rundb_resume_only_lists_what_is_missing_and_a_changed_request_is_redone(tmp_path: Path) -> None:
    db = RunDB(tmp_path / "runs.db")
    run_id = db.create_run({"paths": ["a"]})
    db.add_items(run_id, [("ana", "h1"), ("ben", "h2"), ("cho", "h3")])
    db.record_done(run_id, "ana", {"ok": 1}, attempts=1)
    db.record_error(run_id, "ben", "boom", attempts=2)
    assert [it.draft for it in db.missing(run_id)] == ["ben", "cho"]
    db.add_items(run_id, [("ana", "h1"), ("ben", "h2"), ("cho", "h3")])  # same requests: nothing reset
    assert db.items(run_id, Status.done)[0].draft == "ana"
    db.add_items(run_id, [("ana", "h1-edited")])  # Ana edited her draft: the old answer no longer applies
    assert "ana" in [it.draft for it in db.missing(run_id)]
    assert db.resolve("last") == run_id
    assert db.params(run_id) == {"paths": ["a"]}


def test_rundb_unknown_run_and_no_run_are_clear_errors(tmp_path: Path) -> None:
    from assistant.errors import InputError

    db = RunDB(tmp_path / "runs.db")
    with pytest.raises(InputError, match="no earlier review run"):
        db.resolve("last")
    db.create_run({})
    with pytest.raises(InputError, match="no review run called 'nope'") as exc:
        db.resolve("nope")
    assert "--resume last" in exc.value.hint


def test_a_server_asking_to_wait_over_two_minutes_leaves_the_rest_pending(tmp_path: Path) -> None:
    with FakeServer(reply=JUDGE_REPLY, faults=["ok", "429"], retry_after=121) as srv:
        db, run_id, summary = _run(srv, tmp_path, 6, Limits(concurrency=1, **FAST))
        sent = len(srv.requests)
    assert summary.fatal and "121 s" in summary.fatal
    assert db.counts(run_id) == {"pending": 5, "done": 1, "error": 0} and sent == 2


def test_tpm_limit_holds_requests_back_until_tokens_refill(tmp_path: Path) -> None:
    now = [0.0]

    async def sleep(s: float) -> None:
        now[0] += s
        await asyncio.sleep(0)

    async def send(job: Job) -> tuple[object, dict[str, int]]:
        return {"ok": True}, {"total_tokens": job.est_tokens}

    db = RunDB(tmp_path / "runs.db")
    run_id = db.create_run({})
    jobs = [Job(draft=f"d{i}", request_hash=f"h{i}", body={}, est_tokens=500) for i in range(10)]
    db.add_items(run_id, [(j.draft, j.request_hash) for j in jobs])
    runner = BatchRunner(send, db, run_id, Limits(concurrency=4, tpm=1000), clock=lambda: now[0], sleep=sleep)
    summary = asyncio.run(runner.run(jobs))
    assert summary.done == 10
    # 5,000 tokens at 1,000 a minute with a one-minute burst: at least four minutes of waiting
    assert now[0] >= 4 * 60 - 1


def test_a_pool_of_small_clients_still_fills_the_window(tmp_path: Path) -> None:
    from assistant.batch import client_pool

    db = RunDB(tmp_path / "runs.db")
    run_id = db.create_run({})
    jobs = _jobs(60)
    db.add_items(run_id, [(j.draft, j.request_hash) for j in jobs])
    with FakeServer(reply=JUDGE_REPLY, latency=0.05) as srv:
        async def go() -> object:
            pool = client_pool(lambda http: openai.AsyncOpenAI(base_url=srv.base_url, api_key="sk-test", max_retries=0, http_client=http), 20)
            try:
                assert len(pool) == 3  # 20 in flight → three pools of at most 7 connections
                return await BatchRunner(openai_sender(pool, json.loads), db, run_id, Limits(concurrency=20)).run(jobs)
            finally:
                for c in pool:
                    await c.close()

        summary = asyncio.run(go())
        peak = srv.max_in_flight
    assert summary.done == 60 and peak == 20
    assert db.counts(run_id) == {"pending": 0, "done": 60, "error": 0}
