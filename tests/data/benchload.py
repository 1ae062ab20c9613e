"""The benchmark scripts' generators as modules, and the texts of sets and test files, for the
golden files' corpora.

Loaded by path, not by putting benchmarks/ on sys.path: its tui.py would shadow the tui package
for every test that runs after."""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def bench(name: str) -> ModuleType:
    """benchmarks/NAME.py as a module (loaded once per process)."""
    key = f"_okr_benchmark_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def texts_of(okr_set: Any) -> list[str]:
    """Objective titles and KR texts of a set, its upper levels first."""
    out = []
    for objectives in [up.objectives for up in okr_set.upper] + [okr_set.objectives]:
        for obj in objectives:
            out.append(obj.title)
            out += [kr.text for kr in obj.key_results]
    return out


def literal_lines(paths: Iterable[Path]) -> list[str]:
    """Lines of the string literals in these Python files that could be KR or objective wording."""
    out = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for line in node.value.splitlines():
                    line = line.strip().lstrip("-#*").strip()
                    if 2 <= len(line) <= 200 and not line.startswith(("{", "[", "--", ".venv")):
                        out.append(line)
    return out
