"""Regenerate tests/data/reader_golden.json: what `reader.loads` reads today, for the golden test.

The golden pins the reader's output over a varied corpus while its speed work goes on: any change
in a reading (a field, a type, which fields count as set, an error's message, line or hint) is a
behaviour change and must be deliberate. Never regenerate it to make a failing test pass.

The corpus, in a fixed order: sets from benchmarks/parse.py's and benchmarks/check.py's generators
(fixed seeds), every file in examples/, the string literals of the reader tests, a list of shapes
written here, and seeded mutations of all of these (CRLF, BOM, full-width characters, Markdown
headings/bold/lists, indentation, the inline form, tags, section headings, prose, code fences…).

    .venv/bin/python tests/data/make_reader_golden.py
"""

from __future__ import annotations

import ast
import hashlib
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))  # benchload, when run as a script

from benchload import ROOT, bench  # noqa: E402

from assistant.errors import InputError  # noqa: E402
from assistant.models import OKRSet  # noqa: E402
from assistant.reader import load, loads  # noqa: E402


check_bench, parse_bench = bench("check"), bench("parse")

OUT = Path(__file__).with_name("reader_golden.json")
TEST_FILES = ("tests/test_reader.py", "tests/test_reader_errors.py", "tests/test_roundtrip.py")

