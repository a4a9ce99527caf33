"""esgqa.numbers: quantities in report text, with every extraction artefact the report has."""

from __future__ import annotations

import pytest

from esgqa.numbers import Quantity, find_quantities, parse_quantity, resolution, same_quantity


def found(text: str) -> list[tuple[str, float, str]]:
    return [(q.raw, q.value, q.unit) for q in find_quantities(text)]


def test_number_split_from_its_unit_by_a_line_break() -> None:
    text = "运营净排放量为 468.1 万\n吨，同比降低 69.1 \n万吨"
    quantities = find_quantities(text)
    assert [(q.value, q.unit, q.base_value, q.base_unit) for q in quantities] == [
        (468.1, "万吨", 4681000.0, "吨"), (69.1, "万吨", 691000.0, "吨")]
    first = quantities[0]
    assert text[first.start : first.end] == first.raw == "468.1 万\n吨"  # spans index the raw text


def test_infographic_text_read_backwards() -> None:
    assert found("%12.9 141.9万吨") == [("12.9", 12.9, "%"), ("141.9万吨", 141.9, "万吨")]
    assert found("万吨686.3") == [("686.3", 686.3, "万吨")]
    assert found("万超4,700") == [("4,700", 4700.0, "万")]
    # a caption followed by its bare callout: the callout does not borrow the caption's unit
    assert found("共计减碳2,290.7万吨\n2,290.7")[1] == ("2,290.7", 2290.7, "")


def test_footnote_digits_glued_to_a_number() -> None:
    assert found("价值链碳排放强度同比降低 5.7%1。") == [("5.7%", 5.7, "%")]
    assert found("占比达全世界人口16%11的残障人士") == [("16%", 16.0, "%")]
    assert found("直接衍生的就业超\n4,000 万 7。") == [("4,000 万", 4000.0, "万")]


def test_thousands_separators() -> None:
    q = find_quantities("减碳量达到 2,290.7 万吨")[0]
    assert (q.value, q.base_value) == (2290.7, 22907000.0)
    assert find_quantities("235,216 名员工")[0].value == 235216


def test_ranges_give_both_ends_the_unit() -> None:
    assert found("价格降低了 5%-13%") == [("5%", 5.0, "%"), ("13%", 13.0, "%")]
    assert found("冷却系统能耗下降5-11%") == [("5", 5.0, "%"), ("11%", 11.0, "%")]


def test_years_and_dates_are_not_quantities() -> None:
    assert found("截至 2023 年 3 月 31 日，2022 财年，2022年度，2021-2023年") == []
    assert found("活 102 年") == [("102 年", 102.0, "年")]  # a duration is a quantity


def test_list_numbering_and_identifiers_are_not_quantities() -> None:
    assert found("1. 本清单的范围\n2、排放总量\n15数据来源：联合国") == []
    assert found("第15次缔约方大会，范围 1 和 2，范围1、2之和，ISO 14001，COP15，P49，GB/T 41010-2021") == []


def test_phone_numbers_mail_and_urls_are_not_quantities() -> None:
    assert found("举报电话 0571-85022088，热线 95188") == []
    assert found("请发邮件至 ESG@alibaba-inc.com 或访问 https://www.alibabagroup.com/esg2023") == []


def test_counts_scales_and_money() -> None:
    assert found("超 7,000 万个就业机会") == [("7,000 万个", 7000.0, "万个")]
    q = find_quantities("销售额超 1,300 亿元")[0]
    assert (q.base_value, q.base_unit) == (1.3e11, "元")
    q = find_quantities("价值链碳强度为 8.7 吨 / 每\n百万人民币")[0]
    assert (q.value, q.base_unit) == (8.7, "吨/百万元")


@pytest.mark.parametrize(("text", "base_value", "base_unit"), [
    ("468.1万吨", 4681000.0, "吨"), ("4,681,000吨", 4681000.0, "吨"), ("49.1%", 49.1, "%"),
    ("1.215", 1.215, ""), ("3.5亿元", 3.5e8, "元"), ("约20亿", 2e9, ""), ("2023", 2023.0, ""),
])
def test_parse_quantity(text: str, base_value: float, base_unit: str) -> None:
    q = parse_quantity(text)
    assert q is not None and (q.base_value, q.base_unit) == (base_value, base_unit)


def test_parse_quantity_refuses_text_without_exactly_one_number() -> None:
    assert parse_quantity("没有数字") is None
    assert parse_quantity("1.247 降至 1.215") is None


def q(text: str) -> Quantity:
    parsed = parse_quantity(text)
    assert parsed is not None
    return parsed


def test_same_quantity_after_unit_normalisation() -> None:
    assert same_quantity(q("468.1万吨"), q("4,681,000吨"))
    assert same_quantity(q("7,000万"), q("7,000万个"))  # a bare count matches a counted one
    assert not same_quantity(q("468.1万吨"), q("468.1吨"))
    assert not same_quantity(q("49.1%"), q("49.1"))


def test_same_quantity_tolerance_follows_the_rounding() -> None:
    assert resolution(q("468.1万吨")) == pytest.approx(1000.0)
    assert same_quantity(q("49%"), q("49.1%"))  # 49% may be 49.1% rounded
    assert not same_quantity(q("49.2%"), q("49.1%"))
    assert not same_quantity(q("1.215"), q("1.125"))
    assert same_quantity(q("4,681,400吨"), q("468.1万吨"))


@pytest.mark.parametrize("a, b, equal", [
    ("5,732人", "5,732名", True),  # the same people, counted with two classifiers
    ("2,000位", "2,000名", True),
    ("1,636人次", "1,636人", False),  # person-times are not people
    ("12个", "12名", False),
])
def test_people_counters_compare_equal(a: str, b: str, equal: bool) -> None:
    left, right = parse_quantity(a), parse_quantity(b)
    assert left is not None and right is not None
    assert same_quantity(left, right) is equal
