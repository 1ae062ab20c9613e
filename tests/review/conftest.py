"""Fixtures for tests/review; the helpers live in reviewkit.py (a unique module name, so test folders can run together)."""

from reviewkit import *  # noqa: F401,F403
