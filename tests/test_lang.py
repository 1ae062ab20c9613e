"""Language detection: the fast paths give exactly the 20%-share rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.lang import ZH_SHARE, cjk_share, detect_language

_ALPHABET = st.sampled_from(list("敏捷成熟度达到分团队覆盖OKRabcXYZ 0123456789%：:，,.-") + ["\u3400", "\uf900", "é"])


@settings(max_examples=600, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_detect_language_is_the_share_rule(text: str) -> None:
    assert detect_language(text) == ("zh" if cjk_share(text) >= ZH_SHARE else "en")


def test_the_boundary_share_is_chinese() -> None:
    # one CJK character among five letters is exactly 20%; with spaces and digits around it too
    assert detect_language("中abcd") == "zh"
    assert detect_language("中 abcd 1234") == "zh"
    assert detect_language("中abcde") == "en"
