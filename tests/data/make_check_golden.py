"""Regenerate tests/data/check_golden.json: what `check_set` reports today, for the golden test.

The golden pins the checker's output (findings, scores, coverage) over a varied corpus while its
speed work goes on: any change in a report is a behaviour change and must be deliberate. The
corpus: sets from benchmarks/check.py's and benchmarks/parse.py's generators (fixed seeds), every
file in examples/, each checked with every shipped rubric profile for a share of them.

    .venv/bin/python tests/data/make_check_golden.py
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # benchload, when run as a script

from benchload import ROOT, bench  # noqa: E402

from assistant.checker import check_set  # noqa: E402
from assistant.reader import load, loads  # noqa: E402

check_bench, parse_bench = bench("check"), bench("parse")

PROFILES = ("default", "google", "radical-focus", "lightweight")
OUT = Path(__file__).with_name("check_golden.json")


# Shapes the generators do not make: links to nothing, aligned objectives without a link.
EXTRA = [
    "## 上级 OKR\nO1：产研效能提升\nKR1：敏捷成熟度达到85分\n## 我的 OKR\n"
    "O1：提升团队交付效率 {来源: 上下对齐}\nKR1：需求交付时长从 30 天缩短到 20 天\nKR2：每月至少一次复盘\n"
    "O2：让兄弟部门用好 OKR {对齐: manager:O1.KR1}\nKR1：培训 5 场\nKR2：覆盖 4 个部门\n",
    "## Manager OKRs\nO1: Make checkout fast\nKR1: p95 from 900 ms to 400 ms\n## My OKRs\n"
    "O1: Speed up the payment page {source: aligned}\nKR1: Payment p95 from 700 ms to 300 ms by 30 Sep\n"
    "KR2: Error rate below 0.5%\nO2: Help the search team {aligns: manager:O1.KR1}\nKR1: Two releases a month\n"
    "KR2: Search p95 below 200 ms\n",
    "O1：提升交付效率 {对齐: manager:O2.KR1}\nKR1：交付时长缩短到 20 天\nKR2：每周发布 2 次\n",
    "O1: Faster delivery {aligns: manager:O2.KR1}\nKR1: Lead time down to 2 days\nKR2: Two releases a week\n",
]


def corpus() -> list[tuple[str, str]]:
    """(name, document text) pairs, in a fixed order."""
    rng_c, rng_p = random.Random(2026), random.Random(1129)
    docs = [(f"check-{i}", check_bench.make(rng_c)) for i in range(400)]
    docs += [(f"parse-{i}", parse_bench.make(rng_p)) for i in range(150)]
    docs += [(f"extra-{i}", text) for i, text in enumerate(EXTRA)]
    return docs


def example_files() -> list[Path]:
    """Every OKR file under examples/ that reads as a set."""
    return sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".md", ".json", ".yaml") and p.is_file())


def cases() -> list[tuple[str, str, object]]:
    """(case name, rubric name, OKR set) for every golden case."""
    out = []
    for i, (name, text) in enumerate(corpus()):
        okr_set = loads(text)
        for rubric in PROFILES if i % 10 == 0 else ("default",):
            out.append((name, rubric, okr_set))
    for path in example_files():
        try:
            okr_set = load(path)
        except Exception:  # noqa: BLE001 - context-only files are not sets
            continue
        for rubric in PROFILES:
            out.append((str(path.relative_to(ROOT)), rubric, okr_set))
    return out


def summary(report: dict) -> dict:
    """The readable part of a report (scores, findings, inference, coverage) plus a hash of all of it.

    The criterion's fixed texts (title, fix, examples) repeat in every finding; the hash covers them."""
    whole = json.dumps(report, ensure_ascii=False, sort_keys=True)
    return {
        "score": report["score"], "band": report["band"], "language": report["language"],
        "findings": [[f["criterion"], f["severity"], f["target"], f["span"], f["message"], f["inferred"]]
                     for f in report["findings"]],
        "objectives": [[o["target"], o["score"], o["source"], o["source_inferred"], o["kind"], o["kind_inferred"],
                        o["commitment"], o["commitment_default"]] for o in report["objectives"]],
        "source_mix": report["source_mix"], "coverage": report["coverage"], "not_run": report["not_run"],
        "sha256": hashlib.sha256(whole.encode()).hexdigest(),
    }


def main() -> None:
    golden = [{"case": name, "rubric": rubric, **summary(check_set(s, rubric, name=name).model_dump(mode="json"))}
              for name, rubric, s in cases()]
    OUT.write_text(json.dumps(golden, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(golden)} reports → {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
