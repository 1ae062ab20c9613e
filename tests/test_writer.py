"""What the writers emit: the set's language, attribute tags, explicit KR fields only when needed."""

from __future__ import annotations

import json

import pytest
import yaml

from assistant.measure import read_key_result
from assistant.models import Context, Kind, KeyResult, Level, Objective, OKRSet, Source, UpperOKRs
from assistant.writer import FORMATS, dumps


def zh_set() -> OKRSet:
    return OKRSet(
        context=Context(name="留留老师", role="敏捷教练"),
        upper=[UpperOKRs(level=Level.manager, objectives=[Objective(title="产研效能提升", key_results=[read_key_result("敏捷成熟度达到85分")])])],
        objectives=[Objective(title="敏捷能力建设", source=Source.aligned, kind=Kind.capability, aligns_to=["manager:O1.KR1"],
                              key_results=[read_key_result("24 个团队敏捷能力达 85 分")])],
    )


def test_chinese_set_is_written_in_chinese() -> None:
    text = dumps(zh_set(), "text")
    assert "**上级 OKR**" in text and "**我的 OKR**" in text
    assert "O1：敏捷能力建设 {来源: 上下对齐; 类型: 非业务型; 对齐: manager:O1.KR1}" in text
    assert "KR1：24 个团队敏捷能力达 85 分\n" in text  # fields the text says need no tag


def test_english_markdown_uses_headings_and_list_items() -> None:
    s = OKRSet(context=Context(name="Ana", language="en"), upper=[UpperOKRs(level=Level.department, owner="Digital",
               objectives=[Objective(title="Faster checkout")])],
               objectives=[Objective(title="Cache tokens", source=Source.self_driven, key_results=[read_key_result("hit rate from 40% to 90%")])])
    text = dumps(s, "md")
    assert text.startswith("---\nname: Ana\n")
    assert "## Department OKRs: Digital" in text and "## My OKRs" in text
    assert "### O1: Cache tokens {source: self_driven}" in text and "- KR1: hit rate from 40% to 90%" in text


def test_explicit_kr_fields_that_differ_from_the_text_go_in_a_tag() -> None:
    kr = read_key_result("活跃度提升").model_copy(update={"target": 90.0, "unit": "%"})
    text = dumps(OKRSet(objectives=[Objective(title="A", key_results=[kr])]), "text")
    assert "KR1：活跃度提升 {target: 90.0; unit: %}" in text


def test_a_cleared_field_is_written_as_null() -> None:
    kr = read_key_result("敏捷成熟度达到85分").model_copy(update={"unit": None})
    assert "{unit: null}" in dumps(OKRSet(objectives=[Objective(title="A", key_results=[kr])]), "text")


def test_json_and_yaml_are_the_models_schema() -> None:
    s = zh_set()
    assert OKRSet.model_validate(json.loads(dumps(s, "json"))) == s
    assert OKRSet.model_validate(yaml.safe_load(dumps(s, "yaml"))) == s
    assert "留留老师" in dumps(s, "json")  # not \\u-escaped


def test_an_empty_set_still_writes_a_readable_file() -> None:
    for fmt in FORMATS:
        assert dumps(OKRSet(), fmt).strip()


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="md, json, yaml, text"):
        dumps(OKRSet(objectives=[Objective(title="x", key_results=[KeyResult(text="y")])]), "docx")
