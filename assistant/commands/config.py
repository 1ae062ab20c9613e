"""`okr config`: the effective configuration (key masked) and where each value came from."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

DESCRIPTION = """\
Show the settings okr would use right now, and where each value came from: a flag, an
environment variable, the config file, or the default. The API key is always masked (sk-…abcd).

Order of precedence: command-line flags > environment (OPENAI_API_KEY, OPENAI_BASE_URL,
OKR_<SETTING> such as OKR_MODEL, OKR_ENGINE, OKR_TIMEOUT) > config file > defaults.
The config file is TOML with one `key = value` per setting, at the path `okr config path`
prints (or wherever OKR_CONFIG_FILE points)."""

EPILOG = """\
examples:
  okr config show
  okr config show --json
  OKR_MODEL=qwen-plus okr config show          # see an environment variable take effect
  okr config show --base-url http://127.0.0.1:11434/v1 --model qwen2.5:7b
  okr config path

config.toml example (Ollama on this machine):
  base_url = "http://127.0.0.1:11434/v1"
  model = "qwen2.5:7b"
  output_mode = "json_schema"
  timeout = 120
"""


def add_parser(sub: Any) -> None:
    """Register `okr config show` and `okr config path`."""
    from assistant.config import add_llm_arguments

    p = sub.add_parser("config", help="show the effective configuration (key masked)", description=DESCRIPTION,
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="config_action", metavar="ACTION", parser_class=type(p))
    show = actions.add_parser("show", help="every setting, its value and where it came from", description=DESCRIPTION,
                              epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    show.add_argument("--json", action="store_true", help="print JSON: {setting: {value, source}}")
    add_llm_arguments(show)
    actions.add_parser("path", help="where the config file, call log and cache are",
                       epilog="example:\n  okr config path", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=run, config_action=None)


def run(args: argparse.Namespace) -> int:
    """Print the configuration or its paths."""
    if args.config_action == "path":
        return _paths()
    return _show(args)


def _paths() -> int:
    from assistant.cache import ResponseCache
    from assistant.calllog import log_path
    from assistant.config import config_file

    path = config_file()
    print(f"config file  {path}{'' if path.exists() else '  (not created yet)'}")
    print(f"call log     {log_path()}")
    print(f"cache        {ResponseCache().path}")
    return 0


def rows(settings: Any) -> list[tuple[str, str, str]]:
    """(setting, shown value, source) for every setting; the key masked."""
    from assistant.config import FIELDS, mask

    out = []
    for name in FIELDS:
        value = getattr(settings, name)
        if name == "api_key":
            shown = mask(value)
        elif value is None:
            shown = "(not set)"
        else:
            shown = str(getattr(value, "value", value))
        if name == "engine":
            shown += f" → {settings.resolved_engine().value}" if value == "auto" else ""
        if name == "base_url" and value is None:
            shown = f"(not set: {settings.endpoint})"
        out.append((name, shown, settings.origin(name)))
    return out


def _show(args: argparse.Namespace) -> int:
    from assistant.config import config_file, settings_from_args

    settings = settings_from_args(args)
    table = rows(settings)
    if getattr(args, "json", False):
        data: dict[str, Any] = {name: {"value": _plain(settings, name), "source": source} for name, _, source in table}
        data["engine"]["effective"] = settings.resolved_engine().value
        data["base_url"]["effective"] = settings.endpoint
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    width = max(len(name) for name, _, _ in table)
    vwidth = min(48, max(len(value) for _, value, _ in table))
    for name, value, source in table:
        print(f"{name:<{width}}  {value:<{vwidth}}  {source}")
    path = config_file()
    print(f"\nconfig file: {path}{'' if path.exists() else ' (not created yet)'}")
    return 0


def _plain(settings: Any, name: str) -> Any:
    """A setting as JSON: enums by value, paths as text, the key masked."""
    from assistant.config import mask

    value = getattr(settings, name)
    if name == "api_key":
        return mask(value) if value else None
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(getattr(value, "value", value))
