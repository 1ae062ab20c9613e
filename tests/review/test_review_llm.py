"""`okr review --llm` with a model that really judges: its verdicts become bounded findings, and
its record-only answers on deterministic criteria fill the agreement table in every format —
without ever changing a deterministic finding or the checks-only score."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from reviewkit import TEAM, FakeServer, draft_lines, judging_reply, write_team

from assistant.batch import Limits
from assistant.judge import JudgeAnswerError, cross_check_criteria, parse_answer, request_body
from assistant.report import render
from assistant.review import ReviewOptions, TeamReview, review_team
from assistant.rubric import load_rubric


def _by_criterion(review: TeamReview) -> dict[str, object]:
    return {a.criterion: a for a in review.agreement}


def _deterministic(findings: list) -> list[tuple[str, str, str]]:
    return sorted((f.criterion, f.target, f.message) for f in findings if not f.llm)


def test_model_verdicts_become_findings_but_never_touch_the_checks(fake_server: FakeServer) -> None:
    fake_server.reply = judging_reply
    plain = review_team(ReviewOptions(org=str(TEAM / "english" / "org.toml")))
    judged = review_team(ReviewOptions(org=str(TEAM / "english" / "org.toml"), llm=True))
    assert judged.run is not None and judged.run.counts["done"] == len(plain.people) == 11  # the company is context only
    cap = load_rubric(None).settings.llm_max_penalty
    for before, after in zip(plain.people, judged.people, strict=True):
        model = [f for f in after.findings if f.llm]
        assert [f.target for f in model] == [f"O{i}" for i in range(1, len(after.objectives) + 1)]
        assert all(f.criterion == "objective.inspiring" and "who benefits" in f.message for f in model)
        assert _deterministic(after.findings) == _deterministic(before.findings)  # the rubric is the contract
        assert after.deterministic_score == before.score  # checks-only score: same as without a model
        assert before.score - cap <= after.score <= before.score
    grace = next(p for p in judged.people if p.person == "grace")
    assert grace.deterministic_score == 100 and grace.score < 100  # a weak verdict costs something
    assert grace.llm is not None and grace.llm.findings == len(grace.objectives) and grace.llm.dropped == 0


def test_agreement_counts_per_criterion_where_both_judged(fake_server: FakeServer, tmp_path: Path) -> None:
    # write_team drafts: every KR is measurable for the checks; the fake model calls each KR2 unmeasurable
    fake_server.reply = judging_reply
    write_team(tmp_path / "team", 4)
    review = review_team(ReviewOptions(paths=[str(tmp_path / "team")], llm=True))
    agree = _by_criterion(review)
    assert list(agree) == ["kr.measurable", "kr.outcome", "objective.not_task"]
    m = agree["kr.measurable"]
    assert (m.compared, m.agreed, m.model_stricter, m.model_lenient, m.rate) == (8, 4, 4, 0, 0.5)
    assert (agree["objective.not_task"].compared, agree["objective.not_task"].rate) == (4, 1.0)
    assert agree["kr.outcome"].compared == 0 and agree["kr.outcome"].rate is None  # the model did not answer it
    assert not any(f.criterion == "kr.measurable" for p in review.people for f in p.findings)  # the model's "fail" is not applied


def test_a_model_cannot_talk_a_failing_check_into_passing(fake_server: FakeServer, tmp_path: Path) -> None:
    draft = tmp_path / "vague.md"
    draft.write_text("O1: Help customers find answers on their own {source: self_driven}\n"
                     "KR1: Improve the help centre\n"
                     "KR2: Self-service resolution rate from 20% to 45% by 30 Sep\n", encoding="utf-8")

    def lenient(body: dict) -> str:
        lines = draft_lines(body)
        checks = [{"criterion": "kr.measurable", "target": t, "passes": True} for t in lines if "." in t]
        ungrounded = {"criterion": "objective.inspiring", "target": "O1", "level": "weak", "quote": "words the draft never says",
                      "reason": "r", "fix": "f"}
        return json.dumps({"verdicts": [ungrounded], "checks": checks})

    fake_server.reply = lenient
    plain = review_team(ReviewOptions(paths=[str(draft)]))
    judged = review_team(ReviewOptions(paths=[str(draft)], llm=True))
    p = judged.people[0]
    assert ("kr.measurable", "O1.KR1") in {(f.criterion, f.target) for f in p.findings}
    assert p.score == p.deterministic_score == plain.people[0].score
    assert p.llm is not None and p.llm.dropped == 1 and p.llm.findings == 0  # a quote not in the draft is dropped
    m = _by_criterion(judged)["kr.measurable"]
    assert (m.compared, m.agreed, m.model_lenient, m.model_stricter) == (2, 1, 1, 0)


def test_every_format_shows_the_agreement_and_the_model_findings(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.reply = judging_reply
    write_team(tmp_path / "team", 2)
    review = review_team(ReviewOptions(paths=[str(tmp_path / "team")], llm=True))
    text = render(review, "terminal")
    assert "Model vs. deterministic checks" in text and "kr.measurable" in text and "50%" in text
    assert "Checks only" in text and "[model]" in text
    md = render(review, "markdown")
    assert "## Model vs. deterministic checks" in md
    assert "| `kr.measurable` Key results are measurable | 4 | 2 | 50% | 2 | 0 |" in md
    assert "`objective.inspiring` (model)" in md
    html = render(review, "html")
    assert "Model vs. deterministic checks" in html and "<code>kr.measurable</code>" in html and "50%" in html
    assert '<span class="by">model</span>' in html and "Checks only" in html
    data = json.loads(render(review, "json"))
    assert data["agreement"][0] == {"criterion": "kr.measurable", "title": "Key results are measurable", "compared": 4, "agreed": 2,
                                    "model_stricter": 2, "model_lenient": 0, "rate": 0.5}
    assert any(f["llm"] for f in data["people"][0]["findings"])
    rows = list(csv.DictReader(io.StringIO(render(review, "csv"))))
    agree = {r["criterion"]: r for r in rows if r["scope"] == "agreement"}
    assert agree["kr.measurable"]["score"] == "50" and agree["kr.outcome"]["score"] == ""
    assert {r["judged_by"] for r in rows if r["scope"] == "person"} == {"check", "model"}


def test_chinese_team_gets_the_agreement_in_chinese(fake_server: FakeServer) -> None:
    fake_server.reply = judging_reply
    review = review_team(ReviewOptions(org=str(TEAM / "article" / "org.yaml"), llm=True))
    assert review.lang == "zh"
    html = render(review, "html")
    assert "模型与确定性检查的一致性" in html and "一致率" in html and "仅规则得分" in html
    assert _by_criterion(review)["objective.not_task"].compared == sum(len(p.objectives) for p in review.people)


def test_without_a_model_there_is_no_agreement_and_no_checks_only_column() -> None:
    review = review_team(ReviewOptions(org=str(TEAM / "english" / "org.toml")))
    assert review.agreement == []
    assert "Checks only" not in render(review, "terminal") and "Model vs." not in render(review, "markdown")
    assert all(p.score == p.deterministic_score for p in review.people)


def test_the_review_request_asks_for_cross_checks_and_okr_check_requests_do_not() -> None:
    from assistant.config import load_settings
    from assistant.reader import load

    rubric, settings = load_rubric(None), load_settings()
    draft = load(TEAM / "english" / "grace.md")
    cross = cross_check_criteria(rubric)
    assert cross == ["kr.measurable", "kr.outcome", "objective.not_task"]
    single = json.dumps(request_body(draft, rubric, settings=settings, lang="en"), ensure_ascii=False)
    team = json.dumps(request_body(draft, rubric, settings=settings, lang="en", cross_check=cross), ensure_ascii=False)
    assert '\\"checks\\"' not in single and "kr.outcome" not in single.split("Draft:")[0]
    assert '\\"checks\\"' in team and "For the record only" in team
    assert request_body(draft, rubric, settings=settings, lang="en", cross_check=cross) == json.loads(team)  # same input, same body
    # a rubric that disables a criterion is not asked about it
    disabled = rubric.model_copy(update={"criteria": {**rubric.criteria, "kr.outcome": rubric.criteria["kr.outcome"].model_copy(update={"enabled": False})}})
    assert cross_check_criteria(disabled) == ["kr.measurable", "objective.not_task"]


def test_answers_on_checks_not_asked_about_are_rejected() -> None:
    rubric = load_rubric(None)
    cross = cross_check_criteria(rubric)
    ok = parse_answer(json.dumps({"verdicts": [], "checks": [{"criterion": "kr.outcome", "target": "O1.KR1", "passes": False}]}), rubric,
                      cross_check=cross)
    assert ok["checks"] == [{"criterion": "kr.outcome", "target": "O1.KR1", "passes": False}]
    with pytest.raises(JudgeAnswerError, match="kr.baseline"):
        parse_answer(json.dumps({"verdicts": [], "checks": [{"criterion": "kr.baseline", "target": "O1.KR1", "passes": True}]}), rubric,
                     cross_check=cross)
    with pytest.raises(JudgeAnswerError, match="more than"):
        parse_answer(json.dumps({"verdicts": [], "checks": [{"criterion": "kr.outcome", "target": "O1.KR1", "passes": True}] * 201}),
                     rubric, cross_check=cross)


def test_a_model_that_keeps_answering_off_the_list_ends_as_a_stated_error(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.reply = json.dumps({"verdicts": [], "checks": [{"criterion": "kr.baseline", "target": "O1.KR1", "passes": True}]})
    write_team(tmp_path / "team", 2)
    limits = Limits(concurrency=2, max_attempts=2, backoff_base=0.01, backoff_cap=0.02)
    review = review_team(ReviewOptions(paths=[str(tmp_path / "team")], llm=True, limits=limits))
    assert review.run is not None and review.run.counts == {"pending": 0, "done": 0, "error": 2}
    assert all(p.llm is not None and p.llm.status == "error" and "unusable answer" in (p.llm.error or "") for p in review.people)
    assert review.incomplete and all(a.compared == 0 for a in review.agreement)
    assert all(p.score == p.deterministic_score for p in review.people)
