"""Review reports: one module per format, one registry, one write path.

`render(review, fmt)` returns the text; `write(review, fmt, path)` writes it as UTF-8 (or to
stdout for `-`/None). Every format carries the same content: people with score, findings and
source mix, the team findings, the alignment health and tree, what was skipped, and the run.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.review import TeamReview

# format name → module in this package exposing `render(review) -> str`
FORMATS: dict[str, str] = {"terminal": "terminal", "html": "html", "json": "json", "markdown": "markdown", "csv": "csv"}


def render(review: TeamReview, fmt: str) -> str:
    """The report in one format as text."""
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    return importlib.import_module(f"assistant.report.{FORMATS[fmt]}").render(review)


def write(review: TeamReview, fmt: str, path: str | Path | None) -> None:
    """Render and write to `path` (UTF-8, LF) or to stdout when path is None or '-'."""
    text = render(review, fmt)
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        Path(path).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(f"cannot write the report: {exc.strerror}", path=str(path), hint="check the folder exists and is writable") from exc
