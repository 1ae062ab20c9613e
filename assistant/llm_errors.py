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
    what_zh = "调用失败"
    default_hint_zh = "稍后重试；`okr logs` 里有请求和回答"
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
        # a caller's own hint is English only: the Chinese interface shows it rather than a generic one
        zh_hint = "" if hint else self.default_hint_zh
        super().__init__(message, hint=hint or self.default_hint,
                         zh=f"{host}（{model}）：{self.what_zh}" + (f"：{detail}" if detail else ""), zh_hint=zh_hint)


class Refused(ModelCallError):
    what = "the model refused to answer"
    what_zh = "模型拒绝回答"
    default_hint_zh = "换个说法，或换一个模型；拒绝的原文在 `okr logs` 里"
    default_hint = "rephrase the input, or try another model; the refusal is in `okr logs`"


class Truncated(ModelCallError):
    what = "the answer was cut off at max_tokens"
    what_zh = "回答在 max_tokens 处被截断"
    default_hint_zh = "调高 max_tokens（OKR_MAX_TOKENS 或配置文件里的 `max_tokens`）"
    default_hint = "raise max_tokens (OKR_MAX_TOKENS or `max_tokens` in the config file)"


class EmptyAnswer(ModelCallError):
    what = "the model sent an empty answer"
    what_zh = "模型返回了空回答"
    default_hint_zh = '重试；一直如此就设置 output_mode = "text" 或换一个模型'
    default_hint = "retry; if it keeps happening set output_mode = \"text\" or use another model"


class InvalidJSON(ModelCallError):
    what = "the answer is not valid JSON, even after asking again"
    what_zh = "回答不是合法的 JSON，重问一次后仍然不是"
    default_hint_zh = '换一个能按要求输出 JSON 的模型；服务端支持时设置 output_mode = "json_schema"'
    default_hint = "use a model that follows JSON instructions, or set output_mode = \"json_schema\" if the server supports it"


class SchemaMismatch(ModelCallError):
    what = "the answer does not match the expected structure, even after asking again"
    what_zh = "回答的结构不符合要求，重问一次后仍然不符"
    default_hint_zh = "换一个更强的模型，或支持 json_schema 的服务；原始回答在 `okr logs` 里"
    default_hint = "use a stronger model, or one whose server supports json_schema; the raw answers are in `okr logs`"


class ProviderError(ModelCallError):
    what = "the server reported an error"
    what_zh = "服务端报告了错误"


class NotCompatible(ProviderError):
    what = "not an OpenAI-compatible response"
    what_zh = "不是 OpenAI 兼容的响应"
    default_hint_zh = "检查 base_url：应以 API 根路径结尾，例如 /v1（见 `okr config show`）"
    default_hint = "check base_url: it should end in the API root such as /v1 (see `okr config show`)"
    fatal = True


class BadRequest(ProviderError):
    what = "the server rejected the request"
    what_zh = "服务端拒绝了请求"
    default_hint_zh = "检查这个服务的模型名和 output_mode；`okr logs` 里有请求"
    default_hint = "check the model name and output_mode for this server; `okr logs` shows the request"


class UnsupportedOutputMode(BadRequest):
    what = "the server does not support this output mode"
    what_zh = "服务端不支持这种输出模式"
    default_hint_zh = '设置 output_mode = "auto"（自动探测）或 "text"'
    default_hint = "set output_mode = \"auto\" (detects what works) or \"text\""


class RateLimited(ModelCallError):
    what = "rate limited (429)"
    what_zh = "请求过于频繁（429）"
    default_hint_zh = "稍等再运行，或在配置里调低 concurrency / rpm"
    default_hint = "wait and run again, or lower concurrency / rpm in the config"


class QuotaExceeded(ModelCallError):
    what = "quota exhausted (billing)"
    what_zh = "额度已用完（计费）"
    default_hint_zh = "到服务商处检查账户余额和额度；已完成的结果都保留着"
    default_hint = "check the account's billing and quota with the provider; finished results are kept"
    fatal = True


class AuthError(ModelCallError):
    what = "the API key was refused"
    what_zh = "API 密钥被拒绝"
    default_hint_zh = "在 OPENAI_API_KEY（或配置文件的 api_key）里设置有效的密钥；见 `okr config show`"
    default_hint = "set a valid key in OPENAI_API_KEY (or api_key in the config file); see `okr config show`"
    fatal = True


class ModelNotFound(ModelCallError):
    what = "the model or endpoint was not found (404)"
    what_zh = "找不到模型或接口（404）"
    default_hint_zh = "对照服务实际提供的内容检查 `okr config show` 里的 `model` 和 `base_url`"
    default_hint = "check `model` and `base_url` in `okr config show` against what the server offers"
    fatal = True


class Unreachable(ModelCallError):
    what = "cannot reach the server"
    what_zh = "连不上服务端"
    default_hint_zh = "服务在运行吗？base_url 对吗？（`okr config show`）也可以用 --engine offline"
    default_hint = "is the server running and base_url right? (`okr config show`); or use --engine offline"
    fatal = True


class Timeout(ModelCallError):
    what = "no answer within the time limit"
    what_zh = "在时限内没有回答"
    default_hint_zh = "调高 timeout（OKR_TIMEOUT），换个小一些的模型，或稍后重试"
    default_hint = "raise timeout (OKR_TIMEOUT), try a smaller model, or retry later"


class ContextTooLong(ModelCallError):
    what = "the input is too long for the model's context"
    what_zh = "输入超出了模型的上下文长度"
    default_hint_zh = "缩短草稿或背景信息，或换一个上下文更长的模型"
    default_hint = "shorten the draft or context, or use a model with a longer context"


class Moderated(ModelCallError):
    what = "blocked by the provider's moderation"
    what_zh = "被服务商的内容审核拦截"
    default_hint_zh = "服务商的内容过滤拦截了这段文字；检查输入，或换一个服务商"
    default_hint = "the provider's content filter blocked this text; review the input or use another provider"


__all__ = [
    "AuthError", "BadRequest", "ContextTooLong", "EmptyAnswer", "InvalidJSON", "ModelCallError",
    "ModelNotFound", "Moderated", "NotCompatible", "ProviderError", "QuotaExceeded", "RateLimited",
    "Refused", "SchemaMismatch", "Timeout", "Truncated", "Unreachable", "UnsupportedOutputMode",
]
