"""Text → model: one `load` for every shape people paste, in Chinese and English.

Formats are told apart by content (`fmt=None`): JSON (`{…}`), YAML in the model's own schema
(`context:` / `objectives:` / `upper:` at the top), otherwise numbered/inline/Markdown text with
optional front matter (`assistant.textformat`, `assistant.frontmatter`). Every key result read
from text gets its metric/target/… from `assistant.measure.read_key_result`.

Bad input raises `InputError` naming the file, the line and what was expected.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.attributes import parse_kr_tag, parse_objective_tag
from assistant.errors import InputError
from assistant.frontmatter import (
    context_from_mapping,
    parse_yaml_mapping,
    read_header_block,
    split_front_matter,
    validate_context,
)
from assistant.measure import key_result_data, read_key_result
from assistant.models import Context, KeyResult, Level, Objective, OKRSet, UpperOKRs
from assistant.textformat import Piece, normalise_width, parse_text

MAX_BYTES = 5 * 1024 * 1024
INPUT_FORMATS = ("json", "yaml", "md", "text")
_YAML_TOP = re.compile(r"^(?:context|objectives|upper)\s*:", re.MULTILINE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class LoadResult:
    """One file of `load_many`: the set, or the error that stopped it."""

    path: str
    okr_set: OKRSet | None = None
    error: InputError | None = None


def decode(data: bytes, name: str = "<input>") -> str:
    """Bytes → text: UTF-8 (BOM stripped) or UTF-16 with a BOM. Anything else is an InputError."""
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise InputError(f"file is {size:.1f} MB, over the 5 MB limit", path=name,
                         hint="an OKR file is a few KB; split the file or pass the people's files one by one",
                         zh=f"文件有 {size:.1f} MB，超过 5 MB 的上限", zh_hint="一个 OKR 文件只有几 KB；请拆分文件，或逐个传入每个人的文件")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {codec} byte-order mark but is not {codec} text (byte {exc.start})",
                                 path=name, hint="save the file again as UTF-8",
                                 zh=f"以 {codec} 字节序标记开头，内容却不是 {codec} 文本（第 {exc.start} 字节）",
                                 zh_hint="把文件重新存为 UTF-8") from None
    if b"\x00" in data[:8192]:
        raise InputError("this is a binary file, not text", path=name,
                         hint="pass a .md, .txt, .json or .yaml file (a .docx or .xlsx must be saved as text first)",
                         zh="这是二进制文件，不是文本", zh_hint="请传入 .md、.txt、.json 或 .yaml 文件（.docx、.xlsx 要先另存为文本）")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            legacy = data.decode("gb18030")
        except UnicodeDecodeError:
            legacy = ""
        if legacy and _CJK.search(legacy):
            raise InputError("this file is GB18030/GBK-encoded Chinese text, not UTF-8", path=name, line=line,
                             hint=f"convert it first: iconv -f GB18030 -t UTF-8 '{name}' > converted.md "
                                  "(or re-save it as UTF-8 in your editor)",
                             zh="这个文件是 GB18030/GBK 编码的中文，不是 UTF-8",
                             zh_hint=f"先转换：iconv -f GB18030 -t UTF-8 '{name}' > converted.md（或在编辑器里另存为 UTF-8）") from None
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path=name, line=line,
                         hint="save the file as UTF-8 text",
                         zh=f"不是 UTF-8 文本（偏移 {exc.start} 处的字节 0x{data[exc.start]:02x}）",
                         zh_hint="把文件存为 UTF-8 文本") from None


def detect_format(text: str) -> str:
    """"json", "yaml" or "text" for a decoded document."""
    head = text.lstrip() if text[:1].isspace() else text  # no copy of the whole text when it starts with content
    if head.startswith(("{", "[")):
        return "json"
    # the words first: three substring searches are much cheaper than the line-start pattern's scan
    if (not head.startswith("---") and ("context" in text or "objectives" in text or "upper" in text)
            and _YAML_TOP.search(text)):
        first = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), "")
        if _YAML_TOP.match(first):
            return "yaml"
    return "text"


def loads(text: str, *, name: str = "<input>", fmt: str | None = None) -> OKRSet:
    """Read one OKR set from `text` (format auto-detected unless `fmt` is json/yaml/md/text)."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise InputError("the file is empty", path=name,
                         hint="write objectives as `O1：…` with key results `KR1：…` below them (see README, File formats)",
                         zh="内容是空的", zh_hint="目标写成 `O1：…`，关键结果写在它下面，如 `KR1：…`（见 README 的 File formats）")
    fmt = fmt or detect_format(text)
    if fmt not in INPUT_FORMATS:
        raise InputError(f"unknown format {fmt!r}", path=name, hint="formats: " + ", ".join(INPUT_FORMATS))
    okr_set, lines = (_load_structured(text, name, fmt) if fmt in ("json", "yaml") else _load_text(text, name))
    check_references(okr_set, name=name, lines=lines)
    return okr_set


