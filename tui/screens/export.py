"""Export: write the set as Markdown, JSON, YAML or numbered text, or copy it to the clipboard."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from assistant.errors import OkrError
from tui.i18n import t

FORMATS = ("md", "json", "yaml", "text")
SUFFIX = {"md": ".md", "json": ".json", "yaml": ".yaml", "text": ".txt"}


def render(okr_set, fmt: str) -> str:  # type: ignore[no-untyped-def]
    """The set in `fmt` through assistant.writer (JSON works before the writer lands)."""
    try:
        from assistant.writer import dumps
    except ImportError:
        if fmt == "json":
            return okr_set.model_dump_json(indent=2) + "\n"
        raise OkrError(f"format {fmt!r} needs assistant.writer, which is not installed yet",
                       hint="export as json for now") from None
    return dumps(okr_set, fmt)


class ExportPane(Vertical):
    """Pick a format and a file; write it or copy it."""

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield Label(t(lang, "export.format"))
        with RadioSet(id="export-format"):
            for i, fmt in enumerate(FORMATS):
                yield RadioButton(fmt, value=i == 0, id=f"fmt-{fmt}")
        yield Label(t(lang, "export.path"))
        yield Input(str(Path.cwd() / "my-okrs.md"), id="export-path")
        with Horizontal(id="export-buttons"):
            yield Button(t(lang, "export.write"), id="export-write", variant="primary")
            yield Button(t(lang, "export.copy"), id="export-copy")
        yield Static("", id="export-status")

    @property
    def fmt(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return (pressed.id or "fmt-md").removeprefix("fmt-") if pressed else "md"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.value = str(Path(path_input.value).with_suffix(SUFFIX[self.fmt]))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("export-write", "export-copy"):
            event.stop()
            self.export(to_clipboard=event.button.id == "export-copy")

    def export(self, *, to_clipboard: bool = False) -> None:
        lang, status = self.app.lang, self.query_one("#export-status", Static)
        try:
            text = render(self.app.workspace.to_set(), self.fmt)
            if to_clipboard:
                self.app.copy_to_clipboard(text)
                message = t(lang, "export.copied")
            else:
                from assistant.workspace import atomic_write

                path = Path(self.query_one("#export-path", Input).value).expanduser()
                atomic_write(path, text)
                message = t(lang, "export.written", path=path)
        except (OkrError, OSError) as exc:
            message = t(lang, "export.failed", message=getattr(exc, "message", str(exc)))
            self.app.notify(message, severity="error")
        status.update(Text(message))
