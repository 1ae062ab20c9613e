"""Where the tool keeps its files: one place for every path, overridable for tests.

`OKR_HOME`, when set, puts config, data and cache under that one folder (tests set it to a
temporary directory so nothing touches the user's real files).
"""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

APP = "okr-assistant"


def _home() -> Path | None:
    home = os.environ.get("OKR_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    """The user's config folder (config.toml, own rubrics and templates)."""
    if (home := _home()) is not None:
        return home / "config"
    from platformdirs import user_config_path

    return user_config_path(APP)


def data_dir() -> Path:
    """The user's data folder (autosaved drafts, call log, review runs)."""
    if (home := _home()) is not None:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path(APP)


def cache_dir() -> Path:
    """The user's cache folder (LLM response cache)."""
    if (home := _home()) is not None:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP)


def resource(*parts: str) -> Traversable:
    """A file shipped with the package: `resource("rubrics", "default.toml")`.

    In a wheel, `prompts/` and `rubrics/` are mapped into `assistant/_data/`; in a source
    checkout they are the top-level folders.
    """
    packaged = files("assistant") / "_data"
    if packaged.is_dir():
        return packaged.joinpath(*parts)
    return Path(__file__).resolve().parent.parent.joinpath(*parts)  # source checkout
