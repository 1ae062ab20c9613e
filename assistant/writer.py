"""Model → text: Markdown, JSON, YAML and the article's numbered text.

Whatever is written reads back (`assistant.reader.loads`) as an equal model: context goes in
YAML front matter, upper levels under section headings (`## 上级 OKR` / `## Manager OKRs`),
objective attributes in a trailing brace tag, and a key result's fields in a brace tag only
where they differ from what its wording says (`read_key_result`). Headings, markers and tag
keys follow the set's language (context.language, else detected from its text). A colon after a
marker inside a title or KR (`对齐 O2: …`) is written `O2\\:` so the line does not split there.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from assistant.attributes import escape_value
from assistant.lang import detect_language
from assistant.measure import read_key_result
from assistant.models import KeyResult, Lang, Level, Objective, OKRSet, UpperOKRs
from assistant.textformat import escape_markers

FORMATS = ("md", "json", "yaml", "text")

_HEADINGS: dict[Lang, dict[Level | None, str]] = {
    "zh": {Level.company: "公司 OKR", Level.department: "部门 OKR", Level.team: "团队 OKR",
           Level.manager: "上级 OKR", Level.individual: "个人级 OKR", None: "我的 OKR"},
    "en": {Level.company: "Company OKRs", Level.department: "Department OKRs", Level.team: "Team OKRs",
           Level.manager: "Manager OKRs", Level.individual: "Individual-level OKRs", None: "My OKRs"},
}
_ZH_VALUES = {"aligned": "上下对齐", "self_driven": "自驱", "external_support": "外部支撑", "business": "业务型",
              "capability": "非业务型", "committed": "承诺型", "aspirational": "挑战型"}
_ZH_KEYS = {"source": "来源", "kind": "类型", "aligns": "对齐", "commitment": "承诺"}
_KR_FIELDS = ("metric", "baseline", "target", "unit", "direction", "deadline")


class _Dumper(yaml.SafeDumper):
    """SafeDumper that double-quotes strings holding U+0085, U+2028 or U+2029.

    YAML reads those three as line breaks; PyYAML would write them raw in a plain or single-quoted
    scalar and read back a different string. In double quotes they are escaped (\\N, \\L, \\P).
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if ("\x85" in value or "\u2028" in value or "\u2029" in value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def set_language(okr_set: OKRSet) -> Lang:
    """The language to write `okr_set` in: its context's, else the language of its text."""
    if okr_set.context.language:
        return okr_set.context.language
    parts = [o.title for o in okr_set.objectives] + [k.text for o in okr_set.objectives for k in o.key_results]
    parts += [o.title for u in okr_set.upper for o in u.objectives]
    return detect_language(" ".join(parts))


def dumps(okr_set: OKRSet, fmt: str) -> str:
    """`okr_set` as text in `fmt` (one of FORMATS)."""
    if fmt == "json":
        return json.dumps(okr_set.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return _yaml(okr_set.model_dump(mode="json"))
    if fmt in ("md", "text"):
        return _numbered(okr_set, markdown=fmt == "md")
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _front_matter(okr_set: OKRSet) -> list[str]:
    data: dict[str, Any] = okr_set.context.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("level", okr_set.context.level.value)  # always present: the file is never empty
    body = _yaml(data).rstrip("\n")
    return ["---", *body.split("\n"), "---"]


def _tag(pairs: list[tuple[str, str]]) -> str:
    return " {" + "; ".join(f"{k}: {v}" for k, v in pairs) + "}" if pairs else ""


def objective_tag(obj: Objective, lang: Lang) -> str:
    """The brace tag for an objective's attributes ("" when it has none)."""
    pairs: list[tuple[str, str]] = []
    for key, value in (("source", obj.source), ("kind", obj.kind), ("commitment", obj.commitment)):
        if value is not None:
            pairs.append((key, value.value))
    if obj.aligns_to:
        pairs.insert(2 if len(pairs) >= 2 else len(pairs), ("aligns", ", ".join(obj.aligns_to)))
    if lang == "zh":
        pairs = [(_ZH_KEYS[k], _ZH_VALUES.get(v, v)) for k, v in pairs]
    return _tag(pairs)


def kr_tag(kr: KeyResult) -> str:
    """The brace tag for a KR's fields that its wording does not already say ("" when none)."""
    derived = read_key_result(kr.text)
    pairs = []
    for name in _KR_FIELDS:
        value = getattr(kr, name)
        if value == getattr(derived, name):
            continue
        if value is None:
            pairs.append((name, "null"))
        elif isinstance(value, float):
            pairs.append((name, repr(value)))
        else:
            pairs.append((name, escape_value(str(getattr(value, "value", value)))))
    return _tag(pairs)


def _objectives(objectives: list[Objective], lang: Lang, markdown: bool) -> list[str]:
    colon = "：" if lang == "zh" else ": "
    lines: list[str] = []
    for i, obj in enumerate(objectives, 1):
        head = f"O{i}{colon}{escape_markers(obj.title)}{objective_tag(obj, lang)}"
        lines.append(f"### {head}" if markdown else head)
        for j, kr in enumerate(obj.key_results, 1):
            item = f"KR{j}{colon}{escape_markers(kr.text)}{kr_tag(kr)}"
            lines.append(f"- {item}" if markdown else item)
        if markdown:
            lines.append("")
    return lines


def _section(title: str, owner: str, lang: Lang, markdown: bool) -> str:
    sep = "：" if lang == "zh" else ": "
    text = f"{title}{sep}{owner}" if owner else title
    return f"## {text}" if markdown else f"**{text}**"


def _numbered(okr_set: OKRSet, *, markdown: bool) -> str:
    lang = set_language(okr_set)
    out = _front_matter(okr_set)
    up: UpperOKRs
    for up in okr_set.upper:
        out += ["", _section(_HEADINGS[lang][up.level], up.owner, lang, markdown), ""]
        out += _objectives(up.objectives, lang, markdown)
    if okr_set.upper:
        out += ["", _section(_HEADINGS[lang][None], "", lang, markdown)]
    out.append("")
    out += _objectives(okr_set.objectives, lang, markdown)
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["FORMATS", "dumps", "kr_tag", "objective_tag", "set_language"]
