"""How fast the reader turns person-sized drafts into OKR sets (target ≥ 5,000 sets/s on one core).

Generates 10,000 sets (3–5 objectives, 2–4 KRs each; Chinese and English; numbered lines, the
article's inline form, Markdown headings + lists, front matter, attribute tags), then times
`assistant.reader.loads` over all of them and prints sets per second.

    .venv/bin/python benchmarks/parse.py [N]
"""

from __future__ import annotations

import random
import sys
import time

from assistant.measure import key_result_data
from assistant.caches import clear_all
from assistant.reader import loads

ZH_O = ["提升产研效能", "建设业务组件化能力", "提高客户满意度", "落地 OKR 工作法", "提升敏捷影响力", "降低线上故障率"]
ZH_KR = ["敏捷成熟度达到{n}分", "需求平均交付时长从{n}天缩短到{m}天", "团队 OKR 覆盖度{n}%", "每月至少{c}次分享",
         "培养{c}名 OKR 教练", "平均阅读 UV{n} 以上", "本季度完成{c}场培训", "二十四个团队达标"]
EN_O = ["Make checkout fast", "Stop losing orders to payment errors", "Grow a team that learns", "Ship smaller changes"]
EN_KR = ["Checkout p95 from {n}0 ms to {m}0 ms by 30 Sep", "Increase NPS from {m} to {n} by end of Q3",
         "Ship {c} releases per month", "Error rate below {c}%", "Conversion from {m}% to {n}%"]
TAGS = ["", " {source: aligned; kind: business; aligns: manager:O1.KR1}", " {来源: 自驱; 类型: 非业务型}",
        " {source: external_support}"]


def make(rng: random.Random) -> str:
    zh = rng.random() < 0.5
    os_, krs = (ZH_O, ZH_KR) if zh else (EN_O, EN_KR)
    colon = "：" if zh else ": "
    shape = rng.choice(["numbered", "inline", "markdown"])
    head = "---\nname: {}\nrole: {}\ncycle: 2026-Q3\n---\n".format(
        *(("留留老师", "敏捷教练") if zh else ("Ana Souza", "Backend engineer"))) if rng.random() < 0.7 else ""
    lines, inline = [], []
    for i in range(1, rng.randint(3, 5) + 1):
        tag = rng.choice(TAGS)
        title = f"O{i}{colon}{rng.choice(os_)}{tag}"
        # wide number ranges make nearly every KR text distinct, so the reader's cache does not flatter the figure
        krs_i = [rng.choice(krs).format(n=rng.randint(500, 99_999), m=rng.randint(10, 499), c=rng.randint(1, 999))
                 for _ in range(rng.randint(2, 4))]
        if shape == "markdown":
            lines.append(f"## {title}")
            lines += [f"- KR{j}{colon}{k}" for j, k in enumerate(krs_i, 1)]
        elif shape == "inline":
            inline.append(" ".join([title.replace(tag, "")] + [f"KR{j}{colon}{k}" for j, k in enumerate(krs_i, 1)]))
        else:
            lines.append(title)
            lines += [f"KR{j}{colon}{k}" for j, k in enumerate(krs_i, 1)]
    body = " ".join(inline) if inline else "\n".join(lines)
    return head + body + "\n"


def _time(texts: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) for reading every text (each set dropped at once, as `okr fmt` does)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for t in texts:
        loads(t)
    return time.perf_counter() - wall, time.process_time() - cpu


def _count(texts: list[str]) -> tuple[int, int]:
    """(objectives, key results) in `texts` (outside the timing)."""
    sets = [loads(t) for t in texts]
    return sum(len(s.objectives) for s in sets), sum(len(o.key_results) for s in sets for o in s.objectives)


def _kr_cpu(texts: list[str]) -> tuple[float, int]:
    """CPU seconds spent reading the fields of every KR in `texts` alone (cache cleared first): the
    fields only, as the reader gets them (it validates the KeyResult models with their objective)."""
    kr_texts = [k.text for t in texts for o in loads(t).objectives for k in o.key_results]
    key_result_data.cache_clear()
    cpu = time.process_time()
    for k in kr_texts:
        key_result_data(k)
    return time.process_time() - cpu, len(kr_texts)


def _cold(texts: list[str]) -> float:
    """CPU seconds reading every text with every cache emptied before it (nothing learnt from the others)."""
    total = 0.0
    for t in texts:
        clear_all()
        cpu = time.process_time()
        loads(t)
        total += time.process_time() - cpu
    return total


ROUNDS = 3  # the machine is shared: the same pass varies by tens of percent from one minute to the next


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(7)
    texts = [make(rng) for _ in range(n)]
    loads(make(random.Random(99)))  # imports and regex compilation out of the timing
    rounds = []
    for _ in range(ROUNDS):  # each round from empty caches, as a fresh `okr fmt` over the 10,000 files
        clear_all()
        rounds.append(_time(texts))
    wall, cpu = sorted(rounds, key=lambda r: r[1])[ROUNDS // 2]  # the median round
    objectives, krs = _count(texts)
    print(f"parsed {n} sets ({objectives} objectives, {krs} key results, "
          f"{len({t for t in texts})} distinct texts) in {wall:.2f} s wall, {cpu:.2f} s CPU")
    # CPU time is the figure for "one core": the machine may be shared, and waiting is not reading
    print(f"first read: {n / cpu:,.0f} sets/s on one core, median of {ROUNDS} rounds ({cpu / n * 1e6:.0f} µs CPU per set; "
          f"rounds: {', '.join(f'{n / r[1]:,.0f}' for r in rounds)} sets/s; target ≥ 5,000 sets/s)")
    kr_cpu, kr_count = _kr_cpu(texts)
    print(f"time split: KR field reading {kr_cpu:.2f} s CPU for {kr_count} KRs ({kr_cpu / kr_count * 1e6:.1f} µs per KR, "
          f"{kr_cpu / cpu:.0%} of the read); the rest (lines, markers, context, validating the models) {cpu - kr_cpu:.2f} s")
    _, again = _time(texts[-1000:])  # the most recent sets: their KR readings are in the cache
    print(f"re-read of 1,000 sets: {1000 / again:,.0f} sets/s CPU (KR readings cached, as when a draft is re-read on each edit)")
    cold = _cold(texts[:2000])
    print(f"cold read of 2,000 sets: {2000 / cold:,.0f} sets/s CPU ({cold / 2000 * 1e6:.0f} µs per set; every cache "
          "emptied before each set, so repeated titles, tags and KRs across files help nothing)")


if __name__ == "__main__":
    main()
