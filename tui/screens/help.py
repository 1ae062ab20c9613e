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
    """Lists the app's, the cards' and My OKRs' bindings; Esc closes it."""

    BINDINGS = [Binding("escape,q,f1", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        from tui.screens.mine import MinePane
        from tui.screens.suggestions import SuggestionCard

        lang, app = self.app.lang, self.app
        out = Text()
        out.append(t(lang, "help.title") + "\n", style="bold")
        for title, bindings in (("help.global", app.BINDINGS), ("help.card", SuggestionCard.BINDINGS),
                                ("help.mine", MinePane.BINDINGS)):
            out.append(f"\n{t(lang, title)}\n", style="bold underline")
            for b in bindings:
                keys = ", ".join(app.get_key_display(Binding(k, "")) for k in b.key.split(","))
                out.append(f"  {keys:<16}", style="bold")
                key = b.description.replace("btn.", "action.", 1)  # the card's full names, not its button labels
                out.append(t(lang, key) + "\n")
        out.append(f"  {app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, '')):<16}", style="bold")
        out.append(t(lang, "help.palette") + "\n")
        out.append("\n" + t(lang, "where", path=app.save_path) + "\n")
        out.append(t(lang, "help.close"), style="dim")
        with VerticalScroll(id="help-box"):
            yield Static(out, id="help-text")
