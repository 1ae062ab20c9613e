"""Reports: user text escaped in every format, CSV injection, JSON shape, deterministic scores."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from reviewkit import ROOT, TEAM

from assistant.report import render, write
from assistant.review import ReviewOptions, review_team

EVIL = '<script>alert(1)</script> ![x](http://evil/?q=secret) [bold red]x[/] \x1b[2J'


def _evil_team(tmp_path: Path) -> Path:
    p = tmp_path / "team.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["person", "manager", "objective", "kr", "source"])
        w.writerow(["Maya", "", "Faster checkout", "p95 from 900 ms to 400 ms", "self_driven"])
        w.writerow(["=HYPERLINK(\"http://evil\")", "Maya", EVIL, "+cmd|' /C calc'!A0 from 1 to 2", "aligned"])
        w.writerow(["@SUM(A1)", "Maya", "-2+3 more sales", "Sales from 10 to 20", "aligned"])
    return p


def test_script_in_an_objective_arrives_as_text_in_the_html(tmp_path: Path) -> None:
    review = review_team(ReviewOptions(csv=str(_evil_team(tmp_path))))
    out = tmp_path / "r.html"
    write(review, "html", out)
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html or "&#" in html  # control characters never reach a browser as markup
    # self-contained: no network resources of any kind
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "<link" not in html


def test_csv_report_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    review = review_team(ReviewOptions(csv=str(_evil_team(tmp_path))))
    rows = list(csv.reader(io.StringIO(render(review, "csv"))))
    cells = [c for row in rows[1:] for c in row]
    assert cells, "the report has rows"
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'@SUM(A1)" in cells and "'-2+3 more sales" in cells


def test_markdown_and_terminal_do_not_pass_markup_through(tmp_path: Path) -> None:
    review = review_team(ReviewOptions(csv=str(_evil_team(tmp_path))))
    md = render(review, "markdown")
    assert "<script>" not in md and "![x](" not in md
    text = render(review, "terminal")
    assert "\x1b" not in text
    assert "[bold red]x[/]" in text or "bold red" in text  # shown literally, never interpreted


def test_json_report_has_the_documented_shape() -> None:
    review = review_team(ReviewOptions(org=str(TEAM / "english" / "org.toml")))
    data = json.loads(render(review, "json"))
    assert data["version"] == 1 and data["lang"] == "en"
    assert {"people", "alignment", "skipped", "run", "rubric", "name"} <= set(data)
    person = data["people"][0]
    assert {"person", "name", "score", "errors", "warnings", "source_mix", "main_problem", "findings", "objectives"} <= set(person)
    assert {"health", "linked", "linkable", "findings", "tree"} <= set(data["alignment"])
    assert data["run"] is None  # no model part without --llm


def test_deterministic_review_is_identical_across_runs() -> None:
    a = review_team(ReviewOptions(org=str(TEAM / "english" / "org.toml")))
    b = review_team(ReviewOptions(org=str(TEAM / "english" / "org.toml")))
    assert render(a, "json") == render(b, "json")
    assert [p.score for p in a.people] == [p.score for p in b.people]


def test_reports_follow_the_drafts_language() -> None:
    review = review_team(ReviewOptions(org=str(TEAM / "article" / "org.yaml")))
    assert review.lang == "zh"
    html = render(review, "html")
    assert "对齐树" in html and "无人支撑" in html and 'lang="zh"' in html
    assert "Alignment tree" in render(review_team(ReviewOptions(org=str(TEAM / "article" / "org.yaml"), lang="en")), "html")


def test_the_same_review_on_another_machine_is_byte_identical(tmp_path: Path) -> None:
    """Another process with another hash seed (set and dict order) and locale gives the same JSON."""
    import os
    import subprocess
    import sys

    outs = []
    for seed, locale in (("1", "C.UTF-8"), ("4242", "zh_CN.UTF-8")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "TZ": "Asia/Shanghai" if seed == "4242" else "UTC"}
        out = subprocess.run([sys.executable, "-m", "assistant", "review", "--org", str(TEAM / "article" / "org.yaml"), "--format", "json"],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert out.returncode == 0, out.stderr
        outs.append(out.stdout)
    assert outs[0] == outs[1]
    assert [p["score"] for p in json.loads(outs[0])["people"]] == [p.score for p in review_team(ReviewOptions(org=str(TEAM / "article" / "org.yaml"))).people]
