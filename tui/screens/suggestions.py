"""Suggestions: generate per source in an async worker; each card appears as it arrives."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from assistant.errors import OkrError
from assistant.models import Source
from tui.i18n import t
from tui.text import clean


class SuggestionCard(Vertical):
    """One suggestion: objective, KRs, what it aligns to, its score, Accept / Discard."""

    def __init__(self, suggestion) -> None:  # type: ignore[no-untyped-def]
        super().__init__(classes="card")
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        s, lang = self.suggestion, self.app.lang
        obj = s.objective
        lines = [clean(obj.title)] + [f"  KR{j}: {clean(kr.text)}" for j, kr in enumerate(obj.key_results, 1)]
        if obj.aligns_to:
            lines.append("→ " + ", ".join(obj.aligns_to))
        if getattr(s, "score", None) is not None:
            lines.append(t(lang, "mine.score", score=s.score))
        lines += [f"! {clean(f.message)}" for f in list(getattr(s, "findings", []) or [])[:2]]
        yield Static(Text("\n".join(lines)))
        with Horizontal(classes="card-buttons"):
            yield Button(t(lang, "suggest.accept"), classes="accept", variant="success")
            yield Button(t(lang, "suggest.discard"), classes="discard")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("accept"):
            self.app.accept_objective(self.suggestion.objective)
        self.remove()


class SuggestionsPane(Vertical):
    """Three columns (aligned, self-driven, external support); one at a time when narrow."""

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Horizontal(id="suggest-bar"):
            yield Button(t(lang, "suggest.generate"), id="suggest-generate", variant="primary")
            for src in Source:
                yield Button(t(lang, f"source.{src.value}"), id=f"show-{src.value}", classes="source-tab")
            yield Static("", id="suggest-status")
        with Horizontal(id="suggest-columns"):
            for src in Source:
                with VerticalScroll(id=f"col-{src.value}", classes="column"):
                    yield Label(t(lang, f"source.{src.value}"), classes="column-title")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        bid = event.button.id or ""
        if bid == "suggest-generate":
            event.stop()
            self.generate()
        elif bid.startswith("show-"):
            event.stop()
            self.show_column(bid.removeprefix("show-"))

    def show_column(self, source: str) -> None:
        """On a narrow terminal, show one source's column."""
        for src in Source:
            self.query_one(f"#col-{src.value}").set_class(src.value != source, "-off")

    def generate(self, sources: list[Source] | None = None) -> None:
        self.query_one("#suggest-status", Static).update(Text(t(self.app.lang, "suggest.working")))
        self.run_engine(sources or list(Source))

    @work(exclusive=True, group="suggest")
    async def run_engine(self, sources: list[Source]) -> None:
        """Ask the engine (offline by default) and add each suggestion as it arrives."""
        lang, ws, status = self.app.lang, self.app.workspace, self.query_one("#suggest-status", Static)
        try:
            from assistant.config import load_settings
            from assistant.suggest import suggest
        except ImportError:
            status.update(Text(t(lang, "suggest.unavailable")))
            return
        n = 0
        try:
            settings = load_settings()
            async for s in suggest(ws.context, ws.upper, sources=sources, count=2,
                                   engine=getattr(settings, "engine", None), settings=settings):
                source = s.objective.source.value if s.objective.source else Source.self_driven.value
                await self.query_one(f"#col-{source}").mount(SuggestionCard(s))
                n += 1
        except OkrError as exc:
            self.app.notify(t(lang, "suggest.error", message=exc.message, hint=exc.hint),
                            severity="error", timeout=10)
        status.update(Text(t(lang, "suggest.done", n=n)))
