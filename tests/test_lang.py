"""Language detection: the fast paths give exactly the 20%-share rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import lang
from assistant.lang import ZH_SHARE, cjk_share, detect_language

_ALPHABET = st.sampled_from(list("敏捷成熟度达到分团队覆盖OKRabcXYZ 0123456789%：:，,.-") + ["\u3400", "\uf900", "é"])

# Characters at the edges of the counted blocks and of their UTF-8 lead bytes (E3, E4 B7, EF A4–AB),
# the punctuation that shares those lead bytes, lone surrogates, and anything else.
_EDGES = [chr(c) for c in (0x2FFF, 0x3000, 0x3002, 0x303F, 0x3040, 0x33FF, 0x3400, 0x3FFF, 0x4000, 0x4DBF, 0x4DC0,
                           0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xEFFF, 0xF8FF, 0xF900, 0xFAFF, 0xFB00, 0xFF0C, 0xFF1A,
                           0xFF5E, 0xFFFD, 0xD800, 0xDFFF, 0x20000)] + list("AZaz@[`{\x7f")
_ANY = st.one_of(st.sampled_from(_EDGES), st.characters(), st.characters(min_codepoint=0x3000, max_codepoint=0xFFFF))


def share_by_definition(text: str) -> float:
    """The share rule counted with the defining classes, one match per character."""
    cjk, latin = len(lang._CJK.findall(text)), len(lang._LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


@settings(max_examples=600, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_detect_language_is_the_share_rule(text: str) -> None:
    assert cjk_share(text) == share_by_definition(text)
    assert detect_language(text) == ("zh" if share_by_definition(text) >= ZH_SHARE else "en")


@settings(max_examples=1500, deadline=None)
@given(st.text(_ANY, max_size=40))
def test_byte_counts_equal_the_defining_classes(text: str) -> None:
    data = lang._utf8(text)
    assert lang._cjk_count(data) == len(lang._CJK.findall(text))
    assert lang._latin_count(data) == len(lang._LATIN.findall(text))
    assert cjk_share(text) == share_by_definition(text)
    assert detect_language(text) == ("zh" if share_by_definition(text) >= ZH_SHARE else "en")


def test_every_character_of_the_basic_plane_is_counted_as_its_class() -> None:
    """Each character alone (surrogates included): counted as CJK / Latin exactly when its class says."""
    for c in range(0x10000):
        ch = chr(c)
        data = lang._utf8(ch)
        assert lang._cjk_count(data) == (lang._CJK.match(ch) is not None), hex(c)
        assert lang._latin_count(data) == (lang._LATIN.match(ch) is not None), hex(c)


def test_the_boundary_share_is_chinese() -> None:
    # one CJK character among five letters is exactly 20%; with spaces and digits around it too
    assert detect_language("中abcd") == "zh"
    assert detect_language("中 abcd 1234") == "zh"
    assert detect_language("中abcde") == "en"


def test_a_long_chinese_text_with_punctuation_and_latin_terms_is_chinese() -> None:
    text = "提升团队的 OKR 与 Scrum 实践成熟度，覆盖 24 个敏捷团队。Sprint 评审「每两周」一次"
    assert detect_language(text) == "zh" and 0.5 < cjk_share(text) < 1
    assert detect_language("Align with the 产研 team on OKR rollout and Scrum cadence") == "en"
    assert cjk_share("only ASCII, no letters counted twice") == 0.0 and cjk_share("…— 123") == 0.0
