"""Settings: one pydantic model, resolved from flags > environment > config file > defaults.

`load_settings(**overrides)` is the only way the rest of the code gets its configuration.
Overrides are command-line flags (a `None` value means "flag not given"). The environment
uses the usual `OPENAI_API_KEY` / `OPENAI_BASE_URL` plus `OKR_<FIELD>` for every field
(`OKR_MODEL`, `OKR_ENGINE`, `OKR_TIMEOUT`, …). The config file is TOML, flat keys named like
the fields, at `config_dir()/config.toml` or wherever `OKR_CONFIG_FILE` points.

Each resolved value remembers where it came from (`Settings.origin(name)`), which is what
`okr config show` prints. The API key is a `SecretStr` and is only ever shown masked.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, ValidationError

from assistant.errors import ConfigError
from assistant.paths import config_dir

OPENAI_URL = "https://api.openai.com/v1"


class Engine(StrEnum):
    """Which engine drafts suggestions and judges drafts."""

    auto = "auto"  # llm when an endpoint or key is configured, else offline
    llm = "llm"
    offline = "offline"


class OutputMode(StrEnum):
    """How the model is asked for JSON, strongest first."""

    auto = "auto"  # detect per endpoint+model, remembered in the data folder
    json_schema = "json_schema"
    json_object = "json_object"
    text = "text"


class Settings(BaseModel):
    """The effective configuration. Build it with `load_settings()`, not directly."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    engine: Engine = Engine.auto
    """`auto` (llm when base_url or api_key is set, else offline), `llm` or `offline`."""
    base_url: str | None = None
    """OpenAI-compatible endpoint, e.g. `http://127.0.0.1:11434/v1`; unset = OpenAI."""
    api_key: SecretStr | None = None
    """API key; prefer the OPENAI_API_KEY environment variable to writing it in a file."""
    model: str = "gpt-4o-mini"
    """Model name as the endpoint knows it."""
    output_mode: OutputMode = OutputMode.auto
    """How to ask for JSON: auto, json_schema (strict), json_object or text."""
    temperature: float = Field(0.2, ge=0, le=2)
    """Sampling temperature (always sent: some servers default to 1.0)."""
    max_tokens: int = Field(2048, ge=16, le=1_000_000)
    """Upper bound on the answer's length in tokens."""
    max_prompt_chars: int = Field(200_000, ge=1000)
    """Requests with more characters than this are refused before sending (some servers truncate silently)."""
    timeout: float = Field(60.0, gt=0, le=3600)
    """Seconds one request may take before it is abandoned (and retried)."""
    max_retries: int = Field(3, ge=0, le=20)
    """Retries after a timeout, 429, 5xx or connection error (0 = try once)."""
    backoff_base: float = Field(1.0, ge=0, le=600)
    """First retry waits about this many seconds; doubles each time, with jitter."""
    backoff_cap: float = Field(30.0, ge=0, le=3600)
    """No single wait between retries is longer than this."""
    max_retry_after: float = Field(120.0, ge=0, le=86400)
    """A 429 asking to wait longer than this many seconds ends the call instead of waiting."""
    concurrency: int = Field(4, ge=1, le=256)
    """Requests in flight at once during a batch review."""
    rpm: int | None = Field(None, ge=1)
    """Requests per minute allowed by your plan (batch review); unset = no limit."""
    tpm: int | None = Field(None, ge=1)
    """Tokens per minute allowed by your plan (batch review); unset = no limit."""
    cache: bool = True
    """Reuse the stored answer for an identical request (`--no-cache` turns it off)."""
    templates: Path | None = None
    """Folder with your own prompt templates; missing ones fall back to the built-in."""

    _origins: dict[str, str] = PrivateAttr(default_factory=dict)

    def origin(self, name: str) -> str:
        """Where the value of field `name` came from: flag, env VAR, file PATH or default."""
        return self._origins.get(name, "default")

    def resolved_engine(self) -> Engine:
        """`llm` or `offline`: what `auto` means with this configuration."""
        if self.engine is not Engine.auto:
            return self.engine
        return Engine.llm if (self.base_url or self.api_key) else Engine.offline

    @property
    def endpoint(self) -> str:
        """The base URL without credentials or query: scheme://host[:port]/path."""
        parts = urlsplit(self.base_url or OPENAI_URL)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path.rstrip('/')}"

    @property
    def host(self) -> str:
        """The endpoint's host[:port], for messages and the call log."""
        parts = urlsplit(self.base_url or OPENAI_URL)
        return f"{parts.hostname or '?'}{f':{parts.port}' if parts.port else ''}"

    def key_value(self) -> str | None:
        """The API key in clear, for the client factory only."""
        return self.api_key.get_secret_value() if self.api_key else None


FIELDS: tuple[str, ...] = tuple(Settings.model_fields)

# Extra environment names accepted after OKR_<FIELD> (the de facto standard ones).
ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "api_key": ("OPENAI_API_KEY",),
    "base_url": ("OPENAI_BASE_URL",),
}


def env_names(field: str) -> tuple[str, ...]:
    """Environment variables read for `field`, first found wins."""
    return (f"OKR_{field.upper()}", *ENV_ALIASES.get(field, ()))


