"""The call log: every request sent to a model, in SQLite at `data_dir()/logs.db`.

One row per request actually sent (a retry or a re-ask is its own row; rows of one
`complete_json` share a `call_id`), plus one row per answer served from the cache. The schema
grows through the named `MIGRATIONS` list; applied names are kept in `_migrations`, so an old
database is upgraded in place. Nothing secret is stored: the endpoint is reduced to its host,
and text passes through `llm.redact` before it gets here.

If the log cannot be written (disk full, damaged file) the model call still succeeds; a
warning says why the row is missing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant import sqlitedb
from assistant.errors import ConfigError
from assistant.paths import data_dir

log = logging.getLogger("okr.calllog")


def _m001_calls(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        engine TEXT NOT NULL,
        host TEXT NOT NULL,
        model TEXT NOT NULL,
        template TEXT NOT NULL,
        messages TEXT NOT NULL,
        response TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        total_tokens INTEGER,
        duration_ms INTEGER NOT NULL,
        error TEXT,
        cached INTEGER NOT NULL DEFAULT 0)""")


def _m002_call_id_mode_attempt(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE calls ADD COLUMN call_id TEXT")
    db.execute("ALTER TABLE calls ADD COLUMN mode TEXT")
    db.execute("ALTER TABLE calls ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1")


def _m003_indexes(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX calls_time ON calls(time)")
    db.execute("CREATE INDEX calls_call_id ON calls(call_id)")


# Append only: never edit or reorder an applied migration.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("m001_calls", _m001_calls),
    ("m002_call_id_mode_attempt", _m002_call_id_mode_attempt),
    ("m003_indexes", _m003_indexes),
]


class CallRecord(BaseModel):
    """One row of the log, in the shape `okr logs --json` prints."""

    id: int | None = None
    time: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="milliseconds"))
    engine: str = "llm"
    host: str
    model: str
    template: str
    mode: str | None = None
    call_id: str | None = None
    attempt: int = 1
    messages: list[dict[str, Any]]
    response: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    duration_ms: int = 0
    error: str | None = None
    cached: bool = False


def log_path() -> Path:
    """Where the call log lives."""
    return data_dir() / "logs.db"


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database has not seen; returns their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db:  # one transaction per migration
            step(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (name, datetime.now(timezone.utc).isoformat()))
        applied.append(name)
    return applied


_COLUMNS = [f for f in CallRecord.model_fields if f != "id"]


class CallLog:
    """Append and read call records (process-safe: SQLite in WAL mode, one kept connection per thread)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or log_path()

    def _connect(self) -> sqlite3.Connection:
        return sqlitedb.connect(self.path, migrate)  # kept open: see assistant.sqlitedb

    def record(self, rec: CallRecord) -> int | None:
        """Store one record; returns its id, or None (with a warning) if the log is unusable."""
        row = rec.model_dump(exclude={"id"})
        row["messages"] = json.dumps(row["messages"], ensure_ascii=False)
        row["cached"] = int(row["cached"])
        try:
            db = self._connect()
            with db:
                cur = db.execute(
                    f"INSERT INTO calls ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                    [row[c] for c in _COLUMNS])
                return cur.lastrowid
        except (sqlite3.Error, OSError) as exc:
            sqlitedb.forget(self.path)
            log.warning("okr: the call log %s could not be written (%s); the call itself is unaffected", self.path, exc)
            return None

    def recent(self, limit: int = 20) -> list[CallRecord]:
        """The newest `limit` records, newest first."""
        return self._select("ORDER BY id DESC LIMIT ?", (limit,))

    def get(self, record_id: int) -> CallRecord | None:
        """One record by id."""
        found = self._select("WHERE id = ?", (record_id,))
        return found[0] if found else None

    def _select(self, tail: str, params: tuple[Any, ...]) -> list[CallRecord]:
        if not self.path.exists():
            return []
        try:
            cur = self._connect().execute(f"SELECT id, {', '.join(_COLUMNS)} FROM calls {tail}", params)
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, row)) for row in cur.fetchall()]
        except sqlite3.DatabaseError as exc:
            sqlitedb.forget(self.path)
            raise ConfigError(f"call log {self.path} cannot be read: {exc}",
                              hint=f"move {self.path} aside; a new log starts with the next call") from exc
        out = []
        for data in rows:
            data["messages"] = json.loads(data["messages"] or "[]")
            data["cached"] = bool(data["cached"])
            out.append(CallRecord.model_validate(data))
        return out
