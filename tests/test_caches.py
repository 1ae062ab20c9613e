"""Emptying the reading and checking caches: nothing kept, and readings unchanged after."""

from __future__ import annotations

from assistant import caches, infer, measure, textformat
from assistant.checker import check_set
from assistant.reader import loads

DRAFT = "O1：提升交付效率 {来源: 自驱}\nKR1：交付时长从 30 天缩短到 20 天\nKR2：每月至少一次复盘\n"


def test_clear_all_empties_every_cache_and_the_next_reading_is_the_same() -> None:
    first = loads(DRAFT)
    report = check_set(first)
    assert measure._fields.cache_info().currsize and infer.kr_facts.cache_info().currsize
    assert caches.clear_all() >= 8
    assert measure._fields.cache_info().currsize == 0 and infer.kr_facts.cache_info().currsize == 0
    assert all(not memo for name, memo in vars(textformat).items() if name.endswith("_MEMO"))
    again = loads(DRAFT)
    assert again == first and check_set(again) == report
