"""The caches that reading and checking keep, and emptying them.

Reading a draft and checking it remember what they worked out per text (a KR's fields, a tag's
attributes, a line's pieces, a KR's facts), because drafts are re-read on every edit and a team's
files repeat titles and tags. The caches are bounded. `clear_all` empties them: to give the
memory back after a very large batch, or to time a cold read (benchmarks/parse.py, check.py).
"""

from __future__ import annotations

import importlib

# Modules whose functools caches and `*_MEMO` dicts hold readings (the loaded rubrics are kept).
MODULES = ("assistant.attributes", "assistant.frontmatter", "assistant.measure", "assistant.reader",
           "assistant.textformat", "assistant.infer", "assistant.checker")


def clear_all() -> int:
    """Empty every reading and checking cache; returns how many were emptied."""
    emptied = 0
    for name in MODULES:
        for attr, value in vars(importlib.import_module(name)).items():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                emptied += 1
            elif attr.endswith("_MEMO") and isinstance(value, dict):
                value.clear()
                emptied += 1
    return emptied


__all__ = ["MODULES", "clear_all"]
