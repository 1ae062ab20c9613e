"""SQLite connections for the call log and the response cache: one per file and thread, kept open.

Opening and closing a connection for every row made each model call pay a WAL checkpoint and
its fsyncs on close (about 25 ms of wall time per call here, against 6 ms of CPU), inside the
event loop. A connection is now kept per (file, thread); WAL mode still lets other processes
read and write the same file meanwhile, and `synchronous=NORMAL` is durable against a killed
process (only a power loss can drop the last rows of a log or cache).

A file deleted while its connection is open (the user emptying the cache) is noticed at the next
use and opened afresh; a connection that raised an error is dropped (`forget`).
"""

from __future__ import annotations

import atexit
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

_LIMIT = 8  # open files per process at most (tests open one per temporary home)
_lock = threading.Lock()
_open: OrderedDict[tuple[str, int, int], sqlite3.Connection] = OrderedDict()


def connect(path: Path, setup: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """The open connection to `path` for this thread; `setup(db)` runs once when it is opened.

    Use it as `with db:` for a transaction; never close it (`forget` does).
    """
    # the pid too: a forked child must never write through its parent's connection (SQLite forbids it)
    key = (str(path), os.getpid(), threading.get_ident())
    with _lock:
        db = _open.get(key)
        if db is not None and path.exists():
            _open.move_to_end(key)
            return db
    if db is not None:
        forget(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off only so that `forget` may close it from another thread; each thread uses its own
    db = sqlite3.connect(path, timeout=10, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        setup(db)
    except sqlite3.Error:
        db.close()
        raise
    with _lock:
        _open[key] = db
        while len(_open) > _LIMIT:
            _, old = _open.popitem(last=False)
            old.close()
    return db


def forget(path: Path) -> None:
    """Close and drop every kept connection to `path` (after an error, or before deleting it)."""
    with _lock:
        for key in [k for k in _open if k[0] == str(path) and k[1] == os.getpid()]:
            try:
                _open.pop(key).close()
            except sqlite3.Error:
                pass


def close_all() -> None:
    """Close every kept connection (at exit, so the WAL is checkpointed into the file)."""
    with _lock:
        for key in [k for k in _open if k[1] == os.getpid()]:  # a parent's connections are the parent's to close
            try:
                _open.pop(key).close()
            except sqlite3.Error:
                pass


atexit.register(close_all)

__all__ = ["close_all", "connect", "forget"]
