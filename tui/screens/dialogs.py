"""Small modal dialogs: edit a suggestion, type how a suggestion should be refined."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from assistant.models import Objective
from assistant.workspace import key_result
from tui.i18n import t


class EditDialog(ModalScreen[Objective | None]):
    """Edit a suggestion's objective, KRs (one a line) and alignment before accepting it."""

    BINDINGS = [Binding("escape", "cancel", "edit.cancel", show=False), Binding("ctrl+s", "save", "edit.save")]

    def __init__(self, objective: Objective) -> None:
        super().__init__()
        self.objective = objective

    def compose(self) -> ComposeResult:
        lang, o = self.app.lang, self.objective
        with Vertical(id="edit-box", classes="dialog"):
            yield Label(t(lang, "edit.title"), classes="dialog-title")
            yield Label(t(lang, "edit.objective"))
            yield Input(o.title, id="edit-title", compact=True, select_on_focus=False)
            yield Label(t(lang, "edit.krs"))
            yield TextArea("\n".join(kr.text for kr in o.key_results), id="edit-krs", compact=True, soft_wrap=True)
            yield Label(t(lang, "edit.aligns"))
            yield Input(", ".join(o.aligns_to), id="edit-aligns", compact=True, select_on_focus=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t(lang, "edit.save"), id="edit-save", variant="primary", compact=True)
                yield Button(t(lang, "edit.cancel"), id="edit-cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "edit-save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        krs = [ln.strip() for ln in self.query_one("#edit-krs", TextArea).text.splitlines() if ln.strip()]
        aligns = split_refs(self.query_one("#edit-aligns", Input).value)
        self.dismiss(self.objective.model_copy(update={
            "title": self.query_one("#edit-title", Input).value.strip(),
            "key_results": [key_result(k) for k in krs], "aligns_to": aligns}))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RefineDialog(ModalScreen[str | None]):
    """One line: how the person wants the suggestion changed (the llm engine rewrites it)."""

    BINDINGS = [Binding("escape", "cancel", "edit.cancel", show=False)]

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="refine-box", classes="dialog"):
            yield Label(t(lang, "refine.title"), classes="dialog-title")
            yield Input("", id="refine-text", placeholder=t(lang, "refine.placeholder"), compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t(lang, "refine.go"), id="refine-go", variant="primary", compact=True)
                yield Button(t(lang, "edit.cancel"), id="refine-cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "refine-go":
            self.dismiss(self.query_one("#refine-text", Input).value)
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def split_refs(value: str) -> list[str]:
    """'manager:O1.KR1，manager:O2' → ['manager:O1.KR1', 'manager:O2'] (both commas)."""
    return [r.strip() for r in value.replace("，", ",").replace("、", ",").split(",") if r.strip()]
