"""A coach's own rubric: extending the default changes exactly what it overrides; a broken rubric
file is a clear RubricError naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from rubrickit import GOOD_KRS, check, key, okr_text

from assistant.errors import ExitCode, RubricError, exit_code_for
from assistant.rubric import load_rubric

TITLES = {
    "zh": ["让客户更快拿到需要的功能", "让线上更稳定", "让团队更有成长", "让新人更快上手", "让客户更满意"],
    "en": ["Get customers features sooner", "Make production calmer", "Help the team grow", "Onboard people faster",
           "Delight our customers"],
}
# Five objectives (allowed by the default, too many for the coach's max of 4), one KR that moves a
# metric without a baseline (kr.baseline, which the coach disables), and one vague KR (kept).
DRAFT = {
    lang: okr_text([(t, GOOD_KRS[lang]) for t in TITLES[lang][:4]]
                   + [(TITLES[lang][4], ["客户满意度提升到 90%" if lang == "zh" else "Raise satisfaction to 90%",
                                         "提升团队的敏捷能力" if lang == "zh" else "Improve the team's agility"])], lang)
    for lang in ("zh", "en")
}

COACH = """\
# Our coaching practice: at most four objectives, and we do not ask for baselines.
name = "coach"
extends = "default"

[criteria."set.objective_count"]
params = { max = 4 }

