"""The draft being edited in the drafting workspace, and how it is saved.

The workspace is the core side of `okr draft`: the person's context, the upper-level OKRs they
pasted (the raw text, so nothing typed is lost even when it does not parse yet) and the objectives
they accepted. It is a pydantic model saved atomically — write a temporary file, fsync, rename —
so a kill during a save leaves either the old or the new file, never a broken one.
No textual imports here: the TUI calls these functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import InputError
from assistant.models import Context, KeyResult, Lang, Objective, OKRSet, UpperOKRs
from assistant.paths import data_dir
from assistant.suggestion import Suggestion

FILE_NAME = "workspace.json"


class Workspace(BaseModel):
    """One person's draft: context, pasted upper OKRs, pending suggestions, accepted objectives, UI language."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    lang: Lang | None = None  # interface language chosen in the workspace; None = system locale
    context: Context = Field(default_factory=Context)
    upper_text: str = ""  # exactly what the user pasted, parsed or not
    upper: list[UpperOKRs] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    pending: list[Suggestion] = Field(default_factory=list)  # suggestions shown but not yet accepted

    def to_set(self) -> OKRSet:
        """The draft as an OKRSet, for the rubric and the writers."""
        return OKRSet(context=self.context, upper=self.upper, objectives=self.objectives)


def default_path() -> Path:
    """Where the workspace autosaves when no FILE is given."""
    return data_dir() / FILE_NAME


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Extras(BaseModel):
    """What a text FILE (.md/.yaml/.txt) cannot hold, kept beside it: suggestions not yet accepted
    (each may have cost a model call), the upper OKRs exactly as pasted, and the UI language."""

    model_config = ConfigDict(extra="forbid")

    file: str  # the FILE these belong to (its resolved path)
    lang: Lang | None = None
    upper_text: str = ""
    upper: list[UpperOKRs] = Field(default_factory=list)  # what upper_text read as when saved
    pending: list[Suggestion] = Field(default_factory=list)


def extras_path(path: Path) -> Path:
    """Where the extras of a text FILE are kept: in okr's data folder, named by FILE's resolved path
    (so nothing but FILE appears next to it)."""
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:20]
    return data_dir() / "drafts" / f"{key}.json"


def save(ws: Workspace, path: Path | None = None) -> Path:
    """Save the workspace (atomically) as JSON, or as the text format FILE's suffix names (with its
    extras beside it in the data folder, see `Extras`)."""
    path = path or default_path()
    fmt = _text_format(path)
    if fmt is None:
        atomic_write(path, ws.model_dump_json(indent=2, exclude_defaults=False) + "\n")
        return path
    from assistant.writer import dumps

    atomic_write(path, dumps(ws.to_set(), fmt))
    extras = Extras(file=str(path.resolve()), lang=ws.lang, upper_text=ws.upper_text, upper=ws.upper,
                    pending=ws.pending)
    atomic_write(extras_path(path), extras.model_dump_json(indent=1) + "\n")
    return path


def _restore_extras(ws: Workspace, path: Path) -> None:
    """Put back what `save` kept beside a text FILE. The file wins where both speak: the pasted text
    comes back only while FILE's upper OKRs are still what it read as (not edited elsewhere since).
    An unreadable extras file is set aside, not fatal: FILE itself holds the person's set."""
    extra = extras_path(path)
    if not extra.is_file():
        return
    try:
        extras = Extras.model_validate_json(extra.read_bytes())
    except (OSError, ValueError):
        try:
            extra.replace(extra.with_suffix(".unreadable"))  # kept for a look, never read again
        except OSError:
            pass  # cannot move it: it is simply not used
        return
    if extras.file != str(path.resolve()):
        return
    ws.lang, ws.pending = extras.lang, extras.pending
    if extras.upper_text and extras.upper == ws.upper:
        ws.upper_text = extras.upper_text


