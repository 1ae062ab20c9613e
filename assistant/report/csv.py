"""CSV report: one row per finding (person-level and team-level), safe to open in a spreadsheet.

Cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are prefixed
with a single quote (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.review import TeamReview

HEADER = ["scope", "person", "name", "score", "severity", "criterion", "target", "text", "message", "fix", "source_mix"]


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
        rows = [("", "", target, text, "", "") for target, text in texts.items()] if not p.findings else []
        rows += [(f.severity, f.criterion, f.target, texts.get(f.target, ""), f.message, f.fix) for f in p.findings]
        for row in rows:
            w.writerow([safe(x) for x in ("person", p.person, p.name, p.score, *row, mix)])
    for tf in review.alignment.findings:
        w.writerow([safe(x) for x in ("team", " ".join(tf.people), "", "", tf.severity, f"team.{tf.kind}", tf.ref, "", tf.message, "", "")])
    for s in review.skipped:
        w.writerow([safe(x) for x in ("skipped", "", s.path, "", "error", "input", s.line or "", "", s.message, "", "")])
    return buf.getvalue()
