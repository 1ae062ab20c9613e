"""Regenerate tests/data/measure_golden.json: what assistant/measure.py reads today, for the golden test.

The golden pins every reading of `measure` (the KR fields of `_fields`, `find_numbers`,
`find_deadline`, `has_frequency`, and `parse_number` on the numbers found) over a large, varied
corpus of KR-like texts while measure.py is made faster: any change in a reading is a behaviour
change and must be deliberate. The texts are stored in the golden itself, so a change to the
benchmark generators or the examples does not change what is compared.

The corpus, in this order, without duplicates:
- every KR and objective text of sets made by benchmarks/parse.py's and benchmarks/check.py's `make`
  generators (fixed seeds; the upper-level OKRs included);
- every KR and objective text of the files in examples/ that read as sets (`assistant.reader.load`);
- string literals in tests/test_measure.py and tests/check/*.py that look like KRs (each line of them);
- mutations of a sample of those: full-width digits, upper case, extra spaces, Chinese numerals,
  `by end of Q3`, `9月底前`, `从…到…`, `每月`, separators;
- random concatenations of phrase pieces (deadline, direction, frequency and number words).

    .venv/bin/python tests/data/make_measure_golden.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # benchload, when run as a script

from benchload import ROOT, bench, literal_lines, texts_of  # noqa: E402

from assistant import measure  # noqa: E402
from assistant.reader import load, loads  # noqa: E402

# loaded by path: benchmarks/ on sys.path would let its tui.py shadow the tui package
check_bench, parse_bench = bench("check"), bench("parse")

OUT = Path(__file__).with_name("measure_golden.json")

_FULL = str.maketrans("0123456789.,%: +-~", "０１２３４５６７８９．，％：　＋－～")
_CN = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
_CN_NUMBERS = ["一", "两", "三", "十", "十二", "二十四", "一百零五", "三百", "两千", "一万五千", "三万五千", "十万", "二〇一九",
               "五亿", "百", "千"]
_PIECES = ["BY ", "By ", "by ", "in ", "In ", "within ", "until ", "before ", "no later than ", "end of ", "the ",
           "Q3", "q4", "H1", "h2", "2026", "30 Sep", "Sept 9", "June 30, 2026", "2026-09-30", "this quarter",
           "next month", "year-end", "quarter", "9月底前", "本季度", "下个月", "2026年Q2", "2026年底", "第三季度前",
           "截至6月", "截止到年底", "前", "年", "月", "less than ", "at most ", "no more than ", "fewer than ",
           "reduce ", "Cut ", "Keep ", "increase ", "from ", "to ", " from 3 to 5", "从", "到", "由", "提升到", "缩短到",
           "降低", "提升", "保持", "以内", "以上", "至少", "达到", "不低于", "weekly", "per month", "every day", "a week",
           "每月", "每个季度", "每双周", "Daily", "ſ", "K", "İ", "ı", "x", "3", "85", "1,200", "1.5万", "3千", "二十四",
           "两", "个", "名", "次", "场", "%", "‰", "个百分点", " ", "，", "、", "；", "：", "（", "）", "１", "８５",
           "ms", " ms", "days", " releases", "NPS ", "p95 ", "v2 ", "KR1 ", "O2 ", "的", "团队", "覆盖度", "latency "]


def generated() -> list[str]:
    rng_p, rng_c = random.Random(2611), random.Random(2612)
    out = []
    for _ in range(200):
        out += texts_of(loads(parse_bench.make(rng_p)))
    for _ in range(200):
        out += texts_of(loads(check_bench.make(rng_c)))
    return out


def examples() -> list[str]:
    out = []
    for path in sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".md", ".json", ".yaml")):
        try:
            out += texts_of(load(path))
        except Exception:  # noqa: BLE001 - context-only files are not sets
            continue
    return out


def literals() -> list[str]:
    """Lines of string literals in the measure and checker tests that could be KR or objective wording."""
    return literal_lines([ROOT / "tests" / "test_measure.py", *sorted((ROOT / "tests" / "check").glob("*.py"))])


def mutations(base: list[str], rng: random.Random) -> list[str]:
    """Variants of a sample of `base` that stress widths, case, spacing, numerals, deadlines and rhythm."""
    out = []
    for t in rng.sample(base, min(len(base), 520)):
        out.append(t.translate(_FULL))
        out.append(t.upper())
        out.append(t.lower())
        out.append(t.replace(" ", "   ") if " " in t else " ".join(t))
        out.append("".join(_CN.get(ch, ch) for ch in t))
        out.append(t + rng.choice([" by end of Q3", " before 30 Sep", " by 2026-09-30", " in Q4 2026", " until next month"]))
        out.append(rng.choice(["9月底前", "2026年底前", "本季度", "截至12月", "下个月"]) + t)
        out.append(rng.choice(["每月", "每周", "每个季度", "per month ", "weekly "]) + t)
        a, b = rng.randint(0, 300), rng.randint(0, 300)
        out.append(rng.choice([f"{t}从{a}提升到{b}", f"{t}由{a}%降低至{b}%", f"{t} from {a} to {b}",
                               f"从{rng.choice(_CN_NUMBERS)}到{rng.choice(_CN_NUMBERS)}{t}", f"{t} from {a}% to {b} days"]))
        out.append(rng.choice("，,、；;：:。（）()").join(t.split(" ")) if " " in t else t + rng.choice("，；。") + t)
        out.append(t + rng.choice(["", " "]) + rng.choice(_CN_NUMBERS) + rng.choice("个名次场篇项倍位分天周月年 "))
    return out


def pieces(rng: random.Random, n: int = 3000) -> list[str]:
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 9))) for _ in range(n)]


def corpus() -> list[str]:
    """Every text of the golden, deduplicated, in a fixed order."""
    base = list(dict.fromkeys(generated() + examples() + literals()))
    rng = random.Random(20261129)
    seen: dict[str, None] = dict.fromkeys(base + mutations(base, rng) + pieces(rng))
    return list(seen)


FIELDS = ("metric", "baseline", "target", "unit", "direction", "deadline")
# One golden row: [text, fields, numbers, deadline, frequency, parsed] (lists keep the file small).
ROW = ("text", "fields", "numbers", "deadline", "frequency", "parsed")


def reading(text: str) -> list:
    """Everything measure reads out of `text` (uncached), as a golden row of JSON values (see ROW).

    fields: `_fields(text)` in FIELDS order (without its "text", which is `text`), the direction as
    its value; numbers: `find_numbers` as [value, start, end, text]; deadline: `find_deadline` or None;
    frequency: `has_frequency`; parsed: `parse_number` of each number found, alone and with the
    character after and before it.
    """
    fields = measure._fields.__wrapped__(text)
    direction = fields["direction"]
    numbers = measure.find_numbers(text)
    deadline = measure.find_deadline(text)
    return [
        text,
        [fields[k] for k in FIELDS[:4]] + [None if direction is None else direction.value, fields["deadline"]],
        [[n.value, n.start, n.end, n.text] for n in numbers],
        None if deadline is None else list(deadline),
        measure.has_frequency(text),
        [measure.parse_number(s) for n in numbers
         for s in (n.text, text[n.start:n.end + 1], text[max(0, n.start - 1):n.end])],
    ]


def main() -> None:
    golden = [reading(t) for t in corpus()]
    rows = ",\n".join(json.dumps(g, ensure_ascii=False, separators=(",", ":")) for g in golden)
    OUT.write_text(f'{{"fields":{json.dumps(FIELDS)},"row":{json.dumps(ROW)},"rows":[\n{rows}\n]}}\n', encoding="utf-8")
    print(f"{len(golden)} texts → {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
