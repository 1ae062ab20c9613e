"""What the golden tests share: reading a golden file and comparing one reading with its row."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def read_golden(name: str) -> dict:
    """tests/data/NAME as JSON."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def same(got: object, want: object, text: str, what: str) -> None:
    """Assert `got` equals the golden `want`, compared as JSON: 85 vs 85.0, True vs 1 or a tuple vs
    a list differ too, not only unequal values. The failure names the text and the reading."""
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False), (
        f"{what} of {text!r}: got {got!r}, golden {want!r}")
