"""`okr rubric list | show | check`: the profiles, a readable rubric, and a coach's rubric validated."""

from __future__ import annotations

import pytest
from checkkit import okr, write

from assistant.rubric import load_rubric


def test_list_names_every_shipped_profile_with_its_description(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "rubric", "list", "--lang", "en")
    assert run.code == 0
    for name in ("default", "google", "radical-focus", "lightweight"):
        assert any(line.startswith(name + " ") for line in run.out.splitlines())
    assert "3–5 objectives, at most 4 KRs" in run.out and " 3 criteria  extends default" in run.out
    zh = okr(capsys, "rubric", "list", "--lang", "zh")
    assert "一个周期只有一个目标、三个关键结果" in zh.out and "条标准" in zh.out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_prints_every_criterion_readably_in_the_chosen_language(capsys, lang) -> None:  # noqa: ANN001
    run = okr(capsys, "rubric", "show", "--lang", lang)
    assert run.code == 0
    rubric = load_rubric("default")
    for c in rubric.active():
        assert f"{c.id}  {c.title.get(lang)}" in run.out
        assert c.fix.get(lang) in run.out and c.examples.strong.get(lang) in run.out
    kr_count = run.out[run.out.index("objective.kr_count"):]
    kr_count = kr_count[: kr_count.index("\n\n")]
    if lang == "en":
        assert "severity error · weight 1 · scope objective · check kr_count" in kr_count
        assert "params: min = 2, max = 5" in kr_count
        assert "check llm (judged by a model)" in run.out and "levels: strong > adequate > weak" in run.out
    else:
        assert "严重度 错误 · 权重 1 · 范围 目标 · 检查 kr_count" in kr_count and "参数：min = 2, max = 5" in kr_count
    assert "default_commitment = committed" in run.out


def test_show_a_profile_shows_its_overrides(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "rubric", "show", "google", "--lang", "en")
    assert run.code == 0 and run.out.startswith("google  (version 1, extends default)")
    assert "default_commitment = aspirational" in run.out
    assert "set.objective_count  3–5 objectives" in run.out and "params: min = 3, max = 5" in run.out
    light = okr(capsys, "rubric", "show", "lightweight", "--lang", "en")
    assert "3 criteria active" in light.out and "kr.baseline" in light.out.splitlines()[3]
    assert "\nkr.baseline  " not in light.out  # disabled criteria are not listed as criteria…
    assert "\nkr.baseline  " in okr(capsys, "rubric", "show", "lightweight", "--all", "--lang", "en").out  # …unless asked


def test_show_a_coachs_file_by_path(capsys, tmp_path) -> None:  # noqa: ANN001
    coach = write(tmp_path, "team.toml", 'name = "team"\nextends = "google"\n[criteria."objective.kr_count"]\nparams = { max = 3 }\n')
    run = okr(capsys, "rubric", "show", coach, "--lang", "en")
    assert run.code == 0 and run.out.startswith("team  (version 1, extends google)")
    assert "params: min = 1, max = 3" in run.out and "default_commitment = aspirational" in run.out


def test_check_accepts_a_valid_coach_rubric_with_a_summary(capsys, tmp_path) -> None:  # noqa: ANN001
    coach = write(tmp_path, "coach.toml", 'name = "team"\nextends = "default"\n'
                                          '[criteria."objective.kr_count"]\nparams = { max = 4 }\n'
                                          '[criteria."kr.baseline"]\nenabled = false\n')
    run = okr(capsys, "rubric", "check", coach, "--lang", "en")
    assert run.code == 0
    assert run.out.startswith(f"{coach}: valid — team, extends default; 20 criteria active (2 judged by a model)")
    assert "disabled: kr.baseline" in run.out


def test_check_accepts_yaml(capsys, tmp_path) -> None:  # noqa: ANN001
    coach = write(tmp_path, "coach.yaml", 'name: team\nextends: lightweight\ncriteria:\n  "kr.measurable":\n    severity: warning\n')
    run = okr(capsys, "rubric", "check", coach, "--lang", "en")
    assert run.code == 0 and "3 criteria active" in run.out


@pytest.mark.parametrize(("text", "expect"), [
    ('extends = "default"\n[criteria."kr.measurable"]\nseverity = "fatal"\n', "criteria.kr.measurable.severity"),
    ('extends = "default"\n[criteria."kr.outcome"]\npatterns.zh = ["(完成"]\n', "criteria.kr.outcome.patterns.zh[0]"),
    ('extends = "default"\n[criteria."kr.measurable"]\ncheck = "magic"\n', "criteria.kr.measurable.check: unknown check 'magic'"),
    ('extends = "nowhere"\n', "extends: base rubric 'nowhere' not found"),
    ('name = "x"\n[criteria\n', "not valid TOML"),
])
def test_check_rejects_a_broken_rubric_naming_file_and_key(capsys, tmp_path, text, expect) -> None:  # noqa: ANN001
    bad = write(tmp_path, "bad.toml", text)
    run = okr(capsys, "rubric", "check", bad)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"okr: error: {bad}: ") and expect in run.err


def test_check_a_missing_file_exits_2(capsys, tmp_path) -> None:  # noqa: ANN001
    run = okr(capsys, "rubric", "check", tmp_path / "nope.toml")
    assert run.code == 2 and "nope.toml: no such rubric file" in run.err


def test_show_an_unknown_name_exits_2(capsys) -> None:  # noqa: ANN001
    run = okr(capsys, "rubric", "show", "okr-classic")
    assert run.code == 2 and "'okr-classic' not found" in run.err


def test_the_language_follows_the_locale_when_not_given(capsys, monkeypatch) -> None:  # noqa: ANN001
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "条标准" in okr(capsys, "rubric", "list").out
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert "criteria" in okr(capsys, "rubric", "list").out
