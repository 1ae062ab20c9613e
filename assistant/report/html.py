"""HTML report: ONE self-contained file (inline CSS, no scripts, fonts or images from the network).

Rendered with Jinja2 with autoescaping on, so every piece of user text (objective, KR, name,
finding, file path) arrives as text: `<script>` in an objective shows as `<script>`.
The template is `assistant/report/templates/review.html.j2`.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from assistant.report.labels import has_model, mix_text, names, pct, t

if TYPE_CHECKING:
    from assistant.review import TeamReview


def _env():  # noqa: ANN202 - jinja2 imported lazily
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(mix_text=mix_text, pct=pct)
    return env


def render(review: TeamReview) -> str:
    template = _env().from_string((files("assistant.report") / "templates" / "review.html.j2").read_text(encoding="utf-8"))
    lang = review.lang
    n = len(review.people)
    by_target = {p.person: _group(p) for p in review.people}
    _add_team_findings(review, by_target)
    return template.render(
        r=review,
        L=lambda key: t(key, lang),
        lang=lang,
        mean=round(sum(p.score for p in review.people) / n) if n else 0,
        health=f"{review.alignment.health:.0%}" if review.alignment.health is not None else "—",
        errors=sum(p.errors for p in review.people),
        warnings=sum(p.warnings for p in review.people),
        by_target=by_target,
        names=names(review),
        model=has_model(review),
    )


def _add_team_findings(review: TeamReview, by_target: dict[str, dict[str, list]]) -> None:
    """Team findings about a person's objective also show beside that objective's line."""
    for f in review.alignment.findings:
        owner, _, target = f.ref.rpartition(":")
        for person in f.people:
            if person in by_target:
                where = target if person == owner and target.startswith("O") else "set"
                by_target[person].setdefault(where, []).append(f)


def _group(person) -> dict[str, list]:  # noqa: ANN001
    out: dict[str, list] = {}
    for f in person.findings:
        out.setdefault(f.target, []).append(f)
    return out