def load(path: str | Path) -> OKRSet:
    """Read one OKR set from a file (`"-"` reads standard input)."""
    name, data = _read_bytes(path)
    suffix = Path(name).suffix.lower()
    fmt = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}.get(suffix)
    text = decode(data, name)
    if fmt == "yaml" and not _YAML_TOP.search(text) and text.lstrip().startswith("---"):
        fmt = None  # a .yaml file holding front matter + text: let the content decide
    return loads(text, name=name, fmt=fmt)


def load_many(paths: Iterable[str | Path]) -> list[LoadResult]:
    """Read several files; a bad file is reported in its result and the rest are still read."""
    results = []
    for p in paths:
        try:
            results.append(LoadResult(path=str(p), okr_set=load(p)))
        except InputError as exc:
            results.append(LoadResult(path=str(p), error=exc))
    return results


def load_context(path: str | Path) -> Context:
    """The person's context from a file: front matter, a YAML/JSON mapping, or a whole OKR-set file."""
    name, data = _read_bytes(path)
    text = decode(data, name).lstrip("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise InputError("the context file is empty", path=name, hint="write `name: …`, `role: …` lines (see README)",
                         zh="背景信息文件是空的", zh_hint="写上 `name: …`、`role: …` 这样的行（见 README）")
    lines = text.split("\n")
    front, body_start = split_front_matter(lines)
    if front is not None:
        first = body_start - len(front)
        return context_from_mapping(parse_yaml_mapping(front, path=name, first_line=first), path=name,
                                    lines=front, first_line=first)
    if detect_format(text) != "text" or Path(name).suffix.lower() in (".json", ".yaml", ".yml"):
        data_map = _parse_structured(text, name, "json" if text.lstrip().startswith("{") else "yaml")
        if not isinstance(data_map, dict):
            raise InputError("a context file must be a mapping of keys to values", path=name, line=1,
                             zh="背景信息文件应是「键: 值」的映射")
        if "context" in data_map:
            return loads(text, name=name).context
        return context_from_mapping(data_map, path=name, lines=lines)
    ctx, used = read_header_block(lines, path=name, first_line=1)
    if ctx is None:
        raise InputError("found no context (front matter or `key: value` lines)", path=name, line=1,
                         hint="start the file with ---, then name:/role:/team:/cycle: lines, then ---",
                         zh="没有找到背景信息（front matter 或 `key: value` 行）",
                         zh_hint="文件以 --- 开头，接着写 name:/role:/team:/cycle: 各行，再以 --- 结束")
    return ctx


def load_upper(path: str | Path, level: Level = Level.manager) -> list[UpperOKRs]:
    """The upper-level OKRs in a file: its own objectives at `level` (or the file's `level:`), plus its sections."""
    okr_set = load(path)
    own_level = okr_set.context.level if "level" in okr_set.context.model_fields_set else level
    uppers = list(okr_set.upper)
    if okr_set.objectives:
        uppers.append(UpperOKRs(level=own_level, owner=okr_set.context.name, objectives=okr_set.objectives))
    return uppers


