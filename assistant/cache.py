"""The response cache: the same request twice costs one model call.

Key: SHA-256 of the canonical JSON of what determines the answer — endpoint (host + path),
model, messages, temperature, max_tokens, the JSON schema asked for, the template name and a
cache-format version. Never the API key. Only validated answers are stored; errors are not.
With temperature > 0 a hit means "reuse the earlier sample".

Stored in SQLite at `cache_dir()/responses.db`. A damaged cache is never fatal: it is ignored
(with a warning) and the model is asked.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant import sqlitedb
from assistant.config import Settings
from assistant.paths import cache_dir

CACHE_VERSION = 1
log = logging.getLogger("okr.cache")


class CachedAnswer(BaseModel):
    """A stored answer: the validated JSON, the raw text and the usage of the original call."""

    value_json: str
    raw: str
    mode: str
    usage: dict[str, int]
    created: float


def cache_key(settings: Settings, *, messages: list[dict[str, Any]], schema: type[BaseModel],
              template: str) -> str:
    """The hex SHA-256 identifying a request (independent of the key and of the output mode)."""
    material = {
        "v": CACHE_VERSION,
        "endpoint": settings.endpoint,
        "model": settings.model,
        "messages": messages,
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "schema": schema.model_json_schema(),
        "template": template,
    }
    canonical = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _create(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS responses (
        key TEXT PRIMARY KEY, value_json TEXT NOT NULL, raw TEXT NOT NULL, mode TEXT NOT NULL,
        usage TEXT NOT NULL, created REAL NOT NULL)""")


class ResponseCache:
    """Get and put validated answers by key."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "responses.db"

    def _connect(self) -> sqlite3.Connection:
        return sqlitedb.connect(self.path, _create)  # kept open: see assistant.sqlitedb

    def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for `key`, or None (also when the cache is unreadable)."""
        if not self.path.exists():
            return None
        try:
            row = self._connect().execute("SELECT value_json, raw, mode, usage, created FROM responses WHERE key = ?",
                                          (key,)).fetchone()
        except (sqlite3.Error, OSError) as exc:
            sqlitedb.forget(self.path)
            log.warning("okr: response cache %s unreadable (%s); asking the model", self.path, exc)
            return None
        if row is None:
            return None
        return CachedAnswer(value_json=row[0], raw=row[1], mode=row[2], usage=json.loads(row[3]), created=row[4])

    def put(self, key: str, *, value_json: str, raw: str, mode: str, usage: dict[str, int]) -> None:
        """Store a validated answer (replacing an older one for the same key)."""
        try:
            db = self._connect()
            with db:
                db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                           (key, value_json, raw, mode, json.dumps(usage), time.time()))
        except (sqlite3.Error, OSError) as exc:
            sqlitedb.forget(self.path)
            log.warning("okr: response cache %s not written (%s)", self.path, exc)

    def clear(self) -> int:
        """Delete every stored answer; returns how many there were."""
        if not self.path.exists():
            return 0
        db = self._connect()
        with db:
            return db.execute("DELETE FROM responses").rowcount