def config_file() -> Path:
    """The config file in use: `OKR_CONFIG_FILE`, else `config_dir()/config.toml`."""
    explicit = os.environ.get("OKR_CONFIG_FILE")
    return Path(explicit).expanduser() if explicit else config_dir() / "config.toml"


def mask(secret: str | SecretStr | None) -> str:
    """A key as it may be shown: `sk-…abcd` (never more than the last four characters)."""
    if secret is None:
        return "(not set)"
    value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if not value:
        return "(empty)"
    if len(value) < 12:
        return "…" + "*" * 3
    prefix = value[:3] if value.startswith("sk-") else ""
    return f"{prefix}…{value[-4:]}"


def _read_file(path: Path) -> dict[str, Any]:
    """Flat keys from the TOML config file; {} when it does not exist."""
    if not path.exists():
        if os.environ.get("OKR_CONFIG_FILE"):
            raise ConfigError(f"config file {path} (from OKR_CONFIG_FILE) does not exist",
                              hint="create it, or unset OKR_CONFIG_FILE to use the default location")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML: {exc}",
                          hint="fix the line named above; see `okr config show --help` for an example") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path}: cannot be read: {exc}",
                          hint="check the file's permissions and that it is UTF-8 text") from exc
    for key, value in data.items():
        if isinstance(value, dict):
            raise ConfigError(f"config file {path}: [{key}] is a table; settings are plain keys at the top level",
                              hint="remove the [" + key + "] line so its keys sit at the top of the file")
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            raise ConfigError(
                f"config file {path}: unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""),
                hint="known keys: " + ", ".join(FIELDS),
            )
        if key == "templates" and isinstance(value, str):  # relative to the file, like an include
            data[key] = str((path.parent / Path(value).expanduser()).resolve())
    return data


def load_settings(**overrides: Any) -> Settings:
    """The effective settings: overrides (flags) > environment > config file > defaults.

    An override of `None` means the flag was not given. A bad file, variable or flag raises
    `ConfigError` naming where the bad value came from.
    """
    unknown = [k for k in overrides if k not in FIELDS]
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}", hint="known: " + ", ".join(FIELDS))
    path = config_file()
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in _read_file(path).items():
        values[key], origins[key] = value, f"file {path}"
    for field in FIELDS:
        for var in env_names(field):
            raw = os.environ.get(var)
            if raw is not None and raw.strip() != "":
                values[field], origins[field] = raw.strip(), f"env {var}"
                break
    for key, value in overrides.items():
        if value is not None:
            values[key], origins[key] = value, "flag"
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        raise _config_error(exc, origins) from None
    settings._origins = origins
    return settings


def _config_error(exc: ValidationError, origins: dict[str, str]) -> ConfigError:
    """One readable error naming the source and key of the first bad value."""
    first = exc.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else "?"
    where = origins.get(key, "default")
    if where.startswith("env "):
        src = f"environment variable {where[4:]}"
    elif where.startswith("file "):
        src = f"config file {where[5:]}: key '{key}'"
    else:
        src = f"--{key.replace('_', '-')}"
    value = first.get("input")
    shown = "(hidden)" if key == "api_key" else repr(value)
    allowed = ""
    if key in ("engine", "output_mode"):
        enum = Engine if key == "engine" else OutputMode
        allowed = " (allowed: " + ", ".join(e.value for e in enum) + ")"
    return ConfigError(f"{src}: bad value {shown}: {first['msg']}{allowed}",
                       hint=f"fix {key}; `okr config show` lists every setting and where it came from",
                       zh=f"{src}：取值 {shown} 不对：{first['msg']}{allowed}",
                       zh_hint=f"改正 {key}；`okr config show` 列出每个设置及其来源")


# -- command-line flags shared by every command that may call a model -----------------------

_FLAGS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("--engine", "engine", {"choices": [e.value for e in Engine], "help": "llm, offline, or auto (llm when an endpoint is configured)"}),
    ("--model", "model", {"metavar": "M", "help": "model name (overrides OKR_MODEL and the config file)"}),
    ("--base-url", "base_url", {"metavar": "URL", "help": "OpenAI-compatible endpoint (overrides OPENAI_BASE_URL)"}),
    ("--output-mode", "output_mode", {"choices": [m.value for m in OutputMode], "help": "how to ask for JSON (default auto: detect and remember)"}),
    ("--timeout", "timeout", {"type": float, "metavar": "S", "help": "seconds per request before retrying"}),
    ("--max-retries", "max_retries", {"type": int, "metavar": "N", "help": "retries after timeouts, 429, 5xx, connection errors"}),
)


def add_llm_arguments(parser: Any) -> None:
    """Add --engine/--model/--base-url/--output-mode/--timeout/--max-retries/--no-cache to an argparse parser."""
    group = parser.add_argument_group("model endpoint (override config file and environment)")
    for flag, dest, kwargs in _FLAGS:
        group.add_argument(flag, dest=dest, default=None, **kwargs)
    group.add_argument("--no-cache", dest="cache", action="store_const", const=False, default=None,
                       help="ask the model even when an identical request is cached (a cached answer "
                            "is the earlier sample reused, even with temperature > 0)")


def settings_from_args(args: Any) -> Settings:
    """`load_settings` with the flags `add_llm_arguments` added (flags not given are ignored)."""
    names = [dest for _, dest, _ in _FLAGS] + ["cache"]
    return load_settings(**{name: getattr(args, name, None) for name in names})
