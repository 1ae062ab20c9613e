"""The help screen: every key binding with what it does, in the interface language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t


class HelpScreen(ModalScreen[None]):
    """Lists the app's bindings; Esc closes it."""

    BINDINGS = [Binding("escape,q,f1", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        rows = [t(lang, "help.title"), ""]
        for binding in self.app.BINDINGS:
            rows.append(f"{binding.key:<14} {t(lang, binding.description)}")
        rows += ["", t(lang, "where", path=self.app.save_path), "", t(lang, "help.close")]
        with VerticalScroll(id="help-box"):
            yield Static(Text("\n".join(rows)))