def load(path: Path | None = None) -> Workspace:
    """Open a saved workspace; a missing file gives an empty one. Bad content raises InputError."""
    path = path or default_path()
    if not path.exists():
        return Workspace()
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path),
                         hint="name a file: my-okrs.json (the workspace) or .md / .yaml / .txt",
                         zh="这是文件夹，不是文件", zh_hint="请给一个文件名：my-okrs.json（工作区）或 .md / .yaml / .txt")
    if _text_format(path) is not None:
        from assistant.reader import load as load_set

        ws = from_set(load_set(str(path)))
        _restore_extras(ws, path)
        return ws
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path), hint="check the path and permissions",
                         zh=f"无法读取：{exc.strerror}", zh_hint="检查路径和权限") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not a workspace file ({exc})", path=str(path), line=line,
                         hint="fix the file, or move it away to start a fresh workspace",
                         zh=f"不是工作区文件（{exc}）", zh_hint="修好这个文件，或把它移走以新建一个工作区") from exc
    if isinstance(data, dict) and "version" not in data and "objectives" in data:
        return from_set(OKRSet.model_validate(data))  # a plain OKR set JSON file
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"not a workspace file: {where}: {first['msg']}", path=str(path),
                         hint="fix the file, or move it away to start a fresh workspace",
                         zh=f"不是工作区文件：{where}：{first['msg']}", zh_hint="修好这个文件，或把它移走以新建一个工作区") from exc


def from_set(okr_set: OKRSet) -> Workspace:
    """A workspace holding an existing OKR set (its upper levels become the pasted text)."""
    ws = Workspace(context=okr_set.context, upper=okr_set.upper, objectives=okr_set.objectives)
    if okr_set.upper:
        ws.upper_text = upper_as_text(okr_set.upper)
    return ws


def upper_as_text(upper: list[UpperOKRs]) -> str:
    """Upper-level OKRs in the article's numbered form, for the paste box."""
    lines: list[str] = []
    for up in upper:
        for i, obj in enumerate(up.objectives, 1):
            lines.append(f"O{i}：{obj.title}")
            lines.extend(f"KR{j}：{kr.text}" for j, kr in enumerate(obj.key_results, 1))
    return "\n".join(lines)


def parse_upper(text: str) -> list[UpperOKRs]:
    """The pasted text as the manager's OKRs. Raises InputError (with the line) when it cannot."""
    from assistant.reader import loads

    if not text.strip():
        return []
    okr_set = loads(text, name="pasted")
    if okr_set.upper:
        return okr_set.upper
    return [UpperOKRs(objectives=okr_set.objectives)]


def _text_format(path: Path) -> str | None:
    """The writer format for FILE's suffix, or None for the workspace's own JSON."""
    return {".md": "md", ".markdown": "md", ".yaml": "yaml", ".yml": "yaml", ".txt": "text"}.get(
        path.suffix.lower()
    )


def example() -> Workspace:
    """The article's case: the agile coach's context and the manager's OKRs (from examples/)."""
    from assistant.paths import resource

    root = Path(str(resource("examples")))
    ctx_file = next((p for p in (root / "article" / "context.md", root / "team" / "article" / "author.md")
                     if p.exists()), None)
    mgr_file = next((p for p in (root / "article" / "manager.md", root / "team" / "article" / "manager.md")
                     if p.exists()), None)
    ws = Workspace()
    if mgr_file is not None:
        ws.upper_text = mgr_file.read_text(encoding="utf-8")
    try:
        from assistant.reader import load_context, load_upper
    except ImportError:  # the reader is not in this checkout: keep the raw text, fill the context
        ws.context = Context(name="留留老师", role="敏捷教练", team="平台生态部", cycle="2019-Q3",
                             responsibilities=["帮助部门做好敏捷和 OKR 转型，提高组织效能"])
        return ws
    if ctx_file is not None:
        ws.context = load_context(str(ctx_file))
    if mgr_file is not None:
        ws.upper = load_upper(str(mgr_file))
    return ws


def read_upper_file(path: Path) -> str:
    """The text of an upper-OKR file for the paste box. Raises InputError (clear message) when unreadable."""
    from assistant.reader import decode

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=str(path), hint="check the path", zh="找不到文件",
                         zh_hint="检查路径") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=str(path), hint="name a .md, .txt, .yaml or .json file",
                         zh="这是文件夹，不是文件", zh_hint="请给一个 .md、.txt、.yaml 或 .json 文件") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path), hint="check the path and permissions",
                         zh=f"无法读取：{exc.strerror}", zh_hint="检查路径和权限") from None
    return decode(data, str(path))


def key_result(text: str) -> KeyResult:
    """A KR as typed: its numbers, target and deadline read from the words (so exports carry no stale fields)."""
    from assistant.measure import read_key_result

    return read_key_result(text)


def accept(ws: Workspace, objective: Objective) -> Objective:
    """Add an accepted (or edited) suggestion's objective to the person's set, its KRs re-read from their text."""
    accepted = objective.model_copy(deep=True, update={"key_results": [key_result(kr.text)
                                                                       for kr in objective.key_results]})
    ws.objectives.append(accepted)
    return accepted
