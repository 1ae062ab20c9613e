"""What can go wrong with a model call, one class per thing the user must do differently.

Every class subclasses `assistant.errors.LLMError`. The message names the endpoint host, the
model and what happened; the hint says what to do. `fatal` marks errors that would fail every
other request to the same endpoint too (a batch stops on them); `raw` keeps every answer text
the model gave, so a failed structured answer can still be read.
"""

from __future__ import annotations

from typing import Any

from assistant.errors import LLMError


class ModelCallError(LLMError):
    """Base for the specific failures below."""

    fatal = False  # true: every other call to this endpoint would fail the same way
    retryable = False  # set per instance: worth sending the same request again
    what = "the call failed"
    default_hint = "retry later; `okr logs` shows the request and the answer"

    def __init__(
        self,
        detail: str = "",
        *,
        host: str = "?",
        model: str = "?",
        hint: str = "",
        raw: list[str] | None = None,
        attempts: int = 0,
        usage: Any = None,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        self.host, self.model, self.detail = host, model, detail
        self.raw = list(raw or [])
        self.attempts, self.usage = attempts, usage
        self.retry_after, self.status = retry_after, status
        message = f"{host} ({model}): {self.what}" + (f": {detail}" if detail else "")
        super().__init__(message, hint=hint or self.default_hint)


class Refused(ModelCallError):
    what = "the model refused to answer"
    default_hint = "rephrase the input, or try another model; the refusal is in `okr logs`"


class Truncated(ModelCallError):
    what = "the answer was cut off at max_tokens"
    default_hint = "raise max_tokens (OKR_MAX_TOKENS or `max_tokens` in the config file)"


class EmptyAnswer(ModelCallError):
    what = "the model sent an empty answer"
    default_hint = "retry; if it keeps happening set output_mode = \"text\" or use another model"


class InvalidJSON(ModelCallError):
    what = "the answer is not valid JSON, even after asking again"
    default_hint = "use a model that follows JSON instructions, or set output_mode = \"json_schema\" if the server supports it"


class SchemaMismatch(ModelCallError):
    what = "the answer does not match the expected structure, even after asking again"
    default_hint = "use a stronger model, or one whose server supports json_schema; the raw answers are in `okr logs`"


class ProviderError(ModelCallError):
    what = "the server reported an error"


class NotCompatible(ProviderError):
    what = "not an OpenAI-compatible response"
    default_hint = "check base_url: it should end in the API root such as /v1 (see `okr config show`)"
    fatal = True


class BadRequest(ProviderError):
    what = "the server rejected the request"
    default_hint = "check the model name and output_mode for this server; `okr logs` shows the request"


class UnsupportedOutputMode(BadRequest):
    what = "the server does not support this output mode"
    default_hint = "set output_mode = \"auto\" (detects what works) or \"text\""


class RateLimited(ModelCallError):
    what = "rate limited (429)"
    default_hint = "wait and run again, or lower concurrency / rpm in the config"


class QuotaExceeded(ModelCallError):
    what = "quota exhausted (billing)"
    default_hint = "check the account's billing and quota with the provider; finished results are kept"
    fatal = True


class AuthError(ModelCallError):
    what = "the API key was refused"
    default_hint = "set a valid key in OPENAI_API_KEY (or api_key in the config file); see `okr config show`"
    fatal = True


class ModelNotFound(ModelCallError):
    what = "the model or endpoint was not found (404)"
    default_hint = "check `model` and `base_url` in `okr config show` against what the server offers"
    fatal = True


class Unreachable(ModelCallError):
    what = "cannot reach the server"
    default_hint = "is the server running and base_url right? (`okr config show`); or use --engine offline"
    fatal = True


class Timeout(ModelCallError):
    what = "no answer within the time limit"
    default_hint = "raise timeout (OKR_TIMEOUT), try a smaller model, or retry later"


class ContextTooLong(ModelCallError):
    what = "the input is too long for the model's context"
    default_hint = "shorten the draft or context, or use a model with a longer context"


class Moderated(ModelCallError):
    what = "blocked by the provider's moderation"
    default_hint = "the provider's content filter blocked this text; review the input or use another provider"


__all__ = [
    "AuthError", "BadRequest", "ContextTooLong", "EmptyAnswer", "InvalidJSON", "ModelCallError",
    "ModelNotFound", "Moderated", "NotCompatible", "ProviderError", "QuotaExceeded", "RateLimited",
    "Refused", "SchemaMismatch", "Timeout", "Truncated", "Unreachable", "UnsupportedOutputMode",
]
