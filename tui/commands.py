"""Command palette: every workspace action, found by its Chinese or its English name."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from tui.i18n import EN, ZH

# (catalog key, action string, format values)
ACTIONS: list[tuple[str, str, dict[str, str]]] = [
    ("action.help", "help", {}),
    ("action.save", "save", {}),
    ("action.lang", "toggle_lang", {}),
    ("action.add_objective", "add_objective", {}),
    ("action.add_kr", "add_kr", {}),
    ("action.generate", "generate", {}),
    ("action.export", "export", {}),
    ("action.quit", "quit", {}),
] + [("action.goto", f"goto('{name}')", {"tab": f"tab.{name}"})
     for name in ("about", "upper", "suggest", "mine", "export")]


def names(key: str, values: dict[str, str]) -> tuple[str, str]:
    """The command's (zh, en) names."""
    zh = ZH[key].format(**{k: ZH[v] for k, v in values.items()})
    en = EN[key].format(**{k: EN[v] for k, v in values.items()})
    return zh, en


class WorkspaceCommands(Provider):
    """Matches each action against both its zh and its en name; shows the interface language's."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        lang = getattr(self.app, "lang", "en")
        for key, action, values in ACTIONS:
            zh, en = names(key, values)
            shown = zh if lang == "zh" else en
            score = max(matcher.match(zh), matcher.match(en))
            if score > 0:
                yield Hit(score, matcher.highlight(shown), partial(self.app.run_action, action),
                          help=en if lang == "zh" else zh)
