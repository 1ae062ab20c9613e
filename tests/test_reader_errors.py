"""Bad input: a clear InputError naming the file, the line and what was expected — never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.reader import MAX_BYTES, decode, load, load_context, load_many, loads


def error_of(text: str, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        loads(text, name="draft.md", **kw)
    return info.value


def test_empty_file() -> None:
    err = error_of("  \n\n")
    assert "empty" in err.detail and err.path == "draft.md" and "O1：" in err.hint


def test_kr_before_any_objective_names_the_line() -> None:
    err = error_of("# 草稿\n\nKR1：敏捷成熟度达到85分\nO1：提升效能\n")
    assert err.line == 3 and "before any objective" in err.detail
    assert str(err).startswith("draft.md:3:")


def test_list_item_before_any_objective() -> None:
    assert error_of("O1: x\n## Manager OKRs\n- p95 to 400 ms\n").line == 3


def test_text_with_no_okrs() -> None:
    err = error_of("# Notes\n\nJust some thoughts about next quarter.\nWe should talk.\n")
    assert "no objectives" in err.detail


def test_reference_to_a_missing_upper_kr() -> None:
    err = error_of("## 上级 OKR\nO1：产研效能提升\nKR1：敏捷成熟度达到85分\n## 我的 OKR\n"
                   "O1：敏捷能力建设 {对齐: manager:O1.KR1}\nO2：OKR 落地 {对齐: manager:O1.KR3}\n")
    assert err.line == 6 and "manager:O1.KR3" in err.detail and "manager:O1.KR1" in err.hint


def test_references_are_not_checked_without_upper_levels() -> None:
    assert loads("O1: x {aligns: manager:O9.KR9}").objectives[0].aligns_to == ["manager:O9.KR9"]


def test_malformed_reference() -> None:
    err = error_of("O1: x {aligns: my boss}\n")
    assert err.line == 1 and "LEVEL:O<n>" in err.hint


def test_unknown_attribute_and_value() -> None:
    assert "unknown attribute 'owner'" in error_of("O1: x\nO2: y {owner: me}\n").detail
    err = error_of("O1: x {source: whim}\n")
    assert "aligned" in err.detail and "self_driven" in err.detail and err.line == 1


def test_malformed_json_names_the_line() -> None:
    err = error_of('{\n  "objectives": [\n    {"title": "x",}\n  ]\n}\n')
    assert err.line == 3 and "JSON" in err.detail


def test_malformed_yaml_names_the_line() -> None:
    err = error_of("objectives:\n  - title: x\n    key_results: [a, b\n  - title: y\n")
    assert "YAML" in err.detail and err.line is not None and err.line >= 3


def test_unknown_field_in_json_names_field_and_line() -> None:
    err = error_of('{\n  "objectives": [\n    {\n      "title": "x",\n      "owner": "me"\n    }\n  ]\n}\n')
    assert "unknown field 'objectives.0.owner'" in err.detail and err.line == 5


def test_bad_enum_in_yaml() -> None:
    err = error_of("objectives:\n  - title: x\n    kind: strategic\n")
    assert "objectives.0.kind" in err.detail and err.line == 3


def test_unknown_front_matter_field() -> None:
    err = error_of("---\nname: Ana\nmood: happy\n---\nO1: x\n")
    assert "unknown context field 'mood'" in err.detail and err.line == 3


def test_bad_front_matter_yaml() -> None:
    err = error_of("---\nname: [Ana\n---\nO1: x\n")
    assert "front matter" in err.detail and err.line is not None


def test_bad_level_in_front_matter() -> None:
    assert "level" in error_of("---\nlevel: galaxy\n---\nO1: x\n").detail


def test_binary_file() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"PK\x03\x04\x00\x00binary", "okrs.docx")


def test_too_big() -> None:
    with pytest.raises(InputError, match="5 MB"):
        decode(b"a" * (MAX_BYTES + 1), "huge.md")


def test_gbk_is_detected_and_never_misdecoded() -> None:
    with pytest.raises(InputError) as info:
        decode("O1：产研效能提升\nKR1：敏捷成熟度达到85分\n".encode("gbk"), "gbk.md")
    assert "GB18030/GBK" in info.value.detail and "iconv -f GB18030" in info.value.hint


def test_latin1_is_reported_as_not_utf8() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        decode("Objective 1: café".encode("latin-1"), "l1.md")


def test_bom_and_utf16_decode() -> None:
    assert decode("\ufeffO1: x".encode("utf-8"), "a") == "O1: x"
    assert decode("O1：提升".encode("utf-16"), "b") == "O1：提升"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.md")
    with pytest.raises(InputError, match="folder"):
        load(tmp_path)


def test_load_many_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("O1: x\nKR1: y to 3\n", encoding="utf-8")
    bad.write_text("KR1: orphan\n", encoding="utf-8")
    results = load_many([bad, good, tmp_path / "missing.md"])
    assert [r.okr_set is not None for r in results] == [False, True, False]
    assert results[0].error is not None and results[0].error.line == 1


def test_context_file_without_context(tmp_path: Path) -> None:
    f = tmp_path / "ctx.md"
    f.write_text("just words\n", encoding="utf-8")
    with pytest.raises(InputError, match="no context"):
        load_context(f)


def test_kr_tag_with_a_non_number_target() -> None:
    assert "not a number" in error_of("O1: x\nKR1: y {target: lots}\n").detail


def test_gb18030_file_is_detected_with_its_name_and_line(tmp_path: Path) -> None:
    f = tmp_path / "gb.md"
    f.write_bytes("O1: speed\nKR1：敏捷成熟度达到85分 𠀀\n".encode("gb18030"))  # 𠀀 exists in GB18030, not GBK
    with pytest.raises(InputError) as info:
        load(f)
    assert "GB18030/GBK" in info.value.detail and info.value.path == str(f) and info.value.line == 2


def test_reference_to_a_missing_upper_objective() -> None:
    text = "## 上级 OKR\nO1：提升效能\nKR1：交付周期缩短到20天\n\n## 我的 OKR\nO1：落地 OKR {对齐: manager:O3}\n"
    err = error_of(text)
    assert "manager:O3" in err.detail and err.line == 6 and "manager:O1" in err.hint


def test_unknown_field_in_yaml_names_field_and_line() -> None:
    err = error_of("objectives:\n  - title: 提升效能\n    owner: 张三\n", fmt="yaml")
    assert "owner" in err.detail and err.line == 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"", "empty"), (b"\x00\x01PK binary", "binary"), (b"KR1: orphan\n", ":1: key result before any objective"),
     (b'{"objectives": [}', ":1: malformed JSON"), (b"objectives:\n  - title: [x\n", "malformed YAML"),
     ('O1：提升\n'.encode("gbk"), "GB18030/GBK"), (b"O1: x {colour: red}\n", ":1: unknown attribute"),
     (b"---\nnmae: Ana\n---\nO1: x\n", ":2: unknown context field")],
    ids=["empty", "binary", "kr-first", "json", "yaml", "gbk", "attribute", "front-matter"],
)
def test_okr_fmt_reports_each_bad_input_with_file_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str
) -> None:
    from assistant.cli import main

    f = tmp_path / ("draft.json" if b"{" in data[:2] else "draft.md")
    f.write_bytes(data)
    assert main(["fmt", str(f)]) == 2
    err = capsys.readouterr().err
    assert str(f) in err and expected in err and "Traceback" not in err and "hint:" in err


def test_a_bad_tag_read_twice_names_each_files_own_line() -> None:
    # tag readings are cached by their text: the second error must still name its own file and line
    first = error_of("O1：提升效能 {来源: 随便}\n")
    with pytest.raises(InputError) as info:
        loads("# 草稿\n\nO1：建设团队 {来源: 随便}\n", name="other.md")
    assert (first.path, first.line) == ("draft.md", 1)
    assert (info.value.path, info.value.line) == ("other.md", 3) and "随便" in info.value.detail
    with pytest.raises(InputError) as kr_info:
        loads("O1：A\nKR1：B {target: 很多}\nO2：C\nKR1：D {target: 很多}\n", name="krs.md")
    assert kr_info.value.line == 2


def test_sets_read_from_the_same_tags_share_nothing() -> None:
    text = "## 上级 OKR\nO1：X\nKR1：Y\n## 我的 OKR\nO1：A {对齐: manager:O1, manager:O1.KR1}\nKR1：B 达到 80% {target: 90}\n"
    one = loads(text)
    one.objectives[0].aligns_to.append("manager:O9")
    one.objectives[0].key_results[0].target = 1.0
    two = loads(text)
    assert two.objectives[0].aligns_to == ["manager:O1", "manager:O1.KR1"]
    assert two.objectives[0].key_results[0].target == 90


@pytest.mark.parametrize(("upper", "line"), [
    ("O1：产研效能", "O1：提升效能 {对齐: manager:O2}"),
    ("O1：产研效能", "## O1：提升效能 {对齐: manager:O2}"),
    ("### 产研效能", "### 提升效能 {对齐: manager:O2}"),  # unnumbered headings over list items
])
def test_the_same_line_in_another_place_names_its_own_line(upper: str, line: str) -> None:
    # objective lines and headings are read once per distinct text: the line number is the reader's
    first = error_of(f"## 上级 OKR\n{upper}\n## 我的 OKR\n{line}\n- 交付周期缩短到20天\n")
    second = error_of(f"## 上级 OKR\n{upper}\n\n\n## 我的 OKR\n\n{line}\n- 交付周期缩短到20天\n")
    assert (first.line, second.line) == (4, 7) and "manager:O2" in second.detail
