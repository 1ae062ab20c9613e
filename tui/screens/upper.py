"""Upper-level OKRs: paste (parsed as you type, through assistant.workspace) or load a file; see the tree."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Input, Label, TextArea, Tree

from assistant import workspace
from assistant.errors import InputError, OkrError
from tui.i18n import t
from tui.text import clean, error_text
from tui.widgets import FoldedText

PARSE_DELAY = 0.4  # seconds after the last keystroke before the paste is parsed


class UpperPane(Horizontal):
    """The paste box and its file bar on one side, the parsed tree with references on the other."""

    _timer: Timer | None = None

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="upper-left"):
            yield Label(t(lang, "upper.hint"), id="upper-hint")
            yield TextArea(self.app.workspace.upper_text, id="upper-text", compact=True)
            with Horizontal(id="upper-bar"):
                yield Button(t(lang, "upper.parse"), id="upper-parse", compact=True, variant="primary")
                yield Input("", id="upper-path", placeholder=t(lang, "upper.path"), compact=True, select_on_focus=False)
                yield Button(t(lang, "upper.load"), id="upper-load", compact=True)
            yield FoldedText("", id="upper-problem")
        yield Tree(t(lang, "tab.upper"), id="upper-tree")

    def on_mount(self) -> None:
        self.show_tree()
        if self.app.workspace.upper_text.strip():
            self.parse(quiet=True)  # a saved paste that does not parse shows its problem at once

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text == self.app.workspace.upper_text:
            return
        self.app.workspace.upper_text = event.text_area.text
        self.app.mark_dirty()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PARSE_DELAY, self.parse)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "upper-parse":
            event.stop()
            self.parse()
        elif event.button.id == "upper-load":
            event.stop()
            self.load_file()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "upper-path":
            event.stop()
            self.load_file()

    def load_file(self) -> None:
        """Read the file named in the path box into the paste box (then parse it)."""
        raw = self.query_one("#upper-path", Input).value.strip()
        if not raw:
            self.query_one("#upper-path", Input).focus()
            return
        path = Path(raw).expanduser()
        try:
            text = workspace.read_upper_file(path)
        except OkrError as exc:
            self.app.notify(t(self.app.lang, "upper.load_failed", message=error_text(exc, self.app.lang)), severity="error",
                            timeout=8)
            return
        self.app.workspace.upper_text = text
        self.query_one("#upper-text", TextArea).load_text(text)
        self.app.mark_dirty()
        self.parse()
        self.app.notify(t(self.app.lang, "upper.loaded", path=path))

    def parse(self, quiet: bool = False) -> None:
        """Parse the pasted text; on a problem, show it and put the cursor on that line; keep the text."""
        problem, lang = self.query_one("#upper-problem", FoldedText), self.app.lang
        try:
            upper = workspace.parse_upper(self.app.workspace.upper_text)
        except InputError as exc:
            problem.set_class(True, "-error")
            if exc.line:
                problem.update(Text(t(lang, "upper.problem", line=exc.line, message=clean(exc.detail_in(lang)))))
                area = self.query_one("#upper-text", TextArea)
                if not quiet and not area.has_focus:  # don't yank the cursor while the person is typing
                    area.select_line(exc.line - 1)
            else:
                problem.update(Text(t(lang, "upper.problem_noline", message=clean(exc.detail_in(lang)))))
            return
        if upper != self.app.workspace.upper:
            self.app.workspace.upper = upper
            self.app.mark_dirty()
        problem.set_class(False, "-error")
        n = sum(len(u.objectives) for u in upper)
        k = sum(len(o.key_results) for u in upper for o in u.objectives)
        problem.update(Text(t(lang, "upper.ok", n=n, k=k)) if n else "")
        self.show_tree()

    def show_tree(self) -> None:
        """The parsed upper OKRs with the references a person's objective aligns to."""
        tree = self.query_one("#upper-tree", Tree)
        tree.clear()
        tree.root.expand()
        refs = self.app.workspace.to_set().references()
        if not refs:
            tree.root.add_leaf(Text(t(self.app.lang, "upper.none")))
        nodes = {}
        for ref, text in refs.items():
            label = Text.assemble((ref, "bold"), " ", clean(text))
            if ".KR" in ref:
                parent = nodes.get(ref.rsplit(".", 1)[0], tree.root)
                parent.add_leaf(label)
            else:
                nodes[ref] = tree.root.add(label, expand=True)
