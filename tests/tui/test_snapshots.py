"""Snapshots of every screen of `okr draft`, at 80×24 and 120×40, in Chinese and in English.

Chinese runs on the article's case (`workspace.example()`), English on examples/english (Ana, a
backend engineer, under Maya's OKRs). Everything that could vary between runs is pinned: the save
path is relative to a per-test working folder (so the sub-title and the help screen read the same
every time), the export path is set to a relative name, the header has no clock, suggestions come
from the offline engine, and toasts are cleared before the picture is taken.

Regenerate after a deliberate UI change with
    .venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update
and look at the report (snapshot_report.html) or the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from assistant import workspace as ws_mod
from assistant.reader import load_context, load_upper
from tui.app import OkrApp
from tui.screens import mine as mine_screen
from tui.screens.help import HelpScreen
from tui.screens.suggestions import SuggestionCard

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "examples" / "english"

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
MINE_DEBOUNCE = mine_screen.DEBOUNCE
SCREENS = ("about", "upper", "suggest", "mine", "export", "help")
SAVE_NAME = "snapshot-workspace.json"  # relative: the sub-title shows this, not a tmp path


def english_workspace() -> ws_mod.Workspace:
    """Ana's context and her manager's OKRs, as a newcomer would paste them."""
    manager = ENGLISH / "manager.md"
    return ws_mod.Workspace(
        lang="en",
        context=load_context(str(ENGLISH / "context.md")),
        upper_text=manager.read_text(encoding="utf-8"),
        upper=load_upper(str(manager)),
    )


def make_app(lang: str) -> OkrApp:
    ws = ws_mod.example() if lang == "zh" else english_workspace()
    ws.lang = lang  # type: ignore[assignment]
    return OkrApp(ws, path=Path(SAVE_NAME), lang=lang)


async def settle(pilot: Pilot, ready: Callable[[], bool] = lambda: True) -> None:
    """Wait until `ready()` holds and nothing is left running, then drop toasts.

    Pilot's pause() guesses "idle" from CPU time, which a busy machine fools; so this polls real
    conditions: no worker running, no animation scheduled, `ready()` true, twice in a row.
    """
    app, steady = pilot.app, 0
    for _ in range(600):  # at most ~30 s (a loaded machine has needed more than 10)
        await app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)
        app.clear_notifications()
        busy = any(w.is_running for w in app.workers)
        steady = steady + 1 if ready() and not busy else 0
        if steady >= 2:
            break
    else:
        raise AssertionError("the screen never settled")
    app.clear_notifications()
    await pilot.pause()


def focus_in(app: OkrApp, name: str) -> bool:
    """The tab is shown and the focus is inside its pane (the app focuses it after a refresh)."""
    pane = app.query_one(f"#pane-{name}")
    return (app.query_one(TabbedContent).active == f"tab-{name}" and app.focused is not None
            and pane in app.focused.ancestors_with_self)


async def goto(pilot: Pilot, name: str) -> None:
    """Show the tab with the focus on its first field, as the app intends.

    The app moves the focus after a refresh; on a busy machine a late refresh could leave it on
    another field of the pane (about 1 picture in 5), so the picture pins it where the app aims it.
    """
    app = pilot.app
    app.action_goto(name)
    await settle(pilot, lambda: focus_in(app, name))
    first = next(w for w in app.query_one(f"#pane-{name}").query("*") if w.focusable)
    first.focus()
    await settle(pilot, lambda: app.focused is first)


async def generate(pilot: Pilot) -> None:
    """Generate all sources on the offline engine, the way Ctrl+G does; wait for every card."""
    app = pilot.app
    await goto(pilot, "suggest")
    app.action_generate()
    await settle(pilot, lambda: bool(app.query(SuggestionCard)) and focus_in(app, "suggest"))


def run_before_for(screen: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert not app.query("HeaderClock"), "a clock would make every snapshot differ"
        await settle(pilot, lambda: focus_in(app, "about"))  # the app's own start: Name focused
        if screen == "suggest":
            await generate(pilot)
        elif screen == "mine":
            # Accept the first suggestion of each source so My OKRs has objectives and findings.
            await generate(pilot)
            accepted = 0
            for column in app.query(".column"):
                buttons = column.query("Button.accept")
                if buttons:
                    buttons.first().press()
                    accepted += 1
                    await settle(pilot)
            assert accepted, "no suggestion to accept"
            await goto(pilot, "mine")
            await settle(pilot, lambda: len(app.query(".objective")) == len(app.workspace.objectives) == accepted)
            # The rubric panel re-checks after a debounce timer, which settle() cannot see: let it
            # fire, then wait for its worker and the frame it draws (a busy machine showed it stale).
            await pilot.pause(MINE_DEBOUNCE + 0.2)
            await settle(pilot)
        elif screen == "export":
            await goto(pilot, "export")
            # The default export path is under the current folder; show a name that never varies.
            app.query_one("#export-path", Input).value = "my-okrs.md"
            await settle(pilot)
        elif screen == "help":
            await pilot.press("f1")
            await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        else:
            await goto(pilot, screen)

    return run_before


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a fresh folder so the relative save path lands in tmp."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ("zh", "en"))
def test_screen(snap_compare, in_tmp: Path, lang: str, size: str, screen: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before_for(screen))
