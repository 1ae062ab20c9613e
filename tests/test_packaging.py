"""The wheel ships prompts/ and rubrics/ inside the package and works outside the source tree."""

from __future__ import annotations

import importlib.util
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Without network an isolated build cannot fetch hatchling; use the one installed here when present.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-isolation"]
    subprocess.run([sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (whl,) = out.glob("okr_assistant-*.whl")
    return whl


def _shipped(folder: str) -> list[str]:
    return sorted(p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.slow
def test_wheel_contains_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("rubrics", "prompts"):
        files = _shipped(folder)
        assert files, f"{folder}/ is empty in the source tree"
        missing = [f for f in files if f"assistant/_data/{folder}/{f}" not in names]
        assert not missing, f"not in the wheel: {missing}"
    assert "assistant/reader.py" in names and "assistant/commands/fmt.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "okr = assistant.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


@pytest.mark.slow
def test_installed_wheel_finds_its_data_and_reads_a_draft(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=120)
    script = (
        "import assistant, sys\n"
        "from assistant.paths import resource\n"
        "assert 'site-packages' in assistant.__file__, assistant.__file__\n"
        "assert resource('rubrics', 'default.toml').is_file()\n"
        "from assistant.reader import loads\n"
        "s = loads('O1：产研效能提升 KR1：敏捷成熟度达到85分 O2：业务组件化建设')\n"
        "print(len(s.objectives), s.objectives[0].key_results[0].target)\n"
    )
    # run from an empty folder so the source checkout is not on sys.path
    # the dependencies come from this interpreter's site-packages (a path entry: its .pth files,
    # including the editable install of the checkout, are not processed)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(site.getsitepackages())}
    done = subprocess.run([str(py), "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "85.0"]
