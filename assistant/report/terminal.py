"""Terminal report: a table of people (score, errors, warnings, source mix, main problem), then
the team findings and, with --llm, how often the model agreed with the deterministic checks. Draft text is shown as plain `Text` (never parsed as Rich markup) with control
characters removed, so a draft cannot colour, move or clear the terminal.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from assistant.report.labels import has_model, mix_text, pct, t

if TYPE_CHECKING:
    from assistant.review import TeamReview

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\x1b\[[0-9;?]*[A-Za-z]")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def clean(text: object) -> str:
    """Remove ANSI sequences and control characters."""
    return _CONTROL.sub("", str(text))


def print_review(review: TeamReview, console: Any, *, details: bool = False) -> None:
    """Print the table and team findings to a rich Console (colour when it is a terminal)."""
    from rich.table import Table
    from rich.text import Text

    lang = review.lang
    model = has_model(review)
    table = Table(title=Text(f"{t('title', lang)}: {clean(review.name)}"), show_lines=False)
    columns = [("person", "left"), ("score", "right"), *([("checks_only", "right")] if model else []), ("errors", "right"),
               ("warnings", "right"), ("source_mix", "left"), ("main_problem", "left")]
    for key, just in columns:
        table.add_column(t(key, lang), justify=just, overflow="fold")  # type: ignore[arg-type]
    for p in review.people:
        score_style = "green" if p.score >= 80 else "yellow" if p.score >= 60 else "red"
        only = [Text(str(p.deterministic_score))] if model else []
        table.add_row(Text(clean(p.name)), Text(str(p.score), style=score_style), *only, Text(str(p.errors), style="red" if p.errors else ""),
                      Text(str(p.warnings)), Text(mix_text(p.source_mix, lang)), Text(clean(p.main_problem)))
    console.print(table)
    if model:
        console.print(Text(f"{t('checks_only', lang)}: {t('checks_only_help', lang)}", style="dim"))
    health = f"{review.alignment.health:.0%}" if review.alignment.health is not None else "—"
    console.print(Text(f"{t('health', lang)}: {health} ({t('health_help', lang)})"))
    if review.alignment.findings:
        console.print(Text(t("team_findings", lang), style="bold"))
        grid = Table.grid(padding=(0, 1))  # a long message wraps under itself, not under the severity
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for f in review.alignment.findings:
            grid.add_row(Text(f" {t(f.severity, lang)}", style=_STYLE.get(f.severity, "")), Text(clean(f.message)))
        console.print(grid)
    if review.agreement:
        _agreement(review, console)
    if details:
        for p in review.people:
            _details(p, console, lang)
    for s in review.skipped:
        console.print(Text.assemble((f"{t('skipped', lang)}: ", "bold red"), clean(str(s))))
    if review.run:
        r = review.run
        counts = ", ".join(f"{k} {v}" for k, v in r.counts.items())
        console.print(Text(f"{t('run', lang)} {r.id}: {counts}" + (f" — {clean(r.fatal)}" if r.fatal else "")))


def _agreement(review: TeamReview, console: Any) -> None:
    """Per cross-checked criterion: compared, agreed, rate, and which way the model differed."""
    from rich.table import Table
    from rich.text import Text

    lang = review.lang
    table = Table(title=Text(t("agreement", lang)), title_justify="left")
    table.add_column(t("criterion", lang), overflow="fold")
    for key in ("compared", "agreed", "agreement_rate", "model_stricter", "model_lenient"):
        table.add_column(t(key, lang), justify="right")
    for a in review.agreement:
        table.add_row(Text(f"{a.criterion} {clean(a.title)}"), str(a.compared), str(a.agreed), pct(a.rate),
                      str(a.model_stricter), str(a.model_lenient))
    console.print(table)
    console.print(Text(t("agreement_help", lang), style="dim"))


def _details(p: Any, console: Any, lang: str) -> None:
    """One person's objectives and KRs, each followed by the findings that point at it."""
    from rich.text import Text

    head = f"\n{clean(p.name)} · {p.score}"
    if p.llm is not None and p.llm.status == "done":
        head += f" ({t('checks_only', lang)} {p.deterministic_score})"
    console.print(Text(head, style="bold"))
    by_target: dict[str, list[Any]] = {}
    for f in p.findings:
        by_target.setdefault(f.target, []).append(f)
    lines: list[tuple[str, str, str]] = [("set", "", "")]
    for i, o in enumerate(p.objectives, 1):
        lines.append((f"O{i}", f"  O{i} ", o.title))
        lines += [(f"O{i}.KR{j}", f"    KR{j} ", kr.text) for j, kr in enumerate(o.key_results, 1)]
    for target, prefix, text in lines:
        if text:
            console.print(Text(prefix + clean(text)))
        for f in by_target.pop(target, []):
            console.print(Text.assemble(" " * (len(prefix) + 2), (f"{t(f.severity, lang):<8}", _STYLE.get(f.severity, "")),
                                        f"[{t('by_model', lang)}] " if f.llm else "", clean(f.message)))
    for rest in by_target.values():
        for f in rest:
            console.print(Text.assemble((f"  {t(f.severity, lang):<8}", _STYLE.get(f.severity, "")), f"{f.target} ",
                                        f"[{t('by_model', lang)}] " if f.llm else "", clean(f.message)))


def render(review: TeamReview) -> str:
    """The same report as plain text (no colour), 120 columns wide."""
    from rich.console import Console

    buf = io.StringIO()
    print_review(review, Console(file=buf, width=120, color_system=None, force_terminal=False), details=True)
    return buf.getvalue()
