"""Suggestions: generate per source in a Textual worker; each card appears as it arrives.

Cards are the workspace's pending suggestions (saved with it). On a focused card: a accept,
e edit, r regenerate, f refine with a typed instruction, d discard. The engine calls live in
`assistant.suggest` / `assistant.refine`; this module only shows and routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, ProgressBar, Static

from assistant.errors import OkrError
from assistant.models import Source
from assistant.suggestion import Suggestion
from tui.i18n import t
from tui.screens.dialogs import EditDialog, RefineDialog
from tui.text import clean
from tui.widgets import FoldedText

COUNT = 2  # suggestions per source in one generate round


def card_text(s: Suggestion, lang: str) -> Text:
    """The card body: objective, KRs, what it aligns to, where it comes from, score, top findings."""
    obj = s.objective
    out = Text()
    out.append(clean(obj.title) or "…", style="bold")
    for j, kr in enumerate(obj.key_results, 1):
        out.append(f"\n KR{j} ", style="dim")
        out.append(clean(kr.text))
    if obj.aligns_to:
        out.append(f"\n{t(lang, 'card.aligns')}: ", style="dim")
        out.append(", ".join(clean(r) for r in obj.aligns_to))
    elif s.provenance.text:
        out.append(f"\n{t(lang, 'card.from')}: ", style="dim")
        out.append(clean(s.provenance.text)[:80])
    if s.score is not None:
        style = "green" if s.score >= 80 else "yellow" if s.score >= 60 else "red"
        out.append("\n" + t(lang, "card.score", score=s.score), style=f"bold {style}")
    for f in s.findings[:2]:
        mark = {"error": "✗", "warning": "!", "info": "·"}.get(f.severity.value, "·")
        out.append(f"\n{mark} {f.target} ", style="red" if f.severity.value == "error" else "yellow")
        out.append(clean(f.message))
    return out


class CardBody(FoldedText):
    """The card's text, Chinese folded by width."""


class SuggestionCard(Vertical, can_focus=True):
    """One suggestion. Focus it (click or Tab) and use the keys in the footer, or click its buttons."""

    BINDINGS = [
        Binding("a", "card('accept')", "btn.accept", id="card.accept"),
        Binding("e", "card('edit')", "btn.edit", id="card.edit"),
        Binding("r", "card('regenerate')", "btn.regenerate", id="card.regenerate"),
        Binding("f", "card('refine')", "btn.refine", id="card.refine"),
        Binding("d", "card('discard')", "btn.discard", id="card.discard"),
    ]

    def __init__(self, suggestion: Suggestion) -> None:
        super().__init__(classes="card")
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield CardBody(card_text(self.suggestion, lang), classes="card-body")
        with Horizontal(classes="card-buttons"):
            for what in ("accept", "edit", "regenerate", "refine", "discard"):
                button = Button(t(lang, f"btn.{what}"), classes=what, compact=True,
                                variant="success" if what == "accept" else "default")
                button.can_focus = False  # one Tab stop per card; the keys do the same
                yield button

    def on_mount(self) -> None:
        self.app.relabel(self)

    def refresh_card(self) -> None:
        self.query_one(CardBody).update(card_text(self.suggestion, self.app.lang))

    def on_focus(self) -> None:
        self.app.current_card = self

    def on_click(self) -> None:
        self.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        what = next(c for c in ("accept", "edit", "regenerate", "refine", "discard") if event.button.has_class(c))
        self.action_card(what)

    def action_card(self, what: str) -> None:
        self.app.current_card = self
        self.app.run_card_action(what)


class Column(VerticalScroll, can_focus=False):
    """One source's cards; Tab goes card to card (each scrolls into view), not to the column."""


