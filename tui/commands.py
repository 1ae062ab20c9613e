"""Command palette: every workspace action, found by its Chinese or its English name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import EN, ZH

TABS = ("about", "upper", "suggest", "mine", "export")
SOURCES = ("aligned", "self_driven", "external_support")
CARD = ("accept", "edit", "regenerate", "refine", "discard")

# (catalog key, action string, {placeholder: catalog key or literal})
ACTIONS: list[tuple[str, str, dict[str, str]]] = [
    ("action.help", "help", {}),
    ("action.save", "save", {}),
    ("action.lang", "toggle_lang", {}),
    ("action.parse", "parse_upper", {}),
    ("action.load_upper", "load_upper", {}),
    ("action.generate", "generate", {}),
    *(("action.generate_source", f"generate('{s}')", {"source": f"source.{s}"}) for s in SOURCES),
    *(("action.card", f"card('{c}')", {"what": f"action.{c}"}) for c in CARD),
    ("action.add_objective", "add_objective", {}),
    ("action.add_kr", "add_kr", {}),
    ("action.delete_kr", "delete_kr", {}),
    ("action.move_up", "move(-1)", {}),
    ("action.move_down", "move(1)", {}),
    ("action.delete", "delete_objective", {}),
    *(("action.export_fmt", f"export_fmt('{f}')", {"fmt": f"={f}"}) for f in ("md", "json", "yaml", "text")),
    ("action.copy", "copy", {}),
    *(("action.goto", f"goto('{name}')", {"tab": f"tab.{name}"}) for name in TABS),
    ("action.quit", "quit", {}),
]


def names(key: str, values: dict[str, str]) -> tuple[str, str]:
    """The command's (zh, en) names; a value starting with '=' is literal."""
    def fill(cat: dict[str, str]) -> str:
        return cat[key].format(**{k: v[1:] if v.startswith("=") else cat[v] for k, v in values.items()})

    return fill(ZH), fill(EN)


class WorkspaceCommands(Provider):
    """Matches each action against both its zh and its en name; shows the interface language's."""

    async def discover(self) -> Hits:
        lang = getattr(self.app, "lang", "en")
        for key, action, values in ACTIONS:
            zh, en = names(key, values)
            yield DiscoveryHit(zh if lang == "zh" else en, partial(self.app.palette_run, action),
                               help=en if lang == "zh" else zh)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        lang = getattr(self.app, "lang", "en")
        for key, action, values in ACTIONS:
            zh, en = names(key, values)
            shown = zh if lang == "zh" else en
            score = max(matcher.match(zh), matcher.match(en))
            if score > 0:
                yield Hit(score, matcher.highlight(shown), partial(self.app.palette_run, action),
                          help=en if lang == "zh" else zh)
