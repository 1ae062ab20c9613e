"""Kept SQLite connections (assistant.sqlitedb): deleting a file, threads, other processes, a damaged file."""

from __future__ import annotations

import subprocess
import sys
import threading

from assistant import sqlitedb
from assistant.cache import ResponseCache
from assistant.calllog import CallLog, CallRecord


def rec(template: str) -> CallRecord:
    return CallRecord(host="h", model="m", template=template, messages=[{"role": "user", "content": "x"}])


def test_deleting_the_cache_file_empties_the_cache_even_in_a_running_process(okr_home) -> None:  # noqa: ANN001
    cache = ResponseCache()
    cache.put("k", value_json="{}", raw="{}", mode="json_schema", usage={})
    assert cache.get("k") is not None
    cache.path.unlink()
    assert cache.get("k") is None
    cache.put("k2", value_json="{}", raw="{}", mode="json_schema", usage={})
    assert cache.path.exists() and cache.get("k2") is not None and cache.get("k") is None


def test_rows_written_from_threads_and_another_process_are_all_there(okr_home) -> None:  # noqa: ANN001
    log = CallLog()
    log.record(rec("main"))
    threads = [threading.Thread(target=log.record, args=(rec(f"thread{i}"),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    code = ("import sys; from pathlib import Path; from assistant.calllog import CallLog, CallRecord; "
            "CallLog(Path(sys.argv[1])).record(CallRecord(host='h', model='m', template='other process', messages=[]))")
    subprocess.run([sys.executable, "-c", code, str(log.path)], check=True)
    log.record(rec("main again"))  # our kept connection sees the other process's row and goes on
    templates = {r.template for r in log.recent(20)}
    assert templates == {"main", "main again", "other process", *(f"thread{i}" for i in range(4))}


def test_a_file_damaged_while_open_warns_then_recovers_when_replaced(okr_home, caplog) -> None:  # noqa: ANN001
    log = CallLog()
    assert log.record(rec("first")) == 1
    sqlitedb.forget(log.path)
    for suffix in ("", "-wal", "-shm"):
        p = log.path.with_name(log.path.name + suffix)
        if p.exists():
            p.unlink()
    log.path.write_bytes(b"garbage, not a database" * 50)
    assert log.record(rec("second")) is None and "could not be written" in caplog.text
    log.path.unlink()
    assert log.record(rec("third")) == 1  # a fresh log starts with the next call


def test_at_most_a_few_files_are_kept_open(tmp_path) -> None:  # noqa: ANN001
    for i in range(20):
        CallLog(tmp_path / f"log{i}.db").record(rec("t"))
    assert len(sqlitedb._open) <= sqlitedb._LIMIT
    sqlitedb.close_all()
    assert not sqlitedb._open and CallLog(tmp_path / "log0.db").recent(1)[0].template == "t"