def check_references(okr_set: OKRSet, *, name: str, lines: dict[int, int] | None = None) -> None:
    """Every `aligns` reference points at an upper objective/KR of the set (checked when it has upper levels)."""
    if not okr_set.upper:
        return
    refs = okr_set.references()
    for i, obj in enumerate(okr_set.objectives):
        for ref in obj.aligns_to:
            if ref not in refs:
                known = ", ".join(list(refs)[:6]) + ("…" if len(refs) > 6 else "")
                raise InputError(f"O{i + 1} aligns to {ref}, which is not among the upper-level OKRs", path=name,
                                 line=(lines or {}).get(i), hint=f"known references: {known}",
                                 zh=f"O{i + 1} 对齐到 {ref}，但上级 OKR 里没有它", zh_hint=f"已有的引用：{known}")


def _read_bytes(path: str | Path) -> tuple[str, bytes]:
    if str(path) == "-":
        return "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a folder, not a file", path=str(p), hint="pass the OKR files inside it",
                             zh="这是文件夹，不是文件", zh_hint="请传入里面的 OKR 文件")
        with p.open("rb") as fh:
            return str(p), fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=str(p), hint="check the path", zh="找不到文件", zh_hint="检查路径") from None
    except PermissionError:
        raise InputError("cannot read the file (permission denied)", path=str(p), zh="没有读取这个文件的权限") from None


# --- text ---------------------------------------------------------------------------------

def _load_text(text: str, name: str) -> tuple[OKRSet, dict[int, int]]:
    lines = text.split("\n")
    front, body_start = split_front_matter(lines)
    if front is not None:
        first = body_start - len(front)  # 1-based line of the first front-matter line
        context = context_from_mapping(parse_yaml_mapping(front, path=name, first_line=first), path=name,
                                       lines=front, first_line=first)
    else:
        ctx, used = read_header_block(lines, path=name, first_line=1)
        if ctx is not None:
            context, body_start = ctx, used
        else:
            context = validate_context({})
    norm_text = normalise_width(text)  # the whole text at once: cheaper than line by line
    norms = lines if norm_text is text else norm_text.split("\n")  # nothing wide (ASCII): the lines themselves
    sections = parse_text(lines[body_start:], name=name, first_line=body_start + 1, norms=norms[body_start:])
    if front is None and body_start == 0 and len(sections) <= 1 and not any(s.objectives for s in sections):
        raise InputError("found no objectives", path=name, line=1,
                         hint="write objectives as `O1：…` / `Objective 1: …` / Markdown headings, "
                              "key results as `KR1：…` / list items below them",
                         zh="没有找到目标", zh_hint="目标写成 `O1：…`、`目标1：…` 或 Markdown 标题，关键结果写成 `KR1：…` 或其下的列表项")
    okr_set = _VALIDATE_SET({"context": context})  # OKRSet(context=context) without the keyword round trip
    lines_of: dict[int, int] = {}
    # `level: manager` + only a `# 上级 OKR` heading (no explicit own section): the file is the manager's own set
    own_level = context.level if "level" in context.model_fields_set and not any(
        sec.level is None and sec.line for sec in sections) else None
    for sec in sections:
        if sec.level is not None and sec.level == own_level:
            sec.level = None
        objectives = []
        for (title, line, tag), krs in sec.objectives:
            fields = parse_objective_tag(tag, path=name, line=line) if tag else {}
            if sec.level is None:
                lines_of[len(okr_set.objectives) + len(objectives)] = line
            # One validation per objective, its KRs given as their readings' data (most carry no tag;
            # a tagged one is a KeyResult already, which pydantic takes as it is): the same models
            # and fields set as building each KeyResult and then the Objective, a third faster.
            key_results = [_tagged_kr(kr, name) if kr[2] else key_result_data(kr[0]) for kr in krs]
            objectives.append(_VALIDATE_OBJECTIVE({"title": title, "key_results": key_results, **fields}))
        if sec.level is None:
            okr_set.objectives.extend(objectives)
        else:
            okr_set.upper.append(UpperOKRs(level=sec.level, owner=sec.owner, objectives=objectives))
    return okr_set, lines_of


