"""Benchmark the team review. Prints figures; asserts nothing.

1. Model calls: 1,000 drafts against the fake server (a separate process) answering after 200 ms,
   concurrency 32. The requests are the real judge requests (`assistant.reviewjudge.JudgePlan`,
   with the cross-check questions) and every answer goes through the real parser
   (`judge.parse_answer`) and into the run database. Prints the wall time, its ratio to the ideal
   ceil(1000/32) × 0.2 s (target ≤ 1.15) and the client's CPU cost per request.
2. Deterministic review: 10,000 drafts (a generated CSV: 100 managers × 99 people) through
   load → rubric check → team alignment. Prints drafts per second and where the time goes.

    .venv/bin/python benchmarks/review.py [--drafts 1000] [--concurrency 32] [--latency 0.2] [--det 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.batch import BatchRunner, Job, Limits, openai_sender  # noqa: E402
from assistant.rundb import RunDB  # noqa: E402


# A valid judge answer (what judge.parse_answer accepts for the review's request): one verdict
# and the record-only cross-checks.
REPLY = json.dumps({
    "verdicts": [{"criterion": "objective.inspiring", "target": "O1", "level": "adequate", "quote": "Make checkout fast",
                  "reason": "Clear, but it does not say who benefits.", "fix": "Name who benefits."}],
    "checks": [{"criterion": "kr.measurable", "target": "O1.KR1", "passes": True},
               {"criterion": "objective.not_task", "target": "O1", "passes": True}],
})


def _start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fakeserver.py"), "--latency", str(latency), "--reply", REPLY],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    return proc, f"http://127.0.0.1:{line.split()[1]}/v1"


def _plan(base_url: str):  # noqa: ANN202
    from assistant import judge
    from assistant.config import load_settings
    from assistant.reviewjudge import JudgePlan
    from assistant.rubric import load_rubric

    return JudgePlan(load_rubric(None), "en", load_settings(base_url=base_url, api_key="sk-bench", model="bench"), judge)


def bench_calls(n: int, concurrency: int, latency: float) -> None:
    from assistant.reader import loads
    from assistant.review import request_hash

    proc, base_url = _start_server(latency)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = RunDB(Path(tmp) / "runs.db")
            run_id = db.create_run({})
            plan = _plan(base_url)
            jobs = []
            for i in range(n):
                draft = loads(f"O1: Make checkout fast for shop {i} {{source: self_driven}}\n"
                              f"KR1: p95 from {900 + i} ms to 400 ms by 30 Sep\nKR2: Payment errors from 2% to 0.5% by 30 Sep\n")
                body = plan.body(draft)
                jobs.append(Job(draft=f"p{i:05d}", request_hash=request_hash(body), body=body, est_tokens=plan.estimate(body)))
            db.add_items(run_id, [(j.draft, j.request_hash) for j in jobs])

            async def go() -> tuple[float, float, int]:
                clients = plan.clients(concurrency)
                runner = BatchRunner(openai_sender(clients, plan.parse), db, run_id, Limits(concurrency=concurrency))
                cpu0, t0 = time.process_time(), time.perf_counter()
                summary = await runner.run(jobs)
                wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
                for client in clients:
                    await client.close()
                return wall, cpu, summary.done

            wall, cpu, done = asyncio.run(go())
    finally:
        proc.terminate()
        proc.wait()
    ideal = math.ceil(n / concurrency) * latency
    print(f"model calls: {n} drafts, concurrency {concurrency}, latency {latency * 1000:.0f} ms")
    print(f"  done {done}, wall {wall:.2f} s, ideal {ideal:.2f} s, ratio {wall / ideal:.3f} (target <= 1.15)")
    print(f"  client CPU {cpu:.2f} s = {cpu / n * 1000:.2f} ms per request (incl. per-result SQLite commit)")


NOUNS = ["checkout", "search", "payments", "onboarding", "billing", "the catalogue", "refunds", "login", "shipping quotes", "invoices",
         "the partner API", "reporting", "mobile release", "alerting", "data exports", "inventory sync"]
QUALS = ["for small shops", "in the EU", "for returning buyers", "on Android", "before the sale", "for the support team", "end to end",
         "for new markets", "without downtime", "for finance"]


def _team_csv(n: int) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["person", "role", "manager", "objective", "kr", "source", "kind", "aligns"])
    managers = max(1, n // 100)
    rng = random.Random(7)
    for m in range(managers):
        boss = f"Manager {m}"
        title = f"Make {rng.choice(NOUNS)} {rng.choice(QUALS)} region {m}'s best"
        w.writerow([boss, "Manager", "", title, f"p95 from {900 + m} ms to 400 ms by 30 Sep", "self_driven", "business", ""])
        w.writerow([boss, "Manager", "", title, f"Conversion from {50 + m % 10}% to 66% by 30 Sep", "self_driven", "business", ""])
        w.writerow([boss, "Manager", "", f"Grow {rng.choice(NOUNS)} skills {rng.choice(QUALS)}", "Deploys from 3 to 10 per week", "self_driven", "capability", ""])
    verbs = ["Cut", "Speed up", "Stabilise", "Simplify", "Automate", "Harden", "Open up", "Measure", "Shrink", "Rebuild", "Document", "Scale"]
    nouns, quals = NOUNS, QUALS
    zh_verbs = ["提升", "优化", "打通", "重建", "简化", "自动化", "稳定", "度量"]
    zh_nouns = ["需求交付", "接口测试", "发布流程", "监控告警", "数据报表", "商家入驻", "结算对账", "搜索排序", "客服工单", "容量规划"]
    zh_quals = ["效率", "质量", "体验", "覆盖", "时效", "成本"]
    for i in range(n - managers):
        boss = f"Manager {i % managers}"
        person = f"Person {i}"
        if i % 2:
            o1 = f"{rng.choice(zh_verbs)}{rng.choice(zh_nouns)}的{rng.choice(zh_quals)}（第 {i} 组）"
            rows = [(o1, f"需求平均交付时长从 {40 + i % 9} 天缩短到 {30 - i % 5} 天", "上下对齐", "业务型", "O1.KR1"),
                    (o1, f"自动化覆盖从 {30 + i % 20}% 提升到 {75 + i % 10}%", "上下对齐", "业务型", "O1.KR1"),
                    (f"培养{rng.choice(zh_nouns)}方向的{rng.choice(zh_quals)}能力", "每季度 2 名成员通过认证", "自驱", "非业务型", "")]
        else:
            o1 = f"{rng.choice(verbs)} {rng.choice(nouns)} {rng.choice(quals)}"
            rows = [(o1, f"p95 from {1000 + i % 50} ms to {300 + i % 40} ms by 31 Aug", "aligned", "business", "O1.KR1"),
                    (o1, f"Cache hit rate from {30 + i % 20}% to {85 + i % 10}%", "aligned", "business", "O1.KR1"),
                    (f"Help {rng.choice(nouns)} {rng.choice(quals)}", "Ticket-to-repro time from 3 days to 1 day", "external_support", "business", "")]
        for o, kr, src, kind, al in rows:
            w.writerow([person, "Engineer", boss, o, kr, src, kind, al])
    return buf.getvalue()


def bench_deterministic(n: int) -> None:
    try:
        from assistant.checker import check_set  # noqa: F401
        from assistant.rubric import load_rubric
    except ImportError as exc:
        print(f"deterministic review: skipped ({exc.name} not available in this checkout)")
        return
    from assistant.alignment import analyse
    from assistant.review import check_people
    from assistant.team import attach_upper, read_csv

    text = _team_csv(n)
    t0 = time.perf_counter()
    team, problems = read_csv(text, name="bench.csv")
    attach_upper(team)
    t1 = time.perf_counter()
    people, kinds, _ = check_people(team, load_rubric(None), None)
    t2 = time.perf_counter()
    result = analyse(team, kinds=kinds)
    t3 = time.perf_counter()
    total = t3 - t0
    print(f"deterministic review: {len(people)} drafts in {total:.2f} s = {len(people) / total:,.0f} drafts/s")
    print(f"  read CSV {t1 - t0:.2f} s · rubric {t2 - t1:.2f} s · team alignment {t3 - t2:.2f} s "
          f"({len(result.findings)} team findings, health {result.health})")
    assert not problems


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--drafts", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--latency", type=float, default=0.2)
    p.add_argument("--det", type=int, default=10000)
    a = p.parse_args()
    os.environ.setdefault("OKR_HOME", tempfile.mkdtemp(prefix="okr-bench-"))
    bench_calls(a.drafts, a.concurrency, a.latency)
    bench_deterministic(a.det)


if __name__ == "__main__":
    main()
