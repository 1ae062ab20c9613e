"""The core never imports the UI: every module under assistant/ loads without textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import assistant


def _core_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(assistant.__path__, prefix="assistant.") if m.name != "assistant.__main__"
    )


def test_core_has_modules() -> None:
    assert "assistant.models" in _core_modules()


def test_no_core_module_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"mods = {_core_modules()!r}\n"
        "bad = []\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "    if 'textual' in sys.modules:\n"
        "        bad.append(m); break\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"these core modules pull in textual: {out.stdout}"


def test_cli_help_lists_version() -> None:
    out = subprocess.run([sys.executable, "-m", "assistant", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.startswith("okr-assistant ")


def test_unknown_subcommand_is_a_usage_error_not_a_traceback() -> None:
    out = subprocess.run([sys.executable, "-m", "assistant", "no-such-command"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "hint:" in out.stderr