# Shapes the generators and tests do not make (each also goes through the mutations).
EXTRA = [
    "",
    "   \n\n",
    "\r\n\r\n",
    "O1：提升交付效率\rKR1：交付周期从30天缩短到20天\rKR2：每月至少一次复盘\r",
    "KR1：没有目标的关键结果\nO1：后来的目标\n",
    "- KR1: a key result first\n",
    "姓名：张三\n角色：敏捷教练\n团队：平台生态部\n职责：推动敏捷；落地 OKR\n外部支撑：兄弟部门: 培训；HR：招聘\n\nO1：提升交付效率\nKR1：交付周期从30天缩短到20天\n",
    "Name: Ana\nRole: Backend engineer\nCycle: 2026-Q3\nStakeholders: Sales: demos; Support: fixes\n\nO1: Faster checkout\nKR1: p95 from 900 ms to 400 ms\n",
    "---\nname: Ana\nlevel: manager\n---\n# Manager OKRs\nO1: Faster checkout\nKR1: p95 to 400 ms\n",
    "---\nname: Ana\nlevel: manager\n---\n# Manager OKRs\nO1: Faster checkout\n# My OKRs\nO1: Help\nKR1: p95 to 400 ms\n",
    "---\nname: [unclosed\n---\nO1: A\n",
    "---\n- a\n- b\n---\nO1: A\n",
    "---\nfoo: bar\n---\nO1: A\n",
    "---\nlevel: galaxy\n---\nO1: A\n",
    "---\nlanguage: 英文\n层级: 部门\nresponsibilities:\n  - one\n  - 2\nstakeholders:\n  京东兄弟部门: 敏捷培训\n  HR:\n---\nO1: A\n",
    "---\nstakeholders:\n  - 兄弟部门: 培训\n  - name: HR\n    asks: 招聘\n  - 财务：预算\n---\nO1: A\n",
    "---\nname: 'quoted: yes'\ncycle: 2026-Q3 # comment\n---\nO1: A\n",
    "---\nname: Ana\n...\nO1: A\n",
    "---\nname: Ana\nno closing fence\nO1: A\n",
    "---\n---\nO1: A\n",
    "---\nname: Ana\n---\n",
    "O1：A {source: nope}\n",
    "O1：A {colour: blue}\n",
    "O1：A {aligns: manager:X1}\n",
    "O1：A {aligns}\n",
    "O1：A\nKR1：B {target: many}\n",
    "O1：A\nKR1：B {speed: 3}\n",
    "O1：A\nKR1：B {direction: sideways}\n",
    "O1：A\nKR1：活跃度提升到 80% {target: null; unit: ~; metric: 活跃度; baseline: 10; direction: 提升; deadline: 9月}\n",
    "O1：A ｛来源：上下对齐；类型：业务型；对齐：上级：O1．KR2，manager:o2；承诺：挑战型｝\nKR1：B\n",
    "## 上级 OKR\nO1：产研效能提升\nKR1：敏捷成熟度达到85分\n## 我的 OKR\nO1：A {对齐: manager:O1.KR1, manager:O2}\n",
    "## 上级 OKR\nO1：产研效能提升\n## 我的 OKR\nO1：A {对齐: manager:O1.KR9}\n",
    "O1：A {对齐: manager:O1.KR9}\n",
    "## 公司 OKR\nO1：四大必赢之战\n## 部门 OKR（平台生态部）\nO1：产研效能提升\n## 团队 OKR\nO1：X\n## 个人级 OKR\nO1：Y\n## 我的 OKR\nO1：Z\n",
    "## Company OKRs\nO1: Win\n## Department objectives (Platform)\nO1: Ship\n## Team goals\nO1: T\n## Individual-level OKRs: Sam\nO1: P\n## My OKRs\nO1: Mine\n",
    "## Manager OKRs\n## My OKRs\n",
    "## 上级 OKR\n",
    "# 我的 OKR\n## 个人 OKR\nO1：A\n",
    "**我的上级 OKR 示例**\nO1：产研效能提升\n**我的OKR示例**\nO1：提升\n",
    "# Title\n\nSome prose that explains the plan.\n\n## Faster checkout\n- p95 from 900 ms to 400 ms\n- error rate below 1%\n\n## Grow the team\n- hire 2 engineers\n",
    "# Title\n## Only heading\n- item\n",
    "# Title\n## A\n## B\ntext under\n",
    "### A\n### B\n#### C\n- x\n",
    "Plan for the quarter.\nFaster checkout\n  p95 from 900 ms to 400 ms\nGrow the team\n  hire 2 engineers\n",
    "1. 提升交付效率\n   1. 交付周期从30天缩短到20天\n   2. 每月至少一次复盘\n2. 建设团队能力\n   (1) 培养二十四名教练\n",
    "（1） 提升交付效率\n（2） 建设团队能力\n",
    "• 提升交付效率\n  ◦ 交付周期缩短\n▪ 建设团队能力\n  · 培养教练\n",
    "```\nO1：代码块里的目标\n```\nO1：真正的目标\nKR1：一个结果\n~~~\nKR2：不算\n~~~\n",
    "<!-- O1：注释 -->\n| O1 | table |\n> O1：引用\n---\n===\n***\nO1：A\nKR1：B\n",
    "O1：A\n\n\n\nKR1：B\n\n",
    "O1 A\nKR1 B\nO2) C\nKR2、D\nO3. E\nKR3-1 F\nKR3.2: G\n",
    "Objective: A\nKey Results: B\n目标：C\n关键结果：D\nKR: E\n",
    "Objective 1 - A\nKey Result 1 - B\nobjective 2: lower case\nkey results 2: kr\nKeyResult 3: joined\n",
    "目标一：A\n关键结果一：B\n关键结果十二：C\n目标十：D\n",
    "O1：A KR1：B O2：C KR1：D KR2：E O3：F\n",
    "O1: A KR1: B O2: C KR1: D\n",
    "O1：对齐 O2: 提升效能\nKR1：支撑 KR2: 交付\n",
    "O1：对齐上级 O2\\: 提升效能\nKR1：支撑 KR2\\\\：交付\n",
    "O1：**加粗的目标**\nKR1：**加粗的结果**\n",
    "**O1：加粗的标记行**\n- KR1：结果\n",
    "## O1：标题里的目标 {source: aligned}\n- KR1：结果 {target: 3}\n- 无标记的结果\n",
    "## 标题 {kind: capability}\n- 结果 {unit: 个}\n## 另一个\n- 结果二\n",
    "O1：标签不在末尾 {source: aligned} 后面还有字\n",
    "O1：两个标签 {source: aligned} {kind: business}\n",
    "O1：空标签 {}\nKR1：空 {;}\n",
    "O1：A {source: aligned; kind}\n",
    "O１：全角数字　和空格：冒号\nKR１．１：全角点\n",
    "Ｏ1：全角字母不算\n",
    "\ufeff\ufeffO1：两个 BOM\n",
    "\tO1：制表符缩进\n\tKR1：B\n",
    "O1：A\n  prose under objective with indentation.\nplain prose line.\n",
    "just one line of prose.\n",
    "just one line without end\n",
    "{\"objectives\": [{\"title\": \"A\", \"key_results\": [\"B\", {\"text\": \"C 80%\", \"target\": 90}]}]}",
    "{\"objectives\": [{\"title\": \"A\", \"colour\": \"red\"}]}",
    "{\"objectives\": [",
    "[1, 2]",
    "objectives:\n  - title: A\n    key_results: [B]\nupper:\n  - level: manager\n    objectives:\n      - title: U\n",
    "context:\n  name: Ana\n  role: [bad\n",
    "# comment\nobjectives:\n  - title: A\n    kind: strange\n",
]


