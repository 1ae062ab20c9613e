"""The drafting workspace app: five panes in tabs, autosave, language switch, help, palette."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, TabbedContent, TabPane

from assistant import workspace as ws_mod
from assistant.errors import OkrError
from assistant.models import Objective
from tui.commands import WorkspaceCommands
from tui.i18n import system_lang, t
from tui.screens.about import AboutPane
from tui.screens.export import ExportPane
from tui.screens.help import HelpScreen
from tui.screens.mine import MinePane, new_objective
from tui.screens.suggestions import SuggestionsPane
from tui.screens.upper import UpperPane

TABS = ("about", "upper", "suggest", "mine", "export")
AUTOSAVE_EVERY = 1.0  # seconds: a kill loses at most about this much typing
NARROW = 100  # columns below which suggestions show one source at a time


class OkrApp(App[None]):
    """`okr draft`: write your OKRs from your context and your manager's OKRs."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {WorkspaceCommands}
    BINDINGS = [
        Binding("f1", "help", "action.help", id="help"),
        Binding("ctrl+s", "save", "action.save", id="save"),
        Binding("f9", "toggle_lang", "action.lang", id="lang"),
        Binding("ctrl+o", "add_objective", "action.add_objective", id="add_objective"),
        Binding("ctrl+k", "add_kr", "action.add_kr", id="add_kr"),
        Binding("ctrl+up", "move(-1)", "action.move_up", id="move_up", show=False),
        Binding("ctrl+down", "move(1)", "action.move_down", id="move_down", show=False),
        Binding("ctrl+x", "delete_objective", "action.delete", id="delete", show=False),
        Binding("ctrl+g", "generate", "action.generate", id="generate", show=False),
        Binding("ctrl+e", "export", "action.export", id="export", show=False),
        Binding("ctrl+q", "quit", "action.quit", id="quit"),
    ]

    def __init__(self, workspace: ws_mod.Workspace | None = None, *, path: Path | None = None,
                 lang: str | None = None) -> None:
        super().__init__()
        self.save_path = path or ws_mod.default_path()
        self.workspace = workspace if workspace is not None else ws_mod.load(self.save_path)
        self.lang = lang or self.workspace.lang or system_lang()
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            for name, pane in zip(TABS, (AboutPane, UpperPane, SuggestionsPane, MinePane, ExportPane)):
                with TabPane(t(self.lang, f"tab.{name}"), id=f"tab-{name}"):
                    yield pane(id=f"pane-{name}")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t(self.lang, "title")
        self.sub_title = str(self.save_path)
        self._relabel_bindings()
        self.set_interval(AUTOSAVE_EVERY, self.autosave)
        self.on_resize()

    def on_resize(self, event=None) -> None:  # type: ignore[no-untyped-def]
        self.screen.set_class(self.size.width < NARROW, "-narrow")
        if self.size.width < NARROW:
            self.query_one(SuggestionsPane).show_column("aligned")
        else:
            for column in self.query(".column"):
                column.remove_class("-off")

    def _relabel_bindings(self) -> None:
        """Binding descriptions are catalog keys; show them in the interface language."""
        keymap = {b.id: b for b in self.BINDINGS}
        for bindings in self._bindings.key_to_bindings.values():
            for i, b in enumerate(bindings):
                if b.id in keymap:
                    bindings[i] = dataclasses.replace(b, description=t(self.lang, keymap[b.id].description))
        self.refresh_bindings()

    # --- model changes and saving --------------------------------------------------------
    def mark_dirty(self) -> None:
        self.dirty = True

    def autosave(self) -> None:
        if self.dirty:
            self.save()

    def save(self) -> bool:
        """Save now; a failure is a notification, and the work stays in memory."""
        try:
            self.workspace.lang = self.lang  # type: ignore[assignment]
            ws_mod.save(self.workspace, self.save_path)
        except (OkrError, OSError) as exc:
            self.notify(t(self.lang, "save.failed", message=getattr(exc, "message", str(exc))),
                        severity="error")
            return False
        self.dirty = False
        return True

    def accept_objective(self, objective: Objective) -> None:
        """Add an accepted suggestion to My OKRs."""
        self.workspace.objectives.append(objective.model_copy(deep=True))
        self.mark_dirty()
        self.notify(t(self.lang, "suggest.accepted", title=objective.title))
        self.call_later(self.query_one(MinePane).recompose)

    # --- actions -------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_save(self) -> None:
        if self.save():
            self.notify(t(self.lang, "saved", path=self.save_path))

    async def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self.mark_dirty()
        active = self.query_one(TabbedContent).active
        await self.recompose()
        self.query_one(TabbedContent).active = active
        self.title = t(self.lang, "title")
        self._relabel_bindings()
        self.on_resize()
        self.notify(t(self.lang, "lang.switched"))

    def action_goto(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"

    async def _rebuild_mine(self, focus: str | None = None) -> None:
        self.mark_dirty()
        mine = self.query_one(MinePane)
        await mine.recompose()
        mine.check_now()
        self.action_goto("mine")
        if focus:
            self.query_one(f"#{focus}").focus()

    async def action_add_objective(self) -> None:
        self.workspace.objectives.append(new_objective())
        await self._rebuild_mine(f"o{len(self.workspace.objectives) - 1}-title")

    async def action_add_kr(self) -> None:
        i = self.query_one(MinePane).focused_objective()
        if i is None:
            i = len(self.workspace.objectives) - 1
        if i < 0:
            return await self.action_add_objective()
        from assistant.models import KeyResult

        self.workspace.objectives[i].key_results.append(KeyResult(text=""))
        await self._rebuild_mine(f"o{i}-kr{len(self.workspace.objectives[i].key_results) - 1}")

    async def action_move(self, step: int) -> None:
        i = self.query_one(MinePane).focused_objective()
        objs = self.workspace.objectives
        if i is None or not 0 <= i + step < len(objs):
            return
        objs[i], objs[i + step] = objs[i + step], objs[i]
        await self._rebuild_mine(f"o{i + step}-title")

    async def action_delete_objective(self) -> None:
        i = self.query_one(MinePane).focused_objective()
        if i is not None:
            del self.workspace.objectives[i]
            await self._rebuild_mine()

    def action_generate(self) -> None:
        self.action_goto("suggest")
        self.query_one(SuggestionsPane).generate()

    def action_export(self) -> None:
        self.action_goto("export")

    async def action_quit(self) -> None:
        self.save()
        self.exit()
