"""Table facts: a cell's period from its column, its unit from the table, its scope from the caption."""

from __future__ import annotations

import pytest

from esgqa.facts.context import PeriodResolver
from esgqa.facts.period import ReportPeriod, column_period, report_period
from esgqa.facts.table import cell_quantity, table_facts, table_label
from esgqa.ingest.model import Table, TableRow

CY2019 = ReportPeriod(2019)


@pytest.mark.parametrize("header, key", [
    ("2019年", "current"), ("2018年", "previous"), ("2017年", "CY2017"), ("2019年末", "current"),
    ("2018 年 12 月 31 日", "previous"), ("本期数", "current"), ("上年同期数", "previous"),
    ("期末余额", "current"), ("期初余额", "previous"), ("第三季度（7-9月份）", "current-Q3"),
    ("2018年度", "previous"), ("营业收入", None), ("本期发生额", "current"), ("上期发生额", "previous"),
])
def test_a_column_header_names_its_period(header: str, key: str | None) -> None:
    assert column_period(header, CY2019) == key


def test_the_report_period_comes_from_the_cover() -> None:
    assert report_period(["2019 年年度报告\n1 / 156\n公司代码：603339"]) == ReportPeriod(2019, fiscal=False)
    assert report_period(["阿里巴巴集团 2023 财年环境、社会和治理（ESG）报告"]) == ReportPeriod(2023, fiscal=True)
    assert report_period(["无封面"], ["CY2018", "CY2019", "CY2019"]) == ReportPeriod(2019)
    resolver = PeriodResolver.from_keys(["FY2023", "FY2022"], ReportPeriod(2023, fiscal=True))
    assert [resolver.resolve(k) for k in ("FY2023", "FY2022", "PREV", "CUR", "FY2020")] == [
        "current", "previous", "previous", "current", "FY2020"]


def test_cells_read_with_the_table_unit_sign_and_percentage_points() -> None:
    amount = cell_quantity("1,175,301,034.32", "元")
    assert amount is not None and (amount.base_value, amount.base_unit) == (1175301034.32, "元")
    wan = cell_quantity("12,918.87", "万元")
    assert wan is not None and wan.base_value == pytest.approx(129188700.0)
    negative = cell_quantity("(1,234.00)", "元")
    assert negative is not None and negative.value == -1234.0
    points = cell_quantity("减少4.07个百分点", "%")
    assert points is not None and (points.value, points.base_unit) == (-4.07, "百分点")
    assert cell_quantity("详见说明", "元") is None
    assert table_label("四、净利润") == "净利润" and table_label("其中：营业成本") == "营业成本"
    assert table_label("在建工程") == "在建工程"


def _table(title: str, caption: tuple[str, ...], columns: tuple[str, ...], rows: list[TableRow],
           unit: str = "元") -> Table:
    return Table(page=3, index=0, bbox=(0, 0, 1, 1), title=title, unit=unit, currency="人民币", caption=caption,
                 columns=columns, rows=tuple(rows))


def test_a_statement_cell_is_a_fact_of_its_row_period_and_scope() -> None:
    table = _table("母公司资产负债表", ("母公司资产负债表", "2019年12月31日"), ("2019年12月31日", "2018年12月31日"),
                   [TableRow("data", "一、资产总计", ("1,309,295,398.09", "1,257,779,376.14")),
                    TableRow("data", "股票代码", ("603339", ""))])
    facts = table_facts(table, "r", "d", CY2019)
    assert [(f.label, f.period_key, f.scope, f.text) for f in facts[:2]] == [
        ("资产总计", "current", "母公司", "1,309,295,398.09元"), ("资产总计", "previous", "母公司", "1,257,779,376.14元")]


def test_a_change_column_and_a_table_of_metrics() -> None:
    change = _table("主要会计数据", (), ("2019年", "本期比上年同期增减(%)"),
                    [TableRow("data", "营业收入", ("1,175,301,034.32", "-4.49"))])
    facts = table_facts(change, "r", "d", CY2019)
    assert [(f.period_key, f.change, f.family, f.quantity.value) for f in facts] == [
        ("current", "", "元", 1175301034.32), ("current", "down", "%", 4.49)]
    by_product = _table("主营业务分产品情况", ("22.27%，，比上年减少3.85个百分点。",), ("营业收入", "毛利率（%）"),
                        [TableRow("data", "冷冻设备", ("371,318,215.91", "32.51"))])
    facts = table_facts(by_product, "r", "d", CY2019)
    assert [(f.label, f.period_key, f.family) for f in facts] == [("冷冻设备营业收入", "current", "元"),
                                                                   ("冷冻设备毛利率", "current", "%")]
