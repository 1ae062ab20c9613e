"""Structured output: how to ask for JSON in each output mode, and how to read the answer.

Modes, strongest first: `json_schema` (the server enforces our schema, strict), `json_object`
(the server guarantees JSON; our schema goes into a system message), `text` (no
`response_format` at all; JSON is extracted from code fences and `<think>` blocks). Which mode
works is detected on the first "response_format unsupported" 400 and remembered per
endpoint+model in `data_dir()/output_modes.json`.

The extra messages (schema hint, re-ask) are data in `prompts/structured.toml`, in both languages.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
import threading
import tomllib
from functools import cache, lru_cache
from pathlib import Path
from string import Template
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.config import OutputMode
from assistant.errors import ConfigError
from assistant.paths import data_dir, resource

T = TypeVar("T", bound=BaseModel)
Lang = Literal["zh", "en"]

ORDER: tuple[OutputMode, ...] = (OutputMode.json_schema, OutputMode.json_object, OutputMode.text)

# A 400/422 that means "this server cannot do that response_format" (DeepSeek, LM Studio,
# Qwen without "json" in the prompt, llama.cpp builds without grammar support, …).
_UNSUPPORTED = re.compile(
    r"response[_ ]format|json[_ ]schema|json[_ ]object|structured output|guided|grammar"
    r"|must contain the word .?json",
    re.IGNORECASE,
)
_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r"```[ \t]*(?:json5?|JSON)?[ \t]*\n?(.*?)```", re.DOTALL)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class AnswerProblem(Exception):
    """An answer text that is not usable: `kind` is "json" (not JSON) or "schema" (off-schema)."""

    def __init__(self, kind: Literal["json", "schema"], error: str) -> None:
        super().__init__(error)
        self.kind, self.error = kind, error


def schema_name(schema: type[BaseModel]) -> str:
    """A response_format name the servers accept: letters, digits, _ and -, ≤ 64 chars."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", schema.__name__)[:64] or "answer"


