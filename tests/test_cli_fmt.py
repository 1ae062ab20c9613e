"""`okr fmt` and `okr schema` as a user runs them."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.reader import load, loads

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_fmt_prints_normalised_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(EXAMPLES / "article" / "manager.md")]) == 0
    out = capsys.readouterr().out
    assert "### O1：产研效能提升" in out and "- KR4：重点接口自动化覆盖达70%" in out


def test_fmt_to_json_equals_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    src = EXAMPLES / "article" / "author.md"
    assert main(["fmt", str(src), "--to", "json"]) == 0
    assert loads(capsys.readouterr().out) == load(src)


def test_fmt_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("O1: Faster checkout\nKR1: p95 to 400 ms\n".encode())))
    assert main(["fmt", "-", "--to", "text"]) == 0
    assert "O1: Faster checkout\nKR1: p95 to 400 ms\n" in capsys.readouterr().out


def test_fmt_writes_one_file(tmp_path: Path) -> None:
    out = tmp_path / "manager.yaml"
    assert main(["fmt", str(EXAMPLES / "article" / "manager.md"), "--to", "yaml", "-o", str(out)]) == 0
    assert load(out) == load(EXAMPLES / "article" / "manager.md")


def test_fmt_many_files_one_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("KR1：没有目标的关键结果\n", encoding="utf-8")
    outdir = tmp_path / "out"
    files = [str(EXAMPLES / "article" / "company.md"), str(bad), str(EXAMPLES / "english" / "author.md")]
    assert main(["fmt", *files, "--to", "json", "-o", str(outdir)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1: key result before any objective" in err and "1 of 3 files" in err
    assert sorted(p.name for p in outdir.iterdir()) == ["author.json", "company.json"]


def test_fmt_many_files_to_stdout_are_labelled(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(EXAMPLES / "article" / "company.md"), str(EXAMPLES / "article" / "hr.md")]
    assert main(["fmt", *files, "--to", "text"]) == 0
    out = capsys.readouterr().out
    assert f"==> {files[0]} <==" in out and f"==> {files[1]} <==" in out


def test_fmt_gbk_file_says_how_to_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "gbk.md"
    f.write_bytes("O1：产研效能提升\n".encode("gbk"))
    assert main(["fmt", str(f)]) == 2
    err = capsys.readouterr().err
    assert "GB18030/GBK" in err and "iconv" in err and "Traceback" not in err


def test_fmt_bad_format_choice(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["fmt", "x.md", "--to", "docx"])
    assert info.value.code == 2


def test_fmt_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["fmt", "--help"])
    assert "examples:" in capsys.readouterr().out


def test_schema_is_the_okr_set_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "OKRSet" and {"context", "upper", "objectives"} <= set(schema["properties"])
    assert schema["$defs"]["Objective"]["additionalProperties"] is False


def test_schema_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["schema", "--help"])
    assert "examples:" in capsys.readouterr().out


def test_fmt_writes_yaml_that_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "author.yaml"
    assert main(["fmt", str(EXAMPLES / "article" / "author.md"), "--to", "yaml", "-o", str(out)]) == 0
    assert load(out) == load(EXAMPLES / "article" / "author.md")
