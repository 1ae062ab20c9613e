"""`okr check --format json` is written by pydantic's JSON writer: the same text json.dumps wrote."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.checker import check_set
from assistant.reader import loads
from assistant.render_check import CheckedFile, indented_json, render_json

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "data"))

from benchload import bench  # noqa: E402

# what a check report holds: text of any kind (CJK, emoji, quotes, backslashes, control
# characters, U+2028), integers, booleans, None, lists and dicts
scalars = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.text(
    st.characters(blacklist_categories=("Cs",)), max_size=12)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6), inner, max_size=4), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_the_writer_writes_what_json_dumps_writes(doc: object) -> None:
    assert indented_json(doc) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_real_check_output_is_unchanged() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.md"))]
    texts += [bench("check").make(random.Random(i)) for i in range(100)]
    files = [CheckedFile(path=f"f{i}.md", okr_set=(s := loads(t)), report=check_set(s)) for i, t in enumerate(texts)]
    text = render_json(files, rubric="default", fail_on="error", exit_status=1)
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    assert len(doc["files"]) == len(texts) and doc["files"][0]["report"]["findings"] is not None
