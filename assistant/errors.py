"""One exception hierarchy for the core, and the exit codes the edges map it to.

The core raises these; the CLI and the TUI turn them into a readable message and an exit
status. Nothing a user typed or pasted should ever surface as a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at or above --fail-on, or some inputs were skipped
    BAD_INPUT = 2  # usage, bad input file, bad rubric or config
    LLM_UNAVAILABLE = 3  # the model endpoint could not be used


class OkrError(Exception):
    """Base of every error the user may see. `hint` says what to do about it.

    `zh` and `zh_hint` say the same in Chinese, for the Chinese interface (the command line
    speaks English, like its flags); without them the English is shown."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, hint: str = "", zh: str = "", zh_hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.zh, self.zh_hint = zh, zh_hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message

    def message_in(self, lang: str) -> str:
        """The message in `lang` ("zh" or "en"), English when there is no Chinese."""
        return (self.zh or self.message) if lang == "zh" else self.message

    def hint_in(self, lang: str) -> str:
        """The hint in `lang`, English when there is no Chinese."""
        return (self.zh_hint or self.hint) if lang == "zh" else self.hint


class InputError(OkrError):
    """A file or text that cannot be read as OKRs. Names the file and the line."""

    def __init__(
        self, message: str, *, path: str = "<input>", line: int | None = None, hint: str = "", zh: str = "",
        zh_hint: str = "",
    ) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}", hint=hint, zh=f"{where}：{zh}" if zh else "", zh_hint=zh_hint)
        self.detail = message
        self.detail_zh = zh

    def detail_in(self, lang: str) -> str:
        """What went wrong, without the file and line, in `lang` (English when there is no Chinese)."""
        return (self.detail_zh or self.detail) if lang == "zh" else self.detail


class RubricError(OkrError):
    """A rubric file that does not load or validate."""


class ConfigError(OkrError):
    """A configuration problem (config file, flags, environment)."""


class TemplateError(OkrError):
    """A prompt template that does not render."""


class LLMError(OkrError):
    """The model endpoint failed or answered something unusable."""

    exit_code = ExitCode.LLM_UNAVAILABLE


def exit_code_for(exc: BaseException) -> ExitCode:
    """The process exit status for an exception reaching the edge."""
    if isinstance(exc, OkrError):
        return exc.exit_code
    return ExitCode.BAD_INPUT
