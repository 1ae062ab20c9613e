"""Make user or model text safe to show: strip control characters (escape sequences included)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` without control characters; show it through `rich.text.Text`, never as markup."""
    return _CONTROL.sub("", text)