# The models' own validators, called with the data that `Model(**data)` would pass them: the same checks,
# values and model_fields_set, without BaseModel.__init__'s keyword-argument round trip (once per set or objective).
_VALIDATE_OBJECTIVE = Objective.__pydantic_validator__.validate_python
_VALIDATE_SET = OKRSet.__pydantic_validator__.validate_python


def _tagged_kr(piece: Piece, name: str) -> KeyResult:
    """A KR read from its text, with the fields its tag states explicitly put over the reading."""
    text, line, tag = piece
    return read_key_result(text).model_copy(update=parse_kr_tag(tag or "", path=name, line=line))


# --- JSON / YAML --------------------------------------------------------------------------

def _parse_structured(text: str, name: str, fmt: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", path=name, line=exc.lineno,
                             hint="check for a missing comma or quote; `okr schema` prints the expected shape",
                             zh=f"JSON 格式有误：{exc.msg}（第 {exc.colno} 列）",
                             zh_hint="检查是否少了逗号或引号；`okr schema` 会打印期望的结构") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        raise InputError(f"malformed YAML: {problem}", path=name, line=mark.line + 1 if mark is not None else None,
                         hint="check indentation and the `key: value` spacing; `okr schema` prints the expected shape",
                         zh=f"YAML 格式有误：{problem}",
                         zh_hint="检查缩进和 `key: value` 中冒号后的空格；`okr schema` 会打印期望的结构") from None


def _fill_key_results(data: Any) -> Any:
    """KRs given as strings, or without derived fields, get them read from their text."""
    if not isinstance(data, dict):
        return data
    for holder in [data, *[u for u in data.get("upper") or [] if isinstance(u, dict)]]:
        for obj in holder.get("objectives") or []:
            if not isinstance(obj, dict) or not isinstance(obj.get("key_results"), list):
                continue
            filled = []
            for kr in obj["key_results"]:
                if isinstance(kr, str):
                    kr = {"text": kr}
                if isinstance(kr, dict) and isinstance(kr.get("text"), str):
                    derived = read_key_result(kr["text"]).model_dump(exclude={"text"})
                    kr = {**{k: v for k, v in derived.items() if k not in kr}, **kr}
                filled.append(kr)
            obj["key_results"] = filled
    return data


def _node_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of the value at `loc` in a YAML/JSON document (JSON is read as YAML for this)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _load_structured(text: str, name: str, fmt: str) -> tuple[OKRSet, dict[int, int]]:
    data = _parse_structured(text, name, fmt)
    if not isinstance(data, dict):
        raise InputError(f"the {fmt.upper()} document is not an object with context/upper/objectives", path=name, line=1,
                         hint="`okr schema` prints the expected shape",
                         zh=f"这份 {fmt.upper()} 不是含 context/upper/objectives 的对象", zh_hint="`okr schema` 会打印期望的结构")
    try:
        okr_set = OKRSet.model_validate(_fill_key_results(data))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        where = ".".join(map(str, loc))
        unknown = err["type"] == "extra_forbidden"
        msg = f"unknown field {where!r}" if unknown else f"{where}: {err['msg']}"
        raise InputError(msg, path=name, line=_node_line(text, loc),
                         hint="`okr schema` prints every field and its allowed values",
                         zh=f"未知字段 {where!r}" if unknown else f"{where}：{err['msg']}",
                         zh_hint="`okr schema` 会打印每个字段及其允许的值") from None
    lines = {i: ln for i in range(len(okr_set.objectives)) if (ln := _node_line(text, ("objectives", i)))}
    return okr_set, lines


__all__ = ["LoadResult", "check_references", "decode", "detect_format", "load", "load_context", "load_many",
           "load_upper", "loads", "MAX_BYTES"]