[criteria."kr.baseline"]
enabled = false
"""


def write(tmp_path: Path, text: str, name: str = "coach.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_coach_rubric_changes_exactly_the_overridden_findings(tmp_path: Path, lang: str) -> None:
    coach = load_rubric(write(tmp_path, COACH))
    before, after = key(check(DRAFT[lang])), key(check(DRAFT[lang], coach))
    gone, new = before - after, after - before
    assert {f[0] for f in gone} == {"kr.baseline"} and {f[1] for f in gone} == {"O5.KR1"}
    assert new == {("set.objective_count", "set", None, "error")}
    # everything else is untouched, including the inherited texts and the other bounds
    assert coach.criteria["set.objective_count"].params == {"min": 2, "max": 4}
    assert coach.criteria["set.objective_count"].title == load_rubric().criteria["set.objective_count"].title
    assert coach.disabled == ["kr.baseline"] and "kr.baseline" not in {c.id for c in coach.active()}
    report = check(DRAFT[lang], coach)
    [count] = [f for f in report.findings if f.criterion == "set.objective_count"]
    assert "4" in count.message and "5" in count.message
    assert report.rubric == "coach"


def test_the_disabled_list_is_the_same_as_enabled_false(tmp_path: Path) -> None:
    listed = load_rubric(write(tmp_path, 'extends = "default"\ndisabled = ["kr.baseline"]\n', "listed.toml"))
    assert "kr.baseline" not in {c.id for c in listed.active()}
    assert key(check(DRAFT["en"], listed)) == key(check(DRAFT["en"], load_rubric(write(
        tmp_path, 'extends = "default"\n[criteria."kr.baseline"]\nenabled = false\n', "flag.toml"))))


def test_a_yaml_rubric_can_extend_a_coach_toml(tmp_path: Path) -> None:
    write(tmp_path, COACH)
    path = write(tmp_path, "name: team\nextends: coach.toml\ncriteria:\n  kr.outcome:\n    severity: error\n", "team.yaml")
    team = load_rubric(path)
    assert team.criteria["kr.outcome"].severity == "error"
    assert team.criteria["set.objective_count"].params["max"] == 4 and team.disabled == ["kr.baseline"]


def test_an_edited_rubric_file_is_reloaded(tmp_path: Path) -> None:
    path = write(tmp_path, COACH)
    assert load_rubric(path).criteria["set.objective_count"].params["max"] == 4
    path.write_text(COACH.replace("max = 4", "max = 3 "), encoding="utf-8")  # another size, so the cache sees it
    assert load_rubric(path).criteria["set.objective_count"].params["max"] == 3


BAD_FILES = [
    # (file text, what the message must name)
    ('extends = "default"\n[criteria."kr.outcome"\nenabled = false\n', ["not valid TOML", "line 2"]),
    ('extends = "default"\ncolour = "blue"\n', ["colour", "Extra inputs"]),
    ('extends = "default"\n[criteria."kr.outcome"]\nenabeld = false\n', ["criteria.kr.outcome.enabeld"]),
    ('extends = "default"\n[settings]\nmilestones = "few"\n', ["settings.milestones"]),
    ('extends = "default"\n[criteria."kr.outcome"]\nseverity = "fatal"\n', ["criteria.kr.outcome.severity"]),
    ('extends = "default"\n[criteria."kr.outcome"]\npatterns.zh = ["(上线"]\n',
     ["criteria.kr.outcome.patterns.zh[0]", "'(上线'", "does not compile"]),
    ('extends = "default"\n[criteria."kr.outcome"]\ncheck = "outcomes"\n', ["criteria.kr.outcome.check", "'outcomes'"]),
    ('extends = "defualt"\n', ["extends", "'defualt'", "not found"]),
    ('extends = "default"\n[criteria."kr.outcom"]\nenabled = false\n', ["criteria.kr.outcom", "unknown criterion id"]),
    ('extends = "default"\n[criteria."objective.kr_count"]\nparams = { max = "four" }\n',
     ["criteria.objective.kr_count.params.max", "'four'"]),
    ('extends = "default"\n[criteria."objective.kr_count"]\nparams = { maxi = 4 }\n',
     ["criteria.objective.kr_count.params.maxi", "unknown parameter"]),
    ('extends = "default"\n[criteria."set.objective_count"]\nparams = { min = 6 }\n', ["set.objective_count", "min (6)"]),
    ('extends = "default"\ndisabled = ["kr.basline"]\n', ["disabled", "'kr.basline'"]),
]


@pytest.mark.parametrize(("text", "names"), BAD_FILES, ids=[n[0] for _, n in BAD_FILES])
def test_a_bad_rubric_file_is_a_clear_error_naming_file_and_key(tmp_path: Path, text: str, names: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RubricError) as err:
        load_rubric(path)
    message = str(err.value)
    assert message.startswith(str(path.resolve())), message
    for name in names:
        assert name in message, message
    assert exit_code_for(err.value) == ExitCode.BAD_INPUT


def test_hints_say_what_to_write_instead(tmp_path: Path) -> None:
    with pytest.raises(RubricError) as typo:
        load_rubric(write(tmp_path, 'extends = "default"\n[criteria."kr.outcom"]\nenabled = false\n'))
    assert "did you mean 'kr.outcome'" in typo.value.hint
    with pytest.raises(RubricError) as unknown:
        load_rubric(write(tmp_path, 'extends = "default"\n[criteria."kr.outcome"]\nenabeld = false\n', "b.toml"))
    assert "enabled" in unknown.value.hint
    with pytest.raises(RubricError) as check_name:
        load_rubric(write(tmp_path, 'extends = "default"\n[criteria."kr.outcome"]\ncheck = "x"\n', "c.toml"))
    assert "kr_pattern" in check_name.value.hint


@pytest.mark.parametrize(("name", "text"), [("bad.yaml", "name: c\ncriteria:\n  bad: [\n"), ("empty.toml", "")])
def test_yaml_syntax_and_a_rubric_without_criteria(tmp_path: Path, name: str, text: str) -> None:
    with pytest.raises(RubricError) as err:
        load_rubric(write(tmp_path, text, name))
    assert str(tmp_path) in str(err.value)


def test_a_missing_rubric_and_an_extends_cycle(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="not found"):
        load_rubric(tmp_path / "nope.toml")
    write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    with pytest.raises(RubricError, match="cycle"):
        load_rubric(tmp_path / "a.toml")
