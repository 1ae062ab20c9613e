"""Upper-level OKRs: paste, parse (through assistant.workspace), see the tree and its references."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Label, Static, TextArea, Tree

from assistant import workspace
from assistant.errors import InputError
from tui.i18n import t
from tui.text import clean


class UpperPane(Vertical):
    """A paste box, a Parse button, the parsed tree and any parse problem shown where it is."""

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield Label(t(lang, "upper.hint"))
        yield TextArea(self.app.workspace.upper_text, id="upper-text")
        yield Button(t(lang, "upper.parse"), id="upper-parse", variant="primary")
        yield Static("", id="upper-problem")
        yield Tree(t(lang, "tab.upper"), id="upper-tree")

    def on_mount(self) -> None:
        self.show_tree()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.app.workspace.upper_text = event.text_area.text
        self.app.mark_dirty()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "upper-parse":
            event.stop()
            self.parse()

    def parse(self) -> None:
        """Parse the pasted text; on a problem, say where and keep the text."""
        problem = self.query_one("#upper-problem", Static)
        try:
            self.app.workspace.upper = workspace.parse_upper(self.app.workspace.upper_text)
        except ImportError:
            problem.update(Text(t(self.app.lang, "upper.unavailable")))
            return
        except InputError as exc:
            problem.update(Text(clean(str(exc)), style="bold red"))
            if exc.line:
                self.query_one("#upper-text", TextArea).move_cursor((exc.line - 1, 0))
            return
        problem.update("")
        self.app.mark_dirty()
        self.show_tree()

    def show_tree(self) -> None:
        tree = self.query_one("#upper-tree", Tree)
        tree.clear()
        tree.root.expand()
        if not self.app.workspace.upper:
            tree.root.add_leaf(Text(t(self.app.lang, "upper.none")))
        for up in self.app.workspace.upper:
            for i, obj in enumerate(up.objectives, 1):
                ref = f"{up.level.value}:O{i}"
                node = tree.root.add(Text(f"{ref}  {clean(obj.title)}"), expand=True)
                for j, kr in enumerate(obj.key_results, 1):
                    node.add_leaf(Text(f"{ref}.KR{j}  {clean(kr.text)}"))