def literal_documents() -> list[str]:
    """The string literals of the reader tests that look like whole documents (several lines or a marker)."""
    out: list[str] = []
    for rel in TEST_FILES:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                s = node.value
                if ("\n" in s or re.search(r"(?i)O\d|KR|目标|Objective|#", s)) and len(s) > 3 and s not in out:
                    out.append(s)
    return out


# --- mutations -------------------------------------------------------------------------------

_WIDE = str.maketrans("0123456789: .(){};,", "０１２３４５６７８９：　．（）｛｝；，")
_O_LINE = re.compile(r"^(\s*)((?:O|Objective|目标)\s*\S*?\s*[:：]\s*)")
_KR_LINE = re.compile(r"^(\s*)((?:KR|Key Results?|关键结果)\s*\S*?\s*[:：]\s*)")


def _lines(text: str, fn) -> str:
    return "\n".join(fn(ln) for ln in text.split("\n"))


def _is_o(ln: str) -> bool:
    return bool(_O_LINE.match(ln))


def _is_kr(ln: str) -> bool:
    return bool(_KR_LINE.match(ln))


def _body_start(text: str) -> int:
    """Where the body begins after front matter (so mutations leave the front matter alone mostly)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return end + 5
    return 0


def _on_body(text: str, fn) -> str:
    i = _body_start(text)
    return text[:i] + fn(text[i:])


MUTATIONS: dict[str, Any] = {
    "crlf": lambda t, r: t.replace("\n", "\r\n"),
    "cr": lambda t, r: t.replace("\n", "\r"),
    "bom": lambda t, r: "\ufeff" + t,
    "wide-colons": lambda t, r: _on_body(t, lambda b: b.replace(":", "：")),
    "narrow-colons": lambda t, r: _on_body(t, lambda b: b.replace("：", ": ")),
    "wide-all": lambda t, r: _on_body(t, lambda b: b.translate(_WIDE)),
    "wide-some": lambda t, r: _on_body(t, lambda b: "".join(
        c.translate(_WIDE) if r.random() < 0.4 else c for c in b)),
    "md-headings": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: ("## " + ln) if _is_o(ln) else ("- " + ln.strip()) if _is_kr(ln) else ln)),
    "md-headings-bare": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: ("### " + _O_LINE.sub("", ln)) if _is_o(ln) else ("* " + _KR_LINE.sub("", ln).strip())
        if _is_kr(ln) else ln)),
    "bold": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: f"**{_O_LINE.sub('', ln).strip()}**" if _is_o(ln) else ("1. " + _KR_LINE.sub("", ln).strip())
        if _is_kr(ln) else ln)),
    "bold-marked": lambda t, r: _on_body(t, lambda b: _lines(b, lambda ln: f"**{ln.strip()}**" if _is_o(ln) else ln)),
    "bullets": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: ("- " + ln.strip()) if _is_o(ln) else ("  - " + ln.strip()) if _is_kr(ln) else ln)),
    "nested-bare": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: ("- " + _O_LINE.sub("", ln).strip()) if _is_o(ln) else ("    + " + _KR_LINE.sub("", ln).strip())
        if _is_kr(ln) else ln)),
    "indent": lambda t, r: _on_body(t, lambda b: _lines(b, lambda ln: ("    " + ln) if _is_kr(ln) else ln)),
    "indent-bare": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: _O_LINE.sub("", ln) if _is_o(ln) else ("\t" + _KR_LINE.sub("", ln)) if _is_kr(ln) else ln)),
    "unmarked": lambda t, r: _on_body(t, lambda b: _lines(b, lambda ln: _O_LINE.sub("", _KR_LINE.sub("", ln)))),
    "inline": lambda t, r: _on_body(t, lambda b: " ".join(ln.strip() for ln in b.split("\n") if ln.strip()) + "\n"),
    "split-inline": lambda t, r: _on_body(t, lambda b: re.sub(r" (?=(?:KR|O)\d+[:：])", "\n", b)),
    "dotted-krs": lambda t, r: _on_body(t, lambda b: re.sub(r"(?m)^KR(\d+)[:：]\s*", lambda m: f"KR1.{m.group(1)} ", b)),
    "words-zh": lambda t, r: _on_body(t, lambda b: re.sub(r"(?m)^KR(\d+)", r"关键结果\1", re.sub(r"(?m)^O(\d+)", r"目标\1", b))),
    "words-en": lambda t, r: _on_body(t, lambda b: re.sub(r"(?m)^KR(\d+)", r"Key Result \1", re.sub(r"(?m)^O(\d+)", r"Objective \1", b))),
    "tags": lambda t, r: _on_body(t, lambda b: _lines(
        b, lambda ln: ln + r.choice([" {source: aligned}", " {来源: 外部支撑; 类型: 非业务型}", " {commitment: committed}",
                                     " ｛类型：业务型｝", " {kind: nope}", ""]) if _is_o(ln)
        else ln + r.choice([" {target: 90; unit: %}", " {方向: 降低}", " {deadline: 9月底}", " {baseline: x}", ""])
        if _is_kr(ln) else ln)),
    "upper-zh": lambda t, r: _on_body(t, lambda b: "## 上级 OKR\n\n" + b + "\n## 我的 OKR\n\n" + b),
    "upper-en": lambda t, r: _on_body(t, lambda b: "## Department OKRs (Platform)\n" + b + "\n## My OKRs\n" + b),
    "upper-bold": lambda t, r: _on_body(t, lambda b: "**我的上级 OKR 示例**\n" + b + "\n**我的OKR示例**\n" + b),
    "upper-only": lambda t, r: _on_body(t, lambda b: "# Manager OKRs\n" + b),
    "prose": lambda t, r: _on_body(t, lambda b: "这是我本季度的 OKR 草稿。\n" + _lines(
        b, lambda ln: ln + ("\nSome explanation of the line above." if r.random() < 0.2 else ""))),
    "title": lambda t, r: _on_body(t, lambda b: "# 2026 Q3 OKR\n\n" + b),
    "fence": lambda t, r: _on_body(t, lambda b: "```\n" + b + "\n```\n" + b),
    "fence-half": lambda t, r: _on_body(t, lambda b: b.replace("\n", "\n~~~\n", 1)),
    "blank-lines": lambda t, r: t.replace("\n", "\n\n"),
    "trailing-spaces": lambda t, r: t.replace("\n", "  \n"),
    "header-block": lambda t, r: "姓名：李雷\n岗位：后端工程师\n周期：2026-Q3\n\n" + t[_body_start(t):],
    "no-front": lambda t, r: t[_body_start(t):],
    "bad-kr-first": lambda t, r: _on_body(t, lambda b: "KR1：先写的结果\n" + b),
    "truncate": lambda t, r: t[: r.randint(0, len(t))],
    "escape": lambda t, r: _on_body(t, lambda b: _lines(b, lambda ln: ln + " 对齐 O2\\: 目标" if _is_o(ln) else ln)),
}


def mutated(docs: list[tuple[str, str]], rng: random.Random, per_doc: float) -> list[tuple[str, str]]:
    """Seeded mutations of `docs`: one or two mutations each, for about `per_doc` of them."""
    names = list(MUTATIONS)
    out = []
    for name, text in docs:
        if rng.random() >= per_doc:
            continue
        chosen = rng.sample(names, rng.choice([1, 1, 2]))
        for m in chosen:
            text = MUTATIONS[m](text, rng)
        out.append((f"{name}+{'+'.join(chosen)}", text))
    return out


def corpus() -> list[tuple[str, str]]:
    """(name, document text) pairs, in a fixed order."""
    rng_c, rng_p = random.Random(2027), random.Random(1130)
    base = [(f"parse-{i}", parse_bench.make(rng_p)) for i in range(100)]
    base += [(f"check-{i}", check_bench.make(rng_c)) for i in range(100)]
    base += [(f"literal-{i}", s) for i, s in enumerate(literal_documents())]
    base += [(f"extra-{i}", s) for i, s in enumerate(EXTRA)]
    base += [(f"example:{p.relative_to(ROOT)}", p.read_text(encoding="utf-8")) for p in example_files()]
    rng = random.Random(42)
    docs = list(base)
    docs += mutated(base, rng, 0.5)
    # every mutation at least once on every shape of the small hand-written documents
    small = [d for d in base if d[0].startswith(("extra-", "literal-"))][:25] + base[:2] + base[100:102]
    for m in MUTATIONS:
        docs += [(f"{n}+{m}", MUTATIONS[m](t, rng)) for n, t in small]
    return docs


def example_files() -> list[Path]:
    """Every file under examples/."""
    return sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file())


def fields_set(s: OKRSet) -> dict[str, Any]:
    """Which fields were set (not defaulted) on every model of a set: writers and checkers look at them."""
    def names(model) -> str:  # compact, to keep the golden file small: "*" is every field
        return "*" if model.model_fields_set == set(type(model).model_fields) else ",".join(sorted(model.model_fields_set))

    def obj(o):
        return [names(o), *[names(k) for k in o.key_results]]

    return {
        "set": names(s),
        "context": names(s.context),
        "stakeholders": [names(x) for x in s.context.stakeholders],
        "upper": [[names(u), *[obj(o) for o in u.objectives]] for u in s.upper],
        "objectives": [obj(o) for o in s.objectives],
    }


def reading(call) -> dict[str, Any]:
    """What one read gives: the set (JSON dump, fields set, a hash of its repr for Python types) or the error."""
    try:
        s = call()
    except InputError as exc:
        return {"error": {"message": exc.message, "path": exc.path, "line": exc.line, "hint": exc.hint}}
    except Exception as exc:  # noqa: BLE001 - a crash is a reading too (and a bug worth seeing)
        return {"crash": f"{type(exc).__name__}: {exc}"}
    # defaults left out to keep the file small: with the fields-set record and the repr hash nothing is lost
    return {"set": s.model_dump(mode="json", exclude_defaults=True), "fields_set": fields_set(s),
            "repr": hashlib.sha1(repr(s).encode()).hexdigest()[:16]}


def read_case(name: str, text: str) -> dict[str, Any]:
    """The reading of one corpus document: `loads` for text, `load` (file suffix decides) for examples."""
    if name.startswith("example:") and "+" not in name:
        rel = name.removeprefix("example:")
        return reading(lambda: load(rel))
    return reading(lambda: loads(text, name=name))


def build() -> list[dict[str, Any]]:
    """Every golden case: name, text and reading."""
    return [{"name": n, "text": t, **read_case(n, t)} for n, t in corpus()]


def main() -> None:
    import os

    os.chdir(ROOT)  # example paths (and so error paths) are relative to the repository
    cases = build()
    OUT.write_text(json.dumps(cases, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    errors = sum("error" in c for c in cases)
    crashes = [c["name"] for c in cases if "crash" in c]
    print(f"wrote {len(cases)} cases ({errors} errors, {len(crashes)} crashes) to {OUT} "
          f"({OUT.stat().st_size / 1e6:.2f} MB)")
    if crashes:
        print("crashes:", crashes[:10])


if __name__ == "__main__":
    main()
