"""The drafting workspace app: five panes in tabs, autosave, language switch, help, palette."""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Footer, Header, TabbedContent, TabPane

from assistant import workspace as ws_mod
from assistant.errors import InputError, OkrError
from assistant.models import Objective
from tui.commands import WorkspaceCommands
from tui.i18n import system_lang, t
from tui.screens.about import AboutPane
from tui.screens.export import ExportPane
from tui.screens.help import HelpScreen
from tui.screens.mine import MinePane, new_objective
from tui.screens.suggestions import SuggestionsPane
from tui.screens.upper import UpperPane
from tui.text import clean, error_text

TABS = ("about", "upper", "suggest", "mine", "export")
AUTOSAVE_EVERY = 1.0  # seconds: a kill loses at most about this much typing


class OkrApp(App[None]):
    """`okr draft`: write your OKRs from your context and your manager's OKRs."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {WorkspaceCommands}
    NARROW = 100  # columns below which suggestions show one source at a time
    BINDINGS = [
        # F-keys are priority: a focused TextArea binds F6/F7 for selections, the workspace wins
        Binding("f1", "help", "action.help", id="help", priority=True),
        Binding("f9", "toggle_lang", "action.lang", id="lang", priority=True),
        Binding("ctrl+g", "generate", "action.generate", id="generate", show=False),  # the Suggestions bar says it
        Binding("ctrl+o", "add_objective", "action.add_objective", id="add_objective"),
        Binding("ctrl+s", "save", "action.save", id="save", show=False),
        *(Binding(f"f{n}", f"goto('{name}')", f"tab.{name}", id=f"goto.{name}", show=False, priority=True)
          for n, name in enumerate(TABS, 2)),
        Binding("ctrl+q", "quit", "action.quit", id="quit", priority=True),
    ]

    def __init__(self, workspace: ws_mod.Workspace | None = None, *, path: Path | None = None,
                 lang: str | None = None, settings: Any = None) -> None:
        super().__init__()
        self.save_path = path or ws_mod.default_path()
        self.workspace = workspace if workspace is not None else ws_mod.load(self.save_path)
        self.lang = lang or self.workspace.lang or system_lang()
        self._settings = settings  # tests pass settings; otherwise read (flags > env > file) when used
        self.llm_client: Any = None
        self.current_card: Any = None
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            for name, pane in zip(TABS, (AboutPane, UpperPane, SuggestionsPane, MinePane, ExportPane)):
                with TabPane(t(self.lang, f"tab.{name}"), id=f"tab-{name}"):
                    yield pane(id=f"pane-{name}")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.is_headless:  # tests and snapshots: no tab-underline or toast animations mid-picture
            self.animation_level = "none"
        self.title = t(self.lang, "title")
        self.sub_title = str(self.save_path)
        self.relabel(self)
        self.set_interval(AUTOSAVE_EVERY, self.autosave)
        self.on_resize()
        self.call_after_refresh(self._focus_first, "about")  # typing starts in the Name field

    def on_resize(self, event: Any = None) -> None:
        narrow = self.size.width < self.NARROW
        self.screen.set_class(narrow, "-narrow")
        pane = self.query(SuggestionsPane)
        if pane:
            pane.first().show_column(getattr(pane.first(), "shown", "aligned"))

    def on_descendant_focus(self, event: Any) -> None:
        """Headless (tests, snapshots): a steady cursor, so a picture never depends on blink timing."""
        if self.is_headless and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def relabel(self, node: DOMNode) -> None:
        """Binding descriptions are catalog keys; show them in the interface language."""
        for bindings in node._bindings.key_to_bindings.values():
            for i, b in enumerate(bindings):
                key = b.id and next((x.description for x in type(node).BINDINGS
                                     if isinstance(x, Binding) and x.id == b.id), None)
                if b.action == "command_palette":
                    key = "action.palette"
                if key:
                    bindings[i] = dataclasses.replace(b, description=t(self.lang, key))
        self.refresh_bindings()

    # --- settings and engine ---------------------------------------------------------------
    def settings(self) -> Any:
        """The effective settings (a bad config raises ConfigError, shown as a notification)."""
        if self._settings is None:
            from assistant.config import load_settings

            self._settings = load_settings()
        return self._settings

    def engine(self, settings: Any = None) -> str:
        """'offline' or 'llm'; 'offline' when the config cannot be read (the error shows on use)."""
        from assistant.refine import engine_name

        try:
            return engine_name(settings or self.settings())
        except OkrError:
            return "offline"

    def short_error(self, exc: OkrError) -> str:
        """What went wrong, short, in the interface language: an input problem without its file and
        line; a model failure as the server put it."""
        detail = exc.detail_in(self.lang) if isinstance(exc, InputError) else getattr(exc, "detail", "")
        return clean(detail or exc.message_in(self.lang))

    def engine_error(self, exc: OkrError) -> None:
        """An engine failure as a notification that says what to do; nothing in the workspace changes."""
        lang = self.lang
        message = self.short_error(exc)
        said = exc.hint_in(lang)
        hint = clean(said[:1].upper() + said[1:]).rstrip(".。") + ("。" if lang == "zh" else ".") if said else ""
        if isinstance(exc, InputError):  # e.g. refine on the offline engine: a limit, not a failure
            self.notify(f"{message} — {hint}", severity="warning", timeout=10)
            return
        self.notify(t(self.lang, "suggest.error", message=message, hint=hint), severity="error",
                    timeout=12)

    # --- model changes and saving --------------------------------------------------------
    def mark_dirty(self) -> None:
        self.dirty = True

    def autosave(self) -> None:
        if self.dirty:
            self.save()

    def save(self) -> bool:
        """Save now (atomically); a failure is a notification, and the work stays in memory."""
        try:
            ws_mod.save(self.workspace, self.save_path)
        except (OkrError, OSError) as exc:
            self.notify(t(self.lang, "save.failed", message=error_text(exc, self.lang)),
                        severity="error", timeout=10)
            return False
        self.dirty = False
        return True

    def accept_objective(self, objective: Objective) -> None:
        """Add an accepted suggestion to My OKRs."""
        ws_mod.accept(self.workspace, objective)
        self.mark_dirty()
        self.notify(t(self.lang, "suggest.accepted", title=clean(objective.title)))
        self.call_later(self._refresh_mine)

    async def _refresh_mine(self) -> None:
        mine = self.query_one(MinePane)
        await mine.recompose()
        mine.check_now()

    def run_card_action(self, what: str) -> None:
        """accept / edit / regenerate / refine / discard on the focused (or last focused) card."""
        card = self.current_card
        if card is None or not card.is_attached:
            return
        self.query_one(SuggestionsPane).card_action(card, what)

    # --- actions -------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_save(self) -> None:
        if self.save():
            self.notify(t(self.lang, "saved", path=self.save_path))

    async def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self.workspace.lang = self.lang  # type: ignore[assignment]  # chosen: remembered over the locale
        self.mark_dirty()
        active = self.query_one(TabbedContent).active
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        self.query_one(TabbedContent).active = active
        if focused and self.query(f"#{focused}"):
            self.query_one(f"#{focused}").focus()  # keep the place: same field, now in the other language
        else:
            self.call_after_refresh(self._focus_first, active.removeprefix("tab-"))
        self.title = t(self.lang, "title")
        self.relabel(self)
        self.on_resize()
        self.notify(t(self.lang, "lang.switched"))

    def action_goto(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"
        self.call_after_refresh(self._focus_first, name)  # once the pane is displayed

    def _focus_first(self, name: str, tries: int = 20) -> bool:
        """Put the focus on the pane's first field (keys then act there); True when focus is in the pane.

        Right after a tab switch the pane may not be displayed yet (nothing is focusable): try again shortly.
        """
        pane = self.query_one(f"#pane-{name}")
        focused = self.focused
        if focused is not None and pane in focused.ancestors:
            return True
        if self.query_one(TabbedContent).active != f"tab-{name}":
            return False  # the person moved on meanwhile
        target = next((w for w in pane.query("*") if w.focusable), None)
        if target is not None:
            target.focus(scroll_visible=False)
        if (target is None or self.focused is not target) and tries > 0:
            self.set_timer(0.05, partial(self._focus_first, name, tries - 1))
        return target is not None

    async def _rebuild_mine(self, focus: str | None = None) -> None:
        self.mark_dirty()
        self.query_one(TabbedContent).active = "tab-mine"
        mine = self.query_one(MinePane)
        await mine.recompose()
        mine.check_now()
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
        self.workspace.objectives[i].key_results.append(ws_mod.key_result(""))
        await self._rebuild_mine(f"o{i}-kr{len(self.workspace.objectives[i].key_results) - 1}")

    async def action_delete_kr(self) -> None:
        where = self.query_one(MinePane).focused_kr()
        if where is None:
            return
        i, j = where
        krs = self.workspace.objectives[i].key_results
        if j < len(krs):
            del krs[j]
        await self._rebuild_mine(f"o{i}-kr{min(j, len(krs) - 1)}" if krs else f"o{i}-title")

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
            await self._rebuild_mine(f"o{min(i, len(self.workspace.objectives) - 1)}-title"
                                     if self.workspace.objectives else None)

    def action_generate(self, source: str | None = None) -> None:
        from assistant.models import Source

        self.action_goto("suggest")
        self.query_one(SuggestionsPane).generate([Source(source)] if source else None)

    def action_parse_upper(self) -> None:
        self.action_goto("upper")
        self.query_one(UpperPane).parse()

    def action_load_upper(self) -> None:
        self.query_one(TabbedContent).active = "tab-upper"
        self.call_after_refresh(lambda: self.query_one("#upper-path").focus())

    def action_export_fmt(self, fmt: str) -> None:
        self.action_goto("export")
        pane = self.query_one(ExportPane)
        pane.select(fmt)
        pane.export()

    def action_copy(self) -> None:
        self.action_goto("export")
        self.query_one(ExportPane).export(to_clipboard=True)

    def palette_run(self, action: str) -> None:
        """Run a palette command once the palette has gone and focus is back (else it would undo a tab switch)."""
        self.set_timer(0.05, partial(self.run_action, action))

    def action_card(self, what: str) -> None:
        self.run_card_action(what)

    async def action_quit(self) -> None:
        self.save()
        self.exit()


__all__ = ["OkrApp", "TABS"]
