"""A derived figure's inputs must make the relation: one population for a share, a count for an average."""

from __future__ import annotations

from esgqa.facts.model import Fact, TableRef
from esgqa.numbers import parse_quantity
from esgqa.qa.derive import AVERAGE, GROWTH, SHARE, compute, dimensions_agree


def _fact(label: str, figure: str, table: TableRef | None = None) -> Fact:
    quantity = parse_quantity(figure)
    assert quantity is not None
    return Fact("doc", 1, quantity, 0, len(figure), figure, label=label, table=table)


def test_a_share_is_a_part_over_a_whole_of_one_population() -> None:
    directors, employees = _fact("女性董事", "3名"), _fact("国家和地区员工", "235,216名")
    assert not dimensions_agree(SHARE, [directors, employees])
    assert compute(SHARE, [directors, employees]) is None
    women = _fact("女性员工", "115,000名")
    assert dimensions_agree(SHARE, [women, employees])
    assert compute(SHARE, [_fact("女性董事", "3名"), _fact("董事", "10名")]) is not None


def test_two_rows_of_one_table_column_measure_alike() -> None:
    ref = TableRef("主营业务分行业情况", "冷冻设备", "营业收入", 0, 1, "元", "")
    whole = TableRef("主营业务分行业情况", "合计", "营业收入", 0, 5, "元", "")
    assert dimensions_agree(SHARE, [_fact("冷冻设备", "1,000元", ref), _fact("合计", "4,000元", whole)])


def test_an_average_divides_by_a_count_never_by_a_duration() -> None:
    money, hours = _fact("捐赠", "3.99亿元"), _fact("志愿服务", "51小时")
    assert compute(AVERAGE, [money, hours]) is None
    assert compute(AVERAGE, [money, _fact("项目", "40个")]) is not None


def test_a_growth_rate_compares_one_metric_with_itself() -> None:
    assert compute(GROWTH, [_fact("营业收入", "100元"), _fact("营业收入", "120元")]) is not None
    assert compute(GROWTH, [_fact("营业收入", "100元"), _fact("员工", "120名")]) is None
