"""About you: the person's context, edited straight into the workspace model."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from assistant.models import Stakeholder
from tui.i18n import t

FIELDS = ("name", "role", "team", "cycle")


class AboutPane(VerticalScroll):
    """Name, role, team, cycle (one line each), responsibilities and stakeholders (one a line)."""

    def compose(self) -> ComposeResult:
        ctx, lang = self.app.workspace.context, self.app.lang
        with Grid(id="about-grid"):
            for field in FIELDS:
                yield Label(t(lang, f"about.{field}"), classes="field-label")
                yield Input(getattr(ctx, field), id=f"about-{field}", compact=True, select_on_focus=False,
                            placeholder=t(lang, "about.cycle_hint") if field == "cycle" else "")
        yield Label(t(lang, "about.resp"), classes="section-label")
        yield TextArea("\n".join(ctx.responsibilities), id="about-resp", classes="short", compact=True)
        yield Label(t(lang, "about.asks"), classes="section-label")
        asks = "\n".join(f"{s.name}: {s.asks}" if s.asks else s.name for s in ctx.stakeholders)
        yield TextArea(asks, id="about-asks", classes="short", compact=True)
        yield Static(Text(t(lang, "about.lang")), id="about-lang")

    def on_input_changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("about-")
        if field in FIELDS:
            event.stop()
            setattr(self.app.workspace.context, field, event.value)
            self.app.mark_dirty()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        lines = [ln.strip() for ln in event.text_area.text.splitlines() if ln.strip()]
        ctx = self.app.workspace.context
        if event.text_area.id == "about-resp":
            ctx.responsibilities = lines
        else:
            ctx.stakeholders = [_stakeholder(ln) for ln in lines]
        self.app.mark_dirty()


def _stakeholder(line: str) -> Stakeholder:
    """'研发团队：需要敏捷教练' → Stakeholder(name, asks); a line without a colon is just a name."""
    cuts = [i for i in (line.find("："), line.find(":")) if i > 0]
    if not cuts:
        return Stakeholder(name=line)
    i = min(cuts)
    return Stakeholder(name=line[:i].strip(), asks=line[i + 1:].strip())