# Keywords outside the subset every strict json_schema server accepts: Azure OpenAI (and OpenAI for
# string lengths) answer 400 to a strict schema carrying them. They are still enforced here, by the
# pydantic model, and a violation is re-asked with the error; the json_object hint keeps them.
_NOT_STRICT = frozenset({"minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum",
                         "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "pattern", "format", "default"})


def _strict_subset(node: Any) -> Any:
    if isinstance(node, dict):
        # `properties` maps field names to schemas: a field may itself be called "pattern" or "default"
        return {k: (({n: _strict_subset(v) for n, v in value.items()} if k in ("properties", "$defs") else
                     _strict_subset(value))) for k, value in node.items() if k not in _NOT_STRICT}
    if isinstance(node, list):
        return [_strict_subset(v) for v in node]
    return node


def json_schema_of(schema: type[BaseModel], *, strict: bool) -> dict[str, Any]:
    """The JSON Schema sent to the server: for json_schema mode the SDK's strict form, cut to the
    keywords every strict server accepts; otherwise the model's full schema (a hint, not enforced).

    Each caller gets its own copy of a schema built once per model class (building one took ~3 ms
    of CPU per request)."""
    return copy.deepcopy(_built_schema(schema, strict))


@lru_cache(maxsize=64)
def _built_schema(schema: type[BaseModel], strict: bool) -> dict[str, Any]:
    if strict:
        from openai.lib._pydantic import to_strict_json_schema  # the SDK's own parse() uses it

        return _strict_subset(to_strict_json_schema(schema))
    return schema.model_json_schema()


def response_format(mode: OutputMode, schema: type[BaseModel]) -> dict[str, Any] | None:
    """The `response_format` body field for `mode` (None in text mode: nothing is sent)."""
    if mode is OutputMode.json_schema:
        return {"type": "json_schema", "json_schema": {
            "name": schema_name(schema), "strict": True, "schema": json_schema_of(schema, strict=True)}}
    if mode is OutputMode.json_object:
        return {"type": "json_object"}
    return None


def next_mode(mode: OutputMode) -> OutputMode | None:
    """The next weaker mode, or None after `text`."""
    i = ORDER.index(mode)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def is_unsupported_format(message: str) -> bool:
    """Whether a 400/422 error message says the response_format cannot be used."""
    return bool(_UNSUPPORTED.search(message or ""))


def detect_lang(messages: list[dict[str, Any]]) -> Lang:
    """zh when the user messages are mostly Chinese, else en (for the schema hint and re-ask)."""
    text = "".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and len(_CJK.findall(text)) / letters > 0.3 else "en"


@cache
def _texts() -> dict[str, dict[str, str]]:
    try:
        return tomllib.loads(resource("prompts", "structured.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken install, not user input
        raise ConfigError(f"built-in prompts/structured.toml cannot be read: {exc}",
                          hint="reinstall okr-assistant") from exc


def _text(lang: Lang, name: str, **values: str) -> str:
    return Template(_texts()[lang][name]).substitute(values)


def request_messages(messages: list[dict[str, Any]], schema: type[BaseModel], mode: OutputMode,
                     lang: Lang) -> list[dict[str, Any]]:
    """The messages as sent: a schema hint is added when the server cannot enforce the schema."""
    if mode is OutputMode.json_schema:
        return list(messages)
    schema_json = json.dumps(json_schema_of(schema, strict=False), ensure_ascii=False)
    return [*messages, {"role": "system", "content": _text(lang, "schema_hint", schema=schema_json)}]


def reask_messages(answer: str, problem: AnswerProblem, lang: Lang) -> list[dict[str, Any]]:
    """The model's unusable answer and our one request to fix it, to append to the conversation."""
    return [{"role": "assistant", "content": answer},
            {"role": "user", "content": _text(lang, "reask", error=problem.error)}]


def extract_json(text: str) -> str:
    """The JSON part of an answer: without `<think>` blocks, code fences or prose around it."""
    body = _THINK.sub("", text)
    if "</think>" in body:  # some servers drop the opening tag
        body = body.rsplit("</think>", 1)[1]
    body = body.strip()
    if _parses(body):
        return body
    fenced = [m.group(1).strip() for m in _FENCE.finditer(body)]
    for candidate in fenced:
        if _parses(candidate):
            return candidate
    decoder = json.JSONDecoder()
    for start in (m.start() for m in re.finditer(r"[{\[]", body)):
        try:
            _, end = decoder.raw_decode(body, start)
        except ValueError:
            continue
        return body[start:end]
    return fenced[0] if fenced else body


def _parses(text: str) -> bool:
    if not text or text[0] not in "{[":
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def parse_answer(text: str, schema: type[T]) -> T:
    """The validated value, or `AnswerProblem` with an error short enough to feed back."""
    candidate = extract_json(text)
    try:
        json.loads(candidate)
    except ValueError as exc:
        raise AnswerProblem("json", f"invalid JSON: {exc}") from None
    try:
        return schema.model_validate_json(candidate)
    except ValidationError as exc:
        raise AnswerProblem("schema", describe(exc)) from None


def describe(exc: ValidationError, limit: int = 8) -> str:
    """Validation errors as `path: message` lines (what the model needs to fix its answer)."""
    lines = []
    for err in exc.errors()[:limit]:
        path = ".".join(str(p) for p in err["loc"]) or "(root)"
        lines.append(f"{path}: {err['msg']}")
    more = exc.error_count() - limit
    if more > 0:
        lines.append(f"… and {more} more")
    return "does not match the schema:\n" + "\n".join(lines)


class ModeMemory:
    """The output mode that worked per endpoint+model, persisted as a small JSON file."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "output_modes.json"

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: detection simply starts again
        return data if isinstance(data, dict) else {}

    def get(self, endpoint: str, model: str) -> OutputMode | None:
        """The remembered mode, if any."""
        value = self._load().get(f"{endpoint}|{model}")
        try:
            return OutputMode(value) if value else None
        except ValueError:
            return None

    def set(self, endpoint: str, model: str, mode: OutputMode) -> None:
        """Remember `mode`; written atomically so a killed process leaves a valid file."""
        with self._lock:
            data = self._load()
            data[f"{endpoint}|{model}"] = mode.value
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".modes-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
