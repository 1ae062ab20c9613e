"""My OKRs: the accepted set, editable in place, with a rubric panel that follows your typing."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from assistant.models import KeyResult, Kind, Objective, Source
from tui.i18n import t
from tui.text import clean

DEBOUNCE = 0.3  # seconds after the last keystroke before the rubric runs


class MinePane(Horizontal):
    """Objectives editor on one side, rubric findings and the set view on the other."""

    _timer: Timer | None = None

    def compose(self) -> ComposeResult:
        lang, objectives = self.app.lang, self.app.workspace.objectives
        with VerticalScroll(id="mine-editor"):
            if not objectives:
                yield Static(t(lang, "mine.empty"), id="mine-empty")
            for i, obj in enumerate(objectives):
                with Vertical(classes="objective", id=f"obj-{i}"):
                    yield Label(f"O{i + 1}")
                    yield Input(obj.title, id=f"o{i}-title", placeholder=t(lang, "mine.objective"))
                    with Horizontal(classes="attrs"):
                        yield Select([(t(lang, f"source.{s.value}"), s.value) for s in Source],
                                     value=obj.source.value if obj.source else Select.BLANK,
                                     prompt=t(lang, "source.none"), id=f"o{i}-source")
                        yield Select([(t(lang, f"kind.{k.value}"), k.value) for k in Kind],
                                     value=obj.kind.value if obj.kind else Select.BLANK,
                                     prompt=t(lang, "kind.none"), id=f"o{i}-kind")
                    yield Input(", ".join(obj.aligns_to), id=f"o{i}-aligns",
                                placeholder=t(lang, "mine.aligns"))
                    for j, kr in enumerate(obj.key_results):
                        yield Input(kr.text, id=f"o{i}-kr{j}", placeholder=f"KR{j + 1}",
                                    classes="kr")
        with Vertical(id="mine-rubric"):
            yield Static("", id="mine-score")
            yield OptionList(id="mine-findings")
            yield Static("", id="mine-setview")

    def on_mount(self) -> None:
        self.check_now()

    # --- editing -------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        obj_i, part = _parse_id(event.input.id)
        if obj_i is None:
            return
        obj = self.app.workspace.objectives[obj_i]
        if part == "title":
            obj.title = event.value
        elif part == "aligns":
            obj.aligns_to = [r.strip() for r in event.value.replace("，", ",").split(",") if r.strip()]
        elif part.startswith("kr"):
            obj.key_results[int(part[2:])] = KeyResult(text=event.value)
        self.changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        obj_i, part = _parse_id(event.select.id)
        if obj_i is None or obj_i >= len(self.app.workspace.objectives):
            return
        obj = self.app.workspace.objectives[obj_i]
        value = None if event.value is Select.BLANK else event.value
        if part == "source":
            obj.source = Source(value) if value else None
        elif part == "kind":
            obj.kind = Kind(value) if value else None
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

    # --- rubric --------------------------------------------------------------------------
    def check_now(self) -> None:
        self.run_check(self.app.workspace.to_set())

    @work(exclusive=True, thread=True, group="rubric")
    def run_check(self, okr_set) -> None:  # type: ignore[no-untyped-def]
        """Run the rubric off the event loop; the newest request wins."""
        try:
            from assistant.checker import check_set
        except ImportError:
            self.app.call_from_thread(self.show_unavailable)
            return
        report = check_set(okr_set, lang=self.app.lang)
        self.app.call_from_thread(self.show_report, report)

    def show_unavailable(self) -> None:
        self.query_one("#mine-score", Static).update(Text(t(self.app.lang, "mine.rubric_unavailable")))
        self.show_setview(None)

    def show_report(self, report) -> None:  # type: ignore[no-untyped-def]
        lang = self.app.lang
        self.query_one("#mine-score", Static).update(
            Text(t(lang, "mine.score", score=report.score), style="bold"))
        findings = self.query_one("#mine-findings", OptionList)
        findings.clear_options()
        options = [Option(Text(f"{f.severity} {f.target}: {clean(f.message)}"), id=f"{k}|{f.target}")
                   for k, f in enumerate(report.findings)]
        findings.add_options(options or [Option(Text(t(lang, "mine.no_findings")), disabled=True)])
        self.show_setview(report)

    def show_setview(self, report) -> None:  # type: ignore[no-untyped-def]
        lang, ws = self.app.lang, self.app.workspace
        mix: dict[str, int] = {}
        for obj in ws.objectives:
            key = obj.source.value if obj.source else "none"
            mix[key] = mix.get(key, 0) + 1
        mix_text = ", ".join(f"{t(lang, f'source.{k}')} {n}" for k, n in mix.items()) or "-"
        claimed = {ref for obj in ws.objectives for ref in obj.aligns_to}
        refs = [r for r in ws.to_set().references() if r.startswith("manager:") and ".KR" in r]
        covered = [r for r in refs if r in claimed or r.rsplit(".", 1)[0] in claimed]
        uncovered = [r for r in refs if r not in covered]
        lines = [t(lang, "mine.mix", mix=mix_text)]
        if refs:
            lines.append(t(lang, "mine.covered", refs=", ".join(covered) or "-"))
            lines.append(t(lang, "mine.uncovered", refs=", ".join(uncovered) or "-"))
        self.query_one("#mine-setview", Static).update(Text("\n".join(lines)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Jump to the element the finding points at: 'O2' or 'O2.KR1'."""
        target = (event.option.id or "|").split("|", 1)[1]
        self.jump_to(target)

    def jump_to(self, target: str) -> None:
        parts = target.split(".")
        try:
            obj_i = int(parts[0].lstrip("O")) - 1
            widget_id = f"o{obj_i}-kr{int(parts[1][2:]) - 1}" if len(parts) > 1 else f"o{obj_i}-title"
            self.query_one(f"#{widget_id}").focus()
        except (ValueError, IndexError, LookupError):
            return


def _parse_id(widget_id: str | None) -> tuple[int | None, str]:
    """'o2-kr1' → (2, 'kr1'); anything else → (None, '')."""
    if not widget_id or not widget_id.startswith("o") or "-" not in widget_id:
        return None, ""
    head, part = widget_id.split("-", 1)
    return (int(head[1:]), part) if head[1:].isdigit() else (None, "")


def new_objective() -> Objective:
    return Objective(title="", key_results=[KeyResult(text="")])
