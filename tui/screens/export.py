"""Export: the set as Markdown, JSON, YAML or the article's numbered text, to a file or the clipboard."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from assistant.errors import OkrError
from assistant.writer import dumps
from tui.i18n import t
from tui.text import error_text

FORMATS = ("md", "json", "yaml", "text")
LABELS = {"md": "Markdown", "json": "JSON", "yaml": "YAML", "text": "O1/KR1"}
SUFFIX = {"md": ".md", "json": ".json", "yaml": ".yaml", "text": ".txt"}


class ExportPane(Vertical):
    """Pick a format, see the preview, write it to a file or copy it."""

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Horizontal(id="export-top"):
            yield Label(t(lang, "export.format"), classes="field-label")
            with RadioSet(id="export-format", compact=True):
                for i, fmt in enumerate(FORMATS):
                    yield RadioButton(LABELS[fmt], value=i == 0, id=f"fmt-{fmt}", compact=True)
        with Horizontal(id="export-file"):
            yield Label(t(lang, "export.path"), classes="field-label")
            yield Input(str(Path.cwd() / "my-okrs.md"), id="export-path", compact=True, select_on_focus=False)
            yield Button(t(lang, "export.write"), id="export-write", variant="primary", compact=True)
            yield Button(t(lang, "export.copy"), id="export-copy", compact=True)
        yield Static("", id="export-status")
        yield TextArea("", id="export-preview", read_only=True, compact=True)

    def on_mount(self) -> None:
        self.preview()

    def on_show(self) -> None:
        self.preview()

    @property
    def fmt(self) -> str:
        """The chosen format: the radio button that is on (read directly, not from the set's late message)."""
        on = next((b for b in self.query(RadioButton) if b.value), None)
        return (on.id or "fmt-md").removeprefix("fmt-") if on else "md"

    def select(self, fmt: str) -> None:
        """Choose a format (from the palette)."""
        for button in self.query(RadioButton):
            button.value = button.id == f"fmt-{fmt}"
        self._follow_format()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._follow_format()

    def _follow_format(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.value = str(Path(path_input.value or "my-okrs").with_suffix(SUFFIX[self.fmt]))
        self.preview()

    def preview(self) -> None:
        try:
            text = dumps(self.app.workspace.to_set(), self.fmt)
        except OkrError as exc:
            text = error_text(exc, self.app.lang)
        self.query_one("#export-preview", TextArea).load_text(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("export-write", "export-copy"):
            event.stop()
            self.export(to_clipboard=event.button.id == "export-copy")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    def export(self, *, to_clipboard: bool = False) -> Path | None:
        """Write (atomically) or copy the set in the chosen format; a failure is a notification."""
        from assistant.workspace import atomic_write

        lang, status = self.app.lang, self.query_one("#export-status", Static)
        written = None
        try:
            text = dumps(self.app.workspace.to_set(), self.fmt)
            if to_clipboard:
                self.app.copy_to_clipboard(text)
                message = t(lang, "export.copied", n=len(text))
            else:
                written = Path(self.query_one("#export-path", Input).value).expanduser()
                atomic_write(written, text)
                message = t(lang, "export.written", path=written)
            self.app.notify(message)
        except (OkrError, OSError) as exc:
            written = None
            message = t(lang, "export.failed", message=error_text(exc, lang))
            self.app.notify(message, severity="error", timeout=8)
        status.update(Text(message))
        self.preview()
        return written
