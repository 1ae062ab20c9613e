"""The person's context in a file: YAML front matter, a header block, or a context mapping.

Keys are the `Context` field names or their Chinese aliases (姓名, 角色/岗位, 团队, 上级, 周期,
层级, 职责, 外部支撑, 语言). Values are forgiving where people are: one responsibility may be a
string, stakeholders may be a mapping `{京东兄弟部门: 敏捷/OKR 培训}` or lines `名称: 诉求`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import InputError
from assistant.models import Context, Level, Stakeholder

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~8x faster

ALIASES = {
    "name": "name", "姓名": "name", "名字": "name", "名称": "name",
    "role": "role", "title": "role", "角色": "role", "岗位": "role", "职位": "role", "职务": "role",
    "team": "team", "团队": "team", "部门": "team",
    "manager": "manager", "上级": "manager", "经理": "manager", "直属上级": "manager",
    "cycle": "cycle", "周期": "cycle", "季度": "cycle", "period": "cycle", "quarter": "cycle",
    "level": "level", "层级": "level", "级别": "level",
    "responsibilities": "responsibilities", "职责": "responsibilities", "岗位职责": "responsibilities",
    "stakeholders": "stakeholders", "外部支撑": "stakeholders", "外部需求": "stakeholders",
    "利益相关方": "stakeholders", "干系人": "stakeholders",
    "language": "language", "lang": "language", "语言": "language",
}
_LEVELS = {"公司": Level.company, "集团": Level.company, "部门": Level.department, "团队": Level.team,
           "上级": Level.manager, "经理": Level.manager, "个人": Level.individual}
_LANGS = {"中文": "zh", "chinese": "zh", "zh-cn": "zh", "英文": "en", "english": "en"}
_STAKE_KEYS = {"name": "name", "名称": "name", "部门": "name", "谁": "name", "asks": "asks", "诉求": "asks",
               "需求": "asks", "要求": "asks", "ask": "asks"}
_HEADER = re.compile(r"^\s*([A-Za-z_]+|[\u4e00-\u9fff]{2,4})\s*[:：]\s*(.+?)\s*$")


# Context.model_validate without the classmethod's round trip (the reader builds empty contexts with it too)
validate_context = Context.__pydantic_validator__.validate_python


def split_front_matter(lines: list[str]) -> tuple[list[str] | None, int]:
    """(front-matter lines or None, index of the first body line)."""
    # a fence is `---` with only whitespace around it (what `^\s*---\s*$` matches in one line)
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != "---":
        return None, 0
    for j in range(i + 1, len(lines)):
        if lines[j].strip() in ("---", "..."):
            return lines[i + 1 : j], j + 1
    return None, 0  # no closing fence: a Markdown rule, not front matter


def _key_line(lines: list[str], key: str, first_line: int) -> int | None:
    for i, ln in enumerate(lines):
        if re.match(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*[:：]", ln):
            return first_line + i
    return None


# `key: value` lines that YAML reads as a mapping of strings to strings, read without the YAML
# parser (it costs more than the rest of a small draft). Anything else goes to YAML itself.
# YAML drops a value's trailing spaces, and so does `_simple_mapping` (with `rstrip`: a lazy value
# followed by `[ ]*` says the same, but tries to end at every character).
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]+):[ ]+([^-?:,\[\]{}#&*!|>'\"%@`\s][^\t]*)")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


@lru_cache(maxsize=4096)  # keys (name, role, cycle…) and many values (2026-Q3, roles) recur in every file
def _plain_string(value: str) -> bool:
    """Whether YAML reads `value` (a plain scalar) as this very string."""
    if not value.isprintable() or ": " in value or " #" in value or value.endswith(":"):
        return False
    # The resolver only tries patterns registered for the first character (digits, y/n/t/f/o, ~, …);
    # for any other first character it answers "string". Asking that dict first skips its Python
    # call for most values (names, roles, Chinese text); a registered wildcard or path resolver
    # (none by default) sends every value to the resolver itself.
    implicit = _RESOLVER.yaml_implicit_resolvers
    if value[:1] not in implicit and None not in implicit and not _RESOLVER.yaml_path_resolvers:
        return True
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


def _simple_mapping(lines: list[str]) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    for ln in lines:
        if not ln.strip():
            continue
        m = _SIMPLE_LINE.fullmatch(ln)
        if m is None:
            return None
        key, value = m.groups()
        value = value.rstrip(" ")  # never empty: its first character is not a space
        if key in data or not _plain_string(key) or not _plain_string(value):
            return None
        data[key] = value
    return data or None


def parse_yaml_mapping(lines: list[str], *, path: str, first_line: int) -> dict[str, Any]:
    """The YAML mapping in `lines`; errors carry the file line."""
    simple = _simple_mapping(lines)
    if simple is not None:
        return simple
    try:
        data = yaml.load("\n".join(lines), Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", exc)
        raise InputError(f"front matter is not valid YAML: {problem}", path=path, line=line,
                         hint="front matter is `key: value` lines between two `---` lines",
                         zh=f"front matter 不是合法的 YAML：{problem}", zh_hint="front matter 是两行 `---` 之间的 `key: value` 行") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("front matter is not a mapping of keys to values", path=path, line=first_line,
                         hint="write `name: …`, `role: …` lines between the `---` lines",
                         zh="front matter 不是「键: 值」的映射", zh_hint="在两行 `---` 之间写 `name: …`、`role: …` 这样的行")
    return data


def _stakeholders(value: Any) -> list[dict[str, str]]:
    if isinstance(value, dict):
        return [{"name": str(k), "asks": "" if v is None else str(v)} for k, v in value.items()]
    if isinstance(value, str | int | float):
        value = [value]
    out = []
    for item in value or []:
        if isinstance(item, dict):
            mapped = {_STAKE_KEYS.get(str(k).lower(), str(k)): v for k, v in item.items()}
            if set(mapped) <= {"name", "asks"}:
                out.append({k: "" if v is None else str(v) for k, v in mapped.items()})
            elif len(item) == 1:  # - 京东兄弟部门: 敏捷培训
                (k, v), = item.items()
                out.append({"name": str(k), "asks": "" if v is None else str(v)})
            else:
                out.append(mapped)  # let validation name the unknown key
        else:
            m = re.match(r"(.+?)\s*[:：]\s*(.*)$", str(item))
            out.append({"name": m.group(1).strip(), "asks": m.group(2).strip()} if m else {"name": str(item).strip(), "asks": ""})
    return out


def context_from_mapping(data: dict[str, Any], *, path: str, lines: list[str] | None = None,
                         first_line: int = 1) -> Context:
    """A Context from a mapping with English or Chinese keys. Unknown keys are errors (with their line)."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        # A key written as its alias (`name`, `姓名`: most keys) is found as it is; every alias is its own
        # stripped, lower-cased form, so the lookup below would find the same name for it.
        name = ALIASES.get(key) or ALIASES.get(str(key).strip().lower()) or ALIASES.get(str(key).strip())
        if name is None:
            line = _key_line(lines, str(key), first_line) if lines else None
            raise InputError(f"unknown context field {key!r}", path=path, line=line,
                             hint="context fields: " + ", ".join(Context.model_fields) + " (or 姓名, 角色, 团队, 上级, 周期, 层级, 职责, 外部支撑)",
                             zh=f"未知的背景信息字段 {key!r}",
                             zh_hint="可用字段：姓名、角色、团队、上级、周期、层级、职责、外部支撑（或 " + ", ".join(Context.model_fields) + "）")
        if value is None:
            continue
        if name == "responsibilities":
            value = [value] if isinstance(value, str) else [str(v) for v in value]
        elif name == "stakeholders":
            value = _stakeholders(value)
        elif name == "level":
            value = _LEVELS.get(str(value), str(value).lower())
        elif name == "language":
            value = _LANGS.get(str(value).lower(), str(value).lower())
        else:
            value = str(value)
        fields[name] = value
    try:
        return validate_context(fields)  # Context.model_validate(fields), one call less
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        line = _key_line(lines, field, first_line) if lines else None
        where = ".".join(map(str, err["loc"]))
        raise InputError(f"context field {where}: {err['msg']}", path=path, line=line,
                         hint="level is one of company, department, team, manager, individual; language is zh or en",
                         zh=f"背景信息字段 {where}：{err['msg']}",
                         zh_hint="层级是 company、department、team、manager、individual 之一；语言是 zh 或 en") from None


def read_header_block(lines: list[str], *, path: str, first_line: int) -> tuple[Context | None, int]:
    """Context from `姓名：…` / `Role: …` lines at the top of a body, and how many lines they take."""
    data: dict[str, Any] = {}
    used = 0
    for i, ln in enumerate(lines):
        if not ln.strip():
            if data:
                used = i + 1
                break
            continue
        m = _HEADER.match(ln)
        if m is None or (ALIASES.get(m.group(1).lower()) or ALIASES.get(m.group(1))) is None:
            break
        key = ALIASES.get(m.group(1).lower()) or ALIASES[m.group(1)]
        if key in ("responsibilities",):
            data.setdefault(key, []).extend(p.strip() for p in re.split(r"[;；]", m.group(2)) if p.strip())
        elif key == "stakeholders":
            data.setdefault(key, []).extend(p.strip() for p in re.split(r"[;；]", m.group(2)) if p.strip())
        else:
            data[key] = m.group(2)
        used = i + 1
    if not data:
        return None, 0
    return context_from_mapping(data, path=path, lines=lines[:used], first_line=first_line), used


__all__ = ["ALIASES", "context_from_mapping", "parse_yaml_mapping", "read_header_block", "split_front_matter", "validate_context"]
