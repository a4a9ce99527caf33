"""Arithmetic relations: the four the report states are recognised and hold; broken versions are flagged."""

from __future__ import annotations

import pytest

from esgqa.factcheck.arithmetic import Check, arithmetic_checks, arithmetic_findings
from esgqa.facts.build import document_facts
from esgqa.ingest.model import Page, make_document

SCOPES = ("2023 财年，阿里巴巴实体控制范围之内的直接温室气体净排放量（即范围 1）为 92.6 万吨，包括固定源燃烧。"
          "因外购电力和热力产生的（即范围 2）温室气体净排放量为 375.5 万吨，这些外购电力主要用于数据中心。"
          "运营净排放量（即范围 1、2 之和）为 {total} 万吨，同比降低 69.1 \n万吨，即减少 {percent}%。")
REDUCTION = "2023 财年净排放量为 468.1 万吨，同比降低 12.9%。减碳量达 141.9 万吨，\n相比上一财年减碳量 62.0 万吨显著提升 {x}%。"
CLEAN_POWER = ("2023 财年，清洁电力在自建数据中心总用电中的占比从 2022 财年的 21.6% 突破性提升到 53.9%，\n"
               "同比增长 {x} 倍，位于国内同业领先。")


def checks(*pages: str) -> list[Check]:
    document = make_document("t", "t.txt", [Page(i + 1, text) for i, text in enumerate(pages)])
    return arithmetic_checks(document_facts(document))


def relation(found: list[Check], kind: str, *figures: str) -> Check:
    matches = [c for c in found if c.relation == kind and all(f in [m.text for m in c.mentions] for f in figures)]
    assert len(matches) == 1, found
    return matches[0]


def test_scope_parts_add_up_to_the_total() -> None:
    check = relation(checks(SCOPES.format(total="468.1", percent="12.9")), "sum", "92.6万吨", "375.5万吨", "468.1万吨")
    assert check.ok


def test_scope_total_that_does_not_add_up_is_flagged() -> None:
    found = checks(SCOPES.format(total="486.1", percent="12.9"))
    assert not relation(found, "sum", "486.1万吨").ok
    assert [f.kind for f in arithmetic_findings(found)] == ["arithmetic", "arithmetic"]  # sum and change


def test_absolute_and_relative_decrease_agree() -> None:
    """468.1 万吨, down 69.1 万吨, i.e. 12.9%: 69.1 / (468.1 + 69.1) = 12.86%, rounds to 12.9%."""
    assert relation(checks(SCOPES.format(total="468.1", percent="12.9")), "change", "69.1万吨", "12.9%").ok
    assert not relation(checks(SCOPES.format(total="468.1", percent="21.9")), "change", "69.1万吨").ok


@pytest.mark.parametrize(("stated", "ok"), [("128.9", True), ("128.8", True), ("129.9", False), ("12.89", False)])
def test_increase_from_the_prior_year(stated: str, ok: bool) -> None:
    """62.0 -> 141.9 万吨 is +128.87%; the rounding of 62.0 and 141.9 admits 128.6%-129.1%."""
    assert relation(checks(REDUCTION.format(x=stated)), "change", "62.0万吨", "141.9万吨").ok is ok


@pytest.mark.parametrize(("stated", "ok"), [("1.5", True), ("2.5", True), ("1.6", False), ("15", False)])
def test_growth_in_times(stated: str, ok: bool) -> None:
    """21.6% -> 53.9% is +1.495x ("增长 1.5 倍"); "增长 2.5 倍" read as "to 2.5x" is accepted too."""
    assert relation(checks(CLEAN_POWER.format(x=stated)), "change", "21.6%", "53.9%").ok is ok


def test_part_not_more_than_the_whole() -> None:
    text = "截至 2023 年 3 月 31 日，已累计培训基层医生 {whole} 人，其中包括 3,744 名基层心血管介入医生。"
    assert relation(checks(text.format(whole="14,002")), "part<=whole").ok
    assert not relation(checks(text.format(whole="1,400")), "part<=whole").ok


def test_two_parts_named_by_count() -> None:
    text = ("2023 财年，新增 5 家门店安装了分布式光伏，减碳量为 9,131.1 吨。同时，清洁电力交易量达 8,364.2 万度，"
            "减碳量为 50,748.8 吨。二者合计减碳量达 {total} 吨。")
    assert relation(checks(text.format(total="59,880.0")), "sum").ok
    assert not relation(checks(text.format(total="59,980.0")), "sum").ok


def test_the_bundled_report_relations_are_recognised_and_hold() -> None:
    from esgqa.ingest.loader import bundled_report, load_sources

    found = arithmetic_checks(document_facts(load_sources([bundled_report()]).documents[0]))
    wanted = [("sum", 30, ("92.6万吨", "375.5万吨", "468.1万吨")), ("change", 30, ("468.1万吨", "69.1万吨", "12.9%")),
              ("change", 10, ("62.0万吨", "141.9万吨", "128.9%")), ("change", 11, ("21.6%", "53.9%", "1.5倍"))]
    for kind, page, figures in wanted:
        match = [c for c in found if c.relation == kind and [m.text for m in c.mentions] == list(figures)
                 and {m.page for m in c.mentions} == {page}]
        assert match and match[0].ok, (kind, page, figures)
    assert all(c.ok for c in found)
