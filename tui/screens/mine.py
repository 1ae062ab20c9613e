"""My OKRs: the accepted set, editable in place, with a rubric panel that follows your typing."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from assistant.models import KeyResult, Kind, Objective, Source
from assistant.workspace import key_result
from tui.i18n import t
from tui.screens.dialogs import split_refs
from tui.text import clean

DEBOUNCE = 0.3  # seconds after the last keystroke before the rubric runs


class MinePane(Horizontal):
    """Objectives editor on one side; score, findings (Enter jumps) and the set view on the other."""

    BINDINGS = [
        # keys Input leaves free (it binds ctrl+a/d/e/k/u/w/x for editing)
        Binding("ctrl+n", "app.add_kr", "action.add_kr", id="mine.add_kr"),
        Binding("ctrl+up", "app.move(-1)", "action.move_up", id="mine.move_up"),
        Binding("ctrl+down", "app.move(1)", "action.move_down", id="mine.move_down", show=False),  # 80 columns
        Binding("ctrl+r", "app.delete_objective", "action.delete", id="mine.delete"),
        Binding("ctrl+t", "app.delete_kr", "action.delete_kr", id="mine.delete_kr", show=False),
    ]
    _timer: Timer | None = None

    def compose(self) -> ComposeResult:
        lang, objectives = self.app.lang, self.app.workspace.objectives
        with VerticalScroll(id="mine-editor"):
            if not objectives:
                yield Static(t(lang, "mine.empty"), id="mine-empty")
            for i, obj in enumerate(objectives):
                with Vertical(classes="objective", id=f"obj-{i}"):
                    with Horizontal(classes="attrs"):
                        yield Label(f"O{i + 1}", classes="obj-label")
                        yield Select([(t(lang, f"source.{s.value}"), s.value) for s in Source],
                                     value=obj.source.value if obj.source else Select.NULL,
                                     prompt=t(lang, "source.none"), id=f"o{i}-source", compact=True)
                        yield Select([(t(lang, f"kind.{k.value}"), k.value) for k in Kind],
                                     value=obj.kind.value if obj.kind else Select.NULL,
                                     prompt=t(lang, "kind.none"), id=f"o{i}-kind", compact=True)
                    with Horizontal(classes="row"):
                        yield Label(t(lang, "mine.o"), classes="row-label")
                        yield Input(obj.title, id=f"o{i}-title", placeholder=t(lang, "mine.objective"), select_on_focus=False,
                                    compact=True, classes="title")
                    with Horizontal(classes="row"):
                        yield Label("→", classes="row-label")
                        yield Input(", ".join(obj.aligns_to), id=f"o{i}-aligns", compact=True, select_on_focus=False,
                                    placeholder=t(lang, "mine.aligns"), classes="aligns")
                    for j, kr in enumerate(obj.key_results):
                        with Horizontal(classes="row"):
                            yield Label(f"KR{j + 1}", classes="row-label")
                            yield Input(kr.text, id=f"o{i}-kr{j}", placeholder=t(lang, "mine.kr"), classes="kr", select_on_focus=False,
                                        compact=True)
        with Vertical(id="mine-rubric"):
            yield Static("", id="mine-score")
            yield OptionList(id="mine-findings", compact=True)
            yield Static("", id="mine-setview")

    def on_mount(self) -> None:
        self.app.relabel(self)
        self.check_now()

    # --- editing -------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        obj_i, part = _parse_id(event.input.id)
        if obj_i is None or obj_i >= len(self.app.workspace.objectives):
            return
        event.stop()
        obj = self.app.workspace.objectives[obj_i]
        if part == "title":
            obj.title = event.value
        elif part == "aligns":
            obj.aligns_to = split_refs(event.value)
        elif part.startswith("kr") and int(part[2:]) < len(obj.key_results):
            obj.key_results[int(part[2:])] = key_result(event.value)
        else:
            return
        self.changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        obj_i, part = _parse_id(event.select.id)
        if obj_i is None or obj_i >= len(self.app.workspace.objectives):
            return
        event.stop()
        obj = self.app.workspace.objectives[obj_i]
        value = event.value if isinstance(event.value, str) else None
        if part == "source" and (Source(value) if value else None) != obj.source:
            obj.source = Source(value) if value else None
        elif part == "kind" and (Kind(value) if value else None) != obj.kind:
            obj.kind = Kind(value) if value else None
        else:
            return
        self.changed()

    def changed(self) -> None:
        """The model changed: autosave soon, re-check after the debounce."""
        self.app.mark_dirty()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.check_now)

    def focused_objective(self) -> int | None:
        focused = self.app.focused
        obj_i, _ = _parse_id(focused.id if focused else None)
        return obj_i

    def focused_kr(self) -> tuple[int, int] | None:
        focused = self.app.focused
        obj_i, part = _parse_id(focused.id if focused else None)
        if obj_i is None or not part.startswith("kr"):
            return None
        return obj_i, int(part[2:])

    # --- rubric --------------------------------------------------------------------------
    def check_now(self) -> None:
        # a copy: the thread must not read objectives the person is changing at the same moment
        self.run_check(self.app.workspace.to_set().model_copy(deep=True), self.app.lang)

    @work(exclusive=True, thread=True, group="rubric")
    def run_check(self, okr_set, lang: str) -> None:  # type: ignore[no-untyped-def]
        """Run the rubric off the event loop; the newest request wins."""
        from assistant.checker import check_set

        report = check_set(okr_set, lang=lang) if okr_set.objectives else None
        self.app.call_from_thread(self.show_report, report)

    def show_report(self, report) -> None:  # type: ignore[no-untyped-def]
        """Score, findings (each one an option whose id is its target) and the set view."""
        lang = self.app.lang
        score = self.query_one("#mine-score", Static)
        findings = self.query_one("#mine-findings", OptionList)
        findings.clear_options()
        if report is None:
            score.update(Text(t(lang, "mine.rubric"), style="bold"))
            self.query_one("#mine-setview", Static).update("")
            return
        style = {"good": "green", "fair": "yellow"}.get(report.band, "red")
        band = t(lang, f"band.{report.band}") if report.band in ("good", "fair", "poor") else report.band
        score.update(Text(t(lang, "mine.score", score=report.score, band=band), style=f"bold {style}"))
        options = []
        for k, f in enumerate(report.findings):
            mark = {"error": "✗", "warning": "!", "info": "·"}.get(f.severity.value, "·")
            where = t(lang, "mine.target_set") if f.target == "set" else f.target
            label = Text.assemble((f"{mark} {where} ", "red" if f.severity.value == "error" else "yellow"),
                                  clean(f.message))
            options.append(Option(label, id=f"{k}|{f.target}"))
        findings.add_options(options or [Option(Text(t(lang, "mine.no_findings")), disabled=True)])
        self.show_setview(report)

    def show_setview(self, report) -> None:  # type: ignore[no-untyped-def]
        """Source mix and which manager KRs the set covers, both as the rubric counted them."""
        lang = self.app.lang
        mix = ", ".join(f"{t(lang, f'source.{k}')} {n}" for k, n in report.source_mix.items() if n) or "-"
        lines = [t(lang, "mine.mix", mix=mix)]
        cov = report.coverage
        if cov is not None:
            lines.append(t(lang, "mine.covered", refs=", ".join(cov.supported) or "-"))
            lines.append(t(lang, "mine.uncovered", refs=", ".join(cov.unsupported) or "-"))
        self.query_one("#mine-setview", Static).update(Text("\n".join(lines)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Jump to the element the finding points at: 'O2' or 'O2.KR1'."""
        event.stop()
        self.jump_to((event.option.id or "|").split("|", 1)[1])

    def jump_to(self, target: str) -> bool:
        """Focus the input of `target` ('O2', 'O2.KR1'); False when there is no such element (e.g. 'set')."""
        parts = target.split(".")
        try:
            obj_i = int(parts[0].lstrip("O")) - 1
            widget_id = f"o{obj_i}-kr{int(parts[1][2:]) - 1}" if len(parts) > 1 else f"o{obj_i}-title"
            widget = self.query_one(f"#{widget_id}")
        except (ValueError, IndexError, LookupError):
            return False
        widget.focus()
        widget.scroll_visible()
        return True


def _parse_id(widget_id: str | None) -> tuple[int | None, str]:
    """'o2-kr1' → (2, 'kr1'); anything else → (None, '')."""
    if not widget_id or not widget_id.startswith("o") or "-" not in widget_id:
        return None, ""
    head, part = widget_id.split("-", 1)
    return (int(head[1:]), part) if head[1:].isdigit() else (None, "")


def new_objective() -> Objective:
    return Objective(title="", key_results=[KeyResult(text="")])
