"""Team alignment: unsupported upper KRs, duplicates, undivided claims, health, the tree."""

from __future__ import annotations

import pytest
from reviewkit import TEAM

from assistant.alignment import analyse, similarity
from assistant.models import Kind, KeyResult, Level, Objective, OKRSet, Source, UpperOKRs
from assistant.team import Draft, Member, Team, attach_upper, load_csv, load_team


def _kinds(review_findings, kind):  # noqa: ANN001, ANN202
    return [f for f in review_findings if f.kind == kind]


def test_article_org_manager_krs_3_and_4_have_no_supporter() -> None:
    team = load_team([], org=str(TEAM / "article" / "org.yaml"))
    assert team.problems == []
    result = analyse(team, lang="zh")
    unsupported = {f.ref for f in _kinds(result.findings, "unsupported_kr")}
    assert unsupported == {"manager:O1.KR3", "manager:O1.KR4"}
    assert all("团队中没有人支撑" in f.message for f in _kinds(result.findings, "unsupported_kr"))
    manager = result.tree[0].children[0].children[0]
    assert manager.id == "manager"
    krs = manager.objectives[0].key_results
    assert [(s.person, s.target) for s in krs[0].supporters] == [("liuliu", "O1")]
    assert [(s.person, s.target) for s in krs[1].supporters] == [("liuliu", "O2")]
    # HR sets capability objectives of its own (the article's CHO line): not "no aligned objective"
    assert _kinds(result.findings, "no_aligned") == []


def test_english_team_typical_mistakes_are_found() -> None:
    team = load_team([], org=str(TEAM / "english" / "org.toml"))
    result = analyse(team, lang="en")
    assert {f.ref for f in _kinds(result.findings, "unsupported_kr") if f.severity == "warning"} == {"maya:O1.KR4"}
    dup = _kinds(result.findings, "near_duplicate")
    assert [sorted(f.people) for f in dup] == [["ana", "chloe"]]
    claims = _kinds(result.findings, "undivided_claim")
    assert [(f.ref, sorted(f.people)) for f in claims] == [("maya:O1.KR1", ["ana", "chloe"])]
    assert [f.people for f in _kinds(result.findings, "no_aligned")] == [["dev"]]
    dangling = _kinds(result.findings, "dangling_link")
    assert [f.ref for f in dangling] == ["farid:O1"] and "manager:O3.KR1" in dangling[0].message


def test_health_is_the_share_of_objectives_with_a_real_link() -> None:
    team = load_team([], org=str(TEAM / "english" / "org.toml"))
    result = analyse(team)
    nodes = []
    stack = list(result.tree)
    while stack:
        n = stack.pop()
        nodes.append(n)
        stack += n.children
    below = [o for n in nodes if n.level != Level.company for o in n.objectives]
    linked = [o for o in below if o.links]
    assert result.linkable == len(below) and result.linked == len(linked)
    assert result.health == round(len(linked) / len(below), 3)
    assert 0 < result.health < 1  # Dev's and Farid's objectives link to nothing real


def _person(pid: str, boss: str, *objs: Objective) -> tuple[Member, Draft]:
    return Member(id=pid, name=pid, reports_to=boss), Draft(person=pid, origin=f"{pid}.md", okr_set=OKRSet(objectives=list(objs)))


def _team(*pairs: tuple[Member, Draft], dept_level: bool = True) -> Team:
    team = Team(name="t")
    for m, d in pairs:
        team.members[m.id] = m
        team.drafts.append(d)
    if dept_level:
        team.members["dept"].level = Level.department
    attach_upper(team)
    return team


def test_department_without_capability_objective_is_flagged_and_inferred_kinds_count() -> None:
    o = Objective(title="Grow revenue in the north", kind=Kind.business, key_results=[KeyResult(text="Revenue from 1 to 2 M")])
    a = Objective(title="Sell more to existing customers", source=Source.aligned, aligns_to=["department:O1.KR1"],
                  key_results=[KeyResult(text="Upsell from 5% to 9%")])
    team = _team(_person("dept", "", o), _person("sam", "dept", a))
    assert [f.kind for f in analyse(team).findings if f.kind == "no_capability"] == ["no_capability"]
    # the checker inferred that Sam's objective is capability-building: no finding
    assert [f for f in analyse(team, kinds={("sam", "O1"): Kind.capability}).findings if f.kind == "no_capability"] == []


def test_people_sharing_a_kr_with_divided_scopes_are_not_flagged() -> None:
    up = Objective(title="Happier customers", key_results=[KeyResult(text="NPS from 30 to 45")])
    a = Objective(title="Fix onboarding for new shops", aligns_to=["manager:O1.KR1"], key_results=[KeyResult(text="Onboarding NPS from 20 to 40")])
    b = Objective(title="Answer support tickets within a day", aligns_to=["manager:O1.KR1"], key_results=[KeyResult(text="Support CSAT from 70% to 85%")])
    team = _team(_person("boss", "", up), _person("a", "boss", a), _person("b", "boss", b), dept_level=False)
    kinds = [f.kind for f in analyse(team).findings]
    assert "undivided_claim" not in kinds and "unsupported_kr" not in kinds
    # the same two people each restating the whole target: flagged
    a.key_results = [KeyResult(text="NPS from 30 to 45 in my area")]
    b.key_results = [KeyResult(text="Reach NPS 45 (from 30)")]
    assert "undivided_claim" in [f.kind for f in analyse(team).findings]


def test_drafts_with_embedded_manager_okrs_share_one_virtual_unit() -> None:
    team, _ = load_csv(TEAM / "article" / "team.csv")
    # the same people, but their manager's OKRs embedded in each file instead of in the org
    manager_objs = next(d.okr_set.objectives for d in team.drafts if d.person == "上级")
    loose = Team(name="loose")
    for d in team.drafts:
        if d.person == "上级":
            continue
        s = d.okr_set.model_copy(deep=True)
        s.upper = [UpperOKRs(level=Level.manager, owner="上级", objectives=manager_objs)]
        loose.drafts.append(Draft(person=d.person, origin=d.origin, okr_set=s))
        loose.members[d.person] = Member(id=d.person, name=d.person)
    result = analyse(loose, lang="zh")
    assert len(result.tree) == 1 and result.tree[0].virtual
    assert {c.id for c in result.tree[0].children} == {"留留老师", "小王", "小李"}
    assert {f.ref.rsplit(":", 1)[1] for f in result.findings if f.kind == "unsupported_kr"} == {"O1.KR3"}


def test_similarity_works_for_chinese_and_english() -> None:
    assert similarity("提升接口自动化测试覆盖", "提升接口自动化测试覆盖率") > 0.8
    assert similarity("Cut checkout latency", "Hire two designers") == 0


def test_duplicates_made_of_common_words_are_found_in_a_big_flat_team() -> None:
    from assistant.team import read_csv

    rows = ["person,objective,kr"]
    rows += [f"Filler {i},Grow w{i}a w{i}b w{i}c revenue,Revenue from {i} to {i + 5}" for i in range(260)]
    rows += ["Ana,Grow revenue,Revenue from 1 to 2", "Ben,Grow revenue,Revenue from 3 to 4"]
    team, problems = read_csv("\n".join(rows) + "\n", name="flat.csv")
    assert problems == []
    dup = _kinds(analyse(team).findings, "near_duplicate")
    # "grow" and "revenue" are in 262 titles: still compared, and only the real pair is a cluster
    assert [sorted(f.people) for f in dup] == [["Ana", "Ben"]]
