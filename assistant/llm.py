"""The model client: the only place an OpenAI client is built, and structured answers from it.

`make_client(settings)` builds an `openai.AsyncOpenAI` with the SDK's retries off (our retry
layer in `complete_json` is the only one) and an injectable `http_client` for tests.

`await complete_json(settings, messages=…, schema=Model, template="name")` asks for JSON in
the strongest output mode the endpoint supports (see `assistant.structured`), checks the
envelope, validates with `Model.model_validate_json`, re-asks once with the validation error,
retries timeouts / 429 / 5xx / connection errors with backoff and jitter, logs every request
(`assistant.calllog`) and caches validated answers (`assistant.cache`). Every failure is a
specific `assistant.llm_errors` class naming host, model and what to do.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel

from assistant import retry as _retry
from assistant.cache import ResponseCache, cache_key
from assistant.calllog import CallLog, CallRecord
from assistant.config import Engine, OutputMode, Settings, mask
from assistant.errors import ConfigError
from assistant.llm_errors import (
    AuthError, BadRequest, ContextTooLong, EmptyAnswer, InvalidJSON, ModelCallError, ModelNotFound,
    Moderated, NotCompatible, ProviderError, QuotaExceeded, RateLimited, Refused, SchemaMismatch,
    Timeout, Truncated, Unreachable, UnsupportedOutputMode,
)
from assistant.structured import (
    AnswerProblem, Lang, ModeMemory, detect_lang, next_mode, parse_answer, reask_messages,
    request_messages, response_format,
)

T = TypeVar("T", bound=BaseModel)

_CONTEXT = re.compile(r"context[_ ]length|maximum context|context window|too many tokens|prompt is too long"
                      r"|exceeds? the (?:model's )?(?:maximum|max)", re.IGNORECASE)
_MODERATION = re.compile(r"data_inspection_failed|content[_ ]filter|content[_ ]policy|inappropriate content"
                         r"|moderation", re.IGNORECASE)
_KEYLIKE = re.compile(r"\b(sk-[A-Za-z0-9_\-*]{6,})")


class Usage(BaseModel):
    """Token counts, summed over every request of one completion."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens,
                     total_tokens=self.total_tokens + other.total_tokens)


class Completion(BaseModel, Generic[T]):
    """A validated structured answer and how it was obtained."""

    value: T
    """The answer, validated against the schema."""
    raw: list[str]
    """Every answer text the model gave, in order (the re-asked one too)."""
    usage: Usage
    attempts: int
    """Requests sent (retries and re-asks included; 0 for a cache hit)."""
    duration: float
    """Seconds from the first request to the validated answer."""
    mode: OutputMode
    """The output mode that produced the answer."""
    cached: bool
    model: str
    host: str
    call_id: str
    """Shared by this completion's rows in the call log."""


def _no_key() -> ConfigError:
    return ConfigError("no API key for api.openai.com",
                       hint="set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, or use --engine offline",
                       zh="没有 api.openai.com 的 API 密钥",
                       zh_hint="设置 OPENAI_API_KEY；本地服务请设置 OPENAI_BASE_URL；或者用 --engine offline")


def make_client(settings: Settings, *, http_client: httpx.AsyncClient | None = None) -> Any:
    """The `openai.AsyncOpenAI` for these settings: SDK retries off, our timeout, key from settings.

    A local server that needs no key gets a placeholder; OpenAI itself without a key is a
    `ConfigError` (nothing would work).
    """
    import openai

    key = settings.key_value()
    if not key and not settings.base_url:
        raise _no_key()
    return openai.AsyncOpenAI(api_key=key or "no-key", base_url=settings.endpoint, timeout=settings.timeout,
                              max_retries=0, http_client=http_client)


def make_sync_client(settings: Settings, *, http_client: httpx.Client | None = None) -> Any:
    """The synchronous twin of `make_client` (for code that cannot await)."""
    import openai

    key = settings.key_value()
    if not key and not settings.base_url:
        raise _no_key()
    return openai.OpenAI(api_key=key or "no-key", base_url=settings.endpoint, timeout=settings.timeout,
                         max_retries=0, http_client=http_client)


def redact(text: str, settings: Settings) -> str:
    """`text` with the API key (and anything that looks like one) masked."""
    key = settings.key_value()
    if key:
        text = text.replace(key, mask(key))
    return _KEYLIKE.sub(lambda m: mask(m.group(1)), text)


