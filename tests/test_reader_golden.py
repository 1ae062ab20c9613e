"""The reader gives exactly what it gave when tests/data/reader_golden.json was written.

The golden holds ~1,700 documents (generated sets, examples, the reader tests' literals and seeded
mutations of them: CRLF, BOM, full-width characters, Markdown, the inline form, tags, sections,
prose, code fences) with their reading: the model's JSON dump, which fields count as set, a hash
of its repr (so an enum that became a str, or an int that became a float, shows) — or the error's
message, path, line and hint. A difference is a behaviour change: fix the reader, do not
regenerate the golden to make this pass (tests/data/make_reader_golden.py says how it is made).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "reader_golden.json"


def _generator():
    """tests/data/make_reader_golden.py as a module (loaded by path: tests/data is not a package)."""
    spec = importlib.util.spec_from_file_location("_make_reader_golden", GOLDEN.with_name("make_reader_golden.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


read_case = _generator().read_case


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _first_difference(want: Any, got: Any, path: str = "") -> str:
    """Where two readings first differ, as a path into them with both values."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key in [*want, *(k for k in got if k not in want)]:
            if want.get(key, "<missing>") != got.get(key, "<missing>"):
                return _first_difference(want.get(key, "<missing>"), got.get(key, "<missing>"), f"{path}.{key}")
    if isinstance(want, list) and isinstance(got, list):
        for i, (a, b) in enumerate(zip(want, got, strict=False)):
            if a != b:
                return _first_difference(a, b, f"{path}[{i}]")
        if len(want) != len(got):
            return f"{path}: {len(want)} items expected, got {len(got)}"
    return f"{path}: expected {want!r}, got {got!r}"


def test_the_golden_covers_every_kind_of_document(cases: list[dict[str, Any]]) -> None:
    names = [c["name"] for c in cases]
    for prefix in ("parse-", "check-", "literal-", "extra-", "example:"):
        assert any(n.startswith(prefix) for n in names), prefix
    assert sum("error" in c for c in cases) > 50 and sum("set" in c for c in cases) > 1000
    for mutation in ("crlf", "bom", "wide-all", "md-headings", "bold", "inline", "tags", "upper-zh", "fence", "prose"):
        assert any(f"+{mutation}" in n for n in names), mutation


def test_every_document_reads_as_it_did(cases: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # example paths in the golden are relative to the repository
    differing = []
    for case in cases:
        want = {k: v for k, v in case.items() if k not in ("name", "text")}
        got = read_case(case["name"], case["text"])
        if got != want:
            differing.append((case, got, want))
    if differing:
        case, got, want = differing[0]
        pytest.fail(f"{len(differing)} of {len(cases)} documents read differently; the first, {case['name']!r}:\n"
                    f"{case['text']!r}\n{_first_difference(want, got)}", pytrace=False)
