"""Fixtures for tests/tui; the helpers live in tuikit.py (a unique module name, so test folders can run together)."""

from tuikit import *  # noqa: F401,F403
