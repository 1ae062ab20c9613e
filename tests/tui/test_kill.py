"""Kill the real app (SIGKILL) a few seconds after typing; reopening the workspace has the typed text."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from assistant import workspace

ROOT = Path(__file__).resolve().parents[2]


def read_until(fd: int, marker: bytes, proc: subprocess.Popen, timeout: float = 12.0) -> bytes:
    """Read the terminal until `marker` shows up (or fail with what the screen said)."""
    seen, end = b"", time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if marker in seen:
                return seen
        elif proc.poll() is not None:
            break
    raise AssertionError(f"{marker!r} never appeared; the terminal showed: {seen[-500:]!r}")


def drain(fd: int, seconds: float) -> None:
    """Keep reading the terminal (so the app never blocks on a full pty) for `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


@pytest.mark.slow
@pytest.mark.parametrize("file_name", [None, "mine.json"])
def test_sigkill_after_typing_loses_nothing_older_than_a_couple_of_seconds(tmp_path: Path,
                                                                            file_name: str | None) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, OKR_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8",
               PYTHONPATH=str(ROOT))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OKR_ENGINE", "OKR_CONFIG_FILE"):
        env.pop(var, None)
    args = [sys.executable, "-m", "tui", "--lang", "en"] + ([str(tmp_path / file_name)] if file_name else [])
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(args, cwd=tmp_path, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    try:
        read_until(master, b"Interface: English", proc)
        drain(master, 0.5)  # first frame out; focus lands in the Name field
        for ch in "Ana Kill-Test":
            os.write(master, ch.encode())
            drain(master, 0.03)
        drain(master, 2.5)
        assert proc.poll() is None, "the app exited by itself"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        os.close(master)
    assert proc.returncode == -signal.SIGKILL
    path = tmp_path / file_name if file_name else home / "data" / "workspace.json"
    reopened = workspace.load(path)
    assert reopened.context.name == "Ana Kill-Test"
    assert not list(path.parent.glob(f".{path.name}.*.tmp"))  # no half-written temporary left behind
