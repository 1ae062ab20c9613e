"""How fast the default rubric checks person-sized sets, reading included (targets: ≥ 2,000 sets/s on
one core, and checking no more than 3× the cost of reading).

Generates 10,000 varied sets in text form (Chinese and English mixed; ~3 objectives × ~3 KRs; good
and poor phrasing: tasks, vague KRs, placeholders, missing baselines, tags, a manager's OKRs above
about half of them, front matter with and without a cycle), reads them with `reader.loads`, then
checks them with `checker.check_set`, and prints sets per second for read + check and the ratio of
checking time to reading time. Caches are cleared before each timed pass so repeated wording does
not flatter the figure. Three rounds run with the collector setting `okr check` runs under
(assistant.gctune: the collector off) and three with Python's default setting, for comparison;
each figure is its median round.

    .venv/bin/python benchmarks/check.py [N] [--profile]
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import random
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import NamedTuple

from assistant.caches import clear_all
from assistant.checker import check_set
from assistant.gctune import for_command
from assistant.reader import loads
from assistant.rubric import Rubric, load_rubric

ZH_O = ["提高产研团队的需求交付效率", "让部门的 OKR 真正用起来", "提升部门在公司内外的敏捷影响力", "让客户更快拿到需要的功能",
        "上线新版官网", "维持系统稳定运行", "客户满意度提升到 {p}%", "让新人更快上手", "建设能独立运转 OKR 的教练梯队",
        "通过多元化的方式，提升部门和公司的敏捷影响力，并赋能其他部门提升敏捷和 OKR 的应用能力"]
ZH_KR = ["需求平均交付时长从 {m} 天缩短到 {s} 天", "敏捷成熟度达到 {s} 分", "每月至少一次给兄弟部门分享敏捷方法",
         "通过 {s} 场培训，培养 {m} 名 OKR 教练", "上线新版官网", "完成数据平台迁移", "转化率提升到 {p}%",
         "转化率提升到 XX%", "提升团队的敏捷能力", "{d} 月底前完成监控告警上线", "每周跟进 {s} 个团队的改进措施",
         "线上缺陷数从每月 {m} 个降低到 {s} 个", "组织 {s} 次部门分享会", "客户满意度从 {s}% 提升到 {p}%",
         "本季度新增 {m} 个付费客户"]
EN_O = ["Make checkout fast and reliable on mobile", "Stop losing orders to payment errors", "Make payment incidents boring",
        "Help the search team make their API fast", "Launch the new website", "Keep supporting customers",
        "Raise customer satisfaction to {p}%", "Grow a team that can run checkout without heroes",
        "Through articles, videos, talks and workshops, grow our agile reputation and help other teams apply it"]
EN_KR = ["Checkout p95 latency from {m}0 ms to {s}0 ms by 30 Sep", "Payment error rate from {s}.0% to 0.5%",
         "Ship {s} releases a month", "Train {m} OKR coaches through {s} workshops", "Launch the new website",
         "Improve the team's agility", "Raise NPS to {p}", "Raise conversion to X%", "Finish the data migration by {d} Jun",
         "Hold weekly meetings with the sales team", "Mean time to recover from {m} min to {s} min",
         "Card-token cache hit rate from {s}% to {p}%", "Hire {s} senior engineers this quarter"]
ZH_TAGS = ["", "", " {来源: 自驱}", " {来源: 外部支撑; 类型: 非业务型}", " {来源: 上下对齐; 对齐: manager:O1.KR{k}}",
           " {承诺: 挑战型}"]
EN_TAGS = ["", "", " {source: self_driven}", " {source: external_support; kind: capability}",
           " {source: aligned; aligns: manager:O1.KR{k}}", " {commitment: aspirational}"]
ZH_UPPER = "## 上级 OKR\n\nO1：产研效能提升\nKR1：敏捷成熟度达到{s}分\nKR2：敏捷团队OKR覆盖度{p}%\nKR3：需求平均交付时长为{m}天\nO2：业务组件化建设\n\n## 我的 OKR\n\n"
EN_UPPER = ("## Manager OKRs\n\nO1: Make checkout fast and reliable on mobile\nKR1: Checkout p95 latency from {m}0 ms to "
            "{s}0 ms\nKR2: Payment error rate from 2.0% to 0.{s}%\nKR3: Mobile conversion from 2.1% to {p}%\n"
            "O2: Ship checkout changes daily\n\n## My OKRs\n\n")


def make(rng: random.Random) -> str:
    """One person's set in text form, with numbers drawn wide so nearly every text is distinct."""
    zh = rng.random() < 0.5
    objectives, krs, tags, upper = (ZH_O, ZH_KR, ZH_TAGS, ZH_UPPER) if zh else (EN_O, EN_KR, EN_TAGS, EN_UPPER)
    colon = "：" if zh else ": "

    def fill(t: str) -> str:  # replace, not format: attribute tags are in braces too
        for name, lo, hi in (("{s}", 2, 99), ("{m}", 100, 9999), ("{p}", 10, 99), ("{d}", 1, 12), ("{k}", 1, 3)):
            t = t.replace(name, str(rng.randint(lo, hi)))
        return t

    cycle = "cycle: 2026-Q3\n" if rng.random() < 0.6 else ""
    head = f"---\nname: {'留留' if zh else 'Ana'}\n{cycle}---\n" if rng.random() < 0.8 else ""
    has_upper = rng.random() < 0.5
    lines = [fill(upper)] if has_upper else []
    for i in range(1, rng.choice([2, 3, 3, 3, 4]) + 1):
        tag = rng.choice(tags if has_upper else [t for t in tags if "aligns" not in t and "对齐" not in t])
        lines.append(f"O{i}{colon}{fill(rng.choice(objectives))}{fill(tag)}")
        lines += [f"KR{j}{colon}{fill(rng.choice(krs))}" for j in range(1, rng.choice([2, 3, 3, 3, 4]) + 1)]
    return head + "\n".join(lines) + "\n"