class SuggestionsPane(Vertical):
    """Three columns (aligned, self-driven, external support); one at a time under 100 columns."""

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Horizontal(id="suggest-bar"):
            yield Button(t(lang, "suggest.generate"), id="suggest-generate", variant="primary", compact=True)
            for src in Source:
                yield Button(t(lang, f"source.{src.value}"), id=f"show-{src.value}", classes="source-tab",
                             compact=True)
        with Horizontal(id="suggest-progress"):
            yield Static(Text(t(lang, "suggest.idle", engine=t(lang, f"engine.{self.app.engine()}"))),
                         id="suggest-status")
            yield ProgressBar(id="suggest-bar-progress", show_eta=False, show_percentage=False)
        with Horizontal(id="suggest-columns"):
            for src in Source:
                with Column(id=f"col-{src.value}", classes="column"):
                    with Horizontal(classes="column-head"):
                        yield Label(t(lang, f"source.{src.value}"), classes="column-title")
                        yield Button("↻", id=f"gen-{src.value}", classes="column-gen", compact=True)
                    for s in self.app.workspace.pending:
                        if _source(s) == src:
                            yield SuggestionCard(s)

    def on_mount(self) -> None:
        self.shown = Source.aligned.value
        self.query_one(ProgressBar).display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        bid = event.button.id or ""
        event.stop()
        if bid == "suggest-generate":
            self.generate()
        elif bid.startswith("gen-"):
            self.generate([Source(bid.removeprefix("gen-"))])
        elif bid.startswith("show-"):
            self.show_column(bid.removeprefix("show-"))

    def show_column(self, source: str) -> None:
        """Under 100 columns: show one source's column (the source buttons act as tabs)."""
        self.shown = source
        narrow = self.app.size.width < self.app.NARROW
        for src in Source:
            self.query_one(f"#col-{src.value}").set_class(narrow and src.value != source, "-off")
            self.query_one(f"#show-{src.value}").set_class(src.value == source, "-active")

    def column(self, s: Suggestion) -> VerticalScroll:
        return self.query_one(f"#col-{_source(s).value}", VerticalScroll)

    # --- generating ------------------------------------------------------------------------
    def generate(self, sources: list[Source] | None = None) -> None:
        sources = sources or list(Source)
        if len(sources) == 1:
            self.show_column(sources[0].value)
        self.run_engine(sources)

    @work(exclusive=True, group="suggest")
    async def run_engine(self, sources: list[Source]) -> None:
        """Ask the engine and mount each suggestion as it arrives; the loop stays free meanwhile."""
        app, lang = self.app, self.app.lang
        status, bar = self.query_one("#suggest-status", Static), self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=COUNT * len(sources), progress=0)
        n, same, failed = 0, 0, None
        try:
            settings = app.settings()
            engine = t(lang, f"engine.{app.engine(settings)}")
            status.update(Text(t(lang, "suggest.working", engine=engine, n=0)))
            ws = app.workspace
            from assistant.suggest import suggest

            async for s in suggest(ws.context, ws.upper, sources=sources, count=COUNT, settings=settings,
                                   client=app.llm_client):
                if self.already_there(s):
                    same += 1
                    continue  # generating again (offline is deterministic) must not stack copies
                self.add_card(s)
                n += 1
                bar.advance(1)
                status.update(Text(t(lang, "suggest.working", engine=engine, n=n)))
        except OkrError as exc:
            failed = exc
            app.engine_error(exc)
        finally:
            bar.display = False
        self.focus_first_card()
        if failed is not None:
            status.update(Text(t(lang, "suggest.failed", n=n, message=app.short_error(failed)), style="bold red"))
        else:
            key = "suggest.done" if n else "suggest.nothing_new" if same else "suggest.none_for"
            status.update(Text(t(lang, key, n=n)))

    def focus_first_card(self) -> None:
        """Keyboard first: after generating, the first card of the shown column has the focus."""
        focused = self.app.focused
        if isinstance(focused, SuggestionCard) and focused.is_attached:
            return
        cards = self.query_one(f"#col-{self.shown}").query(SuggestionCard) or self.query(SuggestionCard)
        if cards:
            cards.first().focus()

    def already_there(self, s: Suggestion) -> bool:
        """Whether this objective is already a card or already accepted (same title)."""
        ws, title = self.app.workspace, s.objective.title.strip()
        return any(p.objective.title.strip() == title for p in ws.pending) or any(
            o.title.strip() == title for o in ws.objectives)

    def add_card(self, s: Suggestion) -> SuggestionCard:
        """A new suggestion: into the workspace (so it is saved) and onto the screen."""
        self.app.workspace.pending.append(s)
        self.app.mark_dirty()
        card = SuggestionCard(s)
        self.column(s).mount(card)
        return card

    def replace_card(self, card: SuggestionCard, s: Suggestion) -> None:
        pending = self.app.workspace.pending
        idx = next((i for i, p in enumerate(pending) if p is card.suggestion), None)
        if idx is None:
            pending.append(s)
        else:
            pending[idx] = s
        card.suggestion = s
        card.refresh_card()
        self.app.mark_dirty()

    def drop_card(self, card: SuggestionCard) -> None:
        self.app.workspace.pending = [p for p in self.app.workspace.pending if p is not card.suggestion]
        self.app.mark_dirty()
        if card.has_focus:  # keyboard flow: the next card (or the one before) takes the focus
            siblings = list(card.parent.query_children(SuggestionCard)) if card.parent else []
            i = siblings.index(card)
            rest = siblings[i + 1:] + siblings[:i][::-1]
            if rest:
                rest[0].focus()
        card.remove()

    # --- card actions ------------------------------------------------------------------------
    def card_action(self, card: SuggestionCard, what: str) -> None:
        s, lang = card.suggestion, self.app.lang
        if what == "accept":
            self.app.accept_objective(s.objective)
            self.drop_card(card)
        elif what == "discard":
            self.drop_card(card)
            self.app.notify(t(lang, "suggest.discarded", title=clean(s.objective.title)))
        elif what == "edit":
            self.app.push_screen(EditDialog(s.objective), lambda obj: obj and self.after_edit(card, obj))
        elif what == "regenerate":
            self.regenerate(card)
        elif what == "refine":
            if self.app.engine() != "llm":  # say so before asking for an instruction nobody can follow
                self.app.notify(t(lang, "refine.offline"), severity="warning", timeout=10)
                return
            self.app.push_screen(RefineDialog(), lambda text: text and self.refine(card, text))

    def after_edit(self, card: SuggestionCard, objective) -> None:  # type: ignore[no-untyped-def]
        from assistant.refine import recheck

        ws = self.app.workspace
        s = card.suggestion.model_copy(update={"objective": objective})
        self.replace_card(card, recheck(s, ws.context, ws.upper))

    @work(group="card")
    async def regenerate(self, card: SuggestionCard) -> None:
        from assistant.refine import regenerate

        ws = self.app.workspace
        src = _source(card.suggestion)
        shown = [p.objective.title for p in ws.pending if _source(p) == src]
        await self._replace_with(card, "suggest.regenerated", lambda: regenerate(
            src, ws.context, ws.upper, settings=self.app.settings(), exclude=shown, client=self.app.llm_client))

    @work(group="card")
    async def refine(self, card: SuggestionCard, request: str) -> None:
        from assistant.refine import refine

        ws = self.app.workspace
        await self._replace_with(card, "suggest.refined", lambda: refine(
            card.suggestion, request, ws.context, ws.upper, settings=self.app.settings(),
            client=self.app.llm_client))

    async def _replace_with(self, card: SuggestionCard, done: str,
                            ask: Callable[[], Awaitable[Suggestion | None]]) -> None:
        """Show the card as loading while the engine works, then put its answer in the card's place.

        `ask` is called inside the guard, so a bad configuration read while building the request is
        a notification too. An engine error leaves the card as it was; no answer (None) says so.
        """
        app, lang = self.app, self.app.lang
        card.loading = True
        try:
            s = await ask()
        except OkrError as exc:
            app.engine_error(exc)
            return
        finally:
            card.loading = False
        if s is None:
            app.notify(t(lang, "suggest.no_other"), severity="warning")
            return
        self.replace_card(card, s)
        app.notify(t(lang, done, title=clean(s.objective.title)))


def _source(s: Suggestion) -> Source:
    return s.objective.source or Source.self_driven
