"""About you: the person's context, edited straight into the workspace model."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, TextArea

from assistant.models import Stakeholder
from tui.i18n import t


class AboutPane(VerticalScroll):
    """Name, role, team, cycle, responsibilities and stakeholders."""

    def compose(self) -> ComposeResult:
        ctx, lang = self.app.workspace.context, self.app.lang
        for field in ("name", "role", "team", "cycle"):
            yield Label(t(lang, f"about.{field}"))
            yield Input(getattr(ctx, field), id=f"about-{field}")
        yield Label(t(lang, "about.resp"))
        yield TextArea("\n".join(ctx.responsibilities), id="about-resp", classes="short")
        yield Label(t(lang, "about.asks"))
        asks = "\n".join(f"{s.name}: {s.asks}" if s.asks else s.name for s in ctx.stakeholders)
        yield TextArea(asks, id="about-asks", classes="short")

    def on_input_changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("about-")
        setattr(self.app.workspace.context, field, event.value)
        self.app.mark_dirty()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        lines = [ln.strip() for ln in event.text_area.text.splitlines() if ln.strip()]
        ctx = self.app.workspace.context
        if event.text_area.id == "about-resp":
            ctx.responsibilities = lines
        else:
            ctx.stakeholders = [_stakeholder(ln) for ln in lines]
        self.app.mark_dirty()


def _stakeholder(line: str) -> Stakeholder:
    for sep in ("：", ":"):
        if sep in line:
            name, asks = line.split(sep, 1)
            return Stakeholder(name=name.strip(), asks=asks.strip())
    return Stakeholder(name=line)