ROUNDS = 3


class Round(NamedTuple):
    read: float  # CPU seconds
    check: float
    read_wall: float
    check_wall: float
    objectives: int
    krs: int
    findings: int
    zh: int
    mean_score: float


def one_round(texts: list[str], rubric: Rubric, setting: Callable[[], AbstractContextManager[None]],
              profiler: cProfile.Profile | None = None) -> Round:
    """Read every text, then check every set, from empty caches, under a collector `setting`.

    CPU time of this process (the machine is shared, so wall time also counts other people's work);
    wall time is kept beside it. The sets and reports are counted, then freed outside the timing."""
    clear_all()
    with setting():
        start, wall = time.process_time(), time.perf_counter()
        sets = [loads(t) for t in texts]
        read, read_wall = time.process_time() - start, time.perf_counter() - wall
        clear_all()  # checking learns nothing from reading's caches (as if read in another run)
        if profiler:
            profiler.enable()
        start, wall = time.process_time(), time.perf_counter()
        reports = [check_set(s, rubric) for s in sets]
        checking, check_wall = time.process_time() - start, time.perf_counter() - wall
        if profiler:
            profiler.disable()
    counted = Round(read, checking, read_wall, check_wall, sum(len(s.objectives) for s in sets),
                    sum(len(o.key_results) for s in sets for o in s.objectives), sum(len(r.findings) for r in reports),
                    sum(r.language == "zh" for r in reports), sum(r.score for r in reports) / len(reports))
    del sets, reports
    gc.collect()
    return counted


def median(rounds: list[Round]) -> Round:
    """The round with the median read + check time."""
    return sorted(rounds, key=lambda r: r.read + r.check)[len(rounds) // 2]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rng = random.Random(11)
    texts = [make(rng) for _ in range(n)]
    rubric = load_rubric("default")  # loaded and compiled once, as `okr check` does
    check_set(loads(make(random.Random(99))), rubric)  # imports out of the timing

    # ROUNDS rounds under the collector setting `okr check` runs under (assistant.gctune), then
    # ROUNDS with Python's default collector for comparison: the same pass varies by tens of
    # percent from one minute to the next here, so the median round of each counts.
    profiler = cProfile.Profile() if "--profile" in sys.argv else None
    rounds = [one_round(texts, rubric, lambda: for_command("check"), profiler) for _ in range(ROUNDS)]
    plain = [one_round(texts, rubric, nullcontext) for _ in range(ROUNDS)]
    m, p = median(rounds), median(plain)

    print(f"{n} sets ({m.zh} zh, {n - m.zh} en; {m.objectives} objectives, {m.krs} key results; "
          f"{len(set(texts))} distinct texts) → {m.findings} findings, mean score {m.mean_score:.1f}")
    print(f"CPU time on one core: read {m.read:.2f} s, check {m.check:.2f} s, read + check {m.read + m.check:.2f} s "
          f"(wall {m.read_wall:.2f} s + {m.check_wall:.2f} s)")
    print(f"read + check: {n / (m.read + m.check):,.0f} sets/s, median of {ROUNDS} rounds (rounds: "
          f"{', '.join(f'{n / (r.read + r.check):,.0f}' for r in rounds)}; target ≥ 2,000)")
    print(f"check only: {n / m.check:,.0f} sets/s ({m.check / n * 1e6:.0f} µs per set)")
    print(f"checking / reading: {m.check / m.read:.2f}× (rounds: {', '.join(f'{r.check / r.read:.2f}' for r in rounds)}; "
          "target ≤ 3×)")
    print(f"with Python's default collector instead: {n / (p.read + p.check):,.0f} sets/s read + check, median of "
          f"{ROUNDS} rounds (okr check's setting saves {1 - (m.read + m.check) / (p.read + p.check):.0%})")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
