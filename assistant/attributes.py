"""The brace tag after an objective or a key result: `{source: aligned; kind: business; aligns: manager:O1.KR1}`.

Keys and values in English or Chinese (`{来源: 上下对齐; 类型: 业务型; 对齐: manager:O1.KR1; 承诺: 承诺型}`).
On a key result the tag carries fields the wording does not say itself
(`{target: 90; unit: %}`) — the writers emit it only when a field differs from what
`assistant.measure.read_key_result` reads out of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.errors import InputError
from assistant.models import Commitment, Direction, Kind, Source

_KEYS = {
    "source": "source", "来源": "source", "kind": "kind", "type": "kind", "类型": "kind", "类别": "kind",
    "aligns": "aligns_to", "aligns_to": "aligns_to", "align": "aligns_to", "对齐": "aligns_to",
    "commitment": "commitment", "承诺": "commitment", "承诺类型": "commitment",
}
_KR_KEYS = {
    "metric": "metric", "指标": "metric", "baseline": "baseline", "基线": "baseline", "target": "target",
    "目标值": "target", "unit": "unit", "单位": "unit", "direction": "direction", "方向": "direction",
    "deadline": "deadline", "截止": "deadline", "期限": "deadline",
}
_VALUES: dict[str, dict[str, Any]] = {
    "source": {
        **{s.value: s for s in Source}, "self-driven": Source.self_driven, "external": Source.external_support,
        "上下对齐": Source.aligned, "对齐": Source.aligned, "上下对齐拆解": Source.aligned, "拆解": Source.aligned,
        "自驱": Source.self_driven, "外部支撑": Source.external_support, "外部支持": Source.external_support,
    },
    "kind": {
        **{k.value: k for k in Kind}, "业务型": Kind.business, "业务": Kind.business,
        "非业务型": Kind.capability, "非业务": Kind.capability, "能力建设": Kind.capability, "能力型": Kind.capability,
    },
    "commitment": {
        **{c.value: c for c in Commitment}, "承诺型": Commitment.committed, "承诺": Commitment.committed,
        "挑战型": Commitment.aspirational, "挑战": Commitment.aspirational,
    },
    "direction": {
        **{d.value: d for d in Direction}, "提升": Direction.increase, "增加": Direction.increase,
        "降低": Direction.decrease, "减少": Direction.decrease, "保持": Direction.maintain, "达到": Direction.reach,
    },
}
_LEVEL_ALIAS = {"上级": "manager", "经理": "manager", "部门": "department", "团队": "team", "公司": "company", "集团": "company",
                "个人": "individual"}
_REF = re.compile(r"^(company|department|team|manager|individual):O(\d+)(?:\.KR(\d+))?$")
_PAIR = re.compile(r"\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$", re.S)
_REF_SPLIT = re.compile(r"[,，、\s]+")
_PART_SPLIT = re.compile(r"[;；]")
ATTRIBUTE_KEYS = ("source", "kind", "aligns", "commitment")
KR_KEYS = tuple(dict.fromkeys(_KR_KEYS.values()))


def _pairs(tag: str, *, path: str, line: int) -> list[tuple[str, str]]:
    out = []
    for part in _PART_SPLIT.split(tag):
        if not part.strip():
            continue
        m = _PAIR.match(part)
        if m is None:
            raise InputError(f"attribute {part.strip()!r} has no value", path=path, line=line,
                             hint="write attributes as {key: value; key: value}, e.g. {source: aligned; kind: business}",
                             zh=f"属性 {part.strip()!r} 没有值", zh_hint="属性写成 {键: 值; 键: 值}，例如 {来源: 上下对齐; 类型: 业务型}")
        key, value = m.group(1), m.group(2)
        out.append((key.strip().lower(), value.strip()))
    return out


def normalise_ref(ref: str) -> str:
    """`上级：O1.KR2` / `manager:o1.kr2` → `manager:O1.KR2` (unchanged when it is not a reference)."""
    r = ref.strip().replace("：", ":").replace("．", ".")
    level, _, rest = r.partition(":")
    level = _LEVEL_ALIAS.get(level.strip(), level.strip().lower())
    return f"{level}:{rest.strip().upper()}" if rest else r


def parse_objective_tag(tag: str, *, path: str, line: int) -> dict[str, Any]:
    """Objective fields from a tag body (without braces). Raises InputError naming the bad key or value."""
    # The same few tags recur on most objectives of a team ({来源: 自驱}, {source: aligned; …}): their
    # readings are cached (as tuples, so nothing shared can be changed); a bad tag is read again
    # below so the error names this file and line.
    try:
        fields = dict(_objective_fields(tag))
    except InputError:
        return _parse_objective_tag(tag, path=path, line=line)  # raises, with this path and line
    if "aligns_to" in fields:  # the one list (kept as a tuple): each caller gets a list of its own
        fields["aligns_to"] = list(fields["aligns_to"])
    return fields


@lru_cache(maxsize=1024)
def _objective_fields(tag: str) -> tuple[tuple[str, Any], ...]:
    fields = _parse_objective_tag(tag, path="", line=0)
    return tuple((name, tuple(value) if isinstance(value, list) else value) for name, value in fields.items())


def _parse_objective_tag(tag: str, *, path: str, line: int) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in _pairs(tag, path=path, line=line):
        name = _KEYS.get(key)
        if name is None:
            raise InputError(f"unknown attribute {key!r} in {{{tag}}}", path=path, line=line,
                             hint="objective attributes are source, kind, aligns, commitment (来源, 类型, 对齐, 承诺)",
                             zh=f"{{{tag}}} 里有未知属性 {key!r}", zh_hint="目标的属性有：来源、类型、对齐、承诺（source, kind, aligns, commitment）")
        if name == "aligns_to":
            refs = [normalise_ref(r) for r in _REF_SPLIT.split(value.replace("：", ":")) if r.strip()]
            for ref in refs:
                if not _REF.match(ref):
                    raise InputError(f"{ref!r} is not an upper-level reference", path=path, line=line,
                                     hint="write references as LEVEL:O<n> or LEVEL:O<n>.KR<m>, e.g. manager:O1.KR2",
                                     zh=f"{ref!r} 不是上级 OKR 的引用",
                                     zh_hint="引用写成 层级:O<n> 或 层级:O<n>.KR<m>，例如 manager:O1.KR2")
            fields[name] = refs
            continue
        choice = _VALUES[name].get(value.lower()) or _VALUES[name].get(value)
        if choice is None:
            allowed = ", ".join(sorted({str(v) for v in _VALUES[name].values()}))
            zh_values = "上下对齐 / 自驱 / 外部支撑" if name == "source" else "业务型 / 非业务型" if name == "kind" else "承诺型 / 挑战型"
            raise InputError(f"{key} {value!r} is not one of: {allowed}", path=path, line=line,
                             hint=f"Chinese values work too, e.g. {zh_values}",
                             zh=f"{key} 的值 {value!r} 不在可选值之中：{allowed}", zh_hint=f"也可以写中文：{zh_values}")
        fields[name] = choice
    return fields


def parse_kr_tag(tag: str, *, path: str, line: int) -> dict[str, Any]:
    """Explicit key-result fields from a tag body; numbers for baseline/target, `null` clears a field."""
    try:  # cached as for objective tags; the values (numbers, enums, strings, None) cannot be changed
        return dict(_kr_fields(tag))
    except InputError:
        return _parse_kr_tag(tag, path=path, line=line)  # raises, with this path and line


@lru_cache(maxsize=1024)
def _kr_fields(tag: str) -> tuple[tuple[str, Any], ...]:
    return tuple(_parse_kr_tag(tag, path="", line=0).items())


def _parse_kr_tag(tag: str, *, path: str, line: int) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in _pairs(tag, path=path, line=line):
        name = _KR_KEYS.get(key)
        if name is None:
            raise InputError(f"unknown key-result field {key!r} in {{{tag}}}", path=path, line=line,
                             hint="key-result fields are " + ", ".join(KR_KEYS) + "; objective attributes go on the objective line",
                             zh=f"{{{tag}}} 里有未知的关键结果字段 {key!r}",
                             zh_hint="关键结果的字段有 " + ", ".join(KR_KEYS) + "；目标的属性写在目标那一行")
        if value.lower() in ("null", "none", "~", ""):
            fields[name] = None
        elif name in ("baseline", "target"):
            try:
                fields[name] = float(value)
            except ValueError:
                raise InputError(f"{key} {value!r} is not a number", path=path, line=line,
                                 zh=f"{key} 的值 {value!r} 不是数字") from None
        elif name == "direction":
            choice = _VALUES["direction"].get(value.lower()) or _VALUES["direction"].get(value)
            if choice is None:
                raise InputError(f"direction {value!r} is not one of: increase, decrease, maintain, reach", path=path, line=line,
                                 zh=f"方向 {value!r} 不在可选值之中：increase, decrease, maintain, reach")
            fields[name] = choice
        else:
            fields[name] = value
    return fields


def escape_value(value: str) -> str:
    """A tag value safe to write: separators that would end the value are replaced."""
    return value.replace(";", ",").replace("；", "，").replace("{", "(").replace("}", ")")
