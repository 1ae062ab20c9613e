"""Helpers for rubric tests: build realistic OKR texts, check them, and pick findings out."""

from __future__ import annotations

from pathlib import Path

from assistant.checker import check_set
from assistant.findings import Finding, SetReport
from assistant.reader import loads
from assistant.rubric import Rubric

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# Two good KRs to pad an objective under test (measured, with a baseline, different angles).
GOOD_KRS = {
    "zh": ["需求平均交付时长从 40 天缩短到 32 天", "线上缺陷数从每月 30 个降低到 10 个"],
    "en": ["Cut average lead time from 40 to 32 days", "Cut escaped defects from 30 a month to 10"],
}
# A plain objective to put a KR under test beneath.
PLAIN_OBJECTIVE = {"zh": "让客户更快拿到需要的功能", "en": "Get customers the features they need sooner"}


def front(*, cycle: str | None = "2026-Q1", level: str | None = None) -> str:
    """Front matter with the cycle (and level) given, or none."""
    lines = [f"cycle: {cycle}"] if cycle else []
    if level:
        lines.append(f"level: {level}")
    return "---\n" + "\n".join(lines) + "\n---\n" if lines else ""


def okr_text(objectives: list[tuple[str, list[str]]], lang: str, *, cycle: str | None = "2026-Q1",
             level: str | None = None, upper: str = "") -> str:
    """A set in the text format: `O1：…` / `KR1：…` (Chinese colon for zh)."""
    colon = "：" if lang == "zh" else ": "
    body = []
    for i, (title, krs) in enumerate(objectives, 1):
        body.append(f"O{i}{colon}{title}")
        body += [f"KR{j}{colon}{kr}" for j, kr in enumerate(krs, 1)]
    if upper:
        mine = "## 我的 OKR" if lang == "zh" else "## My OKRs"
        return front(cycle=cycle, level=level) + upper + "\n\n" + mine + "\n\n" + "\n".join(body) + "\n"
    return front(cycle=cycle, level=level) + "\n".join(body) + "\n"


def kr_set(kr: str, lang: str, **kw: object) -> str:
    """One objective whose KR1 is `kr`, followed by a good KR2."""
    return okr_text([(PLAIN_OBJECTIVE[lang], [kr, GOOD_KRS[lang][1]])], lang, **kw)  # type: ignore[arg-type]


def objective_set(title: str, lang: str, **kw: object) -> str:
    """One objective titled `title` with two good KRs."""
    return okr_text([(title, GOOD_KRS[lang])], lang, **kw)  # type: ignore[arg-type]


def check(text: str, rubric: Rubric | str | None = None) -> SetReport:
    """Read `text` like `okr check` does and check it."""
    return check_set(loads(text, name="draft.md"), rubric)


def findings(report: SetReport, criterion: str) -> list[Finding]:
    return [f for f in report.findings if f.criterion == criterion]


def targets(report: SetReport, criterion: str) -> list[str]:
    """The targets `criterion` fired on, in report order."""
    return [f.target for f in findings(report, criterion)]


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def key(report: SetReport) -> set[tuple[str, str, str | None, str]]:
    """The findings of a report as comparable tuples (criterion, target, span, severity)."""
    return {(f.criterion, f.target, f.span, str(f.severity)) for f in report.findings}
