"""The Milvus backend's own encodings: term ids the standard analyzer keeps whole, stable chunk keys, payloads cut
on a character boundary, and the uniform floor sample's bound. These need no Milvus."""

from __future__ import annotations

import re

from esgqa.index.milvus import client as mc


def test_a_term_id_is_one_ascii_word_and_stable() -> None:
    for term in ("数据中心", "pue", "468.1", "emiss", "co₂e", "2023", " "):
        found = mc.term_id(term)
        assert re.fullmatch(r"t[0-9a-z]+", found) and found == mc.term_id(term)
    assert len({mc.term_id(t) for t in ("数据", "数据中心", "中心", "Data", "data")}) == 5


def test_chunk_keys_are_stable_non_negative_64_bit() -> None:
    keys = [mc.chunk_row(f"d:p{p}:c{c}") for p in range(1, 50) for c in range(20)]
    assert len(set(keys)) == len(keys) and all(0 <= k < 2**63 for k in keys)
    assert mc.chunk_row("d:p1:c0") == mc.chunk_row("d:p1:c0")


def test_fit_cuts_utf8_on_a_character_boundary() -> None:
    text = "排放" * 20_000  # 120,000 bytes
    cut = mc.fit(text)
    assert len(cut.encode("utf-8")) <= mc.TEXT_BYTES and text.startswith(cut) and len(cut) == mc.TEXT_BYTES // 3
    assert mc.fit("short") == "short"


def test_base36_round_trips() -> None:
    for value in (0, 1, 35, 36, 1295, 10**12):
        assert int(mc._base36(value), 36) == value
