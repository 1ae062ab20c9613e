"""The call log: migrations, records, `okr logs`, and a damaged log file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from assistant.calllog import MIGRATIONS, CallLog, CallRecord, log_path
from assistant.cli import main


def record(**kw) -> CallRecord:
    data = {"host": "llm.test", "model": "m", "template": "judge", "messages": [{"role": "user", "content": "目标：提升满意度"}],
            "response": '{"score": 7}', "total_tokens": 12, "duration_ms": 30}
    return CallRecord(**{**data, **kw})


def test_records_come_back_newest_first_with_chinese_intact(okr_home):
    log = CallLog()
    ids = [log.record(record(template=f"t{i}")) for i in range(3)]
    assert ids == [1, 2, 3]
    rows = log.recent(2)
    assert [r.template for r in rows] == ["t2", "t1"]
    assert rows[0].messages[0]["content"] == "目标：提升满意度" and log.get(1).template == "t0"


def test_a_fresh_database_gets_every_migration_once(okr_home):
    CallLog().record(record())
    CallLog().record(record())
    with sqlite3.connect(log_path()) as db:
        names = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == sorted(name for name, _ in MIGRATIONS)


def test_an_old_database_is_upgraded_in_place_keeping_its_rows(okr_home):
    path = log_path()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:  # a log written by the first release: only m001
        db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        MIGRATIONS[0][1](db)
        db.execute("INSERT INTO _migrations VALUES ('m001_calls', 'then')")
        db.execute("INSERT INTO calls (time, engine, host, model, template, messages, duration_ms) "
                   "VALUES ('2026-01-01T00:00:00', 'llm', 'old.host', 'm', 'judge', '[]', 5)")
    log = CallLog()
    log.record(record(call_id="abc", mode="json_object", attempt=2))
    rows = log.recent(5)
    assert [r.host for r in rows] == ["llm.test", "old.host"]
    assert (rows[0].call_id, rows[0].mode, rows[0].attempt) == ("abc", "json_object", 2)
    assert rows[1].attempt == 1 and rows[1].call_id is None


def test_an_unwritable_log_warns_and_does_not_raise(okr_home, caplog):
    path = log_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage, not a database" * 50)
    assert CallLog().record(record()) is None
    assert "could not be written" in caplog.text


def test_okr_logs_on_a_damaged_log_exits_2_saying_what_to_do(okr_home, capsys):
    path = log_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage, not a database" * 50)
    assert main(["logs"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "move" in err and "Traceback" not in err


def test_okr_logs_lists_calls_and_errors(okr_home, capsys):
    log = CallLog()
    log.record(record(template="suggest_aligned"))
    log.record(record(error="Timeout: llm.test (m): no answer within 60 s", response=None, total_tokens=None))
    log.record(record(cached=True))
    assert main(["logs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("#3") and lines[0].endswith("cached")
    assert "ERROR Timeout" in lines[1] and "suggest_aligned" in lines[2] and "12 tok" in lines[2]


def test_okr_logs_limit_full_and_id(okr_home, capsys):
    for i in range(5):
        CallLog().record(record(template=f"t{i}"))
    assert main(["logs", "-n", "2", "--full"]) == 0
    out = capsys.readouterr().out
    assert "t4" in out and "t3" in out and "t2" not in out and "目标：提升满意度" in out and "[answer]" in out
    assert main(["logs", "--id", "1"]) == 0
    assert "t0" in capsys.readouterr().out


def test_okr_logs_json_is_the_record_shape(okr_home, capsys):
    CallLog().record(record())
    assert main(["logs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["host"] == "llm.test" and data[0]["messages"][0]["role"] == "user"
    assert set(data[0]) == set(CallRecord.model_fields)


def test_okr_logs_when_nothing_is_logged(okr_home, capsys):
    assert main(["logs"]) == 0
    assert "no model calls logged yet" in capsys.readouterr().out


@pytest.mark.parametrize("argv, says", [(["logs", "--id", "99"], "no call with id 99"),
                                        (["logs", "-n", "0"], "at least 1")])
def test_okr_logs_bad_arguments_explain_themselves(okr_home, capsys, argv, says):
    CallLog().record(record())
    assert main(argv) == 2
    assert says in capsys.readouterr().err
