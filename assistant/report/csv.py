"""CSV report: one row per finding (person-level and team-level), safe to open in a spreadsheet.

Columns: HEADER below. `score` is the person's score (with --llm, after the model's bounded
findings), `deterministic_score` the checks-only score, `judged_by` `check` or `model`. With
--llm, one `agreement` row per cross-checked criterion: `criterion`, `score` = agreement in
percent (empty when nothing was compared), and the counts in `message`.

Cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are prefixed
with a single quote (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from assistant.report.labels import t

if TYPE_CHECKING:
    from assistant.review import TeamReview

HEADER = ["scope", "person", "name", "score", "severity", "criterion", "target", "text", "message", "fix", "source_mix",
          "deterministic_score", "judged_by"]


def safe(value: object) -> str:
    """A cell value that cannot be interpreted as a formula."""
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def _texts(person) -> dict[str, str]:  # noqa: ANN001
    """Target name → the line it names ("O1" → objective title, "O1.KR2" → KR text)."""
    out: dict[str, str] = {}
    for i, o in enumerate(person.objectives, 1):
        out[f"O{i}"] = o.title
        for j, kr in enumerate(o.key_results, 1):
            out[f"O{i}.KR{j}"] = kr.text
    return out


def render(review: TeamReview) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for p in review.people:
        mix = " ".join(f"{k}={v}" for k, v in p.source_mix.items())
        texts = _texts(p)
        rows = [("", "", target, text, "", "", "") for target, text in texts.items()] if not p.findings else []
        rows += [(f.severity, f.criterion, f.target, texts.get(f.target, ""), f.message, f.fix, "model" if f.llm else "check")
                 for f in p.findings]
        for *row, by in rows:
            w.writerow([safe(x) for x in ("person", p.person, p.name, p.score, *row, mix, p.deterministic_score, by)])
    for tf in review.alignment.findings:
        w.writerow([safe(x) for x in ("team", " ".join(tf.people), "", "", tf.severity, f"team.{tf.kind}", tf.ref, "", tf.message, "", "", "", "check")])
    for a in review.agreement:
        rate = "" if a.rate is None else round(a.rate * 100)
        msg = (f"{a.agreed}/{a.compared} {t('agreed', review.lang)}; {t('model_stricter', review.lang)} {a.model_stricter}, "
               f"{t('model_lenient', review.lang)} {a.model_lenient}")
        w.writerow([safe(x) for x in ("agreement", "", a.title, rate, "", a.criterion, "", "", msg, "", "", "", "model")])
    for s in review.skipped:
        w.writerow([safe(x) for x in ("skipped", "", s.path, "", "error", "input", s.line or "", "", s.message, "", "", "", "")])
    return buf.getvalue()
