"""Team inputs: the CSV (English and Chinese headers) and the org file, with bad rows and files."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviewkit import TEAM

from assistant.errors import InputError
from assistant.models import Kind, Source
from assistant.team import load_csv, load_org, read_csv


def test_english_csv_groups_rows_into_people_and_objectives() -> None:
    team, problems = load_csv(TEAM / "english" / "team.csv")
    assert problems == []
    by_person = {d.person: d.okr_set for d in team.drafts}
    grace = by_person["Grace Kim"]
    assert [o.title for o in grace.objectives][0].startswith("Give customer support answers")
    assert grace.objectives[0].source == Source.external_support
    assert len(grace.objectives[1].key_results) == 2
    assert team.members["Grace Kim"].reports_to == "Maya Chen"


def test_chinese_headers_and_values_are_understood() -> None:
    team, problems = load_csv(TEAM / "article" / "team.csv")
    assert problems == []
    author = next(d.okr_set for d in team.drafts if d.person == "留留老师")
    assert author.objectives[0].source == Source.aligned
    assert author.objectives[0].kind == Kind.capability
    assert author.objectives[0].aligns_to == ["manager:O1.KR1"]  # a bare O1.KR1 means the manager's
    assert author.objectives[2].source == Source.external_support


def test_bad_rows_are_reported_with_line_and_the_rest_is_read() -> None:
    text = (
        "person,objective,kr,source\n"
        "Ana,Ship faster,Deploys from 3 to 10 a week,aligned\n"
        ",Orphan objective,KR without a person,aligned\n"
        "Ben,Fewer errors,Error rate from 2% to 1%,sometimes\n"
        "Ben,Fewer errors,Refunds in 2 days not 5,self_driven\n"
    )
    team, problems = read_csv(text, name="team.csv")
    assert [(p.line, "person" in p.message or "sometimes" in p.message) for p in problems] == [(3, True), (4, True)]
    assert str(problems[0]).startswith("team.csv:3:")
    assert {d.person for d in team.drafts} == {"Ana", "Ben"}
    ben = next(d.okr_set for d in team.drafts if d.person == "Ben")
    assert [k.text for k in ben.objectives[0].key_results] == ["Refunds in 2 days not 5"]


def test_csv_without_required_columns_says_which() -> None:
    with pytest.raises(InputError) as exc:
        read_csv("name,goal\nAna,Ship\n", name="x.csv")
    assert "objective" in str(exc.value) and "x.csv:1" in str(exc.value)
    assert "目标" in exc.value.hint


def test_empty_and_non_utf8_csv_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_csv("", name="e.csv")
    p = tmp_path / "gbk.csv"
    p.write_bytes("姓名,目标\n张三,提升效率\n".encode("gbk"))
    with pytest.raises(InputError, match="UTF-8"):
        load_csv(p)


def test_org_file_yaml_and_toml_load_with_paths_relative_to_the_file() -> None:
    team, problems = load_org(TEAM / "article" / "org.yaml")
    assert problems == []
    assert team.members["liuliu"].reports_to == "manager"
    assert team.members["liuliu"].drafts == [str(TEAM / "article" / "author.md")]
    assert [m.id for m in team.chain("liuliu")] == ["manager", "ecosystem", "jd-retail"]
    team2, problems2 = load_org(TEAM / "english" / "org.toml")
    assert problems2 == [] and len(team2.members) == 12


def test_bad_org_entries_are_skipped_with_location(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "people:\n"
        "  - id: maya\n    drafts: maya.md\n"
        "  - name_typo: x\n    colour: blue\n"
        "  - id: ana\n    reports_to: nobody\n",
        encoding="utf-8",
    )
    team, problems = load_org(org)
    assert set(team.members) == {"maya", "ana"}
    assert problems[0].line == 4 and "person #2" in problems[0].message
    assert "nobody" in problems[1].message and team.members["ana"].reports_to == ""


def test_org_file_that_is_not_yaml_names_file_and_line(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("people:\n  - id: a\n   bad: [\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_org(org)
    assert str(org) in str(exc.value) and exc.value.line is not None
    (tmp_path / "empty.toml").write_text('org = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="people"):
        load_org(tmp_path / "empty.toml")


def test_members_marked_review_false_shape_the_tree_but_are_not_scored(tmp_path: Path) -> None:
    from assistant.review import ReviewOptions, review_team

    review = review_team(ReviewOptions(org=str(TEAM / "article" / "org.yaml")))
    assert [p.person for p in review.people] == ["manager", "liuliu"]  # company and departments are context
    assert [n.id for n in review.alignment.tree] == ["jd-retail"]  # still in the tree, with their objectives
    assert review.alignment.tree[0].objectives
    org = tmp_path / "org.yaml"
    org.write_text("people:\n  - id: a\n    评审: 否\n", encoding="utf-8")
    team, problems = load_org(org)
    assert team.members == {} and "person #1" in problems[0].message  # not a yes/no: skipped with its line
    org.write_text("people:\n  - id: a\n    评审: false\n", encoding="utf-8")
    assert load_org(org)[0].members["a"].review is False
