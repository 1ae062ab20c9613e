"""The review run database: one SQLite file, one row per draft, each result committed as it lands.

Why SQLite in WAL mode with `synchronous=NORMAL`: a committed transaction survives a killed
process (only power loss can drop the last few), and committing every result on its own costs
next to nothing in WAL mode. A run that was interrupted (Ctrl-C, crash, `kill -9`) is resumed by
selecting the rows that are not `done` — nothing reviewed is lost and nothing is paid for twice.

Rows are keyed by `(run_id, draft)`; `request_hash` is the SHA-256 of the canonical request body
(the same value is the `custom_id` of a Batch API line, so importing batch results is idempotent).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.errors import InputError
from assistant.paths import data_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    params TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    run_id TEXT NOT NULL REFERENCES runs(id),
    draft TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    result TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    usage TEXT,
    updated REAL NOT NULL,
    PRIMARY KEY (run_id, draft)
);
CREATE INDEX IF NOT EXISTS items_hash ON items(run_id, request_hash);
"""


class Status(StrEnum):
    pending = "pending"
    done = "done"
    error = "error"


class Item(BaseModel):
    """One draft's model call in a run."""

    draft: str
    request_hash: str
    status: Status = Status.pending
    result: Any = None
    error: str | None = None
    attempts: int = 0
    usage: dict[str, int] = Field(default_factory=dict)


def default_path() -> Path:
    """Where runs are kept: `<data dir>/runs.db`."""
    return data_dir() / "runs.db"


def new_run_id() -> str:
    """A sortable, readable run id: `20261128-2103-7f3a`."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(2)


class RunDB:
    """Open (and create) the run database. One connection per process; not shared across threads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # ---- runs ------------------------------------------------------------------------------
    def create_run(self, params: dict[str, Any], run_id: str | None = None) -> str:
        """Record a new run with the parameters needed to resume it; returns its id."""
        run_id = run_id or new_run_id()
        self.conn.execute(
            "INSERT INTO runs (id, created, params) VALUES (?, ?, ?)",
            (run_id, time.time(), json.dumps(params, ensure_ascii=False, sort_keys=True)),
        )
        return run_id

    def resolve(self, run: str) -> str:
        """`last` → the newest run id; otherwise check the id exists (InputError if not)."""
        if run == "last":
            row = self.conn.execute("SELECT id FROM runs ORDER BY created DESC, id DESC LIMIT 1").fetchone()
            if row is None:
                raise InputError("there is no earlier review run to resume", path=str(self.path),
                                 hint="start one with `okr review PATH…`")
            return row[0]
        if self.conn.execute("SELECT 1 FROM runs WHERE id = ?", (run,)).fetchone() is None:
            raise InputError(f"no review run called {run!r}", path=str(self.path),
                             hint="`okr review --resume last` resumes the newest run")
        return run

    def params(self, run_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT params FROM runs WHERE id = ?", (run_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    # ---- items -----------------------------------------------------------------------------
    def add_items(self, run_id: str, items: list[tuple[str, str]]) -> None:
        """Register (draft, request_hash) pairs as pending; existing rows are left as they are.

        A draft whose request changed since the row was written (edited draft, other rubric) is
        reset to pending with the new hash, because its old result answers another question.
        """
        now = time.time()
        with self._tx():
            for draft, rhash in items:
                self.conn.execute(
                    "INSERT INTO items (run_id, draft, request_hash, status, updated) VALUES (?, ?, ?, 'pending', ?) "
                    "ON CONFLICT(run_id, draft) DO UPDATE SET request_hash = excluded.request_hash, "
                    "status = 'pending', result = NULL, error = NULL, updated = excluded.updated "
                    "WHERE items.request_hash != excluded.request_hash",
                    (run_id, draft, rhash, now),
                )

    def items(self, run_id: str, status: Status | None = None) -> list[Item]:
        sql = "SELECT draft, request_hash, status, result, error, attempts, usage FROM items WHERE run_id = ?"
        args: tuple[Any, ...] = (run_id,)
        if status is not None:
            sql += " AND status = ?"
            args += (status.value,)
        return [_item(row) for row in self.conn.execute(sql + " ORDER BY draft", args)]

    def missing(self, run_id: str) -> list[Item]:
        """Items that still need a model answer (pending or failed)."""
        return [it for it in self.items(run_id) if it.status != Status.done]

    def record_done(self, run_id: str, draft: str, result: Any, *, attempts: int, usage: dict[str, int] | None = None) -> None:
        """Store one result in its own transaction (durable against a killed process)."""
        self.conn.execute(
            "UPDATE items SET status = 'done', result = ?, error = NULL, attempts = attempts + ?, usage = ?, updated = ? "
            "WHERE run_id = ? AND draft = ?",
            (json.dumps(result, ensure_ascii=False), attempts, json.dumps(usage or {}), time.time(), run_id, draft),
        )

    def record_done_by_hash(self, run_id: str, request_hash: str, result: Any, usage: dict[str, int] | None = None) -> int:
        """Store a result for every draft with this request hash (batch import); returns rows updated."""
        cur = self.conn.execute(
            "UPDATE items SET status = 'done', result = ?, error = NULL, attempts = attempts + 1, usage = ?, updated = ? "
            "WHERE run_id = ? AND request_hash = ? AND status != 'done'",
            (json.dumps(result, ensure_ascii=False), json.dumps(usage or {}), time.time(), run_id, request_hash),
        )
        return cur.rowcount

    def record_error(self, run_id: str, draft: str, error: str, *, attempts: int) -> None:
        """Mark a draft as failed with a stated error (a later `--resume` retries it)."""
        self.conn.execute(
            "UPDATE items SET status = 'error', error = ?, attempts = attempts + ?, updated = ? WHERE run_id = ? AND draft = ?",
            (error, attempts, time.time(), run_id, draft),
        )

    def counts(self, run_id: str) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, COUNT(*) FROM items WHERE run_id = ? GROUP BY status", (run_id,))
        out = {s.value: 0 for s in Status}
        out.update(dict(rows.fetchall()))
        return out

    def _tx(self) -> _Tx:
        return _Tx(self.conn)


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _item(row: tuple[Any, ...]) -> Item:
    draft, rhash, status, result, error, attempts, usage = row
    return Item(
        draft=draft, request_hash=rhash, status=Status(status), result=json.loads(result) if result else None,
        error=error, attempts=attempts, usage=json.loads(usage) if usage else {},
    )