def initial_mode(settings: Settings, memory: ModeMemory | None = None) -> OutputMode:
    """The output mode to start with: the configured one, else the remembered one, else json_schema."""
    if settings.output_mode is not OutputMode.auto:
        return settings.output_mode
    return (memory or ModeMemory()).get(settings.endpoint, settings.model) or OutputMode.json_schema


def build_request(settings: Settings, *, messages: list[dict[str, Any]], schema: type[BaseModel],
                  mode: OutputMode | None = None, lang: Lang | None = None,
                  followup: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The exact chat-completions body `complete_json` sends (what `--dry-run` should print)."""
    mode = mode or initial_mode(settings)
    body: dict[str, Any] = {
        "model": settings.model,
        "messages": request_messages(messages, schema, mode, lang or detect_lang(messages)) + list(followup or []),
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
    }
    if (fmt := response_format(mode, schema)) is not None:
        body["response_format"] = fmt
    return body


async def complete_json(
    settings: Settings,
    *,
    messages: list[dict[str, Any]],
    schema: type[T],
    template: str,
    client: Any = None,
    cache: bool = True,
    lang: Lang | None = None,
    sleep: _retry.Sleep | None = None,
) -> Completion[T]:
    """Ask the model for one JSON answer matching `schema`; see the module docstring.

    `template` names the prompt (for the log and the cache key). `cache=False` (or
    `settings.cache = False`) skips the cache lookup; a validated answer is still stored.
    Raises a `ModelCallError` subclass on failure; the raw answers are on the error.
    """
    call = _Call(settings, schema, template, client, sleep, lang or detect_lang(messages))
    size = sum(len(str(m.get("content") or "")) for m in messages)
    if size > settings.max_prompt_chars:  # Ollama would silently cut it; others charge for it
        raise call.error(ContextTooLong, f"{size} characters, the limit is {settings.max_prompt_chars} (max_prompt_chars)",
                         hint="shorten the input, or raise max_prompt_chars if the model's context allows it")
    key = cache_key(settings, messages=messages, schema=schema, template=template)
    if cache and settings.cache and (hit := call.from_cache(key, messages)) is not None:
        return hit
    try:
        completion = await call.run(messages)
    finally:
        await call.close()
    ResponseCache().put(key, value_json=completion.value.model_dump_json(), raw=completion.raw[-1],
                        mode=completion.mode.value, usage=completion.usage.model_dump())
    return completion


class _Call(Generic[T]):
    """The state of one `complete_json`: attempts, answers, usage, the current output mode."""

    def __init__(self, settings: Settings, schema: type[T], template: str, client: Any,
                 sleep: _retry.Sleep | None, lang: Lang) -> None:
        self.settings, self.schema, self.template, self.lang = settings, schema, template, lang
        self._client, self._sleep, self._owns_client = client, sleep, False
        self.host, self.model = settings.host, settings.model
        self.call_id = uuid.uuid4().hex[:16]
        self.attempts, self.usage, self.raw = 0, Usage(), []
        self.memory = ModeMemory()
        self.log = CallLog()
        self.started = time.monotonic()

    # -- the conversation ------------------------------------------------------------------

    async def run(self, messages: list[dict[str, Any]]) -> Completion[T]:
        mode = initial_mode(self.settings, self.memory)
        followup: list[dict[str, Any]] = []
        while True:
            body = build_request(self.settings, messages=messages, schema=self.schema, mode=mode,
                                 lang=self.lang, followup=followup)
            try:
                text = await self.send(body, mode)
            except UnsupportedOutputMode:
                weaker = next_mode(mode)
                if self.settings.output_mode is not OutputMode.auto or weaker is None:
                    raise
                mode = weaker
                self.memory.set(self.settings.endpoint, self.model, mode)
                continue
            self.raw.append(text)
            try:
                value = parse_answer(text, self.schema)
            except AnswerProblem as problem:
                if followup:  # already re-asked once
                    raise self.error(InvalidJSON if problem.kind == "json" else SchemaMismatch,
                                     problem.error) from None
                followup = reask_messages(text, problem, self.lang)
                continue
            return Completion[self.schema](  # type: ignore[name-defined]
                value=value, raw=self.raw, usage=self.usage, attempts=self.attempts,
                duration=time.monotonic() - self.started, mode=mode, cached=False,
                model=self.model, host=self.host, call_id=self.call_id)

    def from_cache(self, key: str, messages: list[dict[str, Any]]) -> Completion[T] | None:
        hit = ResponseCache().get(key)
        if hit is None:
            return None
        try:
            value = self.schema.model_validate_json(hit.value_json)
        except ValueError:
            return None  # the schema changed since: ask again
        self.log.record(CallRecord(host=self.host, model=self.model, template=self.template, mode=hit.mode,
                                   call_id=self.call_id, attempt=0, messages=messages, response=hit.raw,
                                   cached=True, **hit.usage))
        return Completion[self.schema](  # type: ignore[name-defined]
            value=value, raw=[hit.raw], usage=Usage(**hit.usage), attempts=0, duration=0.0,
            mode=OutputMode(hit.mode), cached=True, model=self.model, host=self.host, call_id=self.call_id)

    def error(self, cls: type[ModelCallError], detail: str, **extra: Any) -> ModelCallError:
        """An error of class `cls` for this call, carrying the answers so far."""
        return cls(redact(detail, self.settings), host=self.host, model=self.model, raw=list(self.raw),
                   attempts=self.attempts, usage=self.usage, **extra)

    # -- one request, with retries ---------------------------------------------------------

    async def send(self, body: dict[str, Any], mode: OutputMode) -> str:
        """The answer text for `body`, retrying what is worth retrying."""
        retries = 0
        empty_retried = False
        while True:
            self.attempts += 1
            started = time.monotonic()
            text: str | None = None
            usage = Usage()
            try:
                response = await self._create(body)
                text, usage = self.envelope(response)
            except ModelCallError as exc:
                failure = exc
            except Exception as exc:  # noqa: BLE001 - every SDK/transport failure is mapped
                failure = self.classify(exc)
            else:
                failure = None
            self.usage = self.usage + usage
            self._log(body, mode, started, text, usage, failure)
            if failure is None:
                return text  # type: ignore[return-value]
            failure.attempts, failure.usage = self.attempts, self.usage
            if isinstance(failure, EmptyAnswer) and not empty_retried:
                empty_retried = True  # DeepSeek's json_object sometimes answers blank once
                continue
            wait = self.retry_wait(failure, retries)
            if wait is None:
                raise failure
            retries += 1
            await (self._sleep or _retry.sleep)(wait)

    async def close(self) -> None:
        """Close the client if this call built it (a caller's client stays open)."""
        if self._owns_client and self._client is not None:
            await self._client.close()

    async def _create(self, body: dict[str, Any]) -> Any:
        if self._client is None:  # callers making many calls should pass one client instead
            self._client, self._owns_client = make_client(self.settings), True
        async with asyncio.timeout(self.settings.timeout):  # a total deadline, whatever httpx does
            return await self._client.chat.completions.create(**body)

    def retry_wait(self, failure: ModelCallError, retries: int) -> float | None:
        """Seconds to wait before retrying, or None when this failure is final."""
        if not getattr(failure, "retryable", False) or retries >= self.settings.max_retries:
            return None
        s = self.settings
        backoff = _retry.backoff_delay(retries + 1, s.backoff_base, s.backoff_cap)
        return max(backoff, failure.retry_after) if failure.retry_after is not None else backoff

    def envelope(self, response: Any) -> tuple[str, Usage]:
        """The answer text of a chat completion, or the specific error for what is wrong with it."""
        from openai.types.chat import ChatCompletion

        if not isinstance(response, ChatCompletion):
            snippet = re.sub(r"\s+", " ", str(response))[:80]
            raise self.error(NotCompatible, f"got {type(response).__name__} {snippet!r}")
        usage = Usage(**{k: v or 0 for k, v in (response.usage.model_dump() if response.usage else {}).items()
                         if k in Usage.model_fields})
        if not response.choices:
            err = (response.model_extra or {}).get("error")
            detail = "no choices in the answer" + (f": {_error_text(err)}" if err else "")
            raise self.error(ProviderError, detail)
        choice = response.choices[0]
        message = choice.message
        content = (message.content if message else None) or ""
        if message is not None and getattr(message, "refusal", None):
            self.raw.append(message.refusal)
            raise self.error(Refused, message.refusal)
        if choice.finish_reason == "content_filter":
            raise self.error(Moderated, "finish_reason content_filter")
        if choice.finish_reason == "length":
            self.raw.append(content)
            raise self.error(Truncated, f"after {usage.completion_tokens or self.settings.max_tokens} tokens")
        if not content.strip():
            raise self.error(EmptyAnswer, f"finish_reason {choice.finish_reason}")
        return content, usage

    def classify(self, exc: BaseException) -> ModelCallError:
        """The error class for an SDK or transport exception; sets `.retryable` on it."""
        import openai

        retryable = False
        if isinstance(exc, (openai.APITimeoutError, TimeoutError, httpx.TimeoutException)):
            err, retryable = self.error(Timeout, f"no answer within {self.settings.timeout:g} s"), True
        elif isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__ or exc
            err = self.error(Unreachable, f"{self.settings.endpoint} ({type(cause).__name__}: {cause})")
            retryable = True
        elif isinstance(exc, httpx.TransportError):  # e.g. a body cut mid-way, not wrapped by the SDK
            err, retryable = self.error(ProviderError, f"connection dropped: {type(exc).__name__}: {exc}"), True
        elif isinstance(exc, openai.APIResponseValidationError):
            err = self.error(NotCompatible, str(exc))
        elif isinstance(exc, openai.APIStatusError):
            err, retryable = self._status_error(exc)
        elif isinstance(exc, openai.APIError):  # e.g. an SSE error event: no status code
            err = self.error(ProviderError, _error_text(exc.body) or exc.message)
        else:
            raise exc  # a bug in our code: let it surface, never disguise it as a model error
        err.retryable = retryable  # type: ignore[attr-defined]
        return err

    def _status_error(self, exc: Any) -> tuple[ModelCallError, bool]:
        status = exc.status_code
        body = exc.body if isinstance(exc.body, dict) else {}
        code = str(body.get("code") or getattr(exc, "code", "") or "")
        text = _error_text(body) or exc.message
        detail = f"{status} {text}"
        both = f"{code} {body.get('type') or ''} {text}"
        if status == 429:
            if "insufficient_quota" in both or "quota" in code.lower():
                return self.error(QuotaExceeded, detail, status=status), False
            wait = _retry.retry_after(exc.response.headers)
            if wait is not None and wait > self.settings.max_retry_after:
                return self.error(RateLimited, f"server asks to wait {wait:.0f} s", retry_after=wait,
                                  status=status, hint="run again later (finished work is kept)"), False
            return self.error(RateLimited, detail, retry_after=wait, status=status), True
        if status in (401, 403):
            return self.error(AuthError, f"{detail} (key {mask(self.settings.api_key)})", status=status), False
        if status == 404:
            return self.error(ModelNotFound, detail, status=status), False
        if status in (400, 413, 422):
            if _CONTEXT.search(both):
                return self.error(ContextTooLong, detail, status=status), False
            if _MODERATION.search(both):
                return self.error(Moderated, detail, status=status), False
            from assistant.structured import is_unsupported_format

            if is_unsupported_format(text):
                return self.error(UnsupportedOutputMode, detail, status=status), False
            return self.error(BadRequest, detail, status=status), False
        retryable = status in (408, 409) or status >= 500
        return self.error(ProviderError, f"server error {detail}" if status >= 500 else detail, status=status), retryable

    def _log(self, body: dict[str, Any], mode: OutputMode, started: float, text: str | None, usage: Usage,
             failure: ModelCallError | None) -> None:
        self.log.record(CallRecord(
            engine=Engine.llm.value, host=self.host, model=self.model, template=self.template, mode=mode.value,
            call_id=self.call_id, attempt=self.attempts, messages=body["messages"],
            response=redact(text, self.settings) if text is not None else (failure.raw[-1] if failure and failure.raw else None),
            duration_ms=int((time.monotonic() - started) * 1000),
            error=f"{type(failure).__name__}: {failure.message}" if failure else None,
            **(usage.model_dump() if text is not None else {})))


def _error_text(err: Any) -> str:
    """The human part of a provider error body (`{"error": {"message": …}}` and variants)."""
    if isinstance(err, dict):
        inner = err.get("error", err)
        if isinstance(inner, dict):
            return str(inner.get("message") or inner.get("msg") or inner.get("detail") or inner)
        return str(inner)
    return str(err) if err else ""


__all__ = ["Completion", "Usage", "build_request", "complete_json", "initial_mode", "make_client",
           "make_sync_client", "redact"]
